"""The map of the area statistics: a self-contained SVG page, or a folium map with tiles.

Both are pure: they take a *published* level table (``ProtectedStats.level(...)``) and
the area polygons, and return a page or a :class:`folium.Map`; :mod:`lksmatch.exporting`
writes them.

**Offline by default.** folium draws with Leaflet, and neither folium nor branca nor
any other pinned package ships ``leaflet.js``/``leaflet.css``: a folium page loads them
(and jQuery, Bootstrap, Font Awesome) from CDNs and shows nothing without a network.
So the default HTML export is :func:`render_svg_map`: a choropleth drawn as inline SVG
from the EPSG:25832 polygons, with the figures of every area in a panel that opens
when the area (or its name in the list) is clicked - pure HTML and CSS (``:target``),
no script, no external resource, and a Content-Security-Policy that forbids loading
any. It opens from a USB stick on an offline laptop. Only when a basemap tile URL is
given (``LKSMATCH_TILE_URL``; tiles need the network anyway) is the map built with
folium (:func:`build_folium_map`): the same colours, legend, attribution and figures
(as popups).

Every text that goes into a page - area names, labels, values - is escaped
(:func:`escape_html`), including the characters that would break out of the
JavaScript template literal in which folium embeds a popup.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Hashable, Mapping, Sequence

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from stats.columns import ID_COLUMNS, PEOPLE_COLUMNS, RATIO_COLUMNS
from stats.labels import MEASURE_LABELS_DA

#: The attribution every map and export carries.
ATTRIBUTION = "DAGI, Geodatastyrelsen & Danske Kommuner; ESCO, European Commission"
#: Sequential palette of the choropleth classes (light to dark; ColorBrewer PuBu).
PALETTE = ("#f1eef6", "#bdc9e1", "#74a9cf", "#2b8cbe", "#045a8d")
#: Fill of an area whose value is suppressed or missing.
NO_VALUE_FILL = "#d9d9d9"
#: SVG simplification tolerance and grid (metres): small pages, outlines within ~100 m.
SVG_TOLERANCE_M = 100.0
SVG_UNIT_M = 50.0
#: The page may load nothing: no script, no stylesheet, no image, no font, no frame.
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'"
LEVEL_NAMES_DA = {"lks": "LKS-områder", "municipality": "kommuner"}
SUPPRESSION_NOTE_DA = (
    "<5: færre end 5 personer (små tal vises ikke). "
    "x: 5 eller flere, skjult så et lille tal ikke kan regnes ud af totalerne."
)

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:0;color:#222}
header,footer{padding:.6rem 1rem;background:#f5f5f5}header h1{font-size:1.3rem;margin:0}
header p,footer p{margin:.2rem 0;font-size:.9rem}
main{display:flex;flex-wrap:wrap;gap:1rem;padding:1rem}
.map{flex:1 1 480px;max-width:760px}.map svg{width:100%;height:auto}
.area{stroke:#555;stroke-width:.8;vector-effect:non-scaling-stroke}
a:hover .area,a:focus .area{stroke:#000;stroke-width:2.5}
aside{flex:1 1 300px;max-width:460px}
.fig{display:none}.fig:target,.fig.default{display:block}.fig:target~.fig.default{display:none}
.fig h2{font-size:1.1rem;margin:.2rem 0}
table{border-collapse:collapse;font-size:.85rem;width:100%}
td{padding:.1rem .4rem;border-bottom:1px solid #eee}td.v{text-align:right;white-space:nowrap}
.legend{margin:.8rem 0;font-size:.85rem}.legend span{display:inline-block;width:1em;height:1em;
border:1px solid #555;vertical-align:middle;margin-right:.4em}
nav ul{columns:2;padding-left:1.2rem;font-size:.9rem}
"""


def escape_html(value: object) -> str:
    r"""Text for HTML (element content or a quoted attribute), safe inside a JS template literal too.

    ``html.escape`` handles ``& < > " '``; backslash, backtick and ``$`` become character
    references as well, because folium embeds popup HTML in a JavaScript template string
    (where ``${...}`` would run and a backslash could unescape a backtick).
    """
    text = html.escape("" if value is None else str(value), quote=True)
    return text.replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")


def format_value_da(column: str, value: object) -> str:
    """A published value as Danish text: ``1.234``, ``53 %``, ``<5``, ``x``; ``""`` for missing."""
    if value is None or isinstance(value, str):
        return value or ""
    number = float(value)  # type: ignore[arg-type]
    if math.isnan(number):
        return ""
    if column in RATIO_COLUMNS:
        return f"{number * 100:.0f} %"
    if number.is_integer():
        return f"{int(number):,}".replace(",", ".")
    return f"{number:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def measure_values(table: pd.DataFrame, measure: str) -> list[float | None]:
    """The numeric value of ``measure`` per row (``None`` where suppressed or missing)."""
    out: list[float | None] = []
    for value in table[measure]:
        if value is None or isinstance(value, str):
            out.append(None)
        else:
            number = float(value)
            out.append(None if math.isnan(number) else number)
    return out


def class_breaks(values: Sequence[float | None], k: int = len(PALETTE)) -> list[float]:
    """Upper bounds of at most ``k`` classes: every distinct value when few, else natural breaks.

    Natural breaks (Fisher-Jenks, exact): the classes of the *distinct* values that make the
    sum of squared deviations within the classes smallest. Cut on the distinct values, many
    areas sharing a value cannot collapse the classes, every class holds values of its own,
    and values that lie close together stay in one class (no ``144 - 145`` beside ``147 - 538``).
    """
    known = np.array([v for v in values if v is not None], dtype=float)
    if known.size == 0:
        return []
    distinct = np.unique(known)
    if distinct.size <= k:
        return [float(v) for v in distinct]
    return [float(distinct[j]) for j in _natural_breaks(distinct, k)]


def _natural_breaks(x: np.ndarray, k: int) -> list[int]:
    """The index of the last value of each of ``k`` classes of the sorted ``x`` (Fisher's exact
    dynamic programme, O(k n²); the maps have at most a few hundred areas).
    """
    n = x.size
    s1 = np.concatenate([[0.0], np.cumsum(x)])
    s2 = np.concatenate([[0.0], np.cumsum(x * x)])

    def sse(i: int, j: int) -> float:  # of x[i..j], both included
        m = j - i + 1
        total = s1[j + 1] - s1[i]
        return float(s2[j + 1] - s2[i] - total * total / m)

    cost = np.full((k, n), np.inf)
    cut = np.zeros((k, n), dtype=int)
    for j in range(n):
        cost[0, j] = sse(0, j)
    for c in range(1, k):
        for j in range(c, n):
            best, at = np.inf, c
            for i in range(c, j + 1):  # the class c holds x[i..j]
                value = cost[c - 1, i - 1] + sse(i, j)
                if value < best:
                    best, at = value, i
            cost[c, j], cut[c, j] = best, at
    ends, j = [], n - 1
    for c in range(k - 1, -1, -1):
        ends.append(j)
        j = cut[c, j] - 1
    return sorted(ends)


def fill_of(value: float | None, breaks: Sequence[float]) -> str:
    """The palette colour of ``value`` for ``breaks`` (:data:`NO_VALUE_FILL` when ``None``)."""
    if value is None or not breaks:
        return NO_VALUE_FILL
    position = next((i for i, bound in enumerate(breaks) if value <= bound), len(breaks) - 1)
    colours = _colours(len(breaks))
    return colours[position]


def _colours(n: int) -> list[str]:
    if n <= 1:
        return [PALETTE[len(PALETTE) // 2]]
    return [PALETTE[round(i * (len(PALETTE) - 1) / (n - 1))] for i in range(n)]


def legend_entries(table: pd.DataFrame, measure: str) -> list[tuple[str, str]]:
    """(colour, Danish text) per class of the choropleth, from the area rows of ``table``."""
    areas = table[table["level"] != "region"]
    values = measure_values(areas, measure)
    breaks = class_breaks(values)
    entries = []
    lower: float | None = None
    known = sorted(v for v in values if v is not None)
    for bound in breaks:
        members = [v for v in known if (lower is None or v > lower) and v <= bound]
        low = members[0] if members else bound
        text = (
            format_value_da(measure, low)
            if low == bound
            else f"{format_value_da(measure, low)} - {format_value_da(measure, bound)}"
        )
        entries.append((fill_of(bound, breaks), text))
        lower = bound
    if any(v is None for v in values):
        entries.append((NO_VALUE_FILL, "skjult (<5 / x) eller ingen værdi"))
    return entries


def figures_html(
    row: Mapping[Hashable, object], columns: Sequence[str], labels: Mapping[str, str] = MEASURE_LABELS_DA
) -> str:
    """An HTML table of one area's figures (every label and value escaped)."""
    lines = [
        f"<tr><td>{escape_html(labels.get(c, c))}</td>"
        f'<td class="v">{escape_html(format_value_da(c, row[c]))}</td></tr>'
        for c in columns
    ]
    return "<table>" + "".join(lines) + "</table>"


def _measure_columns(table: pd.DataFrame) -> list[str]:
    return [c for c in table.columns if c not in ID_COLUMNS]


def _check(table: pd.DataFrame, areas: gpd.GeoDataFrame, measure: str) -> None:
    columns = _measure_columns(table)
    if measure not in columns:
        raise ValueError(f"`measure` was {measure!r} but is expected to be one of {columns}")
    if "area_id" not in areas.columns:
        raise ValueError("`areas` is expected to have an `area_id` column")


# --- the offline SVG page -------------------------------------------------------------------------


def render_svg_map(
    table: pd.DataFrame,
    areas: gpd.GeoDataFrame,
    *,
    measure: str,
    level: str,
    generated: dt.date,
    labels: Mapping[str, str] = MEASURE_LABELS_DA,
) -> str:
    """A standalone HTML page: an SVG choropleth of ``measure`` and every area's figures.

    Parameters
    ----------
    table
        A published level table (``ProtectedStats.level(level)``): the area rows and the
        region row.
    areas
        ``area_id`` and the polygons, in a metric CRS (EPSG:25832), one row per area.
    measure
        The column that colours the map.
    level
        ``lks`` or ``municipality`` (for the title).
    generated
        The date printed on the page.
    labels
        Display label of every column.

    Returns
    -------
    str
        The page. It loads nothing: no script, no stylesheet, no image, no font.
    """
    _check(table, areas, measure)
    if areas.crs is None or not areas.crs.is_projected:
        raise ValueError(f"`areas` is in {areas.crs} but is expected to be in a metric CRS (EPSG:25832)")
    columns = _measure_columns(table)
    rows = {str(r["area_id"]): r for r in table.to_dict("records")}
    area_rows = table[table["level"] != "region"]
    breaks = class_breaks(measure_values(area_rows, measure))
    paths, width, height = _svg_paths(areas)
    measure_label = labels.get(measure, measure)
    shapes, panels, links = [], [], []
    for i, (area_id, path) in enumerate(zip(areas["area_id"].astype(str), paths, strict=True)):
        row = rows.get(area_id)
        if row is None:
            raise ValueError(f"`table` has no row for the area {area_id!r}")
        values = measure_values(pd.DataFrame([row]), measure)
        name = escape_html(row["area_name"])
        shown = escape_html(format_value_da(measure, row[measure]) or "ingen værdi")
        shapes.append(
            f'<a href="#a{i}"><path class="area" fill-rule="evenodd" fill="{fill_of(values[0], breaks)}" '
            f'd="{path}"><title>{name}: {shown}</title></path></a>'
        )
        panels.append(
            f'<section class="fig" id="a{i}"><h2>{name}</h2>{figures_html(row, columns, labels)}</section>'
        )
        links.append(f'<li><a href="#a{i}">{name}</a></li>')
    region = table[table["level"] == "region"].to_dict("records")
    if region:
        panels.append(
            f'<section class="fig default" id="region"><h2>{escape_html(region[0]["area_name"])}</h2>'
            f"{figures_html(region[0], columns, labels)}</section>"
        )
    legend = "".join(
        f'<div><span style="background:{colour}"></span>{escape_html(text)}</div>'
        for colour, text in legend_entries(table, measure)
    )
    title = f"{measure_label} - {LEVEL_NAMES_DA.get(level, level)}"
    people = any(c in PEOPLE_COLUMNS for c in columns)
    note = f"<p>{escape_html(SUPPRESSION_NOTE_DA)}</p>" if people else ""
    head = (
        '<!DOCTYPE html>\n<html lang="da"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
        f"<title>{escape_html(title)}</title><style>{_CSS}</style></head>"
    )
    header = (
        f"<header><h1>{escape_html(title)}</h1><p>Klik på et område for at se tallene. "
        f"Dannet {escape_html(generated.isoformat())}.</p></header>"
    )
    svg = (
        f'<div class="map"><svg viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape_html(title)}">{"".join(shapes)}</svg></div>'
    )
    aside = (
        f"<aside>{''.join(panels)}"
        f'<div class="legend"><strong>{escape_html(measure_label)}</strong>{legend}</div>'
        f'<nav><ul>{"".join(links)}<li><a href="#region">Hele regionen</a></li></ul></nav></aside>'
    )
    footer = f"<footer><p>Kilder: {escape_html(ATTRIBUTION)}.</p>{note}</footer>"
    return f"{head}<body>{header}<main>{svg}{aside}</main>{footer}</body></html>\n"


def _svg_paths(areas: gpd.GeoDataFrame) -> tuple[list[str], int, int]:
    """SVG path data per area on a :data:`SVG_UNIT_M` grid, y pointing down; the canvas size."""
    geoms = areas.geometry
    if shapely.coverage_is_valid(geoms.values):
        geoms = geoms.simplify_coverage(SVG_TOLERANCE_M)
    else:
        geoms = geoms.simplify(SVG_TOLERANCE_M, preserve_topology=True)
    minx, miny, maxx, maxy = areas.total_bounds
    paths = []
    for geom in geoms.values:
        parts = []
        for polygon in shapely.get_parts(geom):
            if shapely.get_type_id(polygon) != 3:
                continue
            for ring in (polygon.exterior, *polygon.interiors):
                xy = np.asarray(ring.coords)[:, :2]
                grid = np.column_stack(
                    [np.round((xy[:, 0] - minx) / SVG_UNIT_M), np.round((maxy - xy[:, 1]) / SVG_UNIT_M)]
                ).astype(int)
                keep = np.ones(len(grid), dtype=bool)
                keep[1:] = np.any(grid[1:] != grid[:-1], axis=1)
                grid = grid[keep]
                if len(grid) < 4:  # a triangle and its closing point at least
                    continue
                points = " ".join(f"{x} {y}" for x, y in grid[1:-1])
                parts.append(f"M{grid[0][0]} {grid[0][1]}L{points}Z")
        paths.append("".join(parts))
    width = math.ceil((maxx - minx) / SVG_UNIT_M)
    height = math.ceil((maxy - miny) / SVG_UNIT_M)
    return paths, width, height


# --- folium (with a basemap) ---------------------------------------------------------------------


def build_folium_map(
    table: pd.DataFrame,
    areas: gpd.GeoDataFrame,
    *,
    measure: str,
    level: str,
    tile_url: str | None = None,
    tile_attribution: str | None = None,
    labels: Mapping[str, str] = MEASURE_LABELS_DA,
) -> folium.Map:
    """A folium choropleth of ``measure`` with a popup of figures per area.

    ``areas`` is in EPSG:4326 (e.g. :func:`geo.lks.web_geometries` with ``area_id``).
    The page folium renders links Leaflet from CDNs: it needs a network (so do tiles).
    No feature properties are embedded; each popup is HTML escaped with
    :func:`escape_html`.
    """
    _check(table, areas, measure)
    if areas.crs is None or areas.crs.to_epsg() != 4326:
        raise ValueError(f"`areas` is in {areas.crs} but is expected to be in EPSG:4326")
    columns = _measure_columns(table)
    rows = {str(r["area_id"]): r for r in table.to_dict("records")}
    breaks = class_breaks(measure_values(table[table["level"] != "region"], measure))
    minx, miny, maxx, maxy = (float(v) for v in areas.total_bounds)
    fmap = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=8, tiles=None, control_scale=True
    )
    if tile_url:
        attribution = escape_html(f"{tile_attribution or 'Baggrundskort'} | {ATTRIBUTION}")
        folium.TileLayer(tiles=tile_url, attr=attribution, name="Baggrundskort").add_to(fmap)
    for area_id, geom in zip(areas["area_id"].astype(str), areas.geometry.values, strict=True):
        row = rows.get(area_id)
        if row is None:
            raise ValueError(f"`table` has no row for the area {area_id!r}")
        colour = fill_of(measure_values(pd.DataFrame([row]), measure)[0], breaks)
        feature = {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(geom)}
        layer = folium.GeoJson(
            feature,
            style_function=lambda _f, c=colour: {
                "fillColor": c,
                "color": "#555",
                "weight": 1,
                "fillOpacity": 0.75,
            },
            highlight_function=lambda _f: {"weight": 3, "color": "#000"},
        )
        body = (
            f'<div style="max-height:320px;overflow-y:auto"><h4>{escape_html(row["area_name"])}</h4>'
            f"{figures_html(row, columns, labels)}</div>"
        )
        folium.Popup(body, max_width=380, parse_html=False).add_to(layer)
        layer.add_to(fmap)
    fmap.fit_bounds([[miny, minx], [maxy, maxx]])
    legend = "".join(
        f'<div><span style="display:inline-block;width:12px;height:12px;background:{c};'
        f'border:1px solid #555;margin-right:4px"></span>{escape_html(t)}</div>'
        for c, t in legend_entries(table, measure)
    )
    title = f"{labels.get(measure, measure)} - {LEVEL_NAMES_DA.get(level, level)}"
    box = (
        f'<div style="position:fixed;bottom:24px;left:12px;z-index:9999;background:#fff;padding:8px;'
        f'font:12px sans-serif;border:1px solid #999;max-width:300px"><strong>{escape_html(title)}</strong>'
        f"{legend}<div>{escape_html(SUPPRESSION_NOTE_DA)}</div>"
        f"<div>Kilder: {escape_html(ATTRIBUTION)}</div></div>"
    )
    fmap.get_root().html.add_child(folium.Element(box))  # type: ignore[attr-defined]
    return fmap
