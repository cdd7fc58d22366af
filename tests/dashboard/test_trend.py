"""The map page's trend: a suppressed month is a gap in the line and keeps its mark in the table."""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import dcc, html

from dashboard import trend
from dashboard.i18n import text


def _rows(values: list[object], measure_months: int | None = None) -> pd.DataFrame:
    months = [f"2026-{m:02d}" for m in range(7, 7 + len(values))]
    return pd.DataFrame(
        {"month": months, "stats_date": months, "area_id": "aarhus", "area_name": "Aarhus", "value": values}
    )


def _walk(node: Any) -> list[Any]:
    found = [node]
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list) else [children] if children is not None else []:
        found.extend(_walk(child))
    return found


def _texts(node: Any) -> list[str]:
    return [str(n) for n in _walk(node) if isinstance(n, str | int)]


def test_a_suppressed_month_is_a_gap_marked_on_the_axis() -> None:
    figure = trend.trend_figure(_rows([300, "<5", 310, "x"]), "needs_open")
    line, hidden = figure.data
    assert list(line.y) == [300, None, 310, None]
    assert list(line.x) == ["jul. 2026", "aug. 2026", "sep. 2026", "okt. 2026"]
    assert list(line.customdata) == ["300", "<5", "310", "x"]  # the hover says what the table says
    assert list(hidden.x) == ["aug. 2026", "okt. 2026"] and list(hidden.y) == [0, 0]
    assert figure.layout.showlegend is True


def test_a_share_is_drawn_as_a_percentage_and_nothing_hidden_has_no_legend() -> None:
    figure = trend.trend_figure(_rows([0.5, 0.25]), "coverage_rate", "en")
    assert list(figure.data[0].y) == [50.0, 25.0] and len(figure.data) == 1
    assert figure.layout.yaxis.ticksuffix == " %" and list(figure.data[0].x) == ["Jul 2026", "Aug 2026"]
    assert figure.layout.showlegend is False


def test_the_area_trend_is_a_chart_with_its_figures_or_says_one_month_is_all() -> None:
    box = trend.area_trend(_rows([300, "<5", 310]), "aarhus", "needs_open")
    assert box is not None
    nodes = _walk(box)
    assert sum(isinstance(n, dcc.Graph) for n in nodes) == 1
    table = next(n for n in nodes if isinstance(n, html.Table))
    assert _texts(table)[-6:] == ["jul. 2026", "300", "aug. 2026", "<5", "sep. 2026", "310"]
    assert "Åbne behov pr. måned" in _texts(box)
    one = trend.area_trend(_rows([300]), "aarhus", "needs_open")
    assert one is not None and not any(isinstance(n, dcc.Graph) for n in _walk(one))
    assert text("trend_one") in _texts(one)
    assert trend.area_trend(_rows([300]), "viborg", "needs_open") is None
