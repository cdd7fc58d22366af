"""Bulk upserts on the natural key; reads; the audit log."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, select, update

from store import repo
from store.models import Base


def test_upsert_counts_and_leaves_absent_columns_alone(engine: Engine) -> None:
    companies = [{"cvr": "10000009", "name": "A", "lks_id": "aarhus"}]
    needs = [{"need_id": f"N{i}", "cvr": "10000009", "occupation": "7212", "count": 1} for i in range(3)]
    with engine.begin() as c:
        assert repo.upsert(c, "companies", companies) == repo.UpsertResult(1, 0, 0)
        assert repo.upsert(c, "needs", needs) == repo.UpsertResult(3, 0, 0)
        c.execute(update(Base.metadata.tables["needs"]).values(status="cancelled"))
    changed = [dict(n, count=5) if n["need_id"] == "N1" else n for n in needs]
    with engine.begin() as c:
        assert repo.upsert(c, "needs", changed + [dict(needs[0], need_id="N9")]) == repo.UpsertResult(1, 1, 2)
        frame = repo.load(c, "needs")
    assert frame["need_id"].tolist() == ["N0", "N1", "N2", "N9"]
    assert frame["count"].tolist() == [1, 5, 1, 1]
    # not in the rows: kept
    assert frame["status"].tolist() == ["cancelled", "cancelled", "cancelled", "open"]
    assert frame["kind"].tolist() == ["hire"] * 4  # server default on insert


def test_upsert_on_a_composite_key(engine: Engine) -> None:
    with engine.begin() as c:
        repo.upsert(c, "companies", [{"cvr": "10000009", "name": "A"}])
        repo.upsert(c, "needs", [{"need_id": "N1", "cvr": "10000009", "occupation": "x"}])
        repo.upsert(c, "jobseekers", [{"person_id": "P1", "municipality_code": "751"}])
        rows = [
            {"need_id": "N1", "person_id": "P1", "outcome": o, "date": dt.date(2025, 1, d)}
            for d, o in enumerate(("contacted", "hired"), start=1)
        ]
        assert repo.upsert(c, "outcomes", rows) == repo.UpsertResult(2, 0, 0)
        rows[1] = dict(rows[1], date=dt.date(2025, 2, 1))
        assert repo.upsert(c, "outcomes", rows) == repo.UpsertResult(0, 1, 1)
        assert repo.count(c, "outcomes") == 2
        assert repo.upsert(c, "outcomes", []) == repo.UpsertResult(0, 0, 0)


def test_load_by_lks_and_sync_need_lks(engine: Engine) -> None:
    with engine.begin() as c:
        repo.upsert(
            c,
            "companies",
            [
                {"cvr": "10000009", "name": "A", "lks_id": "aarhus"},
                {"cvr": "29403473", "name": "B", "lks_id": "randers"},
            ],
        )
        repo.upsert(
            c,
            "needs",
            [
                {"need_id": "N1", "cvr": "10000009", "occupation": "x", "lks_id": None},
                {"need_id": "N2", "cvr": "29403473", "occupation": "y", "lks_id": "randers"},
            ],
        )
        assert repo.sync_need_lks(c) == 1
        assert repo.load(c, "needs", lks_id="aarhus")["need_id"].tolist() == ["N1"]
        assert repo.keys(c, "companies") == {"10000009", "29403473"}
        assert repo.company_lks(c, ["29403473", "00000000"]) == {"29403473": "randers"}


def test_candidate_reads_are_structured_and_answer_what_was_shown(engine: Engine) -> None:
    with engine.begin() as c:
        repo.audit_candidate_reads(c, "N1", ["P1", "P2"], username="lise", purpose="match workspace")
        repo.audit_candidate_reads(c, "N1", [], username="lise", purpose="nothing")
        repo.audit_candidate_reads(c, "N1: x", ["P3"], username="lise", purpose="look-alike need id")
        repo.audit_many(c, repo.CANDIDATE_READ, ["P4"], username="lise", detail="need N1: unstructured")
        repo.audit(c, "decision", username="lise", record_kind="person", record_id="P5", detail="need N1: x")
        rows = c.execute(select(Base.metadata.tables["audit_log"]).order_by("id")).mappings().all()
        shown = {
            (need, person, who): repo.candidate_was_shown(c, need_id=need, person_id=person, usernames=who)
            for need, person, who in [
                ("N1", "P1", ("lise",)),
                ("N1", "P2", ("ole", "lise")),
                ("N1", "P1", ("ole",)),  # someone else
                ("N2", "P1", ("lise",)),  # another need
                ("N1", "P3", ("lise",)),  # shown for "N1: x", not for N1
                ("N1", "P4", ("lise",)),  # only named in free text
                ("N1", "P5", ("lise",)),  # a decision, not a read
                ("N1", "P1", ()),
            ]
        }
    assert [(r["record_id"], r["need_id"], r["detail"]) for r in rows[:2]] == [
        ("P1", "N1", "need N1: match workspace"),
        ("P2", "N1", "need N1: match workspace"),
    ]
    assert all(r["action"] == "read_candidate" and r["record_kind"] == "person" for r in rows[:3])
    assert [key for key, yes in shown.items() if yes] == [
        ("N1", "P1", ("lise",)),
        ("N1", "P2", ("ole", "lise")),
    ]
