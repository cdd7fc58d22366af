"""The ``lksmatch`` command: parse arguments, build the service, call it, map errors to exit codes.

Exit codes: 0 success, 1 the input was rejected (a report says why), 2 wrong usage or
missing reference data.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from lksmatch import __version__
from lksmatch.config import load_settings
from lksmatch.errors import AppError, UsageError
from lksmatch.service import Service, build_service

Handler = Callable[[argparse.Namespace, Service], int]


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is an exit code 2 with our message format."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _cmd_assign(args: argparse.Namespace, service: Service) -> int:
    in_path = Path(args.input)
    if not in_path.is_file():
        raise UsageError(f"input file {in_path} does not exist")
    summary = service.assign_file(in_path, Path(args.out))
    methods = ", ".join(f"{k}: {v}" for k, v in sorted(summary.by_method.items()))
    print(f"{summary.rows} rows assigned ({methods}); {summary.outside_region} outside the region")
    print(f"written to {args.out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every ``lksmatch`` subcommand."""
    parser = _Parser(prog="lksmatch", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"lksmatch {__version__}")
    parser.add_argument("--db", help="database URL (default: LKSMATCH_DATABASE_URL or data/lksmatch.db)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("assign", help="place companies in their municipality and LKS (no database)")
    p.add_argument("input", metavar="IN", help="CSV or XLSX with municipality_code, lat/lon or postal_code")
    p.add_argument("--out", required=True, help="output CSV or XLSX")
    p.set_defaults(handler=_cmd_assign)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    try:
        args = build_parser().parse_args(argv)
        settings = load_settings(database_url=args.db)
        handler: Handler = args.handler
        return handler(args, build_service(settings))
    except AppError as exc:
        print(f"lksmatch: error: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
