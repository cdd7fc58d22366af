"""Overblik: the coverage map of the 15 LKS (or 19 municipalities), a legend and a table.

The boundaries come once, as a cached static file (``/geo/<level>.geojson``, see
:mod:`dashboard.ui`); a change of measure sends only the colours and numbers, in the
GeoJSON layer's ``hideout``, which ``assets/map.js`` reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dash_leaflet as dl
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html, no_update

from dashboard import components, ids
from dashboard import trend as trend_view
from dashboard.i18n import format_moment, language, text
from dashboard.pages.common import Current, Refused, ask
from stats.maps import ATTRIBUTION

#: Centre and zoom that show Region Midtjylland (the layer then zooms to its bounds).
CENTER = (56.25, 9.45)
ZOOM = 8
#: How often an open page asks whether newer statistics are published (milliseconds).
POLL_MS = 30_000
from lksmatch.rules import LEVELS  # noqa: E402


def layout(geo_url: Callable[[str], str], tile_url: str | None, lang: str = "da") -> html.Div:
    """The page: controls, the map with its legend, the details of an area and the table."""
    layers: list = []
    if tile_url:
        layers.append(dl.TileLayer(url=tile_url, attribution="&copy; basemap"))
    layers.append(
        dl.GeoJSON(
            id=ids.OVERBLIK_AREAS,
            # No url yet: the first answer of show_measure brings the url and the colours
            # together (dash-leaflet styles features loaded before a hideout with the old one).
            style={"variable": "lksmatch.areaStyle"},
            hoverStyle={"variable": "lksmatch.areaHover"},
            onEachFeature={"variable": "lksmatch.areaTooltip"},
            hideout={},
            zoomToBounds=True,
        )
    )
    controls = html.Div(
        [
            html.Div(
                [
                    html.Label(text("level", lang), htmlFor=ids.OVERBLIK_LEVEL),
                    dcc.RadioItems(
                        id=ids.OVERBLIK_LEVEL,
                        options=[{"label": text(f"level_{lv}", lang), "value": lv} for lv in LEVELS],
                        value="lks",
                        inline=True,
                    ),
                ],
                className="control",
            ),
            html.Div(
                [
                    html.Label(text("measure", lang), htmlFor=ids.OVERBLIK_MEASURE),
                    dcc.Dropdown(
                        id=ids.OVERBLIK_MEASURE,
                        options=[
                            {"label": components.label(m, lang), "value": m} for m in components.MAP_MEASURES
                        ],
                        value=components.DEFAULT_MEASURE,
                        clearable=False,
                    ),
                ],
                className="control",
            ),
        ],
        className="controls",
    )
    map_col = html.Div(
        [
            html.Div(
                [
                    dl.Map(layers, id=ids.OVERBLIK_MAP, center=CENTER, zoom=ZOOM, minZoom=6, maxZoom=13),
                    html.Div(id=ids.OVERBLIK_LEGEND, className="legend"),
                ],
                className="map-frame",
            ),
            html.P(text("suppressed_note", lang), className="note"),
            html.P(f"Grænser: {ATTRIBUTION}", className="note"),
        ],
        className="map-col",
    )
    side_col = html.Div(
        [
            html.Div(id=ids.OVERBLIK_DETAILS),
            html.Div(
                id=ids.OVERBLIK_TABLE,
                className=components.selected_column_class(components.DEFAULT_MEASURE),
                # the table scrolls sideways: focusable, so a keyboard can scroll it (WCAG 2.1.1)
                tabIndex="0",
                role="region",
                **_aria_label(text("table_region", lang)),
            ),
        ],
        className="side-col",
    )
    freshness = html.Div(
        [
            html.P(id=ids.OVERBLIK_STAMP, className="note stamp", role="status"),
            dcc.Store(id=ids.OVERBLIK_SHOWN),
            dcc.Store(id=ids.OVERBLIK_VERSION),
            dcc.Interval(id=ids.OVERBLIK_POLL, interval=POLL_MS),
        ]
    )
    return html.Div(
        [
            controls,
            freshness,
            html.Div(id=ids.OVERBLIK_MESSAGE),
            html.Div([map_col, side_col], className="overblik"),
        ]
    )


def _aria_label(label: str) -> dict[str, Any]:
    """``aria-label`` as a keyword Dash passes on (its name is no Python identifier)."""
    return {"aria-label": label}


def stamp_text(stamp: dict, lang: str) -> str:
    """"Tal fra 02-12-2026 kl. 07:14" (and, while newer ones are counted, that they are coming)."""
    shown = text("stats_from", lang).format(when=format_moment(stamp["computed_at"]))
    return shown if stamp["current"] else f"{shown} — {text('stats_refreshing', lang)}"


def register(app: Dash, current: Current, geo_url: Callable[[str], str]) -> None:
    """Callbacks: measure or level -> colours and legend; level -> table; a click -> an area's components."""

    @app.callback(
        Output(ids.OVERBLIK_AREAS, "url"),
        Output(ids.OVERBLIK_AREAS, "hideout"),
        Output(ids.OVERBLIK_LEGEND, "children"),
        Output(ids.OVERBLIK_MESSAGE, "children"),
        Output(ids.OVERBLIK_STAMP, "children"),
        Output(ids.OVERBLIK_SHOWN, "data"),
        Input(ids.OVERBLIK_LEVEL, "value"),
        Input(ids.OVERBLIK_MEASURE, "value"),
        Input(ids.OVERBLIK_VERSION, "data"),
        State(ids.SHELL_LANG, "value"),
    )
    def show_measure(level: str, measure: str, _version: object, lang: str | None) -> tuple:
        level, lang = (level if level in LEVELS else "lks"), language(lang)
        found = ask(current, lambda service: (service.area_stats(level), service.stats_stamp()), lang)
        if isinstance(found, Refused):
            return geo_url(level), {}, None, components.notice(found.message), None, None
        table, stamp = found
        if measure not in components.map_measures(table):
            measure = components.DEFAULT_MEASURE
        hideout = components.map_hideout(table, measure)
        legend = components.legend(table, measure, lang)
        return geo_url(level), hideout, legend, None, stamp_text(stamp, lang), stamp["snapshot_id"]

    @app.callback(
        Output(ids.OVERBLIK_VERSION, "data"),
        Input(ids.OVERBLIK_POLL, "n_intervals"),
        State(ids.OVERBLIK_SHOWN, "data"),
        prevent_initial_call=True,
    )
    def poll(_: int, shown: object) -> object:
        """Every half minute: when a newer snapshot is published, the page draws it (else nothing)."""
        stamp = ask(current, lambda service: service.stats_stamp())
        if isinstance(stamp, Refused) or stamp["snapshot_id"] == shown:
            return no_update
        return stamp["snapshot_id"]

    @app.callback(
        Output(ids.OVERBLIK_TABLE, "children"),
        Input(ids.OVERBLIK_LEVEL, "value"),
        Input(ids.OVERBLIK_VERSION, "data"),
        State(ids.SHELL_LANG, "value"),
    )
    def show_table(level: str, _version: object, lang: str | None) -> html.Table | None:
        table = ask(current, lambda service: service.area_stats(level if level in LEVELS else "lks"))
        return None if isinstance(table, Refused) else components.stats_table(table, language(lang))

    app.clientside_callback(  # the highlighted column follows the measure without a request
        ClientsideFunction(namespace="lksmatch", function_name="selectedColumn"),
        Output(ids.OVERBLIK_TABLE, "className"),
        Input(ids.OVERBLIK_MEASURE, "value"),
    )

    @app.callback(
        Output(ids.OVERBLIK_DETAILS, "children"),
        Input(ids.OVERBLIK_AREAS, "clickData"),
        Input(ids.OVERBLIK_LEVEL, "value"),
        Input(ids.OVERBLIK_MEASURE, "value"),
        State(ids.SHELL_LANG, "value"),
    )
    def show_area(feature: dict | None, level: str, measure: str | None, lang: str | None) -> html.Div:
        area_id, lang = ((feature or {}).get("properties") or {}).get("area_id"), language(lang)
        if area_id is None:  # nothing clicked yet: no need to ask the service
            return components.area_details(components.EMPTY_TABLE, None, lang)
        level = level if level in LEVELS else "lks"
        table = ask(current, lambda service: service.area_stats(level), lang)
        if isinstance(table, Refused):
            return components.notice(table.message)
        if measure not in components.map_measures(table):
            measure = components.DEFAULT_MEASURE
        trend = ask(current, lambda service: service.stats_trend(level, str(measure)), lang)
        chart = None if isinstance(trend, Refused) else trend_view.area_trend(trend, area_id, measure, lang)
        return components.area_details(table, area_id, lang, first=chart)
