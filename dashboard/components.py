"""Pure functions: published data in, map styling and Dash components out.

Nothing here calls the service, reads a file or knows about a request; the callbacks
of :mod:`dashboard.pages` hand their service result to one of these. Every value from
data becomes text (``html.Td(str)``), never HTML. The colours and classes are those of
the HTML export (:mod:`stats.maps`), so a map looks the same in both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
from dash import html

from dashboard.i18n import format_date, format_measure, format_number, text
from stats.labels import MEASURE_LABELS_DA, MEASURE_LABELS_EN, unit
from stats.maps import NO_VALUE_FILL, class_breaks, fill_of, measure_values

#: The measures the map can be coloured by, in menu order (present ones only are offered).
MAP_MEASURES = (
    "companies",
    "growth_companies",
    "needs_open",
    "jobseekers",
    "coverage_rate",
    "needs_with_candidate",
    "offer_seats_free",
    "matches_accepted",
    "visits_12m",
    "sambesoeg_12m",
    "share_visits_two_systems",
    "share_visits_three_systems",
    "companies_visited_12m",
    "needs_filled",
    "people_hired",
    "staff_enrolled",
)
DEFAULT_MEASURE = "companies"
#: Outline of every area; the JS style function (assets/map.js) adds the fill from the hideout.
AREA_STYLE = {"color": "#4d4d4d", "weight": 1, "fillOpacity": 0.85}
#: A level table with no rows (for a details panel before anything is clicked).
EMPTY_TABLE = pd.DataFrame({"level": [], "area_id": [], "area_name": []})
CANDIDATE_COLUMNS = ("rank", "person_id", "score", "explanation", "missing_skills", "suggested_offers")


#: Short column heads for the table beside the map (the full label is the head's tooltip).
SHORT_LABELS = {
    "da": {
        "growth_companies": "Vækstvirks.",
        "needs_with_candidate": "Behov med god kandidat",
        "coverage_rate": "Dækning",
        "offer_seats_free": "Ledige pladser",
        "matches_accepted": "Accept. match",
        "visits_12m": "Besøg 12 mdr.",
        "sambesoeg_12m": "Sambesøg 12 mdr.",
        "share_visits_two_systems": "Andel sambesøg",
        "share_visits_three_systems": "Andel alle tre",
        "companies_visited_12m": "Besøgte virks.",
        "needs_filled": "Besatte behov",
        "people_hired": "Ansatte",
        "staff_enrolled": "Medarb. på kursus",
    },
    "en": {
        "growth_companies": "Growth cos.",
        "needs_with_candidate": "Needs with a good candidate",
        "coverage_rate": "Coverage",
        "offer_seats_free": "Free seats",
        "matches_accepted": "Accepted",
        "visits_12m": "Visits 12 mo.",
        "sambesoeg_12m": "Joint visits 12 mo.",
        "share_visits_two_systems": "Share joint",
        "share_visits_three_systems": "Share all three",
        "companies_visited_12m": "Cos. visited",
        "needs_filled": "Needs filled",
        "people_hired": "Hired",
        "staff_enrolled": "Staff on courses",
    },
}


def label(column: str, lang: str = "da") -> str:
    """The display label of a measure column."""
    labels = MEASURE_LABELS_DA if lang == "da" else MEASURE_LABELS_EN
    return labels.get(column, column)


def area_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The area rows of a level table (the region total row dropped)."""
    if "level" in table.columns:
        return table[table["level"] != "region"].reset_index(drop=True)
    return table.reset_index(drop=True)


def map_measures(table: pd.DataFrame) -> list[str]:
    """The map measures that ``table`` has, in menu order."""
    return [m for m in MAP_MEASURES if m in table.columns]


def measure_options(table: pd.DataFrame, lang: str = "da") -> list[dict[str, str]]:
    """Dropdown options for the map measures of ``table``."""
    return [{"label": label(m, lang), "value": m} for m in map_measures(table)]


def map_hideout(table: pd.DataFrame, measure: str) -> dict[str, Any]:
    """What the browser needs to colour the map: a fill colour and a shown value per ``area_id``.

    Suppressed (``<5``/``x``) and missing values get :data:`~stats.maps.NO_VALUE_FILL`.
    """
    if measure not in table.columns:
        raise ValueError(f"`measure` was {measure!r} but is expected to be one of {map_measures(table)}")
    areas = area_rows(table)
    values = measure_values(areas, measure)
    breaks = class_breaks(values)
    ids = [str(a) for a in areas["area_id"]]
    return {
        "measure": measure,
        "fill": {a: fill_of(v, breaks) for a, v in zip(ids, values, strict=True)},
        "shown": {a: format_measure(measure, v) for a, v in zip(ids, areas[measure], strict=True)},
    }


def legend_entries(table: pd.DataFrame, measure: str, lang: str = "da") -> list[tuple[str, str]]:
    """(colour, text) per class of the map, lowest first; a last entry for hidden values if any."""
    values = measure_values(area_rows(table), measure)
    breaks = class_breaks(values)
    known = sorted(v for v in values if v is not None)
    entries = []
    lower: float | None = None
    for bound in breaks:
        members = [v for v in known if (lower is None or v > lower) and v <= bound]
        low = members[0] if members else bound
        shown = format_measure(measure, low)
        if low != bound:
            shown = f"{shown} – {format_measure(measure, bound)}"
        entries.append((fill_of(bound, breaks), shown))
        lower = bound
    if any(v is None for v in values):
        entries.append((NO_VALUE_FILL, text("no_value", lang)))
    return entries


def legend(table: pd.DataFrame, measure: str, lang: str = "da") -> html.Div:
    """The map legend: a title and one swatch per class."""
    items = [
        html.Li([html.Span(className="swatch", style={"backgroundColor": colour}), html.Span(str(shown))])
        for colour, shown in legend_entries(table, measure, lang)
    ]
    measured = unit(measure, lang)
    title = f"{label(measure, lang)} ({measured})" if measured else label(measure, lang)
    return html.Div([html.H4(title), html.Ul(items, className="legend-list")])


def selected_column_class(measure: object) -> str:
    """The class of the table's wrapper that highlights the column of ``measure`` (CSS in assets)."""
    return f"scroll sel-{measure}" if measure in MAP_MEASURES else "scroll"


def stats_table(table: pd.DataFrame, lang: str = "da") -> html.Table:
    """The table beside the map: one row per area (region total last), the map measures as columns.

    It does not depend on the chosen measure: every cell of measure ``m`` has the class
    ``col-m``, and the wrapper's class (:func:`selected_column_class`, set in the browser)
    highlights one column, so a change of measure does not resend the table.
    """
    measures = map_measures(table)
    head = html.Tr(
        [html.Th(label("area_name", lang))]
        + [
            html.Th(
                SHORT_LABELS.get(lang, {}).get(m, label(m, lang)),
                title=label(m, lang),
                className=f"col-{m}",
            )
            for m in measures
        ]
    )
    rows = []
    for record in table.to_dict("records"):
        total = record.get("level") == "region"
        cells = [html.Td(str(record["area_name"]))] + [
            html.Td(format_measure(m, record[m]), className=f"num col-{m}") for m in measures
        ]
        rows.append(
            html.Tr(cells, className="total" if total else None, **{"data-area": str(record["area_id"])})  # type: ignore[arg-type]
        )
    return html.Table([html.Thead(head), html.Tbody(rows)], className="stats")


def area_details(
    table: pd.DataFrame, area_id: str | None, lang: str = "da", *, first: html.Div | None = None
) -> html.Div:
    """Every published figure of one area (a hint when ``area_id`` is unknown or ``None``); ``first``
    (the chosen measure's trend) comes between the area's name and its figures.
    """
    match = table[table["area_id"].astype(str) == str(area_id)] if area_id is not None else table.iloc[0:0]
    if match.empty:
        return html.Div(text("area_hint", lang), className="hint")
    record = match.iloc[0].to_dict()
    measures = [c for c in table.columns if c not in ("level", "area_id", "area_name", "lks_id")]
    rows = [
        html.Tr([html.Td(label(m, lang)), html.Td(format_measure(m, record[m]), className="num")])
        for m in measures
    ]
    figures = html.Table(html.Tbody(rows), className="details")
    return html.Div([html.H3(str(record["area_name"]))] + ([first] if first is not None else []) + [figures])


def notice(message: str, *, ok: bool = False) -> html.Div:
    """A short message in place of a result (no access, not found, nothing chosen; ``ok``: done)."""
    return html.Div(str(message), className="notice ok" if ok else "notice", role="status")


# --- Match ------------------------------------------------------------------------------


def ranker_note(ranker: str, problem: str | None, lang: str = "da") -> html.Div | html.P:
    """Which ranker ranked the candidates: the trained model, the rules, or the rules because the
    model is damaged (a warning; the reason, which names server files, is in the server's log).
    """
    if ranker == "trained":
        return html.P(text("ranked_by_model", lang), className="ranker")
    if problem:
        return html.Div(text("model_unusable", lang), className="notice warning ranker", role="alert")
    return html.P(text("ranked_by_rules", lang), className="ranker")



def need_counts(counts: Mapping[str, int], lang: str = "da") -> html.Div:
    """What came of a need as counts (for the systems that never see a person)."""
    rows = [("good_candidates", counts.get("good_candidates", 0)), ("contacted", counts.get("contacted", 0)),
            ("accepted", counts.get("accepted", 0)), ("rejected", counts.get("rejected", 0)),
            ("outcome_hired", counts.get("hired", 0))]
    body = [html.Tr([html.Th(text(k, lang), scope="row"), html.Td(format_number(v), className="num")])
            for k, v in rows]
    table = html.Table(html.Tbody(body), className="details counts")
    return html.Div([html.P(text("counts_only", lang)), table])


def _cell_text(value: object) -> str:
    """A cell from data as plain text: lists joined with ``, ``, missing as empty."""
    if value is None:
        return ""
    if isinstance(value, float) and value != value:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_cell_text(v) for v in value)
    return str(value)


def company_options(needs: pd.DataFrame) -> list[dict[str, str]]:
    """One option per company that has a need: its name (or CVR) as label, CVR as value."""
    if needs.empty:
        return []
    name_col = next((c for c in ("company_name", "name") if c in needs.columns), "cvr")
    firms = needs[["cvr", name_col]].drop_duplicates("cvr").sort_values(name_col)
    return [
        {"label": _cell_text(n), "value": _cell_text(c)}
        for c, n in zip(firms["cvr"], firms[name_col], strict=True)
    ]


def need_options(needs: pd.DataFrame, cvr: str | None, lang: str = "da") -> list[dict[str, str]]:
    """The needs of company ``cvr`` as dropdown options (title or occupation, and the need id)."""
    if needs.empty or not cvr:
        return []
    mine = needs[needs["cvr"].astype(str) == str(cvr)]
    options = []
    for record in mine.to_dict("records"):
        title = _cell_text(record.get("title")) or _cell_text(record.get("occupation"))
        deadline = format_date(_cell_text(record.get("deadline")) or None)
        due = f" – {text('deadline', lang).lower()} {deadline}" if deadline else ""
        options.append(
            {"label": f"{title} ({record['need_id']}){due}", "value": _cell_text(record["need_id"])}
        )
    return options


def _score(value: object) -> str:
    return format_number(value, 2) if isinstance(value, int | float) else _cell_text(value)


def candidates_table(candidates: pd.DataFrame, lang: str = "da") -> html.Div | html.Table:
    """Ranked candidates: rank, pseudonym, score, explanation, missing skills, suggested courses."""
    if candidates.empty:
        return notice(text("no_candidates", lang))
    columns = [c for c in CANDIDATE_COLUMNS if c in candidates.columns]
    head = html.Tr([html.Th(text(c, lang)) for c in columns])
    rows = [
        html.Tr([html.Td(_score(r[c]) if c == "score" else _cell_text(r[c])) for c in columns])
        for r in candidates.to_dict("records")
    ]
    return html.Table([html.Thead(head), html.Tbody(rows)], className="candidates")


def person_options(candidates: pd.DataFrame) -> list[dict[str, str]]:
    """The candidates as options for the decision form (rank and pseudonym)."""
    if candidates.empty:
        return []
    return [
        {
            "label": f"{_cell_text(r.get('rank'))}. {_cell_text(r['person_id'])}",
            "value": _cell_text(r["person_id"]),
        }
        for r in candidates.to_dict("records")
    ]


def option_list(values: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    """(value, label) pairs as dropdown options, labels as text."""
    return [{"label": str(lab), "value": str(val)} for val, lab in values]


def lks_options(areas: pd.DataFrame | Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """LKS dropdown options from the service's ``areas()``.

    The frame has ``lks_id``/``lks_name`` or ``area_id``/``area_name``.
    """
    frame = pd.DataFrame(areas)
    if frame.empty:
        return []
    ident = "lks_id" if "lks_id" in frame.columns else "area_id"
    name = "lks_name" if "lks_name" in frame.columns else "area_name"
    frame = frame.drop_duplicates(ident)
    return option_list(zip(frame[ident], frame[name], strict=True))
