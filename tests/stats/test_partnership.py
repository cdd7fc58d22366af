"""The partnership measures (visits, sambesøg, filled needs) on a small hand-built region."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from stats import partnership
from stats.columns import ID_COLUMNS, MEASURES, PARTNERSHIP_COLUMNS, REGION_ID
from stats.disclosure import protect_area_stats, with_new_events, with_recounted
from stats.measures import compute_area_stats

TODAY = dt.date(2025, 3, 1)
COUNTS = [c for c in PARTNERSHIP_COLUMNS if not c.startswith("share_")]


def frames() -> dict[str, pd.DataFrame]:
    companies = pd.DataFrame(
        [
            ["10000001", "657", "true"],  # Herning
            ["10000002", "657", "false"],  # Herning
            ["10000003", "706", "true"],  # Syddjurs (LKS Djursland)
            ["10000004", "707", "true"],  # Norddjurs (LKS Djursland)
            ["10000005", "101", "true"],  # outside the region
        ],
        columns=["cvr", "municipality_code", "growth_company"],
    )
    needs = pd.DataFrame(
        [
            ["N1", "10000001", "vaekst", "filled", ""],
            ["N2", "10000001", "erhvervsfaglig", "filled", ""],
            ["N3", "10000002", "", "filled", ""],  # no programme: in needs_filled only
            ["N4", "10000002", "erhvervsfaglig", "open", ""],
            ["N5", "10000003", "erhvervsfaglig", "filled", ""],
            ["N6", "10000003", "vaekst", "cancelled", ""],  # still makes 10000003 a vaekst company
            ["N7", "10000005", "vaekst", "filled", ""],  # outside
            ["N8", "10000004", "vaekst", "filled", "2024-01-01"],  # filled: no window, deadline or not
        ],
        columns=["need_id", "cvr", "project", "status", "deadline"],
    )
    visits = pd.DataFrame(
        [
            ["V1", "10000001", "2025-02-10", "jobcenter"],
            ["V2", "10000001", "2024-06-01", "jobcenter;erhvervsservice"],  # same company as V1
            ["V3", "10000002", "2024-03-02", "erhvervsservice;jobcenter;uddannelse"],  # first day in
            ["V4", "10000002", "2024-03-01", "jobcenter;uddannelse"],  # 12 months ago: out
            ["V5", "10000003", "2025-03-01", "Uddannelse; Erhvervsservice"],  # today: in
            ["V6", "10000003", "2025-03-02", "jobcenter"],  # tomorrow: not yet
            ["V7", "10000004", "2024-12-24", "jobcenter"],
            ["V8", "10000004", "2024-12-24", "jobcenter;jobcenter"],  # one system, named twice
            ["V9", "10000005", "2025-01-01", "jobcenter;erhvervsservice"],  # outside
            ["V10", "99999999", "2025-01-01", "jobcenter;uddannelse"],  # unknown company
        ],
        columns=["visit_id", "cvr", "date", "systems"],
    )
    return {"companies": companies, "needs": needs, "visits": visits}


def stats(lks_table: pd.DataFrame, munis: gpd.GeoDataFrame, **data: pd.DataFrame | None) -> pd.DataFrame:
    given = {**frames(), **data}
    return compute_area_stats(
        lks_table=lks_table, municipalities=munis, jobseekers=pd.DataFrame(), offers=pd.DataFrame(),
        decisions=pd.DataFrame(), today=TODAY, **given,
    )


def row(table: pd.DataFrame, area_id: str) -> dict[str, object]:
    return table.loc[table["area_id"] == area_id].iloc[0].to_dict()


@pytest.fixture(scope="module")
def base(lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame) -> pd.DataFrame:
    return stats(lks_table, region_munis)


#: area -> visits, sambesøg, share 2+, share 3, companies visited, vaekst visits, filled (all, vaekst, erhv.)
EXPECTED = {
    "657": (3, 2, 0.667, 0.333, 2, 2, 3, 1, 1),
    "706": (1, 1, 1.0, 0.0, 1, 1, 1, 0, 1),
    "707": (2, 0, 0.0, 0.0, 1, 2, 1, 1, 0),
    "herning": (3, 2, 0.667, 0.333, 2, 2, 3, 1, 1),
    "djursland": (3, 1, 0.333, 0.0, 2, 3, 2, 1, 1),  # the sum of 706 and 707; shares recomputed
    REGION_ID: (6, 3, 0.5, 0.167, 4, 5, 5, 2, 2),
}


@pytest.mark.parametrize("area_id", EXPECTED)
def test_the_measures_by_hand(base: pd.DataFrame, area_id: str) -> None:
    got = row(base, area_id)
    assert tuple(got[c] for c in PARTNERSHIP_COLUMNS) == pytest.approx(EXPECTED[area_id])
    for column in COUNTS:
        assert isinstance(got[column], int | np.integer), column


def test_columns_order_types_and_additivity(base: pd.DataFrame) -> None:
    measures = [c for c in base.columns if c not in ID_COLUMNS]
    assert measures[-len(PARTNERSHIP_COLUMNS):] == list(PARTNERSHIP_COLUMNS)  # last, in MEASURES order
    assert "visits_three_systems_12m" not in base.columns  # the share's numerator is not published
    assert all(base[c].dtype == "int64" for c in COUNTS)
    assert all(base[c].dtype == "float64" for c in ("share_visits_two_systems", "share_visits_three_systems"))
    munis = base[base["level"] == "municipality"]
    lks = base[base["level"] == "lks"].set_index("area_id")
    region = base[base["level"] == "region"].iloc[0]
    assert (munis.groupby("lks_id")[COUNTS].sum() == lks[COUNTS]).all().all()
    assert (lks[COUNTS].sum() == region[COUNTS]).all()
    assert (base["sambesoeg_12m"] <= base["visits_12m"]).all()
    assert (base["companies_visited_12m"] <= base["visits_12m"]).all()


def test_an_area_without_visits_has_no_share(base: pd.DataFrame) -> None:
    aarhus = row(base, "751")
    assert (aarhus["visits_12m"], aarhus["sambesoeg_12m"], aarhus["needs_filled"]) == (0, 0, 0)
    assert np.isnan(aarhus["share_visits_two_systems"]) and np.isnan(aarhus["share_visits_three_systems"])


def test_typed_frames_as_read_from_the_database_give_the_same(
    lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame, base: pd.DataFrame
) -> None:
    visits = frames()["visits"]
    visits["date"] = [dt.date.fromisoformat(v) for v in visits["date"]]
    needs = frames()["needs"]
    needs["project"] = needs["project"].replace("", None)
    needs["deadline"] = [dt.date.fromisoformat(v) if v else None for v in needs["deadline"]]
    pd.testing.assert_frame_equal(stats(lks_table, region_munis, visits=visits, needs=needs), base)


def test_without_visits_the_visit_counts_are_zero(
    lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame
) -> None:
    for none in (None, pd.DataFrame()):
        table = stats(lks_table, region_munis, visits=none)
        assert (table["visits_12m"] == 0).all() and table["share_visits_two_systems"].isna().all()
        assert row(table, REGION_ID)["needs_filled"] == 5  # the needs count all the same


def test_the_window_moves_with_the_day(lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame) -> None:
    given = frames()
    later = compute_area_stats(
        lks_table=lks_table, municipalities=region_munis, jobseekers=pd.DataFrame(), offers=pd.DataFrame(),
        decisions=pd.DataFrame(), today=dt.date(2025, 3, 2), **given,
    )
    # V3 (2024-03-02) leaves the window, V6 (2025-03-02) enters it
    assert (row(later, "657")["visits_12m"], row(later, "657")["share_visits_three_systems"]) == (2, 0.0)
    assert row(later, "706")["visits_12m"] == 2


def test_an_unknown_system_or_a_missing_column_is_named(
    lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame
) -> None:
    visits = frames()["visits"]
    visits.loc[0, "systems"] = "jobcenter;kommune"
    with pytest.raises(ValueError, match=r"`systems` holds \['kommune'\]"):
        stats(lks_table, region_munis, visits=visits)
    with pytest.raises(ValueError, match=r"`visits` lacks the columns \['systems'\]"):
        stats(lks_table, region_munis, visits=frames()["visits"].drop(columns="systems"))
    needs = frames()["needs"]
    needs.loc[0, "status"] = "done"
    with pytest.raises(ValueError, match=r"`status` holds \['done'\]"):
        stats(lks_table, region_munis, needs=needs)


def test_the_pure_function_alone() -> None:
    index = pd.Index(["657", "751"], name="municipality_code")
    by_cvr = pd.Series({"1": "657", "2": "751"})
    visits = pd.DataFrame({"visit_id": ["a", "b"], "cvr": ["1", "2"], "date": [TODAY, TODAY],
                           "systems": ["jobcenter;uddannelse;erhvervsservice", "uddannelse"]})
    needs = pd.DataFrame({"need_id": ["n"], "cvr": ["2"]})  # no status: open, so nothing filled
    counts = partnership.partnership_measures(visits, needs, by_cvr, index, TODAY)
    three = ["visits_12m", "sambesoeg_12m", "visits_three_systems_12m"]
    assert counts.loc["657", three].tolist() == [1, 1, 1]
    assert counts.loc["751", ["visits_12m", "sambesoeg_12m", "needs_filled"]].tolist() == [1, 0, 0]


# --- published as they are, and recounted on their own ------------------------------------------------


def test_the_partnership_columns_are_published_as_they_are(base: pd.DataFrame) -> None:
    protected = protect_area_stats(base)
    pd.testing.assert_frame_equal(protected.table[list(PARTNERSHIP_COLUMNS)], base[list(PARTNERSHIP_COLUMNS)])
    assert not set(PARTNERSHIP_COLUMNS) & set(protected.status.columns)  # no suppression status: no people


def test_a_new_visit_recounts_only_the_partnership_columns(
    lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame, base: pd.DataFrame
) -> None:
    before = protect_area_stats(base)
    visits = frames()["visits"]
    visits.loc[len(visits)] = ["V11", "10000002", "2025-02-28", "jobcenter;uddannelse"]
    after = stats(lks_table, region_munis, visits=visits)
    recounted = with_recounted(before, after, PARTNERSHIP_COLUMNS)
    full = protect_area_stats(after)
    pd.testing.assert_frame_equal(recounted.table, full.table)
    pd.testing.assert_frame_equal(recounted.status, full.status)
    herning = row(recounted.table, "657")
    assert (herning["visits_12m"], herning["sambesoeg_12m"]) == (4, 3)
    assert herning["share_visits_two_systems"] == 0.75


def test_a_table_stored_before_the_partnership_columns_gets_them_in_order(base: pd.DataFrame) -> None:
    full = protect_area_stats(base)
    old = protect_area_stats(base.drop(columns=list(PARTNERSHIP_COLUMNS)))
    completed = with_recounted(old, base, PARTNERSHIP_COLUMNS)
    pd.testing.assert_frame_equal(completed.table, full.table)
    assert [c for c in completed.table.columns if c not in ID_COLUMNS] == [
        c for c in MEASURES if c in base.columns
    ]
    pd.testing.assert_frame_equal(with_new_events(full, base).table, full.table)


def test_people_columns_that_are_suppressed_together_cannot_be_recounted_alone(base: pd.DataFrame) -> None:
    protected = protect_area_stats(base)
    with pytest.raises(ValueError, match=r"the people columns \['jobseekers'\] are suppressed together"):
        with_recounted(protected, base, ["jobseekers", "visits_12m"])
    with pytest.raises(ValueError, match="does not hold the rows"):
        with_recounted(protected, base.iloc[::-1], PARTNERSHIP_COLUMNS)
