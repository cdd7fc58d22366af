"""Reads and writes of the LKS workspace: the company list, visits, need state counts.

Every function takes a :class:`sqlalchemy.Connection` inside a transaction the caller owns.
Nothing here returns a person: the counts per need are counts (a team's systems other than
the jobcentre see those, never the people behind them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

import pandas as pd
from sqlalchemy import Connection, and_, func, select, update

from store import models, repo

_T = models.Base.metadata.tables
_COMPANIES, _NEEDS, _VISITS = _T["companies"], _T["needs"], _T["visits"]
_DECISIONS, _OUTCOMES = _T["decisions"], _T["outcomes"]


def _frame(connection: Connection, stmt: Any) -> pd.DataFrame:
    result = connection.execute(stmt)
    return repo.frame_of(result)


def growth_cvrs(connection: Connection) -> set[str]:
    """The CVR numbers of the companies marked as growth companies (who may have ``vaekst`` needs)."""
    stmt = select(_COMPANIES.c.cvr).where(_COMPANIES.c.growth_company.is_(True))
    return {str(v) for v in connection.execute(stmt).scalars()}


def company_list(connection: Connection, lks_id: str | None, *, today: dt.date) -> pd.DataFrame:
    """The companies of one LKS (all for ``None``) with ``needs_open``, ``needs`` and ``last_visit``.

    ``needs_open`` counts needs whose status is ``open`` and whose deadline has not passed.
    """
    open_needs = (
        select(_NEEDS.c.cvr, func.count().label("needs_open"))
        .where(_NEEDS.c.status == "open", (_NEEDS.c.deadline.is_(None)) | (_NEEDS.c.deadline >= today))
        .group_by(_NEEDS.c.cvr)
        .subquery()
    )
    all_needs = select(_NEEDS.c.cvr, func.count().label("needs")).group_by(_NEEDS.c.cvr).subquery()
    visits = (
        select(_VISITS.c.cvr, func.max(_VISITS.c.date).label("last_visit"), func.count().label("visits"))
        .group_by(_VISITS.c.cvr)
        .subquery()
    )
    stmt = (
        select(
            _COMPANIES.c.cvr,
            _COMPANIES.c.name,
            _COMPANIES.c.placed_municipality_code.label("municipality_code"),
            _COMPANIES.c.lks_id,
            _COMPANIES.c.employees,
            _COMPANIES.c.growth_company,
            _COMPANIES.c.industry_code,
            func.coalesce(open_needs.c.needs_open, 0).label("needs_open"),
            func.coalesce(all_needs.c.needs, 0).label("needs"),
            visits.c.last_visit,
            func.coalesce(visits.c.visits, 0).label("visits"),
        )
        .outerjoin(open_needs, open_needs.c.cvr == _COMPANIES.c.cvr)
        .outerjoin(all_needs, all_needs.c.cvr == _COMPANIES.c.cvr)
        .outerjoin(visits, visits.c.cvr == _COMPANIES.c.cvr)
        .order_by(_COMPANIES.c.name, _COMPANIES.c.cvr)
    )
    if lks_id is not None:
        stmt = stmt.where(_COMPANIES.c.lks_id == lks_id)
    return _frame(connection, stmt)


def visits_of(connection: Connection, cvr: str) -> pd.DataFrame:
    """The visits to one company, newest first."""
    stmt = select(_VISITS).where(_VISITS.c.cvr == cvr).order_by(_VISITS.c.date.desc(), _VISITS.c.visit_id)
    return _frame(connection, stmt)


def needs_of(connection: Connection, cvr: str) -> pd.DataFrame:
    """The needs of one company, newest deadline first (no deadline last)."""
    stmt = (
        select(_NEEDS)
        .where(_NEEDS.c.cvr == cvr)
        .order_by(_NEEDS.c.deadline.is_(None), _NEEDS.c.deadline.desc(), _NEEDS.c.need_id)
    )
    return _frame(connection, stmt)


def follow_ups(connection: Connection, lks_id: str | None, *, until: dt.date) -> pd.DataFrame:
    """Visits of an LKS whose follow-up date is on or before ``until`` and not yet followed up.

    A follow-up counts as done when the company has a later visit (on or after the follow-up
    date, or any visit dated after the one that asked for it).
    """
    later = _VISITS.alias("later")
    done = (
        select(later.c.visit_id).where(later.c.cvr == _VISITS.c.cvr, later.c.date > _VISITS.c.date).exists()
    )
    stmt = (
        select(
            _VISITS.c.visit_id,
            _VISITS.c.cvr,
            _COMPANIES.c.name,
            _VISITS.c.date,
            _VISITS.c.follow_up,
            _VISITS.c.systems,
            _VISITS.c.topics,
        )
        .join(_COMPANIES, _COMPANIES.c.cvr == _VISITS.c.cvr)
        .where(_VISITS.c.follow_up.is_not(None), _VISITS.c.follow_up <= until, ~done)
        .order_by(_VISITS.c.follow_up, _VISITS.c.visit_id)
    )
    if lks_id is not None:
        stmt = stmt.where(_VISITS.c.lks_id == lks_id)
    return _frame(connection, stmt)


def need_states(connection: Connection, need_ids: Collection[str]) -> dict[str, dict[str, int]]:
    """Per need: how many people are in each latest decision state, and each outcome (counts only).

    The latest decision per person and need is the person's state on it (``contacted``,
    ``accepted``, ...); outcomes are counted per distinct person.
    """
    if not need_ids:
        return {}
    ids = sorted(set(need_ids))
    latest = (
        select(_DECISIONS.c.need_id, _DECISIONS.c.person_id, func.max(_DECISIONS.c.id).label("id"))
        .where(_DECISIONS.c.need_id.in_(ids))
        .group_by(_DECISIONS.c.need_id, _DECISIONS.c.person_id)
        .subquery()
    )
    states = connection.execute(
        select(_DECISIONS.c.need_id, _DECISIONS.c.decision, func.count())
        .join(latest, latest.c.id == _DECISIONS.c.id)
        .group_by(_DECISIONS.c.need_id, _DECISIONS.c.decision)
    ).all()
    outcomes = connection.execute(
        select(_OUTCOMES.c.need_id, _OUTCOMES.c.outcome, func.count(func.distinct(_OUTCOMES.c.person_id)))
        .where(_OUTCOMES.c.need_id.in_(ids))
        .group_by(_OUTCOMES.c.need_id, _OUTCOMES.c.outcome)
    ).all()
    found: dict[str, dict[str, int]] = {need_id: {} for need_id in ids}
    for need_id, state, n in [*states, *outcomes]:
        found[str(need_id)][str(state)] = int(n)
    return found


def people_placed(connection: Connection, need_id: str) -> int:
    """Distinct people whose latest decision on the need is ``accepted`` or who were ``hired`` for it."""
    latest = (
        select(_DECISIONS.c.person_id, func.max(_DECISIONS.c.id).label("id"))
        .where(_DECISIONS.c.need_id == need_id)
        .group_by(_DECISIONS.c.person_id)
        .subquery()
    )
    accepted = set(
        connection.execute(
            select(_DECISIONS.c.person_id)
            .join(latest, latest.c.id == _DECISIONS.c.id)
            .where(_DECISIONS.c.decision == "accepted")
        ).scalars()
    )
    hired = set(
        connection.execute(
            select(_OUTCOMES.c.person_id).where(
                and_(_OUTCOMES.c.need_id == need_id, _OUTCOMES.c.outcome == "hired")
            )
        ).scalars()
    )
    return len(accepted | hired)


def set_need_status(connection: Connection, need_id: str, status: str) -> bool:
    """Set a need's status; ``True`` when it changed."""
    result = connection.execute(
        update(_NEEDS).where(_NEEDS.c.need_id == need_id, _NEEDS.c.status != status).values(status=status)
    )
    return bool(result.rowcount)


def save(connection: Connection, kind: str, record: Mapping[str, Any]) -> repo.UpsertResult:
    """Insert or update one ``needs`` or ``visits`` record (``lks_id`` copied from its company)."""
    row = dict(record)
    row["lks_id"] = repo.company_lks(connection, {str(row["cvr"])}).get(str(row["cvr"]))
    return repo.upsert(connection, kind, [row])


# --- what happened on a need: decisions, outcomes, enrolments -------------------------------------

_ENROLMENTS = _T["enrolments"]


def decision_history(connection: Connection, need_id: str) -> pd.DataFrame:
    """Every decision on a need, oldest first (``person_id, decision, reason, username, created_at``)."""
    stmt = (
        select(
            _DECISIONS.c.person_id,
            _DECISIONS.c.decision,
            _DECISIONS.c.reason,
            _DECISIONS.c.username,
            _DECISIONS.c.created_at,
        )
        .where(_DECISIONS.c.need_id == need_id)
        .order_by(_DECISIONS.c.id)
    )
    return _frame(connection, stmt)


def outcomes_of(connection: Connection, need_id: str) -> pd.DataFrame:
    """Every outcome of a need (``person_id, outcome, date, recorded_by``), by date."""
    stmt = (
        select(
            _OUTCOMES.c.person_id,
            _OUTCOMES.c.outcome,
            _OUTCOMES.c.date,
            _OUTCOMES.c.recorded_by,
            _OUTCOMES.c.recorded_at,
        )
        .where(_OUTCOMES.c.need_id == need_id)
        .order_by(_OUTCOMES.c.date, _OUTCOMES.c.id)
    )
    return _frame(connection, stmt)


def record_outcome(
    connection: Connection, *, need_id: str, person_id: str, outcome: str, day: dt.date, username: str
) -> bool:
    """Store an outcome recorded in the web app; ``False`` when the same outcome was already there."""
    exists = connection.execute(
        select(_OUTCOMES.c.id).where(
            _OUTCOMES.c.need_id == need_id, _OUTCOMES.c.person_id == person_id, _OUTCOMES.c.outcome == outcome
        )
    ).first()
    if exists is not None:
        return False
    connection.execute(
        _OUTCOMES.insert().values(
            need_id=need_id,
            person_id=person_id,
            outcome=outcome,
            date=day,
            recorded_by=username,
            recorded_at=repo.utcnow(),
        )
    )
    return True


def insert_enrolment(
    connection: Connection,
    *,
    need_id: str,
    offer_id: str,
    person_id: str | None,
    staff: int | None,
    agreement_signed: bool | None,
    username: str,
    now: dt.datetime,
) -> int:
    """Store an enrolment and return its id (the caller has checked it)."""
    result = connection.execute(
        _ENROLMENTS.insert().values(
            need_id=need_id,
            offer_id=offer_id,
            person_id=person_id,
            staff=staff,
            agreement_signed=agreement_signed,
            username=username,
            created_at=now,
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def enrolments_of(connection: Connection, need_id: str) -> pd.DataFrame:
    """The enrolments of a need, oldest first (with the offer's title and provider)."""
    offers = _T["offers"]
    stmt = (
        select(
            _ENROLMENTS.c.id,
            _ENROLMENTS.c.offer_id,
            offers.c.title,
            offers.c.provider,
            _ENROLMENTS.c.person_id,
            _ENROLMENTS.c.staff,
            _ENROLMENTS.c.agreement_signed,
            _ENROLMENTS.c.username,
            _ENROLMENTS.c.created_at,
        )
        .join(offers, offers.c.offer_id == _ENROLMENTS.c.offer_id)
        .where(_ENROLMENTS.c.need_id == need_id)
        .order_by(_ENROLMENTS.c.id)
    )
    return _frame(connection, stmt)


def seats_taken(connection: Connection, offer_ids: Collection[str]) -> dict[str, int]:
    """Per offer: the seats taken by enrolments recorded here (a person 1, staff their number)."""
    if not offer_ids:
        return {}
    taken = func.sum(func.coalesce(_ENROLMENTS.c.staff, 1))
    rows = connection.execute(
        select(_ENROLMENTS.c.offer_id, taken)
        .where(_ENROLMENTS.c.offer_id.in_(sorted(set(offer_ids))))
        .group_by(_ENROLMENTS.c.offer_id)
    ).all()
    return {str(k): int(v or 0) for k, v in rows}


def staff_enrolled(connection: Connection, cvr: str) -> dict[str, int]:
    """Per programme (``""`` for none): how many of a company's staff were enrolled for its needs."""
    rows = connection.execute(
        select(func.coalesce(_NEEDS.c.project, ""), func.sum(_ENROLMENTS.c.staff))
        .join(_NEEDS, _NEEDS.c.need_id == _ENROLMENTS.c.need_id)
        .where(_NEEDS.c.cvr == cvr, _ENROLMENTS.c.staff.is_not(None))
        .group_by(func.coalesce(_NEEDS.c.project, ""))
    ).all()
    return {str(k): int(v or 0) for k, v in rows}
