"""What is waiting for an LKS team: overdue needs, and people contacted without a next step.

Every function takes a :class:`sqlalchemy.Connection` inside a transaction the caller owns.
:func:`waiting_contacts` returns pseudonyms: the service hands them only to those who see
persons (the jobcentre) and counts to everyone else.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import Connection, and_, func, or_, select

from store import models, repo

_T = models.Base.metadata.tables
_COMPANIES, _NEEDS = _T["companies"], _T["needs"]
_DECISIONS, _OUTCOMES = _T["decisions"], _T["outcomes"]


def _frame(connection: Connection, stmt: Any) -> pd.DataFrame:
    result = connection.execute(stmt)
    return repo.frame_of(result)


def _open() -> Any:
    return or_(_NEEDS.c.status.is_(None), _NEEDS.c.status == "open")


def overdue_needs(connection: Connection, lks_id: str | None, *, today: dt.date) -> pd.DataFrame:
    """Needs still ``open`` after their deadline: ``need_id``, ``title``, ``occupation``, ``deadline``,
    ``cvr`` and the company's ``name``, the most recently overdue first (the ones a team can still act on).
    """
    stmt = (
        select(
            _NEEDS.c.need_id, _NEEDS.c.title, _NEEDS.c.occupation, _NEEDS.c.kind, _NEEDS.c.deadline,
            _NEEDS.c.cvr, _COMPANIES.c.name,
        )  # fmt: skip
        .join(_COMPANIES, _COMPANIES.c.cvr == _NEEDS.c.cvr)
        .where(_open(), _NEEDS.c.deadline.is_not(None), _NEEDS.c.deadline < today)
        .order_by(_NEEDS.c.deadline.desc(), _NEEDS.c.need_id)
    )
    if lks_id is not None:
        stmt = stmt.where(_NEEDS.c.lks_id == lks_id)
    return _frame(connection, stmt)


def waiting_contacts(connection: Connection, lks_id: str | None, *, before: dt.datetime) -> pd.DataFrame:
    """People whose latest step on an open need is ``contacted``, made before ``before``, with no
    outcome recorded since: ``need_id``, ``person_id``, ``username``, ``at``, ``cvr``, ``name``,
    the oldest first.
    """
    latest = (
        select(func.max(_DECISIONS.c.id).label("id"))
        .group_by(_DECISIONS.c.need_id, _DECISIONS.c.person_id)
        .subquery()
    )
    outcome_since = (
        select(_OUTCOMES.c.id)
        .where(
            _OUTCOMES.c.need_id == _DECISIONS.c.need_id,
            _OUTCOMES.c.person_id == _DECISIONS.c.person_id,
            or_(
                _OUTCOMES.c.recorded_at >= _DECISIONS.c.created_at,
                # an imported outcome has a day, not a moment: a step when not before the contact's day
                and_(
                    _OUTCOMES.c.recorded_at.is_(None),
                    or_(_OUTCOMES.c.date.is_(None), _OUTCOMES.c.date >= func.date(_DECISIONS.c.created_at)),
                ),
            ),
        )
        .exists()
    )
    stmt = (
        select(
            _DECISIONS.c.need_id, _DECISIONS.c.person_id, _DECISIONS.c.username,
            _DECISIONS.c.created_at.label("at"), _NEEDS.c.cvr, _COMPANIES.c.name, _NEEDS.c.title,
        )  # fmt: skip
        .join(latest, latest.c.id == _DECISIONS.c.id)
        .join(_NEEDS, _NEEDS.c.need_id == _DECISIONS.c.need_id)
        .join(_COMPANIES, _COMPANIES.c.cvr == _NEEDS.c.cvr)
        .where(and_(_DECISIONS.c.decision == "contacted", _DECISIONS.c.created_at < before, _open()))
        .where(~outcome_since)
        .order_by(_DECISIONS.c.created_at, _DECISIONS.c.id)
    )
    if lks_id is not None:
        stmt = stmt.where(_NEEDS.c.lks_id == lks_id)
    return _frame(connection, stmt)


def set_decision_time(connection: Connection, need_id: str, person_id: str, decision: str, at: Any) -> None:
    """Set when the latest ``decision`` on a person for a need was made (the demo's weeks of work only:
    :mod:`lksmatch.demo_activity`; the web app records the moment of every decision and never moves it).
    """
    latest = (
        select(func.max(_DECISIONS.c.id))
        .where(
            _DECISIONS.c.need_id == need_id,
            _DECISIONS.c.person_id == person_id,
            _DECISIONS.c.decision == decision,
        )
        .scalar_subquery()
    )
    connection.execute(_DECISIONS.update().where(_DECISIONS.c.id == latest).values(created_at=at))


def set_outcome_time(connection: Connection, need_id: str, person_id: str, at: Any) -> None:
    """Set when the outcomes of a person for a need were recorded (the demo only, as above)."""
    connection.execute(
        _OUTCOMES.update()
        .where(_OUTCOMES.c.need_id == need_id, _OUTCOMES.c.person_id == person_id)
        .values(recorded_at=at)
    )
