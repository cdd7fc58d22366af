"""The peer of ``lksmatch assign`` in ``benchmarks/assign_cli.py``: a plain geopandas.sjoin script.

Usage::

    python benchmarks/assign_sjoin_peer.py IN.csv OUT.csv MUNICIPALITIES.geojson

What a GIS analyst would write to place a table of ``lat``/``lon`` rows in Region
Midtjylland's municipalities: read the table with pandas, the official boundaries with
geopandas, keep the region's 19 municipalities, project the points to EPSG:25832, join
``within``, write the input plus ``municipality_code`` and ``municipality_name`` with pandas.
It does less than ``lksmatch assign``: no cleaning of the boundaries, no 2 km coast rule,
no code or postal-code rules, no LKS, no notes, no checks of the input, no spreadsheet
protection of the output, and it is not atomic.
"""

from __future__ import annotations

import sys

import geopandas as gpd
import pandas as pd


def main(argv: list[str]) -> int:
    in_path, out_path, boundaries = argv
    table = pd.read_csv(in_path, dtype={"lat": float, "lon": float})
    munis = gpd.read_file(boundaries, engine="pyogrio")
    region = munis.loc[munis["iso_3166_2"] == "DK-82", ["lau_1", "label_dk", "geometry"]].to_crs(25832)
    region = region.rename(columns={"lau_1": "municipality_code", "label_dk": "municipality_name"})
    points = gpd.GeoDataFrame(table, geometry=gpd.points_from_xy(table["lon"], table["lat"]), crs=4326)
    joined = gpd.sjoin(points.to_crs(25832), region, how="left", predicate="within")
    joined = joined[~joined.index.duplicated()]  # a point on a shared boundary: its first match
    out = table.assign(
        municipality_code=joined["municipality_code"].fillna(""),
        municipality_name=joined["municipality_name"].fillna(""),
    )
    out.to_csv(out_path, index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
