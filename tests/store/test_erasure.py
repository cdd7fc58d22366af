"""Erasure on request and by retention: every table is cleared of the person; tombstones say nothing."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from sqlalchemy import Engine, MetaData, Text, insert, select, update

from lksmatch.errors import NotFoundError, UsageError
from store import erasure, repo
from store.erasure import FREE_TEXT, NOT_FREE_TEXT, REDACTED, erase_person, retention
from store.models import Base

PERSON = "PSEUDO-7f3a91"
OTHER = "PSEUDO-0b22c4"
ENDED_LONG_AGO = "PSEUDO-ended-old"
ENDED_RECENTLY = "PSEUDO-ended-new"
NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
T = Base.metadata.tables
#: Decision reasons on *other* people's decisions that name someone who is erased later.
REASONS = {OTHER: f"bedre end {PERSON}", ENDED_RECENTLY: f"afløser for {ENDED_LONG_AGO}."}


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
        c.execute(insert(T["offers"]), [{"offer_id": "O1", "provider": "AMU", "title": "Svejsning"}])
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
                        "reason": REASONS.get(p, "god match"),
                        "username": "lise",
                        "created_at": NOW,
                    }
                ],
            )
            c.execute(
                insert(T["match_scores"]),
                [{"need_id": "N1", "person_id": p, "score": 0.8, "rank": 1, "computed_at": NOW}],
            )
            c.execute(
                insert(T["enrolments"]),
                [{"need_id": "N1", "offer_id": "O1", "person_id": p, "username": "lise", "created_at": NOW}],
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


def changed(counts: dict[str, int]) -> dict[str, int]:
    """The places that changed."""
    return {place: n for place, n in counts.items() if n}


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
        "enrolments",
        "audit_log",
    }
    result = erase_person(engine, PERSON, username="admin", now=NOW)
    assert result.persons == 1
    assert result.derived == {"outcomes": 2, "decisions": 1, "match_scores": 1, "enrolments": 1}
    assert result.audit_entries_redacted == 1
    assert changed(result.free_text) == {"audit_log.detail": 1, "decisions.reason": 1}
    assert set(result.free_text) == {f"{t}.{c}" for t, c in FREE_TEXT}
    assert result.free_text_scrubbed == 2
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
    assert "free-text places scrubbed: 2" in tombstone["detail"]
    assert occurrences(engine, REDACTED) == {"audit_log": 2, "decisions": 1}
    with engine.connect() as c:
        reason = c.execute(select(T["decisions"].c.reason).where(T["decisions"].c.person_id == OTHER))
        assert reason.scalar_one() == f"bedre end {REDACTED}"


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
    assert result.free_text["decisions.reason"] == 1
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


def set_reason(engine: Engine, person_id: str, reason: str) -> None:
    """Give ``person_id``'s decision this reason."""
    decisions = T["decisions"]
    with engine.begin() as c:
        c.execute(update(decisions).where(decisions.c.person_id == person_id).values(reason=reason))


def reason_of(engine: Engine, person_id: str) -> str:
    """The reason of ``person_id``'s decision."""
    decisions = T["decisions"]
    with engine.connect() as c:
        reason = c.execute(select(decisions.c.reason).where(decisions.c.person_id == person_id)).scalar_one()
    assert isinstance(reason, str)
    return reason


def test_only_whole_pseudonyms_are_scrubbed(engine: Engine) -> None:
    """A longer id that starts with the erased one, or the id in another case, is someone else."""
    seed(engine)
    text = (f"{PERSON}: ikke {PERSON}0, {PERSON}-2, X{PERSON} eller {PERSON.lower()}; "
            f"men ({PERSON}), '{PERSON}' og {PERSON}.")
    set_reason(engine, OTHER, text)
    result = erase_person(engine, PERSON, now=NOW)
    assert result.free_text["decisions.reason"] == 1
    assert reason_of(engine, OTHER) == (
        f"{REDACTED}: ikke {PERSON}0, {PERSON}-2, X{PERSON} eller {PERSON.lower()}; "
        f"men ({REDACTED}), '{REDACTED}' og {REDACTED}.")


def test_like_wildcards_in_a_pseudonym_match_only_themselves(engine: Engine) -> None:
    """``_`` and ``%`` are LIKE wildcards: the prefilter must not let them match other text."""
    seed(engine)
    odd = "P_4%2"
    with engine.begin() as c:
        c.execute(insert(T["jobseekers"]), [{"person_id": odd, "municipality_code": "751"}])
    set_reason(engine, OTHER, f"PX4%2 og PX4y2, ikke {odd}")
    result = erase_person(engine, odd, now=NOW)
    assert result.persons == 1 and result.free_text_scrubbed == 1
    assert reason_of(engine, OTHER) == f"PX4%2 og PX4y2, ikke {REDACTED}"


def test_other_texts_are_left_alone(engine: Engine) -> None:
    seed(engine)
    result = erase_person(engine, ENDED_RECENTLY, now=NOW)
    assert result.free_text_scrubbed == 1  # only the audit detail "top 10 incl. ..."
    assert reason_of(engine, OTHER) == f"bedre end {PERSON}"
    assert re.search(r"free-text places scrubbed: 1\b", result.describe())


def test_every_text_column_is_classified() -> None:
    """A new text column (visit notes, ...) must be listed as free text or as not free text."""
    text_columns = {
        f"{table.name}.{column.name}"
        for table in Base.metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, Text)
    }
    free = {f"{table}.{column}" for table, column in FREE_TEXT}
    not_free = {f"{table}.{column}" for table, column in NOT_FREE_TEXT}
    assert not free & not_free
    assert text_columns == free | not_free
    assert {"decisions.reason", "audit_log.detail"} <= free


def test_retention_scrubs_in_chunks(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Many erased people at once: every chunk of pseudonyms is scrubbed, each text once."""
    monkeypatch.setattr(erasure, "SCRUB_CHUNK", 3)
    seed(engine)
    gone = [f"PSEUDO-gone-{i}" for i in range(8)]
    with engine.begin() as c:
        ended = dt.date(2020, 1, 1)
        c.execute(insert(T["jobseekers"]),
                  [{"person_id": p, "municipality_code": "751", "unemployment_ended": ended} for p in gone])
        for p in gone:
            repo.audit(c, "note", detail=f"{p} ringede", now=NOW)
    set_reason(engine, OTHER, " ".join(gone))
    result = retention(engine, 364, dt.date(2026, 3, 1), now=NOW)
    assert result.persons == 9  # the eight and ENDED_LONG_AGO
    assert changed(result.free_text) == {"audit_log.detail": 9, "decisions.reason": 2}
    assert reason_of(engine, OTHER) == " ".join([REDACTED] * 8)
    for p in [*gone, ENDED_LONG_AGO]:
        assert occurrences(engine, p) == {}
