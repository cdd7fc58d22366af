"""Eksport: a planner picks a level, a period and a format and downloads the suppressed area statistics
(a table of periods has a ``period`` column; suppression holds across the periods).
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, dcc, html

from dashboard import components, ids
from dashboard.i18n import language, text
from dashboard.pages.common import Current, Refused, ask
from lksmatch.rules import (
    LEVELS,  # noqa: E402
    STATS_FORMATS,
)

#: The periods a planner can export: today's figures, or one row per area and month (or day).
PERIODS = ("now", "month", "day")
#: The formats that hold several periods (a table; a map shows one period).
HISTORY_FORMATS = ("csv", "xlsx")
#: How a file of periods is named (Danish).
PERIOD_FILE = {"month": "maaned", "day": "dag"}

FORMAT_LABELS = {
    "csv": "CSV",
    "xlsx": "Excel (xlsx)",
    "geojson": "GeoJSON",
    "gpkg": "GeoPackage",
    "html": "HTML-kort",
}


def layout(lang: str = "da") -> html.Div:
    """Level, format and a download button."""
    return html.Div(
        [
            html.P(text("export_intro", lang)),
            html.Div(
                [
                    html.Div(
                        [
                            html.Label(text("level", lang), htmlFor=ids.EKSPORT_LEVEL),
                            dcc.RadioItems(
                                id=ids.EKSPORT_LEVEL,
                                options=[{"label": text(f"level_{lv}", lang), "value": lv} for lv in LEVELS],
                                value="lks",
                            ),
                        ],
                        className="control",
                    ),
                    html.Div(
                        [
                            html.Label(text("export_period", lang), htmlFor=ids.EKSPORT_PERIOD),
                            dcc.RadioItems(
                                id=ids.EKSPORT_PERIOD,
                                options=[
                                    {"label": text(f"export_period_{p}", lang), "value": p} for p in PERIODS
                                ],
                                value="now",
                            ),
                        ],
                        className="control",
                    ),
                    html.Div(
                        [
                            html.Label(text("format", lang), htmlFor=ids.EKSPORT_FORMAT),
                            dcc.RadioItems(
                                id=ids.EKSPORT_FORMAT,
                                options=[
                                    {"label": FORMAT_LABELS.get(f, f), "value": f} for f in STATS_FORMATS
                                ],
                                value="csv",
                            ),
                        ],
                        className="control",
                    ),
                ],
                className="controls top",
            ),
            html.P(text("export_period_hint", lang), className="hint"),
            html.Button(text("download", lang), id=ids.EKSPORT_BUTTON, n_clicks=0, className="primary"),
            html.Div(id=ids.EKSPORT_MESSAGE),
            dcc.Download(id=ids.EKSPORT_DOWNLOAD),
        ]
    )


def register(app: Dash, current: Current) -> None:
    """The download callback: the service writes the file, the browser receives its bytes."""

    @app.callback(
        Output(ids.EKSPORT_DOWNLOAD, "data"),
        Output(ids.EKSPORT_MESSAGE, "children"),
        Input(ids.EKSPORT_BUTTON, "n_clicks"),
        State(ids.EKSPORT_LEVEL, "value"),
        State(ids.EKSPORT_PERIOD, "value"),
        State(ids.EKSPORT_FORMAT, "value"),
        State(ids.SHELL_LANG, "value"),
        prevent_initial_call=True,
    )
    def download(_: int, level: str, period: str, fmt: str, lang: str | None) -> tuple:
        lang = language(lang)
        if level not in LEVELS or fmt not in STATS_FORMATS or period not in PERIODS:  # forged
            return None, components.notice(text("not_found", lang))
        if period != "now" and fmt not in HISTORY_FORMATS:  # a map has one period: say so, not an error
            return None, components.notice(text("export_period_tables", lang))
        history = None if period == "now" else period
        data = ask(current, lambda s: s.export_stats_bytes(str(level), str(fmt), history=history), lang)
        if isinstance(data, Refused):
            return None, components.notice(data.message)
        name = f"lksmatch-{level}" + ("" if history is None else f"-pr-{PERIOD_FILE[history]}")
        return dcc.send_bytes(data, f"{name}.{fmt}"), None
