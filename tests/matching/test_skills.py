"""Skill normalisation and fuzzy, IDF-weighted matching, with the product's thesaurus file."""

from __future__ import annotations

import math
import pickle

import pytest

from matching.skills import SkillMatcher, _similar, normalise_skill, spelling_key, split_skills
from store.vocab import read_skill_thesaurus

CORPUS = [
    "svejsning (MIG/MAG);Truckkort;kørekort B",
    "MIG-svejsning;kørekort B",
    "kørekort B;Excel",
    "kørekort B;CNC-programmering",
    "Rørlægning af fjernvarme;kørekort B",
]


@pytest.fixture(scope="module")
def thesaurus() -> dict[str, tuple[str, ...]]:
    return read_skill_thesaurus()


@pytest.fixture(scope="module")
def matcher(thesaurus: dict[str, tuple[str, ...]]) -> SkillMatcher:
    return SkillMatcher(thesaurus=thesaurus).fit(CORPUS)


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
        ("gravemaskinecertifikat", "Gravemaskinecertifikater"),  # ending
        ("medicinhåndtering", "MEDICINHAANDTERING"),  # case, å typed as aa
        ("fødevarehygiejne", "foedevarehygiejne"),
        ("ruteplanlægning", "ruteplanlægnig"),  # a letter dropped
        ("truckcertifikat", "trukccertifikat"),  # two letters swapped
        ("tegningslæsning", "tegningslæsningen"),
        ("el-installation", "el installation"),
        ("kørekort C", "C-kørekort"),  # the same words in another order
    ],
)
def test_spelling_variants_of_a_thesaurus_wording_match(
    matcher: SkillMatcher, need: str, person: str
) -> None:
    assert matcher.match([need], [person]).matched == [(need, person)]


@pytest.mark.parametrize(
    ("need", "person"),
    [
        ("TIG-svejsning", "argonsvejsning"),
        ("Truckkort", "reachtruck"),
        ("kørekort D", "rutebilkørekort"),
        ("demens", "Alzheimers"),
        ("Excel", "pivottabeller"),
    ],
)
def test_a_synonym_the_thesaurus_does_not_hold_and_not_spelled_alike_does_not_match(
    matcher: SkillMatcher, need: str, person: str
) -> None:
    """The matcher knows the thesaurus file and spelling, nothing else (no demo vocabulary)."""
    assert matcher.match([need], [person]).missing == [need]


def test_the_default_matcher_knows_no_synonyms_only_spelling() -> None:
    bare = SkillMatcher().fit(CORPUS)
    assert bare.thesaurus == {}
    assert bare.match(["Truckkort"], ["truckcertifikat"]).missing == ["Truckkort"]
    assert bare.match(["CNC-programmering"], ["cnc programmering"]).missing == []


def test_a_given_thesaurus_is_used_and_its_keys_are_not_wordings() -> None:
    own = SkillMatcher(thesaurus={"bus": ("kørekort D", "busførerkort")})
    assert own.concept("Busførerkort") == own.concept("kørekort kat. D") == "t:bus"
    assert own.concept("bus") != "t:bus"


def test_one_wording_in_two_concepts_is_refused() -> None:
    with pytest.raises(ValueError, match="may belong to one concept only"):
        SkillMatcher(thesaurus={"a": ("El-installation",), "b": ("elinstallationer",)})
    with pytest.raises(ValueError, match="sequence of wordings"):
        SkillMatcher(thesaurus={"a": "Truckkort"})


def test_the_thesaurus_file_keeps_look_alike_concepts_apart(thesaurus: dict[str, tuple[str, ...]]) -> None:
    owner = {spelling_key(w): k for k, ws in thesaurus.items() for w in ws}
    assert owner[spelling_key("TIG-svejsning")] != owner[spelling_key("MIG-svejsning")]
    assert owner[spelling_key("kørekort C")] != owner[spelling_key("kørekort D")]


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


@pytest.mark.parametrize(
    ("need", "person"),
    [
        ("forflytning", "fotflytning"),  # a letter replaced by its keyboard neighbour
        ("bagning", "bagming"),
        ("slagtning", "slagtnimg"),
        ("tegningslæsning", "tegningslæsnign"),  # two letters swapped at the end
        ("svejsning (TIG)", "sveksning (TIG)"),  # a slip in the long word, the code as it is
        ("måleteknik", "mleteknik"),  # å dropped: one letter, not two
    ],
)
def test_a_typo_in_a_long_word_matches(matcher: SkillMatcher, need: str, person: str) -> None:
    assert matcher.match([need], [person]).matched == [(need, person)]


@pytest.mark.parametrize(
    ("need", "person"),
    [
        ("Python", "Pytjon"),  # a word of six letters is too short to assume a typo
        ("montage", "monatge"),  # montag(e) vs modtag(e): one slip apart, both real words
        ("bagning", "vagning"),  # never a slip on the first letter
        ("MIG-svejsning", "MG-svejsning"),  # never a slip in a code
        ("vvs-arbejde", "vs-arbejde"),
        ("M365-administration", "M36-administration"),
    ],
)
def test_no_typo_is_assumed_in_a_short_word_a_first_letter_or_a_code(
    matcher: SkillMatcher, need: str, person: str
) -> None:
    assert matcher.match([need], [person]).missing == [need]


@pytest.mark.parametrize(
    ("need", "person"),
    [
        ("TIG", "MIG"),
        ("TIG-svejsning", "MIG-svejsning"),
        ("kørekort C", "kørekort D"),
        ("C-kørekort", "D-kørekort"),
        ("kørekort B", "kørekort BE"),
        ("B-kørekort", "BE-kørekort"),
        ("PLC-programmering", "PC-programmering"),
        ("debitorbogholderi", "kreditorbogholderi"),
        ("Java", "JavaScript"),
        ("Java-udvikling", "JavaScript-udvikling"),
        ("pladesvejsning", "rørsvejsning"),
        ("Word", "WordPress"),
    ],
)
def test_look_alikes_never_match(matcher: SkillMatcher, need: str, person: str) -> None:
    assert matcher.match([need], [person]).missing == [need]
    assert matcher.match([person], [need]).missing == [person]


def test_a_typo_never_bridges_two_thesaurus_concepts() -> None:
    alone = SkillMatcher(thesaurus={"bake": ("bagning",)})
    assert alone.concept("bagming") == alone.concept("bugning") == "t:bake"
    both = SkillMatcher(thesaurus={"bake": ("bagning",), "build": ("bygning",)})
    assert both.concept("bugning") not in {"t:bake", "t:build"}  # one slip from each
    assert both.concept("bagming") not in {"t:bake", "t:build"}  # and two from the other
    assert both.concept("bygnimg") not in {"t:bake", "t:build"}


def test_a_near_spelling_of_two_concepts_names_neither() -> None:
    licences = SkillMatcher(thesaurus={"b": ("kørekort B",), "c": ("kørekort C",), "d": ("kørekort D",)})
    assert licences.concept("kørekort").startswith("u:")
    assert licences.concept("kørekort kat. B") == "t:b"


def test_skills_outside_the_thesaurus_join_the_earliest_alike_group() -> None:
    """The grouping gives what comparing each new wording with every earlier group in turn gives."""
    words = ["stillads", "montage", "opstilling", "nedtagning", "kørekort", "BE", "B", "rør", "svejsning"]
    texts = [f"{a} {b}" for a in words for b in words] + [f"{a}{b}er" for a in words for b in words[:4]]
    texts += ["kørekort BE", "kørekort B", "BE-kørekort", "rør og svejsning af stillads"]
    bare = SkillMatcher()
    got = bare.concepts(texts)
    firsts: list[str] = []
    expected = []
    for text in texts:
        norm = normalise_skill(text)
        if norm in firsts:
            expected.append(f"u:{norm}")
            continue
        first = next((f for f in firsts if _similar(norm, f, bare.threshold)), None)
        if first is None:
            firsts.append(norm)
        expected.append(f"u:{first or norm}")
    assert got == expected
    assert bare.concept("kørekort BE") != bare.concept("kørekort B")


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
    assert again.concept("Rørlægning af fjernvarme") == matcher.concept("Rørlægning af fjernvarme")
    assert again.concept("fjernvarme-rørlægningen") == matcher.concept("Rørlægning af fjernvarme")
    assert again.concept("slagtnimg") == "t:slagtning"
