"""Skill normalisation and fuzzy, IDF-weighted matching."""

from __future__ import annotations

import math
import pickle

import pytest

from matching.skills import SkillMatcher, normalise_skill, split_skills


@pytest.fixture(scope="module")
def matcher() -> SkillMatcher:
    corpus = [
        "svejsning (MIG/MAG);Truckkort;kørekort B",
        "MIG-svejsning;kørekort B",
        "kørekort B;Excel",
        "kørekort B;CNC-programmering",
        "Rørlægning af fjernvarme;kørekort B",
    ]
    return SkillMatcher().fit(corpus)


def test_normalise_folds_case_letters_punctuation_and_endings() -> None:
    assert normalise_skill("Svejsning (MIG/MAG)") == "svejsning mig mag"
    assert normalise_skill("El-installationer") == normalise_skill("el installation")
    assert normalise_skill("Kørekort kat. B") == normalise_skill("koerekort B")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("a; b ;;a", ["a", "b"]),
        ("", []),
        (None, []),
        (math.nan, []),
        ("  x  y ", ["x y"]),
    ],
)
def test_split_skills(cell: object, expected: list[str]) -> None:
    assert split_skills(cell) == expected


@pytest.mark.parametrize(
    ("need", "person"),
    [
        ("svejsning (MIG/MAG)", "MIG-svejsning"),  # word order and punctuation
        ("truckcertifikat", "Truckkort"),  # synonym
        ("CNC-programmering", "cnc programmering"),  # case and hyphen
        ("Excel", "excel"),
        ("Rørlægning af fjernvarme", "fjernvarme-rørlægning"),  # outside the thesaurus: fuzzy
        ("elinstallation", "El-installationer"),
    ],
)
def test_variants_and_synonyms_match(matcher: SkillMatcher, need: str, person: str) -> None:
    result = matcher.match([need], [person])
    assert result.matched == [(need, person)]
    assert result.missing == []
    assert result.coverage == 1.0


@pytest.mark.parametrize(
    ("need", "person"),
    [
        ("TIG-svejsning", "MIG-svejsning"),
        ("CNC-drejning", "CNC-fræsning"),
        ("kørekort C", "kørekort B"),
    ],
)
def test_different_skills_spelled_alike_do_not_match(matcher: SkillMatcher, need: str, person: str) -> None:
    assert matcher.match([need], [person]).missing == [need]


def test_coverage_weighs_rare_skills_more(matcher: SkillMatcher) -> None:
    required = ["kørekort B", "CNC-programmering"]  # everybody has a driving licence; CNC is rare
    has_common = matcher.match(required, ["Kørekort (B)"])
    has_rare = matcher.match(required, ["CNC programmering"])
    assert has_rare.coverage > 0.5 > has_common.coverage
    assert has_common.missing == ["CNC-programmering"]
    assert matcher.weight("t:cnc_prog") > matcher.weight("t:korekort_b")


def test_unseen_skill_weighs_as_rarest(matcher: SkillMatcher) -> None:
    assert matcher.weight(matcher.concept("Undervandssvejsning")) >= max(matcher.idf_.values())


def test_no_required_skills_is_full_coverage(matcher: SkillMatcher) -> None:
    assert matcher.match([], ["Excel"]).coverage == 1.0


def test_repeated_required_concept_counts_once(matcher: SkillMatcher) -> None:
    result = matcher.match(["Truckkort", "truckcertifikat", "Excel"], ["truckcertifikat (B)"])
    assert [m[0] for m in result.matched] == ["Truckkort"]
    assert result.missing == ["Excel"]


def test_teaches_names_missing_skills_in_need_wording(matcher: SkillMatcher) -> None:
    missing = ["CNC-programmering", "Truckkort", "Excel"]
    assert matcher.teaches(["truckcertifikat", "CNC programmering"], missing) == [
        "CNC-programmering",
        "Truckkort",
    ]
    assert matcher.teaches([], missing) == []


def test_indicator_and_pickle(matcher: SkillMatcher) -> None:
    vocabulary = [matcher.concept("Truckkort"), matcher.concept("Excel")]
    matrix = matcher.indicator(["truckcertifikat;excel", "", "Excel"], vocabulary)
    assert matrix.tolist() == [[True, True], [False, False], [False, True]]
    again = pickle.loads(pickle.dumps(matcher))
    assert again.match(["Truckkort"], ["gaffeltruckcertifikat"]).coverage == 1.0
