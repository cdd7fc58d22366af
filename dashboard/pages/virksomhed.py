"""Virksomhed: one company's page - profile, map pin, visits, needs, and the forms to add to them.

Every system of the company's LKS team works here: a visit (sambesøg) is recorded, a need
is registered (from a visit or not) or edited; what came of a need shows as counts. The
forms are checked by the service with the import's rules; a refused form keeps what was
typed and names each problem at its field, in Danish; a saved form says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import dash_leaflet as dl
from dash import Dash, Input, Output, State, dcc, html, no_update
from dash.development.base_component import Component

from dashboard import components, ids, workspace_view
from dashboard.i18n import from_iso, language, text, to_iso
from dashboard.pages import virksomhed_forms
from dashboard.pages.common import Current, Refused, ask, ask_form
from dashboard.workspace_view import field
from lksmatch.errors import ValidationError
from lksmatch.rules import EDUCATION_LEVELS, NEED_KINDS, NEED_STATUSES, PROJECTS, SYSTEMS, VISIT_KINDS

#: The value of the occupation choice "use the title as typed".
AS_TYPED = "__as_typed__"
#: How many ESCO occupations are suggested for a typed title.
SUGGESTIONS = 5
_V = {name: ids.visit_field(name) for name in ids.VISIT_FIELDS}
_N = {name: ids.need_field(name) for name in ids.NEED_FIELDS}


def _radio(field_id: str, options: list[dict[str, str]], value: str) -> dcc.RadioItems:
    return dcc.RadioItems(id=field_id, options=options, value=value, inline=True, className="radios")


def _date_input(field_id: str, value: str) -> dcc.Input:
    """A date typed as ``dd-mm-åååå`` (the web layer reads Danish and ISO dates: :func:`to_iso`)."""
    return dcc.Input(
        id=field_id,
        type="text",
        value=value,
        placeholder="dd-mm-åååå",
        autoComplete="off",
        className="date",
        maxLength=10,
    )


def _visit_form(lang: str, today: str) -> html.Section:
    return html.Section(
        [
            html.H3(text("record_visit", lang)),
            html.Div(
                [
                    field(
                        text("visit_date", lang),
                        _date_input(_V["date"], today),
                        _V["date"],
                        hint=text("date_hint", lang),
                    ),
                    field(
                        text("systems", lang),
                        dcc.Checklist(
                            id=_V["systems"],
                            options=[{"label": text(s, lang), "value": s} for s in SYSTEMS],
                            value=[],
                            inline=True,
                            className="checks",
                        ),
                        _V["systems"],
                        hint=text("sambesoeg", lang) + ": 2+",
                    ),
                    field(
                        text("kind", lang),
                        _radio(
                            _V["kind"], [{"label": text(k, lang), "value": k} for k in VISIT_KINDS], "fysisk"
                        ),
                        _V["kind"],
                    ),
                ],
                className="form-row",
            ),
            field(
                text("topics", lang), dcc.Input(id=_V["topics"], type="text", className="wide"), _V["topics"]
            ),
            field(
                text("note", lang), dcc.Textarea(id=_V["note"], maxLength=4000, className="wide"), _V["note"]
            ),
            field(
                text("follow_up", lang),
                _date_input(_V["follow_up"], ""),
                _V["follow_up"],
                hint=text("date_hint", lang),
            ),
            html.Button(text("save_visit", lang), id=ids.VISIT_SAVE, n_clicks=0, className="primary"),
            html.Div(id=ids.VISIT_STATUS, role="status"),
        ],
        className="form-card",
    )


def _need_form(lang: str) -> html.Section:
    options = [{"label": text(k, lang), "value": k} for k in NEED_KINDS]
    projects = [{"label": text("project_none", lang), "value": ""}] + [
        {"label": text(p, lang), "value": p} for p in PROJECTS
    ]
    statuses = [{"label": text(f"status_{s}", lang), "value": s} for s in NEED_STATUSES]
    return html.Section(
        [
            html.H3(text("new_need", lang), id=ids.NEED_HEADING),
            dcc.Store(id=ids.NEED_EDITING),
            field(
                text("title", lang),
                dcc.Input(id=_N["title"], type="text", debounce=0.4, className="wide", autoComplete="off"),
                _N["title"],
                hint=text("occupation_hint", lang),
            ),
            field(
                text("occupation", lang),
                dcc.RadioItems(id=_N["occupation"], options=[], className="radios"),
                _N["occupation"],
            ),
            field(
                text("skills", lang),
                dcc.Input(
                    id=_N["skills"],
                    type="text",
                    list=ids.NEED_SKILL_WORDS,
                    autoComplete="off",
                    className="wide",
                ),
                _N["skills"],
            ),
            html.Datalist(id=ids.NEED_SKILL_WORDS),
            html.Div(
                [
                    field(
                        text("count", lang),
                        dcc.Input(id=_N["count"], type="number", min=1, step=1, value=1),
                        _N["count"],
                    ),
                    field(
                        text("deadline", lang),
                        _date_input(_N["deadline"], ""),
                        _N["deadline"],
                        hint=text("date_hint", lang),
                    ),
                    field(text("need_kind", lang), _radio(_N["kind"], options, "hire"), _N["kind"]),
                ],
                className="form-row",
            ),
            field(text("project", lang), _radio(_N["project"], projects, ""), _N["project"]),
            html.Div(
                [
                    field(
                        text("education_level_min", lang),
                        dcc.Dropdown(
                            id=_N["education_level_min"],
                            options=[{"label": e, "value": e} for e in EDUCATION_LEVELS],
                        ),
                        _N["education_level_min"],
                    ),
                    field(
                        text("from_visit", lang), dcc.Dropdown(id=_N["visit_id"], options=[]), _N["visit_id"]
                    ),
                ],
                className="form-row",
            ),
            field(text("status", lang), _radio(_N["status"], statuses, "open"), _N["status"]),
            html.Div(
                [
                    html.Button(text("save_need", lang), id=ids.NEED_SAVE, n_clicks=0, className="primary"),
                    html.Button(
                        text("new_need_clear", lang), id=ids.NEED_NEW, n_clicks=0, className="secondary"
                    ),
                ],
                className="buttons",
            ),
            html.Div(id=ids.NEED_STATUS_MESSAGE, role="status"),
        ],
        className="form-card",
        id="need-form",
    )


def layout(cvr: str, lang: str = "da", *, today: dt.date | None = None) -> html.Div:
    """The page of company ``cvr`` (what it shows is asked from the service by the callbacks)."""
    day = from_iso((today or dt.date.today()).isoformat())
    return html.Div(
        [
            dcc.Store(id=ids.COMPANY_CVR, data=cvr),
            dcc.Store(id=ids.COMPANY_REFRESH, data=0),
            dcc.Link(text("back_to_list", lang), href=workspace_view.COMPANY_PATH),
            html.H2(id=ids.COMPANY_HEADING),
            html.Div(id=ids.COMPANY_MESSAGE),
            html.Div(
                [
                    html.Section(
                        [
                            html.H3(text("profile", lang)),
                            html.Div(id=ids.COMPANY_PROFILE),
                            html.Div(id=ids.COMPANY_MAP),
                        ],
                        className="main-col",
                    ),
                    html.Section(
                        [
                            html.H3(text("visits_timeline", lang)),
                            dcc.Loading(html.Div(id=ids.COMPANY_VISITS)),
                        ],
                        className="side-col",
                    ),
                ],
                className="two-cols",
            ),
            html.Section([html.H3(text("needs", lang)), dcc.Loading(html.Div(id=ids.COMPANY_NEEDS))]),
            html.Div([_visit_form(lang, day), _need_form(lang)], className="two-cols forms"),
        ]
    )


def _pin(
    company: dict[str, Any], geo_url: Callable[[str], str], tile_url: str | None, lang: str
) -> Component:
    lat, lon = company.get("lat"), company.get("lon")
    if lat is None or lon is None:
        return html.P(text("no_pin", lang), className="hint")
    layers: list[Component] = []
    if tile_url:
        layers.append(dl.TileLayer(url=tile_url, attribution="&copy; basemap"))
    name = str(company.get("name") or "")
    layers += [
        dl.GeoJSON(url=geo_url("municipality"), style={"color": "#3d4a57", "weight": 1, "fillOpacity": 0.04}),
        dl.CircleMarker(
            center=[lat, lon], radius=9, color="#0b4f6c", fillOpacity=0.9, children=dl.Tooltip(name)
        ),
    ]
    label = {"aria-label": text("map_of", lang).format(name=name)}
    pin = dl.Map(layers, center=[lat, lon], zoom=11, className="pin-map")
    # a group, not an image: Leaflet's map is focusable (arrow keys pan) and has zoom buttons
    return html.Div(pin, role="group", **label)  # type: ignore[arg-type]  # Dash passes aria-* through


def _visit_options(visits: Any, lang: str) -> list[dict[str, str]]:
    from dashboard.i18n import format_date

    options = []
    for r in visits.to_dict("records"):
        who = ", ".join(text(s, lang) for s in str(r["systems"]).split(";") if s)
        options.append(
            {"label": f"{format_date(str(r['date']))} — {who} ({r['visit_id']})", "value": str(r["visit_id"])}
        )
    return options


def register(app: Dash, current: Current, geo_url: Callable[[str], str], tile_url: str | None) -> None:
    """The page's callbacks (each one service call, the forms checked by the service)."""

    @app.callback(
        Output(ids.COMPANY_HEADING, "children"),
        Output(ids.COMPANY_PROFILE, "children"),
        Output(ids.COMPANY_MAP, "children"),
        Output(ids.COMPANY_VISITS, "children"),
        Output(ids.COMPANY_NEEDS, "children"),
        Output(_N["visit_id"], "options"),
        Output(ids.COMPANY_MESSAGE, "children"),
        Input(ids.COMPANY_CVR, "data"),
        Input(ids.COMPANY_REFRESH, "data"),
        State(ids.SHELL_LANG, "value"),
    )
    def show_company(cvr: str | None, _: object, lang: str | None) -> tuple:
        lang = language(lang)
        page = ask(current, lambda s: (s.company(str(cvr)), s.principal.sees_persons), lang)
        if isinstance(page, Refused):
            return text("company", lang), None, None, None, None, [], components.notice(page.message)
        found, sees = page
        company, visits, needs = found["profile"], found["visits"], found["needs"]
        lks_name = ask(current, lambda s: s.lks_name(company.get("lks_id")), lang)
        return (
            str(company.get("name") or cvr),
            workspace_view.profile(
                company,
                needs,
                "" if isinstance(lks_name, Refused) else lks_name,
                lang,
                staff_enrolled=found.get("staff_enrolled"),
            ),
            _pin(company, geo_url, tile_url, lang),
            workspace_view.visits_timeline(visits, lang),
            workspace_view.needs_table(
                needs,
                found.get("good", {}),
                lang,
                sees_persons=sees,
                match_href=app.get_relative_path("/match"),
            ),
            _visit_options(visits, lang),
            None,
        )

    @app.callback(
        Output(_V["systems"], "value"),
        Input(ids.COMPANY_CVR, "data"),
    )
    def own_system(_: object) -> list[str]:
        system = ask(current, lambda s: s.principal.system)
        return [system] if isinstance(system, str) and system in SYSTEMS else []

    @app.callback(
        Output(ids.VISIT_STATUS, "children"),
        *[Output(ids.error_of(_V[f]), "children") for f in ids.VISIT_FIELDS],
        Output(ids.COMPANY_REFRESH, "data"),
        Output(_V["topics"], "value"),
        Output(_V["note"], "value"),
        Output(_V["follow_up"], "value"),
        Input(ids.VISIT_SAVE, "n_clicks"),
        State(ids.COMPANY_CVR, "data"),
        State(ids.COMPANY_REFRESH, "data"),
        *[State(_V[f], "value") for f in ids.VISIT_FIELDS],
        State(ids.SHELL_LANG, "value"),
        prevent_initial_call=True,
    )
    def save_visit(_: int, cvr: str, refresh: int | None, *values: Any) -> tuple:
        *fields, lang = values
        lang = language(lang)
        record = dict(zip(ids.VISIT_FIELDS, fields, strict=True))
        record["date"], record["follow_up"] = to_iso(record["date"]), to_iso(record["follow_up"])
        blank = [None] * len(ids.VISIT_FIELDS)
        done = ask_form(current, lambda s: s.record_visit(str(cvr), record), lang)
        if isinstance(done, ValidationError):  # the problems belong at their fields; what was typed stays
            per_field, summary = workspace_view.field_errors(done.problems, ids.VISIT_FIELDS, _V, lang)
            return summary, *per_field, no_update, no_update, no_update, no_update
        if isinstance(done, Refused):
            return components.notice(done.message), *blank, no_update, no_update, no_update, no_update
        return (components.notice(text("visit_saved", lang), ok=True), *blank, (refresh or 0) + 1, "", "", "")

    virksomhed_forms.register_need_form(app, current, _N, AS_TYPED, SUGGESTIONS)
