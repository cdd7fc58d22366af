"""The candidate cards of the Match page: each fact against the need in words, the order, the state."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard import candidate_view

from .test_components import texts

TODAY = dt.date(2026, 12, 2)


def _row(**changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "need_id": "N-1",
        "rank": 1,
        "person_id": "P-1",
        "score": 0.873,
        "within_commute": True,
        "distance_km": 12.4,
        "skill_coverage": 0.5,
        "matched_skills": "svejsning;truckkort",
        "matched_as": "MIG-svejsning;",
        "missing_skills": "CNC-programmering",
        "occupations": "svejser",
        "education_level": "grundskole",
        "education_level_min": "erhvervsfaglig",
        "available_from": "2027-03-01",
        "deadline": "2027-02-01",
        "max_commute_km": None,
        "commute_limit_km": 30.0,
        "offer_title": "CNC for begyndere",
        "offer_provider": "AMU Vest",
        "offer_start": "2027-01-11",
        "offer_seats_left": 4.0,
        "score_after": 0.91,
        "explanation": "Samme fag.",
    }
    row.update(changes)
    return row


def _card_text(row: dict[str, object], state: dict[str, object] | None = None) -> str:
    return " ".join(texts(candidate_view.candidate_card(row, state, TODAY)))


def test_each_fact_is_measured_against_the_need_in_words() -> None:
    shown = _card_text(_row())
    assert "svejsning (som MIG-svejsning)" in shown and "truckkort" in shown
    assert "mangler: CNC-programmering" in shown and "2 af 3" in shown
    assert "grundskole" in shown and "krav: erhvervsfaglig" in shown
    assert "01-03-2027" in shown and "efter fristen 01-02-2027" in shown
    assert "12,4 km" in shown and "grænse ikke oplyst, 30 km antaget" in shown
    assert "CNC for begyndere — AMU Vest, 11-01-2027, 4 ledige pladser" in shown
    assert "score efter kurset 0,91" in shown
    # met or not is said with a word, not only a colour: two unmet (education, start), one met (distance)
    assert shown.count("ikke opfyldt") == 2 and shown.count(" opfyldt") == 3


def test_a_need_without_minimum_or_deadline_and_a_person_ready_now() -> None:
    shown = _card_text(
        _row(
            education_level_min=None,
            deadline=None,
            available_from="2026-11-01",
            missing_skills="",
            max_commute_km=50.0,
            commute_limit_km=50.0,
        )  # fmt: skip
    )
    assert "intet krav" in shown and "ingen frist" in shown and "nu" in shown
    assert "maks. 50 km" in shown and "Intet mangler." in shown
    assert "ikke opfyldt" not in shown


def test_the_state_is_the_latest_step_and_a_contact_without_next_step_is_waiting() -> None:
    at = dt.datetime(2026, 11, 10, 9, 30, tzinfo=dt.UTC)
    history = pd.DataFrame(
        {
            "kind": ["decision", "decision", "decision"],
            "person_id": ["P-1", "P-2", "P-1"],
            "state": ["contacted", "contacted", "interview"],
            "reason": [None, None, None],
            "username": ["jc-a", "jc-b", "jc-c"],
            "at": [at, at, at + dt.timedelta(days=3)],
        }
    )
    states = candidate_view.latest_states(history)
    assert states["P-1"]["state"] == "interview" and states["P-2"]["state"] == "contacted"
    assert "af jc-c" in _card_text(_row(), states["P-1"]) and "næste skridt" not in _card_text(
        _row(), states["P-1"]
    )
    waiting = _card_text(_row(person_id="P-2"), states["P-2"])
    assert "Kontaktet" in waiting and "ingen næste skridt i 22 dage" in waiting
    assert "Ingen skridt endnu" in _card_text(_row(), None)


def test_the_orders_break_ties_by_rank_and_put_unknowns_last() -> None:
    frame = pd.DataFrame(
        [
            _row(rank=1, person_id="a", distance_km=20.0, skill_coverage=0.5, available_from=None),
            _row(rank=2, person_id="b", distance_km=5.0, skill_coverage=1.0, available_from="2027-01-05"),
            _row(rank=3, person_id="c", distance_km=5.0, skill_coverage=0.5, available_from="2026-12-10"),
        ]
    )

    def order(name: str) -> list[str]:
        return candidate_view.sort_candidates(frame, name)["person_id"].tolist()

    assert order("rank") == ["a", "b", "c"]
    assert order("distance") == ["b", "c", "a"]
    assert order("skills") == ["b", "a", "c"]
    assert order("start") == ["c", "b", "a"]
    assert order("nonsense") == ["a", "b", "c"]


def test_the_candidates_map_counts_areas_never_homes_and_says_it_in_text() -> None:
    from dashboard import candidate_map

    frame = pd.DataFrame(
        [_row(person_id="a", municipality_code="751"), _row(person_id="b", municipality_code="751"),
         _row(person_id="c", municipality_code="746"), _row(person_id="d", municipality_code=None)]
    )  # fmt: skip
    assert candidate_map.area_counts(frame) == {"751": 2, "746": 1}
    need = {"company_name": "Smedien", "company_lat": 56.1, "company_lon": 10.2}
    names = {"751": "Aarhus", "746": "Skanderborg"}
    shown = candidate_map.area_map(frame, need, names, lambda lv: f"/g/{lv}", None)
    words = " ".join(texts(shown))
    # the text alternative: the same counts as the map, the company named, the biggest first
    assert words.index("Aarhus: 2 kandidater") < words.index("Skanderborg: 1 kandidat")
    assert "Virksomheden: Smedien" in words and "aldrig adressen" in words
    assert candidate_map.area_counts(frame.drop(columns="municipality_code")) == {}


def test_the_score_after_the_course_shows_its_change() -> None:
    assert "score efter kurset 0,91 (score 0,87)" in _card_text(_row())
    close = _card_text(_row(score=0.9812, score_after=0.9838))
    assert "score efter kurset 0,984 (score 0,981)" in close
    # a course the model does not reward is said to give no gain, not shown as progress
    assert "0,995 (score 0,996, ingen forbedring)" in _card_text(_row(score=0.9961, score_after=0.9951))
