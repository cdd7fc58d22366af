"""The LKS workspace through SecureService: systems, companies, visits, needs from the web."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pandas as pd
import pytest
from reference import reference_data_dir
from sqlalchemy import text

from lksmatch import auth
from lksmatch.access import SecureService
from lksmatch.config import Settings
from lksmatch.errors import NotFoundError, PermissionDenied, UsageError, ValidationError
from lksmatch.service import Service
from store import repo

HOME = "aarhus"
TODAY = dt.date(2026, 12, 2)
PASSWORD = "korrekt-hest-batteri"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    tmp = tmp_path_factory.mktemp("workspace")
    svc = Service(
        Settings(
            database_url=f"sqlite:///{tmp}/t.db",
            data_dir=reference_data_dir(),
            cookie_secure=False,
            secret_key="test",
            model_dir=tmp / "models",
        ),
        today=lambda: TODAY,
    )
    svc.load_demo_data(scale=0.05, seed=1, folder=tmp / "demo")
    yield svc
    svc.engine.dispose()


def _as(
    service: Service, system: str | None, *, lks_id: str | None = HOME, role: str = "lks"
) -> SecureService:
    return SecureService(service, auth.Principal(f"t-{role}-{system}-{lks_id}", role, lks_id, system))


def _companies(service: Service) -> pd.DataFrame:
    with service.engine.connect() as connection:
        return repo.load(connection, "companies")


def _home_company(service: Service, *, growth: bool | None = None) -> str:
    companies = _companies(service)
    mine = companies[companies["lks_id"] == HOME]
    if growth is not None:
        mine = mine[mine["growth_company"].fillna(False).astype(bool) == growth]
    return str(mine["cvr"].iloc[0])


def _other_company(service: Service) -> str:
    companies = _companies(service)
    return str(companies.loc[companies["lks_id"].notna() & (companies["lks_id"] != HOME), "cvr"].iloc[0])


def _home_hire_need(service: Service) -> str:
    with service.engine.connect() as connection:
        needs = repo.load(connection, "needs", lks_id=HOME)
    ranked = service.match_flow.candidates(lks_id=HOME, top=3)
    open_hire = needs[(needs["kind"] == "hire") & needs["need_id"].isin(ranked["need_id"])]
    return str(open_hire["need_id"].iloc[0])


def _forbidden(service: Service, username: str) -> int:
    sql = "SELECT COUNT(*) FROM audit_log WHERE action = 'forbidden' AND username = :u"
    with service.engine.connect() as connection:
        return int(connection.execute(text(sql), {"u": username}).scalar_one())


@pytest.mark.parametrize("system", ["erhvervsservice", "uddannelse"])
def test_only_the_jobcentre_ever_receives_a_person(service: Service, system: str) -> None:
    need = _home_hire_need(service)
    other = _as(service, system)
    before = _forbidden(service, other.principal.username)
    with pytest.raises(PermissionDenied):
        other.candidates(need, top=5)
    shown = _as(service, "jobcenter").candidates(need, top=5)
    assert len(shown)
    with pytest.raises(PermissionDenied):
        other.record_decision(need, str(shown["person_id"].iloc[0]), "contacted", None)
    assert _forbidden(service, other.principal.username) == before + 2
    counts = other.need_counts(need)  # what the other systems get instead: counts
    assert set(counts) >= {"good_candidates", "contacted", "accepted", "rejected", "hired"}
    assert all(isinstance(v, int) for v in counts.values())
    needs = other.needs()
    assert need in set(needs["need_id"]) and "person_id" not in needs.columns


def test_an_lks_user_without_a_system_sees_no_person(service: Service) -> None:
    with pytest.raises(PermissionDenied):
        _as(service, None).candidates(_home_hire_need(service), top=3)


def test_the_company_list_is_the_own_lks_and_searchable(service: Service) -> None:
    es = _as(service, "erhvervsservice")
    companies = es.companies()
    assert len(companies) and set(companies["lks_id"]) == {HOME}
    assert {"cvr", "name", "municipality_code", "needs_open", "last_visit"} <= set(companies.columns)
    name = str(companies["name"].iloc[0])
    found = es.companies(query=name[:5].lower())
    assert name in set(found["name"]) and len(found) <= len(companies)
    assert es.companies(query=str(companies["cvr"].iloc[0]))["cvr"].tolist() == [companies["cvr"].iloc[0]]
    with pytest.raises(PermissionDenied):
        es.companies(lks_id="viborg")
    with pytest.raises(PermissionDenied):
        es.company(_other_company(service))
    with pytest.raises(NotFoundError):
        es.company("99999999")
    for role in ("region", "planner"):
        with pytest.raises(PermissionDenied):
            _as(service, None, lks_id=None, role=role).companies(lks_id=HOME)


def test_a_sambesoeg_recorded_on_the_page_is_stored_and_audited(service: Service) -> None:
    cvr = _home_company(service)
    es = _as(service, "erhvervsservice")
    saved = es.record_visit(
        cvr,
        {
            "date": "2026-11-30",
            "systems": ["erhvervsservice", "jobcenter"],
            "kind": "fysisk",
            "topics": "rekruttering;automatisering",
            "note": "Mangler to CNC-operatører.\nRing i januar.",
            "follow_up": "2027-01-10",
        },
    )
    assert saved["visit_id"].startswith("V-") and saved["systems"] == "jobcenter;erhvervsservice"
    assert saved["lks_id"] == HOME and saved["date"] == dt.date(2026, 11, 30)
    page = es.company(cvr)
    visits = page["visits"]
    assert saved["visit_id"] in set(visits["visit_id"])
    assert bool(visits.set_index("visit_id").loc[saved["visit_id"], "sambesoeg"])
    with service.engine.connect() as connection:
        logged = connection.execute(
            text("SELECT username, record_id FROM audit_log WHERE action = 'visit_recorded'")
        ).all()
    assert (es.principal.username, saved["visit_id"]) in [tuple(r) for r in logged]


@pytest.mark.parametrize(
    ("fields", "column", "rule"),
    [
        ({"date": "2026-12-24", "systems": "jobcenter"}, "date", "in the future"),
        ({"date": "2026-11-02", "systems": "jobcenter;skolen"}, "systems", "is not a ;-list"),
        ({"date": "", "systems": "jobcenter"}, "date", "a value is required"),
        ({"date": "2026-11-02", "systems": "jobcenter", "note": "Talte med 010190-1234"}, "note", "CPR"),
        ({"date": "2026-11-02", "systems": "jobcenter", "follow_up": "2026-11-01"}, "follow_up", "before"),
        ({"date": "2026-11-02", "systems": "jobcenter", "kind": "brev"}, "kind", "is not one of"),
        ({"date": "2026-11-02", "systems": "jobcenter", "lks_id": "viborg"}, "lks_id", "is not a field"),
    ],
)
def test_a_bad_visit_names_the_field_and_writes_nothing(
    service: Service, fields: dict[str, object], column: str, rule: str
) -> None:
    cvr = _home_company(service)
    with service.engine.connect() as connection:
        before = repo.count(connection, "visits")
    with pytest.raises(ValidationError) as caught:
        _as(service, "uddannelse").record_visit(cvr, fields)
    assert any(
        p.column == column and rule.lower() in p.rule.lower() and p.row is None for p in caught.value.problems
    ), caught.value.problems
    assert "010190-1234" not in str(caught.value) + repr(caught.value.problems)
    with service.engine.connect() as connection:
        assert repo.count(connection, "visits") == before


def test_a_need_made_from_a_visit_and_edited(service: Service) -> None:
    cvr = _home_company(service)
    es = _as(service, "erhvervsservice")
    visit = es.record_visit(cvr, {"date": "2026-11-20", "systems": "erhvervsservice;uddannelse"})
    need = es.save_need(
        {
            "cvr": cvr,
            "occupation": "CNC-operatør",
            "title": "CNC-operatør til nat",
            "skills": ["CNC", "kvalitetskontrol"],
            "count": "2",
            "deadline": "2027-03-01",
            "visit_id": visit["visit_id"],
        }
    )
    assert need["need_id"].startswith("N-") and need["status"] == "open" and need["count"] == 2
    assert need["visit_id"] == visit["visit_id"] and need["lks_id"] == HOME
    assert need["skills"] == "CNC;kvalitetskontrol"
    changed = es.save_need({"status": "cancelled", "count": 3}, need_id=need["need_id"])
    assert (changed["status"], changed["count"], changed["title"]) == ("cancelled", 3, "CNC-operatør til nat")
    with pytest.raises(ValidationError) as caught:
        es.save_need({"cvr": "10000009"}, need_id=need["need_id"])
    assert [p.column for p in caught.value.problems] == ["cvr"]
    with pytest.raises(PermissionDenied):
        _as(service, "jobcenter", lks_id="viborg").save_need({"status": "open"}, need_id=need["need_id"])


@pytest.mark.parametrize(
    ("fields", "column", "rule"),
    [
        ({"occupation": ""}, "occupation", "a value is required"),
        ({"occupation": "7212", "count": "0"}, "count", "positive whole number"),
        ({"occupation": "7212", "deadline": "2026-01-01"}, "deadline", "has passed"),
        ({"occupation": "7212", "deadline": "1. marts"}, "deadline", "date"),
        ({"occupation": "7212", "kind": "lease"}, "kind", "is not one of"),
        ({"occupation": "7212", "visit_id": "V404"}, "visit_id", "does not exist"),
        ({"occupation": "7212", "project": "vaekst"}, "project", "growth compan"),
        ({"occupation": "7212", "title": "Ring 010190-1234"}, "title", "CPR"),
    ],
)
def test_a_bad_need_names_the_field_and_writes_nothing(
    service: Service, fields: dict[str, object], column: str, rule: str
) -> None:
    cvr = _home_company(service, growth=False)
    with service.engine.connect() as connection:
        before = repo.count(connection, "needs")
    with pytest.raises(ValidationError) as caught:
        _as(service, "jobcenter").save_need({"cvr": cvr, **fields})
    assert any(p.column == column and rule.lower() in p.rule.lower() for p in caught.value.problems), (
        caught.value.problems
    )
    with service.engine.connect() as connection:
        assert repo.count(connection, "needs") == before


def test_a_visit_of_another_company_cannot_be_named(service: Service) -> None:
    companies = _companies(service)
    home = companies[companies["lks_id"] == HOME]["cvr"].astype(str).tolist()
    es = _as(service, "erhvervsservice")
    visit = es.record_visit(home[1], {"date": "2026-11-01", "systems": "erhvervsservice"})
    with pytest.raises(ValidationError) as caught:
        es.save_need({"cvr": home[0], "occupation": "7212", "visit_id": visit["visit_id"]})
    assert [p.column for p in caught.value.problems] == ["visit_id"]


def test_a_need_is_filled_when_the_people_accepted_reach_its_count(service: Service) -> None:
    jc = _as(service, "jobcenter")
    need = _home_hire_need(service)
    jc.save_need({"count": 1, "status": "open"}, need_id=need)
    person = str(jc.candidates(need, top=3)["person_id"].iloc[0])
    jc.record_decision(need, person, "contacted", None)
    assert service.need(need)["status"] == "open"
    jc.record_decision(need, person, "accepted", "god match")
    assert service.need(need)["status"] == "filled"
    counts = _as(service, "uddannelse").need_counts(need)
    assert counts["accepted"] == 1 and counts["contacted"] == 0  # the latest state per person


def test_follow_ups_due_and_done(service: Service) -> None:
    es = _as(service, "erhvervsservice")
    companies = es.companies()
    cvr = str(companies.loc[companies["visits"] == 0, "cvr"].iloc[-1])  # no visit of another test
    due = es.record_visit(
        cvr, {"date": "2026-10-01", "systems": "erhvervsservice", "follow_up": "2026-11-15"}
    )
    listed = es.follow_ups()
    assert due["visit_id"] in set(listed["visit_id"])
    assert bool(listed.set_index("visit_id").loc[due["visit_id"], "overdue"])
    assert set(listed["cvr"]) <= set(es.companies()["cvr"])
    es.record_visit(cvr, {"date": "2026-11-16", "systems": "erhvervsservice"})
    assert due["visit_id"] not in set(es.follow_ups()["visit_id"])  # a later visit followed it up


def test_occupation_suggestions_for_a_typed_title(service: Service) -> None:
    found = _as(service, None, lks_id=None, role="region").occupations("svejser", top=5)
    assert 1 <= len(found) <= 5 and {"concept_uri", "label", "score"} <= set(found.columns)
    assert any("svejs" in str(label).lower() or "weld" in str(label).lower() for label in found["label"])
    with pytest.raises(UsageError):
        _as(service, "jobcenter").occupations("", top=5)


def test_users_belong_to_a_system(service: Service) -> None:
    admin = _as(service, None, lks_id=None, role="admin")
    made = admin.add_user("udd-lise", PASSWORD, "lks", HOME, system="uddannelse")
    assert made.system == "uddannelse" and not made.sees_persons
    with pytest.raises(ValidationError) as caught:
        admin.add_user("planner-x", PASSWORD, "planner", None, system="jobcenter")
    assert [p.column for p in caught.value.problems] == ["system"]
    with pytest.raises(ValidationError):
        admin.add_user("lks-x", PASSWORD, "lks", HOME, system="skolen")
    listed = admin.users().set_index("username")
    assert listed.loc["udd-lise", "system"] == "uddannelse"
