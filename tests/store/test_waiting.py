"""What is waiting for an LKS team, on SQLite and PostgreSQL: overdue needs, contacts without a next step."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, insert

from store import models, repo, waiting

TODAY = dt.date(2026, 12, 2)
BEFORE = dt.datetime(2026, 11, 18, tzinfo=dt.UTC)  # 14 days before TODAY
_T = models.Base.metadata.tables


def _at(days_ago: int) -> dt.datetime:
    return dt.datetime.combine(TODAY - dt.timedelta(days=days_ago), dt.time(10), dt.UTC)


def _setup(engine: Engine) -> None:
    with engine.begin() as c:
        firms = [{"cvr": "10000009", "name": "Smedien", "lks_id": "aarhus"},
                 {"cvr": "20000008", "name": "Andetsteds", "lks_id": "viborg"}]  # fmt: skip
        repo.upsert(c, "companies", firms)
        deadline = TODAY - dt.timedelta(days=5)
        repo.upsert(
            c,
            "needs",
            [
                {"need_id": "OPEN-LATE", "cvr": "10000009", "occupation": "7212", "deadline": deadline},
                {"need_id": "OPEN-TODAY", "cvr": "10000009", "occupation": "7212", "deadline": TODAY},
                {"need_id": "OPEN-NONE", "cvr": "10000009", "occupation": "7212", "deadline": None},
                {"need_id": "FILLED-LATE", "cvr": "10000009", "occupation": "7212", "deadline": deadline},
                {"need_id": "ELSEWHERE", "cvr": "20000008", "occupation": "7212", "deadline": deadline},
            ],
        )  # fmt: skip
        c.execute(_T["needs"].update().where(_T["needs"].c.need_id == "FILLED-LATE").values(status="filled"))
        repo.sync_need_lks(c)
        repo.upsert(c, "jobseekers", [{"person_id": p, "municipality_code": "751"} for p in "ABCDEF"])
        rows = [
            ("OPEN-NONE", "A", "contacted", 20),  # waiting
            ("OPEN-NONE", "B", "contacted", 20),
            ("OPEN-NONE", "B", "interview", 10),  # a next step
            ("OPEN-NONE", "C", "contacted", 10),  # not yet 14 days
            ("OPEN-NONE", "D", "contacted", 30),  # an outcome recorded since
            ("OPEN-NONE", "E", "contacted", 30),  # an imported outcome dated before the contact
            ("FILLED-LATE", "F", "contacted", 30),  # the need is no longer open
        ]
        c.execute(
            insert(_T["decisions"]),
            [{"need_id": n, "person_id": p, "decision": d, "username": "jc", "created_at": _at(a)}
             for n, p, d, a in rows],
        )  # fmt: skip
        c.execute(
            insert(_T["outcomes"]),
            [
                {"need_id": "OPEN-NONE", "person_id": "D", "outcome": "not_hired", "recorded_at": _at(25),
                 "date": None},
                {"need_id": "OPEN-NONE", "person_id": "E", "outcome": "interviewed", "recorded_at": None,
                 "date": TODAY - dt.timedelta(days=60)},
            ],
        )  # fmt: skip


def test_overdue_needs_are_open_needs_past_their_deadline_in_the_lks(engine: Engine) -> None:
    _setup(engine)
    with engine.connect() as c:
        mine = waiting.overdue_needs(c, "aarhus", today=TODAY)
        everyone = waiting.overdue_needs(c, None, today=TODAY)
    assert mine["need_id"].tolist() == ["OPEN-LATE"]  # a deadline of today is not passed yet
    assert mine["name"].tolist() == ["Smedien"]
    assert sorted(everyone["need_id"]) == ["ELSEWHERE", "OPEN-LATE"]


def test_a_contact_waits_until_a_next_step_or_an_outcome(engine: Engine) -> None:
    _setup(engine)
    with engine.connect() as c:
        found = waiting.waiting_contacts(c, "aarhus", before=BEFORE)
        elsewhere = waiting.waiting_contacts(c, "viborg", before=BEFORE)
    assert found["person_id"].tolist() == ["E", "A"]  # the oldest first
    assert found["need_id"].unique().tolist() == ["OPEN-NONE"] and elsewhere.empty
    assert repo.as_utc(found["at"].iloc[1]) == _at(20)
