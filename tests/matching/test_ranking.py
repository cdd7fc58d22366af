"""Ranking behaviour: distance, the commute rule, skills, protected attributes, explanations, blocking."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from typing import Any

import numpy as np
import pandas as pd
import pytest

from matching.features import MatchData, match_data, seeker_arrays
from matching.model import RuleBasedRanker
from matching.ranking import rank_candidates, score_pair, score_pairs
from matching.skills import SkillMatcher

X0, Y0 = 560_000.0, 6_220_000.0
WELDER = "http://data.europa.eu/esco/occupation/welder"
#: A small thesaurus for these tests (the product's is data, read by ``store.vocab``).
THESAURUS = {
    "truck": ("truckcertifikat", "Truckkort"),
    "migmag": ("svejsning (MIG/MAG)", "MIG-svejsning"),
    "cnc_prog": ("CNC-programmering",),
}


def needs_frame(rows: list[dict[str, object]] | None = None) -> pd.DataFrame:
    base = {
        "need_id": "N1",
        "cvr": "12345678",
        "occupation": "Svejser",
        "isco_code": "7212",
        "concept_uri": WELDER,
        "skills": "svejsning (MIG/MAG);Truckkort;CNC-programmering",
        "count": 1,
        "kind": "hire",
        "education_level_min": "erhvervsfaglig",
        "deadline": dt.date(2027, 3, 1),
        "x": X0,
        "y": Y0,
        "lks_id": "L1",
    }
    return pd.DataFrame([{**base, **row} for row in (rows or [{}])])


def person(person_id: str, km: float, **overrides: object) -> dict[str, object]:
    row = {
        "person_id": person_id,
        "isco_codes": ["7212"],
        "concept_uris": [WELDER],
        "skills": "MIG-svejsning;truckcertifikat",
        "education_level": "erhvervsfaglig",
        "max_commute_km": 30.0,
        "available_from": None,
        "unemployed_since": dt.date(2026, 1, 1),
        "x": X0 + km * 1000,
        "y": Y0,
        "lks_id": "L1",
        "gender": "male",
        "birth_year": 1980,
    }
    row.update(overrides)
    return row


def fitted(needs: pd.DataFrame, seekers: pd.DataFrame) -> SkillMatcher:
    return SkillMatcher(thesaurus=THESAURUS).fit([*needs["skills"], *seekers["skills"]])


def rank(needs: pd.DataFrame, seekers: list[dict[str, object]] | pd.DataFrame, **kw: object) -> pd.DataFrame:
    frame = seekers if isinstance(seekers, pd.DataFrame) else pd.DataFrame(seekers)
    kw.setdefault("matcher", fitted(needs, frame))
    return rank_candidates(needs, frame, RuleBasedRanker(), **kw)  # type: ignore[arg-type]


def order(result: pd.DataFrame, need_id: str = "N1") -> list[str]:
    return result[result["need_id"] == need_id].sort_values("rank")["person_id"].tolist()


def test_closer_candidate_with_same_skills_ranks_higher() -> None:
    result = rank(needs_frame(), [person("far", 25), person("near", 5), person("middle", 15)])
    assert order(result) == ["near", "middle", "far"]
    assert result["rank"].tolist() == [1, 2, 3]


def test_beyond_commute_never_ranks_above_within() -> None:
    perfect_but_too_far = person(
        "too_far", 20, max_commute_km=10, skills="MIG-svejsning;Truckkort;CNC-programmering"
    )
    weak_but_willing = person(
        "willing",
        25,
        isco_codes=["9329"],
        concept_uris=[],
        skills="",
        max_commute_km=40,
        education_level="grundskole",
    )
    result = rank(needs_frame(), [perfect_but_too_far, weak_but_willing])
    assert order(result) == ["willing", "too_far"]
    top = result.set_index("person_id")
    assert top.loc["too_far", "score"] > top.loc["willing", "score"]  # the rule, not the score, decides
    assert not top.loc["too_far", "within_commute"] and top.loc["willing", "within_commute"]


def test_synonym_and_case_variant_count_as_matches() -> None:
    needs = needs_frame([{"skills": "Truckkort;CNC-programmering"}])
    result = rank(
        needs,
        [
            person("synonyms", 10, skills="TRUCKCERTIFIKAT;cnc programmering"),
            person("none", 5, skills="Excel"),
        ],
    )
    row = result.set_index("person_id").loc["synonyms"]
    assert row["matched_skills"] == "Truckkort;CNC-programmering" and row["missing_skills"] == ""
    # the person's own wording beside each asked one ("" where it is the same but for case/spacing)
    assert row["matched_as"] == "TRUCKCERTIFIKAT;"
    assert row["skill_coverage"] == 1.0
    assert order(result)[0] == "synonyms"


def test_protected_attributes_change_nothing() -> None:
    rng = np.random.default_rng(3)
    people = [
        person(
            f"p{i}",
            float(rng.uniform(0, 40)),
            skills=rng.choice(["MIG-svejsning", "Truckkort", ""]),
            max_commute_km=float(rng.choice([10, 30, 50])),
        )
        for i in range(40)
    ]
    frame = pd.DataFrame(people)
    needs = needs_frame([{}, {"need_id": "N2", "skills": "Truckkort", "x": X0 + 20_000}])
    before = rank(needs, frame, top=15)
    permuted = frame.assign(
        gender=rng.permutation(frame["gender"].to_numpy()), birth_year=rng.permutation(np.arange(1950, 1990))
    )
    pd.testing.assert_frame_equal(before, rank(needs, permuted, top=15))
    pd.testing.assert_frame_equal(before, rank(needs, frame.drop(columns=["gender", "birth_year"]), top=15))


def test_explanation_names_the_missing_skills_in_danish() -> None:
    result = rank(needs_frame(), [person("p", 12)])
    row = result.iloc[0]
    assert row["missing_skills"] == "CNC-programmering"
    assert "mangler: CNC-programmering" in row["explanation"]
    assert "Har 2 af 3 ønskede kompetencer" in row["explanation"]
    assert "Samme fag (Svejser)" in row["explanation"]
    assert "12 km hjemmefra (max 30 km)" in row["explanation"]
    assert "Truckkort (som truckcertifikat)" in row["explanation"]
    assert "Kan starte før fristen" in row["explanation"]


def test_top_and_need_ids_limit_the_output() -> None:
    needs = needs_frame([{}, {"need_id": "N2"}])
    people = [person(f"p{i}", i) for i in range(12)]
    result = rank(needs, people, top=5, need_ids=["N2"])
    assert set(result["need_id"]) == {"N2"} and result["rank"].tolist() == [1, 2, 3, 4, 5]
    with pytest.raises(LookupError, match="unknown need"):
        rank(needs, people, need_ids=["nope"])
    with pytest.raises(ValueError, match="top"):
        rank(needs, people, top=0)


def test_blocking_widens_when_the_family_is_too_small() -> None:
    people = [person("welder", 10)] + [
        person(f"cook{i}", 5 + i, isco_codes=["5120"], concept_uris=[]) for i in range(5)
    ]
    stats: dict[str, object] = {}
    result = rank(needs_frame(), people, top=3, min_pool=4, stats=stats)
    assert order(result)[0] == "welder" and len(result) == 3
    assert stats["needs_by_level"] == {0: 1} and stats["pairs_scored"] == 6


def test_blocking_keeps_the_family_when_it_is_large_enough() -> None:
    people = [person(f"w{i}", 1 + i) for i in range(4)] + [person("cook", 1, isco_codes=["5120"])]
    stats: dict[str, object] = {}
    result = rank(needs_frame(), people, top=3, min_pool=4, stats=stats)
    assert "cook" not in set(result["person_id"])
    assert stats["needs_by_level"] == {3: 1} and stats["pairs_scored"] == 4


def test_nobody_within_commute_falls_back_to_the_nearest() -> None:
    people = [person("a", 50, max_commute_km=10), person("b", 80, max_commute_km=10)]
    result = rank(needs_frame(), people, top=2)
    assert order(result) == ["a", "b"] and not result["within_commute"].any()
    assert "længere end personens max 10 km" in result.iloc[0]["explanation"]


def test_score_pair_rises_when_a_course_teaches_the_missing_skill() -> None:
    needs, seekers = needs_frame(), pd.DataFrame([person("p", 12)])
    scorer = RuleBasedRanker(matcher=fitted(needs, seekers))
    before = score_pair(needs, seekers, scorer, "N1", "p")
    after = score_pair(needs, seekers, scorer, "N1", "p", extra_skills=["CNC programmering"])
    assert after > before
    ranked = rank(needs, seekers)
    assert ranked["score"].iloc[0] == pytest.approx(before, abs=1e-4)
    with pytest.raises(LookupError, match="unknown"):
        score_pair(needs, seekers, scorer, "N1", "nobody")


def test_a_need_without_skills_is_ranked_and_explained() -> None:
    """Regression: a need listing no skills has an empty skill vocabulary; ranking must not crash."""
    out = rank(needs_frame([{"skills": ""}]), [person("P1", 5.0), person("P2", 20.0)])
    assert list(out["person_id"]) == ["P1", "P2"]
    assert all(out["explanation"]) and not any(out["missing_skills"])


def test_score_pairs_agrees_with_score_pair_one_by_one() -> None:
    needs = needs_frame()
    seekers = pd.DataFrame([person("P1", 5.0), person("P2", 12.0, skills="MIG-svejsning")])
    pairs = pd.DataFrame(
        {
            "need_id": ["N1", "N1", "N1"],
            "person_id": ["P1", "P2", "P2"],
            "extra_skills": [[], [], ["CNC-programmering"]],
        }
    )
    matcher = fitted(needs, seekers)
    scorer = RuleBasedRanker(matcher=matcher)
    batch = score_pairs(needs, seekers, scorer, pairs, matcher=matcher)
    single = [
        score_pair(needs, seekers, scorer, n, p, extra_skills=e, matcher=matcher)
        for n, p, e in zip(pairs["need_id"], pairs["person_id"], pairs["extra_skills"], strict=True)
    ]
    assert np.allclose(batch, single)
    assert batch[2] > batch[1]  # the course's skill raises the score
    # rows the pairs do not name change nothing (the service passes whole frames or just the rows)
    more_needs = pd.concat([needs_frame([{"need_id": "N0", "skills": "Lean"}]), needs], ignore_index=True)
    more_seekers = pd.concat([pd.DataFrame([person("P0", 1.0)]), seekers], ignore_index=True)
    again = score_pairs(more_needs, more_seekers, scorer, pairs, matcher=matcher)
    np.testing.assert_array_equal(again, batch)


def test_without_a_thesaurus_only_spelling_counts() -> None:
    """The pure default knows no synonyms: ``Truckkort`` is not ``truckcertifikat`` unless told."""
    needs = needs_frame([{"skills": "Truckkort;CNC-programmering"}])
    seekers = pd.DataFrame([person("p", 10, skills="truckcertifikat;cnc programmering")])
    row = rank(needs, seekers, matcher=SkillMatcher().fit([*needs["skills"], *seekers["skills"]])).iloc[0]
    assert row["matched_skills"] == "CNC-programmering" and row["missing_skills"] == "Truckkort"


# --- prepared job seekers: the same answers as the frame -----------------------------------------

CODES = ["7212", "7213", "7223", "7233", "5120", "5131", "3313", "3343", "2512", "8322", "9329"]
SKILLS = [
    "MIG-svejsning",
    "svejsning (MIG/MAG)",
    "Truckkort",
    "truckcertifikat",
    "CNC-programmering",
    "cnc programmering",
    "Lean",
    "Microsoft Excel",
    "kontering",
    "Kørekort kat. B",
]


def world(seed: int, n_needs: int = 40, n_people: int = 600) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A random region: ISCO groups of every size, people without a place, code or skills, and
    needs whose family is too small (they widen) or who have nobody near (nearest people)."""
    rng = np.random.default_rng(seed)

    def skills() -> str:
        return ";".join(rng.choice(SKILLS, size=rng.integers(0, 5), replace=False))

    def code() -> str:
        return str(rng.choice(CODES[:4] if rng.random() < 0.7 else CODES))

    needs = needs_frame(
        [
            {
                "need_id": f"N{i:02d}",
                "isco_code": code() if i % 9 else "",
                "concept_uri": WELDER if i % 4 == 0 else f"http://example.org/only-needs/{i % 3}",
                "skills": skills(),
                "education_level_min": rng.choice(["", "erhvervsfaglig", "gymnasial"]),
                "deadline": dt.date(2027, 1, 1) + dt.timedelta(days=int(rng.integers(0, 90))),
                "x": X0 + rng.normal(0, 30_000) + (200_000 if i == 5 else 0),  # N05: far from everybody
                "y": Y0 + rng.normal(0, 30_000),
            }
            for i in range(n_needs)
        ]
    )
    people = []
    for i in range(n_people):
        codes = [code() for _ in range(rng.integers(0, 3))]
        people.append(
            person(
                f"P{i:04d}",
                float(rng.normal(0, 40)),
                y=Y0 + rng.normal(0, 30_000),
                isco_codes=codes,
                concept_uris=[WELDER] if codes and codes[0] == "7212" else [],
                skills=skills(),
                education_level=rng.choice(["grundskole", "gymnasial", "erhvervsfaglig", None]),
                max_commute_km=float(rng.choice([5, 15, 30, 60, np.nan])),
                available_from=dt.date(2027, 1, 1) + dt.timedelta(days=int(rng.integers(-30, 120))),
            )
        )
    seekers = pd.DataFrame(people)
    seekers.loc[rng.random(n_people) < 0.03, ["x", "y"]] = np.nan  # a few without a place
    return needs, seekers


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_prepared_seekers_rank_exactly_as_the_frame(seed: int) -> None:
    """One need after another over the same prepared people (blocking indexes built once, kept)
    gives what each need gets from the frame: persons, order, scores, explanations."""
    needs, seekers = world(seed)
    matcher = fitted(needs, seekers)
    scorer = RuleBasedRanker(matcher=matcher)
    prepared = seeker_arrays(seekers, matcher)
    stats: dict[str, Any] = {}
    everything = rank_candidates(needs, seekers, scorer, top=5, matcher=matcher, stats=stats)
    assert set(stats["needs_by_level"]) >= {3, 0, -1}  # groups, widening and the nearest all occur
    pd.testing.assert_frame_equal(rank_candidates(needs, prepared, scorer, top=5), everything)
    order_of_asks = np.random.default_rng(seed).permutation(len(needs))
    for i in order_of_asks:
        one = needs.iloc[[i]]
        expected = rank_candidates(one, seekers, scorer, top=5, matcher=matcher)
        found = rank_candidates(one, prepared, scorer, top=5)
        pd.testing.assert_frame_equal(found, expected, check_exact=True)
    assert any(key[0] == "members" for key in prepared.cache)  # the indexes were kept for the next need


def test_prepare_with_prepared_seekers_gives_the_same_arrays() -> None:
    needs, seekers = world(3, n_needs=10, n_people=100)
    matcher = fitted(needs, seekers)
    a, b = match_data(needs, seekers, matcher), match_data(needs, seeker_arrays(seekers, matcher), matcher)
    for name in (f.name for f in fields(MatchData)):
        if name in ("need_concept", "seeker_concepts", "seeker_cache", "matcher", "need_req_text"):
            continue
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    assert a.need_req_text == b.need_req_text
    indicator = matcher.indicator(seekers["skills"].tolist(), b.vocabulary)  # the matcher's own reading
    np.testing.assert_array_equal(b.seeker_skills, indicator)
    # occupation concepts are integer codes: only which ones are equal matters
    same_a = a.seeker_concepts[:, :, None] == a.need_concept[None, None, :]
    same_b = b.seeker_concepts[:, :, None] == b.need_concept[None, None, :]
    np.testing.assert_array_equal(same_a, same_b)
    np.testing.assert_array_equal(a.need_concept >= 0, b.need_concept >= 0)
    with pytest.raises(ValueError, match="matcher"):
        match_data(needs, seeker_arrays(seekers, matcher), fitted(needs, seekers))
