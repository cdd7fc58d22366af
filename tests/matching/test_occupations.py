"""Occupation understanding against the real ESCO taxonomy (built once per session)."""

from __future__ import annotations

import pandas as pd
import pytest
from reference import reference_data_dir

from lksmatch.config import Settings
from lksmatch.errors import ValidationError
from matching import text as tx
from matching.occupations import (
    ISCO_URI_PREFIX,
    MATCH_COLUMNS,
    RESULT_COLUMNS,
    OccupationIndex,
    isco_distance,
)
from store import refdata


@pytest.fixture(scope="session")
def taxonomy() -> dict[str, pd.DataFrame]:
    settings = Settings(data_dir=reference_data_dir())
    return {
        "occupations": refdata.read_esco_occupations(settings),
        "isco_groups": refdata.read_esco_isco_groups(settings),
        "labels_da": refdata.read_esco_labels_da(settings),
        "hierarchy": refdata.read_esco_hierarchy(settings),
    }


@pytest.fixture(scope="session")
def index(taxonomy: dict[str, pd.DataFrame]) -> OccupationIndex:
    return OccupationIndex.from_taxonomy(**taxonomy)


def _top_codes(index: OccupationIndex, text: str, k: int = 3) -> list[str]:
    return index.resolve(text, top=k)["isco_code"].tolist()


# --- codes and URIs -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["7223", "722310", "C7223", " 7223 "])
def test_isco_or_disco_code_resolves_to_its_group(index: OccupationIndex, code: str) -> None:
    result = index.resolve(code)
    assert list(result.columns) == RESULT_COLUMNS
    assert result["concept_uri"].tolist() == [f"{ISCO_URI_PREFIX}7223"]
    assert result["isco_code"].tolist() == ["7223"]
    assert result["score"].tolist() == [1.0]


def test_shorter_isco_codes_resolve_to_their_groups(index: OccupationIndex) -> None:
    assert index.resolve("72")["concept_uri"].tolist() == [f"{ISCO_URI_PREFIX}72"]


def test_esco_uri_resolves_to_itself(index: OccupationIndex, taxonomy: dict[str, pd.DataFrame]) -> None:
    uri = taxonomy["occupations"]["ORIGINURI"].iloc[0]
    for written in (uri, uri.replace("http://", "https://"), uri + "/"):
        result = index.resolve(written)
        assert result["concept_uri"].tolist() == [uri]
        assert result["rank"].tolist() == [1]


def test_esco_occupation_code_resolves_to_the_occupation(
    index: OccupationIndex, taxonomy: dict[str, pd.DataFrame]
) -> None:
    row = taxonomy["occupations"].iloc[0]
    assert index.resolve(row["CODE"])["concept_uri"].tolist() == [row["ORIGINURI"]]


@pytest.mark.parametrize("code", ["9999", "0000", "99999"])
def test_unknown_isco_code_is_a_clear_validation_error(index: OccupationIndex, code: str) -> None:
    with pytest.raises(ValidationError, match=r"ISCO-08 has no group") as info:
        index.resolve(code)
    assert code in str(info.value)
    assert isinstance(info.value, ValueError)


def test_unknown_uri_is_a_validation_error(index: OccupationIndex) -> None:
    with pytest.raises(ValidationError, match="not an ESCO occupation or ISCO-08 group URI"):
        index.resolve("http://data.europa.eu/esco/occupation/does-not-exist")


# --- free titles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "codes"),
    [
        ("CNC-operatør", {"7223"}),
        ("cnc operatør", {"7223"}),
        ("CNC operator", {"7223"}),
        ("Kørselsleder", {"4323", "1324"}),  # transport dispatcher / road operations manager
        ("Social- og sundhedshjælper", {"5321", "5322"}),
        ("sosu-hjælper", {"5321", "5322"}),
        ("sosu assistent", {"5321", "5322"}),
        ("truck driver", {"8332"}),
        ("lastbilchauffør", {"8332"}),
        ("tømrer", {"7115"}),
        ("tømrere", {"7115"}),
        ("elektriker", {"7411"}),
        ("svejser", {"7212"}),
        ("welder", {"7212"}),
        ("sygeplejersker", {"2221"}),
        ("bogholder", {"3313", "4311"}),
    ],
)
def test_job_titles_find_a_sensible_occupation_in_the_top_three(
    index: OccupationIndex, title: str, codes: set[str]
) -> None:
    top = _top_codes(index, title)
    assert codes & set(top), f"{title!r} gave ISCO codes {top}"


def test_ranks_are_consecutive_and_scores_descend(index: OccupationIndex) -> None:
    result = index.resolve("elektriker", top=10)
    assert result["rank"].tolist() == list(range(1, len(result) + 1))
    assert result["score"].is_monotonic_decreasing
    assert result["score"].between(0, 1).all()
    assert len(result) <= 10


def test_a_title_that_is_a_label_ranks_that_concept_first(index: OccupationIndex) -> None:
    top = index.resolve("svejser", top=1).iloc[0]
    assert top["label"] == "svejser"


@pytest.mark.parametrize(
    "variants",
    [
        ["CNC-operatør", "cnc-operatør", "CNC operatør", "cnc operatør", "CNC-OPERATØR", "cnc-operatoer"],
        ["tømrer", "Tømrer", "TØMRER", "toemrer"],
        ["Social- og sundhedshjælper", "social og sundhedshjælper", "SOCIAL- OG SUNDHEDSHJÆLPER"],
    ],
)
def test_case_hyphen_and_spelling_variants_give_the_same_top_result(
    index: OccupationIndex, variants: list[str]
) -> None:
    tops = {v: index.resolve(v, top=1)["concept_uri"].iloc[0] for v in variants}
    assert len(set(tops.values())) == 1, tops


@pytest.mark.parametrize("text", ["", "   ", "!!!", "-", "qqqxzv", "xyzzy plugh"])
def test_empty_or_meaningless_input_gives_an_empty_result(index: OccupationIndex, text: str) -> None:
    result = index.resolve(text)
    assert result.empty
    assert list(result.columns) == RESULT_COLUMNS


def test_top_must_be_positive(index: OccupationIndex) -> None:
    with pytest.raises(ValidationError, match="`top`"):
        index.resolve("tømrer", top=0)


# --- batch ----------------------------------------------------------------------------------------


def test_match_many_mixes_codes_uris_and_titles(index: OccupationIndex) -> None:
    ids = ["a", "b", "c", "d"]
    titles = ["7115", f"{ISCO_URI_PREFIX}7212", "svejser", "!!!"]
    result = index.match_many(ids, titles, top=3)
    assert list(result.columns) == MATCH_COLUMNS
    assert result.loc[result["id"] == "a", "concept_uri"].tolist() == [f"{ISCO_URI_PREFIX}7115"]
    assert result.loc[result["id"] == "b", "concept_uri"].tolist() == [f"{ISCO_URI_PREFIX}7212"]
    svejser = result[result["id"] == "c"]
    assert svejser["rank"].tolist() == [1, 2, 3]
    assert "d" not in set(result["id"])  # nothing sensible: no rows, no crash
    alone = index.resolve("svejser", top=3)
    assert svejser["concept_uri"].tolist() == alone["concept_uri"].tolist()


def test_match_many_reports_every_bad_code_with_its_line(index: OccupationIndex) -> None:
    with pytest.raises(ValidationError) as info:
        index.match_many(["1", "2", "3"], ["9999", "tømrer", "http://example.org/x"], top=2)
    problems = info.value.problems
    assert [(p.row, p.column) for p in problems] == [(2, "title"), (4, "title")]
    assert "9999" in str(info.value)


def test_match_many_of_nothing_is_an_empty_frame(index: OccupationIndex) -> None:
    result = index.match_many([], [], top=5)
    assert result.empty
    assert list(result.columns) == MATCH_COLUMNS


def test_match_many_needs_as_many_ids_as_titles(index: OccupationIndex) -> None:
    with pytest.raises(ValidationError, match="`ids`"):
        index.match_many(["1"], ["a", "b"])


# --- the ISCO hierarchy ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("7223", "7223", 0),
        ("7223", "7221", 1),
        ("7223", "7212", 2),
        ("7223", "7411", 3),
        ("7223", "2512", 4),
        ("7223", "722", 1),
        (f"{ISCO_URI_PREFIX}7223", "7223", 0),
        ("", "7223", 4),
    ],
)
def test_isco_distance(a: str, b: str, distance: int) -> None:
    assert isco_distance(a, b) == distance
    assert isco_distance(b, a) == distance


def test_isco_of_occupations_and_groups(index: OccupationIndex) -> None:
    svejser = index.resolve("svejser", top=1)["concept_uri"].iloc[0]
    assert index.isco_of(svejser) == "7212"
    assert index.isco_of(f"{ISCO_URI_PREFIX}7212") == "7212"
    assert index.isco_of("7212") == "7212"
    assert index.distance(svejser, f"{ISCO_URI_PREFIX}7214") == 1
    with pytest.raises(ValidationError):
        index.isco_of("http://data.europa.eu/esco/occupation/nope")


# --- construction -----------------------------------------------------------------------------------


def test_from_taxonomy_names_missing_columns(taxonomy: dict[str, pd.DataFrame]) -> None:
    with pytest.raises(ValidationError, match="`labels_da` lacks the columns"):
        OccupationIndex.from_taxonomy(
            taxonomy["occupations"], taxonomy["isco_groups"], taxonomy["labels_da"].drop(columns="label")
        )


def test_every_concept_has_a_danish_or_english_label(index: OccupationIndex) -> None:
    assert (index.concepts["label"].str.len() > 0).all()
    assert set(index.concepts["kind"]) == {"occupation", "isco_group"}


# --- Danish text helpers -----------------------------------------------------------------------------


def test_fold_unifies_case_danish_letters_and_punctuation() -> None:
    assert tx.fold("CNC-Operatør") == tx.fold("cnc operatoer") == "cnc operatoer"
    assert tx.fold("Århus") == tx.fold("Aarhus")
    assert tx.fold("Attaché") == "attache"


def test_stem_joins_plural_definite_and_feminine_forms() -> None:
    assert len({tx.stem(w) for w in ["toemrer", "toemrere", "toemrerne", "toemreren"]}) == 1
    assert tx.stem("laererinde") == tx.stem("laerer")
    assert tx.stem("syerske") == tx.stem("syer")
    assert tx.stem("massoese") == tx.stem("massoer")


def test_abbreviations_expand() -> None:
    assert tx.expand("SOSU-hjælper") == "social og sundhed hjaelper"
    assert tx.expand("IKT-supporter") == tx.expand("IT-supporter")


def test_decompounder_splits_on_known_words_with_linking_s() -> None:
    splitter = tx.Decompounder(["byggemarked", "saelger", "ekspedient", "lager", "arbejder"])
    assert splitter.split("byggemarkedssaelger") == ("byggemarked", "saelger")
    assert splitter.split("lagerarbejder") == ("lager", "arbejder")
    assert splitter.split("tømrer") == ("tømrer",)


# --- titles that equal a label, trainees -------------------------------------------------------


@pytest.mark.parametrize("title", ["Produktchef", "Gartner", "Bagermester"])
def test_a_title_that_is_a_preferred_label_puts_that_concept_first(
    index: OccupationIndex, taxonomy: dict[str, pd.DataFrame], title: str
) -> None:
    # Each of these is the preferred Danish label of one occupation and an alternative
    # label of others ("produktchef" also names "produktleder"); the named one leads.
    da = taxonomy["labels_da"]
    preferred = da[(da["label_index"] == 0) & (da["label"].map(tx.fold) == tx.fold(title))]
    assert len(preferred) == 1
    carriers = set(da.loc[da["label"].map(tx.fold) == tx.fold(title), "concept_uri"])
    assert len(carriers) > 1, "the title should be ambiguous for this test to mean anything"
    result = index.resolve(title, top=len(carriers))
    assert result["concept_uri"].iloc[0] == preferred["concept_uri"].iloc[0]
    assert set(result["concept_uri"]) == carriers  # the other carriers follow, before anything else


@pytest.mark.parametrize(
    ("trainee", "trade"),
    [("Tømrerlærling", "tømrer"), ("Urmagerelev", "urmager"), ("elektrikerlærling", "elektriker")],
)
def test_a_trainee_title_finds_its_trade(index: OccupationIndex, trainee: str, trade: str) -> None:
    expected = index.resolve(trade, top=1)["concept_uri"].iloc[0]
    assert index.resolve(trainee, top=1)["concept_uri"].iloc[0] == expected


def test_trainee_endings_are_dropped_only_from_a_long_enough_word() -> None:
    assert tx.expand("Tømrerlærling") == "toemrer"
    assert tx.expand("elev") == "elev"  # a bare "elev" is not a trainee of nothing
    assert tx.expand("kontorelev") == "kontor"


def test_best_many_agrees_with_resolve_and_never_raises(index: OccupationIndex) -> None:
    values = ["CNC-operatør", "7223", "Tømrerlærling", "", None, "9999", "qwxz", "CNC-operatør", float("nan")]
    got = index.best_many(values)
    assert len(got) == len(values)
    for value, found in zip(values, got, strict=True):
        text = "" if value is None or isinstance(value, float) else str(value)
        if text in ("", "9999", "qwxz"):
            assert found == ("", "", "")  # empty, a code ISCO-08 lacks, a title that names nothing
            continue
        best = index.resolve(text, top=1).iloc[0]
        assert found == (best["isco_code"], best["concept_uri"], best["label"])
    other = index.with_params(translation_weight=0.0)  # another scorer starts with no remembered answers
    assert other._best == {}
