"""How the workspace pages show their data: the company list, a company's profile, visits, needs.

Pure rendering: frames and records in, Dash components out (no service calls). Dates and
numbers in Danish format (:mod:`dashboard.i18n`); a need's progress as counts only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import ids
from dashboard.i18n import format_date, format_number, text
from dashboard.i18n_workspace import FIELD_KEYS, problem_text
from lksmatch.errors import Problem

COMPANY_PATH = "/virksomheder"


def _t(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def company_href(cvr: object) -> str:
    """The path of a company's page."""
    return f"{COMPANY_PATH}/{_t(cvr)}"


def _num(value: object) -> html.Td:
    return html.Td(format_number(value if value is not None else 0), className="num")


def companies_table(frame: pd.DataFrame, lang: str = "da") -> Component:
    """The company list: name (a link to its page), CVR, municipality, open needs, visits, last visit."""
    if frame.empty:
        return html.P(text("not_found", lang), className="hint")
    head = html.Tr(
        [
            html.Th(text(k, lang), scope="col")
            for k in ("name", "cvr", "municipality", "needs_open", "visits", "last_visit")
        ]
    )
    rows = [
        html.Tr(
            [
                html.Td(dcc.Link(_t(r["name"]), href=company_href(r["cvr"]))),
                html.Td(_t(r["cvr"])),
                html.Td(_t(r.get("municipality_name")) or _t(r.get("municipality_code"))),
                _num(r["needs_open"]),
                _num(r["visits"]),
                html.Td(format_date(_t(r["last_visit"]) or None)),
            ]
        )
        for r in frame.to_dict("records")
    ]
    return html.Table([html.Thead(head), html.Tbody(rows)], className="candidates companies")


def follow_ups_list(frame: pd.DataFrame, lang: str = "da", *, limit: int | None = None) -> Component:
    """Follow-ups due: date (overdue ones marked), the company (a link) and the visit they follow;
    the first ``limit`` of them (the most recently due first), the rest counted.
    """
    if frame.empty:
        return html.P(text("follow_ups_none", lang), className="hint")
    ordered = frame.sort_values("follow_up", ascending=False)
    shown = ordered if limit is None else ordered.head(limit)
    summary = text("follow_ups_summary", lang).format(
        n=format_number(len(frame)), late=format_number(int(frame["overdue"].sum()))
    )
    items = []
    for r in shown.to_dict("records"):
        late: list[Component | str] = (
            [" ", html.Span(text("overdue", lang), className="badge late")] if r["overdue"] else []
        )
        items.append(
            html.Li(
                [
                    html.Strong(format_date(_t(r["follow_up"]) or None)),
                    *late,
                    " — ",
                    dcc.Link(_t(r["name"]), href=company_href(r["cvr"])),
                    html.Span(
                        f" ({text('visit_date', lang).lower()} {format_date(_t(r['date']) or None)})",
                        className="hint",
                    ),
                ]
            )
        )
    more = len(frame) - len(shown)
    tail = (
        [html.P(text("more_follow_ups", lang).format(n=format_number(more)), className="hint")]
        if more
        else []
    )
    return html.Div([html.P(summary, className="hint"), html.Ul(items, className="follow-ups"), *tail])


def _listed(heading: str, items: Sequence[Component], more: int, lang: str) -> list[Component]:
    shown: list[Component] = [html.H4(heading), html.Ul(list(items), className="follow-ups")]
    if more:
        shown.append(html.P(text("more_follow_ups", lang).format(n=format_number(more)), className="hint"))
    return shown


def waiting_list(
    found: Mapping[str, pd.DataFrame], lang: str = "da", *, limit: int = 10, match_href: str = "/match"
) -> Component:
    """What is waiting for the team: needs open after their deadline, and people contacted long
    ago without a next step (pseudonyms for the jobcentre, a count per need for the others).
    ``match_href``: the Match page's path (the app's own, behind a path prefix too).
    """
    overdue, contacts = found["overdue_needs"], found["waiting_contacts"]
    if overdue.empty and contacts.empty:
        return html.P(text("waiting_none", lang), className="hint")
    parts: list[Component] = []
    if not overdue.empty:
        items = [
            html.Li(
                [
                    dcc.Link(
                        _t(r["title"]) or _t(r.get("occupation_label")) or _t(r["occupation"]),
                        href=f"{match_href}?need={_t(r['need_id'])}",
                    ),
                    f" — {_t(r['name'])} ",
                    html.Span(
                        text("overdue_days", lang).format(
                            d=format_date(_t(r["deadline"]) or None), n=format_number(r["days_overdue"])
                        ),
                        className="badge late",
                    ),
                ]
            )
            for r in overdue.head(limit).to_dict("records")
        ]
        heading = text("overdue_needs", lang).format(n=format_number(len(overdue)))
        parts += _listed(heading, items, max(len(overdue) - limit, 0), lang)
    if not contacts.empty:
        persons = "person_id" in contacts.columns
        items = []
        for r in contacts.head(limit).to_dict("records"):
            if persons:
                who = _t(r["person_id"])
            else:
                counted = text("n_people", lang).format(n=format_number(r["n"]))
                who = text("n_person", lang) if r["n"] == 1 else counted
            items.append(
                html.Li(
                    [
                        html.Strong(who),
                        " — ",
                        dcc.Link(
                            _t(r["title"]) or _t(r["need_id"]), href=f"{match_href}?need={_t(r['need_id'])}"
                        ),
                        f", {_t(r['name'])} ",
                        html.Span(
                            text("contacted_days", lang).format(n=format_number(r["days"])), className="hint"
                        ),
                    ]
                )
            )
        total = len(contacts) if persons else int(contacts["n"].sum())
        heading = text("waiting_contacts", lang).format(n=format_number(total))
        parts += _listed(heading, items, max(len(contacts) - limit, 0), lang)
    return html.Div(parts)


def _yes_no(value: object, lang: str) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return text("unknown", lang)
    return text("yes" if bool(value) else "no", lang)


def profile(
    company: Mapping[str, Any],
    needs: pd.DataFrame,
    lks_name: str,
    lang: str = "da",
    staff_enrolled: Mapping[str, int] | None = None,
) -> Component:
    """The company's profile as a description list (programmes from its needs)."""
    projects = sorted({_t(p) for p in needs.get("project", pd.Series(dtype=object)).dropna() if _t(p)})
    address = ", ".join(v for v in (_t(company.get("address")), _t(company.get("postal_code"))) if v)
    pairs = [
        ("cvr", _t(company.get("cvr"))),
        ("address", address),
        ("municipality", _t(company.get("municipality_name"))),
        ("lks", lks_name),
        ("industry", _t(company.get("industry_code"))),
        (
            "employees",
            format_number(company.get("employees")) if company.get("employees") is not None else "",
        ),
        ("growth_company", _yes_no(company.get("growth_company"), lang)),
        ("programmes", ", ".join(text(p, lang) for p in projects) or text("programme_none", lang)),
    ]
    items: list[Component] = []
    for key, value in pairs:
        items += [html.Dt(text(key, lang)), html.Dd(value or "–")]
    upskilled = (staff_enrolled or {}).get("vaekst", 0)
    if "vaekst" in projects:  # the programme aims at upskilling a significant share of the staff
        employees = company.get("employees")
        shown = format_number(employees) if employees is not None else text("unknown", lang).lower()
        items += [
            html.Dt(text("vaekst", lang)),
            html.Dd(
                text("staff_upskilled", lang).format(
                    n=format_number(upskilled), employees=shown
                )
            ),
        ]
    return html.Dl(items, className="profile")


def _system_badges(systems: object, lang: str) -> list[Component]:
    return [html.Span(text(s, lang), className=f"badge system {s}") for s in _t(systems).split(";") if s]


def visits_timeline(visits: pd.DataFrame, lang: str = "da") -> Component:
    """The visits, newest first: date, kind, who took part (sambesøg marked), topics, note, follow-up."""
    if visits.empty:
        return html.P(text("no_visits", lang), className="hint")
    items = []
    for r in visits.to_dict("records"):
        head: list[Component | str] = [html.Strong(format_date(_t(r["date"]) or None, long=True))]
        if _t(r.get("kind")):
            head.append(f" · {text(_t(r['kind']), lang)}")
        if r.get("sambesoeg"):
            head += [" ", html.Span(text("sambesoeg", lang), className="badge sambesoeg")]
        body: list[Component] = [html.Div(head), html.Div(_system_badges(r["systems"], lang))]
        if _t(r.get("topics")):
            body.append(html.Div(", ".join(_t(r["topics"]).split(";")), className="topics"))
        if _t(r.get("note")):
            body.append(html.P(_t(r["note"]), className="visit-note"))
        if _t(r.get("follow_up")):
            body.append(
                html.Div(f"{text('follow_up', lang)}: {format_date(_t(r['follow_up']))}", className="hint")
            )
        body.append(
            html.Button(
                text("need_from_visit", lang),
                className="link-button",
                id={"type": ids.VISIT_NEED_BUTTON, "index": _t(r["visit_id"])},
            )
        )
        items.append(html.Li(body, className="visit"))
    return html.Ol(items, className="timeline")


def status_key(row: Mapping[str, Any]) -> str:
    """The text key of a need's status (an open need past its deadline is *overdue*)."""
    if row.get("status") == "open" and row.get("overdue"):
        return "status_overdue"
    return f"status_{_t(row.get('status')) or 'open'}"


def needs_table(
    needs: pd.DataFrame,
    good: Mapping[str, int],
    lang: str = "da",
    *,
    sees_persons: bool = False,
    match_href: str = "/match",
) -> Component:
    """The company's needs with status and what came of them, as counts (every system sees these)."""
    if needs.empty:
        return html.P(text("no_needs", lang), className="hint")
    keys = (
        "title",
        "count",
        "need_kind",
        "project",
        "deadline",
        "status",
        "good_candidates",
        "contacted",
        "accepted",
        "outcome_hired",
        "from_visit",
    )
    head = html.Tr(
        [html.Th(text(k, lang), scope="col") for k in keys]
        + [html.Th(html.Span(text("actions", lang), className="sr-only"), scope="col")]
    )
    rows = []
    for r in needs.to_dict("records"):
        row = {str(k): v for k, v in r.items()}
        need_id = _t(r["need_id"])
        title = _t(r.get("title")) or _t(r.get("occupation_label")) or _t(r.get("occupation"))
        label = _t(r.get("occupation_label"))
        isco = _t(r.get("isco_code"))
        occupation = f"{label} (ISCO {isco})" if label and isco else label
        actions: list[Component] = [
            html.Button(
                text("edit", lang),
                className="link-button",
                id={"type": ids.NEED_EDIT_BUTTON, "index": need_id},
            )
        ]
        if sees_persons and r.get("kind") == "hire":
            actions.append(dcc.Link(text("see_candidates", lang), href=f"{match_href}?need={need_id}"))
        good_cell = format_number(good.get(need_id)) if r.get("kind") == "hire" and need_id in good else "–"
        rows.append(
            html.Tr(
                [
                    html.Td(
                        [
                            html.Div(title),
                            html.Div(" · ".join(x for x in (occupation, need_id) if x), className="hint"),
                        ]
                    ),
                    _num(r.get("count")),
                    html.Td(text(_t(r.get("kind")) or "hire", lang)),
                    html.Td(text(_t(r["project"]), lang) if _t(r.get("project")) else "–"),
                    html.Td(format_date(_t(r.get("deadline")) or None)),
                    html.Td(text(status_key(row), lang), className=f"status {status_key(row)}"),
                    html.Td(good_cell, className="num"),
                    _num(r.get("n_contacted")),
                    _num(r.get("n_accepted")),
                    _num(r.get("n_hired")),
                    html.Td(_t(r.get("visit_id")) or "–"),
                    html.Td(actions, className="actions"),
                ]
            )
        )
    named = {"aria-label": text("needs", lang)}
    return html.Div(
        html.Table([html.Thead(head), html.Tbody(rows)], className="candidates needs"),
        className="scroll",
        tabIndex="0",
        role="region",
        **named,  # type: ignore[arg-type]  # Dash passes aria-* through
    )


def field(label: str, control: Component, field_id: str, *, hint: str | None = None) -> html.Div:
    """A form field: its label, the control, an optional hint and the place for its error."""
    parts: list[Component] = [html.Label(label, htmlFor=field_id), control]
    if hint:
        parts.append(html.Div(hint, className="hint"))
    parts.append(html.Div(id=ids.error_of(field_id), className="field-error", role="status"))
    return html.Div(parts, className="field")


def field_errors(
    problems: Sequence[Problem], fields: Sequence[str], field_id: Any, lang: str = "da"
) -> tuple[list[str | None], Component | None]:
    """Per field its error text (``None`` when it has none), and a summary of every problem."""
    by_field: dict[str, list[str]] = {}
    lines = []
    for p in problems:
        name = (
            text(FIELD_KEYS.get(p.column or "", "need"), lang) if p.column in FIELD_KEYS else (p.column or "")
        )
        sentence = problem_text(p.column, p.rule, lang, label=name)
        lines.append(html.Li(sentence))
        by_field.setdefault(p.column or "", []).append(sentence)
    per_field = ["; ".join(by_field[f]) if f in by_field else None for f in fields]
    summary = (
        html.Div(
            [html.P(text("form_problems", lang)), html.Ul(lines)], className="notice warning", role="alert"
        )
        if lines
        else None
    )
    return per_field, summary
