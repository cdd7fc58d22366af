"""The need form of a company's page: suggestions while typing, filling it for an edit, saving it.

The occupation is typed as a job title; the service's title matcher suggests ESCO occupations
(``SecureService.occupations``) and the person picks one, or keeps the title as typed. The
skills field suggests the thesaurus' wordings for the skill being typed (after the last ``;``)
through the input's native ``<datalist>``.
"""

from __future__ import annotations

import re
from typing import Any

from dash import ALL, Dash, Input, Output, State, ctx, html, no_update

from dashboard import components, ids, workspace_view
from dashboard.i18n import from_iso, language, text, to_iso
from dashboard.pages.common import Current, Refused, ask, ask_form
from lksmatch.errors import ValidationError

#: An occupation typed as a code or URI (not a title): kept as it is when a need is edited.
_CODE_OR_URI = re.compile(r"^(?:\d{4}|https?://\S+)$")


def _need_record(fields: dict[str, Any], as_typed: str) -> dict[str, object]:
    """The form's values as the service's need fields (empty choices as missing)."""
    record = {k: (v if v not in ("", []) else None) for k, v in fields.items()}
    record["deadline"] = to_iso(record.get("deadline"))
    if record.get("occupation") in (None, as_typed):
        record["occupation"] = record.get("title")
    return record


def register_need_form(app: Dash, current: Current, fields: dict[str, str], as_typed: str, top: int) -> None:
    """The need form's callbacks; ``fields`` maps each need field to its control's id."""
    names = ids.NEED_FIELDS
    errors = [Output(ids.error_of(fields[f]), "children", allow_duplicate=True) for f in names]

    @app.callback(
        Output(fields["occupation"], "options"),
        Output(fields["occupation"], "value"),
        Input(fields["title"], "value"),
        State(fields["occupation"], "value"),
        State(ids.SHELL_LANG, "value"),
        prevent_initial_call=True,
    )
    def suggest_occupations(title: str | None, chosen: str | None, lang: str | None) -> tuple:
        lang = language(lang)
        typed = str(title or "").strip()
        if not typed:
            return [], None
        found = ask(current, lambda s: s.occupations(typed, top), lang)
        options = (
            []
            if isinstance(found, Refused)
            else [
                {"label": str(r["label"]), "value": str(r["concept_uri"])} for r in found.to_dict("records")
            ]
        )
        if chosen and chosen != as_typed and chosen not in {o["value"] for o in options}:
            stored = ask(current, lambda s: s.occupations(str(chosen), 1), lang)
            label = chosen if isinstance(stored, Refused) or stored.empty else str(stored["label"].iloc[0])
            options.insert(0, {"label": label, "value": chosen})
        options.append({"label": f"{text('occupation_as_typed', lang)}: »{typed}«", "value": as_typed})
        values = {o["value"] for o in options}
        return options, chosen if chosen in values else options[0]["value"]

    @app.callback(
        Output(ids.NEED_SKILL_WORDS, "children"), Input(fields["skills"], "value"), prevent_initial_call=True
    )
    def suggest_skills(typed: str | None) -> list[html.Option]:
        text_ = str(typed or "")
        head, _, last = text_.rpartition(";")
        if not last.strip():
            return []
        found = ask(current, lambda s: s.skill_suggestions(last))
        if isinstance(found, Refused):
            return []
        prefix = f"{head};" if head else ""
        return [html.Option(value=prefix + word) for word in found]

    @app.callback(
        *[Output(fields[f], "value", allow_duplicate=True) for f in names],
        Output(ids.NEED_EDITING, "data", allow_duplicate=True),
        Output(ids.NEED_HEADING, "children", allow_duplicate=True),
        Output(ids.NEED_STATUS_MESSAGE, "children", allow_duplicate=True),
        *errors,
        Input({"type": ids.NEED_EDIT_BUTTON, "index": ALL}, "n_clicks"),
        Input({"type": ids.VISIT_NEED_BUTTON, "index": ALL}, "n_clicks"),
        Input(ids.NEED_NEW, "n_clicks"),
        State(ids.COMPANY_CVR, "data"),
        State(ids.SHELL_LANG, "value"),
        prevent_initial_call=True,
    )
    def fill_need_form(
        edits: list[int | None], from_visits: list[int | None], _: int, cvr: str, lang: str | None
    ) -> tuple:
        lang = language(lang)
        trigger = ctx.triggered_id
        clicked = any(t.get("value") for t in ctx.triggered) if ctx.triggered else False
        if trigger is None or not clicked:
            return tuple([no_update] * (len(names) * 2 + 3))
        blank = {
            "title": "",
            "occupation": None,
            "skills": "",
            "count": 1,
            "kind": "hire",
            "project": "",
            "education_level_min": None,
            "deadline": None,
            "visit_id": None,
            "status": "open",
        }
        heading, editing = text("new_need", lang), None
        if isinstance(trigger, dict) and trigger.get("type") == ids.VISIT_NEED_BUTTON:
            blank["visit_id"] = str(trigger["index"])
        elif isinstance(trigger, dict) and trigger.get("type") == ids.NEED_EDIT_BUTTON:
            editing = str(trigger["index"])
            page = ask(current, lambda s: s.company(str(cvr)), lang)
            if isinstance(page, Refused):
                return (
                    *[no_update] * len(names),
                    None,
                    heading,
                    components.notice(page.message),
                    *[None] * len(names),
                )
            needs = page["needs"].set_index("need_id")
            if editing not in needs.index:
                return (
                    *[no_update] * len(names),
                    None,
                    heading,
                    components.notice(text("not_found", lang)),
                    *[None] * len(names),
                )
            row = needs.loc[editing].to_dict()
            blank = _from_stored(row, as_typed)
            heading = text("edit_need", lang).format(id=editing)
        return (*[blank[f] for f in names], editing, heading, None, *[None] * len(names))

    @app.callback(
        Output(ids.NEED_STATUS_MESSAGE, "children", allow_duplicate=True),
        *errors,
        Output(ids.COMPANY_REFRESH, "data", allow_duplicate=True),
        Output(ids.NEED_EDITING, "data", allow_duplicate=True),
        Output(ids.NEED_HEADING, "children", allow_duplicate=True),
        Input(ids.NEED_SAVE, "n_clicks"),
        State(ids.COMPANY_CVR, "data"),
        State(ids.NEED_EDITING, "data"),
        State(ids.COMPANY_REFRESH, "data"),
        *[State(fields[f], "value") for f in names],
        State(ids.SHELL_LANG, "value"),
        prevent_initial_call=True,
    )
    def save_need(_: int, cvr: str, editing: str | None, refresh: int | None, *values: Any) -> tuple:
        *typed, lang = values
        lang = language(lang)
        record = _need_record(dict(zip(names, typed, strict=True)), as_typed)
        keep = (no_update, no_update, no_update)
        if editing:
            done = ask_form(current, lambda s: s.save_need(record, need_id=str(editing)), lang)
        else:
            record.pop("status", None)
            done = ask_form(current, lambda s: s.save_need({**record, "cvr": str(cvr)}), lang)
        if isinstance(done, ValidationError):
            per_field, summary = workspace_view.field_errors(done.problems, names, fields, lang)
            return summary, *per_field, *keep
        if isinstance(done, Refused):
            return components.notice(done.message), *[None] * len(names), *keep
        need_id = str(done["need_id"])
        return (
            components.notice(text("need_saved", lang).format(id=need_id), ok=True),
            *[None] * len(names),
            (refresh or 0) + 1,
            need_id,
            text("edit_need", lang).format(id=need_id),
        )


def _from_stored(row: dict[str, Any], as_typed: str) -> dict[str, Any]:
    """A stored need as the form's values."""

    def t(value: object) -> str:
        return "" if value is None or (isinstance(value, float) and value != value) else str(value)

    occupation, title = t(row.get("occupation")), t(row.get("title"))
    coded = bool(_CODE_OR_URI.match(occupation))
    return {
        "title": title or ("" if coded else occupation),
        "occupation": occupation if coded else as_typed,
        "skills": t(row.get("skills")),
        "count": int(row.get("count") or 1),
        "kind": t(row.get("kind")) or "hire",
        "project": t(row.get("project")),
        "education_level_min": t(row.get("education_level_min")) or None,
        "deadline": from_iso(row.get("deadline")) or None,
        "visit_id": t(row.get("visit_id")) or None,
        "status": t(row.get("status")) or "open",
    }
