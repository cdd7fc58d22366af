"""The ``lksmatch`` command: parse arguments, build the service, call it, map errors to exit codes.

Exit codes: 0 success, 1 the input was rejected (a report says why), 2 wrong usage or
missing reference data.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from lksmatch import __version__
from lksmatch.config import load_settings
from lksmatch.errors import AppError, UsageError, ValidationError
from lksmatch.rules import CSV_SEPARATORS, IMPORT_KINDS, LEVELS, ROLES, STATS_FORMATS, SYSTEMS

if TYPE_CHECKING:  # the service (pandas, SQLAlchemy, geopandas) loads after parsing: `--help` is fast
    from lksmatch.reference import ReferenceService
    from lksmatch.service import Service

Handler = Callable[[argparse.Namespace, "Service"], int]
#: A command that needs only the reference data (no database): it gets the lighter service.
ReferenceHandler = Callable[[argparse.Namespace, "ReferenceService"], int]


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is an exit code 2 with our message format."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _cmd_assign(args: argparse.Namespace, service: ReferenceService) -> int:
    in_path = Path(args.input)
    if not in_path.is_file():
        raise UsageError(f"input file {in_path} does not exist")
    summary = service.assign_file(in_path, Path(args.out))
    methods = ", ".join(f"{k}: {v}" for k, v in sorted(summary.by_method.items()))
    print(f"{summary.rows} rows assigned ({methods}); {summary.outside_region} outside the region")
    print(f"written to {args.out}")
    return 0


def _cmd_import(args: argparse.Namespace, service: Service) -> int:
    report = service.import_file(args.kind, Path(args.file))
    print(report.summary())
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def _cmd_data_fetch(args: argparse.Namespace, service: ReferenceService) -> int:
    for name, path in service.ensure_reference_data().items():
        print(f"{name}: {path} (checksum verified)")
    return 0


def _cmd_person_erase(args: argparse.Namespace, service: Service) -> int:
    print(service.erase_person(args.person_id).describe())
    return 0


def _cmd_retention(args: argparse.Namespace, service: Service) -> int:
    print(service.retention(args.older_than).describe())
    days = service.settings.audit_retention_days
    print(f"audit log: {service.prune_audit_log(username='cli')} entries older than {days} days deleted "
          "(LKSMATCH_AUDIT_RETENTION_DAYS)")
    return 0


def _cmd_demo_data(args: argparse.Namespace, service: Service) -> int:
    from lksmatch.service import DEMO_DIR

    folder = Path(args.files) if args.files else DEMO_DIR
    for report in service.load_demo_data(scale=args.scale, seed=args.seed, folder=folder):
        print(report.summary())
    return 0


def _cmd_occupations_match(args: argparse.Namespace, service: ReferenceService) -> int:
    in_path = Path(args.input)
    if not in_path.is_file():
        raise UsageError(f"input file {in_path} does not exist")
    rows = service.match_occupations_file(in_path, Path(args.out), top=args.top)
    print(f"{rows} candidate occupations written to {args.out}")
    return 0


def _cmd_export_stats(args: argparse.Namespace, service: Service) -> int:
    snapshot = service.stats_snapshot()  # the stored one when current; else counted now, and stored
    path = service.export_stats(
        args.level, args.format, Path(args.out), sep=args.sep, measure=args.measure, history=args.history
    )
    how = "counted now" if service.statistics.computations else "the stored snapshot"
    when = snapshot.computed_at.strftime("%Y-%m-%d %H:%M UTC")
    print(f"area statistics ({args.level}, {args.format}) of {when} ({how}) written to {path}")
    return 0


#: Months before this one that `lksmatch demo` plays first, so that the map's trends have months to show.
DEMO_HISTORY_MONTHS = 5

#: The demo's users (demo database only): name, role, LKS, system, password (one user per system
#: of the Aarhus LKS team).
DEMO_USERS = (
    ("admin", "admin", None, None, "demo-admin-2026"),
    ("region", "region", None, None, "demo-region-2026"),
    ("planner", "planner", None, None, "demo-planner-2026"),
    ("aarhus-jc", "lks", "aarhus", "jobcenter", "demo-aarhus-jc-2026"),
    ("aarhus-es", "lks", "aarhus", "erhvervsservice", "demo-aarhus-es-2026"),
    ("aarhus-udd", "lks", "aarhus", "uddannelse", "demo-aarhus-udd-2026"),
    ("viborg-jc", "lks", "viborg", "jobcenter", "demo-viborg-jc-2026"),
)


def _serve(service: Service, args: argparse.Namespace) -> None:
    from dashboard.server import serve  # the web stack is only imported by the commands that serve

    serve(service.settings, host=args.host, port=args.port, workers=args.workers, threads=args.threads,
          dev=args.dev)


def _prepare_statistics(service: Service) -> None:
    """Count the statistics once before the workers start, if none were ever stored (a first
    start); else the workers answer with the stored ones and refresh them behind.
    """
    if not service.statistics.history():
        print("counting the area statistics once (the workers then share them) ...", flush=True)
        service.stats_snapshot()


def _cmd_serve(args: argparse.Namespace, service: Service) -> int:
    service.geography  # noqa: B018 (fail now, before any worker starts, if the reference data is wrong)
    _prepare_statistics(service)
    _serve(service, args)
    return 0


def _cmd_users_add(args: argparse.Namespace, service: Service) -> int:
    if sys.stdin.isatty():
        import getpass

        password = getpass.getpass("password: ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    principal = service.add_user(
        args.name, password, args.role, args.lks, system=args.system, created_by="cli")
    where = f" for LKS {principal.lks_id}, {principal.system}" if principal.lks_id else ""
    print(f"user {principal.username} ({principal.role}{where}) created")
    return 0


def _cmd_demo(args: argparse.Namespace, service: Service) -> int:
    service.ensure_reference_data()
    counts = service.counts()
    fresh = counts["companies"] == 0
    if fresh:
        print(f"building the demo region (scale 1, seed 0; the {DEMO_HISTORY_MONTHS} months before this one "
              "played first, for the trends) ...")
        for report in service.load_demo_data(history_months=DEMO_HISTORY_MONTHS):
            print("  " + report.summary())
    else:
        print("the database already holds data: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    table = service.area_stats().level("lks")
    columns = [
        "area_name",
        "companies",
        "needs_open",
        "people_asked",
        "jobseekers",
        "offers",
        "offer_seats_free",
    ]
    print()
    print(table[columns].rename(columns={"area_name": "LKS"}).to_string(index=False))
    print()
    print("demo users (demo database only; the passwords are public):")
    for name, role, lks_id, system, password in DEMO_USERS:
        try:
            service.add_user(name, password, role, lks_id, system=system, created_by="demo")
        except ValidationError:
            pass  # already there from an earlier demo run
        print(f"  {name:<10} {role:<8} {lks_id or '':<8} {system or '':<16} password: {password}")
    if fresh:  # a few weeks of the demo teams' work, so that the pages show a team at work
        from lksmatch.demo_activity import seed_team_activity

        print(f"\nthe demo jobcentre teams' steps: {seed_team_activity(service)} decisions and outcomes")
    if args.no_serve:
        return 0
    print()
    _serve(service, args)
    return 0


def _cmd_train(args: argparse.Namespace, service: Service) -> int:
    meta = service.train()
    cv = meta.get("cv", {})
    print(
        f"trained on {meta.get('n_pairs')} outcomes for {meta.get('n_needs')} needs "
        f"({meta.get('n_positive')} hired or interviewed)"
    )
    sources = meta.get("sources")
    if isinstance(sources, dict):
        web = int(sources.get("web_outcome", 0)) + int(sources.get("web_decision", 0))
        print(f"  labelled pairs: {sources.get('imported', 0)} imported, {web} recorded in the web app "
              f"({sources.get('web_outcome', 0)} outcomes, {sources.get('web_decision', 0)} decisions)")
    if isinstance(cv, dict):
        for key, value in cv.items():
            if isinstance(value, int | float):
                print(f"  cross-validated {key}: {value:.3f}")
            elif isinstance(value, dict):
                shown = ", ".join(f"{k} {v:.3f}" for k, v in value.items() if isinstance(v, int | float))
                print(f"  cross-validated {key}: {shown}")
    print(f"model saved in {service.settings.model_dir}")
    return 0


def _cmd_match(args: argparse.Namespace, service: Service) -> int:
    if args.lks:
        if not args.assign:
            raise UsageError("--lks needs --assign (one shortlist for all open needs of the LKS)")
        frame = service.shortlist(args.lks, top=max(args.top, 20))
    elif args.all:
        frame = service.match(need_id=None, top=args.top)
    elif args.need:
        if service.need(args.need).get("kind") == "upskill":
            offers = service.upskill_offers(args.need, top=args.top)
            print(f"{args.need} is an upskill need: courses for the company's own staff", file=sys.stderr)
            print(offers.to_csv(index=False) if len(offers) else "no course found\n", end="", file=sys.stderr)
        frame = service.match(need_id=args.need, top=args.top)
    else:
        raise UsageError("say which needs: --need ID, --all, or --lks ID --assign")
    if args.out is None and (args.all or args.lks):
        raise UsageError("--all and --lks write a file: give --out FILE")
    text = frame.to_json(orient="records", force_ascii=False, indent=1) if args.format == "json" else None
    if args.out:
        out = Path(args.out)
        if text is not None:
            service.write_text(text, out)
        else:
            service.write_table(frame, out)
        print(f"{len(frame)} candidates for {frame['need_id'].nunique()} needs written to {out}")
    else:
        print(text if text is not None else frame.to_csv(index=False), end="")
    return 0


def _cmd_audit_fairness(args: argparse.Namespace, service: Service) -> int:
    report = service.fairness_report()
    if args.out:
        service.write_table(report, Path(args.out))
        print(f"fairness report written to {args.out}")
    else:
        print(report.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    if "age_date" in report.attrs:
        when = report.attrs["age_date"]
        print(f"age bands: the age reached in {when:%Y}, the year of the median record date {when}")
    for row in report[report["flagged"] | (report["evidence"] == "unclear")].to_dict("records"):
        where = f"{row['attribute']} = {row['group']}"
        ratio = (
            f"{row['ratio_to_best']:.2f} of the highest (95% interval {row['ratio_low']:.2f}-"
            f"{row['ratio_high']:.2f}, p = {row['p_value']:.3g})"
        )
        if not row["flagged"]:
            print(f"not cleared: {where}: {ratio}; too few people to rule out four fifths")
            continue
        if row["evidence"] == "below":
            chance = "beyond chance"
        elif row["p_value"] < 0.05:
            chance = "a gap beyond chance, but its interval reaches four fifths"
        else:
            chance = "but this may be chance: not distinguishable from equal rates"
        print(f"flagged: {where}: selection rate {row['rate']:.3f} is {ratio}: under four fifths, {chance}")
    return 0


def _int_at_least(low: int) -> Callable[[str], int]:
    """An argparse type: a whole number of at least ``low``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"{value} is not {low} or more")
        return value

    return parse


_positive_int = _int_at_least(1)
_non_negative_int = _int_at_least(0)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every ``lksmatch`` subcommand."""
    parser = _Parser(prog="lksmatch", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"lksmatch {__version__}")
    parser.add_argument("--db", help="database URL (default: LKSMATCH_DATABASE_URL or data/lksmatch.db)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for add in (_add_data_commands, _add_server_commands, _add_matching_commands, _add_export_commands):
        add(sub)
    return parser


def _group(sub: argparse._SubParsersAction, name: str, help_text: str) -> argparse._SubParsersAction:
    """A command with subcommands (``lksmatch NAME SUB ...``)."""
    p = sub.add_parser(name, help=help_text)
    return p.add_subparsers(dest=f"{name}_command", required=True, parser_class=_Parser)


def _add_data_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("assign", help="place companies in their municipality and LKS (no database)")
    p.add_argument("input", metavar="IN", help="CSV or XLSX with municipality_code, lat/lon or postal_code")
    p.add_argument("--out", required=True, help="output CSV or XLSX")
    p.set_defaults(handler=_cmd_assign, reference_only=True)

    p = sub.add_parser("import", help="import a CSV/XLSX file into the database, all rows or none")
    p.add_argument("kind", choices=IMPORT_KINDS)
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler=_cmd_import)

    q = _group(sub, "data", "reference data").add_parser(
        "fetch", help="download and verify the pinned reference data into the cache (a set-up step)"
    )
    q.set_defaults(handler=_cmd_data_fetch, reference_only=True)

    q = _group(sub, "person", "personal data: erase a job seeker").add_parser(
        "erase", help="remove a job seeker and everything derived from them"
    )
    q.add_argument("person_id", metavar="PERSON_ID")
    q.set_defaults(handler=_cmd_person_erase)

    p = sub.add_parser("retention", help="erase people whose unemployment ended long ago; prune the log")
    p.add_argument("--older-than", type=_non_negative_int, required=True, metavar="DAYS")
    p.set_defaults(handler=_cmd_retention)

    p = sub.add_parser("demo-data", help="generate the demo region and import it")
    p.add_argument("--scale", type=float, default=1.0, help="size factor (1 = 2,000 companies)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--files", metavar="DIR", help="where to write the import files (default data/demo)")
    p.set_defaults(handler=_cmd_demo_data)


def _server_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=_positive_int, default=8050)
    p.add_argument("--workers", type=_positive_int, default=2, help="worker processes (default 2)")
    p.add_argument("--threads", type=_positive_int, default=4, help="threads per worker (default 4)")
    p.add_argument("--dev", action="store_true", help="Flask's development server (never for users)")


def _add_server_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="reference data, the demo database and users, then the web app")
    _server_arguments(p)
    p.add_argument("--no-serve", action="store_true", help="set everything up but do not start the web app")
    p.set_defaults(handler=_cmd_demo)

    p = sub.add_parser("serve", help="run the web app (gunicorn; --dev for Flask's development server)")
    _server_arguments(p)
    p.set_defaults(handler=_cmd_serve)

    q = _group(sub, "users", "user management").add_parser(
        "add", help="create a user (password read from standard input)"
    )
    q.add_argument("name", metavar="NAME")
    q.add_argument("--role", choices=ROLES, required=True)
    q.add_argument("--lks", metavar="LKS_ID", help="the user's LKS (role lks only)")
    q.add_argument("--system", choices=SYSTEMS,
                   help="the user's system in the LKS team (role lks only; default jobcenter)")
    q.set_defaults(handler=_cmd_users_add)


def _add_matching_commands(sub: argparse._SubParsersAction) -> None:
    q = _group(sub, "occupations", "occupation look-up in ESCO / ISCO-08").add_parser(
        "match", help="rank ESCO occupations for job titles (columns id, title)"
    )
    q.add_argument("--in", dest="input", required=True, metavar="FILE")
    q.add_argument("--out", required=True, metavar="FILE")
    q.add_argument("--top", type=_positive_int, default=5)
    q.set_defaults(handler=_cmd_occupations_match, reference_only=True)

    p = sub.add_parser("train", help="fit the ranking model on the outcomes; print its quality")
    p.set_defaults(handler=_cmd_train)

    p = sub.add_parser("match", help="rank job seekers for open needs")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--need", metavar="ID", help="one need")
    which.add_argument("--all", action="store_true", help="every open need (independent top-K each)")
    which.add_argument("--lks", metavar="LKS_ID", help="one shortlist for an LKS (with --assign)")
    p.add_argument("--assign", action="store_true", help="capacity-respecting allocation (with --lks)")
    p.add_argument("--top", type=_positive_int, default=10)
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p.add_argument("--out", metavar="FILE")
    p.set_defaults(handler=_cmd_match)

    q = _group(sub, "audit", "audits of the matching's outcomes").add_parser(
        "fairness", help="selection rates by gender and age band (four-fifths rule)"
    )
    q.add_argument("--out", metavar="FILE", help="write the report as CSV/XLSX instead of printing it")
    q.set_defaults(handler=_cmd_audit_fairness)


def _add_export_commands(sub: argparse._SubParsersAction) -> None:
    q = _group(sub, "export", "export area statistics (small counts suppressed)").add_parser(
        "stats", help="statistics per LKS or municipality"
    )
    q.add_argument("--level", choices=LEVELS, required=True)
    q.add_argument("--format", choices=STATS_FORMATS, required=True)
    q.add_argument("--out", required=True, metavar="FILE")
    q.add_argument("--sep", choices=CSV_SEPARATORS, default=",", help="CSV separator (';' for Danish Excel)")
    q.add_argument("--measure", help="the measure the HTML map colours by (default: open needs)")
    q.add_argument("--history", choices=("day", "month"),
                   help="one row per area and period (csv/xlsx): every stored day, or each month's last")
    q.set_defaults(handler=_cmd_export_stats)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    try:
        args = build_parser().parse_args(argv)
        # The demo serves plain http on localhost, so its session cookie cannot be Secure.
        secure = False if args.command == "demo" else None
        settings = load_settings(database_url=args.db, cookie_secure=secure)
        if getattr(args, "reference_only", False):  # no database: neither SQLAlchemy nor the schema load
            from lksmatch.reference import build_reference_service

            reference_handler: ReferenceHandler = args.handler
            return reference_handler(args, build_reference_service(settings))
        handler: Handler = args.handler
        # A server announces a damaged model file and ranks by rules; a command stops (exit code 2).
        serving = args.command in ("serve", "demo")
        from lksmatch.service import build_service

        return handler(args, build_service(settings, strict_model=not serving))
    except AppError as exc:
        print(f"lksmatch: error: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
