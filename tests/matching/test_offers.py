"""Closing the gap: which education offers are suggested for missing skills, and in what order."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lksmatch.errors import ValidationError
from matching.offers import (
    DEFAULT_COMMUTE_KM,
    RESULT_COLUMNS,
    OfferIndex,
    score_after_course,
    seats_by_offer,
    suggest_for_upskill,
    suggest_offers,
    with_scores_after,
)
from matching.skills import SkillMatcher

TODAY = dt.date(2026, 6, 1)
DEADLINE = dt.date(2026, 9, 1)
HOME = (560_000.0, 6_220_000.0)  # EPSG:25832, around Aarhus


@pytest.fixture(scope="module")
def matcher() -> SkillMatcher:
    thesaurus = {"truck": ("truckcertifikat", "Truckkort", "truckcertifikat (B)"), "excel": ("Excel",)}
    return SkillMatcher(thesaurus=thesaurus).fit(
        ["Truckkort;lagerstyring", "MIG-svejsning;kørekort B", "HACCP", "Excel"]
    )


def _offer(offer_id: str, skills: str, *, km: float = 10.0, **overrides: object) -> dict[str, object]:
    row: dict[str, object] = {
        "offer_id": offer_id,
        "provider": "AMU Midt",
        "title": f"Kursus {offer_id}",
        "course_code": "",
        "skills": skills,
        "x": HOME[0] + km * 1000.0,
        "y": HOME[1],
        "start_date": dt.date(2026, 7, 1),
        "duration_days": 10,
        "seats_free": 5,
        "kind": "AMU",
        "open_to_unemployed": True,
    }
    row.update(overrides)
    return row


def _suggest(
    matcher: SkillMatcher,
    offers: list[dict[str, object]],
    missing: list[str],
    *,
    max_commute_km: float | None = 30.0,
    deadline: dt.date | None = DEADLINE,
    finish_by_deadline: bool = True,
    top: int = 3,
) -> pd.DataFrame:
    return suggest_offers(
        missing,
        HOME,
        max_commute_km,
        deadline,
        pd.DataFrame(offers),
        matcher,
        today=TODAY,
        finish_by_deadline=finish_by_deadline,
        top=top,
    )


def test_an_offer_teaching_a_missing_skill_under_another_spelling_is_suggested(matcher: SkillMatcher) -> None:
    result = _suggest(matcher, [_offer("a", "truckcertifikat (B)"), _offer("b", "Excel")], ["Truckkort"])
    assert list(result.columns) == RESULT_COLUMNS
    assert result["offer_id"].tolist() == ["a"]
    assert result["teaches"].tolist() == ["Truckkort"]  # in the need's wording
    assert result["distance_km"].tolist() == [10.0]
    assert result["start_date"].tolist() == [dt.date(2026, 7, 1)]


def test_case_and_word_order_variants_are_taught(matcher: SkillMatcher) -> None:
    result = _suggest(matcher, [_offer("a", "svejsning (MIG/MAG)")], ["mig-SVEJSNING"])
    assert result["offer_id"].tolist() == ["a"]


@pytest.mark.parametrize(
    ("km", "limit", "suggested"), [(25.0, 20.0, False), (15.0, 20.0, True), (20.0, 20.0, True)]
)
def test_an_offer_beyond_the_commute_is_not_suggested(
    matcher: SkillMatcher, km: float, limit: float, suggested: bool
) -> None:
    result = _suggest(matcher, [_offer("a", "truckkort", km=km)], ["truckkort"], max_commute_km=limit)
    assert (len(result) == 1) is suggested


@pytest.mark.parametrize(
    ("km", "suggested"), [(DEFAULT_COMMUTE_KM - 1, True), (DEFAULT_COMMUTE_KM + 1, False)]
)
def test_an_unknown_commute_limit_uses_the_default(matcher: SkillMatcher, km: float, suggested: bool) -> None:
    for unknown in (None, float("nan")):
        result = _suggest(matcher, [_offer("a", "truckkort", km=km)], ["truckkort"], max_commute_km=unknown)
        assert (len(result) == 1) is suggested


def test_an_offer_starting_after_the_deadline_is_not_suggested(matcher: SkillMatcher) -> None:
    late = _offer("late", "truckkort", start_date=dt.date(2026, 9, 15))
    assert _suggest(matcher, [late], ["truckkort"]).empty
    assert _suggest(matcher, [late], ["truckkort"], finish_by_deadline=False).empty
    assert len(_suggest(matcher, [late], ["truckkort"], deadline=None)) == 1


def test_an_offer_must_end_by_the_deadline_unless_relaxed(matcher: SkillMatcher) -> None:
    ends_late = _offer("a", "truckkort", start_date=dt.date(2026, 8, 25), duration_days=10)
    ends_on_time = _offer("b", "truckkort", start_date=dt.date(2026, 8, 22), duration_days=10)
    assert _suggest(matcher, [ends_late, ends_on_time], ["truckkort"])["offer_id"].tolist() == ["b"]
    relaxed = _suggest(matcher, [ends_late, ends_on_time], ["truckkort"], finish_by_deadline=False)
    assert sorted(relaxed["offer_id"]) == ["a", "b"]


def test_an_offer_that_has_begun_is_not_suggested_but_continuous_intake_is(matcher: SkillMatcher) -> None:
    begun = _offer("begun", "truckkort", start_date=dt.date(2026, 5, 20))
    anytime = _offer("anytime", "truckkort", start_date=None, duration_days=None)
    result = _suggest(matcher, [begun, anytime], ["truckkort"])
    assert result["offer_id"].tolist() == ["anytime"]
    assert result["start_date"].isna().all()


def test_an_offer_without_free_seats_is_not_suggested(matcher: SkillMatcher) -> None:
    offers = [_offer("full", "truckkort", seats_free=0), _offer("unknown", "truckkort", seats_free=None)]
    assert _suggest(matcher, offers, ["truckkort"]).empty


def test_closed_to_unemployed_is_for_upskilling_only(matcher: SkillMatcher) -> None:
    closed = [_offer("closed", "truckkort", open_to_unemployed="false")]
    assert _suggest(matcher, closed, ["truckkort"]).empty
    upskill = suggest_for_upskill(["truckkort"], HOME, DEADLINE, pd.DataFrame(closed), matcher, today=TODAY)
    assert upskill["offer_id"].tolist() == ["closed"]


def test_upskilling_looks_within_its_radius(matcher: SkillMatcher) -> None:
    offers = pd.DataFrame([_offer("near", "truckkort", km=45.0), _offer("far", "truckkort", km=55.0)])
    result = suggest_for_upskill(["Truckkort"], HOME, None, offers, matcher, today=TODAY)
    assert result["offer_id"].tolist() == ["near"]
    wider = suggest_for_upskill(["Truckkort"], HOME, None, offers, matcher, today=TODAY, radius_km=60.0)
    assert wider["offer_id"].tolist() == ["near", "far"]


def test_ranking_by_skills_taught_then_distance_then_start(matcher: SkillMatcher) -> None:
    offers = [
        _offer("one_near", "truckkort", km=2.0),
        _offer("two_far", "truckkort;lagerstyring", km=25.0),
        _offer("one_mid_late", "lagerstyring", km=8.0, start_date=dt.date(2026, 8, 1)),
        _offer("one_mid_soon", "lagerstyring", km=8.0, start_date=dt.date(2026, 7, 1)),
    ]
    result = _suggest(matcher, offers, ["truckkort", "lagerstyring"], top=4)
    assert result["offer_id"].tolist() == ["two_far", "one_near", "one_mid_soon", "one_mid_late"]
    assert result["teaches"].iloc[0] == "truckkort;lagerstyring"
    assert _suggest(matcher, offers, ["truckkort", "lagerstyring"], top=2)["offer_id"].tolist() == [
        "two_far",
        "one_near",
    ]


def test_nothing_to_teach_or_nowhere_to_look(matcher: SkillMatcher) -> None:
    offers = [_offer("a", "truckkort"), _offer("nowhere", "truckkort", x=None, y=None)]
    assert _suggest(matcher, offers, []).empty
    assert _suggest(matcher, offers, ["Excel"]).empty
    assert list(_suggest(matcher, offers, []).columns) == RESULT_COLUMNS
    assert _suggest(matcher, offers, ["truckkort"])["offer_id"].tolist() == ["a"]  # not the unplaced one
    lost = suggest_offers(
        ["truckkort"], (float("nan"), 0.0), None, None, pd.DataFrame(offers), matcher, today=TODAY
    )
    assert lost.empty


def test_an_index_answers_like_the_frame(matcher: SkillMatcher) -> None:
    offers = pd.DataFrame([_offer("a", "truckkort", km=3), _offer("b", "truckkort;HACCP", km=9)])
    index = OfferIndex(offers, matcher)
    assert len(index) == 2
    from_frame = suggest_offers(["HACCP", "truckkort"], HOME, None, DEADLINE, offers, matcher, today=TODAY)
    from_index = suggest_offers(["HACCP", "truckkort"], HOME, None, DEADLINE, index, matcher, today=TODAY)
    pd.testing.assert_frame_equal(from_frame, from_index)
    rows = index.suggest_rows(["HACCP"], HOME, max_km=None, deadline=None, today=TODAY)
    assert [r.offer_id for r in rows] == ["b"]


def test_score_after_course_adds_the_taught_skills() -> None:
    have = {"excel"}
    required = ["excel", "truckkort", "haccp"]

    def rescore(extra: list[str]) -> float:
        known = have | {s.lower() for s in extra}
        return sum(r in known for r in required) / len(required)

    assert score_after_course(rescore, []) == pytest.approx(1 / 3)
    assert score_after_course(rescore, "Truckkort;HACCP") == pytest.approx(1.0)
    calls: list[list[str]] = []

    def counted(extra: list[str]) -> float:
        calls.append(extra)
        return rescore(extra)

    taught = ["Truckkort", "Truckkort", "HACCP;Truckkort"]
    suggestions = pd.DataFrame({"offer_id": ["a", "b", "c"], "teaches": taught})
    result = with_scores_after(suggestions, counted)
    assert result["score_after"].tolist() == pytest.approx([2 / 3, 2 / 3, 1.0])
    assert len(calls) == 2  # once per distinct set of taught skills


def test_seats_by_offer() -> None:
    offers = pd.DataFrame({"offer_id": ["a", "b", "c"], "seats_free": [3, None, -1]})
    assert seats_by_offer(offers) == {"a": 3, "b": 0, "c": 0}


def test_validation(matcher: SkillMatcher) -> None:
    with pytest.raises(ValidationError, match="lacks the columns"):
        OfferIndex(pd.DataFrame({"offer_id": ["a"]}), matcher)
    with pytest.raises(ValidationError, match="`top`"):
        _suggest(matcher, [_offer("a", "truckkort")], ["truckkort"], top=0)
