"""The administration, part of :class:`lksmatch.service.Service`: an uploaded import file, the audit
log's search and retention, one person's access report (GDPR Art. 15).

An upload is written to a private temporary file (its own folder, mode 0700) only for as long as
the import reads it, and removed in every case - success, refusal or error; the import is the
CLI's, all rows or none (:func:`lksmatch.imports.import_file`), with the same checks of size,
type and unpacked size before anything is parsed (:mod:`store.tabular`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pandas as pd
from sqlalchemy import Engine

from lksmatch import imports
from lksmatch.config import Settings
from lksmatch.errors import UsageError
from store import audit, files, repo, tabular
from store.validation import mask_cpr

if TYPE_CHECKING:
    from store.erasure import ErasureResult

#: Extensions an upload may have (what :func:`store.tabular.read_table` reads).
UPLOAD_EXTENSIONS = (".csv", ".xlsx")
#: The largest upload accepted (the import's own cap: :data:`store.tabular.DEFAULT_MAX_BYTES`).
MAX_UPLOAD_BYTES = tabular.DEFAULT_MAX_BYTES


def upload_suffix(filename: str | None) -> str:
    """The extension an uploaded file's name ends in (``.csv`` or ``.xlsx``), else a ``UsageError``."""
    name = (filename or "").strip().lower()
    for suffix in UPLOAD_EXTENSIONS:
        if name.endswith(suffix):
            return suffix
    shown = Path(filename or "").suffix[:12] or "no extension"
    raise UsageError(f"the file must be a .csv or an .xlsx file, not {shown!r}")


#: The columns of an access report as one timeline (the CSV and the printable page).
TIMELINE_COLUMNS = ("at", "username", "what", "need_id", "detail")


def report_timeline(report: dict[str, Any]) -> pd.DataFrame:
    """An access report (:meth:`Administration.access_report`) as one table, oldest first: every read
    and log entry, decision, outcome and enrolment, with who, when, what, for which need and why.
    """
    rows: list[tuple[object, ...]] = []
    for e in report["reads"].to_dict("records"):
        rows.append((e["ts"], e["username"], e["action"], e["need_id"], e["detail"]))
    for d in report["decisions"].to_dict("records"):
        rows.append((d["at"], d["username"], f"decision: {d['decision']}", d["need_id"], d["reason"]))
    for o in report["outcomes"].to_dict("records"):
        day = o["date"]
        at = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC) if isinstance(day, dt.date) else None
        rows.append((at, o["recorded_by"] or "import", f"outcome: {o['outcome']}", o["need_id"], None))
    for n in report["enrolments"].to_dict("records"):
        signed = {True: "agreement signed", False: "agreement not signed"}.get(n["agreement_signed"])
        rows.append((n["at"], n["username"], f"enrolment: {n['offer_id']}", n["need_id"], signed))
    frame = pd.DataFrame(rows, columns=list(TIMELINE_COLUMNS))
    if len(frame):
        order = [t.timestamp() if isinstance(t, dt.datetime) else 0.0 for t in frame["at"]]
        frame = frame.iloc[sorted(range(len(frame)), key=order.__getitem__)].reset_index(drop=True)
        frame["at"] = [
            t.isoformat(timespec="seconds") if isinstance(t, dt.datetime) else None for t in frame["at"]
        ]
    return frame


#: The columns of an import's problem report as a file.
PROBLEM_COLUMNS = ("line", "column", "rule", "value")


def problems_csv(problems: list[dict[str, object]]) -> bytes:
    """An import's problem report (``line, column, rule, value``) as CSV; values masked again."""
    rows = []
    for problem in problems:
        if not isinstance(problem, dict):
            raise UsageError("a problem report is a list of objects with line, column, rule and value")
        value = problem.get("value")
        rows.append(
            (
                problem.get("line"),
                problem.get("column"),
                problem.get("rule"),
                None if value is None else mask_cpr(str(value)),
            )
        )
    frame = pd.DataFrame(rows, columns=list(PROBLEM_COLUMNS))
    return files.to_bytes(lambda path: files.write_table(frame, path), "problems.csv")


class Administration:
    """The administration methods of the service (mixed into :class:`lksmatch.service.Service`)."""

    settings: Settings

    if TYPE_CHECKING:  # provided by the service

        @property
        def engine(self) -> Engine:
            """The service's database engine."""
            ...

        def import_file(self, kind: str, path: Path, *, username: str | None = None) -> imports.ImportReport:
            """The CLI's import of one file."""
            ...

        def erase_person(self, person_id: str, *, username: str | None = None) -> ErasureResult:
            """The CLI's erasure of one person."""
            ...

    def import_upload(
        self, kind: str, filename: str | None, stream: IO[bytes], *, username: str | None = None
    ) -> imports.ImportReport:
        """Import an uploaded file of ``kind`` (its bytes in ``stream``), all rows or none.

        The bytes go to a private temporary file named after ``kind`` with the upload's extension
        (never the uploaded name), at most :data:`MAX_UPLOAD_BYTES` of them, and the file is
        deleted when the import ends, whatever its end (:func:`store.files.received`).
        """
        if kind not in imports.KINDS:
            raise UsageError(f"`kind` was {kind!r} but is expected to be one of {list(imports.KINDS)}")
        suffix = upload_suffix(filename)
        with files.received(stream, f"{kind}{suffix}", max_bytes=MAX_UPLOAD_BYTES) as path:
            return self.import_file(kind, path, username=username)

    def audit_search(
        self, query: audit.AuditQuery, *, limit: int = audit.MAX_ENTRIES, offset: int = 0
    ) -> tuple[pd.DataFrame, int]:
        """The newest audit-log entries matching ``query`` and how many match in all."""
        with self.engine.connect() as connection:
            return audit.search(connection, query, limit=limit, offset=offset)

    def audit_actions(self) -> list[str]:
        """The actions the audit log holds (for the search form)."""
        with self.engine.connect() as connection:
            return audit.actions(connection)

    def person_exists(self, person_id: str) -> bool:
        """Whether a job seeker with this pseudonym is in the database."""
        with self.engine.connect() as connection:
            return repo.get_row(connection, "jobseekers", person_id) is not None

    def access_report(self, person_id: str, *, username: str | None = None, why: str) -> dict[str, Any]:
        """Everything the log and the database say was done with one person's data: ``reads`` (who
        read it, when, why), ``decisions``, ``outcomes``, ``enrolments``, and whether the person is
        still held (``held``). The report itself is logged (``access_report``), before it is read.
        """
        with self.engine.begin() as connection:
            repo.audit(
                connection,
                "access_report",
                username=username,
                record_kind="person",
                record_id=person_id,
                detail=why,
            )
            held = repo.get_row(connection, "jobseekers", person_id) is not None
            entries = audit.person_entries(connection, person_id)
            record = audit.person_record(connection, person_id)
        return {"person_id": person_id, "held": held, "reads": entries, **record}

    def access_report_csv(self, person_id: str, *, username: str | None = None, why: str) -> bytes:
        """:meth:`access_report` as a CSV file's bytes (the timeline; spreadsheet-safe)."""
        timeline = report_timeline(self.access_report(person_id, username=username, why=why))
        return files.to_bytes(lambda path: files.write_table(timeline, path), "access_report.csv")

    def prune_audit_log(self, *, username: str | None = None, now: dt.datetime | None = None) -> int:
        """Delete the audit-log entries older than ``settings.audit_retention_days``; how many went.

        The pruning itself is logged (how many, and the cut-off), after it.
        """
        moment = now or repo.utcnow()
        cutoff = moment - dt.timedelta(days=self.settings.audit_retention_days)
        with self.engine.begin() as connection:
            removed = audit.prune(connection, cutoff)
            repo.audit(
                connection,
                "audit_log.pruned",
                username=username,
                detail=f"{removed} entries older than {cutoff:%Y-%m-%d} "
                f"({self.settings.audit_retention_days} days) deleted",
                now=moment,
            )
        return removed
