from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo.assign import Assigner
from geo.locate import GridLocator


def _brute_force(geoms: list[shapely.Geometry], x: np.ndarray, y: np.ndarray) -> np.ndarray:
    out = np.full(len(x), -1)
    for i in range(len(geoms) - 1, -1, -1):
        out[shapely.contains_xy(geoms[i], x, y)] = i
    return out


@pytest.fixture(scope="module")
def toy() -> list[shapely.Geometry]:
    """Two neighbours, one with a hole holding an enclave, a diagonal border, an island."""
    left = shapely.Polygon([(0, 0), (10, 0), (13, 10), (0, 10)], holes=[[(2, 2), (4, 2), (4, 4), (2, 4)]])
    right = shapely.Polygon([(10, 0), (20, 0), (20, 10), (13, 10)])
    enclave = shapely.box(2, 2, 4, 4)
    island = shapely.MultiPolygon([shapely.box(25, 5, 26, 6), shapely.box(30, 0, 31.3, 1.7)])
    return [left, right, enclave, island]


@pytest.mark.parametrize("cell_size", [0.3, 1.0, 2.5, 7.0])
def test_toy_coverage_matches_brute_force(toy: list[shapely.Geometry], cell_size: float) -> None:
    rng = np.random.default_rng(1)
    x = rng.uniform(-3, 35, 20_000)
    y = rng.uniform(-3, 13, 20_000)
    # points exactly on borders and on grid lines belong to no polygon / the right one
    x = np.concatenate([x, [10, 11.5, 2, 3, 25, 20, 0, 5, 30.0, 14]])
    y = np.concatenate([y, [0, 5, 3, 2, 5.5, 5, 5, 10, 0.5, 1.0]])
    locator = GridLocator(toy, cell_size=cell_size)
    np.testing.assert_array_equal(locator.locate_xy(x, y), _brute_force(toy, x, y))
    assert locator.n_boundary_cells < locator.n_cells


def test_toy_nearest(toy: list[shapely.Geometry]) -> None:
    locator = GridLocator(toy, cell_size=1.0)
    x = np.array([21.0, 24.0, 28.5, 50.0, np.nan])
    y = np.array([5.0, 5.5, 5.5, 5.0, 1.0])
    index, dist = locator.nearest_xy(x, y, 2.0)
    np.testing.assert_array_equal(index, [1, 3, -1, -1, -1])
    np.testing.assert_allclose(dist, [1.0, 1.0, np.nan, np.nan, np.nan])


def test_locator_edge_cases(toy: list[shapely.Geometry]) -> None:
    locator = GridLocator(toy, cell_size=1.0)
    result = locator.locate_xy([np.nan, np.inf, 5.0, -1e12], [5.0, 5.0, np.nan, 5.0])
    np.testing.assert_array_equal(result, [-1, -1, -1, -1])
    assert locator.locate_xy([], []).shape == (0,)
    with pytest.raises(ValueError, match="`x` has 2 values but `y` has 1"):
        locator.locate_xy([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="`cell_size` was 0"):
        GridLocator(toy, cell_size=0)
    with pytest.raises(ValueError, match="only \\(Multi\\)Polygons"):
        GridLocator([shapely.Point(0, 0)])
    with pytest.raises(ValueError, match="`max_distance` was -1"):
        locator.nearest_xy([1.0], [1.0], -1)


def _random_points(region_munis: gpd.GeoDataFrame, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = region_munis.total_bounds
    return rng.uniform(minx, maxx, n), rng.uniform(miny, maxy, n)


def test_fast_locator_agrees_with_sjoin(
    assigner: Assigner, municipalities: gpd.GeoDataFrame, region_munis: gpd.GeoDataFrame
) -> None:
    x, y = _random_points(region_munis, 20_000, seed=7)
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=municipalities.crs)
    joined = gpd.sjoin(points, municipalities[["municipality_code", "geometry"]], predicate="within")
    assert joined.index.is_unique  # no point falls in two municipalities
    expected = np.full(len(x), "", dtype=object)
    expected[joined.index.to_numpy()] = joined["municipality_code"].to_numpy()
    result = assigner.locate_xy(x, y)
    np.testing.assert_array_equal(result.astype(object), expected)
    assert 0.3 < (result != "").mean() < 0.9  # a real mix of land and sea


def test_nearest_agrees_with_sjoin_nearest(
    assigner: Assigner, municipalities: gpd.GeoDataFrame, region_munis: gpd.GeoDataFrame
) -> None:
    x, y = _random_points(region_munis, 20_000, seed=8)
    sea = assigner.locate_xy(x, y) == ""
    x, y = x[sea][:3000], y[sea][:3000]
    codes, dist = assigner.nearest_xy(x, y, 2000.0)
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=municipalities.crs)
    joined = gpd.sjoin_nearest(
        points, municipalities[["municipality_code", "geometry"]], max_distance=2000.0, distance_col="d"
    )
    joined = joined[~joined.index.duplicated()]  # ties: a point equally close to two
    expected_dist = np.full(len(x), np.nan)
    expected_dist[joined.index.to_numpy()] = joined["d"].to_numpy()
    np.testing.assert_allclose(dist, expected_dist, atol=1e-6)
    found = np.flatnonzero(codes != "")
    assert len(found) > 100
    near = municipalities.set_index("municipality_code").geometry.loc[codes[found]].to_numpy()
    np.testing.assert_allclose(
        shapely.distance(near, shapely.points(x[found], y[found])), dist[found], atol=1e-6
    )
