"""Write the published area statistics, and an LKS's company and need lists, to files.

:func:`write_stats` is the one code path behind ``lksmatch export stats``, the
dashboard's download and ``/api/v1/export/stats``. It takes a
:class:`~stats.disclosure.ProtectedStats` - never raw counts - so every format shows
the same suppressed table. Formats:

``csv``
    UTF-8 with a byte-order mark (Excel then reads æ, ø, å right), header row of the
    column ids, ``,`` between fields; with ``sep=";"`` (Danish Excel) the decimals
    use a comma. A suppressed cell holds ``<5`` or ``x``.
``xlsx``
    Sheet ``statistik`` (header row of the column ids; counts as real numbers,
    the ratios - ``coverage_rate`` and the shares of visits - as percentages,
    suppressed cells as the text ``<5`` or ``x``)
    and sheet ``forklaring`` (every column's Danish and English label; the markers,
    the sources, the date). No formula cells.
``geojson``
    EPSG:4326, the outlines simplified for the web (:func:`geo.lks.web_geometries`);
    ``gpkg``: EPSG:25832, full outlines, layer ``area_stats_<level>``. One feature per
    area (15 LKS areas or 19 municipalities; the region row is not a feature).
``html``
    A map of one measure (:func:`stats.publish.html_map`): without ``tile_url`` a
    self-contained page that opens offline, with one a folium map over those tiles.

Every CSV and XLSX goes through the one writer :func:`store.files.write_table`
(spreadsheet formulas neutralised); every file is written atomically.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.lks import web_geometries
from lksmatch.errors import UsageError
from lksmatch.rules import LEVELS, STATS_FORMATS
from stats.disclosure import ProtectedStats
from stats.publish import (
    DEFAULT_MAP_MEASURE,
    NUMBER_FORMATS,
    area_features,
    area_shapes,
    explanation,
    html_map,
)
from store import files

#: Columns that only job seeker records have; :func:`write_list` refuses them.
JOBSEEKER_MARKERS = ("person_id",)

__all__ = [
    "DEFAULT_MAP_MEASURE", "HISTORY_PERIODS", "STATS_FORMATS", "write_history", "write_list", "write_stats",
]


def write_stats(
    stats: ProtectedStats,
    areas: gpd.GeoDataFrame,
    fmt: str,
    path: Path,
    *,
    level: str,
    sep: str = ",",
    measure: str = DEFAULT_MAP_MEASURE,
    tile_url: str | None = None,
    tile_attribution: str | None = None,
    generated: dt.date | None = None,
) -> Path:
    """Write the published statistics of one level as ``fmt`` to ``path`` (atomically).

    Parameters
    ----------
    stats
        The output of :func:`stats.disclosure.protect_area_stats`.
    areas
        The areas of ``level`` in EPSG:25832: ``Geography.lks_areas`` (key ``lks_id``)
        or ``Geography.region`` (key ``municipality_code``). Used by the geodata and
        HTML formats.
    fmt
        One of :data:`STATS_FORMATS`.
    path
        The output file.
    level
        ``lks`` or ``municipality``.
    sep
        CSV field separator, ``,`` or ``;``.
    measure
        The measure the HTML map colours.
    tile_url, tile_attribution
        Optional basemap tiles for the HTML map (then it is a folium map needing a network).
    generated
        The date printed in the XLSX and HTML files (default: today).

    Returns
    -------
    Path
        ``path``, once the file is complete.

    Raises
    ------
    UsageError
        For an unknown ``fmt``, ``level``, ``sep`` or ``measure``.
    ValueError
        When ``areas`` does not match the statistics (CRS, key column, area ids).
    """
    if not isinstance(stats, ProtectedStats):
        raise TypeError("`stats` must be a ProtectedStats (stats.disclosure.protect_area_stats)")
    _check_choice("fmt", fmt, STATS_FORMATS)
    _check_choice("level", level, LEVELS)
    table = stats.level(level)
    generated = generated or dt.date.today()
    if fmt == "csv":
        return files.write_table(table, path, fmt="csv", sep=sep)
    if fmt == "xlsx":
        sheets = {"statistik": table, "forklaring": explanation(table, level, generated)}
        return files.write_table(sheets, path, fmt="xlsx", number_formats=NUMBER_FORMATS)
    shapes = area_shapes(areas, level, table)
    if fmt == "html":
        page = html_map(
            table,
            shapes,
            level=level,
            measure=measure,
            generated=generated,
            tile_url=tile_url,
            tile_attribution=tile_attribution,
        )
        return files.write_text(page, path)
    features = area_features(table, shapes, stats.people_columns)
    layer = f"area_stats_{level}"
    if fmt == "geojson":
        return files.write_geodata(web_geometries(features), path, driver="GeoJSON", layer=layer)
    return files.write_geodata(features, path, driver="GPKG", layer=layer)


#: Periods of a history export: one row per area and day, or per area and month.
HISTORY_PERIODS = ("day", "month")


def write_history(
    periods: list[tuple[str, ProtectedStats]], fmt: str, path: Path, *, level: str, sep: str = ",",
    generated: dt.date | None = None,
) -> Path:
    """Write published tables of several periods as one CSV/XLSX: a ``period`` column, then the table.

    ``periods`` holds ``(period label, published statistics)``, oldest first: each table as
    published then (its own suppression), so the history shows nothing a day's table hid.
    """
    if fmt not in ("csv", "xlsx"):
        raise UsageError(f"`format` was {fmt!r}, but a history is written as csv or xlsx only")
    _check_choice("level", level, LEVELS)
    frames = [stats.level(level).assign(period=label) for label, stats in periods]
    if frames:
        table = pd.concat(frames, ignore_index=True)
        table = table[["period", *[c for c in table.columns if c != "period"]]]
    else:
        table = pd.DataFrame(columns=["period"])
    if fmt == "csv":
        return files.write_table(table, path, fmt="csv", sep=sep)
    sheets = {"statistik": table, "forklaring": explanation(table, level, generated or dt.date.today())}
    return files.write_table(sheets, path, fmt="xlsx", number_formats=NUMBER_FORMATS)


def write_list(frame: pd.DataFrame, fmt: str, path: Path, *, sep: str = ",") -> Path:
    """Write a list (an LKS's companies or needs) as CSV or XLSX; job seeker records are refused.

    Parameters
    ----------
    frame
        Any columns but job seeker records (a ``person_id`` column is refused).
    fmt
        ``csv`` or ``xlsx``.
    path
        The output file.
    sep
        CSV field separator, ``,`` or ``;``.
    """
    refused = [c for c in frame.columns if str(c) in JOBSEEKER_MARKERS]
    if refused:
        raise ValueError(f"`frame` has the job seeker columns {refused}; job seekers are never exported")
    return files.write_table(frame, path, fmt=fmt, sep=sep)


def _check_choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise UsageError(f"`{name}` was {value!r} but is expected to be one of {list(allowed)}")
