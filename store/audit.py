"""Reading the audit log: the administrator's search, one person's access report, and the log's retention.

Writing stays in :mod:`store.repo` (:func:`store.repo.audit` and its batch forms). A person is
referenced in the log only through ``record_kind="person"`` and ``record_id`` (never inside
``detail``), so the access report of one pseudonym is an exact match on those two columns and
never shows another person: entries about someone else, and the entries of actions that touch
many people at once (an import, an erasure's tombstone), are not part of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, delete, func, select

from store import models
from store.repo import as_utc, frame_of

#: The columns of an audit-log search (and of an access report's reads).
ENTRY_COLUMNS = ("id", "ts", "username", "action", "record_kind", "record_id", "need_id", "detail")
#: The most entries one search returns (the page and the API page through the rest).
MAX_ENTRIES = 500

_LOG = models.Base.metadata.tables["audit_log"]


@dataclass(frozen=True)
class AuditQuery:
    """What to look for in the log; every field is optional, all given ones must hold."""

    person_id: str | None = None
    username: str | None = None
    action: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None


def _conditions(query: AuditQuery) -> list[object]:
    found: list[object] = []
    if query.person_id:
        found += [_LOG.c.record_kind == "person", _LOG.c.record_id == query.person_id]
    if query.username:
        found.append(_LOG.c.username == query.username)
    if query.action:
        found.append(_LOG.c.action == query.action)
    if query.since is not None:
        found.append(_LOG.c.ts >= as_utc(query.since))
    if query.until is not None:
        found.append(_LOG.c.ts < as_utc(query.until))
    return found


def search(
    connection: Connection, query: AuditQuery, *, limit: int = MAX_ENTRIES, offset: int = 0
) -> tuple[pd.DataFrame, int]:
    """The newest entries matching ``query`` (at most ``limit``, after skipping ``offset``) and how
    many match in all.
    """
    where = _conditions(query)
    total = int(connection.execute(select(func.count()).select_from(_LOG).where(*where)).scalar_one())  # type: ignore[arg-type]
    rows = connection.execute(
        select(*(_LOG.c[c] for c in ENTRY_COLUMNS))
        .where(*where)  # type: ignore[arg-type]
        .order_by(_LOG.c.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=list(ENTRY_COLUMNS))
    if len(frame):
        frame["ts"] = [as_utc(t) for t in frame["ts"]]
    return frame, total


def actions(connection: Connection) -> list[str]:
    """Every action the log holds, alphabetically (the search form's choices)."""
    return sorted(str(a) for a in connection.execute(select(_LOG.c.action).distinct()).scalars())


def person_entries(connection: Connection, person_id: str) -> pd.DataFrame:
    """Every entry of the log about one person, oldest first (the reads, decisions and outcomes)."""
    rows = connection.execute(
        select(*(_LOG.c[c] for c in ENTRY_COLUMNS))
        .where(_LOG.c.record_kind == "person", _LOG.c.record_id == person_id)
        .order_by(_LOG.c.id)
    ).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=list(ENTRY_COLUMNS))
    if len(frame):
        frame["ts"] = [as_utc(t) for t in frame["ts"]]
    return frame


def prune(connection: Connection, before: dt.datetime) -> int:
    """Delete the entries written before ``before``; how many went.

    The newest entry of each action is never deleted, however old it is: the data version is
    the newest audit id of the actions that change the data (:func:`store.repo.data_version`),
    and it must not go back when their entries age out.
    """
    per_action = select(func.max(_LOG.c.id)).group_by(_LOG.c.action)
    newest = [int(i) for i in connection.execute(per_action).scalars()]
    result = connection.execute(delete(_LOG).where(_LOG.c.ts < as_utc(before), _LOG.c.id.not_in(newest)))
    return int(result.rowcount or 0)


def person_record(connection: Connection, person_id: str) -> dict[str, pd.DataFrame]:
    """What the database holds that was decided or recorded about one person: ``decisions``
    (``need_id, decision, reason, username, at``), ``outcomes`` (``need_id, outcome, date,
    recorded_by``) and ``enrolments`` (``need_id, offer_id, agreement_signed, username, at``).
    """
    tables = models.Base.metadata.tables
    d, o, e = tables["decisions"], tables["outcomes"], tables["enrolments"]
    queries = {
        "decisions": select(d.c.need_id, d.c.decision, d.c.reason, d.c.username, d.c.created_at.label("at"))
        .where(d.c.person_id == person_id).order_by(d.c.id),
        "outcomes": select(o.c.need_id, o.c.outcome, o.c.date, o.c.recorded_by)
        .where(o.c.person_id == person_id).order_by(o.c.id),
        "enrolments": select(e.c.need_id, e.c.offer_id, e.c.agreement_signed, e.c.username,
                             e.c.created_at.label("at"))
        .where(e.c.person_id == person_id).order_by(e.c.id),
    }  # fmt: skip
    out: dict[str, pd.DataFrame] = {}
    for name, stmt in queries.items():
        frame = frame_of(connection.execute(stmt))
        if "at" in frame and len(frame):
            frame["at"] = [as_utc(t) for t in frame["at"]]
        out[name] = frame
    return out
