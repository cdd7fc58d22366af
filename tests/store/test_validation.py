"""The row rules of the data contract: each rule with a failing and a passing row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping

import geopandas as gpd
import pandas as pd
import pytest

from lksmatch.errors import Problem, ValidationError
from store.validation import (
    CONTRACT,
    CPR_MASK,
    LINES_ATTR,
    MAX_PROBLEMS,
    contains_cpr,
    cvr_is_valid,
    looks_like_cpr,
    mask,
    mask_cpr,
    multiline_columns,
    validate,
)

GOOD_CVR = "10000009"  # 2*1 + 1*9 = 11


@pytest.fixture(scope="session")
def codes(municipalities: gpd.GeoDataFrame) -> frozenset[str]:
    """The 99 real kommunekoder."""
    return frozenset(municipalities["municipality_code"])


BASE: dict[str, dict[str, str]] = {
    "companies": {"cvr": GOOD_CVR, "name": "Smed A/S"},
    "needs": {"need_id": "N1", "cvr": GOOD_CVR, "occupation": "7212"},
    "jobseekers": {"person_id": "P0001", "municipality_code": "751"},
    "offers": {"offer_id": "O1", "provider": "AMU Midt", "title": "Svejsning"},
    "outcomes": {"need_id": "N1", "person_id": "P0001", "outcome": "hired"},
    "visits": {"visit_id": "V1", "cvr": GOOD_CVR, "date": "2026-01-05", "systems": "jobcenter"},
}
KNOWN = {"cvr": {GOOD_CVR}, "need_id": {"N1"}, "person_id": {"P0001"}, "visit_id": {"V1"}}


def problems(codes: Collection[str], kind: str, rows: list[dict[str, str]],
             known: Mapping[str, Collection[str]] | None = KNOWN) -> list[Problem]:
    frame = pd.DataFrame(rows, dtype=str).fillna("")
    try:
        validate(kind, frame, valid_municipality_codes=codes, known_keys=known)
    except ValidationError as exc:
        return exc.problems
    return []


def one(codes: Collection[str], kind: str, column: str, value: str) -> list[Problem]:
    return problems(codes, kind, [{**BASE[kind], column: value}])


CASES = [
    # kind, column, passing value, failing value, rule fragment
    ("companies", "cvr", GOOD_CVR, "10000008", "modulus-11"),
    ("companies", "cvr", "29403473", "2940347", "CVR"),
    ("companies", "p_number", "1003388394", "10033883", "P-number"),
    ("companies", "postal_code", "0800", "800", "postal code"),
    ("companies", "municipality_code", "751", "999", "kommunekode"),
    ("companies", "municipality_code", "0751", "abc", "kommunekode"),
    ("companies", "industry_code", "251100", "25.11", "DB07"),
    ("companies", "employees", "0", "-3", "whole number"),
    ("companies", "employees", "12", "1.5", "whole number"),
    ("companies", "growth_company", "false", "maybe", "true or false"),
    ("companies", "name", "Bager & Søn", "Bager\x07", "control characters"),
    ("needs", "occupation", "http://data.europa.eu/esco/occupation/1", "javascript:alert(1)",
     "http and https"),
    ("needs", "occupation", "https://example.dk/x", "ftp://example.dk/x", "http and https"),
    ("needs", "title", "Svejser: MIG/MAG", "file:///etc/passwd", "http and https"),
    ("needs", "count", "2", "0", "positive whole number"),
    ("needs", "count", "3.0", "two", "positive whole number"),
    ("needs", "kind", "upskill", "fire", "hire, upskill"),
    ("needs", "project", "erhvervsfaglig", "andet", "vaekst"),
    ("needs", "education_level_min", "kort videregående", "phd", "grundskole"),
    ("needs", "deadline", "2028-02-29", "2027-02-29", "real date"),
    ("needs", "deadline", "2026-12-31", "31-12-2026", "real date"),
    ("needs", "need_id", "N1", "N" * 65, "longer than 64"),
    ("jobseekers", "municipality_code", "730", "1000", "kommunekode"),
    ("jobseekers", "education_level", "lang videregående", "master", "grundskole"),
    ("jobseekers", "max_commute_km", "25,5", "-1", "distance"),
    ("jobseekers", "unemployed_since", "2025-01-31", "2025-01-32", "real date"),
    ("jobseekers", "birth_year", "1970", "1850", "birth year"),
    ("jobseekers", "person_id", "P0001", "010190-1234", "CPR"),
    ("jobseekers", "person_id", "9999991234", "0101901234", "CPR"),
    ("jobseekers", "person_id", "290201 1234", "290200 1234", "CPR"),
    ("offers", "kind", "AMU", "kursus", "AMU, EUD, other"),
    ("offers", "seats", "0", "x", "whole number"),
    ("offers", "duration_days", "5", "0", "positive whole number"),
    ("offers", "open_to_unemployed", "true", "ja tak", "true or false"),
    ("offers", "start_date", "2026-08-03", "2026-8-3", "real date"),
    ("outcomes", "outcome", "not_hired", "fired", "hired, interviewed"),
    ("outcomes", "date", "2025-06-01", "2025-06-31", "real date"),
]


@pytest.mark.parametrize(("kind", "column", "good", "bad", "rule"), CASES)
def test_rule(codes: frozenset[str], kind: str, column: str, good: str, bad: str, rule: str) -> None:
    assert one(codes, kind, column, good) == []
    found = one(codes, kind, column, bad)
    assert len(found) == 1, found
    assert found[0].row == 2 and found[0].column == column and rule in found[0].rule


@pytest.mark.parametrize(("column", "good", "bad"), [("lat", "56.15", "95"), ("lon", "10,2", "181")])
def test_coordinates_in_range_and_in_pairs(codes: frozenset[str], column: str, good: str, bad: str) -> None:
    other = "lon" if column == "lat" else "lat"
    alone = one(codes, "companies", column, good)
    assert [(p.column, p.rule) for p in alone] == [(other, "lat and lon must be given together")]
    assert problems(codes, "companies", [{**BASE["companies"], column: good, other: "10"}]) == []
    found = problems(codes, "companies", [{**BASE["companies"], column: bad, other: "10"}])
    assert [(p.column, "degrees" in p.rule) for p in found] == [(column, True)]


@pytest.mark.parametrize(("kind", "column"), [(k, c) for k, row in BASE.items() for c in row])
def test_required_values(codes: frozenset[str], kind: str, column: str) -> None:
    found = one(codes, kind, column, "  ")
    assert [(p.row, p.column, p.rule) for p in found] == [(2, column, "a value is required")]


def test_missing_required_column_is_reported_on_the_header_line(codes: frozenset[str]) -> None:
    frame = pd.DataFrame({"name": ["A"]}, dtype=str)
    with pytest.raises(ValidationError) as exc:
        validate("companies", frame, valid_municipality_codes=codes)
    assert [(p.row, p.column) for p in exc.value.problems] == [(1, "cvr")]


def test_every_problem_is_collected_with_its_line(codes: frozenset[str]) -> None:
    rows = [{**BASE["companies"], "cvr": "12345678", "employees": "-1"},
            BASE["companies"] | {"cvr": "29403473"},
            {**BASE["companies"], "cvr": "29403473", "municipality_code": "42"}]
    found = problems(codes, "companies", rows)
    assert [(p.row, p.column) for p in found] == [(2, "cvr"), (2, "employees"), (4, "cvr"),
                                                   (4, "municipality_code")]
    assert "line 3" in found[2].rule  # the duplicate names the first line


def test_unknown_columns_are_warnings_not_errors(codes: frozenset[str]) -> None:
    frame = pd.DataFrame([{**BASE["companies"], "kontaktperson": "Anne"}], dtype=str)
    result = validate("companies", frame, valid_municipality_codes=codes)
    assert result.warnings == ("column 'kontaktperson' is not part of the companies contract and is ignored",)
    assert "kontaktperson" not in result.columns


def test_typed_values_and_defaults(codes: frozenset[str]) -> None:
    frame = pd.DataFrame([{**BASE["needs"], "skills": " svejsning ;; truckcertifikat ;",
                           "deadline": "2026-06-30", "count": "", "kind": "Upskill"}], dtype=str)
    (record,) = validate("needs", frame, valid_municipality_codes=codes).records()
    assert record == {"need_id": "N1", "cvr": GOOD_CVR, "occupation": "7212",
                      "skills": "svejsning;truckcertifikat", "count": 1, "kind": "upskill",
                      "deadline": dt.date(2026, 6, 30)}
    frame = pd.DataFrame([{**BASE["companies"], "municipality_code": "0751", "lat": "56,1", "lon": "10.2",
                           "growth_company": "Ja", "employees": "7"}], dtype=str)
    (record,) = validate("companies", frame, valid_municipality_codes=codes).records()
    assert record == {"cvr": GOOD_CVR, "name": "Smed A/S", "municipality_code": "751", "lat": 56.1,
                           "lon": 10.2, "growth_company": True, "employees": 7}
    frame = pd.DataFrame([BASE["needs"]], dtype=str)
    result = validate("needs", frame, valid_municipality_codes=codes)
    assert len(result) == 1
    (record,) = result.records()
    assert record["count"] == 1 and record["kind"] == "hire"


def test_references_must_exist(codes: frozenset[str]) -> None:
    assert problems(codes, "needs", [{**BASE["needs"], "cvr": "29403473"}])[0].rule == \
        "refers to a cvr that does not exist"
    found = problems(codes, "outcomes", [{**BASE["outcomes"], "need_id": "N2", "person_id": "P0002"}])
    assert [(p.column, p.value) for p in found] == [("need_id", "N2"), ("person_id", "*****")]
    assert problems(codes, "needs", [{**BASE["needs"], "cvr": "29403473"}], known=None) == []


def test_duplicate_keys(codes: frozenset[str]) -> None:
    rows = [BASE["outcomes"], {**BASE["outcomes"], "outcome": "contacted"}, BASE["outcomes"]]
    found = problems(codes, "outcomes", rows)
    assert [(p.row, p.column, p.value) for p in found] == [(4, "need_id", "N1/*****/hired")]
    assert "line 2" in found[0].rule


def test_personal_values_are_masked(codes: frozenset[str]) -> None:
    rows = [{**BASE["jobseekers"], "person_id": "010190-1234", "birth_year": "1850", "lat": "x", "lon": "10",
             "gender": "K\x00", "municipality_code": "8000"}]
    found = problems(codes, "jobseekers", rows)
    shown = " ".join(str(p) for p in found)
    assert "1234" not in shown and "1850" not in shown and "'x'" not in shown and "8000" not in shown
    assert {p.column: p.value for p in found} == {"person_id": CPR_MASK, "birth_year": "****", "lat": "*",
                                                  "gender": "**", "municipality_code": "****"}


def test_cpr_detection_and_masks() -> None:
    assert looks_like_cpr("010190-1234") and looks_like_cpr("999999-1234")  # the dash form always
    assert looks_like_cpr("3112991234") and not looks_like_cpr("3213991234")
    assert not looks_like_cpr("P-010190-1234") and not looks_like_cpr("12345")
    assert mask("0101901234") == CPR_MASK and mask("abc") == "***" and mask("x" * 40) == "*" * 12
    assert cvr_is_valid("29403473") and not cvr_is_valid("29403474") and not cvr_is_valid("2940347a")


def test_unknown_kind_is_refused(codes: frozenset[str]) -> None:
    with pytest.raises(ValidationError, match="kind"):
        validate("persons", pd.DataFrame(), valid_municipality_codes=codes)


# --- CPR numbers anywhere in text; every echoed value masked ---------------------------------------

TEXT_COLUMNS = [
    (kind, c.name)
    for kind, columns in CONTRACT.items()
    for c in columns
    if c.type in ("text", "id", "list", "person_id")
]


@pytest.mark.parametrize("cpr", ["010190-1234", "0101901234", "010190 1234"])
@pytest.mark.parametrize(("kind", "column"), TEXT_COLUMNS)
def test_cpr_number_inside_any_text_column_is_rejected_and_masked(
    codes: frozenset[str], kind: str, column: str, cpr: str
) -> None:
    found = one(codes, kind, column, f"Ring;{cpr} i dag")
    assert [(p.row, p.column) for p in found] == [(2, column)], found
    assert "CPR" in found[0].rule
    assert cpr[-4:] not in str(found[0]) and cpr[:6] not in str(found[0])


@pytest.mark.parametrize("value", [
    "http://data.europa.eu/esco/occupation/ac613956-3212-4e22-b8fd-5a1dd0e5b7f5",  # 6-4 digits inside a UUID
    "Lager 3213991234",  # ten digits, but not a date
    "Varenr. 12010190-1234",  # the six digits are part of a longer number
    "Tlf. 86 12 34 56",
])
def test_numbers_that_are_not_cpr_numbers_pass(codes: frozenset[str], value: str) -> None:
    assert one(codes, "needs", "occupation", value) == []


def test_typed_code_columns_keep_their_own_rules(codes: frozenset[str]) -> None:
    assert one(codes, "companies", "p_number", "0101901234") == []  # a P-number may look like a CPR
    (found,) = one(codes, "companies", "postal_code", "0101901234")
    assert found.rule == "is not a 4-digit postal code" and found.value == CPR_MASK
    (found,) = one(codes, "needs", "kind", "010190-1234")
    assert found.value == CPR_MASK
    (found,) = one(codes, "needs", "deadline", "x 010190-1234")
    assert found.value == "x " + CPR_MASK


def test_contains_and_mask_cpr() -> None:
    assert contains_cpr("010190-1234") and contains_cpr("CPR:0101901234.") and contains_cpr("cpr_010190 1234")
    assert contains_cpr("999999-1234")  # the dash form always counts, as for person_id
    assert not contains_cpr("3213991234") and not contains_cpr("ab010190-1234")
    assert not contains_cpr("010190-12345") and not contains_cpr("")
    assert mask_cpr("Ring 010190-1234 eller 0202021234!") == f"Ring {CPR_MASK} eller {CPR_MASK}!"
    assert mask_cpr("ingen") == "ingen"


def test_line_breaks_only_in_free_text_columns(codes: frozenset[str]) -> None:
    for column in ("name", "address"):
        (found,) = one(codes, "companies", column, "Smed A/S\nHovedgaden 1")
        assert found.column == column and "line break" in found.rule
    assert multiline_columns("companies") == frozenset()


def test_problem_lines_follow_the_physical_lines_of_the_file(codes: frozenset[str]) -> None:
    frame = pd.DataFrame([BASE["companies"], {**BASE["companies"], "cvr": "1"}], dtype=str)
    frame.attrs[LINES_ATTR] = (2, 5)  # the first record spans lines 2-4 (a note over three lines)
    with pytest.raises(ValidationError) as exc:
        validate("companies", frame, valid_municipality_codes=codes)
    assert [(p.row, p.column) for p in exc.value.problems] == [(5, "cvr")]


# --- the problems listed are capped, every problem is counted ----------------------------------------


def test_problems_are_capped_in_line_order_and_counted(codes: frozenset[str]) -> None:
    n = MAX_PROBLEMS + 700
    rows = [{"cvr": str(i), "name": "" if i % 2 else "x"} for i in range(n)]  # 1 or 2 problems a row
    with pytest.raises(ValidationError) as exc:
        validate("companies", pd.DataFrame(rows, dtype=str), valid_municipality_codes=codes)
    listed = exc.value.problems
    total = n + n // 2
    assert len(listed) == MAX_PROBLEMS + 1
    assert [(p.row, p.column) for p in listed[:3]] == [(2, "cvr"), (3, "cvr"), (3, "name")]
    assert listed[MAX_PROBLEMS - 1].row == 2 + (MAX_PROBLEMS * 2 // 3)
    more = total - MAX_PROBLEMS
    assert listed[-1].rule == f"... and {more:,} more problems (only the first 1,000 are listed)"
    assert f"{total:,} problems" in str(exc.value)
