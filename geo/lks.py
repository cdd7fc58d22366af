"""The LKS areas: validate the grouping table, dissolve municipalities, simplify for the web.

The grouping of municipalities into LKS areas is data (``data/boundaries/lks.csv``),
read by :func:`store.refdata.read_lks_table`. :func:`validate_lks_table` checks it
against the cleaned municipalities and reports every problem at once;
:func:`build_lks_areas` dissolves the region's municipalities into one polygon per
LKS; :func:`web_geometries` makes a small, topology-preserving WGS84 version of any
coverage (the LKS areas or the municipalities) for maps and GeoJSON exports.
"""

from __future__ import annotations

import re

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.boundaries import CRS_METRIC, CRS_WEB, REGION_ISO, union_coverage
from lksmatch.errors import Problem, ValidationError

#: Columns an LKS table must have (``line`` is added by the reader).
LKS_COLUMNS = ("lks_id", "lks_name", "municipality_code")
LKS_ID_PATTERN = re.compile(r"[a-z0-9-]+")
#: Default simplification tolerance of :func:`web_geometries`, in metres. With it the
#: GeoJSON of the 15 LKS areas is about 150 KB, that of the 19 municipalities about
#: 155 KB (about 365 KB unsimplified), and no outline moves more than about 100 m.
WEB_TOLERANCE_M = 50.0
#: Decimal places of the WGS84 coordinates served to the web (1e-5 degrees is about 1 m).
WEB_DECIMALS = 5


def normalise_municipality_code(value: object) -> str | None:
    """A kommunekode as its canonical 3-digit string, or ``None`` when it is not one.

    Accepts ``"751"``, ``" 751 "``, ``"0751"`` (the 4-digit form of some registers),
    ``751`` and ``"751.0"`` (a number that went through a spreadsheet). Whether the code
    exists is for the caller to check.
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip()
    match = re.fullmatch(r"(\d{1,4})(?:\.0+)?", text)
    if match is None:
        return None
    number = int(match.group(1))
    return f"{number:03d}" if 0 < number < 1000 else None


def validate_lks_table(table: pd.DataFrame, municipalities: gpd.GeoDataFrame) -> pd.DataFrame:
    """Check the LKS table against the municipalities; raise once with every problem.

    Rules, each reported with the line, the column and the value:

    - the columns ``lks_id``, ``lks_name`` and ``municipality_code`` are present;
    - ``lks_id`` matches ``[a-z0-9-]+``;
    - ``lks_name`` is not empty and is the same on every line of one ``lks_id``;
    - ``municipality_code`` is a Danish kommunekode, of a municipality in region
      :data:`~geo.boundaries.REGION_ISO`, and listed only once;
    - every municipality of the region is listed (a missing one has no line).

    Parameters
    ----------
    table
        Text columns as read by :func:`store.refdata.read_lks_table`; ``line`` (the
        line number in the file) is used in the messages, or the row position + 2
        when it is absent.
    municipalities
        All Danish municipalities, from :func:`~geo.boundaries.clean_municipalities`.

    Returns
    -------
    DataFrame
        ``lks_id``, ``lks_name``, ``municipality_code`` (canonical 3-digit), values
        stripped of surrounding blanks, in file order, default index.

    Raises
    ------
    ValidationError
        Listing every problem found.
    """
    missing = [c for c in LKS_COLUMNS if c not in table.columns]
    if missing:
        raise ValidationError(
            f"the LKS table lacks the columns {missing}; expected {list(LKS_COLUMNS)}, "
            f"got {[c for c in table.columns if c != 'line']}",
            [Problem(row=None, column=c, rule="required column is missing") for c in missing],
        )
    lines = table["line"].astype(int).tolist() if "line" in table.columns else list(range(2, len(table) + 2))
    text = table[list(LKS_COLUMNS)].astype("string").fillna("").apply(lambda col: col.str.strip())
    names = dict(zip(municipalities["municipality_code"], municipalities["municipality_name"], strict=True))
    regions = dict(zip(municipalities["municipality_code"], municipalities["region_iso"], strict=True))
    problems: list[Problem] = []
    first_name: dict[str, tuple[str, int]] = {}
    first_line: dict[str, int] = {}
    codes: list[str] = []
    for line, lks_id, lks_name, raw_code in zip(
        lines, text["lks_id"], text["lks_name"], text["municipality_code"], strict=True
    ):
        if not LKS_ID_PATTERN.fullmatch(lks_id):
            rule = "lks_id is empty" if not lks_id else "lks_id must consist of a-z, 0-9 and '-' only"
            problems.append(Problem(line, "lks_id", rule, lks_id))
        if not lks_name:
            problems.append(Problem(line, "lks_name", "lks_name is empty", lks_name))
        elif lks_id in first_name and first_name[lks_id][0] != lks_name:
            shown, where = first_name[lks_id]
            problems.append(
                Problem(line, "lks_name", f"lks_id {lks_id!r} is named {shown!r} on line {where}", lks_name)
            )
        else:
            first_name.setdefault(lks_id, (lks_name, line))
        code = normalise_municipality_code(raw_code)
        codes.append(code or raw_code)
        if code is None or code not in names:
            problems.append(
                Problem(line, "municipality_code", "not the kommunekode of a Danish municipality", raw_code)
            )
        elif regions[code] != REGION_ISO:
            problems.append(
                Problem(
                    line,
                    "municipality_code",
                    f"{code} {names[code]} is in {regions[code]}, not in the region {REGION_ISO}",
                    raw_code,
                )
            )
        elif code in first_line:
            problems.append(
                Problem(
                    line,
                    "municipality_code",
                    f"{code} {names[code]} is already in an LKS on line {first_line[code]}",
                    raw_code,
                )
            )
        else:
            first_line[code] = line
    for code in sorted(c for c, r in regions.items() if r == REGION_ISO and c not in first_line):
        problems.append(
            Problem(
                None, "municipality_code", f"{code} {names[code]} of region {REGION_ISO} is in no LKS", code
            )
        )
    if problems:
        raise ValidationError(f"the LKS table has {len(problems)} problem(s)", problems)
    return pd.DataFrame(
        {"lks_id": text["lks_id"].tolist(), "lks_name": text["lks_name"].tolist(), "municipality_code": codes}
    )


def build_lks_areas(region_munis: gpd.GeoDataFrame, table: pd.DataFrame) -> gpd.GeoDataFrame:
    """Dissolve the region's municipalities into one polygon per LKS.

    Parameters
    ----------
    region_munis
        The region's municipalities (:func:`~geo.boundaries.region_municipalities`),
        in :data:`~geo.boundaries.CRS_METRIC`.
    table
        The output of :func:`validate_lks_table`.

    Returns
    -------
    GeoDataFrame
        ``lks_id``, ``lks_name``, ``municipality_codes`` (the member codes, sorted and
        joined with ``";"`` — the list separator of the data contract, and a plain
        string that every export format can hold), ``n_municipalities``,
        ``area_km2`` (float) and ``geometry``; in :data:`~geo.boundaries.CRS_METRIC`,
        sorted by ``lks_id``, default index.
    """
    if region_munis.crs is None or region_munis.crs != gpd.GeoSeries(crs=CRS_METRIC).crs:
        raise ValueError(f"`region_munis` is in {region_munis.crs} but is expected to be in {CRS_METRIC}")
    unknown = sorted(set(table["municipality_code"]) - set(region_munis["municipality_code"]))
    if unknown:
        raise ValueError(f"`table` names municipalities {unknown} that are not in `region_munis`")
    joined = region_munis[["municipality_code", "geometry"]].merge(
        table[["lks_id", "lks_name", "municipality_code"]], on="municipality_code", how="inner"
    )
    rows = []
    for lks_id, group in joined.groupby("lks_id", sort=True):
        merged = union_coverage(group.geometry.values)
        codes = sorted(group["municipality_code"])
        rows.append(
            {
                "lks_id": lks_id,
                "lks_name": group["lks_name"].iloc[0],
                "municipality_codes": ";".join(codes),
                "n_municipalities": len(codes),
                "area_km2": float(merged.area) / 1e6,
                "geometry": merged,
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS_METRIC)


def web_geometries(
    gdf: gpd.GeoDataFrame, tolerance_m: float = WEB_TOLERANCE_M, *, decimals: int = WEB_DECIMALS
) -> gpd.GeoDataFrame:
    """A light WGS84 copy of a polygon coverage for maps and GeoJSON.

    The polygons are simplified *as a coverage* (``shapely.coverage_simplify``,
    Visvalingam–Whyatt on the shared edges): a border between two areas is simplified
    once, so neighbours still share it exactly and no gaps or slivers appear. Islands
    are **kept**: coverage simplification never removes a ring, at most it reduces a
    tiny islet to a triangle, so Anholt, Samsø, Tunø and the rest stay on the map.
    Then the result is reprojected to :data:`~geo.boundaries.CRS_WEB` and the
    coordinates are rounded to ``decimals`` places; both are applied vertex by vertex,
    so shared vertices stay identical.

    Parameters
    ----------
    gdf
        A valid polygon coverage in a metric CRS (e.g. the LKS areas or the
        municipalities in :data:`~geo.boundaries.CRS_METRIC`).
    tolerance_m
        Simplification tolerance in metres (roughly the square root of the area of
        the triangles removed); must be > 0.
    decimals
        Decimal places kept in the WGS84 coordinates (5 is about 1 m).

    Returns
    -------
    GeoDataFrame
        The same rows and columns, geometry simplified, in :data:`~geo.boundaries.CRS_WEB`.
    """
    if not tolerance_m > 0:
        raise ValueError(f"`tolerance_m` was {tolerance_m!r} but is expected to be > 0")
    if gdf.crs is None or not gdf.crs.is_projected:
        raise ValueError(f"`gdf` is in {gdf.crs} but is expected to be in a metric CRS such as {CRS_METRIC}")
    if not shapely.coverage_is_valid(gdf.geometry.values):
        raise ValueError("`gdf` is expected to be a valid polygon coverage (no overlaps, matched edges)")
    out = gdf.copy()
    out["geometry"] = gdf.geometry.simplify_coverage(tolerance_m)
    out = out.to_crs(CRS_WEB)
    scale = 10.0**decimals
    rounded = shapely.transform(out.geometry.values, lambda xy: np.round(xy * scale) / scale)
    bad = ~shapely.is_valid(rounded)
    if bad.any():  # rounding folded a tiny spike; repair only those polygons
        rounded[bad] = shapely.make_valid(rounded[bad], method="structure", keep_collapsed=False)
    out["geometry"] = rounded
    return out
