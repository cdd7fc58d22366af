"""Administration: the fairness report (admin only), ``lksmatch audit fairness`` as a page.

Selection rates by gender and age band (:mod:`matching.fairness`), each group's ratio to the
highest group of its attribute drawn with its (Bonferroni-adjusted) 95 % interval as an error
bar beside the four-fifths line at 0.8, the symbol of each point saying its reading (not the
colour alone); the verdict and the findings read as the CLI reads them
(:func:`lksmatch.modelcard.fairness_verdict`); and the whole report as a table, which is
also the plot's text alternative. The model card links here (:data:`FAIRNESS_PATH`).
"""

from __future__ import annotations

import math
from typing import Any

import plotly.graph_objects as go
from dash import Dash, Input, Output, State, dcc, html

from dashboard import components, ids
from dashboard.i18n import TEXTS, format_number, language, text
from dashboard.pages.common import Current, Refused, ask
from lksmatch.access import records

#: The section's name under ``/admin`` (the key of ``dashboard.pages.admin.SECTIONS``).
SECTION = "retfaerdighed"
#: The page's path.
FAIRNESS_PATH = f"/admin/{SECTION}"
#: The model card's path (the way back).
MODEL_PATH = "/admin/model"

MESSAGE = "admin-fairness-message"
VERDICT = "admin-fairness-verdict"
PLOT_BOX = "admin-fairness-plot-box"
PLOT = "admin-fairness-plot"
TABLE = "admin-fairness-table"
BACK = "admin-fairness-back"
LOAD = "admin-fairness-load"

#: The plot's symbol of each reading (the legend names them; colour is not the only cue).
SYMBOLS = {"below": "x", "unclear": "circle-open", "not_below": "circle", "reference": "diamond"}
COLOURS = {"below": "#a12622", "unclear": "#8a4b00", "not_below": "#1b5e20", "reference": "#0b4f6c"}
FOUR_FIFTHS = 0.8


def _number(value: object, decimals: int) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return format_number(float(value), decimals)  # type: ignore[arg-type]


def attribute_label(attribute: str, lang: str = "da") -> str:
    """``gender`` / ``age_band`` as the page names them."""
    key = f"model_attribute_{attribute}"
    return text(key, lang) if key in TEXTS else attribute


def group_label(attribute: str, group: str, lang: str = "da") -> str:
    """A group as the page names it: ``kvinde``, ``18-29 år``, ``ukendt``; any other value as it is."""
    key = f"model_group_{group}"
    if key in TEXTS:
        return text(key, lang)
    if attribute == "age_band":
        return text("model_group_years", lang).format(band=group)
    return group


def _ratio(row: dict[str, Any]) -> dict[str, str]:
    return {
        "ratio": _number(row.get("ratio_to_best"), 2),
        "low": _number(row.get("ratio_low"), 2),
        "high": _number(row.get("ratio_high"), 2),
    }


def _where(row: dict[str, Any], lang: str) -> str:
    return f"{attribute_label(row['attribute'], lang)} = {group_label(row['attribute'], row['group'], lang)}"


def _reading(row: dict[str, Any], lang: str) -> str:
    """A group's reading in the table: its evidence, else why it was not judged."""
    if row.get("evidence"):
        return text(f"model_evidence_{row['evidence']}", lang)
    if row.get("note") in ("too_few", "unknown"):
        return text(f"model_note_{row['note']}", lang)
    return ""


def verdict_view(found: dict[str, Any], lang: str = "da") -> html.Div:
    """The verdict in words and, under it, every flagged or unclear group read as the CLI reads it."""
    findings = [
        html.Li(text(f"model_reading_{f['reading']}", lang).format(where=_where(f, lang), **_ratio(f)))
        for f in found.get("findings", [])
    ]
    parts: list[Any] = [
        html.P(
            html.Strong(text(f"model_verdict_{found['verdict']}", lang)),
            className=f"verdict verdict-{found['verdict']}",
        )
    ]
    if findings:
        parts.append(html.Ul(findings, className="findings"))
    if found.get("age_date"):
        parts.append(
            html.P(
                text("model_fairness_age_date", lang).format(year=str(found["age_date"])[:4]),
                className="hint",
            )
        )
    return html.Div(parts)


def fairness_figure(groups: list[dict[str, Any]], lang: str = "da") -> go.Figure:
    """Each judged group's ratio to the highest with its interval as error bars; the line at 0.8.

    One trace per reading (its own symbol and legend entry); groups that could not be judged
    (too few, unknown) have no ratio and are only in the table.
    """
    figure = go.Figure()
    shown = [g for g in groups if g.get("ratio_to_best") is not None and g.get("evidence")]
    labels = [
        f"{attribute_label(g['attribute'], lang)}: {group_label(g['attribute'], g['group'], lang)}"
        for g in shown
    ]
    for evidence, symbol in SYMBOLS.items():
        rows = [(label, g) for label, g in zip(labels, shown, strict=True) if g["evidence"] == evidence]
        if not rows:
            continue
        ratio = [float(g["ratio_to_best"]) for _, g in rows]
        high = [
            float(g["ratio_high"]) - r if g.get("ratio_high") is not None else 0.0
            for (_, g), r in zip(rows, ratio, strict=True)
        ]
        low = [
            r - float(g["ratio_low"]) if g.get("ratio_low") is not None else 0.0
            for (_, g), r in zip(rows, ratio, strict=True)
        ]
        figure.add_trace(
            go.Scatter(
                x=ratio,
                y=[label for label, _ in rows],
                mode="markers",
                name=text(f"model_evidence_{evidence}", lang),
                marker={"symbol": symbol, "size": 12, "color": COLOURS[evidence], "line": {"width": 2}},
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": high,
                    "arrayminus": low,
                    "color": COLOURS[evidence],
                    "thickness": 2,
                },
                hovertemplate="%{y}: %{x:.2f}<extra></extra>",
            )
        )
    top = max([float(g["ratio_high"]) for g in shown if g.get("ratio_high") is not None] + [1.2])
    figure.add_vline(
        x=FOUR_FIFTHS,
        line_dash="dash",
        line_color="#333",
        annotation_text=text("model_four_fifths", lang),
        annotation_position="top",
    )
    figure.update_layout(
        height=max(260, 60 + 42 * len(labels)),
        margin={"l": 10, "r": 10, "t": 40, "b": 50},
        separators=",." if lang == "da" else ".,",
        plot_bgcolor="#fff",
        paper_bgcolor="#fff",
        xaxis={
            "title": {"text": text("model_fairness_plot", lang)},
            "range": [0, top * 1.05],
            "gridcolor": "#e4e4e4",
            "zeroline": False,
        },
        yaxis={"categoryorder": "array", "categoryarray": labels[::-1], "automargin": True},
        legend={"orientation": "h", "y": -0.25},
    )
    return figure


def fairness_table(groups: list[dict[str, Any]], lang: str = "da") -> html.Div:
    """The whole report, one row per group (also the plot's text alternative)."""
    heads = [
        "model_attribute",
        "model_group",
        "model_persons",
        "model_selected",
        "model_rate",
        "model_ratio",
        "model_interval",
        "model_p_value",
        "model_flagged",
        "model_evidence",
    ]
    rows = []
    for g in groups:
        rate = g.get("rate")
        ratio = _ratio(g)
        rows.append(
            html.Tr(
                [
                    html.Td(attribute_label(g["attribute"], lang)),
                    html.Td(group_label(g["attribute"], g["group"], lang)),
                    html.Td(_number(g.get("n"), 0), className="num"),
                    html.Td(_number(g.get("selected"), 0), className="num"),
                    html.Td(f"{_number(rate * 100, 1)} %" if rate is not None else "", className="num"),
                    html.Td(ratio["ratio"], className="num"),
                    html.Td(f"{ratio['low']}–{ratio['high']}" if ratio["low"] else "", className="num"),
                    html.Td(_number(g.get("p_value"), 3), className="num"),
                    html.Td(text("model_yes" if g.get("flagged") else "model_no", lang)),
                    html.Td(_reading(g, lang)),
                ]
            )
        )
    table = html.Table(
        [
            html.Caption(text("model_fairness_table", lang)),
            html.Thead(html.Tr([html.Th(text(h, lang), scope="col") for h in heads])),
            html.Tbody(rows),
        ],
        className="details fairness",
    )
    return html.Div(
        table,
        className="scroll",
        tabIndex="0",
        role="region",
        **{"aria-label": text("model_fairness_table", lang)},  # type: ignore[arg-type]
    )


def layout(lang: str = "da") -> html.Div:
    """The page: the verdict, the plot, the table (filled by the callback)."""
    return html.Div(
        [
            html.H2(text("model_fairness_title", lang)),
            html.P(text("model_fairness_intro", lang)),
            dcc.Link(text("model_back_to_card", lang), href=MODEL_PATH, id=BACK),
            html.Div(id=MESSAGE),
            html.H3(text("model_fairness_verdict", lang)),
            html.Div(id=VERDICT),
            html.Div(id=PLOT_BOX),
            html.Div(id=TABLE),
            dcc.Store(id=LOAD, data=0),
        ],
        className="admin-fairness",
    )


def register(app: Dash, current: Current) -> None:
    """The page's callback: the report, asked for when the page opens."""

    @app.callback(
        Output(VERDICT, "children"),
        Output(PLOT_BOX, "children"),
        Output(TABLE, "children"),
        Output(MESSAGE, "children"),
        Output(BACK, "href"),
        Input(LOAD, "data"),
        State(ids.SHELL_LANG, "value"),
    )
    def show(_: object, lang: str | None) -> tuple:
        lang = language(lang)
        back = app.get_relative_path(MODEL_PATH)
        found = ask(current, lambda s: s.fairness(), lang)
        if isinstance(found, Refused):
            return None, None, None, components.notice(found.message), back
        groups = records(found["groups"])
        if not groups:
            return None, None, None, components.notice(text("model_fairness_none", lang)), back
        plot = html.Figure(
            [
                dcc.Graph(id=PLOT, figure=fairness_figure(groups, lang), config={"displayModeBar": False}),
                html.Figcaption(text("model_fairness_plot_caption", lang)),
            ],
            className="plot",
        )
        return verdict_view(found, lang), plot, fairness_table(groups, lang), None, back
