"""What a published table of area statistics looks like in each file format (pure).

The service writes these through :mod:`store.files`: :func:`explanation` is the XLSX sheet
``forklaring``; :func:`area_shapes` and :func:`area_features` are the geodata layers (a
people column is an integer property that is null where suppressed, next to a text
property ``<column>_note`` holding ``<5``, ``x`` or null); :func:`html_map` is the HTML page.
"""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd

from geo.boundaries import CRS_METRIC
from geo.lks import web_geometries
from lksmatch.errors import UsageError
from lksmatch.rules import STATS_FORMATS
from stats.columns import ID_COLUMNS, RATIO_COLUMNS
from stats.disclosure import NOT_SHOWN_MARK, PRIMARY_MARK, SECONDARY_MARK
from stats.labels import MEASURE_LABELS_DA, MEASURE_LABELS_EN
from stats.maps import ATTRIBUTION, build_folium_map, render_svg_map

__all__ = ["STATS_FORMATS", "area_features", "area_shapes", "explanation", "html_map"]

#: The column of each level's key in the area GeoDataFrame.
AREA_KEYS = {"lks": "lks_id", "municipality": "municipality_code"}
#: Default measure of the HTML map.
DEFAULT_MAP_MEASURE = "needs_open"
#: XLSX number formats of the ratio columns (coverage and the shares of visits).
NUMBER_FORMATS = dict.fromkeys(RATIO_COLUMNS, "0.0%")


def explanation(table: pd.DataFrame, level: str, generated: dt.date) -> pd.DataFrame:
    """The XLSX sheet ``forklaring``: every column's Danish and English label, the marks, the sources."""
    rows = [
        {"kolonne": c, "betegnelse": MEASURE_LABELS_DA.get(c, c), "label_en": MEASURE_LABELS_EN.get(c, c)}
        for c in table.columns
    ]
    notes = [
        ("niveau", level, ""),
        ("dannet", generated.isoformat(), ""),
        (
            PRIMARY_MARK,
            "færre end 5 personer (små tal vises ikke)",
            "fewer than 5 people (small counts are not shown)",
        ),
        (
            SECONDARY_MARK,
            "5 eller flere, skjult så et lille tal ikke kan regnes ud af totalerne",
            "5 or more, hidden so that a small count cannot be worked out from the totals",
        ),
        (
            NOT_SHOWN_MARK,
            "offentliggøres ikke på dette niveau",
            "not published at this level",
        ),
        (
            "decisions, matches_accepted, people_hired*, staff_enrolled*",
            "tælles pr. LKS-område; regionens tal er summen af de viste områder (et område med "
            "under 5 tælles ikke med), så intet tal ændrer sig, når et skjult tal gør",
            "counted per LKS area; the region's figure is the sum of the areas shown (an area "
            "with fewer than 5 is left out), so no figure changes when a hidden one does",
        ),
        (
            "visits_12m, sambesoeg_12m, share_visits_*",
            "besøg dateret de seneste 12 måneder til og med statistikkens dag; et sambesøg har mindst "
            "to af de tre systemer med; andelene er af visits_12m. Virksomhedstal, ikke persontal: "
            "vises som de er",
            "visits dated in the 12 months up to the statistics day; a sambesøg (joint visit) has at "
            "least two of the three systems; the shares are of visits_12m. Counts of companies, not "
            "people: shown as they are",
        ),
        ("kilder", ATTRIBUTION, ATTRIBUTION),
    ]
    rows.append({"kolonne": "", "betegnelse": "", "label_en": ""})
    rows.extend({"kolonne": k, "betegnelse": da, "label_en": en} for k, da, en in notes)
    return pd.DataFrame(rows)


def area_shapes(areas: gpd.GeoDataFrame, level: str, table: pd.DataFrame) -> gpd.GeoDataFrame:
    """``area_id`` and geometry per area of ``table``, in its order, EPSG:25832."""
    key = AREA_KEYS[level]
    if key not in areas.columns:
        raise ValueError(f"`areas` lacks the column `{key}` of level {level!r}")
    if areas.crs is None or areas.crs != gpd.GeoSeries(crs=CRS_METRIC).crs:
        raise ValueError(f"`areas` is in {areas.crs} but is expected to be in {CRS_METRIC}")
    ids = table.loc[table["level"] == level, "area_id"].astype(str).tolist()
    have = areas[key].astype(str).tolist()
    if sorted(ids) != sorted(have):
        raise ValueError(
            f"`areas` holds the areas {sorted(set(have) ^ set(ids))} that do not match the "
            f"statistics (or misses them)"
        )
    shapes = gpd.GeoDataFrame({"area_id": have}, geometry=areas.geometry.values, crs=areas.crs)
    return shapes.set_index("area_id").loc[ids].reset_index()


def area_features(table: pd.DataFrame, shapes: gpd.GeoDataFrame, people: tuple[str, ...]) -> gpd.GeoDataFrame:
    """One feature per area: numeric measures, a ``<column>_note`` beside each people column."""
    rows = table[table["level"] != "region"].reset_index(drop=True)
    data: dict[str, object] = {}
    for column in rows.columns:
        if column in people:
            values = rows[column].tolist()
            data[column] = pd.array([None if isinstance(v, str) else int(v) for v in values], dtype="Int64")
            data[f"{column}_note"] = pd.Series(
                [v if isinstance(v, str) else None for v in values], dtype=object
            )
        else:
            data[column] = rows[column].to_numpy()
    geometry = shapes.set_index("area_id").loc[rows["area_id"].astype(str)].geometry.values
    return gpd.GeoDataFrame(data, geometry=geometry, crs=shapes.crs)


def html_map(
    table: pd.DataFrame,
    shapes: gpd.GeoDataFrame,
    *,
    level: str,
    measure: str,
    generated: dt.date,
    tile_url: str | None = None,
    tile_attribution: str | None = None,
) -> str:
    """The HTML page of one measure: self-contained SVG offline, a folium map over ``tile_url``."""
    measures = [c for c in table.columns if c not in ID_COLUMNS]
    if measure not in measures:
        raise UsageError(f"`measure` was {measure!r} but is expected to be one of {measures}")
    if not tile_url:
        return render_svg_map(table, shapes, measure=measure, level=level, generated=generated)
    fmap = build_folium_map(
        table,
        web_geometries(shapes),
        measure=measure,
        level=level,
        tile_url=tile_url,
        tile_attribution=tile_attribution,
    )
    page: str = fmap.get_root().render()
    return page
