"""Area measures on a small hand-built region: exact values, placement rules, additivity."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from stats import measures as areastats
from stats.columns import (
    ID_COLUMNS,
    JOBSEEKER_DURATION_COLUMNS,
    JOBSEEKER_EDU_COLUMNS,
    MEASURES,
    NEEDS_ISCO_COLUMNS,
    PARTNERSHIP_COLUMNS,
    RATIO_COLUMNS,
    REGION_ID,
)
from stats.labels import MEASURE_LABELS_DA, MEASURE_LABELS_EN
from stats.measures import compute_area_stats, level_rows

TODAY = dt.date(2025, 3, 1)


def frames() -> dict[str, pd.DataFrame]:
    """The import files as text, with the placement columns the store adds."""
    companies = pd.DataFrame(
        [
            ["10000001", "Herning Stål", "657", "herning", "true"],
            ["10000002", "Herning Bager", "657", "herning", "false"],
            ["10000003", "Aarhus Data", "751", "aarhus", "true"],
            ["10000004", "Lemvig Fisk", "665", "nordvestjylland", ""],
            ["10000005", "København ApS", "101", "", "true"],  # outside the region
            ["10000006", "Nowhere A/S", "", "", "true"],  # not placed
        ],
        columns=["cvr", "name", "municipality_code", "lks_id", "growth_company"],
    )
    needs = pd.DataFrame(
        [
            ["N1", "10000001", "Svejser", "7212", "2", "hire", "vaekst", "open"],
            [
                "N2",
                "10000001",
                "http://data.europa.eu/esco/occupation/x",
                "2512",
                "",
                "upskill",
                "erhvervsfaglig",
                "",
            ],
            ["N3", "10000002", "bager", "", "", "", "", "open"],
            ["N4", "10000003", "7212", "7212", "3", "hire", "", "open"],
            ["N5", "10000003", "7212", "7212", "1", "hire", "", "cancelled"],
            ["N6", "10000005", "7212", "7212", "1", "hire", "", "open"],  # company outside
            ["N7", "99999999", "7212", "7212", "1", "hire", "", "open"],  # unknown company
        ],
        columns=["need_id", "cvr", "occupation", "isco_code", "count", "kind", "project", "status"],
    )
    jobseekers = pd.DataFrame(
        [
            ["P1", "657", "herning", "grundskole", "2025-01-15", ""],
            ["P2", "657", "herning", "erhvervsfaglig", "2024-12-01", ""],  # exactly 3 months
            ["P3", "657", "herning", "", "2024-03-01", ""],  # exactly 12 months
            ["P4", "657", "herning", "lang videregående", "2024-02-29", ""],
            ["P5", "657", "herning", "gymnasial", "", ""],
            ["P6", "751", "aarhus", "grundskole", "2025-04-01", ""],  # not yet unemployed
            ["P7", "751", "aarhus", "grundskole", "2020-01-01", "2024-06-01"],  # no longer
            ["P8", "101", "", "grundskole", "2024-01-01", ""],  # outside
        ],
        columns=[
            "person_id",
            "municipality_code",
            "lks_id",
            "education_level",
            "unemployed_since",
            "unemployment_ended",
        ],
    )
    offers = pd.DataFrame(
        [
            ["O1", "657", "2025-03-10", "5", "12", "true"],
            ["O2", "657", "2025-01-01", "30", "8", "true"],  # over on 2025-01-31
            ["O3", "751", "", "", "", "false"],
            ["O4", "751", "2025-02-20", "10", "3", "false"],  # ends 2025-03-02
        ],
        columns=[
            "offer_id",
            "municipality_code",
            "start_date",
            "duration_days",
            "seats",
            "open_to_unemployed",
        ],
    )
    decisions = pd.DataFrame(
        [
            ["N1", "P1", "contacted"],
            ["N1", "P1", "accepted"],
            ["N1", "P1", "accepted"],  # the same match twice
            ["N5", "P2", "accepted"],  # on a closed need: still counted
            ["N6", "P3", "accepted"],  # need outside the region
        ],
        columns=["need_id", "person_id", "decision"],
    )
    return {
        "companies": companies,
        "needs": needs,
        "jobseekers": jobseekers,
        "offers": offers,
        "decisions": decisions,
    }


def stats(
    lks_table: pd.DataFrame,
    munis: gpd.GeoDataFrame,
    data: dict[str, pd.DataFrame] | None = None,
    today: dt.date = TODAY,
) -> pd.DataFrame:
    data = frames() if data is None else data
    return compute_area_stats(lks_table=lks_table, municipalities=munis, today=today, **data)


def row(table: pd.DataFrame, area_id: str) -> dict[str, object]:
    return table.loc[table["area_id"] == area_id].iloc[0].to_dict()


@pytest.fixture(scope="module")
def base(lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame) -> pd.DataFrame:
    return stats(lks_table, region_munis)


def test_shape_and_order(base: pd.DataFrame) -> None:
    assert list(base.columns[:4]) == list(ID_COLUMNS)
    assert (base["level"] == "municipality").sum() == 19
    assert (base["level"] == "lks").sum() == 15
    assert base["level"].iloc[-1] == "region" and base["area_id"].iloc[-1] == REGION_ID
    assert base.loc[base["level"] == "municipality", "area_id"].is_monotonic_increasing
    measures = [c for c in base.columns if c not in ID_COLUMNS]
    assert measures == [c for c in MEASURES if c not in ("needs_with_candidate", "coverage_rate")]
    assert all(base[c].dtype == ("float64" if c in RATIO_COLUMNS else "int64") for c in measures)


def test_herning_by_hand(base: pd.DataFrame) -> None:
    herning = row(base, "657")
    expected = {
        "lks_id": "herning",
        "area_name": "Herning",
        "companies": 2,
        "growth_companies": 1,
        "companies_with_open_need": 2,
        "needs_open": 3,
        "people_asked": 4,  # 2 + 1 (empty count) + 1
        "needs_isco_7": 1,
        "needs_isco_2": 1,
        "needs_isco_unknown": 1,
        "people_asked_isco_7": 2,
        "people_asked_isco_2": 1,
        "people_asked_isco_unknown": 1,
        "needs_hire": 2,
        "needs_upskill": 1,
        "people_asked_hire": 3,
        "people_asked_upskill": 1,
        "needs_vaekst": 1,
        "needs_erhvervsfaglig": 1,
        "needs_no_programme": 1,
        "people_asked_vaekst": 2,
        "people_asked_erhvervsfaglig": 1,
        "people_asked_no_programme": 1,
        "jobseekers": 5,
        "jobseekers_edu_grundskole": 1,
        "jobseekers_edu_erhvervsfaglig": 1,
        "jobseekers_edu_gymnasial": 1,
        "jobseekers_edu_lang_videregaaende": 1,
        "jobseekers_edu_unknown": 1,
        "jobseekers_unemployed_lt3m": 1,
        "jobseekers_unemployed_3to12m": 2,
        "jobseekers_unemployed_gt12m": 1,
        "jobseekers_unemployed_unknown": 1,
        "offers": 1,
        "offers_open_to_unemployed": 1,
        "offer_seats_free": 12,
        "decisions": 3,
        "matches_accepted": 1,
    }
    assert {k: herning[k] for k in expected} == expected
    others = [c for c in MEASURES if c in herning and c not in expected and c not in RATIO_COLUMNS]
    assert {c: herning[c] for c in others if herning[c] != 0} == {}
    assert all(np.isnan(herning[c]) for c in RATIO_COLUMNS if c in herning)  # no visits
    # Herning is an LKS of its own: the same figures
    lks = row(base, "herning")
    assert all(lks[c] == herning[c] for c in MEASURES if c in herning and c not in RATIO_COLUMNS)


def test_aarhus_and_region_by_hand(base: pd.DataFrame) -> None:
    aarhus = row(base, "751")
    assert (aarhus["companies"], aarhus["needs_open"], aarhus["people_asked"]) == (1, 1, 3)
    assert (aarhus["jobseekers"], aarhus["offers"], aarhus["offer_seats_free"]) == (0, 2, 3)
    assert (aarhus["decisions"], aarhus["matches_accepted"]) == (1, 1)  # the closed need's decision
    region = row(base, REGION_ID)
    assert (region["companies"], region["growth_companies"]) == (4, 2)  # outside and unplaced left out
    assert (region["needs_open"], region["people_asked"], region["jobseekers"]) == (4, 7, 5)
    assert (region["decisions"], region["matches_accepted"]) == (4, 2)
    assert row(base, "nordvestjylland")["companies"] == 1


def test_totals_add_up(base: pd.DataFrame) -> None:
    measures = [c for c in base.columns if c not in ID_COLUMNS and c not in RATIO_COLUMNS]
    munis = base[base["level"] == "municipality"]
    lks = base[base["level"] == "lks"].set_index("area_id")
    region = base[base["level"] == "region"].iloc[0]
    assert (munis.groupby("lks_id")[measures].sum() == lks[measures]).all().all()
    assert (lks[measures].sum() == region[measures]).all()
    for total, parts in [
        ("jobseekers", JOBSEEKER_EDU_COLUMNS),
        ("jobseekers", JOBSEEKER_DURATION_COLUMNS),
        ("needs_open", NEEDS_ISCO_COLUMNS),
        ("needs_open", areastats.NEEDS_KIND_COLUMNS),
        ("needs_open", areastats.NEEDS_PROGRAMME_COLUMNS),
        ("people_asked", areastats.PEOPLE_ASKED_ISCO_COLUMNS),
        ("people_asked", areastats.PEOPLE_ASKED_PROGRAMME_COLUMNS),
    ]:
        assert (base[list(parts)].sum(axis=1) == base[total]).all(), total


def test_one_more_growth_company_in_herning_changes_exactly_those_cells(
    lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame, base: pd.DataFrame
) -> None:
    data = frames()
    extra = pd.DataFrame(
        [["10000007", "Ny Vækst", "657", "herning", "true"]], columns=data["companies"].columns
    )
    data["companies"] = pd.concat([data["companies"], extra], ignore_index=True)
    after = stats(lks_table, region_munis, data)
    measures = [c for c in base.columns if c not in ID_COLUMNS and c not in RATIO_COLUMNS]
    diff = after[measures] - base[measures]
    changed = {
        (after["area_id"][i], c)
        for i, c in zip(*np.nonzero(diff.to_numpy()), strict=True)
        for c in [measures[c]]
    }
    assert changed == {
        (a, c) for a in ("657", "herning", REGION_ID) for c in ("companies", "growth_companies")
    }
    assert (diff.to_numpy() >= 0).all() and diff.to_numpy().sum() == 6


def test_typed_frames_give_the_same_counts(
    lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame, base: pd.DataFrame
) -> None:
    data = frames()
    companies = data["companies"].copy()
    companies["growth_company"] = [True, False, True, None, True, True]
    jobseekers = data["jobseekers"].copy()
    for column in ("unemployed_since", "unemployment_ended"):
        jobseekers[column] = [dt.date.fromisoformat(v) if v else None for v in jobseekers[column]]
    needs = data["needs"].copy()
    needs["count"] = [2, None, 1, 3, 1, 1, 1]
    offers = data["offers"].copy()
    offers["seats"] = [12, 8, None, 3]
    offers["open_to_unemployed"] = [True, True, False, False]
    typed = {**data, "companies": companies, "jobseekers": jobseekers, "needs": needs, "offers": offers}
    pd.testing.assert_frame_equal(stats(lks_table, region_munis, typed), base)


def test_placed_code_wins_over_the_given_code(
    lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame
) -> None:
    data = frames()
    companies = data["companies"].copy()
    companies["placed_municipality_code"] = companies["municipality_code"]
    companies.loc[0, "municipality_code"] = "751"  # as given; placed in 657
    data["companies"] = companies
    table = stats(lks_table, region_munis, data)
    assert row(table, "657")["companies"] == 2 and row(table, "751")["companies"] == 1


def test_good_candidates_give_coverage(lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame) -> None:
    data = frames()
    data["needs"] = data["needs"].assign(good_candidates=[3, 0, "", True, 5, 1, 1])
    table = stats(lks_table, region_munis, data)
    herning, aarhus, region = row(table, "657"), row(table, "751"), row(table, REGION_ID)
    assert (herning["needs_with_candidate"], herning["coverage_rate"]) == (1, pytest.approx(0.333))
    assert (aarhus["needs_with_candidate"], aarhus["coverage_rate"]) == (1, 1.0)
    assert (region["needs_with_candidate"], region["coverage_rate"]) == (2, 0.5)
    assert np.isnan(row(table, "740")["coverage_rate"])  # Silkeborg has no open need
    assert list(table.columns).index("coverage_rate") == list(table.columns).index("needs_with_candidate") + 1


def test_without_good_candidates_the_coverage_is_omitted(base: pd.DataFrame) -> None:
    assert "needs_with_candidate" not in base.columns and "coverage_rate" not in base.columns


def test_isco_group_from_the_occupation_when_not_resolved(
    lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame
) -> None:
    data = frames()
    data["needs"] = data["needs"].drop(columns="isco_code")
    herning = row(stats(lks_table, region_munis, data), "657")
    # N1 "Svejser", N2 a URI, N3 "bager": titles and URIs are unknown until the service resolves them
    assert herning["needs_isco_unknown"] == 3
    assert row(stats(lks_table, region_munis, data), "751")["needs_isco_7"] == 1


def test_empty_frames_count_nothing(lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame) -> None:
    empty = {k: pd.DataFrame() for k in ("companies", "needs", "jobseekers", "offers", "decisions")}
    table = stats(lks_table, region_munis, {**empty, "visits": pd.DataFrame()})
    assert len(table) == 35
    counts = [c for c in table.columns if c not in ID_COLUMNS and c not in RATIO_COLUMNS]
    assert (table[counts] == 0).all().all()
    assert table[[c for c in RATIO_COLUMNS if c in table.columns]].isna().all().all()
    assert set(PARTNERSHIP_COLUMNS) < set(table.columns)  # present, 0 (or NaN) without visits


@pytest.mark.parametrize(
    ("kind", "column", "value", "message"),
    [
        ("needs", "kind", "buy", "`kind` holds ['buy']"),
        ("needs", "status", "paused", "`status` holds ['paused']"),
        ("jobseekers", "education_level", "phd", "`education_level` holds ['phd']"),
        ("jobseekers", "unemployed_since", "01-02-2024", "`unemployed_since` holds '01-02-2024'"),
        ("decisions", "decision", "maybe", "`decision` holds ['maybe']"),
    ],
)
def test_values_outside_the_contract_are_named(
    lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame, kind: str, column: str, value: str, message: str
) -> None:
    data = frames()
    data[kind] = data[kind].copy()
    data[kind].loc[0, column] = value
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        stats(lks_table, region_munis, data)


def test_missing_columns_are_named(lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame) -> None:
    data = frames()
    data["decisions"] = data["decisions"].drop(columns="decision")
    with pytest.raises(ValueError, match=r"`decisions` lacks the columns \['decision'\]"):
        stats(lks_table, region_munis, data)
    with pytest.raises(ValueError, match="`today`"):
        stats(lks_table, region_munis, today=dt.datetime(2025, 3, 1))  # type: ignore[arg-type]


def test_level_rows(base: pd.DataFrame) -> None:
    lks = level_rows(base, "lks")
    assert len(lks) == 16 and "lks_id" not in lks.columns and lks["area_id"].iloc[-1] == REGION_ID
    munis = level_rows(base, "municipality")
    assert len(munis) == 20 and "lks_id" in munis.columns
    with pytest.raises(ValueError, match="`level` was 'county'"):
        level_rows(base, "county")


def test_every_column_has_labels_and_is_documented(
    lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame
) -> None:
    data = frames()
    data["needs"] = data["needs"].assign(good_candidates=1)
    columns = list(stats(lks_table, region_munis, data).columns)
    assert set(columns) == set(MEASURE_LABELS_DA) == set(MEASURE_LABELS_EN)
    assert len(set(MEASURE_LABELS_DA.values())) == len(MEASURE_LABELS_DA)  # no two columns look alike
    doc = areastats.__doc__ or ""
    for column in columns:
        assert f"| `{column}` | {MEASURE_LABELS_DA[column]} |" in doc or f"``{column}``" in doc, column
    assert MEASURE_LABELS_DA["jobseekers_unemployed_lt3m"] == "Ledige under 3 måneder"
    assert MEASURE_LABELS_DA["needs_isco_7"] == "Åbne behov, ISCO 7 håndværk"


def test_every_decision_state_counts_as_a_decision(
    lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame
) -> None:
    """The five states the teams record (interview and withdrawn came with the need-to-outcome work)."""
    data = frames()
    data["decisions"] = pd.DataFrame(
        [
            ["N5", "P1", "contacted"],
            ["N5", "P1", "interview"],
            ["N5", "P1", "withdrawn"],
            ["N5", "P2", "accepted"],
            ["N5", "P3", "rejected"],
        ],
        columns=["need_id", "person_id", "decision"],
    )
    aarhus = row(stats(lks_table, region_munis, data), "751")
    assert (aarhus["decisions"], aarhus["matches_accepted"]) == (5, 1)
