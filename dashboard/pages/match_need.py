"""The Match page's need: its panel, the courses of an upskill need (and enrolling staff), the
outcome form and the need's history (decisions and outcomes with who, when, what, why).

Every system of the LKS sees the panel, the courses and the history (the jobcentre with the
pseudonyms, the others without); the outcome form is the jobcentre's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from dash import Dash, Input, Output, State, dcc, html, no_update
from dash.development.base_component import Component

from dashboard import components, ids, workspace_view
from dashboard.i18n import format_date, format_moment, format_number, language, text
from dashboard.pages.common import Current, Refused, ask, ask_form
from dashboard.workspace_view import field
from lksmatch.errors import ValidationError
from lksmatch.rules import RECORDED_OUTCOMES

#: Courses shown for an upskill need.
COURSES = 5


def _t(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def layout(lang: str = "da") -> dict[str, html.Div]:
    """The page's parts: ``panel`` (the need), ``courses`` (with the enrolment form) and ``side``
    (the outcome form and the history).
    """
    enrol = html.Div(
        [
            html.H4(text("enrol", lang)),
            field(
                text("course", lang),
                dcc.RadioItems(id=ids.MATCH_ENROL_OFFER, options=[], className="radios"),
                ids.MATCH_ENROL_OFFER,
            ),
            field(
                text("staff", lang),
                dcc.Input(id=ids.MATCH_ENROL_STAFF, type="number", min=1, step=1, value=1),
                ids.MATCH_ENROL_STAFF,
            ),
            html.Div(
                field(
                    text("agreement_signed", lang),
                    dcc.RadioItems(
                        id=ids.MATCH_ENROL_AGREEMENT,
                        options=[
                            {"label": text("yes", lang), "value": "yes"},
                            {"label": text("no", lang), "value": "no"},
                        ],
                        inline=True,
                        className="radios",
                    ),
                    ids.MATCH_ENROL_AGREEMENT,
                ),
                id=ids.MATCH_ENROL_AGREEMENT_BOX,
                hidden=True,
            ),
            html.Button(
                text("save_enrolment", lang), id=ids.MATCH_ENROL_SAVE, n_clicks=0, className="primary"
            ),
            html.Div(id=ids.MATCH_ENROL_STATUS, role="status"),
        ],
        id=ids.MATCH_ENROL_BOX,
        hidden=True,
        className="form-card",
    )
    outcome = html.Div(
        [
            html.H4(text("record_outcome", lang)),
            html.P(text("outcome_for_chosen", lang), className="hint"),
            dcc.RadioItems(
                id=ids.MATCH_OUTCOME,
                options=[{"label": text(o, lang), "value": o} for o in RECORDED_OUTCOMES],
                inline=True,
                className="radios",
            ),
            html.Button(
                text("save_outcome", lang), id=ids.MATCH_OUTCOME_SAVE, n_clicks=0, className="secondary"
            ),
            html.Div(id=ids.MATCH_OUTCOME_STATUS, role="status"),
        ],
        id=ids.MATCH_OUTCOME_BOX,
        hidden=True,
    )
    return {
        "panel": html.Div([dcc.Store(id=ids.MATCH_REFRESH, data=0), html.Div(id=ids.MATCH_NEED_PANEL)]),
        "courses": html.Div([html.Div(id=ids.MATCH_COURSES), enrol]),
        "side": html.Div([outcome, html.H3(text("history", lang)), html.Div(id=ids.MATCH_HISTORY)]),
    }


def need_panel(need: Mapping[str, Any], lang: str = "da") -> Component:
    """Title, occupation (ESCO label, ISCO group), skills, count, deadline, kind, programme, visit, status."""
    occupation = _t(need.get("occupation_label")) or _t(need.get("occupation"))
    if _t(need.get("isco_code")):
        occupation += f" (ISCO {need['isco_code']})"
    visit = need.get("visit")
    from_visit = (
        (
            f"{format_date(_t(visit['date']))} — "
            + ", ".join(text(s, lang) for s in _t(visit["systems"]).split(";") if s)
        )
        if visit
        else text("no_visit", lang)
    )
    status = workspace_view.status_key(need)
    pairs = [
        ("company", _t(need.get("company_name"))),
        ("occupation", occupation),
        ("skills_asked", ", ".join(s for s in _t(need.get("skills")).split(";") if s) or "–"),
        ("count", format_number(need.get("count"))),
        ("deadline", format_date(_t(need.get("deadline")) or None) or "–"),
        ("need_kind", text(_t(need.get("kind")) or "hire", lang)),
        (
            "project",
            text(_t(need["project"]), lang) if _t(need.get("project")) else text("project_none", lang),
        ),
        ("from_visit", from_visit),
        ("status", text(status, lang)),
    ]
    items: list[Component] = []
    for key, value in pairs:
        items += [html.Dt(text(key, lang)), html.Dd(value)]
    title = _t(need.get("title")) or occupation
    return html.Section(
        [
            html.H3(f"{title} ({need['need_id']})"),
            html.Dl(items, className="profile wide"),
            dcc.Link(text("edit_on_company", lang), href=workspace_view.company_href(need.get("cvr"))),
        ],
        className="need-panel",
    )


def courses_table(offers: pd.DataFrame, lang: str = "da") -> Component:
    """The courses of an upskill need: provider, title, what it teaches, distance, start, seats left."""
    if offers.empty:
        return html.P(text("no_courses", lang), className="notice")
    head = html.Tr(
        [
            html.Th(text(k, lang), scope="col")
            for k in ("provider", "course", "teaches", "distance", "start", "seats_left")
        ]
    )
    rows = [
        html.Tr(
            [
                html.Td(_t(r.get("provider"))),
                html.Td(_t(r.get("title"))),
                html.Td(", ".join(s for s in _t(r.get("teaches")).replace(";", ",").split(",") if s.strip())),
                html.Td(f"{format_number(r.get('distance_km'), 1)} km", className="num"),
                html.Td(format_date(_t(r.get("start_date")) or None)),
                html.Td(format_number(r.get("seats_left")), className="num"),
            ]
        )
        for r in offers.to_dict("records")
    ]
    return html.Div(
        [
            html.H3(text("courses", lang)),
            html.Table([html.Thead(head), html.Tbody(rows)], className="candidates courses"),
        ]
    )


def history_table(history: pd.DataFrame, lang: str = "da") -> Component:
    """Who did what, when and why: decisions and outcomes, newest first."""
    if history.empty:
        return html.P(text("no_history", lang), className="hint")
    with_person = "person_id" in history.columns
    keys = ["when", "who", *(["person"] if with_person else []), "what", "why"]
    head = html.Tr([html.Th(text(k, lang), scope="col") for k in keys])
    rows = []
    for r in history.iloc[::-1].to_dict("records"):
        when = format_moment(r["at"]) if r.get("at") is not None else ""
        what = (
            text(_t(r["state"]), lang)
            if _t(r["state"])
            in ("contacted", "interview", "accepted", "rejected", "withdrawn", *RECORDED_OUTCOMES)
            else _t(r["state"])
        )
        cells = [html.Td(when), html.Td(_t(r.get("username")) or "import")]
        if with_person:
            cells.append(html.Td(_t(r.get("person_id"))))
        cells += [html.Td(what), html.Td(_t(r.get("reason")))]
        rows.append(html.Tr(cells, className=f"history {r['kind']}"))
    return html.Table([html.Thead(head), html.Tbody(rows)], className="candidates history")


def register(app: Dash, current: Current) -> None:
    """The callbacks of the need's panel, courses, enrolment, outcome and history."""

    @app.callback(
        Output(ids.MATCH_NEED_PANEL, "children"),
        Output(ids.MATCH_COURSES, "children"),
        Output(ids.MATCH_ENROL_OFFER, "options"),
        Output(ids.MATCH_ENROL_BOX, "hidden"),
        Output(ids.MATCH_ENROL_AGREEMENT_BOX, "hidden"),
        Output(ids.MATCH_OUTCOME_BOX, "hidden"),
        Output(ids.MATCH_HISTORY, "children"),
        Input(ids.MATCH_NEED, "value"),
        Input(ids.MATCH_REFRESH, "data"),
        Input(ids.MATCH_STATUS, "children"),
        State(ids.SHELL_LANG, "value"),
    )
    def show_need(need_id: str | None, _: object, _decided: object, lang: str | None) -> tuple:
        lang = language(lang)
        if not need_id:
            return None, None, [], True, True, True, None
        found = ask(
            current,
            lambda s: (s.need_detail(str(need_id)), s.history(str(need_id)), s.principal.sees_persons),
            lang,
        )
        if isinstance(found, Refused):
            return components.notice(found.message), None, [], True, True, True, None
        need, history, sees = found
        courses: Component | None = None
        options: list[dict[str, Any]] = []
        upskill = need.get("kind") == "upskill"
        if upskill:
            offers = ask(current, lambda s: s.need_offers(str(need_id), COURSES), lang)
            if isinstance(offers, Refused):
                courses = components.notice(offers.message)
            else:
                courses = courses_table(offers, lang)
                options = [
                    {
                        "label": f"{_t(r['title'])} — {_t(r['provider'])}",
                        "value": _t(r["offer_id"]),
                        "disabled": not (r.get("seats_left") or 0) > 0,
                    }
                    for r in offers.to_dict("records")
                ]
        agreement_hidden = need.get("project") != "erhvervsfaglig"
        return (
            need_panel(need, lang),
            courses,
            options,
            not (upskill and options),
            agreement_hidden,
            not (sees and not upskill),
            history_table(history, lang),
        )

    @app.callback(
        Output(ids.MATCH_ENROL_STATUS, "children"),
        Output(ids.MATCH_REFRESH, "data"),
        Input(ids.MATCH_ENROL_SAVE, "n_clicks"),
        State(ids.MATCH_NEED, "value"),
        State(ids.MATCH_ENROL_OFFER, "value"),
        State(ids.MATCH_ENROL_STAFF, "value"),
        State(ids.MATCH_ENROL_AGREEMENT, "value"),
        State(ids.MATCH_REFRESH, "data"),
        State(ids.SHELL_LANG, "value"),
        prevent_initial_call=True,
    )
    def enrol(
        _: int,
        need_id: str,
        offer_id: str,
        staff: object,
        agreement: str | None,
        refresh: int | None,
        lang: str | None,
    ) -> tuple:
        lang = language(lang)
        fields: dict[str, object] = {
            "offer_id": offer_id,
            "staff": staff if staff not in (None, "") else None,
        }
        if agreement in ("yes", "no"):
            fields["agreement_signed"] = agreement == "yes"
        if fields["staff"] is None:
            fields["staff"] = 0  # "no number" is a problem of the field, named as such
        done = ask_form(current, lambda s: s.enrol(str(need_id), fields), lang)
        if isinstance(done, ValidationError):
            return workspace_view.field_errors(done.problems, [], {}, lang)[1], no_update
        if isinstance(done, Refused):
            return components.notice(done.message), no_update
        return components.notice(text("enrolment_saved", lang), ok=True), (refresh or 0) + 1

    @app.callback(
        Output(ids.MATCH_OUTCOME_STATUS, "children"),
        Output(ids.MATCH_REFRESH, "data", allow_duplicate=True),
        Input(ids.MATCH_OUTCOME_SAVE, "n_clicks"),
        State(ids.MATCH_NEED, "value"),
        State(ids.MATCH_PERSON, "value"),
        State(ids.MATCH_OUTCOME, "value"),
        State(ids.MATCH_REFRESH, "data"),
        State(ids.SHELL_LANG, "value"),
        prevent_initial_call=True,
    )
    def record_outcome(
        _: int, need_id: str, person_id: str, outcome: str, refresh: int | None, lang: str | None
    ) -> tuple:
        lang = language(lang)
        if not (need_id and person_id and outcome):
            return components.notice(text("pick_outcome", lang)), no_update
        done = ask(current, lambda s: s.record_outcome(str(need_id), str(person_id), str(outcome)), lang)
        if isinstance(done, Refused):
            return components.notice(done.message), no_update
        return components.notice(text("outcome_saved" if done else "outcome_known", lang), ok=True), (
            refresh or 0
        ) + 1
