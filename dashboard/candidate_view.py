"""A hire need's candidates as profiles a caseworker can judge in ten seconds.

One card per candidate: the rank, pseudonym and score; the person's state on the need (the
latest decision or outcome, with who and when) and a button to pick them for the decision
form; then five facts, each measured against the need - skills (matched, with the person's
own wording beside the asked one, and missing), education against the minimum,
availability against the deadline, distance against the person's own commute limit - and
the course that closes the gap, with its dates, seats and the score after it. Whether a
fact meets the need is said in words and a sign, never by colour alone.

Pure presentation of what :meth:`lksmatch.access.SecureService.candidates` returned: the
filters are applied in the service (which logs only who is shown); the sort here only
reorders the rows shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd
from dash import html
from dash.development.base_component import Component

from dashboard.i18n import format_date, format_moment, format_number, text
from lksmatch import rules

#: The pattern id of a candidate card's pick button (``index``: the pseudonym).
PICK = "match-pick"
#: The orders a team can put the shown candidates in (``rank``: the ranker's).
SORTS = ("rank", "distance", "skills", "start")
#: After how many days a ``contacted`` person without a next step is waiting.
WAITING_DAYS = rules.CONTACT_WAITING_DAYS


def _t(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return ""
    return str(value)


def _num(value: object) -> float:
    """A number, or NaN for anything else (a missing value, text)."""
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")


def _list(value: object) -> list[str]:
    return [s.strip() for s in _t(value).split(";")]


def _tx(key: str, lang: str, **kw: object) -> str:
    return text(key, lang).format(**kw) if kw else text(key, lang)


def sort_candidates(frame: pd.DataFrame, order: str | None) -> pd.DataFrame:
    """The shown candidates in ``order`` (one of :data:`SORTS`; the rank breaks every tie)."""
    if frame.empty or order not in SORTS or order == "rank":
        return frame.sort_values("rank", kind="stable") if "rank" in frame else frame
    if order == "distance":
        key, ascending = pd.to_numeric(frame["distance_km"], errors="coerce"), True
    elif order == "skills":
        key, ascending = pd.to_numeric(frame["skill_coverage"], errors="coerce"), False
    else:  # start: an unknown date last
        key, ascending = pd.to_datetime(frame["available_from"], errors="coerce"), True
    ordered = frame.assign(_k=key).sort_values(
        ["_k", "rank"], ascending=[ascending, True], na_position="last"
    )
    return ordered.drop(columns="_k")


def latest_states(history: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Per pseudonym: the latest step on the need (``state``, ``username``, ``at``) in ``history``."""
    if history.empty or "person_id" not in history.columns:
        return {}
    latest: dict[str, Any] = {}
    for row in history.to_dict("records"):  # oldest first: the last one wins
        latest[_t(row["person_id"])] = row
    return latest


def _sign(ok: bool | None, lang: str) -> html.Span:
    if ok is None:
        return html.Span(["? ", text("not_given", lang)], className="fact-sign unknown")
    return html.Span(
        ["✓ " if ok else "✗ ", text("met" if ok else "not_met", lang)],
        className="fact-sign " + ("ok" if ok else "no"),
    )


def _skills(row: Mapping[str, Any], lang: str) -> list[Any]:
    matched, wording = _list(row.get("matched_skills")), _list(row.get("matched_as"))
    matched = [m for m in matched if m]
    missing = [m for m in _list(row.get("missing_skills")) if m]
    k = len(matched) + len(missing)
    if not k:
        return [html.Span(text("no_minimum", lang))]
    chips: list[Any] = []
    for i, skill in enumerate(matched):
        own = wording[i] if i < len(wording) else ""
        label = f"{skill} ({text('as_wording', lang)} {own})" if own else skill
        chips.append(html.Li(["✓ ", label], className="chip has"))
    chips += [html.Li(["✗ ", f"{text('lacks', lang)}: {s}"], className="chip lacks") for s in missing]
    return [
        html.Span(_tx("skills_n_of_k", lang, n=len(matched), k=k), className="fact-value"),
        html.Ul(chips, className="chips"),
    ]


def _education(row: Mapping[str, Any], lang: str) -> list[Any]:
    has, need = _t(row.get("education_level")), _t(row.get("education_level_min"))
    levels = {n: i for i, n in enumerate(rules.EDUCATION_LEVELS)}
    minimum = f"{text('minimum', lang)}: {need}" if need else text("no_minimum", lang)
    ok = None if need and has not in levels else (not need or levels[has] >= levels.get(need, -1))
    return [
        html.Span(has or text("not_given", lang), className="fact-value"),
        f" ({minimum}) ",
        _sign(ok, lang),
    ]


def _start(row: Mapping[str, Any], today: dt.date, lang: str) -> list[Any]:
    start, deadline = _t(row.get("available_from"))[:10], _t(row.get("deadline"))[:10]
    shown = format_date(start) if start and start > today.isoformat() else text("now", lang)
    if not deadline:
        return [html.Span(shown, className="fact-value"), f" ({text('no_deadline', lang)})"]
    ok = not start or start <= deadline
    when = _tx("before_deadline" if ok else "after_deadline", lang, d=format_date(deadline))
    return [html.Span(shown, className="fact-value"), f" ({when}) ", _sign(ok, lang)]


def _distance(row: Mapping[str, Any], lang: str) -> list[Any]:
    km = row.get("distance_km")
    given = _num(row.get("max_commute_km"))
    limit = format_number(row.get("commute_limit_km"), 0)
    cap = _tx("max_km", lang, km=limit) if given == given else _tx("max_assumed", lang, km=limit)
    ok = bool(row.get("within_commute"))
    return [html.Span(f"{format_number(km, 1)} km", className="fact-value"), f" ({cap}) ", _sign(ok, lang)]


def _course(row: Mapping[str, Any], lang: str) -> list[Any]:
    if not [m for m in _list(row.get("missing_skills")) if m]:
        return [html.Span(text("no_course_needed", lang))]
    title = _t(row.get("offer_title"))
    if not title:
        return [html.Span(text("no_course_found", lang))]
    start = format_date(_t(row.get("offer_start")) or None) or text("ongoing", lang)
    seats = _num(row.get("offer_seats_left"))
    parts = [f"{title} — {_t(row.get('offer_provider'))}, {start}"]
    if seats == seats:
        parts.append(_tx("seats_n", lang, n=format_number(seats)))
    after = _num(row.get("score_after"))
    shown: list[Any] = [html.Span(", ".join(parts), className="fact-value")]
    if after == after:
        before = _num(row.get("score"))
        digits = 2 if round(after, 2) != round(before, 2) else 3  # the change must show
        shown.append(
            html.Span(
                f" → {text('score_after', lang)} {format_number(after, digits)} "
                f"({text('score', lang).lower()} {format_number(before, digits)}"
                + ("" if after > before else f", {text('no_gain', lang)}")
                + ")",
                className="score-after",
            )
        )
    return shown


def _state(person: str, state: Mapping[str, Any] | None, today: dt.date, lang: str) -> Component:
    if not state:
        return html.P(text("state_none", lang), className="state none")
    at = state.get("at")
    moment = format_moment(at) if isinstance(at, dt.datetime) else ""
    line = _tx(
        "state_by",
        lang,
        state=text(_t(state["state"]), lang),
        when=moment,
        who=_t(state.get("username")) or "import",
    )
    waiting = None
    if _t(state["state"]) == "contacted" and isinstance(at, dt.datetime):
        days = (today - at.date()).days
        if days > WAITING_DAYS:
            waiting = html.Strong(f" — {_tx('waiting_days', lang, n=days)}", className="waiting")
    return html.P([line, waiting], className=f"state {_t(state['state'])}")


def candidate_card(
    row: Mapping[str, Any], state: Mapping[str, Any] | None, today: dt.date, lang: str = "da"
) -> html.Li:
    """One candidate: head (rank, pseudonym, score, state, pick) and the facts against the need."""
    person = _t(row["person_id"])
    facts = [
        ("fact_occupations", [html.Span(", ".join(o for o in _list(row.get("occupations")) if o) or "–")]),
        ("fact_skills", _skills(row, lang)),
        ("fact_education", _education(row, lang)),
        ("fact_start", _start(row, today, lang)),
        ("fact_distance", _distance(row, lang)),
        ("fact_course", _course(row, lang)),
    ]
    items: list[Any] = []
    for key, value in facts:
        items += [html.Dt(text(key, lang)), html.Dd(value)]
    heading = f"{format_number(row.get('rank'))}. {person}"
    return html.Li(
        html.Article(
            [
                html.Div(
                    [
                        html.H4(heading, className="candidate-name"),
                        html.Span(
                            f"{text('score', lang)} {format_number(row.get('score'), 2)}", className="score"
                        ),
                        html.Button(
                            _tx("pick", lang, p=person),
                            id={"type": PICK, "index": person},
                            n_clicks=0,
                            className="secondary pick",
                        ),
                    ],
                    className="candidate-head",
                ),
                _state(person, state, today, lang),
                html.Dl(items, className="facts"),
                html.Details(
                    [html.Summary(text("whole_explanation", lang)), html.P(_t(row.get("explanation")))],
                    className="why",
                ),
            ],
            **{"aria-label": heading},  # type: ignore[arg-type]  # Dash passes aria-* through
        ),
        className="candidate",
    )


def candidate_list(
    frame: pd.DataFrame,
    history: pd.DataFrame,
    today: dt.date,
    lang: str = "da",
    *,
    order: str | None = "rank",
) -> Component:
    """The cards of the shown candidates in ``order``."""
    states = latest_states(history)
    rows: list[dict[str, Any]] = sort_candidates(frame, order).to_dict("records")  # type: ignore[assignment]
    return html.Ol(
        [candidate_card(r, states.get(_t(r["person_id"])), today, lang) for r in rows],
        className="candidate-list",
    )
