"""Repositories: bulk upserts of imported records, reads, and the audit log.

Every function takes a :class:`sqlalchemy.Connection` inside a transaction that the
caller owns (``with engine.begin() as connection: ...``), so an import of several
steps is one transaction: all or nothing.

Upserts are Core ``INSERT ... ON CONFLICT (key) DO UPDATE`` statements run with
``executemany`` (SQLite and PostgreSQL spell them alike); rows that would not change
are not written at all, so re-importing a file changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Result, Table, bindparam, func, insert, select, union_all, update
from sqlalchemy.dialects import postgresql, sqlite

from store import models

#: The table of each import kind.
TABLES: Mapping[str, Table] = {kind: models.Base.metadata.tables[kind] for kind in models.IMPORT_KINDS}
#: The natural key of each import kind (the conflict target of the upsert).
KEYS: Mapping[str, tuple[str, ...]] = models.NATURAL_KEYS
#: Rows per statement when keys are looked up with ``IN (...)``.
CHUNK = 5000


@dataclass(frozen=True)
class UpsertResult:
    """How many rows were new, changed, or already exactly as given."""

    inserted: int
    updated: int
    unchanged: int


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _key(row: Mapping[str, Any], key: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(row[k] for k in key)


def existing_rows(
    connection: Connection, kind: str, keys: Collection[tuple[Any, ...]], columns: Sequence[str]
) -> dict[tuple[Any, ...], dict[str, Any]]:
    """The stored values of ``columns`` for the rows with these natural keys.

    PostgreSQL joins against ``unnest(:keys)`` (one array parameter: the planner then
    probes the key index; a long ``IN`` list of parameters is scanned per row instead).
    SQLite looks the keys up in chunks of ``IN (...)``, which always uses the index.
    """
    table, key = TABLES[kind], KEYS[kind]
    selected = [table.c[c] for c in dict.fromkeys([*key, *columns])]
    first_values = sorted({k[0] for k in keys})
    if connection.dialect.name == "postgresql":
        array = bindparam("wanted_keys", first_values, type_=postgresql.ARRAY(table.c[key[0]].type))
        wanted = func.unnest(array).table_valued("k").render_derived()
        statements = [select(*selected).join_from(table, wanted, table.c[key[0]] == wanted.c.k)]
    else:
        statements = [select(*selected).where(table.c[key[0]].in_(chunk)) for chunk in _chunks(first_values)]
    found: dict[tuple[Any, ...], dict[str, Any]] = {}
    for stmt in statements:
        for row in connection.execute(stmt).mappings():
            found[tuple(row[k] for k in key)] = dict(row)
    wanted_keys = set(keys)
    return {k: v for k, v in found.items() if k in wanted_keys}


def key_in(connection: Connection, column: Any, values: Sequence[Any]) -> Any:
    """``column IN (values)``, written so that both databases use the index for long lists.

    PostgreSQL gets one array parameter, ``column IN (SELECT unnest(:values))`` (a
    semi-join); SQLite a plain ``IN`` list (call it with at most :data:`CHUNK` values).
    """
    if connection.dialect.name == "postgresql":
        array = bindparam(None, list(values), type_=postgresql.ARRAY(column.type))
        return column.in_(select(func.unnest(array)))
    return column.in_(list(values))


def _upsert_statement(
    connection: Connection, table: Table, key: tuple[str, ...], columns: Sequence[str]
) -> Any:
    dialect = connection.dialect.name
    if dialect == "postgresql":
        stmt: Any = postgresql.insert(table)
    elif dialect == "sqlite":
        stmt = sqlite.insert(table)
    else:  # pragma: no cover - make_engine only builds these two
        raise ValueError(f"`dialect` was {dialect!r} but is expected to be 'sqlite' or 'postgresql'")
    changing = [c for c in columns if c not in key]
    if not changing:
        return stmt.on_conflict_do_nothing(index_elements=list(key))
    return stmt.on_conflict_do_update(index_elements=list(key), set_={c: stmt.excluded[c] for c in changing})


def upsert(connection: Connection, kind: str, rows: Sequence[Mapping[str, Any]]) -> UpsertResult:
    """Insert new rows and update changed ones, by the natural key of ``kind``.

    Parameters
    ----------
    connection
        In a transaction owned by the caller.
    kind
        One of :data:`TABLES`.
    rows
        Typed values, every row with the same columns (those of the file; others are
        left as they are on update and take their defaults on insert). Keys are unique.

    Returns
    -------
    UpsertResult
        Counts of inserted, updated and unchanged rows.
    """
    if not rows:
        return UpsertResult(0, 0, 0)
    table, key = TABLES[kind], KEYS[kind]
    columns = list(rows[0].keys())
    before = existing_rows(connection, kind, [_key(r, key) for r in rows], columns)
    new: list[Mapping[str, Any]] = []
    changed: list[Mapping[str, Any]] = []
    for row in rows:
        old = before.get(_key(row, key))
        if old is None:
            new.append(row)
        elif any(old[c] != row[c] for c in columns):
            changed.append(row)
    writes = new + changed
    if writes:
        statement = _upsert_statement(connection, table, key, columns)
        if connection.dialect.name == "sqlite":
            _executemany_sqlite(connection, table, statement, columns, writes)
        else:  # PostgreSQL: SQLAlchemy batches the rows into multi-row VALUES ("insertmanyvalues")
            connection.execute(statement, writes)
    return UpsertResult(len(new), len(changed), len(rows) - len(writes))


def _scalar_default(table: Table, name: str) -> Any:
    """The Python-side default of a column that the compiled INSERT asks for."""
    default = table.c[name].default
    if default is None or not getattr(default, "is_scalar", False):
        raise ValueError(f"column {table.name}.{name} has no scalar default; pass it in every row")
    return getattr(default, "arg", None)


def _bind(value: Any, convert: Any) -> Any:
    return convert(value) if convert is not None else value


def _executemany_sqlite(
    connection: Connection,
    table: Table,
    statement: Any,
    columns: Sequence[str],
    rows: Sequence[Mapping[str, Any]],
) -> None:
    """Run ``statement`` once per row through the driver's ``executemany``.

    The statement is compiled once and each row becomes a tuple, converted by its
    column type's bind processor (dates to text, booleans to integers): about a third
    faster than letting SQLAlchemy build every row's parameters.
    """
    compiled = statement.compile(dialect=connection.dialect, column_keys=list(columns))
    order: Sequence[str] = compiled.positiontup or ()
    converters = [(name, table.c[name].type.bind_processor(connection.dialect)) for name in order]
    defaults = {name: _scalar_default(table, name) for name in order if name not in columns}
    parameters = [
        tuple(_bind(row[name] if name in row else defaults[name], convert) for name, convert in converters)
        for row in rows
    ]
    connection.exec_driver_sql(compiled.string, parameters)


# --- reads --------------------------------------------------------------------------------------


def keys(connection: Connection, kind: str, column: str | None = None) -> set[str]:
    """Every stored value of a key column (default: the first natural-key column)."""
    table = TABLES[kind]
    name = column or KEYS[kind][0]
    return {str(v) for v in connection.execute(select(table.c[name]).distinct()).scalars()}


def company_lks(connection: Connection, cvrs: Collection[str]) -> dict[str, str | None]:
    """The LKS of each company among ``cvrs`` (for copying onto its needs)."""
    table = TABLES["companies"]
    found: dict[str, str | None] = {}
    for chunk in _chunks(sorted(set(cvrs))):
        stmt = select(table.c.cvr, table.c.lks_id).where(table.c.cvr.in_(chunk))
        found.update({cvr: lks for cvr, lks in connection.execute(stmt).all()})
    return found


def sync_need_lks(connection: Connection) -> int:
    """Copy each company's current ``lks_id`` onto its needs and visits where it differs; return the count."""
    companies, changed = TABLES["companies"], 0
    for kind in ("needs", "visits"):
        table = TABLES[kind]
        current = select(companies.c.lks_id).where(companies.c.cvr == table.c.cvr).scalar_subquery()
        result = connection.execute(
            update(table).where(table.c.lks_id.is_distinct_from(current)).values(lks_id=current)
        )
        changed += int(result.rowcount or 0)
    return changed


def frame_of(result: Result[Any]) -> pd.DataFrame:
    """The rows of a query as a frame, one column per selected column.

    Built from plain tuples: handed SQLAlchemy rows, pandas probes every row for attributes a
    row does not have, each probe a slow failed key look-up (a fifth of the time of loading an
    LKS's needs).
    """
    return pd.DataFrame([tuple(row) for row in result.fetchall()], columns=list(result.keys()))


def load(connection: Connection, kind: str, *, lks_id: str | None = None) -> pd.DataFrame:
    """All stored rows of ``kind`` as a frame (optionally only one LKS), sorted by key."""
    table = TABLES[kind]
    stmt = select(table)
    if lks_id is not None and "lks_id" in table.c:
        stmt = stmt.where(table.c.lks_id == lks_id)
    stmt = stmt.order_by(*(table.c[k] for k in KEYS[kind]))
    result = connection.execute(stmt)
    return frame_of(result)


def count(connection: Connection, kind: str) -> int:
    """How many rows ``kind`` has."""
    return int(connection.execute(select(func.count()).select_from(TABLES[kind])).scalar_one())


# --- audit log ----------------------------------------------------------------------------------


def utcnow() -> dt.datetime:
    """The current time, timezone-aware UTC."""
    return dt.datetime.now(dt.UTC)


def as_utc(value: dt.datetime) -> dt.datetime:
    """A stored time as timezone-aware UTC (SQLite hands back naive datetimes; all are UTC)."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def audit(
    connection: Connection,
    action: str,
    *,
    username: str | None = None,
    record_kind: str | None = None,
    record_id: str | None = None,
    detail: str | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Append one entry to the audit log.

    A reference to a job seeker goes in ``record_kind="person"``, ``record_id=person_id``
    (never in ``detail``), so that erasure can find and blank it.
    """
    connection.execute(
        insert(models.Base.metadata.tables["audit_log"]).values(
            ts=now or utcnow(),
            username=username,
            action=action,
            record_kind=record_kind,
            record_id=record_id,
            detail=detail,
        )
    )


def load_decisions(connection: Connection, *, lks_id: str | None = None) -> pd.DataFrame:
    """Recorded decisions (``need_id, person_id, decision, reason, username, created_at``)."""
    decisions = models.Base.metadata.tables["decisions"]
    needs = TABLES["needs"]
    stmt = select(
        decisions.c.need_id,
        decisions.c.person_id,
        decisions.c.decision,
        decisions.c.reason,
        decisions.c.username,
        decisions.c.created_at,
    ).order_by(decisions.c.id)
    if lks_id is not None:
        stmt = stmt.join(needs, needs.c.need_id == decisions.c.need_id).where(needs.c.lks_id == lks_id)
    result = connection.execute(stmt)
    return frame_of(result)


def insert_decision(
    connection: Connection,
    *,
    need_id: str,
    person_id: str,
    decision: str,
    reason: str | None,
    username: str,
    now: dt.datetime | None = None,
) -> None:
    """Record what an LKS team decided about a candidate (the table checks the allowed values)."""
    connection.execute(
        insert(models.Base.metadata.tables["decisions"]).values(
            need_id=need_id,
            person_id=person_id,
            decision=decision,
            reason=reason,
            username=username,
            created_at=now or utcnow(),
        )
    )


def get_row(connection: Connection, kind: str, key: str) -> dict[str, object] | None:
    """One stored row of ``kind`` by its (single-column) natural key, or ``None``."""
    table = TABLES[kind]
    (column,) = KEYS[kind]
    row = connection.execute(select(table).where(table.c[column] == key)).mappings().first()
    return dict(row) if row is not None else None


#: Audit actions that change the data the matching reads (imports, erasures, needs saved in the web app).
WRITE_ACTIONS = ("import", "person.erased", "retention.erased", "need_saved")
#: Audit actions that change the area statistics: the writes above, and decisions, visits
#: (``visit_recorded``; an imported visit is an ``import``), outcomes and enrolments recorded
#: in the web app.
STATS_ACTIONS = (*WRITE_ACTIONS, "decision", "visit_recorded", "outcome", "enrolment")


def data_version(connection: Connection, actions: tuple[str, ...] = WRITE_ACTIONS) -> int:
    """A number that grows whenever imported or erased data changes (the newest write's audit id).

    Pass ``actions=STATS_ACTIONS`` for a version that also moves with recorded decisions.
    """
    log = models.Base.metadata.tables["audit_log"]
    # One newest id per action, each from the (action, id) index, then the largest: a single
    # max over ``action IN (...)`` walks the primary key back past every later audit row (each
    # person shown on a candidate list is one) - 38,000 rows and 14 ms after a load test.
    newest = union_all(*(select(func.max(log.c.id).label("id")).where(log.c.action == a) for a in actions))
    column = newest.subquery().c.id
    return int(connection.execute(select(func.coalesce(func.max(column), 0))).scalar_one())


def actions_between(connection: Connection, after: int, upto: int, actions: tuple[str, ...]) -> set[str]:
    """Which of ``actions`` were written with an audit id in ``(after, upto]`` (see :func:`data_version`)."""
    log = models.Base.metadata.tables["audit_log"]
    window = (log.c.id > after, log.c.id <= upto, log.c.action.in_(actions))
    stmt = select(log.c.action).distinct().where(*window)
    return {str(a) for a in connection.execute(stmt).scalars()}


def audit_many(
    connection: Connection,
    action: str,
    person_ids: list[str],
    *,
    username: str | None,
    detail: str | None,
    need_id: str | None = None,
    now: dt.datetime | None = None,
) -> None:
    """One audit entry per person read (``record_kind="person"``), written in one statement."""
    if not person_ids:
        return
    stamp = now or utcnow()
    connection.execute(
        insert(models.Base.metadata.tables["audit_log"]),
        [
            {
                "ts": stamp,
                "username": username,
                "action": action,
                "record_kind": "person",
                "record_id": pid,
                "need_id": need_id,
                "detail": detail,
            }
            for pid in person_ids
        ],
    )


#: The audit action of a job seeker shown to a caller as a candidate for a need.
CANDIDATE_READ = "read_candidate"


def audit_candidate_reads(
    connection: Connection,
    need_id: str,
    person_ids: list[str],
    *,
    username: str | None,
    purpose: str,
    now: dt.datetime | None = None,
) -> None:
    """One :data:`CANDIDATE_READ` entry per person shown as a candidate for ``need_id``.

    Like :func:`audit_many`, and the need also goes into the structured ``need_id`` column,
    so that :func:`candidate_was_shown` can check a decision against what was shown.
    """
    audit_many(
        connection,
        CANDIDATE_READ,
        person_ids,
        username=username,
        detail=f"need {need_id}: {purpose}",
        need_id=need_id,
        now=now,
    )


def candidate_was_shown(
    connection: Connection, *, need_id: str, person_id: str, usernames: Collection[str]
) -> bool:
    """Whether ``person_id`` was shown as a candidate for ``need_id`` to one of ``usernames``.

    Reads the :data:`CANDIDATE_READ` entries written by :func:`audit_candidate_reads` (an erased
    person's entries no longer name them, so an erased person was never shown).
    """
    if not usernames:
        return False
    log = models.Base.metadata.tables["audit_log"]
    stmt = (
        select(log.c.id)
        .where(
            log.c.record_kind == "person",
            log.c.record_id == person_id,
            log.c.action == CANDIDATE_READ,
            log.c.need_id == need_id,
            log.c.username.in_(sorted(set(usernames))),
        )
        .limit(1)
    )
    return connection.execute(stmt).first() is not None


def load_visit_facts(connection: Connection) -> pd.DataFrame:
    """Every stored visit's ``visit_id, cvr, date, systems`` (what the statistics count; no note)."""
    visits = TABLES["visits"]
    columns = (visits.c.visit_id, visits.c.cvr, visits.c.date, visits.c.systems)
    stmt = select(*columns).order_by(visits.c.visit_id)
    result = connection.execute(stmt)
    return frame_of(result)


def load_result_facts(connection: Connection) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What the result measures count: every outcome's ``need_id, person_id, outcome`` and every
    enrolment's ``need_id, staff`` (:mod:`stats.results`).
    """
    outcomes, enrolments = models.Base.metadata.tables["outcomes"], models.Base.metadata.tables["enrolments"]
    frames = []
    for stmt in (
        select(outcomes.c.need_id, outcomes.c.person_id, outcomes.c.outcome).order_by(outcomes.c.id),
        select(enrolments.c.need_id, enrolments.c.staff).order_by(enrolments.c.id),
    ):
        result = connection.execute(stmt)
        frames.append(frame_of(result))
    return frames[0], frames[1]
