"""Erasure on request and by retention: every table is cleared of the person; tombstones say nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Engine, MetaData, insert, select

from lksmatch.errors import NotFoundError, UsageError
from store import repo
from store.erasure import REDACTED, erase_person, retention
from store.models import Base

PERSON = "PSEUDO-7f3a91"
OTHER = "PSEUDO-0b22c4"
ENDED_LONG_AGO = "PSEUDO-ended-old"
ENDED_RECENTLY = "PSEUDO-ended-new"
NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
T = Base.metadata.tables


def seed(engine: Engine) -> None:
    """One company and need, four people, and everything that can be derived from a person."""
    people = [
        (PERSON, None),
        (OTHER, None),
        (ENDED_LONG_AGO, dt.date(2025, 3, 1)),
        (ENDED_RECENTLY, dt.date(2025, 3, 2)),
    ]
    with engine.begin() as c:
        c.execute(insert(T["companies"]), [{"cvr": "10000009", "name": "Smed A/S"}])
        c.execute(insert(T["needs"]), [{"need_id": "N1", "cvr": "10000009", "occupation": "7212"}])
        c.execute(
            insert(T["jobseekers"]),
            [{"person_id": p, "municipality_code": "751", "unemployment_ended": e} for p, e in people],
        )
        c.execute(
            insert(T["users"]),
            [
                {
                    "username": "lise",
                    "password_hash": "x",
                    "role": "lks",
                    "lks_id": "aarhus",
                    "created_at": NOW,
                }
            ],
        )
        user_id = c.execute(select(T["users"].c.id)).scalar_one()
        c.execute(
            insert(T["sessions"]),
            [{"id": "s1", "user_id": user_id, "created_at": NOW, "expires_at": NOW + dt.timedelta(hours=8)}],
        )
        for p, _ in people:
            c.execute(
                insert(T["outcomes"]),
                [
                    {"need_id": "N1", "person_id": p, "outcome": o, "date": dt.date(2025, 5, 1)}
                    for o in ("contacted", "hired")
                ],
            )
            c.execute(
                insert(T["decisions"]),
                [
                    {
                        "need_id": "N1",
                        "person_id": p,
                        "decision": "contacted",
                        "reason": "god match",
                        "username": "lise",
                        "created_at": NOW,
                    }
                ],
            )
            c.execute(
                insert(T["match_scores"]),
                [{"need_id": "N1", "person_id": p, "score": 0.8, "rank": 1, "computed_at": NOW}],
            )
            repo.audit(c, "decision.recorded", username="lise", record_kind="person", record_id=p, now=NOW)
            repo.audit(
                c,
                "candidates.viewed",
                username="lise",
                record_kind="need",
                record_id="N1",
                detail=f"top 10 incl. {p}",
                now=NOW,
            )


def occurrences(engine: Engine, needle: str) -> dict[str, int]:
    """How many rows of each table (reflected: every table, every column) mention ``needle``."""
    meta = MetaData()
    meta.reflect(engine)
    found: dict[str, int] = {}
    with engine.connect() as c:
        for table in meta.sorted_tables:
            rows: list[Any] = list(c.execute(select(table)).all())
            hits = sum(1 for row in rows if any(needle in str(v) for v in row))
            if hits:
                found[table.name] = hits
    return found


def test_erase_person_reaches_every_table(engine: Engine) -> None:
    seed(engine)
    assert set(occurrences(engine, PERSON)) == {
        "jobseekers",
        "outcomes",
        "decisions",
        "match_scores",
        "audit_log",
    }
    result = erase_person(engine, PERSON, username="admin", now=NOW)
    assert result.persons == 1
    assert result.derived == {"outcomes": 2, "decisions": 1, "match_scores": 1}
    assert result.audit_entries_redacted == 2
    assert occurrences(engine, PERSON) == {}
    assert occurrences(engine, OTHER)["outcomes"] == 2  # nobody else is touched
    with engine.connect() as c:
        tombstone = c.execute(select(T["audit_log"]).order_by(T["audit_log"].c.id.desc())).mappings().first()
        assert repo.count(c, "jobseekers") == 3
    assert tombstone is not None
    assert (tombstone["action"], tombstone["record_kind"], tombstone["record_id"]) == (
        "person.erased",
        "person",
        None,
    )
    assert "1 person(s) erased" in tombstone["detail"] and "2 outcomes" in tombstone["detail"]
    assert occurrences(engine, REDACTED)["audit_log"] == 2


def test_erasing_an_unknown_person_writes_nothing(engine: Engine) -> None:
    seed(engine)
    with engine.connect() as c:
        before = repo.count(c, "jobseekers"), len(c.execute(select(T["audit_log"])).all())
    with pytest.raises(NotFoundError) as exc:
        erase_person(engine, "PSEUDO-nobody")
    assert "PSEUDO-nobody" not in str(exc.value)
    with engine.connect() as c:
        assert (repo.count(c, "jobseekers"), len(c.execute(select(T["audit_log"])).all())) == before


def test_retention_with_a_frozen_date(engine: Engine) -> None:
    seed(engine)
    today = dt.date(2026, 3, 1)  # ENDED_LONG_AGO: 365 days ago, ENDED_RECENTLY: 364 days ago
    result = retention(engine, 364, today, username="cron", now=NOW)
    assert result.persons == 1 and result.derived["outcomes"] == 2
    assert occurrences(engine, ENDED_LONG_AGO) == {}
    assert "jobseekers" in occurrences(engine, ENDED_RECENTLY)
    assert "jobseekers" in occurrences(engine, PERSON)  # still unemployed: kept
    again = retention(engine, 364, today, now=NOW)
    assert again.persons == 0
    assert retention(engine, 363, today, now=NOW).persons == 1
    assert occurrences(engine, ENDED_RECENTLY) == {}
    with engine.connect() as c:
        details = [
            r.detail
            for r in c.execute(select(T["audit_log"]).where(T["audit_log"].c.action == "retention.erased"))
        ]
    assert len(details) == 3 and all("at 2026-03-01" in d for d in details)


def test_retention_refuses_negative_days(engine: Engine) -> None:
    with pytest.raises(UsageError):
        retention(engine, -1, dt.date(2026, 1, 1))
