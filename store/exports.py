"""Write the published area statistics, and an LKS's company and need lists, to files.

:func:`write_stats` is the one code path behind ``lksmatch export stats``, the
dashboard's download and ``/api/v1/export/stats``. It takes a
:class:`~lksmatch.disclosure.ProtectedStats` - never raw counts - so every format shows
the same suppressed table. Formats:

``csv``
    UTF-8 with a byte-order mark (Excel then reads æ, ø, å right), header row of the
    column ids, ``,`` between fields; with ``sep=";"`` (Danish Excel) the decimals
    use a comma. A suppressed cell holds ``<5`` or ``x``.
``xlsx``
    Sheet ``statistik`` (header row of the column ids; counts as real numbers,
    ``coverage_rate`` as a percentage, suppressed cells as the text ``<5`` or ``x``)
    and sheet ``forklaring`` (every column's Danish and English label; the markers,
    the sources, the date). No formula cells.
``geojson``
    EPSG:4326, the outlines simplified for the web (:func:`geo.lks.web_geometries`);
    ``gpkg``: EPSG:25832, full outlines, layer ``area_stats_<level>``. One feature per
    area (15 LKS areas or 19 municipalities; the region row is not a feature). A
    people column is an integer property that is null where suppressed, next to a text
    property ``<column>_note`` holding ``<5``, ``x`` or null - a numeric field keeps
    the layer stylable in QGIS.
``html``
    A map of one measure (:mod:`lksmatch.exportmap`): without ``tile_url`` a
    self-contained page that opens offline, with one a folium map over those tiles.

Spreadsheet safety: any text cell (header included) that starts with ``=``, ``+``,
``-``, ``@``, a tab, CR or LF (or their full-width forms) gets a leading ``'`` so that
no spreadsheet runs it as a formula (:func:`neutralise`); XLSX text cells are typed as
text, and characters XML cannot hold are dropped. :func:`write_table_safe` writes any
other list (an LKS's companies or needs) with the same protections, and refuses
job seeker records. Every file is written to a temporary name and renamed when
complete.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.boundaries import CRS_METRIC
from geo.lks import web_geometries
from lksmatch.areastats import ID_COLUMNS, LEVELS, MEASURE_LABELS_DA, MEASURE_LABELS_EN
from lksmatch.disclosure import PRIMARY_MARK, SECONDARY_MARK, ProtectedStats
from lksmatch.errors import UsageError
from lksmatch.exportmap import ATTRIBUTION, build_folium_map, render_svg_map

#: Formats of :func:`write_stats`.
STATS_FORMATS = ("csv", "xlsx", "geojson", "gpkg", "html")
#: Formats of :func:`write_table_safe`.
TABLE_FORMATS = ("csv", "xlsx")
#: Field separators of the CSV files.
CSV_SEPARATORS = (",", ";")
#: A text cell starting with one of these is prefixed with ``'`` in CSV and XLSX.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
#: The column of each level's key in the area GeoDataFrame.
AREA_KEYS = {"lks": "lks_id", "municipality": "municipality_code"}
#: Default measure of the HTML map.
DEFAULT_MAP_MEASURE = "needs_open"
#: Columns that only job seeker records have; :func:`write_table_safe` refuses them.
JOBSEEKER_MARKERS = ("person_id",)

_NUMBER_FORMATS = {"coverage_rate": "0.0%"}


def neutralise(text: str) -> str:
    """``text`` with a leading ``'`` when a spreadsheet could read it as a formula."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


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
        The output of :func:`lksmatch.disclosure.protect_area_stats`.
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
        raise TypeError("`stats` must be a ProtectedStats (lksmatch.disclosure.protect_area_stats)")
    _check_choice("fmt", fmt, STATS_FORMATS)
    _check_choice("level", level, LEVELS)
    _check_choice("sep", sep, CSV_SEPARATORS)
    table = stats.level(level)
    generated = generated or dt.date.today()
    if fmt == "csv":
        return _atomic(path, lambda tmp: _write_csv(table, tmp, sep))
    if fmt == "xlsx":
        sheets = {"statistik": table, "forklaring": _explanation(table, level, generated)}
        return _atomic(path, lambda tmp: _write_xlsx(sheets, tmp))
    shapes = _area_shapes(areas, level, table)
    if fmt == "html":
        measures = [c for c in table.columns if c not in ID_COLUMNS]
        if measure not in measures:
            raise UsageError(f"`measure` was {measure!r} but is expected to be one of {measures}")
        if tile_url:
            fmap = build_folium_map(
                table,
                web_geometries(shapes),
                measure=measure,
                level=level,
                tile_url=tile_url,
                tile_attribution=tile_attribution,
            )
            page = fmap.get_root().render()
        else:
            page = render_svg_map(table, shapes, measure=measure, level=level, generated=generated)
        return _atomic(path, lambda tmp: tmp.write_text(page, encoding="utf-8"))
    features = _features(table, shapes, stats.people_columns)
    layer = f"area_stats_{level}"
    if fmt == "geojson":
        web = web_geometries(features)
        return _atomic(path, lambda tmp: web.to_file(tmp, driver="GeoJSON", layer=layer, engine="pyogrio"))
    return _atomic(path, lambda tmp: features.to_file(tmp, driver="GPKG", layer=layer, engine="pyogrio"))


def write_table_safe(frame: pd.DataFrame, fmt: str, path: Path, *, sep: str = ",") -> Path:
    """Write a list (an LKS's companies or needs) as CSV or XLSX with the spreadsheet protections.

    Parameters
    ----------
    frame
        Any columns but job seeker records (a ``person_id`` column is refused). Text
        stays text; numbers, booleans and dates are written as such.
    fmt
        ``csv`` or ``xlsx``.
    path
        The output file.
    sep
        CSV field separator, ``,`` or ``;``.

    Returns
    -------
    Path
        ``path``, once the file is complete.
    """
    _check_choice("fmt", fmt, TABLE_FORMATS)
    _check_choice("sep", sep, CSV_SEPARATORS)
    refused = [c for c in frame.columns if str(c) in JOBSEEKER_MARKERS]
    if refused:
        raise ValueError(f"`frame` has the job seeker columns {refused}; job seekers are never exported")
    if fmt == "csv":
        return _atomic(path, lambda tmp: _write_csv(frame, tmp, sep))
    return _atomic(path, lambda tmp: _write_xlsx({"data": frame}, tmp))


# --- helpers --------------------------------------------------------------------------------------


def _check_choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise UsageError(f"`{name}` was {value!r} but is expected to be one of {list(allowed)}")


def _atomic(path: Path, write: Callable[[Path], object]) -> Path:
    """Run ``write`` on a temporary file next to ``path``, then move it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".part-", dir=path.parent))
    try:
        tmp = folder / path.name
        write(tmp)
        os.replace(tmp, path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return path


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _plain(value: object) -> object:
    """A cell value as a plain Python value (numpy scalars unwrapped, missing as ``None``)."""
    if _missing(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
        if _missing(value):
            return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def _csv_text(value: object, decimal: str) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.10g}".replace(".", decimal)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time(0) else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralise(str(value))


def _write_csv(frame: pd.DataFrame, path: Path, sep: str) -> None:
    decimal = "," if sep == ";" else "."
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=sep, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow([neutralise(str(c)) for c in frame.columns])
        for values in frame.itertuples(index=False, name=None):
            writer.writerow([_csv_text(v, decimal) for v in values])


def _xlsx_value(value: object) -> object:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = _plain(value)
    if value is None or isinstance(value, bool | int | float | dt.date | dt.datetime):
        return value
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def _write_xlsx(sheets: Mapping[str, pd.DataFrame], path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, frame in sheets.items():
        sheet = workbook.create_sheet(title)
        columns = [str(c) for c in frame.columns]
        for j, name in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=j, value=_xlsx_value(name))
            cell.data_type = "s"
            cell.font = Font(bold=True)
        for i, values in enumerate(frame.itertuples(index=False, name=None), start=2):
            for j, raw in enumerate(values, start=1):
                value = _xlsx_value(raw)
                cell = sheet.cell(row=i, column=j, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text stays text
                elif columns[j - 1] in _NUMBER_FORMATS and isinstance(value, float):
                    cell.number_format = _NUMBER_FORMATS[columns[j - 1]]
        sheet.freeze_panes = "A2"
        for j, name in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(j)].width = min(max(len(name) + 2, 10), 45)
    workbook.save(path)


def _explanation(table: pd.DataFrame, level: str, generated: dt.date) -> pd.DataFrame:
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
        ("kilder", ATTRIBUTION, ATTRIBUTION),
    ]
    rows.append({"kolonne": "", "betegnelse": "", "label_en": ""})
    rows.extend({"kolonne": k, "betegnelse": da, "label_en": en} for k, da, en in notes)
    return pd.DataFrame(rows)


def _area_shapes(areas: gpd.GeoDataFrame, level: str, table: pd.DataFrame) -> gpd.GeoDataFrame:
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


def _features(table: pd.DataFrame, shapes: gpd.GeoDataFrame, people: tuple[str, ...]) -> gpd.GeoDataFrame:
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
