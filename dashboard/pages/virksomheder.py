"""Virksomheder: the companies of an LKS (searchable) and the follow-ups that are due.

Every system of an LKS team sees this page for its own LKS (an ``admin`` picks any LKS);
the service refuses anything else.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, dcc, html

from dashboard import components, ids, workspace_view
from dashboard.i18n import format_number, language, text
from dashboard.pages.common import Current, Refused, ask, lks_choice

#: Companies per page of the table.
PAGE_SIZE = 25
#: Follow-ups listed beside the table (the rest are counted).
FOLLOW_UPS_SHOWN = 10
#: How the table can be sorted: key -> (columns, ascending).
SORTS: dict[str, tuple[list[str], list[bool]]] = {
    "name": (["name", "cvr"], [True, True]),
    "needs_open": (["needs_open", "name"], [False, True]),
    "last_visit": (["last_visit", "name"], [False, True]),
}


def layout(lang: str = "da") -> html.Div:
    """Search, the company table and the follow-ups."""
    return html.Div(
        [
            dcc.Store(id=ids.COMPANIES_INIT, data=0),
            dcc.Store(id=ids.COMPANIES_PAGE, data=0),
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
                    html.Div(
                        [
                            html.Span(
                                text("sort_by", lang), className="label", id=f"{ids.COMPANIES_SORT}-label"
                            ),
                            dcc.RadioItems(
                                id=ids.COMPANIES_SORT,
                                options=[{"label": text(k, lang), "value": k} for k in SORTS],
                                value="name",
                                inline=True,
                                className="radios",
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
                            html.Div(
                                [
                                    html.Button(text("previous", lang), id=ids.COMPANIES_PREV, n_clicks=0),
                                    html.Button(text("next", lang), id=ids.COMPANIES_NEXT, n_clicks=0),
                                ],
                                className="pager",
                            ),
                        ],
                        className="main-col",
                    ),
                    html.Aside(
                        [
                            html.H3(text("waiting", lang)),
                            html.Div(id=ids.COMPANIES_WAITING),
                            html.H3(text("follow_ups", lang)),
                            html.Div(id=ids.COMPANIES_FOLLOW_UPS),
                        ],
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
        return lks_choice(current)

    @app.callback(
        Output(ids.COMPANIES_PAGE, "data"),
        Input(ids.COMPANIES_SEARCH, "value"),
        Input(ids.COMPANIES_ONLY_OPEN, "value"),
        Input(ids.COMPANIES_SORT, "value"),
        Input(ids.COMPANIES_PREV, "n_clicks"),
        Input(ids.COMPANIES_NEXT, "n_clicks"),
        State(ids.COMPANIES_PAGE, "data"),
    )
    def turn_page(_search: object, _only: object, _sort: object, _p: object, _n: object, page: object) -> int:
        at = page if isinstance(page, int) and page >= 0 else 0
        if ctx.triggered_id == ids.COMPANIES_NEXT:
            return at + 1
        if ctx.triggered_id == ids.COMPANIES_PREV:
            return max(at - 1, 0)
        return 0  # a new search, filter or order starts at the first page

    @app.callback(
        Output(ids.COMPANIES_TABLE, "children"),
        Output(ids.COMPANIES_COUNT, "children"),
        Output(ids.COMPANIES_FOLLOW_UPS, "children"),
        Output(ids.COMPANIES_WAITING, "children"),
        Output(ids.COMPANIES_HEADING, "children"),
        Output(ids.COMPANIES_MESSAGE, "children"),
        Output(ids.COMPANIES_PREV, "disabled"),
        Output(ids.COMPANIES_NEXT, "disabled"),
        Input(ids.COMPANIES_LKS, "value"),
        Input(ids.COMPANIES_PAGE, "data"),
        State(ids.COMPANIES_SEARCH, "value"),
        State(ids.COMPANIES_ONLY_OPEN, "value"),
        State(ids.COMPANIES_SORT, "value"),
        State(ids.SHELL_LANG, "value"),
    )
    def show_companies(
        lks_id: str | None,
        page: object,
        query: str | None,
        only: list[str] | None,
        sort: str | None,
        lang: str | None,
    ) -> tuple:
        lang = language(lang)
        if not lks_id:
            return None, None, None, None, text("nav_virksomheder", lang), None, True, True
        found = ask(
            current,
            lambda s: (
                s.companies(str(lks_id), query=str(query or "") or None),
                s.follow_ups(str(lks_id)),
                s.lks_name(str(lks_id)),
                s.waiting(str(lks_id)),
            ),
            lang,
        )
        if isinstance(found, Refused):
            return (
                None,
                None,
                None,
                None,
                text("nav_virksomheder", lang),
                components.notice(found.message),
                True,
                True,
            )
        companies, follow, lks_name, waiting = found
        if only and "open" in only:
            companies = companies[companies["needs_open"] > 0]
        columns, ascending = SORTS.get(str(sort), SORTS["name"])
        companies = companies.sort_values(columns, ascending=ascending, na_position="last")
        pages = max((len(companies) - 1) // PAGE_SIZE + 1, 1)
        at = min(page if isinstance(page, int) and page >= 0 else 0, pages - 1)
        shown = companies.iloc[at * PAGE_SIZE : (at + 1) * PAGE_SIZE]
        n = format_number(len(companies))
        count = (
            text("showing", lang).format(first=at * PAGE_SIZE + 1, last=at * PAGE_SIZE + len(shown), n=n)
            if len(companies)
            else text("n_companies", lang).format(n=n)
        )
        return (
            workspace_view.companies_table(shown, lang),
            count,
            workspace_view.follow_ups_list(follow, lang, limit=FOLLOW_UPS_SHOWN),
            workspace_view.waiting_list(
                waiting, lang, limit=FOLLOW_UPS_SHOWN, match_href=app.get_relative_path("/match")
            ),
            text("companies_of", lang).format(lks=lks_name),
            None,
            at == 0,
            at >= pages - 1,
        )
