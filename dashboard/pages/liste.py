"""Fælles liste: the LKS shortlist - one capacity-respecting allocation over all open hire needs.

A person is suggested for at most one need, a need gets at most its ``count`` people, course
seats are respected (``lksmatch match --lks ID --assign``). It is a suggestion, never a decision:
the jobcentre takes a pair with one click, which records the decision ``contacted`` (the first
step of the follow-up, with the reason that it came from the list). Only the jobcentre (and an
admin) sees the page's persons; the service refuses everyone else.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update
from dash.development.base_component import Component

from dashboard import components, ids
from dashboard.i18n import format_number, language, text
from dashboard.pages.common import Current, Refused, ask, lks_choice

#: Candidates considered per need before the allocation.
TOP = 20
#: The decision a pair taken from the list records, and why.
TAKEN = "contacted"
TAKEN_REASON = "Forslag fra LKS-listen"
_ID = "shortlist"


def layout(lang: str = "da") -> html.Div:
    """The LKS (an admin picks), the button that computes the list, the list and its messages."""
    return html.Div(
        [
            dcc.Store(id=f"{_ID}-init", data=0),
            html.H2(text("shortlist_title", lang)),
            html.P(text("shortlist_intro", lang), className="hint"),
            html.Div(
                [
                    html.Div(
                        [
                            html.Label(text("lks", lang), htmlFor=f"{_ID}-lks"),
                            dcc.Dropdown(id=f"{_ID}-lks", clearable=False),
                        ],
                        className="control",
                        id=f"{_ID}-lks-box",
                    ),
                    html.Button(
                        text("shortlist_compute", lang), id=f"{_ID}-compute", n_clicks=0, className="primary"
                    ),
                ],
                className="controls",
            ),
            html.Div(id=f"{_ID}-status", role="status"),
            dcc.Loading(html.Div(id=f"{_ID}-table")),
        ]
    )


def shortlist_table(frame: pd.DataFrame, needs: pd.DataFrame, lang: str = "da") -> Component:
    """One row per suggested pair: the need (title, company), the person, score, why, what is missing."""
    if frame.empty:
        return html.P(text("no_candidates", lang), className="notice")
    titles = {
        str(r["need_id"]): (
            str(r.get("title") or r.get("occupation") or ""),
            str(r.get("company_name") or ""),
        )
        for r in needs.to_dict("records")
    }
    head = html.Tr(
        [
            html.Th(text(k, lang), scope="col")
            for k in ("need", "company", "person", "score", "explanation", "missing_skills")
        ]
        + [html.Th(html.Span(text("actions", lang), className="sr-only"), scope="col")]
    )
    rows = []
    for r in frame.to_dict("records"):
        need_id, person = str(r["need_id"]), str(r["person_id"])
        title, company = titles.get(need_id, (need_id, ""))
        rows.append(
            html.Tr(
                [
                    html.Td([html.Div(title), html.Div(need_id, className="hint")]),
                    html.Td(company),
                    html.Td(person),
                    html.Td(format_number(r.get("score"), 2), className="num"),
                    html.Td(str(r.get("explanation") or "")),
                    html.Td(str(r.get("missing_skills") or "")),
                    html.Td(
                        html.Button(
                            text("shortlist_take", lang),
                            className="secondary",
                            id={"type": f"{_ID}-take", "index": f"{need_id}|{person}"},
                        )
                    ),
                ]
            )
        )
    return html.Div(html.Table([html.Thead(head), html.Tbody(rows)], className="candidates shortlist"))


def register(app: Dash, current: Current) -> None:
    """The page's callbacks: the LKS, computing the list, taking a pair."""

    @app.callback(
        Output(f"{_ID}-lks", "options"),
        Output(f"{_ID}-lks", "value"),
        Output(f"{_ID}-lks-box", "hidden"),
        Input(f"{_ID}-init", "data"),
    )
    def show_lks(_: object) -> tuple:
        return lks_choice(current)

    @app.callback(
        Output(f"{_ID}-table", "children"),
        Input(f"{_ID}-compute", "n_clicks"),
        State(f"{_ID}-lks", "value"),
        State(ids.SHELL_LANG, "value"),
        prevent_initial_call=True,
    )
    def compute(_: int, lks_id: str | None, lang: str | None) -> Any:
        lang = language(lang)
        found = ask(
            current,
            lambda s: (s.shortlist(str(lks_id or "") or None, TOP), s.needs(str(lks_id or "") or None)),
            lang,
        )
        if isinstance(found, Refused):
            return components.notice(found.message)
        frame, needs = found
        return shortlist_table(frame, needs, lang)

    @app.callback(
        Output(f"{_ID}-status", "children"),
        Input({"type": f"{_ID}-take", "index": ALL}, "n_clicks"),
        State(ids.SHELL_LANG, "value"),
        prevent_initial_call=True,
    )
    def take(_clicks: list[int | None], lang: str | None) -> Any:
        lang = language(lang)
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not any(t.get("value") for t in ctx.triggered):
            return no_update
        need_id, _bar, person = str(trigger.get("index", "")).partition("|")
        done = ask(current, lambda s: s.record_decision(need_id, person, TAKEN, TAKEN_REASON), lang)
        if isinstance(done, Refused):
            return components.notice(done.message)
        return components.notice(text("shortlist_taken", lang).format(person=person, need=need_id), ok=True)
