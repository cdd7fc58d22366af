"""Stored statistics snapshots and job leases (see :class:`store.models.StatsSnapshot`, ``JobLease``).

A snapshot holds a published table as JSON: its columns, their dtypes and its rows (a count
is an int, a mark such as ``<5`` a string, a missing value ``null``), so that reading it back
gives the same frame (:func:`frame_to_json`, :func:`frame_from_json`).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from store import models
from store.repo import as_utc, utcnow

_SNAPSHOTS = models.Base.metadata.tables["stats_snapshots"]
_LEASES = models.Base.metadata.tables["job_leases"]


@dataclass(frozen=True)
class SnapshotInfo:
    """What a snapshot is, without its tables."""

    id: int
    data_version: int
    stats_date: dt.date
    computed_at: dt.datetime


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is None:
        return None
    return value


def frame_to_json(frame: pd.DataFrame) -> dict[str, Any]:
    """A frame as JSON-ready data: columns, dtypes, rows."""
    return {
        "columns": [str(c) for c in frame.columns],
        "dtypes": {str(c): str(t) for c, t in frame.dtypes.items()},
        "rows": [[_plain(v) for v in row] for row in frame.itertuples(index=False, name=None)],
    }


def frame_from_json(data: dict[str, Any]) -> pd.DataFrame:
    """The frame :func:`frame_to_json` was given (same columns, dtypes and values)."""
    columns = list(data["columns"])
    frame = pd.DataFrame(data["rows"], columns=columns, dtype=object)
    for column in columns:
        dtype = data["dtypes"][column]
        if dtype != "object":
            frame[column] = frame[column].astype(dtype)
    return frame


def save_snapshot(
    connection: Connection, *, data_version: int, stats_date: dt.date, tables: dict[str, Any],
    now: dt.datetime | None = None,
) -> SnapshotInfo:
    """Store a snapshot; then drop the earlier snapshots of the same day (the day's last one stays)."""
    stamp = now or utcnow()
    new_id = connection.execute(
        insert(_SNAPSHOTS)
        .values(data_version=data_version, stats_date=stats_date, computed_at=stamp,
                tables=json.dumps(tables, ensure_ascii=False, separators=(",", ":")))
        .returning(_SNAPSHOTS.c.id)
    ).scalar_one()
    connection.execute(
        delete(_SNAPSHOTS).where(_SNAPSHOTS.c.stats_date == stats_date, _SNAPSHOTS.c.id < new_id)
    )
    return SnapshotInfo(int(new_id), data_version, stats_date, as_utc(stamp))


def latest_snapshot(connection: Connection) -> SnapshotInfo | None:
    """The newest snapshot's description, or ``None`` when none was stored yet."""
    row = connection.execute(
        select(_SNAPSHOTS.c.id, _SNAPSHOTS.c.data_version, _SNAPSHOTS.c.stats_date, _SNAPSHOTS.c.computed_at)
        .order_by(_SNAPSHOTS.c.id.desc())
        .limit(1)
    ).first()
    return None if row is None else _info(row)


def snapshot_tables(connection: Connection, snapshot_id: int) -> dict[str, Any]:
    """The stored tables of one snapshot."""
    text = connection.execute(select(_SNAPSHOTS.c.tables).where(_SNAPSHOTS.c.id == snapshot_id)).scalar_one()
    data: dict[str, Any] = json.loads(text)
    return data


def snapshot_history(connection: Connection) -> list[SnapshotInfo]:
    """Every stored snapshot (one per day, the day's last), oldest first."""
    rows = connection.execute(
        select(_SNAPSHOTS.c.id, _SNAPSHOTS.c.data_version, _SNAPSHOTS.c.stats_date, _SNAPSHOTS.c.computed_at)
        .order_by(_SNAPSHOTS.c.id)
    )
    return [_info(r) for r in rows]


def count_snapshots(connection: Connection) -> int:
    """How many snapshots are stored."""
    return int(connection.execute(select(func.count()).select_from(_SNAPSHOTS)).scalar_one())


# --- leases -------------------------------------------------------------------------------------


def take_lease(
    connection: Connection, name: str, holder: str, *, seconds: float, now: dt.datetime | None = None
) -> bool:
    """Take the lease ``name`` for ``seconds`` if it is free or expired; whether it was taken.

    Run it in its own transaction: the conditional UPDATE (or the INSERT of a new lease) is
    atomic, so of two processes trying at once exactly one gets it.
    """
    stamp = now or utcnow()
    until = stamp + dt.timedelta(seconds=seconds)
    taken = connection.execute(
        update(_LEASES)
        .where(_LEASES.c.name == name)
        .where((_LEASES.c.held_until.is_(None)) | (_LEASES.c.held_until < stamp))
        .values(held_by=holder, held_until=until)
    ).rowcount
    if taken:
        return True
    exists = connection.execute(select(_LEASES.c.name).where(_LEASES.c.name == name)).first()
    if exists is not None:
        return False
    try:
        with connection.begin_nested():
            connection.execute(insert(_LEASES).values(name=name, held_by=holder, held_until=until))
    except IntegrityError:
        return False  # another process inserted it first
    return True


def free_lease(connection: Connection, name: str, holder: str) -> None:
    """Give the lease back (only if ``holder`` still holds it)."""
    connection.execute(
        update(_LEASES)
        .where(_LEASES.c.name == name, _LEASES.c.held_by == holder)
        .values(held_by=None, held_until=None)
    )


def _info(row: Any) -> SnapshotInfo:
    return SnapshotInfo(int(row.id), int(row.data_version), row.stats_date, as_utc(row.computed_at))
