from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from shapely.geometry import Polygon

from geo.boundaries import (
    CRS_METRIC,
    PostalResolver,
    clean_municipalities,
    postal_municipality_shares,
    region_municipalities,
    resolve_postal_code,
)
from lksmatch.errors import ReferenceDataError

REGION_CODES = {
    "615", "657", "661", "665", "671", "706", "707", "710", "727", "730",
    "740", "741", "746", "751", "756", "760", "766", "779", "791",
}  # fmt: skip


def _square(x: float, y: float, size: float = 1.0, z: float | None = None) -> Polygon:
    pts = [(x, y), (x + size, y), (x + size, y + size), (x, y + size)]
    return Polygon([(*p, z) for p in pts] if z is not None else pts)


# --- in memory ----------------------------------------------------------------------------------


def test_clean_municipalities_dissolves_features_drops_z_and_renames() -> None:
    raw = gpd.GeoDataFrame(
        {
            "lau_1": ["751", "751", "746"],
            "label_dk": ["Århus", "Århus", "Skanderborg"],
            "iso_3166_2": ["DK-82", "DK-82", "DK-82"],
        },
        geometry=[_square(0, 0, z=-999), _square(5, 5, z=-999), _square(1, 0, z=-999)],
        crs=CRS_METRIC,
    )
    expected = gpd.GeoDataFrame(
        {
            "municipality_code": ["746", "751"],
            "municipality_name": ["Skanderborg", "Aarhus"],
            "region_iso": ["DK-82", "DK-82"],
        },
        geometry=[_square(1, 0), shapely.MultiPolygon([_square(0, 0), _square(5, 5)])],
        crs=CRS_METRIC,
    )
    result = clean_municipalities(raw)
    assert_geodataframe_equal(result, expected, check_dtype=False, normalize=True)


def test_clean_municipalities_rejects_overlaps_and_bad_codes() -> None:
    raw = gpd.GeoDataFrame(
        {"lau_1": ["751", "746"], "label_dk": ["Aarhus", "Skanderborg"], "iso_3166_2": ["DK-82", "DK-82"]},
        geometry=[_square(0, 0), _square(0.5, 0)],
        crs=CRS_METRIC,
    )
    with pytest.raises(ReferenceDataError, match="clean coverage"):
        clean_municipalities(raw)
    with pytest.raises(ReferenceDataError, match="`lau_1` has values \\['x12'\\]"):
        clean_municipalities(raw.assign(lau_1=["751", "x12"]))
    with pytest.raises(ReferenceDataError, match="lack the columns \\['iso_3166_2'\\]"):
        clean_municipalities(raw.drop(columns="iso_3166_2"))


def test_region_municipalities_names_allowed_regions() -> None:
    munis = gpd.GeoDataFrame(
        {"municipality_code": ["751"], "municipality_name": ["Aarhus"], "region_iso": ["DK-82"]},
        geometry=[_square(0, 0)],
        crs=CRS_METRIC,
    )
    with pytest.raises(
        ValueError, match="`region_iso` was 'DK-99' but is expected to be one of \\['DK-82'\\]"
    ):
        region_municipalities(munis, "DK-99")


def test_postal_resolver_handles_codes_and_ranges() -> None:
    resolver = PostalResolver(["1000-1499", "1500-1799", "8000"])
    assert resolver.resolve("1050") == "1000-1499"
    assert resolver.resolve("1799") == "1500-1799"
    assert resolver.resolve(" 8000 ") == "8000"
    assert resolver.resolve("8100") is None
    assert resolver.resolve("abc") is None
    assert resolver.resolve("80000") is None


def test_postal_shares_in_memory_drop_slivers_and_sum_to_one() -> None:
    postal = gpd.GeoDataFrame(
        {"postal_code": ["8000"], "postal_name": ["Aarhus C"]},
        geometry=[shapely.box(0, 0, 10, 10)],
        crs=CRS_METRIC,
    )
    munis = gpd.GeoDataFrame(
        {"municipality_code": ["751", "746", "727"]},
        geometry=[shapely.box(0, 0, 6, 10), shapely.box(6, 0, 12, 9.99), shapely.box(6, 9.99, 12, 12)],
        crs=CRS_METRIC,
    )
    shares = postal_municipality_shares(postal, munis)  # 727 holds 0.04 %: a sliver, dropped
    assert shares["municipality_code"].tolist() == ["751", "746"]
    np.testing.assert_allclose(shares["share"], [0.6 / 0.9996, 0.3996 / 0.9996])
    kept = postal_municipality_shares(postal, munis, min_share=0)
    assert kept["municipality_code"].tolist() == ["751", "746", "727"]
    with pytest.raises(ValueError, match="CRS differ"):
        postal_municipality_shares(postal.to_crs(4326), munis)
    with pytest.raises(ValueError, match="`min_share` was 0.7"):
        postal_municipality_shares(postal, munis, min_share=0.7)


# --- the real files -------------------------------------------------------------------------------


def test_real_municipalities_are_clean(municipalities: gpd.GeoDataFrame) -> None:
    assert len(municipalities) == 99
    assert municipalities.crs == CRS_METRIC
    assert list(municipalities.columns) == [
        "municipality_code",
        "municipality_name",
        "region_iso",
        "geometry",
    ]
    assert municipalities["municipality_code"].is_unique
    assert municipalities["municipality_code"].str.fullmatch(r"\d{3}").all()
    assert municipalities["municipality_code"].is_monotonic_increasing
    assert set(municipalities.geom_type) <= {"Polygon", "MultiPolygon"}
    assert municipalities.is_valid.all()
    assert not municipalities.has_z.any()
    assert shapely.coverage_is_valid(municipalities.geometry.values)
    names = municipalities.set_index("municipality_code")["municipality_name"]
    assert names["751"] == "Aarhus"
    assert names["810"] == "Brønderslev"
    assert not names.str.contains("Århus").any()
    # Samsø: 12 features in the file, one MultiPolygon here
    samsoe = municipalities.set_index("municipality_code").geometry["741"]
    assert samsoe.geom_type == "MultiPolygon" and len(samsoe.geoms) == 12


def test_real_region_has_its_19_municipalities(region_munis: gpd.GeoDataFrame) -> None:
    assert set(region_munis["municipality_code"]) == REGION_CODES
    assert (region_munis["region_iso"] == "DK-82").all()
    area_km2 = region_munis.area.sum() / 1e6
    assert 12_500 < area_km2 < 13_500  # Region Midtjylland is about 13,000 km²


def test_real_postal_areas_and_shares(postal_areas: gpd.GeoDataFrame, postal_shares: pd.DataFrame) -> None:
    assert postal_areas["postal_code"].is_unique
    assert postal_areas.is_valid.all() and not postal_areas.has_z.any()
    assert {"1000-1499", "1500-1799", "1800-1999", "8000"} <= set(postal_areas["postal_code"])
    names = postal_areas.set_index("postal_code")["postal_name"]
    assert names["8000"] == "Aarhus C"
    assert postal_shares["share"].between(0, 1).all()
    sums = postal_shares.groupby("postal_code")["share"].sum()
    np.testing.assert_allclose(sums, 1.0)
    assert set(sums.index) == set(postal_areas["postal_code"])
    sabro = postal_shares[postal_shares["postal_code"] == "8471"].set_index("municipality_code")["share"]
    assert {"751", "710"} <= set(sabro.index)  # Sabro crosses the Aarhus-Favrskov border
    assert 0.4 < sabro["751"] < 0.6
    aarhus_c = postal_shares[postal_shares["postal_code"] == "8000"]
    assert aarhus_c["municipality_code"].tolist() == ["751"]


def test_resolve_postal_code_against_real_codes(postal_areas: gpd.GeoDataFrame) -> None:
    published = postal_areas["postal_code"]
    assert resolve_postal_code("1050", published) == "1000-1499"
    assert resolve_postal_code("1850", published) == "1800-1999"
    assert resolve_postal_code("8000", published) == "8000"
    assert resolve_postal_code("8100", published) is None
    assert resolve_postal_code("abc", published) is None
