from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo.boundaries import CRS_METRIC, CRS_WEB
from geo.lks import build_lks_areas, normalise_municipality_code, validate_lks_table, web_geometries
from lksmatch.errors import Problem, ValidationError

MAX_WEB_BYTES = 300 * 1024


def _problems(table: pd.DataFrame, municipalities: gpd.GeoDataFrame) -> list[Problem]:
    with pytest.raises(ValidationError) as info:
        validate_lks_table(table, municipalities)
    return info.value.problems


# --- validation ---------------------------------------------------------------------------------


def test_shipped_table_is_valid(lks_table: pd.DataFrame) -> None:
    assert list(lks_table.columns) == ["lks_id", "lks_name", "municipality_code"]
    assert lks_table["lks_id"].nunique() == 15
    assert len(lks_table) == 19
    assert lks_table.loc[lks_table["municipality_code"] == "751", "lks_name"].item() == "Aarhus"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("751", "751"), (" 751 ", "751"), ("0751", "751"), (751, "751"), ("751.0", "751"), ("101", "101")],
)
def test_normalise_municipality_code_accepts(value: object, expected: str) -> None:
    assert normalise_municipality_code(value) == expected


@pytest.mark.parametrize("value", ["", "abc", "75a", "12345", "0", "-751", None, float("nan"), "7.5"])
def test_normalise_municipality_code_rejects(value: object) -> None:
    assert normalise_municipality_code(value) is None


def test_unknown_code_names_its_line(lks_table_raw: pd.DataFrame, municipalities: gpd.GeoDataFrame) -> None:
    table = lks_table_raw.copy()
    table.loc[table["municipality_code"] == "741", "municipality_code"] = "999"
    problems = _problems(table, municipalities)
    line = int(lks_table_raw.loc[lks_table_raw["municipality_code"] == "741", "line"].item())
    assert (
        Problem(line, "municipality_code", "not the kommunekode of a Danish municipality", "999") in problems
    )
    # …and Samsø is now in no LKS: reported too, in the same error
    assert any(p.row is None and "741 Samsø" in p.rule and "in no LKS" in p.rule for p in problems)
    assert len(problems) == 2


def test_missing_municipality_is_reported(
    lks_table_raw: pd.DataFrame, municipalities: gpd.GeoDataFrame
) -> None:
    table = lks_table_raw[lks_table_raw["municipality_code"] != "615"]
    problems = _problems(table, municipalities)
    assert problems == [Problem(None, "municipality_code", "615 Horsens of region DK-82 is in no LKS", "615")]


def test_duplicate_and_outside_region(lks_table_raw: pd.DataFrame, municipalities: gpd.GeoDataFrame) -> None:
    extra = pd.DataFrame(
        {
            "line": [21, 22],
            "lks_id": ["aarhus", "aarhus"],
            "lks_name": ["Aarhus", "Aarhus"],
            "municipality_code": ["751", "851"],
        }
    )
    problems = _problems(pd.concat([lks_table_raw, extra], ignore_index=True), municipalities)
    assert [(p.row, p.column) for p in problems] == [(21, "municipality_code"), (22, "municipality_code")]
    assert "already in an LKS on line 2" in problems[0].rule
    assert "851 Aalborg is in DK-81, not in the region DK-82" == problems[1].rule


def test_empty_and_inconsistent_names_and_bad_ids(
    lks_table_raw: pd.DataFrame, municipalities: gpd.GeoDataFrame
) -> None:
    table = lks_table_raw.copy()
    table.loc[table["municipality_code"] == "707", "lks_name"] = "Djursland Nord"  # line 6
    table.loc[table["municipality_code"] == "615", "lks_name"] = "  "  # line 10
    table.loc[table["municipality_code"] == "766", "lks_id"] = "Hedensted!"  # line 11
    table.loc[table["municipality_code"] == "740", "lks_id"] = ""  # line 12
    problems = _problems(table, municipalities)
    by_line = {p.row: p for p in problems}
    assert set(by_line) == {6, 10, 11, 12}
    assert by_line[6] == Problem(
        6, "lks_name", "lks_id 'djursland' is named 'Djursland' on line 5", "Djursland Nord"
    )
    assert by_line[10] == Problem(10, "lks_name", "lks_name is empty", "")
    assert by_line[11].column == "lks_id" and "a-z, 0-9 and '-'" in by_line[11].rule
    assert by_line[12] == Problem(12, "lks_id", "lks_id is empty", "")
    with pytest.raises(ValidationError, match=r"line 6, column 'lks_name'"):
        validate_lks_table(table, municipalities)


def test_missing_columns(municipalities: gpd.GeoDataFrame) -> None:
    table = pd.DataFrame({"line": [2], "lks_id": ["aarhus"], "kommune": ["751"]})
    with pytest.raises(ValidationError, match=r"lacks the columns \['lks_name', 'municipality_code'\]"):
        validate_lks_table(table, municipalities)


# --- areas --------------------------------------------------------------------------------------


def test_build_lks_areas(lks_areas: gpd.GeoDataFrame, region_munis: gpd.GeoDataFrame) -> None:
    assert len(lks_areas) == 15
    assert lks_areas.crs == CRS_METRIC
    assert list(lks_areas.columns) == [
        "lks_id", "lks_name", "municipality_codes", "n_municipalities", "area_km2", "geometry",
    ]  # fmt: skip
    row = lks_areas.set_index("lks_id").loc["nordvestjylland"]
    assert row["municipality_codes"] == "661;665;671"
    assert row["n_municipalities"] == 3
    assert lks_areas["n_municipalities"].sum() == 19
    assert lks_areas.is_valid.all()
    assert shapely.coverage_is_valid(lks_areas.geometry.values)
    np.testing.assert_allclose(lks_areas["area_km2"].sum(), region_munis.area.sum() / 1e6)
    np.testing.assert_allclose(lks_areas["area_km2"], lks_areas.area / 1e6)


def test_build_lks_areas_rejects_wrong_crs(region_munis: gpd.GeoDataFrame, lks_table: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="is expected to be in EPSG:25832"):
        build_lks_areas(region_munis.to_crs(CRS_WEB), lks_table)


# --- web geometries -------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["lks", "municipalities"])
def original_and_web(
    request: pytest.FixtureRequest, lks_areas: gpd.GeoDataFrame, region_munis: gpd.GeoDataFrame
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    original = lks_areas if request.param == "lks" else region_munis
    return original, web_geometries(original)


def test_web_geojson_is_small_and_rounded(
    original_and_web: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame],
) -> None:
    original, web = original_and_web
    assert web.crs == CRS_WEB
    assert list(web.columns) == list(original.columns) and len(web) == len(original)
    text = web.to_json()
    assert len(text.encode("utf-8")) < MAX_WEB_BYTES
    coords = shapely.get_coordinates(web.geometry.values)
    np.testing.assert_array_equal(coords, np.round(coords, 5))


def test_web_geometries_stay_a_coverage(original_and_web: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]) -> None:
    original, web = original_and_web
    assert web.is_valid.all()
    assert shapely.coverage_is_valid(web.geometry.values)  # neighbours share their borders exactly
    back = web.to_crs(CRS_METRIC)
    # No gaps or slivers between neighbours: the union of the simplified areas has no more
    # holes than the original union, and its outline stays close to the original one.
    union_web = shapely.union_all(back.geometry.values)
    union_orig = shapely.union_all(original.geometry.values)
    holes = sum(len(p.interiors) for p in shapely.get_parts(union_web))
    assert holes == sum(len(p.interiors) for p in shapely.get_parts(union_orig))
    assert abs(union_web.area - union_orig.area) / union_orig.area < 0.005
    assert shapely.hausdorff_distance(union_web, union_orig) < 1000
    # Every area still lies where it was, with all its islands
    assert shapely.intersects(back.geometry.values, original.geometry.values).all()
    np.testing.assert_array_equal(
        shapely.get_num_geometries(back.geometry.values), shapely.get_num_geometries(original.geometry.values)
    )
    overlap = shapely.intersection(back.geometry.values, original.geometry.values)
    assert (shapely.area(overlap) / original.area.to_numpy() > 0.97).all()


def test_web_geometries_validates_arguments(lks_areas: gpd.GeoDataFrame) -> None:
    with pytest.raises(ValueError, match="`tolerance_m` was 0 but is expected to be > 0"):
        web_geometries(lks_areas, 0)
    with pytest.raises(ValueError, match="metric CRS"):
        web_geometries(lks_areas.to_crs(CRS_WEB))
