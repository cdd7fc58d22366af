"""Import one file of one kind into the database: all or nothing.

:func:`import_file` reads the file (:func:`store.tabular.read_table`), validates every
row (:func:`store.validation.validate`, every problem reported at once), places
companies, job seekers and offers in a municipality and an LKS (the ``place``
callable, :meth:`geo.assign.Assigner.assign` in the service), and upserts all rows on
their natural key in one transaction. One bad row means nothing is written. Importing
the same file again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError

from lksmatch.errors import Problem, UsageError, ValidationError
from store import repo, workspace
from store.tabular import DEFAULT_MAX_BYTES, read_table
from store.validation import KINDS, Validated, multiline_columns, validate

#: Kinds that are placed in a municipality and an LKS on import.
PLACED_KINDS = ("companies", "jobseekers", "offers")
#: Columns of the placement callable's output stored with each record (output -> stored column).
PLACEMENT_COLUMNS = {
    "municipality_code": "placed_municipality_code",
    "lks_id": "lks_id",
    "assign_method": "assign_method",
    "assign_note": "assign_note",
}

Placer = Callable[[pd.DataFrame], pd.DataFrame]


@dataclass(frozen=True)
class ImportReport:
    """What an import did.

    ``inserted + updated + unchanged == rows``; ``placement`` counts the rows per
    assignment method (empty for kinds that are not placed, or when placement was skipped).
    """

    kind: str
    rows: int
    inserted: int
    updated: int
    unchanged: int
    warnings: tuple[str, ...] = ()
    placement: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """One line for the command line."""
        text = (
            f"{self.kind}: {self.rows} rows read; {self.inserted} inserted, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )
        if self.placement:
            text += " (placed by " + ", ".join(f"{k}: {v}" for k, v in sorted(self.placement.items())) + ")"
        return text


def _known_keys(connection: Connection, kind: str) -> dict[str, Collection[str]]:
    """The keys that references of ``kind`` may point at, from the database."""
    if kind == "needs":
        return {"cvr": repo.keys(connection, "companies"), "visit_id": repo.keys(connection, "visits"),
                "growth_cvr": workspace.growth_cvrs(connection)}
    if kind == "visits":
        return {"cvr": repo.keys(connection, "companies")}
    if kind == "outcomes":
        return {"need_id": repo.keys(connection, "needs"), "person_id": repo.keys(connection, "jobseekers")}
    return {}


def _placement(frame: pd.DataFrame, place: Placer, records: list[dict[str, Any]]) -> dict[str, int]:
    """Run ``place`` on the raw rows and add the placement columns to ``records``."""
    placed = place(frame)
    if len(placed) != len(records):
        raise ValueError(f"the placement returned {len(placed)} rows for {len(records)} input rows")
    columns = {stored: placed[out].tolist() for out, stored in PLACEMENT_COLUMNS.items() if out in placed}
    for stored, values in columns.items():
        for record, value in zip(records, values, strict=True):
            text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
            record[stored] = text or None
    methods = Counter(r.get("assign_method") or "none" for r in records)
    return dict(methods)


def _write(connection: Connection, kind: str, records: list[dict[str, Any]]) -> repo.UpsertResult:
    if kind in ("needs", "visits"):
        lks = repo.company_lks(connection, {r["cvr"] for r in records})
        for record in records:
            record["lks_id"] = lks.get(record["cvr"])
    result = repo.upsert(connection, kind, records)
    if kind == "companies" and (result.inserted or result.updated):
        repo.sync_need_lks(connection)
    return result


def import_frame(
    engine: Engine,
    kind: str,
    frame: pd.DataFrame,
    *,
    valid_municipality_codes: Collection[str],
    place: Placer | None = None,
    username: str | None = None,
    source: str = "frame",
    now: dt.datetime | None = None,
) -> ImportReport:
    """Validate, place and upsert the rows of ``frame`` (text cells) in one transaction.

    See :func:`import_file`; ``source`` names the input in the audit log.
    """
    if kind not in KINDS:
        raise UsageError(f"`kind` was {kind!r} but is expected to be one of {list(KINDS)}")
    try:
        with engine.begin() as connection:
            validated: Validated = validate(
                kind,
                frame,
                valid_municipality_codes=valid_municipality_codes,
                known_keys=_known_keys(connection, kind),
            )
            records = validated.records()
            placement: dict[str, int] = {}
            if place is not None and kind in PLACED_KINDS and records:
                placement = _placement(frame, place, records)
            result = _write(connection, kind, records)
            repo.audit(
                connection,
                "import",
                username=username,
                record_kind=kind,
                detail=f"{source}: {len(records)} rows; {result.inserted} inserted, "
                f"{result.updated} updated, {result.unchanged} unchanged",
                now=now,
            )
    except IntegrityError as exc:
        raise ValidationError(
            f"the {kind} file was rejected by the database; nothing was imported",
            [Problem(None, None, f"database constraint: {exc.orig}")],
        ) from exc
    return ImportReport(
        kind, len(records), result.inserted, result.updated, result.unchanged, validated.warnings, placement
    )


def import_file(
    engine: Engine,
    kind: str,
    path: Path,
    *,
    valid_municipality_codes: Collection[str],
    place: Placer | None = None,
    username: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    now: dt.datetime | None = None,
) -> ImportReport:
    """Import one CSV or XLSX file of ``kind``: all rows or none.

    Parameters
    ----------
    engine
        The database, at the newest schema revision.
    kind
        ``companies``, ``needs``, ``jobseekers``, ``offers`` or ``outcomes``.
    path
        The file (see :func:`store.tabular.read_table` for what is refused).
    valid_municipality_codes
        The 3-digit kommunekoder that exist.
    place
        Adds ``municipality_code``, ``lks_id``, ``assign_method`` (and ``assign_note``)
        to a frame of rows; used for companies, job seekers and offers. ``None`` skips
        placement (stored placements are then left as they are).
    username
        Who imports, for the audit log.
    max_bytes
        The file size cap.
    now
        The time written to the audit log (default: now).

    Returns
    -------
    ImportReport
        Counts and the warnings about ignored columns.

    Raises
    ------
    UsageError
        For an unknown ``kind`` or a missing file (exit code 2).
    ValidationError
        When the file or any row is refused; nothing is written (exit code 1).
    """
    if kind not in KINDS:
        raise UsageError(f"`kind` was {kind!r} but is expected to be one of {list(KINDS)}")
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"the input file {path} does not exist")
    frame = read_table(path, max_bytes=max_bytes, multiline=multiline_columns(kind))
    return import_frame(
        engine,
        kind,
        frame,
        valid_municipality_codes=valid_municipality_codes,
        place=place,
        username=username,
        source=path.name,
        now=now,
    )
