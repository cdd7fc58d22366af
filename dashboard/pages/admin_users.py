"""Administration: the users page (admin only)."""

from __future__ import annotations

from dash import Dash, html

from dashboard.pages.common import Current


def layout(lang: str = "da") -> html.Div:
    """The page."""
    return html.Div()


def register(app: Dash, current: Current) -> None:
    """The page's callbacks."""
