"""From need to outcome through SecureService: five decision states, history, outcomes, courses,
enrolments, the LKS shortlist, and what the other systems see (counts, never a person)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pandas as pd
import pytest
from reference import reference_data_dir
from sqlalchemy import text

from lksmatch import auth, rules
from lksmatch.access import SecureService
from lksmatch.config import Settings
from lksmatch.errors import PermissionDenied, UsageError, ValidationError
from lksmatch.service import Service
from store import repo

HOME = "aarhus"
TODAY = dt.date(2026, 12, 2)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    tmp = tmp_path_factory.mktemp("needwork")
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
    service_of[:] = [svc]
    for name, system in (("nw-jc", "jobcenter"), ("nw-jc2", "jobcenter"), ("nw-es", "erhvervsservice")):
        auth.add_user(svc.engine, name, "korrekt-hest-batteri", "lks", HOME, system=system)
    yield svc
    svc.engine.dispose()


def _as(service: Service, name: str) -> SecureService:
    system = "erhvervsservice" if name.endswith("-es") else "jobcenter"
    return SecureService(service, auth.Principal(name, "lks", HOME, system))


def _needs(service: Service) -> pd.DataFrame:
    with service.engine.connect() as connection:
        return repo.load(connection, "needs", lks_id=HOME)


def _hire_need(service: Service, skip: int = 0) -> str:
    ranked = service.match_flow.candidates(lks_id=HOME, top=3)
    needs = _needs(service)
    hire = needs[
        (needs["kind"] == "hire") & (needs["status"] == "open") & needs["need_id"].isin(ranked["need_id"])
    ]
    return str(hire["need_id"].iloc[skip])


def _upskill_need(service: Service) -> tuple[str, str, pd.DataFrame]:
    """An open upskill need with a course of 3 free seats or more: its id, its LKS and the courses."""
    admin = SecureService(service, auth.Principal("nw-admin", "admin"))
    with service.engine.connect() as connection:
        needs = repo.load(connection, "needs")
    for row in needs[(needs["kind"] == "upskill") & (needs["status"] == "open")].itertuples():
        offers = admin.need_offers(str(row.need_id), top=5)
        if len(offers) and (offers["seats_left"] >= 3).any():
            return str(row.need_id), str(row.lks_id), offers
    raise AssertionError("the demo region has no open upskill need with a course of 3 free seats")


def _in(lks_id: str, name: str, system: str) -> SecureService:
    return SecureService(service_of[0], auth.Principal(name, "lks", lks_id, system))


service_of: list[Service] = []


def test_the_five_states_are_kept_as_history_with_their_authors(service: Service) -> None:
    need = _hire_need(service)
    jc, colleague = _as(service, "nw-jc"), _as(service, "nw-jc2")
    person = str(jc.candidates(need, top=3)["person_id"].iloc[0])
    jc.record_decision(need, person, "contacted", "ringet op")
    colleague.record_decision(need, person, "interview", "samtale 8/12")  # the team may go on
    jc.record_decision(need, person, "withdrawn", "har fået andet job")
    history = jc.history(need)
    mine = history[history["person_id"] == person]
    assert mine["state"].tolist()[-3:] == ["contacted", "interview", "withdrawn"]
    assert mine["username"].tolist()[-3:] == ["nw-jc", "nw-jc2", "nw-jc"]
    assert mine["reason"].tolist()[-1] == "har fået andet job" and mine["at"].notna().all()
    with pytest.raises(ValidationError):
        jc.record_decision(need, person, "hired", None)  # an outcome, not a decision
    es = _as(service, "nw-es").history(need)
    assert "person_id" not in es.columns and len(es) == len(history)
    with service.engine.connect() as connection:
        logged = connection.execute(
            text(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'read_candidate' AND username = 'nw-jc' "
                "AND need_id = :n AND detail LIKE '%need history%'"
            ),
            {"n": need},
        ).scalar_one()
    assert logged >= 1


def test_an_outcome_for_a_shown_person_only_and_a_hire_fills_the_need(service: Service) -> None:
    need = _hire_need(service, skip=1)
    jc = _as(service, "nw-jc")
    jc.save_need({"count": 1, "status": "open"}, need_id=need)
    shown = jc.candidates(need, top=3)["person_id"].astype(str).tolist()
    with service.engine.connect() as connection:
        people = repo.load(connection, "jobseekers")["person_id"].astype(str)
    never = next(p for p in people if p not in shown)
    with pytest.raises(PermissionDenied):
        jc.record_outcome(need, never, "hired")
    with pytest.raises(ValidationError):
        jc.record_outcome(need, shown[0], "promoted")
    with pytest.raises(PermissionDenied):
        _as(service, "nw-es").record_outcome(need, shown[0], "hired")
    assert jc.record_outcome(need, shown[0], "interviewed") is True
    assert service.need(need)["status"] == "open"
    assert jc.record_outcome(need, shown[0], "hired") is True
    assert jc.record_outcome(need, shown[0], "hired") is False  # once
    assert service.need(need)["status"] == "filled"
    history = jc.history(need)
    outcomes = history[history["kind"] == "outcome"]
    assert outcomes["state"].tolist()[-2:] == ["interviewed", "hired"]
    assert outcomes["username"].tolist()[-1] == "nw-jc"
    assert _as(service, "nw-es").need_counts(need)["hired"] == 1


def test_an_upskill_need_gets_courses_and_staff_are_enrolled_within_the_seats(service: Service) -> None:
    need, lks_id, offers = _upskill_need(service)
    assert {"offer_id", "title", "provider", "teaches", "distance_km", "start_date", "seats_left"} <= set(
        offers
    )
    offer = offers[offers["seats_left"] >= 3].iloc[0]
    es = _in(lks_id, "nw-es-up", "erhvervsservice")  # erhvervsservice enrols company staff
    made = es.enrol(need, {"offer_id": str(offer["offer_id"]), "staff": 2, "agreement_signed": True})
    assert made["staff"] == 2
    again = es.need_offers(need, top=5).set_index("offer_id").loc[offer["offer_id"]]
    assert again["seats_left"] == offer["seats_left"] - 2
    with pytest.raises(ValidationError) as caught:
        es.enrol(need, {"offer_id": str(offer["offer_id"]), "staff": int(again["seats_left"]) + 1})
    assert any("seat" in p.rule for p in caught.value.problems)
    with pytest.raises(ValidationError) as caught:
        es.enrol(need, {"offer_id": "NO-SUCH", "staff": 0})
    assert {p.column for p in caught.value.problems} >= {"offer_id", "staff"}
    with pytest.raises(PermissionDenied):
        es.enrol(need, {"offer_id": str(offer["offer_id"]), "person_id": "P-someone"})
    listed = es.enrolments(need)
    assert listed["staff"].tolist()[-1] == 2 and listed["username"].tolist()[-1] == "nw-es-up"


def test_an_erhvervsfaglig_enrolment_says_whether_the_agreement_is_signed(service: Service) -> None:
    need, lks_id, offers = _upskill_need(service)
    jc = _in(lks_id, "nw-jc-up", "jobcenter")
    jc.save_need({"project": "erhvervsfaglig"}, need_id=need)
    with pytest.raises(ValidationError) as caught:
        jc.enrol(need, {"offer_id": str(offers["offer_id"].iloc[0]), "staff": 1})
    assert [p.column for p in caught.value.problems] == ["agreement_signed"]
    made = jc.enrol(
        need, {"offer_id": str(offers["offer_id"].iloc[0]), "staff": 1, "agreement_signed": False}
    )
    assert made["agreement_signed"] is False


def test_the_shortlist_is_the_jobcentres_and_its_pairs_can_be_decided(service: Service) -> None:
    jc = _as(service, "nw-jc")
    shortlist = jc.shortlist(top=5)
    assert len(shortlist) and {"need_id", "person_id", "score"} <= set(shortlist.columns)
    assert not shortlist.duplicated("person_id").any()  # a person at most once
    with pytest.raises(PermissionDenied):
        _as(service, "nw-es").shortlist()
    with pytest.raises(PermissionDenied):
        jc.shortlist("viborg")
    pair = shortlist.iloc[0]
    _as(service, "nw-jc2").record_decision(
        str(pair["need_id"]), str(pair["person_id"]), "contacted", "fra listen"
    )


def test_recorded_outcomes_and_decisions_are_training_rows(service: Service) -> None:
    with service.engine.connect() as connection:
        web = connection.execute(
            text("SELECT COUNT(*) FROM outcomes WHERE recorded_by IS NOT NULL")
        ).scalar_one()
    assert web >= 2  # the interview and the hire recorded above (one pair: the hire wins)
    meta = service.train()
    sources = meta["sources"]
    assert sources["web_outcome"] >= 1 and sources["web_decision"] >= 1 and sources["imported"] > 50
    assert sum(sources.values()) == meta["n_pairs"]


def test_erasure_removes_a_persons_enrolments(service: Service) -> None:
    _, _, offers = _upskill_need(service)
    jc = _as(service, "nw-jc")
    hire = _hire_need(service)
    person = str(jc.candidates(hire, top=3)["person_id"].iloc[0])
    jc.enrol(hire, {"offer_id": str(offers["offer_id"].iloc[0]), "person_id": person})
    result = service.erase_person(person, username="test")
    assert result.derived["enrolments"] == 1
    with service.engine.connect() as connection:
        left = connection.execute(text("SELECT COUNT(*) FROM enrolments WHERE person_id = :p"), {"p": person})
        assert left.scalar_one() == 0


def test_a_candidate_comes_with_a_profile_measured_against_the_need(service: Service) -> None:
    need = _hire_need(service)
    frame = _as(service, "nw-jc").candidates(need, top=10)
    for column in (
        "occupations",
        "skills",
        "education_level",
        "education_level_min",
        "available_from",
        "deadline",
        "max_commute_km",
        "commute_limit_km",
        "matched_skills",
        "matched_as",
        "missing_skills",
        "offer_title",
        "offer_start",
        "offer_seats_left",
        "score_after",
    ):
        assert column in frame.columns, column
    for never in ("gender", "birth_year", "lat", "lon", "postal_code", "unemployed_since"):
        assert never not in frame.columns
    # the person's own wording lines up with the asked skills it matched
    for asked, own in zip(frame["matched_skills"], frame["matched_as"], strict=True):
        assert not own or len(own.split(";")) == len(asked.split(";"))
    stored = _needs(service).set_index("need_id").loc[need]
    assert set(frame["deadline"].dropna()) <= {str(stored["deadline"])[:10]}
    # a code as the occupation is shown as its label, never as bare digits
    assert not frame["occupations"].fillna("").str.fullmatch(r"[\d;]+").any()


def test_filters_narrow_the_best_hundred_and_only_those_shown_are_logged(service: Service) -> None:
    need = _hire_need(service, skip=1)
    jc = _as(service, "nw-jc2")
    everyone = jc.candidates(need, top=100, purpose="profile test: all")
    near = jc.candidates(need, top=5, filters=["within_commute", "available"], purpose="profile test: near")
    expected = everyone[
        everyone["within_commute"].astype(bool) & rules.candidate_filter(everyone, "available")
    ].head(5)
    assert len(near) and len(near) < len(everyone)
    assert near["person_id"].tolist() == expected["person_id"].tolist()
    assert near["rank"].tolist() == expected["rank"].tolist()  # the rank among all, not renumbered
    with service.engine.connect() as connection:
        logged = (
            connection.execute(
                text(
                    "SELECT record_id FROM audit_log"
                    " WHERE username = 'nw-jc2' AND detail LIKE '%profile test: near%'"
                )
            )
            .scalars()
            .all()
        )
    assert sorted(logged) == sorted(near["person_id"].astype(str))
    with pytest.raises(UsageError, match="filter"):
        jc.candidates(need, filters=["nearby"])
    with pytest.raises(UsageError, match="filter"):
        jc.candidates(need, filters="within_commute")  # a bare string is not a list of filters


def _untouched_hire_needs(service: Service, n: int, *, outcomes: bool = False) -> list[str]:
    """``n`` hire needs of the home LKS, still open, with three candidates and no decision yet (nor, unless
    ``outcomes``, an imported outcome)."""
    with service.engine.connect() as connection:
        decided = set(connection.execute(text("SELECT DISTINCT need_id FROM decisions")).scalars())
        if not outcomes:
            decided |= set(connection.execute(text("SELECT DISTINCT need_id FROM outcomes")).scalars())
    needs = _needs(service)
    found = []
    for need in needs.loc[(needs["kind"] == "hire") & (needs["status"] == "open"), "need_id"].astype(str):
        if need not in decided and len(service.candidates_for_need(need, top=3)) == 3:
            found.append(need)
        if len(found) == n:
            return found
    raise AssertionError(f"the demo region has fewer than {n} untouched hire needs with candidates")


def test_what_is_waiting_overdue_needs_and_contacts_without_a_next_step(service: Service) -> None:
    (need,) = _untouched_hire_needs(service, 1)
    other = next(n for n in _untouched_hire_needs(service, 2, outcomes=True) if n != need)
    jc = _as(service, "nw-jc")
    first, second, third = jc.candidates(need, top=3)["person_id"].astype(str).tolist()
    for person in (first, second, third):
        jc.record_decision(need, person, "contacted", "ringet op")
    jc.record_decision(need, second, "interview", "samtale")  # a next step
    jc.record_outcome(need, third, "not_hired")  # an outcome is a next step too
    old = dt.datetime.combine(TODAY - dt.timedelta(days=20), dt.time(9), dt.UTC)
    recent = dt.datetime.combine(TODAY - dt.timedelta(days=13), dt.time(9), dt.UTC)
    late = TODAY - dt.timedelta(days=3)
    with service.engine.begin() as connection:
        connection.execute(
            text("UPDATE decisions SET created_at = :t WHERE need_id = :n AND decision = 'contacted'"),
            {"t": old, "n": need},
        )
        connection.execute(
            text("UPDATE outcomes SET recorded_at = :t WHERE need_id = :n"), {"t": old, "n": need}
        )
        # open after its deadline (a count its imported hires do not reach: a decision does not fill it)
        connection.execute(
            text("UPDATE needs SET deadline = :d, status = 'open', count = 99 WHERE need_id = :n"),
            {"d": late, "n": other},
        )
    person_other = str(jc.candidates(other, top=1)["person_id"].iloc[0])
    jc.record_decision(other, person_other, "contacted", None)
    with service.engine.begin() as connection:
        connection.execute(
            text("UPDATE decisions SET created_at = :t WHERE need_id = :n"), {"t": recent, "n": other}
        )
    found = jc.waiting(HOME)
    contacts = found["waiting_contacts"]
    # the interviewed one has a next step; the outcome of the third was recorded after the contact
    # (same moment); 13 days is not yet waiting
    assert contacts.loc[contacts["need_id"] == need, "person_id"].tolist() == [first]
    assert contacts.loc[contacts["need_id"] == need, "days"].tolist() == [20]
    assert other not in set(contacts["need_id"])
    overdue = found["overdue_needs"]
    assert overdue.loc[overdue["need_id"] == other, "days_overdue"].tolist() == [3]
    assert (pd.to_datetime(overdue["deadline"]) < pd.Timestamp(TODAY)).all()
    # erhvervsservice: the same list without a pseudonym, a count per need
    es = _as(service, "nw-es").waiting(HOME)["waiting_contacts"]
    assert "person_id" not in es.columns
    assert es.loc[es["need_id"] == need, "n"].tolist() == [1]
    with pytest.raises(PermissionDenied):
        _as(service, "nw-jc").waiting("viborg")
    with service.engine.connect() as connection:
        logged = (
            connection.execute(
                text(
                    "SELECT record_id FROM audit_log"
                    " WHERE username = 'nw-jc' AND detail LIKE '%waiting for us%'"
                )
            )
            .scalars()
            .all()
        )
    assert first in logged


def test_the_demo_teams_work_goes_through_the_service_and_shows_as_waiting(service: Service) -> None:
    from lksmatch.demo_activity import seed_team_activity

    assert seed_team_activity(service, seed=3) > 0
    with service.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT username, reason, created_at FROM decisions"
                " WHERE username IN ('aarhus-jc', 'viborg-jc')"
            )
        ).all()
        reads = connection.execute(
            text("SELECT COUNT(*) FROM audit_log WHERE action = 'read_candidate' AND username = 'aarhus-jc'")
        ).scalar_one()
    assert rows and reads >= len({r for r in rows if r.username == "aarhus-jc"})
    assert all(r.reason.startswith("Demo") for r in rows)
    days = [(TODAY - pd.Timestamp(r.created_at).date()).days for r in rows]
    assert min(days) >= 1 and max(days) <= 30
    waiting = _as(service, "nw-jc").waiting(HOME)["waiting_contacts"]
    assert (waiting["username"] == "aarhus-jc").any() and (waiting["days"] > 14).all()
