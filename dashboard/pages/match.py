"""Match: an LKS team picks a company and a need in its own LKS, sees ranked candidates, decides.

Every callback asks the service, which allows an ``lks`` user its own LKS only (an
``admin`` any): a forged LKS or need id gets "Ingen adgang" and the attempt is logged.
"""

from __future__ import annotations

from collections.abc import Callable

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html, no_update
from dash.development.base_component import Component

from dashboard import candidate_map, candidate_view, components, ids
from dashboard.i18n import language, text
from dashboard.pages import match_need
from dashboard.pages.common import Current, Refused, ask
from lksmatch import rules

#: How many candidates the page shows.
TOP = 10
DECISIONS = rules.DECISIONS


def _field(label: str, control: Component, for_id: str) -> html.Div:
    return html.Div([html.Label(label, htmlFor=for_id), control], className="control")


def layout(lang: str = "da", *, need: str | None = None) -> html.Div:
    """Pickers (LKS, company, need: ``need`` chosen when given), the candidates and the decision form."""
    pickers = html.Div(
        [
            _field(text("lks", lang), dcc.Dropdown(id=ids.MATCH_LKS, clearable=False), ids.MATCH_LKS),
            _field(text("company", lang), dcc.Dropdown(id=ids.MATCH_COMPANY), ids.MATCH_COMPANY),
            _field(text("need", lang), dcc.Dropdown(id=ids.MATCH_NEED), ids.MATCH_NEED),
        ],
        className="controls",
    )
    decision = html.Div(
        [
            html.H3(text("decision", lang)),
            _field(text("person", lang), dcc.Dropdown(id=ids.MATCH_PERSON), ids.MATCH_PERSON),
            dcc.RadioItems(
                id=ids.MATCH_DECISION,
                options=[{"label": text(d, lang), "value": d} for d in DECISIONS],
                inline=True,
            ),
            _field(text("reason", lang), dcc.Textarea(id=ids.MATCH_REASON, maxLength=2000), ids.MATCH_REASON),
            html.Button(text("save", lang), id=ids.MATCH_SAVE, n_clicks=0, className="primary"),
            html.Div(id=ids.MATCH_STATUS, role="status"),
        ],
        className="decision",
        id=f"{ids.MATCH_DECISION}-box",
    )
    parts = match_need.layout(lang)
    return html.Div(
        [
            dcc.Store(id=ids.MATCH_INIT, data={"need": need}),
            dcc.Store(id=ids.MATCH_PICKED),
            pickers,
            html.Div(id=ids.MATCH_MESSAGE),
            parts["panel"],
            html.Div(
                [
                    html.Div(
                        [
                            html.H3(text("candidates", lang), id=f"{ids.MATCH_CANDIDATES}-heading"),
                            _candidate_controls(lang),
                            dcc.Loading(html.Div(id=ids.MATCH_CANDIDATES)),
                            parts["courses"],
                        ],
                        className="main-col",
                    ),
                    html.Div([decision, parts["side"]], className="side-col"),
                ],
                className="two-cols",
            ),
        ]
    )


def _candidate_controls(lang: str) -> html.Div:
    """Filters (applied by the service, over the best 100) and the order of the shown candidates."""
    return html.Div(
        [
            html.Fieldset(
                [
                    html.Legend(text("show_only", lang)),
                    dcc.Checklist(
                        id=ids.MATCH_FILTERS,
                        options=[
                            {"label": text(f"filter_{f}", lang), "value": f} for f in rules.CANDIDATE_FILTERS
                        ],
                        value=[],
                        inline=True,
                        className="radios",
                    ),
                ]
            ),
            html.Fieldset(
                [
                    html.Legend(text("sort_by", lang)),
                    dcc.RadioItems(
                        id=ids.MATCH_SORT,
                        options=[
                            {"label": text(f"sort_{o}", lang), "value": o} for o in candidate_view.SORTS
                        ],
                        value="rank",
                        inline=True,
                        className="radios",
                    ),
                ]
            ),
        ],
        id=f"{ids.MATCH_CANDIDATES}-controls",
        className="candidate-controls",
        hidden=True,
    )


def _init_need(init: object) -> str | None:
    """The need the page was opened for (``/match?need=ID``), if any."""
    need = init.get("need") if isinstance(init, dict) else None
    return need if isinstance(need, str) and need else None


def register(
    app: Dash,
    current: Current,
    geo_url: Callable[[str], str] | None = None,
    tile_url: str | None = None,
) -> None:
    """The page's callbacks, one service method each (``geo_url``: the boundaries for the
    candidates' map; without it no map is drawn).
    """
    match_need.register(app, current)

    @app.callback(
        Output(ids.MATCH_LKS, "options"), Output(ids.MATCH_LKS, "value"), Input(ids.MATCH_INIT, "data")
    )
    def show_lks(_: object) -> tuple:
        areas = ask(current, lambda service: (service.areas(), service.principal.lks_id))
        if isinstance(areas, Refused):
            return [], None
        table, own = areas
        options = components.lks_options(table)
        if own:
            options = [o for o in options if o["value"] == own]
        return options, own or (options[0]["value"] if options else None)

    @app.callback(
        Output(ids.MATCH_COMPANY, "options"),
        Output(ids.MATCH_COMPANY, "value"),
        Output(ids.MATCH_MESSAGE, "children"),
        Input(ids.MATCH_LKS, "value"),
        State(ids.MATCH_INIT, "data"),
        State(ids.SHELL_LANG, "value"),
    )
    def show_companies(lks_id: str | None, init: object, lang: str | None) -> tuple:
        if not lks_id:
            return [], None, None
        needs = ask(current, lambda service: service.needs(str(lks_id)), language(lang))
        if isinstance(needs, Refused):
            return [], None, components.notice(needs.message)
        wanted = _init_need(init)
        mine = needs["need_id"].astype(str) == wanted
        chosen = needs.loc[mine, "cvr"].astype(str).tolist() if wanted else []
        return components.company_options(needs), chosen[0] if chosen else None, None

    @app.callback(
        Output(ids.MATCH_NEED, "options"),
        Output(ids.MATCH_NEED, "value"),
        Input(ids.MATCH_COMPANY, "value"),
        State(ids.MATCH_LKS, "value"),
        State(ids.MATCH_INIT, "data"),
        State(ids.SHELL_LANG, "value"),
    )
    def show_needs(cvr: str | None, lks_id: str | None, init: object, lang: str | None) -> tuple:
        if not cvr or not lks_id:
            return [], None
        needs = ask(current, lambda service: service.needs(str(lks_id)))
        if isinstance(needs, Refused):
            return [], None
        options = components.need_options(needs, cvr, language(lang))
        wanted = _init_need(init)
        return options, wanted if wanted in {o["value"] for o in options} else None

    @app.callback(
        Output(ids.MATCH_CANDIDATES, "children"),
        Output(ids.MATCH_PERSON, "options"),
        Output(ids.MATCH_PERSON, "value"),
        Output(f"{ids.MATCH_DECISION}-box", "hidden"),
        Output(f"{ids.MATCH_CANDIDATES}-controls", "hidden"),
        Input(ids.MATCH_NEED, "value"),
        Input(ids.MATCH_FILTERS, "value"),
        Input(ids.MATCH_SORT, "value"),
        Input(ids.MATCH_REFRESH, "data"),
        Input(ids.MATCH_STATUS, "children"),
        State(ids.MATCH_PERSON, "value"),
        State(ids.SHELL_LANG, "value"),
    )
    def show_candidates(
        need_id: str | None,
        filters: object,
        order: object,
        _r: object,
        _s: object,
        person: object,
        lang: str | None,
    ) -> tuple:
        if not need_id:
            return None, [], None, False, True
        lang = language(lang)
        detail = ask(current, lambda s: (s.need_detail(str(need_id)), s.principal.sees_persons), lang)
        if isinstance(detail, Refused):  # another LKS's need, or none: said (and logged) once
            return components.notice(detail.message), [], None, False, True
        need, sees = detail
        kind = need.get("kind")
        if kind == "upskill":  # courses for the company's staff instead (match_need), no candidates
            return html.P(text("upskill_no_candidates", lang), className="hint"), [], None, True, True
        if not sees:  # erhvervsservice and uddannelse: what came of the need, as counts
            counts = ask(current, lambda service: service.need_counts(str(need_id)), lang)
            if isinstance(counts, Refused):
                return components.notice(counts.message), [], None, True, True
            return components.need_counts(counts, lang), [], None, True, True
        wanted = [f for f in filters if f in rules.CANDIDATE_FILTERS] if isinstance(filters, list) else []
        found = ask(
            current,
            lambda s: (
                s.candidates(str(need_id), TOP, filters=wanted),
                s.ranker(),
                s.history(str(need_id)),
                s.today(),
                s.municipality_names(),
            ),
            lang,
        )
        if isinstance(found, Refused):
            return components.notice(found.message), [], None, False, True
        frame, (ranker, problem), history, today, names = found
        shown: Component
        if frame.empty:
            shown = components.notice(text("no_candidates_filtered" if wanted else "no_candidates", lang))
        else:
            shown = candidate_view.candidate_list(frame, history, today, lang, order=str(order))
        # which ranker ranked says something only when it ranked someone (a model warning always)
        note = components.ranker_note(ranker, problem, lang) if len(frame) or problem else None
        options = components.person_options(frame)
        keep = person if person in {o["value"] for o in options} else None
        areas = candidate_map.area_map(frame, need, names, geo_url, tile_url, lang) if geo_url else None
        return html.Div([note, areas, shown]), options, keep, False, False

    app.clientside_callback(  # a card's pick moves the keyboard focus to the decision (no request)
        ClientsideFunction(namespace="lksmatch", function_name="focusDecision"),
        Output(ids.MATCH_PICKED, "data"),
        Input({"type": candidate_view.PICK, "index": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.MATCH_PERSON, "value", allow_duplicate=True),
        Input({"type": candidate_view.PICK, "index": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def pick(clicks: list[int | None]) -> object:
        chosen = ctx.triggered_id
        if not isinstance(chosen, dict) or not any(clicks or []):  # the cards drawn, not a click
            return no_update
        return str(chosen.get("index"))

    @app.callback(
        Output(ids.MATCH_STATUS, "children"),
        Input(ids.MATCH_SAVE, "n_clicks"),
        State(ids.MATCH_NEED, "value"),
        State(ids.MATCH_PERSON, "value"),
        State(ids.MATCH_DECISION, "value"),
        State(ids.MATCH_REASON, "value"),
        State(ids.SHELL_LANG, "value"),
        prevent_initial_call=True,
    )
    def save_decision(_: int, need_id: str, person_id: str, decision: str, reason: str, lang: str) -> object:
        lang = language(lang)
        if not (need_id and person_id and decision):
            return components.notice(text("pick_all", lang))
        done = ask(current, lambda s: s.record_decision(str(need_id), str(person_id), decision, reason), lang)
        refusal = done.message if isinstance(done, Refused) else None
        return components.notice(refusal or text("saved", lang), ok=refusal is None)
