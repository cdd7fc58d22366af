"""Administration: the users page (admin only) - the users, a new user with its one-time link,
changes of role, LKS and system, disabling and enabling, and new links.

No password is ever shown: a new user (or a reset) gets a one-time link, shown once to the admin
who made it - under the new user's form (:data:`LINK_BOX`) or above the table for a reset
(:data:`ACTION_STATUS`); the service keeps only its hash. Every call goes
through :class:`~lksmatch.access.SecureService`, which refuses any other role (logged) and
writes every change to the audit log. A refused form names each problem at its field, in
Danish (the error is part of the field's label, so a screen reader reads it with the field).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

import flask
import pandas as pd
from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update
from dash.development.base_component import Component

from dashboard import components, ids
from dashboard.i18n import format_date, format_moment, language, text
from dashboard.pages.common import Current, Refused, ask, ask_form
from lksmatch.errors import Problem, ValidationError
from lksmatch.links import LINK_PATH
from lksmatch.rules import LKS, ROLES, SYSTEMS

TABLE = "admin-users-table"
REFRESH = "admin-users-refresh"
ACTION_STATUS = "admin-users-action-status"
LINK_BOX = "admin-users-link"
LINK_FIELD = "admin-users-link-url"
RESET_LINK_FIELD = "admin-users-reset-link-url"
NEW_USERNAME = "admin-users-new-username"
NEW_ROLE = "admin-users-new-role"
NEW_LKS = "admin-users-new-lks"
NEW_SYSTEM = "admin-users-new-system"
NEW_LKS_BOX = "admin-users-new-lks-box"
NEW_SAVE = "admin-users-new-save"
NEW_STATUS = "admin-users-new-status"
EDIT_BOX = "admin-users-edit-box"
EDIT_TITLE = "admin-users-edit-title"
EDIT_USER = "admin-users-edit-user"
EDIT_ROLE = "admin-users-edit-role"
EDIT_LKS = "admin-users-edit-lks"
EDIT_SYSTEM = "admin-users-edit-system"
EDIT_LKS_BOX = "admin-users-edit-lks-box"
EDIT_SAVE = "admin-users-edit-save"
EDIT_STATUS = "admin-users-edit-status"
#: Pattern-matching ids of the buttons of a user's row (``index``: the username).
EDIT_BUTTON = "admin-users-edit-button"
TOGGLE_BUTTON = "admin-users-toggle-button"
LINK_BUTTON = "admin-users-link-button"
#: A form's fields, as the service's problems name them.
FIELDS = ("username", "role", "lks_id", "system")
_NEW = {"username": NEW_USERNAME, "role": NEW_ROLE, "lks_id": NEW_LKS, "system": NEW_SYSTEM}
_EDIT = {"role": EDIT_ROLE, "lks_id": EDIT_LKS, "system": EDIT_SYSTEM}
_LABELS = {
    "username": "users_username", "role": "users_role", "lks_id": "users_lks", "system": "users_system",
    "active": "users_active",
}
_ERRORS = {"role": "users_err_role", "lks_id": "users_err_lks", "system": "users_err_system"}


def error_of(field_id: str) -> str:
    """The id of the error message of a field (inside the field's label or legend)."""
    return f"{field_id}-error"


def _error_slot(field_id: str) -> html.Span:
    return html.Span(
        id=error_of(field_id), className="field-error", role="status", style={"display": "block"}
    )


def _text_field(label: str, field_id: str) -> html.Div:
    return html.Div(
        [
            html.Label([label, _error_slot(field_id)], htmlFor=field_id),
            dcc.Input(
                id=field_id, type="text", autoComplete="off", maxLength=100, className="wide", value=""
            ),
        ],
        className="field",
    )


def _choice(legend: str, control: Component, field_id: str, *, hint: str | None = None) -> html.Fieldset:
    """A group of radio buttons under its legend, the error in the legend."""
    parts: list[Component] = [html.Legend([legend, _error_slot(field_id)]), control]
    if hint:
        parts.append(html.P(hint, className="hint"))
    return html.Fieldset(parts, className="field")


def _radios(field_id: str, options: list[dict[str, str]], value: str | None) -> dcc.RadioItems:
    return dcc.RadioItems(id=field_id, options=options, value=value, className="radios")


def _role_options(lang: str) -> list[dict[str, str]]:
    return [{"label": text(f"users_role_{r}", lang), "value": r} for r in ROLES]


def _system_options(lang: str) -> list[dict[str, str]]:
    return [{"label": text(f"users_system_{s}", lang), "value": s} for s in SYSTEMS]


def _role_fields(lang: str, fields: dict[str, str], box: str, role: str | None) -> list[Component]:
    """The role, and the LKS and system of role ``lks`` (hidden for the other roles)."""
    return [
        _choice(text("users_role", lang), _radios(fields["role"], _role_options(lang), role), fields["role"]),
        html.Div(
            [
                html.Div(
                    [
                        html.Label([text("users_lks", lang), _error_slot(fields["lks_id"])],
                                   htmlFor=fields["lks_id"]),
                        dcc.Dropdown(id=fields["lks_id"], options=[], clearable=False),
                    ],
                    className="field",
                ),
                _choice(text("users_system", lang), _radios(fields["system"], _system_options(lang), None),
                        fields["system"], hint=text("users_lks_hint", lang)),
            ],
            id=box,
            hidden=role != LKS,
        ),
    ]


def layout(lang: str = "da") -> html.Div:
    """The page: the users' table, the new user's form, the one-time link, the edit form."""
    new_form = html.Section(
        [
            html.H3(text("users_new", lang)),
            _text_field(text("users_username", lang), NEW_USERNAME),
            *_role_fields(lang, _NEW, NEW_LKS_BOX, LKS),
            html.Div(html.Button(text("users_create", lang), id=NEW_SAVE, n_clicks=0, className="primary"),
                     className="buttons"),
            html.Div(id=NEW_STATUS),
            html.Div(id=LINK_BOX),
        ],
        className="form-card",
    )
    edit_form = html.Section(
        [
            html.H3(text("users_edit_title", lang), id=EDIT_TITLE),
            html.P(text("users_edit_hint", lang), className="hint"),
            html.Div(
                [
                    *_role_fields(lang, _EDIT, EDIT_LKS_BOX, None),
                    html.Div(
                        html.Button(text("users_save", lang), id=EDIT_SAVE, n_clicks=0, className="primary"),
                        className="buttons",
                    ),
                ],
                id=EDIT_BOX,
                hidden=True,
            ),
            html.Div(id=EDIT_STATUS),
        ],
        className="form-card",
    )
    return html.Div(
        [
            dcc.Store(id=REFRESH, data=0),
            dcc.Store(id=EDIT_USER),
            html.H2(text("users_title", lang)),
            html.P(text("users_intro", lang)),
            html.Div(id=ACTION_STATUS),
            html.Div(id=TABLE),
            html.Div([new_form, edit_form], className="two-cols forms"),
        ],
        className="admin-users",
    )


# --- rendering -----------------------------------------------------------------------------------


def _t(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _aria_label(label: str) -> dict[str, Any]:
    return {"aria-label": label}  # Dash passes aria-* through


def users_table(users: pd.DataFrame, lks_names: dict[str, str], lang: str = "da") -> Component:
    """The users with their role, LKS, system, state and the buttons of each row."""
    if users.empty:
        return html.P(text("users_none", lang), className="hint")
    columns = ("users_username", "users_role", "users_lks", "users_system", "users_active",
               "users_link_pending", "users_created_at", "users_actions")
    head = html.Thead(html.Tr([html.Th(text(k, lang), scope="col") for k in columns]))
    rows = []
    for r in users.to_dict("records"):
        name, active = _t(r["username"]), bool(r["active"])
        created = r.get("created_at")
        day = pd.Timestamp(created).date() if isinstance(created, dt.datetime | str) else None
        toggle = "users_disable" if active else "users_enable"
        buttons = [
            (EDIT_BUTTON, "users_edit", "users_edit_of"),
            (TOGGLE_BUTTON, toggle, f"{toggle}_of"),
            (LINK_BUTTON, "users_new_link", "users_new_link_of"),
        ]
        rows.append(html.Tr([
            html.Th(name, scope="row"),
            html.Td(text(f"users_role_{r['role']}", lang) if r["role"] in ROLES else _t(r["role"])),
            html.Td(lks_names.get(_t(r["lks_id"]), _t(r["lks_id"]))),
            html.Td(text(f"users_system_{r['system']}", lang) if r["system"] in SYSTEMS else ""),
            html.Td(text("users_yes" if active else "users_no", lang)),
            html.Td(text("users_yes" if r["link_pending"] else "users_no", lang)),
            html.Td(format_date(day)),
            html.Td(
                [
                    html.Button(text(label, lang), id={"type": kind, "index": name}, n_clicks=0,
                                className="secondary", **_aria_label(text(named, lang).format(name=name)))
                    for kind, label, named in buttons
                ],
                className="actions buttons",
            ),
        ]))
    table = html.Table([html.Caption(text("users_table", lang), className="sr-only"), head, html.Tbody(rows)],
                       className="details users")
    return html.Div(table, className="scroll", tabIndex="0", role="region",
                    **{"aria-label": text("users_table", lang)})  # type: ignore[arg-type]


def link_box(
    name: str, token: str, expires: dt.datetime, lang: str = "da", *, field_id: str = LINK_FIELD
) -> html.Div:
    """The one-time link, shown this once: the address to give the user, and until when it works."""
    query = urlencode({"token": token})
    url = f"{flask.request.host_url.rstrip('/')}{flask.request.script_root}{LINK_PATH}?{query}"
    when = format_moment(expires)
    return html.Div(
        [
            html.H3(text("users_link_title", lang).format(name=name)),
            html.P(text("users_link_text", lang).format(when=when)),
            html.Label(text("users_link_label", lang), htmlFor=field_id),
            dcc.Input(id=field_id, type="text", value=url, readOnly=True, className="wide"),
            html.P(text("users_link_once", lang), className="hint"),
        ],
        className="notice ok field",
        role="status",
    )


def problem_text(problem: Problem, lang: str = "da") -> str:
    """One problem of a user form as a sentence: ``Rolle: vælg en af rollerne``."""
    field = problem.column or ""
    label = text(_LABELS[field], lang) if field in _LABELS else field
    if "last active admin" in problem.rule:
        key = "users_err_last_admin"
    elif "disabled" in problem.rule:
        key = "users_err_disabled"
    elif field == "username":
        key = "users_err_taken" if "taken" in problem.rule else "users_err_username"
    else:
        key = _ERRORS.get(field, "")
    return f"{label}: {text(key, lang) if key else problem.rule}"


def form_errors(
    error: ValidationError, fields: tuple[str, ...], lang: str = "da"
) -> tuple[list[str | None], Component]:
    """Per field its error (``None`` when it has none), and a summary of every problem."""
    by_field: dict[str, list[str]] = {}
    lines = []
    for p in error.problems or [Problem(None, None, error.message)]:
        sentence = problem_text(p, lang)
        lines.append(html.Li(sentence))
        by_field.setdefault(p.column or "", []).append(sentence)
    summary = html.Div([html.P(text("users_problems", lang)), html.Ul(lines)], className="notice warning",
                       role="alert")
    return ["; ".join(by_field[f]) if f in by_field else None for f in fields], summary


def _clicked() -> bool:
    """Whether the callback was started by a click (not by the table being drawn again)."""
    return bool(ctx.triggered) and any(t.get("value") for t in ctx.triggered)


def _lks_of(role: str | None, lks_id: str | None, system: str | None) -> tuple[str | None, str | None]:
    """The LKS and system a form sends: the chosen ones (empty: a problem) for role ``lks``, else none."""
    if role == LKS:
        return str(lks_id or ""), str(system or "")
    return None, None


# --- callbacks -----------------------------------------------------------------------------------


def register(app: Dash, current: Current) -> None:
    """The page's callbacks: the table, the new user, the row's buttons, the edit form."""
    new_errors = [Output(error_of(_NEW[f]), "children") for f in FIELDS]
    edit_fields = ("role", "lks_id", "system")
    edit_errors = [Output(error_of(_EDIT[f]), "children", allow_duplicate=True) for f in edit_fields]

    @app.callback(
        Output(TABLE, "children"),
        Output(NEW_LKS, "options"),
        Output(EDIT_LKS, "options"),
        Input(REFRESH, "data"),
        State(ids.SHELL_LANG, "value"),
    )
    def show(_: int | None, lang: str | None) -> tuple:
        lang = language(lang)
        found = ask(current, lambda s: (s.users(), s.areas()), lang)
        if isinstance(found, Refused):
            return components.notice(found.message), [], []
        table, areas = found
        options = components.lks_options(areas)
        return users_table(table, {o["value"]: o["label"] for o in options}, lang), options, options

    @app.callback(
        Output(NEW_LKS_BOX, "hidden"),
        Output(EDIT_LKS_BOX, "hidden"),
        Input(NEW_ROLE, "value"),
        Input(EDIT_ROLE, "value"),
    )
    def show_lks_fields(new_role: str | None, edit_role: str | None) -> tuple[bool, bool]:
        if isinstance(ask(current, lambda s: s.check_user_admin()), Refused):  # refused and logged
            return True, True
        return new_role != LKS, edit_role != LKS

    @app.callback(
        Output(NEW_STATUS, "children"),
        *new_errors,
        Output(LINK_BOX, "children"),
        Output(REFRESH, "data", allow_duplicate=True),
        Output(NEW_USERNAME, "value"),
        Input(NEW_SAVE, "n_clicks"),
        State(NEW_USERNAME, "value"),
        State(NEW_ROLE, "value"),
        State(NEW_LKS, "value"),
        State(NEW_SYSTEM, "value"),
        State(REFRESH, "data"),
        State(ids.SHELL_LANG, "value"),
        prevent_initial_call=True,
    )
    def create(_: int, username: Any, role: Any, lks_id: Any, system: Any, refresh: int | None,
               lang: str | None) -> tuple:
        lang = language(lang)
        name, role = str(username or ""), str(role or "")
        lks, chosen = _lks_of(role, lks_id, system)
        done = ask_form(current, lambda s: s.create_user_with_link(name, role, lks, chosen), lang)
        if isinstance(done, ValidationError):
            per_field, summary = form_errors(done, FIELDS, lang)
            return summary, *per_field, None, no_update, no_update
        if isinstance(done, Refused):
            return components.notice(done.message), *[None] * len(FIELDS), None, no_update, no_update
        token, expires = done[1], done[2]
        saved = components.notice(text("users_created", lang).format(name=name), ok=True)
        return saved, *[None] * len(FIELDS), link_box(name, token, expires, lang), (refresh or 0) + 1, ""

    @app.callback(
        Output(ACTION_STATUS, "children"),
        Output(REFRESH, "data", allow_duplicate=True),
        Input({"type": TOGGLE_BUTTON, "index": ALL}, "n_clicks"),
        Input({"type": LINK_BUTTON, "index": ALL}, "n_clicks"),
        State(REFRESH, "data"),
        State(ids.SHELL_LANG, "value"),
        prevent_initial_call=True,
    )
    def row_action(_: list[int | None], __: list[int | None], refresh: int | None, lang: str | None) -> tuple:
        lang = language(lang)
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not _clicked():
            return no_update, no_update
        name = str(trigger.get("index", ""))
        if trigger.get("type") == LINK_BUTTON:
            made = ask_form(current, lambda s: s.reset_link(name), lang)
            if isinstance(made, ValidationError | Refused):
                return _refusal(made, lang), no_update
            return link_box(name, *made, lang, field_id=RESET_LINK_FIELD), (refresh or 0) + 1

        def toggle(s: Any) -> bool:
            users = s.users()
            rows = users[users["username"] == name]
            active = not bool(rows["active"].iloc[0]) if not rows.empty else False
            s.set_user_active(name, active)
            return active

        done = ask_form(current, toggle, lang)
        if isinstance(done, ValidationError | Refused):
            return _refusal(done, lang), no_update
        message = text("users_enabled" if done else "users_disabled", lang).format(name=name)
        return components.notice(message, ok=True), (refresh or 0) + 1

    @app.callback(
        Output(EDIT_BOX, "hidden"),
        Output(EDIT_TITLE, "children"),
        Output(EDIT_USER, "data"),
        Output(EDIT_ROLE, "value"),
        Output(EDIT_LKS, "value"),
        Output(EDIT_SYSTEM, "value"),
        Output(EDIT_STATUS, "children", allow_duplicate=True),
        *edit_errors,
        Input({"type": EDIT_BUTTON, "index": ALL}, "n_clicks"),
        State(ids.SHELL_LANG, "value"),
        prevent_initial_call=True,
    )
    def fill_edit(_: list[int | None], lang: str | None) -> tuple:
        lang = language(lang)
        trigger = ctx.triggered_id
        keep = (no_update,) * (7 + len(edit_fields))
        if not isinstance(trigger, dict) or not _clicked():
            return keep
        name = str(trigger.get("index", ""))
        found = ask(current, lambda s: s.users(), lang)
        if isinstance(found, Refused):
            return (True, no_update, None, None, None, None, components.notice(found.message),
                    *[None] * len(edit_fields))
        rows = found[found["username"] == name].to_dict("records")
        if not rows:
            return (True, no_update, None, None, None, None, components.notice(text("not_found", lang)),
                    *[None] * len(edit_fields))
        row = rows[0]
        title = text("users_edit_title_of", lang).format(name=name)
        return (False, title, name, row["role"], _t(row["lks_id"]) or None, _t(row["system"]) or None, None,
                *[None] * len(edit_fields))

    @app.callback(
        Output(EDIT_STATUS, "children", allow_duplicate=True),
        *edit_errors,
        Output(REFRESH, "data", allow_duplicate=True),
        Input(EDIT_SAVE, "n_clicks"),
        State(EDIT_USER, "data"),
        State(EDIT_ROLE, "value"),
        State(EDIT_LKS, "value"),
        State(EDIT_SYSTEM, "value"),
        State(REFRESH, "data"),
        State(ids.SHELL_LANG, "value"),
        prevent_initial_call=True,
    )
    def save_edit(_: int, name: Any, role: Any, lks_id: Any, system: Any, refresh: int | None,
                  lang: str | None) -> tuple:
        lang = language(lang)
        if not name:
            return components.notice(text("users_edit_hint", lang)), *[None] * len(edit_fields), no_update
        user, role = str(name), str(role or "")
        lks, chosen = _lks_of(role, lks_id, system)
        done = ask_form(current, lambda s: s.update_user(user, role=role, lks_id=lks, system=chosen), lang)
        if isinstance(done, ValidationError):
            per_field, summary = form_errors(done, edit_fields, lang)
            return summary, *per_field, no_update
        if isinstance(done, Refused):
            return components.notice(done.message), *[None] * len(edit_fields), no_update
        saved = components.notice(text("users_saved", lang).format(name=user), ok=True)
        return saved, *[None] * len(edit_fields), (refresh or 0) + 1


def _refusal(refused: ValidationError | Refused, lang: str) -> Component:
    """A refused row action as a notice (a problem in Danish, a refusal as it is)."""
    if isinstance(refused, Refused):
        return components.notice(refused.message)
    return form_errors(refused, (), lang)[1]
