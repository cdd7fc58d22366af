"""The company and its candidates' home *areas* on a small map: never a home, a municipality.

A team judging commutes sees the company's pin and the municipalities the shown candidates
live in, shaded by how many of them live there, with the count in each area's tooltip and -
the text alternative, never only the map - the same counts as a list beside it. A person is
never placed more finely than their municipality (the job seekers' import gives the
municipality; an exact point is never handed to the web layer).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

import dash_leaflet as dl
import pandas as pd
from dash import html
from dash.development.base_component import Component

from dashboard.i18n import format_number, text

#: Fill per number of shown candidates living in a municipality: 4 or more, 2-3, 1 (dark to light).
#: The colour never carries the count alone: it is written in each area's tooltip and in the list
#: beside the map, and the area borders keep the map's dark outline (WCAG 1.4.1, 1.4.11).
SHADES = ((4, "#08519c"), (2, "#4292c6"), (1, "#9ecae1"))


def _count(n: int, lang: str) -> str:
    return text("n_candidate", lang) if n == 1 else text("n_candidates", lang).format(n=format_number(n))


def _shade(n: int) -> str:
    return next(colour for least, colour in SHADES if n >= least)


def area_counts(frame: pd.DataFrame) -> dict[str, int]:
    """Municipality code -> how many of the shown candidates live there (unknown left out)."""
    if frame.empty or "municipality_code" not in frame.columns:
        return {}
    codes = (str(c).strip() for c in frame["municipality_code"].tolist() if c is not None and c == c)
    return dict(Counter(c for c in codes if c))


def area_map(
    frame: pd.DataFrame,
    need: Mapping[str, Any],
    names: Mapping[str, str],
    geo_url: Callable[[str], str],
    tile_url: str | None,
    lang: str = "da",
) -> Component:
    """The map (company pin, candidates' municipalities shaded) and its text alternative."""
    counts = area_counts(frame)
    if not counts:
        return html.Div()
    lat, lon = need.get("company_lat"), need.get("company_lon")
    layers: list[Component] = []
    if tile_url:
        layers.append(dl.TileLayer(url=tile_url, attribution="&copy; basemap"))
    hideout = {
        "fill": {code: _shade(n) for code, n in counts.items()},
        "shown": {code: _count(n, lang) for code, n in counts.items()},
    }
    layers.append(
        dl.GeoJSON(
            url=geo_url("municipality"),
            style={"variable": "lksmatch.areaStyle"},
            onEachFeature={"variable": "lksmatch.areaLabel"},
            hideout=hideout,
        )
    )
    company = str(need.get("company_name") or "")
    if isinstance(lat, int | float) and isinstance(lon, int | float):
        # in a pane of its own above the areas: the boundaries arrive later and would cover the pin
        marker = dl.CircleMarker(
            center=[lat, lon], radius=8, children=dl.Tooltip(company),
            pathOptions={"color": "#ffffff", "weight": 2, "fillColor": "#b3261e", "fillOpacity": 1},
        )  # fmt: skip
        layers.append(dl.Pane(marker, name="company", style={"zIndex": 650}))
    center = [lat, lon] if isinstance(lat, int | float) and isinstance(lon, int | float) else [56.2, 9.6]
    label = {"aria-label": text("area_map_label", lang).format(name=company)}
    shown = sorted(counts.items(), key=lambda kv: (-kv[1], names.get(kv[0], kv[0])))
    pin = (
        [html.Li([html.Span(className="swatch pin"), text("area_map_company", lang).format(name=company)])]
        if isinstance(lat, int | float) and isinstance(lon, int | float)
        else []
    )
    listing = html.Ul(
        pin
        + [
            html.Li(
                [
                    html.Span(className="swatch", style={"background": _shade(n)}),
                    f"{names.get(code, code)}: {_count(n, lang)}",
                ]
            )
            for code, n in shown
        ],
        className="legend-list area-counts",
    )
    return html.Details(
        [
            html.Summary(text("area_map", lang)),
            html.Div(
                [
                    html.Div(
                        dl.Map(layers, center=center, zoom=9, className="pin-map"),
                        role="group",  # the Leaflet map inside is focusable and has buttons
                        **label,  # type: ignore[arg-type]  # Dash passes aria-* through
                    ),
                    html.Div([html.P(text("area_map_hint", lang), className="hint"), listing]),
                ],
                className="area-map",
            ),
        ],
        className="candidate-areas",
    )
