"""The columns of the area statistics: levels, identification columns and every measure, in table order.

The one definition of what a published table holds (see :mod:`stats.measures` for what
each column counts and :mod:`stats.labels` for its Danish and English label).
"""

from __future__ import annotations

from geo.boundaries import REGION_ISO
from lksmatch.rules import EDUCATION_LEVELS as _CONTRACT_EDUCATION_LEVELS
from lksmatch.rules import LEVELS

__all__ = ["LEVELS"]

#: ``area_id`` and ``area_name`` of the region total row.
REGION_ID = REGION_ISO
REGION_NAME = "Region Midtjylland"
#: Identification columns, first in every table.
ID_COLUMNS = ("level", "area_id", "area_name", "lks_id")

ISCO_GROUPS = (*(str(d) for d in range(10)), "unknown")
KINDS = ("hire", "upskill")
PROGRAMMES = ("vaekst", "erhvervsfaglig")
#: ``education_level`` values of the data contract -> the id used in column names (ASCII).
EDUCATION_LEVELS: dict[str, str] = {
    level: level.replace(" ", "_").replace("å", "aa") for level in _CONTRACT_EDUCATION_LEVELS
}
DURATION_BANDS = ("lt3m", "3to12m", "gt12m", "unknown")

COMPANY_COLUMNS = ("companies", "growth_companies", "companies_with_open_need")
NEEDS_ISCO_COLUMNS = tuple(f"needs_isco_{g}" for g in ISCO_GROUPS)
PEOPLE_ASKED_ISCO_COLUMNS = tuple(f"people_asked_isco_{g}" for g in ISCO_GROUPS)
NEEDS_KIND_COLUMNS = tuple(f"needs_{k}" for k in KINDS)
PEOPLE_ASKED_KIND_COLUMNS = tuple(f"people_asked_{k}" for k in KINDS)
NEEDS_PROGRAMME_COLUMNS = (*(f"needs_{p}" for p in PROGRAMMES), "needs_no_programme")
PEOPLE_ASKED_PROGRAMME_COLUMNS = (*(f"people_asked_{p}" for p in PROGRAMMES), "people_asked_no_programme")
NEED_COLUMNS = (
    "needs_open",
    "people_asked",
    *NEEDS_ISCO_COLUMNS,
    *PEOPLE_ASKED_ISCO_COLUMNS,
    *NEEDS_KIND_COLUMNS,
    *PEOPLE_ASKED_KIND_COLUMNS,
    *NEEDS_PROGRAMME_COLUMNS,
    *PEOPLE_ASKED_PROGRAMME_COLUMNS,
)
COVERAGE_COLUMNS = ("needs_with_candidate", "coverage_rate")
JOBSEEKER_EDU_COLUMNS = (
    *(f"jobseekers_edu_{v}" for v in EDUCATION_LEVELS.values()),
    "jobseekers_edu_unknown",
)
JOBSEEKER_DURATION_COLUMNS = tuple(f"jobseekers_unemployed_{b}" for b in DURATION_BANDS)
JOBSEEKER_COLUMNS = ("jobseekers", *JOBSEEKER_EDU_COLUMNS, *JOBSEEKER_DURATION_COLUMNS)
OFFER_COLUMNS = ("offers", "offers_open_to_unemployed", "offer_seats_free")
DECISION_COLUMNS = ("decisions", "matches_accepted")
#: What came of the needs (:mod:`stats.results`): people hired, company staff enrolled on courses.
RESULT_COLUMNS = (
    "people_hired",
    "people_hired_erhvervsfaglig",
    "staff_enrolled",
    "staff_enrolled_vaekst",
    "staff_enrolled_erhvervsfaglig",
)
#: The partnership's visits in the 12 months up to the statistics day (:mod:`stats.partnership`).
VISIT_COLUMNS = (
    "visits_12m",
    "sambesoeg_12m",
    "share_visits_two_systems",
    "share_visits_three_systems",
    "companies_visited_12m",
    "visits_12m_vaekst",
)
#: Needs with status ``filled``, and those of each programme.
NEEDS_FILLED_COLUMNS = ("needs_filled", *(f"needs_filled_{p}" for p in PROGRAMMES))
#: The partnership measures: counts of companies' visits and needs, published as they are.
PARTNERSHIP_COLUMNS = (*VISIT_COLUMNS, *NEEDS_FILLED_COLUMNS)
#: Every measure column in table order (the coverage columns only when computed).
MEASURES = (
    *COMPANY_COLUMNS,
    *NEED_COLUMNS,
    *COVERAGE_COLUMNS,
    *JOBSEEKER_COLUMNS,
    *OFFER_COLUMNS,
    *DECISION_COLUMNS,
    *RESULT_COLUMNS,
    *PARTNERSHIP_COLUMNS,
)
#: The ratios (0-1, three decimals, NaN when the denominator is 0): column -> (numerator,
#: denominator), recomputed in every row from its counts. ``visits_three_systems_12m`` is
#: counted for its share only and is not a column of the table.
RATIOS: dict[str, tuple[str, str]] = {
    "coverage_rate": ("needs_with_candidate", "needs_open"),
    "share_visits_two_systems": ("sambesoeg_12m", "visits_12m"),
    "share_visits_three_systems": ("visits_three_systems_12m", "visits_12m"),
}
#: The ratio columns (shown as percentages).
RATIO_COLUMNS = tuple(RATIOS)
#: Counts of persons: the columns :mod:`stats.disclosure` protects.
PEOPLE_COLUMNS = (*JOBSEEKER_COLUMNS, *DECISION_COLUMNS, *RESULT_COLUMNS)

