"""Benchmark: the grid point locator of ``geo.assign`` against ``geopandas.sjoin``.

Usage::

    LKSMATCH_DATA_DIR=../shared/data .venv/bin/python benchmarks/assign.py [--n 1000000] [--seed 0]

N points are drawn uniformly in the bounding box of Region Midtjylland (EPSG:25832;
about 40 % of them fall in the sea). The same points are placed

- by ``Assigner.locate_xy`` (the grid index; its one-off build is timed apart), and
- by ``geopandas.sjoin(points, municipalities, predicate="within")`` over all 99
  Danish municipalities, in the same CRS,

and the answers are compared point by point. The 2 km "nearest" rule for the points in
the sea is timed the same way against ``geopandas.sjoin_nearest(max_distance=2000)``,
and the whole ``Assigner.assign`` on a WGS84 table for scale. Timings are the best of
``--repeat`` runs. Prints markdown table rows for ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.assign import NEAREST_MAX_M, Assigner  # noqa: E402
from geo.boundaries import (  # noqa: E402
    CRS_METRIC,
    clean_municipalities,
    clean_postal_areas,
    postal_municipality_shares,
    region_municipalities,
)
from geo.lks import validate_lks_table  # noqa: E402
from geo.locate import GridLocator  # noqa: E402
from lksmatch.config import load_settings  # noqa: E402
from store.refdata import read_lks_table, read_municipalities, read_postal_codes  # noqa: E402

T = TypeVar("T")


def best_of(repeat: int, func: Callable[[], T]) -> tuple[float, T]:
    """Run ``func`` ``repeat`` times; the shortest wall time and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return best, result


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (
        f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}, geopandas {gpd.__version__}, "
        f"shapely {shapely.__version__} (GEOS {shapely.geos_version_string}), numpy {np.__version__}"
    )


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds / 1e6:.2f} M/s" if n / seconds >= 1e6 else f"{n / seconds / 1e3:.0f} k/s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="number of random points")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="timing runs; the best counts")
    parser.add_argument("--cell-size", type=float, default=250.0, help="grid cell size in metres")
    parser.add_argument(
        "--assign-rows", type=int, default=100_000, help="rows for the Assigner.assign timing"
    )
    args = parser.parse_args(argv)

    settings = load_settings()
    munis = clean_municipalities(read_municipalities(settings))
    region = region_municipalities(munis)
    table = validate_lks_table(read_lks_table(settings.lks_table), munis)
    shares = postal_municipality_shares(clean_postal_areas(read_postal_codes(settings)), munis)
    assigner = Assigner(munis, table, shares, cell_size=args.cell_size)

    rng = np.random.default_rng(args.seed)
    minx, miny, maxx, maxy = region.total_bounds
    x = rng.uniform(minx, maxx, args.n)
    y = rng.uniform(miny, maxy, args.n)
    print(f"machine: {machine()}")
    print(f"{args.n:,} points in the region's bbox {region.total_bounds.round(0).tolist()} ({CRS_METRIC})\n")

    # --- point in polygon ----------------------------------------------------------------------
    build_s, locator = best_of(
        args.repeat, lambda: GridLocator(munis.geometry.values, cell_size=args.cell_size)
    )
    assert assigner.locator.n_cells == locator.n_cells  # built once here, so the timing below is lookups
    fast_s, fast = best_of(args.repeat, lambda: assigner.locate_xy(x, y))
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(x, y), crs=munis.crs)
    polygons = munis[["municipality_code", "geometry"]]
    sjoin_s, joined = best_of(args.repeat, lambda: gpd.sjoin(points, polygons, predicate="within"))
    in_two = int(joined.index.duplicated().sum())
    expected = np.full(args.n, "", dtype=object)
    expected[joined.index.to_numpy()] = joined["municipality_code"].to_numpy()
    agree = int((fast.astype(object) == expected).sum())
    land = int((expected != "").sum())

    # --- the 2 km nearest rule for the points in the sea ---------------------------------------
    sea = np.flatnonzero(fast == "")
    near_s, (near_code, near_dist) = best_of(
        args.repeat, lambda: assigner.nearest_xy(x[sea], y[sea], NEAREST_MAX_M)
    )
    sea_points = points.iloc[sea].reset_index(drop=True)
    ref_near_s, ref_near = best_of(
        1,
        lambda: gpd.sjoin_nearest(sea_points, polygons, max_distance=NEAREST_MAX_M, distance_col="distance"),
    )
    ref_first = ref_near[~ref_near.index.duplicated()]
    ties = int(ref_near.index.duplicated().sum())
    ref_dist = np.full(len(sea), np.nan)
    ref_dist[ref_first.index.to_numpy()] = ref_first["distance"].to_numpy()
    near_agree = int(np.isclose(near_dist, ref_dist, atol=1e-6, equal_nan=True).sum())
    ref_codes = ref_near.groupby(level=0)["municipality_code"].agg(set)
    code_agree = int(
        sum(
            (near_code[i] == "" and i not in ref_codes.index) or (near_code[i] in ref_codes.get(i, set()))
            for i in range(len(sea))
        )
    )

    # --- the whole Assigner.assign on a WGS84 table, for scale ---------------------------------
    rows = min(args.assign_rows, args.n)
    lonlat = gpd.GeoSeries(points.geometry.iloc[:rows].to_numpy(), crs=munis.crs).to_crs(4326)
    frame = pd.DataFrame({"lat": lonlat.y.to_numpy(), "lon": lonlat.x.to_numpy()})
    assign_s, placed = best_of(1, lambda: assigner.assign(frame))
    methods = placed["assign_method"].value_counts().to_dict()

    print(
        f"grid index: {locator.n_cells:,} cells of {args.cell_size:g} m, "
        f"{locator.n_boundary_cells:,} on a boundary; build {build_s:.3f} s"
    )
    print(f"points in a municipality: {land:,} of {args.n:,}; in two at once (overlaps): {in_two}")
    print(
        f"sea points: {len(sea):,}; within {NEAREST_MAX_M:g} m of a coast: {(near_code != '').sum():,}; "
        f"ties in sjoin_nearest: {ties}"
    )
    print(
        f"Assigner.assign on {rows:,} WGS84 rows: {assign_s:.2f} s ({rate(rows, assign_s)}), "
        f"methods {methods}\n"
    )
    print("| step | points | lksmatch | points/s | geopandas | points/s | ratio | same answers |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| point in polygon (`locate_xy` vs `sjoin` within) | {args.n:,} | {fast_s:.3f} s | "
        f"{rate(args.n, fast_s)} | {sjoin_s:.3f} s | {rate(args.n, sjoin_s)} | **{sjoin_s / fast_s:.1f}×** | "
        f"{agree:,} / {args.n:,} |"
    )
    print(
        f"| … including the index build | {args.n:,} | {fast_s + build_s:.3f} s | "
        f"{rate(args.n, fast_s + build_s)} | {sjoin_s:.3f} s | {rate(args.n, sjoin_s)} | "
        f"{sjoin_s / (fast_s + build_s):.1f}× | |"
    )
    print(
        f"| nearest within 2 km (`nearest_xy` vs `sjoin_nearest`) | {len(sea):,} | {near_s:.3f} s | "
        f"{rate(len(sea), near_s)} | {ref_near_s:.3f} s | {rate(len(sea), ref_near_s)} | "
        f"{ref_near_s / near_s:.1f}× | {near_agree:,} / {len(sea):,} distances, "
        f"{code_agree:,} codes |"
    )
    ok = agree == args.n and in_two == 0 and near_agree == len(sea) and code_agree == len(sea)
    print("\nall answers identical" if ok else "\nANSWERS DIFFER")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
