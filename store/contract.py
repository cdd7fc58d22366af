"""The import data contract (``PRODUCT.md``, "Data contract"): the columns of each kind.

One :class:`Column` per column: its name, the type its cells are checked as (see
:mod:`store.validation`), whether it is required or personal data, its default and its
choices. :data:`REFERENCES` names the columns that must point at a stored key. The web
forms (a need, a visit) are checked against the same contract as the files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from store import models


@dataclass(frozen=True)
class Column:
    """One column of the contract: name, value type, and how it is treated.

    ``multiline`` marks a free-text column (prose such as a note) whose values may hold
    line breaks; every other column is single-line.
    """

    name: str
    type: str
    required: bool = False
    personal: bool = False
    default: object = None
    choices: tuple[str, ...] = ()
    multiline: bool = False


def _c(name: str, type_: str, **kw: Any) -> Column:
    return Column(name, type_, **kw)


def _p(name: str, type_: str, **kw: Any) -> Column:
    """A personal-data column: its values are never shown in a report."""
    return Column(name, type_, personal=True, **kw)


_EDU = models.EDUCATION_LEVELS
CONTRACT: Mapping[str, tuple[Column, ...]] = {
    "companies": (
        _c("cvr", "cvr", required=True), _c("name", "text", required=True), _c("p_number", "p_number"),
        _c("address", "text"), _c("postal_code", "postal"), _c("municipality_code", "municipality"),
        _c("lat", "lat"), _c("lon", "lon"), _c("industry_code", "industry"), _c("employees", "count0"),
        _c("growth_company", "bool"),
    ),
    "needs": (
        _c("need_id", "id", required=True), _c("cvr", "cvr", required=True),
        _c("occupation", "text", required=True), _c("title", "text"), _c("skills", "list"),
        _c("count", "count", default=1), _c("kind", "enum", choices=models.NEED_KINDS, default="hire"),
        _c("project", "enum", choices=models.PROJECTS), _c("education_level_min", "enum", choices=_EDU),
        _c("deadline", "date"), _c("status", "enum", choices=models.NEED_STATUSES), _c("visit_id", "id"),
    ),
    "jobseekers": (
        _p("person_id", "person_id", required=True), _p("municipality_code", "municipality", required=True),
        _p("lat", "lat"), _p("lon", "lon"), _p("postal_code", "postal"), _p("occupations", "list"),
        _p("skills", "list"), _p("education_level", "enum", choices=_EDU), _p("max_commute_km", "distance"),
        _p("unemployed_since", "date"), _p("unemployment_ended", "date"), _p("available_from", "date"),
        _p("gender", "text"), _p("birth_year", "year"),
    ),
    "offers": (
        _c("offer_id", "id", required=True), _c("provider", "text", required=True),
        _c("title", "text", required=True), _c("course_code", "text"), _c("skills", "list"),
        _c("municipality_code", "municipality"), _c("postal_code", "postal"), _c("lat", "lat"),
        _c("lon", "lon"), _c("start_date", "date"), _c("duration_days", "count"), _c("seats", "count0"),
        _c("kind", "enum", choices=models.OFFER_KINDS), _c("open_to_unemployed", "bool"),
    ),
    "outcomes": (
        _c("need_id", "id", required=True), _c("person_id", "person_id", required=True, personal=True),
        _c("outcome", "enum", required=True, choices=models.OUTCOMES), _c("date", "date"),
    ),
    "visits": (
        _c("visit_id", "id", required=True), _c("cvr", "cvr", required=True),
        _c("date", "date", required=True),
        _c("systems", "systems", required=True), _c("kind", "enum", choices=models.VISIT_KINDS),
        _c("topics", "list"), _c("note", "text", multiline=True), _c("follow_up", "date"),
    ),
}  # fmt: skip
#: Which reference each kind's columns must satisfy: column -> name of the key set.
REFERENCES: Mapping[str, Mapping[str, str]] = {
    "needs": {"cvr": "cvr", "visit_id": "visit_id"},
    "visits": {"cvr": "cvr"},
    "outcomes": {"need_id": "need_id", "person_id": "person_id"},
}
