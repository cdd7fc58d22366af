"""Access control: the only object the web layer (Dash callbacks, the JSON API) calls.

:class:`SecureService` wraps the :class:`~lksmatch.service.Service` for one caller (a
:class:`~lksmatch.auth.Principal` read from the server-side session). Every method
checks the caller's role and LKS before it touches data - deny by default: a method
lists the roles it allows, and anything not listed is refused. A refusal raises
:class:`~lksmatch.errors.PermissionDenied` and is written to the audit log as action
``forbidden``; every job seeker returned to a caller is written to the audit log as
``read_candidate`` (who, when, which person, for which need and why). A decision is
accepted only for a person so shown for that need - to the caller, or for an ``lks``
user to anyone of the same LKS team; any other person id is refused and logged.

What each role may do (``../shared/PRODUCT.md``, "Roles"):

===================================  ======  ===============  =======  =====
method                               region  lks              planner  admin
===================================  ======  ===============  =======  =====
areas, area_stats, stats_stamp,      yes     yes              yes      yes
stats_trend, occupations
needs, ranker, need_counts           -       own LKS          -        yes
companies, company, follow_ups       -       own LKS          -        yes
record_visit, save_need              -       own LKS          -        yes
need_detail, history, need_offers,   -       own LKS          -        yes
enrolments, enrol, waiting
candidates, record_decision,         -       own LKS, jc      -        yes
record_outcome, shortlist
export_list, export_list_bytes       -       own LKS          -        yes
export_stats, export_stats_bytes     yes     -                yes      yes
add_user, users, set_user_active,    -       -                -        yes
create_user_with_link, reset_link,
update_user
import_upload, audit_search,         -       -                -        yes
access_report, erase_person
model_card, start_training,          -       -                -        yes
restore_previous_model, fairness
===================================  ======  ===============  =======  =====

"jc": an ``lks`` user of the jobcentre (system ``jobcenter``). The two other systems of a
team (``erhvervsservice``, ``uddannelse``) work on the same companies, visits and needs but
never receive a person: they see counts (:meth:`SecureService.need_counts`), and every
person-level method refuses them (403, logged), as it refuses another LKS.

``region`` and ``planner`` only ever receive the suppressed aggregates of
:meth:`Service.area_stats`, never a person-level row.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from lksmatch.access_admin import AdminAccess
from lksmatch.access_model import ModelAccess

# the limits of the need methods, importable from here as before
from lksmatch.access_needs import (
    MAX_PERSON_ID_LENGTH,
    MAX_REASON_LENGTH,
    MAX_TOP,
    WITHHELD_PERSON_FIELDS,
    NeedAccess,
)
from lksmatch.access_users import UserAccess
from lksmatch.errors import Problem, UsageError, ValidationError
from lksmatch.rules import (
    AGGREGATE_ROLES,
    EXPORT_ROLES,
    LEVELS,
    WORKSPACE_ROLES,
    open_needs,
)

__all__ = [
    "MAX_PERSON_ID_LENGTH", "MAX_REASON_LENGTH", "MAX_TOP", "WITHHELD_PERSON_FIELDS",
    "SecureService", "records",
]  # fmt: skip


class SecureService(AdminAccess, ModelAccess, UserAccess, NeedAccess):
    """The service as seen by one logged-in caller; see the module docstring for the rules."""

    # --- aggregates -------------------------------------------------------------------------

    def area_stats(self, level: str) -> pd.DataFrame:
        """The published (suppressed) statistics of ``level`` and the region row. Every role."""
        self._require_role(AGGREGATE_ROLES, "area statistics")
        if level not in LEVELS:
            raise UsageError(f"`level` was {level!r} but is expected to be one of {list(LEVELS)}")
        return self._service.area_stats().level(level)

    def stats_stamp(self) -> dict[str, object]:
        """Which statistics snapshot is published now: ``snapshot_id``, ``computed_at``, ``current``."""
        self._require_role(AGGREGATE_ROLES, "area statistics")
        snapshot = self._service.stats_snapshot()
        return {"snapshot_id": snapshot.snapshot_id, "computed_at": snapshot.computed_at,
                "current": snapshot.current}

    def stats_trend(self, level: str, measure: str) -> pd.DataFrame:
        """One published measure per area, month by month. Every role (published figures only)."""
        self._require_role(AGGREGATE_ROLES, "area statistics")
        return self._service.stats_trend(level, measure)

    def areas(self) -> pd.DataFrame:
        """The 15 LKS areas (``area_id``, ``area_name`` and their aggregates). Every role."""
        table = self.area_stats("lks")
        return table[table["level"] == "lks"].reset_index(drop=True)

    def export_stats(self, level: str, fmt: str, out: Path) -> Path:
        """Write the published statistics of ``level`` as ``fmt`` to ``out`` (region, planner, admin)."""
        self._require_role(EXPORT_ROLES, "exports", record_kind="export", record_id=f"{level}.{fmt}")
        path = self._service.export_stats(level, fmt, out)
        self._audit("export_stats", record_kind="export", record_id=f"{level}.{fmt}")
        return path

    def export_list(self, kind: str, fmt: str, out: Path, *, lks_id: str | None = None) -> Path:
        """An LKS's company or need list as csv/xlsx (lks: its own LKS; admin: any). Never job seekers."""
        wanted = self._list_lks(kind, fmt, lks_id)
        path = self._service.export_lks_list(wanted, kind, fmt, out)
        self._audit("export_list", record_kind="export", record_id=f"{wanted}.{kind}.{fmt}")
        return path

    # --- the workspace: companies, visits, needs --------------------------------------------

    def companies(self, lks_id: str | None = None, *, query: str | None = None) -> pd.DataFrame:
        """The companies of one LKS with open needs and the last visit (lks: own LKS; admin: any)."""
        self._require_role(WORKSPACE_ROLES, "the company list", record_kind="lks", record_id=lks_id)
        wanted = self._own_lks(lks_id, "companies", "the companies of another LKS")
        return self._service.workspace.companies(wanted, query=query)

    def company(self, cvr: str) -> dict[str, Any]:
        """A company's page: ``profile``, ``visits``, ``needs`` (with counts, never persons) and ``good``
        (per open hire need: how many of its ten best-ranked candidates are good).
        """
        profile = self._company(cvr, "this company")
        needs = self._service.workspace.needs(cvr)
        found = self._service.occupation_of(needs["occupation"].astype(str).tolist())
        needs["isco_code"] = [isco for isco, _, _ in found]
        needs["occupation_label"] = [label for _, _, label in found]
        today = self._service.today()
        hire = open_needs(needs, today) & (needs["kind"] == "hire")
        open_hire = needs.loc[hire, "need_id"].astype(str).tolist()
        good = self._service.good_candidate_counts(open_hire)
        return {"profile": profile, "visits": self._service.workspace.visits(cvr), "needs": needs,
                "good": {n: good.get(n, 0) for n in open_hire},
                "staff_enrolled": self._service.workspace.staff_enrolled(cvr)}

    def record_visit(self, cvr: str, fields: dict[str, object]) -> dict[str, Any]:
        """Record a visit to a company of the caller's LKS (every system; admin: any)."""
        self._company(cvr, "visits to this company")
        return self._service.workspace.record_visit(cvr, fields, username=self._username)

    def save_need(
        self, fields: dict[str, object], *, need_id: str | None = None, new_need_id: str | None = None
    ) -> dict[str, Any]:
        """Create a need for a company of the caller's LKS (its id ``new_need_id`` or a new one), or
        change one of its needs (``need_id``).
        """
        if need_id is not None:
            need = self._need(need_id, "changes to this need")
            cvr = str(need["cvr"])
        else:
            self._require_role(WORKSPACE_ROLES, "new needs", record_kind="need")
            cvr = str(fields.get("cvr") or "")
            if not cvr:
                raise ValidationError("the need was not saved", [Problem(None, "cvr", "a value is required")])
        self._company(cvr, "needs of this company")
        return self._service.workspace.save_need(
            fields, username=self._username, need_id=need_id, new_need_id=new_need_id)

    def follow_ups(self, lks_id: str | None = None) -> pd.DataFrame:
        """Follow-ups due (or overdue) of an LKS's visits (lks: own LKS; admin: any)."""
        self._require_role(WORKSPACE_ROLES, "follow-ups", record_kind="lks", record_id=lks_id)
        wanted = self._own_lks(lks_id, "follow-ups", "the follow-ups of another LKS")
        return self._service.workspace.follow_ups(wanted)

    def occupations(self, query: str, top: int = 8) -> pd.DataFrame:
        """ESCO occupations for a typed title (reference data: every role)."""
        self._require_role(AGGREGATE_ROLES, "occupation suggestions")
        if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= 25:
            raise UsageError(f"`top` was {top!r} but is expected to be a whole number from 1 to 25")
        if not isinstance(query, str) or not query.strip() or len(query) > 200:
            raise UsageError("`q` must be a job title of 1 to 200 characters")
        return self._service.occupation_suggestions(query.strip(), top=top)

    def skill_suggestions(self, typed: str, *, limit: int = 12) -> list[str]:
        """Thesaurus wordings that contain the typed text (reference data: every workspace role)."""
        self._require_role(WORKSPACE_ROLES, "skill suggestions")
        wanted = typed.strip().casefold()
        if not wanted:
            return []
        words = self._service.skill_wordings()
        starts = [w for w in words if w.casefold().startswith(wanted)]
        inside = [w for w in words if wanted in w.casefold() and w not in starts]
        return (starts + inside)[:limit]

    def municipality_names(self) -> dict[str, str]:
        """Kommunekode -> name (reference data: every role)."""
        self._require_role(AGGREGATE_ROLES, "municipality names")
        return self._service.municipality_names()

    def lks_name(self, lks_id: str | None) -> str:
        """The name of an LKS (its id when unknown)."""
        table = self._service.geography.lks_table
        names = dict(zip(table["lks_id"].astype(str), table["lks_name"].astype(str), strict=False))
        return names.get(str(lks_id), str(lks_id or ""))

    # --- exports as bytes (downloads) ---------------------------------------------------------

    def export_stats_bytes(self, level: str, fmt: str, *, history: str | None = None) -> bytes:
        """:meth:`export_stats` as the file's bytes (region, planner, admin); ``history``: per period."""
        self._require_role(EXPORT_ROLES, "exports", record_kind="export", record_id=f"{level}.{fmt}")
        data = self._service.export_stats_bytes(level, fmt, history=history)
        self._audit("export_stats", record_kind="export", record_id=f"{level}.{fmt}")
        return data

    def export_list_bytes(self, kind: str, fmt: str, *, lks_id: str | None = None) -> bytes:
        """:meth:`export_list` as the file's bytes (lks: its own LKS; admin: any)."""
        wanted = self._list_lks(kind, fmt, lks_id)
        data = self._service.export_lks_list_bytes(wanted, kind, fmt)
        self._audit("export_list", record_kind="export", record_id=f"{wanted}.{kind}.{fmt}")
        return data

    def ranker(self) -> tuple[str, str | None]:
        """Which ranker answers and why a trained model is not used (everyone who sees candidates)."""
        self._require_role(WORKSPACE_ROLES, "the ranker status")
        return self._service.ranker()


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame as JSON-ready records: NaN/NaT become ``None``, dates ISO text, numpy scalars Python."""
    out: list[dict[str, Any]] = []
    for row in frame.to_dict(orient="records"):
        clean: dict[str, Any] = {}
        for key, value in row.items():
            if isinstance(value, list | tuple | dict):
                clean[str(key)] = value
            elif isinstance(value, np.ndarray):
                clean[str(key)] = value.tolist()
            elif value is None or pd.isna(value):
                clean[str(key)] = None
            elif hasattr(value, "isoformat"):
                clean[str(key)] = value.isoformat()
            elif hasattr(value, "item"):
                clean[str(key)] = value.item()
            else:
                clean[str(key)] = value
        out.append(clean)
    return out
