"""Erasure of job seekers: on request, and by retention once unemployment has ended.

A job seeker is personal data. Erasing one deletes the person and everything derived
from them (outcomes, decisions, cached match scores), blanks every audit-log reference
to them, and appends one tombstone to the audit log that says *that* people were
erased and how many rows went, but never *who*: no id, no hash of an id.

Every function takes the engine and runs in one transaction of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, bindparam, delete, select, update

from lksmatch.errors import NotFoundError, UsageError
from store import models
from store.repo import CHUNK, audit, key_in, utcnow

#: Text that replaces an erased person's id wherever it appeared in the audit log.
REDACTED = "[slettet]"
#: Tables whose rows are derived from a person (deleted before the person).
_DERIVED = tuple(models.Base.metadata.tables[name] for name in ("outcomes", "decisions", "match_scores"))
_JOBSEEKERS = models.Base.metadata.tables["jobseekers"]
_AUDIT_LOG = models.Base.metadata.tables["audit_log"]


@dataclass(frozen=True)
class ErasureResult:
    """What an erasure removed: people, and derived rows per table."""

    persons: int
    derived: dict[str, int]
    audit_entries_redacted: int

    def describe(self) -> str:
        """A summary without any identifier (this is the tombstone text)."""
        rows = ", ".join(f"{n} {table}" for table, n in sorted(self.derived.items()))
        return (f"{self.persons} person(s) erased; derived rows deleted: {rows}; "
                f"audit entries redacted: {self.audit_entries_redacted}")


def _erase(connection: Connection, person_ids: Sequence[str]) -> ErasureResult:
    """Delete these people and everything derived from them, and blank their audit references."""
    derived = {table.name: 0 for table in _DERIVED}
    persons = 0
    redacted = 0
    jobseekers, audit_log = _JOBSEEKERS, _AUDIT_LOG
    for start in range(0, len(person_ids), CHUNK):
        chunk = list(person_ids[start:start + CHUNK])
        for table in _DERIVED:
            result = connection.execute(delete(table).where(key_in(connection, table.c.person_id, chunk)))
            derived[table.name] += int(result.rowcount or 0)
        who = key_in(connection, jobseekers.c.person_id, chunk)
        result = connection.execute(delete(jobseekers).where(who))
        persons += int(result.rowcount or 0)
        result = connection.execute(update(audit_log).where(key_in(connection, audit_log.c.record_id, chunk))
                                    .values(record_id=REDACTED))
        redacted += int(result.rowcount or 0)
    redacted += _redact_details(connection, person_ids)
    return ErasureResult(persons, derived, redacted)


def _redact_details(connection: Connection, person_ids: Sequence[str]) -> int:
    """Replace the ids wherever they occur in audit details (they should not, but may)."""
    if not person_ids:
        return 0
    audit_log = _AUDIT_LOG
    alternatives = "|".join(re.escape(p) for p in sorted(person_ids, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")  # whole ids only: P1 is not in P10
    changed = []
    stmt = select(audit_log.c.id, audit_log.c.detail).where(audit_log.c.detail.is_not(None))
    rows = connection.execute(stmt)
    for entry_id, detail in rows.all():
        new = pattern.sub(REDACTED, detail)
        if new != detail:
            changed.append({"entry_id": entry_id, "detail": new})
    if changed:
        connection.execute(update(audit_log).where(audit_log.c.id == bindparam("entry_id"))
                           .values(detail=bindparam("detail")), changed)
    return len(changed)


def erase_person(engine: Engine, person_id: str, *, username: str | None = None,
                 now: dt.datetime | None = None) -> ErasureResult:
    """Erase one job seeker and everything derived from them; log a tombstone.

    Raises
    ------
    NotFoundError
        When no job seeker has this ``person_id`` (nothing is written).
    """
    jobseekers = _JOBSEEKERS
    with engine.begin() as connection:
        exists = connection.execute(
            select(jobseekers.c.person_id).where(jobseekers.c.person_id == person_id)).first()
        if exists is None:
            raise NotFoundError("no job seeker has this person_id; nothing was erased")
        result = _erase(connection, [person_id])
        audit(connection, "person.erased", username=username, record_kind="person", detail=result.describe(),
              now=now)
    return result


def due_for_retention(connection: Connection, older_than_days: int, today: dt.date) -> list[str]:
    """The people whose unemployment ended more than ``older_than_days`` days before ``today``."""
    cutoff = today - dt.timedelta(days=older_than_days)
    jobseekers = _JOBSEEKERS
    stmt = (select(jobseekers.c.person_id)
            .where(jobseekers.c.unemployment_ended.is_not(None), jobseekers.c.unemployment_ended < cutoff)
            .order_by(jobseekers.c.person_id))
    return list(connection.execute(stmt).scalars())


def retention(engine: Engine, older_than_days: int, today: dt.date | None = None, *,
              username: str | None = None, now: dt.datetime | None = None) -> ErasureResult:
    """Erase everyone whose unemployment ended more than ``older_than_days`` days ago.

    Parameters
    ----------
    engine
        The database.
    older_than_days
        A person whose ``unemployment_ended`` is strictly before ``today - older_than_days``
        is erased (ended exactly that many days ago: kept one more day).
    today
        The date to count from (default: today, UTC); tests pass a frozen date.
    username, now
        Who ran it and when, for the tombstone.

    Raises
    ------
    UsageError
        When ``older_than_days`` is negative.
    """
    if older_than_days < 0:
        raise UsageError(f"`older_than_days` was {older_than_days} but is expected to be 0 or more")
    today = today or utcnow().date()
    with engine.begin() as connection:
        due = due_for_retention(connection, older_than_days, today)
        result = _erase(connection, due)
        detail = f"retention older than {older_than_days} days at {today.isoformat()}: {result.describe()}"
        audit(connection, "retention.erased", username=username, record_kind="person", detail=detail, now=now)
    return result
