"""Erasure of job seekers: on request, and by retention once unemployment has ended.

A job seeker is personal data. Erasing one deletes the person and everything derived
from them (outcomes, decisions, cached match scores, enrolments), blanks every audit-log reference
to them (``record_id``), scrubs their pseudonym out of every free-text column of the
schema (:data:`FREE_TEXT`: another person's decision reason, audit details, ...), and
appends one tombstone to the audit log that says *that* people were erased and how
many rows went, but never *who*: no id, no hash of an id.

A pseudonym is scrubbed where it stands as a whole token: not preceded nor followed
by a letter, digit, ``_`` or ``-`` (so erasing ``P-0042`` leaves ``P-00421`` and
``P-0042-2`` alone, and scrubs ``(P-0042)`` and ``P-0042.``). Matching is
case-sensitive: pseudonyms are ids, and ``p-0042`` is not the same id. Each text
is found with a ``LIKE`` prefilter in the database (PostgreSQL: one
``LIKE ANY(:patterns)`` per chunk of :data:`SCRUB_CHUNK` pseudonyms; SQLite: ``LIKE``
conditions joined by ``OR``), then rewritten in Python with the token pattern, and
only the rows that change are written back, by primary key.

Every function takes the engine and runs in one transaction of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Table,
    Text,
    and_,
    any_,
    bindparam,
    delete,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql

from lksmatch.errors import NotFoundError, UsageError
from store import models
from store.repo import CHUNK, audit, key_in, utcnow

#: Text that replaces an erased person's id wherever it appeared.
REDACTED = "[slettet]"
#: Every free-text place, as ``(table, column)``, that may name a person and is scrubbed
#: on erasure. A new text column (visit notes, ...) goes here or in :data:`NOT_FREE_TEXT`
#: (a test checks that every ``Text`` column of the schema is in exactly one of them).
FREE_TEXT: tuple[tuple[str, str], ...] = (
    ("audit_log", "detail"),
    ("background_jobs", "error"),  # a failed training's message (never a person's id; scrubbed anyway)
    ("decisions", "reason"),
    ("match_scores", "explanation"),
    ("needs", "title"),
    ("companies", "assign_note"),
    ("jobseekers", "assign_note"),
    ("offers", "assign_note"),
    ("visits", "note"),
    ("visits", "topics"),
)
#: ``Text`` columns that are not free text (register data, vocabulary lists, hashes).
NOT_FREE_TEXT: tuple[tuple[str, str], ...] = (
    ("background_jobs", "result"),  # a training's counts, hashes and times
    ("companies", "name"),
    ("companies", "address"),
    ("needs", "occupation"),
    ("needs", "skills"),
    ("jobseekers", "occupations"),
    ("jobseekers", "skills"),
    ("offers", "provider"),
    ("offers", "title"),
    ("offers", "skills"),
    ("match_scores", "missing_skills"),
    ("match_scores", "suggested_offers"),
    ("users", "password_hash"),
    # the published (suppressed) area statistics: counts per area, never a person or a pseudonym
    ("stats_snapshots", "tables"),
)
#: Pseudonyms per prefilter statement when scrubbing free text.
SCRUB_CHUNK = 200
#: Tables whose rows are derived from a person (deleted before the person).
_DERIVED = tuple(
    models.Base.metadata.tables[name] for name in ("outcomes", "decisions", "match_scores", "enrolments"))
_JOBSEEKERS = models.Base.metadata.tables["jobseekers"]
_AUDIT_LOG = models.Base.metadata.tables["audit_log"]


@dataclass(frozen=True)
class ErasureResult:
    """What an erasure removed.

    Attributes
    ----------
    persons
        Job seekers deleted.
    derived
        Rows deleted per derived table (``outcomes``, ``decisions``, ``match_scores``, ``enrolments``).
    audit_entries_redacted
        Audit-log entries whose ``record_id`` was the person's id (set to :data:`REDACTED`).
    free_text
        Per free-text place (``"table.column"``, every place of :data:`FREE_TEXT`), how
        many rows had the pseudonym scrubbed out of that column.
    """

    persons: int
    derived: dict[str, int]
    audit_entries_redacted: int
    free_text: dict[str, int]

    @property
    def free_text_scrubbed(self) -> int:
        """How many free-text places (row and column) were changed in all."""
        return sum(self.free_text.values())

    def describe(self) -> str:
        """A summary without any identifier (this is the tombstone text)."""
        rows = ", ".join(f"{n} {table}" for table, n in sorted(self.derived.items()))
        places = ", ".join(f"{n} {place}" for place, n in sorted(self.free_text.items()) if n)
        return (f"{self.persons} person(s) erased; derived rows deleted: {rows}; "
                f"audit entries redacted: {self.audit_entries_redacted}; "
                f"free-text places scrubbed: {self.free_text_scrubbed}" + (f" ({places})" if places else ""))


def _erase(connection: Connection, person_ids: Sequence[str]) -> ErasureResult:
    """Delete these people and everything derived from them; blank and scrub their references."""
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
    free_text = {f"{table}.{column}": _scrub(connection, table, column, person_ids)
                 for table, column in FREE_TEXT}
    return ErasureResult(persons, derived, redacted, free_text)


def token_pattern(person_ids: Sequence[str]) -> re.Pattern[str]:
    """A pattern that matches any of ``person_ids`` as a whole token (see the module docstring)."""
    alternatives = "|".join(re.escape(p) for p in sorted(set(person_ids), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def _like_escape(value: str) -> str:
    """``value`` as a literal inside a PostgreSQL ``LIKE`` pattern (backslash is the escape)."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains_any(connection: Connection, column: Column[Any], person_ids: Sequence[str]) -> Any:
    """A prefilter: ``column`` contains one of ``person_ids`` somewhere (a superset of the tokens)."""
    if connection.dialect.name == "postgresql":
        patterns = [f"%{_like_escape(p)}%" for p in person_ids]
        return column.like(any_(bindparam(None, patterns, type_=postgresql.ARRAY(Text))))
    return or_(*(column.contains(p, autoescape=True) for p in person_ids))


def _scrub(connection: Connection, table_name: str, column_name: str, person_ids: Sequence[str]) -> int:
    """Replace the pseudonyms in one free-text column by :data:`REDACTED`; return the rows changed."""
    table: Table = models.Base.metadata.tables[table_name]
    column = table.c[column_name]
    key = list(table.primary_key.columns)
    write = (update(table).where(and_(*(c == bindparam(f"pk_{c.name}") for c in key)))
             .values({column_name: bindparam("scrubbed_text")}))
    changed: set[tuple[Any, ...]] = set()
    for start in range(0, len(person_ids), SCRUB_CHUNK):
        chunk = person_ids[start:start + SCRUB_CHUNK]
        pattern = token_pattern(chunk)
        found = connection.execute(select(*key, column).where(_contains_any(connection, column, chunk)))
        rows = []
        for *values, text in found.all():
            new = pattern.sub(REDACTED, text)
            if new != text:
                rows.append({**{f"pk_{c.name}": v for c, v in zip(key, values, strict=True)},
                             "scrubbed_text": new})
                changed.add(tuple(values))
        if rows:
            connection.execute(write, rows)
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
