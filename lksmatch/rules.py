"""The domain's rules, each defined once: vocabularies, roles, levels, open needs, good candidates.

The ground floor beside :mod:`lksmatch.errors` and :mod:`lksmatch.config`: it imports no
other module of the project, so the pure packages (:mod:`geo`, :mod:`matching`,
:mod:`stats`), the store, the service and the web layer all read the same definition.
Change a rule here and every layer follows; a test per rule (``tests/test_rules.py``)
pins it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the vocabularies are read by `lksmatch --help`; pandas loads with the rules that count
    import pandas as pd

# --- vocabularies of the data contract (PRODUCT.md, "Data contract") --------------------------

NEED_KINDS = ("hire", "upskill")
PROJECTS = ("vaekst", "erhvervsfaglig")
#: A need's status: ``filled`` is set by hand, or when the people accepted or hired reach its
#: ``count``; ``cancelled`` is what the first wave stored as ``closed``.
NEED_STATUSES = ("open", "filled", "cancelled")
#: Education levels, lowest first (the order is used: "education against the minimum").
EDUCATION_LEVELS = (
    "grundskole",
    "gymnasial",
    "erhvervsfaglig",
    "kort videregående",
    "mellemlang videregående",
    "lang videregående",
)
OFFER_KINDS = ("AMU", "EUD", "other")
OUTCOMES = ("hired", "interviewed", "contacted", "not_hired")
#: What an LKS team can record on a candidate: the latest one is the person's state on the need.
DECISIONS = ("contacted", "interview", "accepted", "rejected", "withdrawn")
#: How ``lksmatch train`` reads a recorded decision as an outcome (PRODUCT.md: hired 3; interviewed,
#: interview and accepted 2; contacted 1; not_hired and rejected 0). ``withdrawn`` is no training
#: row: the person stepped back, which says nothing about the match.
DECISION_AS_OUTCOME: Mapping[str, str] = {
    "interview": "interviewed",
    "accepted": "interviewed",
    "rejected": "not_hired",
    "contacted": "contacted",
}
#: The outcomes an LKS team records on the page (``contacted`` is a decision there).
RECORDED_OUTCOMES = ("hired", "interviewed", "not_hired")
ASSIGN_METHODS = ("code", "point", "nearest", "postal", "none")
#: The kinds of import file; each is stored in the table of the same name.
IMPORT_KINDS = ("companies", "needs", "jobseekers", "offers", "outcomes", "visits")
#: How a visit was made.
VISIT_KINDS = ("fysisk", "virtuelt", "telefon")

# --- levels of the area statistics ------------------------------------------------------------

#: The levels a table of area statistics is published at.
LEVELS = ("lks", "municipality")
#: The file formats the area statistics are published in.
STATS_FORMATS = ("csv", "xlsx", "geojson", "gpkg", "html")
#: The formats of every other table the product writes.
TABLE_FORMATS = ("csv", "xlsx")
#: CSV field separators (``;`` for Danish Excel, with decimal commas).
CSV_SEPARATORS = (",", ";")

# --- roles (PRODUCT.md, "Roles") --------------------------------------------------------------

REGION, LKS, PLANNER, ADMIN = "region", "lks", "planner", "admin"
ROLES = (REGION, LKS, PLANNER, ADMIN)
#: Who may read the published (suppressed) aggregates.
AGGREGATE_ROLES = frozenset(ROLES)
#: Who works in an LKS workspace (companies, visits, needs of its own LKS; ``admin``: all). A
#: person-level row goes only to those of them who :func:`sees_persons`.
WORKSPACE_ROLES = frozenset({LKS, ADMIN})
#: Who may download the statistics exports.
EXPORT_ROLES = frozenset({REGION, PLANNER, ADMIN})
#: Who administers users.
ADMIN_ROLES = frozenset({ADMIN})

# --- the three systems of an LKS team (PRODUCT.md, "Roles") -----------------------------------

JOBCENTER, ERHVERVSSERVICE, UDDANNELSE = "jobcenter", "erhvervsservice", "uddannelse"
#: The systems an ``lks`` user belongs to (and a visit names as taking part).
SYSTEMS = (JOBCENTER, ERHVERVSSERVICE, UDDANNELSE)
#: The system of an ``lks`` user created before systems existed.
DEFAULT_SYSTEM = JOBCENTER
#: The only system whose users ever receive a person-level row (the others see counts).
PERSON_SYSTEMS = frozenset({JOBCENTER})
#: A visit with at least this many systems taking part is a *sambesøg*.
SAMBESOEG_MIN_SYSTEMS = 2
#: A person contacted more than this many days ago with no next step since is *waiting* (the
#: LKS's "what is waiting for us" list and the candidate cards).
CONTACT_WAITING_DAYS = 14


def sees_persons(role: str, system: str | None) -> bool:
    """Whether a caller of ``role`` (and, for ``lks``, ``system``) may receive a person-level row."""
    return role == ADMIN or (role == LKS and system in PERSON_SYSTEMS)

# --- open needs -------------------------------------------------------------------------------


def open_needs(needs: pd.DataFrame, today: dt.date) -> pd.Series:
    """Which needs are open on ``today``: status ``open`` and a deadline not yet passed.

    A missing or empty ``status`` is ``open``; a frame without the column holds open needs
    only. A missing, empty or unreadable ``deadline`` never closes a need; a deadline of
    ``today`` is still open.

    Returns
    -------
    pandas.Series
        Booleans aligned with ``needs``.
    """
    import pandas as pd

    if "status" in needs.columns:
        status = needs["status"].astype(object).where(needs["status"].notna(), "open")
        status = status.map(lambda s: str(s).strip() or "open")
    else:
        status = pd.Series("open", index=needs.index, dtype=object)
    if "deadline" in needs.columns:
        deadline = pd.to_datetime(needs["deadline"], errors="coerce")
        still = deadline.isna() | (deadline.dt.normalize() >= pd.Timestamp(today))
    else:
        still = pd.Series(True, index=needs.index)
    return (status == "open") & still


# --- good candidates (the coverage measure) ---------------------------------------------------

#: A good candidate: within their own commute limit, the same ISCO-08 minor group (3 digits) or
#: closer (``isco_distance`` at most 1), and at least half of the need's skills (IDF-weighted).
GOOD_CANDIDATE_MAX_ISCO_DISTANCE = 1
GOOD_CANDIDATE_MIN_SKILL_COVERAGE = 0.5


def good_candidates(ranked: pd.DataFrame) -> pd.Series:
    """Which ranked candidates are *good* (see :data:`GOOD_CANDIDATE_MAX_ISCO_DISTANCE`).

    Parameters
    ----------
    ranked
        Candidate rows with ``within_commute``, ``isco_distance`` and ``skill_coverage``.

    Returns
    -------
    pandas.Series
        Booleans aligned with ``ranked``.
    """
    return (
        ranked["within_commute"].astype(bool)
        & (ranked["isco_distance"] <= GOOD_CANDIDATE_MAX_ISCO_DISTANCE)
        & (ranked["skill_coverage"] >= GOOD_CANDIDATE_MIN_SKILL_COVERAGE)
    )


# --- candidate filters (the Match page and ``GET /needs/{id}/candidates?filter=``) ----------------

#: What a team may narrow a need's candidates to: within the person's own commute limit, the
#: need's education minimum met (or none asked), able to start by the deadline (or no deadline).
CANDIDATE_FILTERS = ("within_commute", "education_met", "available")


def candidate_filter(ranked: pd.DataFrame, name: str) -> pd.Series:
    """Which ``ranked`` candidates pass the filter ``name`` (one of :data:`CANDIDATE_FILTERS`).

    A level or a date that is not given never excludes: an unknown education level fails a
    minimum (as the explanation says, "uddannelse ukendt"), an unknown start date passes a
    deadline (as in the explanation: the person is taken to be able to start).
    """
    import pandas as pd

    if name == "within_commute":
        return ranked["within_commute"].fillna(False).astype(bool)
    if name == "education_met":
        level = {n: i for i, n in enumerate(EDUCATION_LEVELS)}
        has = ranked["education_level"].map(lambda v: level.get(str(v).strip().lower(), -1))
        minimum = ranked["education_level_min"].map(lambda v: level.get(str(v).strip().lower(), -1))
        return (minimum < 0) | (has >= minimum)
    if name == "available":
        start = pd.to_datetime(ranked["available_from"], errors="coerce")
        deadline = pd.to_datetime(ranked["deadline"], errors="coerce")
        return start.isna() | deadline.isna() | (start <= deadline)
    raise ValueError(f"no candidate filter {name!r}; expected one of {list(CANDIDATE_FILTERS)}")
