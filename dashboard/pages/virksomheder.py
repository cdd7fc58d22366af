"""Virksomheder: the companies of an LKS (searchable) and the follow-ups that are due.

Every system of an LKS team sees this page for its own LKS (an ``admin`` picks any LKS);
the service refuses anything else.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, dcc, html

from dashboard import components, ids, workspace_view
from dashboard.i18n import format_number, language, text
from dashboard.pages.common import Current, Refused, ask

#: The most companies one table shows (a search narrows it).
MAX_ROWS = 200


def layout(lang: str = "da") -> html.Div:
    """Search, the company table and the follow-ups."""
    return html.Div(
        [
            dcc.Store(id=ids.COMPANIES_INIT, data=0),
            html.H2(text("nav_virksomheder", lang), id=ids.COMPANIES_HEADING),
            html.Div(
                [
                    html.Div(
                        [
                            html.Label(text("lks", lang), htmlFor=ids.COMPANIES_LKS),
                            dcc.Dropdown(id=ids.COMPANIES_LKS, clearable=False),
                        ],
                        className="control",
                        id=f"{ids.COMPANIES_LKS}-box",
                    ),
                    html.Div(
                        [
                            html.Label(text("search", lang), htmlFor=ids.COMPANIES_SEARCH),
                            dcc.Input(
                                id=ids.COMPANIES_SEARCH,
                                type="search",
                                debounce=0.3,
                                autoComplete="off",
                                className="wide",
                            ),
                        ],
                        className="control",
                    ),
                    dcc.Checklist(
                        id=ids.COMPANIES_ONLY_OPEN,
                        value=[],
                        options=[{"label": text("only_open", lang), "value": "open"}],
                        className="checks",
                    ),
                ],
                className="controls",
            ),
            html.Div(id=ids.COMPANIES_MESSAGE),
            html.Div(
                [
                    html.Div(
                        [
                            html.P(id=ids.COMPANIES_COUNT, role="status", className="hint"),
                            dcc.Loading(html.Div(id=ids.COMPANIES_TABLE)),
                        ],
                        className="main-col",
                    ),
                    html.Aside(
                        [html.H3(text("follow_ups", lang)), html.Div(id=ids.COMPANIES_FOLLOW_UPS)],
                        className="side-col",
                    ),
                ],
                className="two-cols",
            ),
        ]
    )


def register(app: Dash, current: Current) -> None:
    """The page's callbacks, one service method each."""

    @app.callback(
        Output(ids.COMPANIES_LKS, "options"),
        Output(ids.COMPANIES_LKS, "value"),
        Output(f"{ids.COMPANIES_LKS}-box", "hidden"),
        Input(ids.COMPANIES_INIT, "data"),
    )
    def show_lks(_: object) -> tuple:
        areas = ask(current, lambda service: (service.areas(), service.principal.lks_id))
        if isinstance(areas, Refused):
            return [], None, True
        table, own = areas
        options = components.lks_options(table)
        if own:
            return [o for o in options if o["value"] == own], own, True
        return options, options[0]["value"] if options else None, False

    @app.callback(
        Output(ids.COMPANIES_TABLE, "children"),
        Output(ids.COMPANIES_COUNT, "children"),
        Output(ids.COMPANIES_FOLLOW_UPS, "children"),
        Output(ids.COMPANIES_HEADING, "children"),
        Output(ids.COMPANIES_MESSAGE, "children"),
        Input(ids.COMPANIES_LKS, "value"),
        Input(ids.COMPANIES_SEARCH, "value"),
        Input(ids.COMPANIES_ONLY_OPEN, "value"),
        State(ids.SHELL_LANG, "value"),
    )
    def show_companies(
        lks_id: str | None, query: str | None, only: list[str] | None, lang: str | None
    ) -> tuple:
        lang = language(lang)
        if not lks_id:
            return None, None, None, text("nav_virksomheder", lang), None
        found = ask(
            current,
            lambda s: (
                s.companies(str(lks_id), query=str(query or "") or None),
                s.follow_ups(str(lks_id)),
                s.lks_name(str(lks_id)),
            ),
            lang,
        )
        if isinstance(found, Refused):
            return None, None, None, text("nav_virksomheder", lang), components.notice(found.message)
        companies, follow, lks_name = found
        if only and "open" in only:
            companies = companies[companies["needs_open"] > 0]
        count = text("n_companies", lang).format(n=format_number(len(companies)))
        return (
            workspace_view.companies_table(companies.head(MAX_ROWS), lang),
            count,
            workspace_view.follow_ups_list(follow, lang),
            text("companies_of", lang).format(lks=lks_name),
            None,
        )
