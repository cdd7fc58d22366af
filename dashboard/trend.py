"""The map page's trend: one measure of one area month by month, as a chart and as a table.

Each month's point is that month's last stored snapshot (:meth:`lksmatch.service.Service.stats_trend`),
as published: a count that month's table suppressed keeps its mark (``<5``, ``x``) and is not
drawn as a number - the chart leaves a gap there and marks the month on the axis, and the table
shows the mark - so nothing hidden in one month can be read off the chart either.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from dashboard.components import label
from dashboard.i18n import MONTHS_DA, format_measure, text
from stats.columns import RATIO_COLUMNS

#: The line's colour (the map's darkest class) and the mark of a suppressed month.
LINE, HIDDEN = "#08519c", "#767676"


def month_label(month: str, lang: str = "da") -> str:
    """``2026-11`` -> ``nov. 2026`` (Danish) or ``Nov 2026``."""
    day = dt.date.fromisoformat(f"{month}-01")
    if lang == "en":
        return day.strftime("%b %Y")
    return f"{MONTHS_DA[day.month - 1]} {day.year}"


def _number(measure: str, value: object) -> float | None:
    """The value to draw (a share as a percentage), ``None`` for a suppressed or missing one."""
    if value is None or isinstance(value, str):
        return None
    number = float(value)  # type: ignore[arg-type]
    if number != number:
        return None
    return number * 100 if measure in RATIO_COLUMNS else number


def trend_figure(rows: pd.DataFrame, measure: str, lang: str = "da") -> go.Figure:
    """The line of one area's ``value`` by ``month``; suppressed months are gaps, marked below the axis."""
    labels = [month_label(str(m), lang) for m in rows["month"]]
    values = [_number(measure, v) for v in rows["value"]]
    shown = [format_measure(measure, v) for v in rows["value"]]
    figure = go.Figure(
        go.Scatter(
            x=labels, y=values, mode="lines+markers", connectgaps=False, customdata=shown,
            line={"color": LINE, "width": 3}, marker={"size": 9, "color": LINE},
            hovertemplate="%{x}: %{customdata}<extra></extra>", name=label(measure, lang),
        )
    )  # fmt: skip
    hidden = [label for label, v, raw in zip(labels, values, rows["value"], strict=True) if v is None and raw]
    if hidden:
        figure.add_trace(
            go.Scatter(
                x=hidden, y=[0] * len(hidden), mode="markers", name=text("trend_hidden", lang),
                marker={"symbol": "x-thin", "size": 12, "line": {"width": 2, "color": HIDDEN}},
                hovertemplate="%{x}: " + text("trend_hidden", lang) + "<extra></extra>",
            )
        )  # fmt: skip
    top = max((v for v in values if v is not None), default=0.0)
    figure.update_layout(
        height=230, margin={"l": 48, "r": 12, "t": 12, "b": 40}, showlegend=bool(hidden),
        legend={"orientation": "h", "y": -0.25}, plot_bgcolor="white", paper_bgcolor="white",
        font={"family": "system-ui, sans-serif", "size": 13, "color": "#1b1b1b"},
        separators=",." if lang != "en" else ".,",
    )  # fmt: skip
    figure.update_yaxes(
        rangemode="tozero", range=[0, top * 1.15 or 1], gridcolor="#e3e3e3", zeroline=True,
        zerolinecolor="#bbb", ticksuffix=" %" if measure in RATIO_COLUMNS else "", tickformat=",~r",
    )  # fmt: skip
    figure.update_xaxes(type="category", showgrid=False)
    return figure


def area_trend(trend: pd.DataFrame, area_id: str | None, measure: str, lang: str = "da") -> html.Div | None:
    """The trend of one measure of one area: the chart (from two months on) and the figures as a table."""
    rows = trend[trend["area_id"].astype(str) == str(area_id)] if area_id is not None else trend.iloc[0:0]
    if rows.empty:
        return None
    rows = rows.sort_values("month")
    title = text("trend_title", lang).format(measure=label(measure, lang))
    body = [
        html.Tr([html.Td(month_label(str(m), lang)), html.Td(format_measure(measure, v), className="num")])
        for m, v in zip(rows["month"], rows["value"], strict=True)
    ]
    table = html.Table(
        [
            html.Thead(html.Tr([html.Th(text("trend_month", lang)), html.Th(label(measure, lang))])),
            html.Tbody(body),
        ],
        className="details trend",
    )
    if len(rows) < 2:
        one = [html.H4(title), html.P(text("trend_one", lang), className="hint"), table]
        return html.Div(one, className="trend-box")
    graph = dcc.Graph(
        figure=trend_figure(rows, measure, lang), config={"displayModeBar": False, "responsive": True}
    )
    chart = html.Div(  # for the eye; a screen reader has the same figures in the table below
        graph,
        className="trend-chart",
        **{"aria-hidden": "true"},  # type: ignore[arg-type]  # Dash passes aria-* through
    )
    return html.Div(
        [html.H4(title), chart, html.Details([html.Summary(text("trend_table", lang)), table], open=False)],
        className="trend-box",
    )
