"""Clean the official boundary files: municipalities, the region, postal-code areas.

The national DAGI files (see ``store/refdata.py``) arrive as published: one row per
*feature*, 3-D coordinates with ``z = -999``, several features per municipality
(every island is its own feature), a few old spellings. The functions here turn them
into one valid 2-D (Multi)Polygon per municipality or postal area in
:data:`CRS_METRIC`, where distances and areas are in metres.

Nothing here reads a file: callers pass the GeoDataFrames that
:func:`store.refdata.read_municipalities` and :func:`store.refdata.read_postal_codes`
return.

The cleaned municipalities form a valid polygonal coverage (neighbours share their
border vertex for vertex, no overlaps; ``shapely.coverage_is_valid`` is true for all
99 of them). :func:`clean_municipalities` checks this and refuses data that is not a
coverage, because the LKS areas, the web simplification and the point locator rely on it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from lksmatch.errors import ReferenceDataError

#: ISO 3166-2 code of Region Midtjylland.
REGION_ISO = "DK-82"
#: ETRS89 / UTM zone 32N: the metric CRS for distances and areas.
CRS_METRIC = "EPSG:25832"
#: WGS84 longitude/latitude: what the web and the input files use.
CRS_WEB = "EPSG:4326"

#: Names in the 2014 DAGI file that have since changed (code -> today's official name).
MUNICIPALITY_RENAMES: Mapping[str, str] = {
    "751": "Aarhus",  # spelled "Århus" until 2011
    "810": "Brønderslev",  # "Brønderslev-Dronninglund" until 2011
}
#: Postal district names in the file that use the old spelling of Aarhus.
POSTAL_NAME_RENAMES: Mapping[str, str] = {
    "Århus C": "Aarhus C",
    "Århus N": "Aarhus N",
    "Århus V": "Aarhus V",
}

_MUNICIPALITY_COLUMNS = ["municipality_code", "municipality_name", "region_iso", "geometry"]
_POSTAL_COLUMNS = ["postal_code", "postal_name", "geometry"]
_POSTAL_PATTERN = re.compile(r"^\d{4}(-\d{4})?$")


def _check_columns(raw: pd.DataFrame, required: list[str], what: str) -> None:
    missing = [c for c in required if c not in raw.columns]
    if missing:
        raise ReferenceDataError(f"the {what} lack the columns {missing}; got {list(raw.columns)}")
    if not isinstance(raw, gpd.GeoDataFrame) or raw.crs is None:
        raise ReferenceDataError(f"the {what} must be a GeoDataFrame with a CRS")


def _clean_geometries(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    """Drop z, reproject to :data:`CRS_METRIC` and keep only polygonal parts, valid."""
    flat = gpd.GeoSeries(shapely.force_2d(geoms.values), index=geoms.index, crs=geoms.crs)
    flat = flat.to_crs(CRS_METRIC)
    invalid = ~flat.is_valid
    if invalid.any():
        flat[invalid] = flat[invalid].make_valid().apply(_polygonal_part)
    return flat


def _polygonal_part(geom: shapely.Geometry) -> shapely.Geometry:
    """The polygons of a geometry (``make_valid`` may add lines or points)."""
    parts = shapely.get_parts(geom)
    polys = [p for p in parts if shapely.get_type_id(p) in (3, 6)]
    return shapely.union_all(polys) if polys else shapely.Polygon()


def union_coverage(geoms: gpd.GeoSeries | np.ndarray) -> shapely.Geometry:
    """Union polygons that form a coverage (edge-matched, not overlapping).

    ``shapely.coverage_union_all`` is exact for such polygons and much faster than a
    general union; where the result is not valid (the input was no coverage after
    all) it falls back to ``shapely.union_all``.
    """
    values = np.asarray(geoms, dtype=object)
    if len(values) == 1:
        return values[0]
    merged = shapely.coverage_union_all(values)
    return merged if merged.is_valid else shapely.union_all(values)


def _dissolve_coverage(frame: gpd.GeoDataFrame, by: str) -> gpd.GeoSeries:
    """One geometry per value of ``by``: the features of a coverage unioned."""
    out = {key: union_coverage(group.geometry.values) for key, group in frame.groupby(by, sort=True)}
    return gpd.GeoSeries(out, crs=frame.crs)


def check_coverage(geoms: gpd.GeoSeries, what: str) -> None:
    """Raise :class:`ReferenceDataError` unless ``geoms`` form a valid polygonal coverage.

    Parameters
    ----------
    geoms
        Polygons in a projected CRS.
    what
        Named in the error message ("municipalities").
    """
    if not shapely.coverage_is_valid(geoms.values):
        edges = shapely.coverage_invalid_edges(geoms.values)
        bad = [str(i) for i, e in zip(geoms.index, edges, strict=True) if not e.is_empty]
        raise ReferenceDataError(
            f"the {what} do not form a clean coverage (overlaps or unmatched shared edges at {bad[:10]})"
        )


def clean_municipalities(raw: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One valid 2-D (Multi)Polygon per Danish municipality, in :data:`CRS_METRIC`.

    Parameters
    ----------
    raw
        The national DAGI file as published, with the properties ``lau_1``
        (kommunekode), ``label_dk`` and ``iso_3166_2``.

    Returns
    -------
    GeoDataFrame
        Columns ``municipality_code`` (3-digit string), ``municipality_name``
        (today's official name, see :data:`MUNICIPALITY_RENAMES`), ``region_iso``
        and ``geometry``; one row per municipality, sorted by code, default index.

    Raises
    ------
    ReferenceDataError
        When columns are missing, a code is malformed, a municipality has two names or
        regions, or the municipalities do not form a clean coverage.
    """
    _check_columns(raw, ["lau_1", "label_dk", "iso_3166_2", "geometry"], "municipality boundaries")
    codes = raw["lau_1"].astype("string").str.strip().str.zfill(3)
    bad = sorted(set(codes[~codes.str.fullmatch(r"\d{3}", na=False)].fillna("<missing>")))
    if bad:
        raise ReferenceDataError(f"`lau_1` has values {bad} but is expected to be a 3-digit kommunekode")
    frame = gpd.GeoDataFrame(
        {
            "municipality_code": codes.astype(str).to_numpy(),
            "municipality_name": raw["label_dk"].astype("string").str.strip().astype(str).to_numpy(),
            "region_iso": raw["iso_3166_2"].astype("string").str.strip().astype(str).to_numpy(),
        },
        geometry=_clean_geometries(raw.geometry).to_numpy(),
        crs=CRS_METRIC,
    )
    attrs = frame.groupby("municipality_code")[["municipality_name", "region_iso"]].nunique()
    ambiguous = attrs[(attrs > 1).any(axis=1)].index.tolist()
    if ambiguous:
        raise ReferenceDataError(f"the municipalities {ambiguous} have more than one name or region")
    first = frame.drop(columns="geometry").drop_duplicates("municipality_code").set_index("municipality_code")
    geoms = _dissolve_coverage(frame, "municipality_code")
    out = gpd.GeoDataFrame(
        {
            "municipality_code": geoms.index.astype(str),
            "municipality_name": [
                MUNICIPALITY_RENAMES.get(code, first.at[code, "municipality_name"]) for code in geoms.index
            ],
            "region_iso": first.loc[geoms.index, "region_iso"].to_numpy(),
        },
        geometry=geoms.to_numpy(),
        crs=CRS_METRIC,
    )
    check_coverage(out.geometry, "municipalities")
    return out[_MUNICIPALITY_COLUMNS]


def region_municipalities(munis: gpd.GeoDataFrame, region_iso: str = REGION_ISO) -> gpd.GeoDataFrame:
    """The municipalities of one region (default Region Midtjylland, 19 of them).

    Parameters
    ----------
    munis
        The output of :func:`clean_municipalities`.
    region_iso
        ISO 3166-2 code of the region.

    Returns
    -------
    GeoDataFrame
        The rows of ``munis`` in that region, default index.
    """
    regions = sorted(set(munis["region_iso"]))
    if region_iso not in regions:
        raise ValueError(f"`region_iso` was {region_iso!r} but is expected to be one of {regions}")
    return munis[munis["region_iso"] == region_iso].reset_index(drop=True)


def clean_postal_areas(raw: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One valid 2-D (Multi)Polygon per published postal-code area, in :data:`CRS_METRIC`.

    Parameters
    ----------
    raw
        The national postal-code file as published: ``postal_code`` (a 4-digit code or
        a range such as ``"1000-1499"`` for central Copenhagen) and ``label_dk``.

    Returns
    -------
    GeoDataFrame
        Columns ``postal_code`` (as published), ``postal_name`` and ``geometry``,
        sorted by code, default index.
    """
    _check_columns(raw, ["postal_code", "label_dk", "geometry"], "postal-code areas")
    codes = raw["postal_code"].astype("string").str.strip()
    bad = sorted(set(codes[~codes.str.fullmatch(_POSTAL_PATTERN.pattern, na=False)].fillna("<missing>")))
    if bad:
        raise ReferenceDataError(
            f"`postal_code` has values {bad[:10]} but is expected to be 4 digits or a range like '1000-1499'"
        )
    names = raw["label_dk"].astype("string").str.strip().astype(str)
    frame = gpd.GeoDataFrame(
        {"postal_code": codes.astype(str).to_numpy(), "postal_name": names.to_numpy()},
        geometry=_clean_geometries(raw.geometry).to_numpy(),
        crs=CRS_METRIC,
    )
    first = frame.drop_duplicates("postal_code").set_index("postal_code")["postal_name"]
    geoms = _dissolve_coverage(frame, "postal_code")
    out = gpd.GeoDataFrame(
        {
            "postal_code": geoms.index.astype(str),
            "postal_name": [POSTAL_NAME_RENAMES.get(first[c], first[c]) for c in geoms.index],
        },
        geometry=geoms.to_numpy(),
        crs=CRS_METRIC,
    )
    return out[_POSTAL_COLUMNS]


def postal_municipality_shares(
    postal: gpd.GeoDataFrame, munis: gpd.GeoDataFrame, *, min_share: float = 0.001
) -> pd.DataFrame:
    """How each postal area's land divides between municipalities.

    The postal areas and the municipalities are generalised separately, so their
    shared borders differ by a few metres and produce slivers. Pieces below
    ``min_share`` of a postal area are dropped and the remaining shares rescaled to
    sum to 1 per postal area.

    Parameters
    ----------
    postal
        The output of :func:`clean_postal_areas`.
    munis
        The output of :func:`clean_municipalities` (all of Denmark, so that a postal
        area on a regional border is not cut short).
    min_share
        Smallest share kept, between 0 and 0.5.

    Returns
    -------
    DataFrame
        ``postal_code``, ``municipality_code``, ``share`` (0..1), sorted by postal code
        and then by decreasing share.
    """
    if not 0 <= min_share < 0.5:
        raise ValueError(f"`min_share` was {min_share!r} but is expected to be in [0, 0.5)")
    if postal.crs != munis.crs:
        raise ValueError(f"the CRS differ: `postal` is {postal.crs}, `munis` is {munis.crs}")
    pieces = gpd.overlay(
        postal[["postal_code", "geometry"]],
        munis[["municipality_code", "geometry"]],
        how="intersection",
        keep_geom_type=True,
    )
    pieces["area"] = pieces.area
    pieces = pieces.groupby(["postal_code", "municipality_code"], as_index=False)["area"].sum()
    pieces["share"] = pieces["area"] / pieces.groupby("postal_code")["area"].transform("sum")
    pieces = pieces[pieces["share"] >= min_share].copy()
    pieces["share"] = pieces["area"] / pieces.groupby("postal_code")["area"].transform("sum")
    pieces = pieces.sort_values(["postal_code", "share"], ascending=[True, False])
    return pieces[["postal_code", "municipality_code", "share"]].reset_index(drop=True)


def resolve_postal_code(value: str, published: pd.Series | list[str] | np.ndarray) -> str | None:
    """The published postal area that holds a 4-digit postal code, or ``None``.

    Central Copenhagen is published as ranges (``"1000-1499"``, ``"1500-1799"``,
    ``"1800-1999"``); every other area as its own code.

    Parameters
    ----------
    value
        A 4-digit postal code as a string, e.g. ``"8000"`` or ``"1050"``.
    published
        The ``postal_code`` values of :func:`clean_postal_areas`.

    Returns
    -------
    str or None
        The matching published value (``"1000-1499"`` for ``"1050"``), or ``None`` when
        ``value`` is not 4 digits or no area holds it.
    """
    return PostalResolver(published).resolve(value)


class PostalResolver:
    """Resolve many 4-digit postal codes against the published codes and ranges.

    Parameters
    ----------
    published
        The ``postal_code`` values of :func:`clean_postal_areas`.
    """

    def __init__(self, published: pd.Series | list[str] | np.ndarray) -> None:
        values = [str(v) for v in published]
        self._exact = {v for v in values if "-" not in v}
        self._ranges = sorted(
            (int(lo), int(hi), v) for v in values if "-" in v for lo, hi in [v.split("-", 1)]
        )

    def resolve(self, value: str) -> str | None:
        """The published area for ``value`` or ``None`` (see :func:`resolve_postal_code`)."""
        text = str(value).strip()
        if not re.fullmatch(r"\d{4}", text):
            return None
        if text in self._exact:
            return text
        number = int(text)
        for low, high, published in self._ranges:
            if low <= number <= high:
                return published
        return None
