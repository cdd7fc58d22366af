"""Pair features: values on a small hand-made world, the column allow-list, errors."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from lksmatch.errors import ValidationError
from matching.features import (
    EDUCATION_LEVELS,
    FEATURES,
    MONOTONIC,
    build_features,
)
from matching.resolve import resolve_occupation_lists, resolve_occupations
from matching.skills import SkillMatcher
from store import models

X0, Y0 = 560_000.0, 6_220_000.0
#: A small thesaurus for these tests (the product's is data, read by ``store.vocab``).
THESAURUS = {"truck": ("truckcertifikat", "Truckkort"), "migmag": ("svejsning (MIG/MAG)", "MIG-svejsning")}


def needs_frame(**overrides: object) -> pd.DataFrame:
    row = {
        "need_id": "N1",
        "cvr": "12345678",
        "occupation": "Svejser",
        "isco_code": "7212",
        "concept_uri": "http://data.europa.eu/esco/occupation/welder",
        "skills": "MIG-svejsning;Truckkort",
        "count": 1,
        "kind": "hire",
        "education_level_min": "erhvervsfaglig",
        "deadline": dt.date(2027, 3, 1),
        "x": X0,
        "y": Y0,
        "lks_id": "L1",
    }
    row.update(overrides)
    return pd.DataFrame([row])


def seekers_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    base = {
        "isco_codes": ["7212"],
        "concept_uris": ["http://data.europa.eu/esco/occupation/welder"],
        "skills": "svejsning (MIG/MAG);truckcertifikat",
        "education_level": "erhvervsfaglig",
        "max_commute_km": 30.0,
        "available_from": None,
        "unemployed_since": dt.date(2026, 1, 1),
        "x": X0,
        "y": Y0,
        "lks_id": "L1",
        "gender": "female",
        "birth_year": 1980,
    }
    return pd.DataFrame([{**base, **row} for row in rows])


def features(needs: pd.DataFrame, seekers: pd.DataFrame) -> pd.DataFrame:
    pairs = pd.DataFrame({"need_id": "N1", "person_id": seekers["person_id"]})
    matcher = SkillMatcher(thesaurus=THESAURUS).fit([*needs["skills"], *seekers["skills"]])
    return build_features(needs, seekers, pairs, matcher=matcher).set_index("person_id")


def test_feature_values() -> None:
    seekers = seekers_frame(
        [
            {"person_id": "same", "x": X0 + 12_000},
            {
                "person_id": "sibling",
                "isco_codes": ["7214", "9329"],
                "concept_uris": [],
                "skills": "Truckkort",
                "x": X0 + 40_000,
                "education_level": "grundskole",
                "available_from": dt.date(2027, 6, 1),
            },
            {
                "person_id": "unknown",
                "isco_codes": [],
                "concept_uris": [],
                "skills": "",
                "max_commute_km": np.nan,
                "education_level": None,
            },
        ]
    )
    f = features(needs_frame(), seekers)
    assert list(f.columns) == ["need_id", *FEATURES]
    assert f.loc["same", "same_occupation"] == 1 and f.loc["same", "isco_distance"] == 0
    assert f.loc["same", "skill_coverage"] == 1 and f.loc["same", "missing_skills"] == 0
    assert f.loc["same", "distance_km"] == pytest.approx(12.0)
    assert f.loc["same", "commute_ratio"] == pytest.approx(0.4) and f.loc["same", "within_commute"] == 1
    assert f.loc["same", "education_shortfall"] == 0 and f.loc["same", "available_by_deadline"] == 1
    assert f.loc["sibling", "same_occupation"] == 0 and f.loc["sibling", "isco_distance"] == 1
    assert 0 < f.loc["sibling", "skill_coverage"] < 1 and f.loc["sibling", "missing_skills"] == 1
    assert f.loc["sibling", "within_commute"] == 0 and f.loc["sibling", "commute_ratio"] > 1
    assert f.loc["sibling", "education_shortfall"] == 2 and f.loc["sibling", "available_by_deadline"] == 0
    assert np.isnan(f.loc["unknown", "isco_distance"]) and f.loc["unknown", "skill_coverage"] == 0
    assert f.loc["unknown", "within_commute"] == 1  # 30 km assumed when no limit is given
    assert np.isnan(f.loc["unknown", "education_shortfall"])


def test_need_without_skills_deadline_or_minimum() -> None:
    needs = needs_frame(skills="", deadline=None, education_level_min="", isco_code="", concept_uri="")
    f = features(needs, seekers_frame([{"person_id": "p", "available_from": dt.date(2030, 1, 1)}]))
    assert np.isnan(f.loc["p", "skill_coverage"]) and f.loc["p", "missing_skills"] == 0
    assert f.loc["p", "education_shortfall"] == 0 and f.loc["p", "available_by_deadline"] == 1
    assert np.isnan(f.loc["p", "isco_distance"]) and f.loc["p", "same_occupation"] == 0


def test_protected_and_unlisted_columns_are_never_read() -> None:
    seekers = seekers_frame([{"person_id": f"p{i}", "x": X0 + 3000 * i} for i in range(5)])
    before = features(needs_frame(), seekers)
    changed = seekers.assign(gender=["x", "y", "z", "w", "v"], birth_year=[1, 2, 3, 4, 5], extra="noise")
    pd.testing.assert_frame_equal(before, features(needs_frame(), changed))
    with pytest.raises(ValidationError, match="lacks"):  # the allow-list is explicit
        build_features(
            needs_frame(),
            seekers.drop(columns="education_level"),
            pd.DataFrame({"need_id": ["N1"], "person_id": ["p0"]}),
        )


def test_unknown_ids_and_duplicates_are_rejected() -> None:
    seekers = seekers_frame([{"person_id": "p"}])
    with pytest.raises(ValidationError, match="unknown person_id"):
        build_features(needs_frame(), seekers, pd.DataFrame({"need_id": ["N1"], "person_id": ["nobody"]}))
    with pytest.raises(ValidationError, match="repeats"):
        build_features(
            needs_frame(), pd.concat([seekers, seekers]), pd.DataFrame({"need_id": [], "person_id": []})
        )


def test_monotonic_constraints_cover_every_feature() -> None:
    assert set(MONOTONIC) == set(FEATURES) and set(MONOTONIC.values()) <= {-1, 0, 1}


def test_resolve_helpers_resolve_each_value_once() -> None:
    calls: list[str] = []

    def resolve(text: str, top: int) -> pd.DataFrame:
        calls.append(text)
        if text == "bad":
            raise ValueError("not in the taxonomy")
        if text == "nothing":
            return pd.DataFrame(columns=["concept_uri", "label", "isco_code"])
        return pd.DataFrame({"concept_uri": [f"uri:{text}"], "label": [text.title()], "isco_code": ["7212"]})

    frame = resolve_occupations(["svejser", "svejser", "bad", None, "nothing"], resolve)
    assert frame["isco_code"].tolist() == ["7212", "7212", "", "", ""]
    assert frame["occupation_label"].tolist()[0] == "Svejser"
    codes, uris = resolve_occupation_lists(["svejser;smed", "", "bad"], resolve)
    assert codes == [["7212"], [], []] and uris == [["uri:svejser", "uri:smed"], [], []]
    assert calls.count("svejser") == 2  # once per helper call


def test_an_occupation_index_resolves_in_batches_with_the_same_answers() -> None:
    class Index:
        """Stands in for OccupationIndex: answers ``best_many`` and counts its calls."""

        calls = 0

        def best_many(self, values: list[object]) -> list[tuple[str, str, str]]:
            Index.calls += 1
            return [("7212", "uri:svejser", "svejser") if v == "svejser" else ("", "", "") for v in values]

    frame = resolve_occupations(["svejser", "svejser", "bad", None], Index())
    assert Index.calls == 1
    assert frame["isco_code"].tolist() == ["7212", "7212", "", ""]
    assert frame["concept_uri"].tolist() == ["uri:svejser", "uri:svejser", "", ""]


def test_the_ranking_orders_exactly_the_education_levels_the_import_accepts() -> None:
    # matching is pure and keeps its own ordered copy; it must be the contract's, in order.
    assert EDUCATION_LEVELS == models.EDUCATION_LEVELS
