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
candidates, record_decision          -       own LKS, jc      -        yes
export_list, export_list_bytes       -       own LKS          -        yes
export_stats, export_stats_bytes     yes     -                yes      yes
add_user, users, set_user_active     -       -                -        yes
===================================  ======  ===============  =======  =====

"jc": an ``lks`` user of the jobcentre (system ``jobcenter``). The two other systems of a
team (``erhvervsservice``, ``uddannelse``) work on the same companies, visits and needs but
never receive a person: they see counts (:meth:`SecureService.need_counts`), and every
person-level method refuses them (403, logged), as it refuses another LKS.

``region`` and ``planner`` only ever receive the suppressed aggregates of
:meth:`Service.area_stats`, never a person-level row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from lksmatch import auth, rules
from lksmatch.errors import NotFoundError, PermissionDenied, Problem, UsageError, ValidationError
from lksmatch.rules import (
    ADMIN,
    ADMIN_ROLES,
    AGGREGATE_ROLES,
    DECISIONS,
    EXPORT_ROLES,
    LEVELS,
    LKS,
    WORKSPACE_ROLES,
    open_needs,
)
from lksmatch.service import Service
from store.validation import contains_cpr

#: Largest ``top`` a caller may ask for.
MAX_TOP = 100
MAX_REASON_LENGTH = 2000
#: Longest ``person_id`` a decision may name (the column's length).
MAX_PERSON_ID_LENGTH = 64
#: Job seeker fields never handed to a caller, even if the ranking ever returned them: the
#: fairness-audit fields (PRODUCT.md: never features, never shown) and exact locations.
WITHHELD_PERSON_FIELDS = ("gender", "birth_year", "lat", "lon", "postal_code", "unemployed_since")


class SecureService:
    """The service as seen by one logged-in caller; see the module docstring for the rules."""

    def __init__(self, service: Service, principal: auth.Principal) -> None:
        self._service = service
        self.principal = principal

    # --- helpers --------------------------------------------------------------------------------

    @property
    def _username(self) -> str:
        return self.principal.username

    def today(self) -> dt.date:
        """The service's today (what "overdue" and "waiting" are measured against)."""
        return self._service.today()

    def _audit(
        self,
        action: str,
        *,
        record_kind: str | None = None,
        record_id: str | None = None,
        detail: str | None = None,
    ) -> None:
        self._service.audit(
            action, username=self._username, record_kind=record_kind, record_id=record_id, detail=detail
        )

    def _deny(
        self, what: str, *, record_kind: str | None = None, record_id: str | None = None
    ) -> PermissionDenied:
        """Log a refused attempt and return the error to raise."""
        p = self.principal
        who = f"role={p.role} lks={p.lks_id or ''} system={p.system or ''}"
        self._audit("forbidden", record_kind=record_kind, record_id=record_id, detail=f"{what} ({who})")
        return PermissionDenied(f"your role does not allow {what}")

    def _require_role(
        self,
        allowed: Collection[str],
        what: str,
        *,
        record_kind: str | None = None,
        record_id: str | None = None,
    ) -> None:
        if self.principal.role not in allowed:
            raise self._deny(what, record_kind=record_kind, record_id=record_id)

    def _require_lks(self, lks_id: str | None, what: str, *, record_kind: str, record_id: str) -> None:
        """An ``lks`` user may only touch records of its own LKS; admin may touch any."""
        if self.principal.role == ADMIN:
            return
        if self.principal.role != LKS or not lks_id or lks_id != self.principal.lks_id:
            raise self._deny(what, record_kind=record_kind, record_id=record_id)

    def _need(self, need_id: str, what: str, *, persons: bool = False) -> dict[str, object]:
        """The need, after the role check; 404 when unknown, 403 (logged) when outside the LKS or,
        with ``persons``, when the caller's system never sees persons.
        """
        self._require_role(WORKSPACE_ROLES, what, record_kind="need", record_id=need_id)
        need = self._service.need(need_id)
        lks_id = need.get("lks_id")
        self._require_lks(str(lks_id) if lks_id else None, what, record_kind="need", record_id=need_id)
        if persons:
            self._require_persons(what, record_kind="need", record_id=need_id)
        return need

    def _require_persons(self, what: str, *, record_kind: str, record_id: str) -> None:
        """Only ``admin`` and the jobcentre's ``lks`` users ever receive a person (PRODUCT.md, "Roles")."""
        if not self.principal.sees_persons:
            raise self._deny(what, record_kind=record_kind, record_id=record_id)

    def _company(self, cvr: str, what: str) -> dict[str, object]:
        """The company, after the role check; 404 when unknown, 403 (logged) when outside the LKS."""
        self._require_role(WORKSPACE_ROLES, what, record_kind="company", record_id=cvr)
        company = self._service.workspace.company(cvr)
        lks_id = company.get("lks_id")
        self._require_lks(str(lks_id) if lks_id else None, what, record_kind="company", record_id=cvr)
        return company

    @property
    def lks_ids(self) -> list[str]:
        """The LKS ids, in the order of the LKS table."""
        return self._service.geography.lks_ids

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

    def _list_lks(self, kind: str, fmt: str, lks_id: str | None) -> str:
        """The LKS whose list the caller may export (after the role and LKS checks)."""
        self._require_role(WORKSPACE_ROLES, "list exports", record_kind="export", record_id=f"{kind}.{fmt}")
        return self._own_lks(lks_id, "list", "the lists of another LKS")

    def _own_lks(self, lks_id: str | None, what: str, refused: str) -> str:
        """The LKS named (default: the caller's own), after checking it exists and is the caller's."""
        wanted = lks_id or self.principal.lks_id
        if not wanted:
            raise UsageError(f"`lks` is required: name the LKS whose {what} you want")
        if wanted not in self.lks_ids:
            raise NotFoundError(f"`lks` was {wanted!r} but is expected to be one of {self.lks_ids}")
        self._require_lks(wanted, refused, record_kind="lks", record_id=wanted)
        return wanted

    def export_list(self, kind: str, fmt: str, out: Path, *, lks_id: str | None = None) -> Path:
        """An LKS's company or need list as csv/xlsx (lks: its own LKS; admin: any). Never job seekers."""
        wanted = self._list_lks(kind, fmt, lks_id)
        path = self._service.export_lks_list(wanted, kind, fmt, out)
        self._audit("export_list", record_kind="export", record_id=f"{wanted}.{kind}.{fmt}")
        return path

    # --- LKS work: needs, candidates, decisions ---------------------------------------------

    def needs(self, lks_id: str | None = None) -> pd.DataFrame:
        """The needs of one LKS with their company's name (lks: its own LKS, the default; admin: any)."""
        self._require_role(WORKSPACE_ROLES, "the needs list", record_kind="lks", record_id=lks_id)
        wanted = self._own_lks(lks_id, "needs", "the needs of another LKS")
        return self._service.needs_for_lks(wanted).reset_index(drop=True)

    def candidates(
        self,
        need_id: str,
        top: int = 10,
        *,
        purpose: str = "match workspace",
        filters: Collection[str] = (),
    ) -> pd.DataFrame:
        """The ranked candidates for a need (lks: own LKS; admin), each with a profile.

        ``filters`` (of :data:`lksmatch.rules.CANDIDATE_FILTERS`) narrow the best
        :data:`MAX_TOP` to those passing every one, then the first ``top`` are returned (with
        their rank among all). Each person returned - and only those - is written to the audit
        log (``read_candidate``: who, when, which person, and why - the need and ``purpose``).
        """
        if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= MAX_TOP:
            raise UsageError(f"`top` was {top!r} but is expected to be a whole number from 1 to {MAX_TOP}")
        unknown = sorted(set(filters) - set(rules.CANDIDATE_FILTERS))
        if isinstance(filters, str) or unknown:
            raise UsageError(
                f"`filter` was {unknown or filters!r} but is expected to be among "
                f"{list(rules.CANDIDATE_FILTERS)}"
            )
        self._need(need_id, "the candidates of this need", persons=True)
        frame = self._service.candidates_for_need(need_id, top=MAX_TOP if filters else top)
        for name in rules.CANDIDATE_FILTERS:  # in a fixed order: the same answer however asked
            if name in filters:
                frame = frame[rules.candidate_filter(frame, name)]
        frame = self._service.needwork.with_seats_left(frame.head(top))
        self._service.audit_candidate_reads(
            need_id, frame["person_id"].astype(str).tolist(), username=self._username, purpose=purpose
        )
        withheld = [c for c in WITHHELD_PERSON_FIELDS if c in frame.columns]
        return frame.drop(columns=withheld).reset_index(drop=True)

    def record_decision(self, need_id: str, person_id: str, decision: str, reason: str | None) -> None:
        """Record a decision on a candidate for a need (lks: own LKS; admin).

        Only for a person shown as a candidate of this need by :meth:`candidates` - to this
        user or, for an ``lks`` user, to anyone of the same LKS team; any other person id is
        refused (403, logged) by :meth:`Service.record_decision
        <lksmatch.service.Service.record_decision>`, which holds the rule.
        """
        problems = []
        if not isinstance(person_id, str) or not person_id:
            problems.append("`person_id` must be a non-empty string")
        elif len(person_id) > MAX_PERSON_ID_LENGTH:
            problems.append(f"`person_id` must be at most {MAX_PERSON_ID_LENGTH} characters")
        if decision not in DECISIONS:
            problems.append(f"`decision` was {decision!r} but is expected to be one of {list(DECISIONS)}")
        if reason is not None and (not isinstance(reason, str) or len(reason) > MAX_REASON_LENGTH):
            problems.append(f"`reason` must be text of at most {MAX_REASON_LENGTH} characters")
        elif reason is not None and contains_cpr(reason):
            problems.append("`reason` holds a CPR-like number (******-****); never write a CPR number")
        self._need(need_id, "decisions on this need", persons=True)
        if problems:
            raise ValidationError("; ".join(problems))
        self._service.record_decision(need_id, person_id, decision, reason or None, username=self._username)

    def need_counts(self, need_id: str) -> dict[str, int]:
        """What came of a need, as counts every system of the team may see: ``good_candidates`` (of the
        ten best ranked, how many are good), people per decision state and per outcome.
        """
        self._need(need_id, "this need")
        counts = self._service.workspace.state_counts(need_id)
        counts["good_candidates"] = self._service.good_candidate_counts([need_id]).get(need_id, 0)
        return counts

    # --- from need to outcome -----------------------------------------------------------------

    def need_detail(self, need_id: str) -> dict[str, Any]:
        """A need as its panel shows it: the stored need, its company's name, the ESCO label and ISCO
        group of its occupation, ``overdue`` and the date of the visit it came from (every system).
        """
        need = dict(self._need(need_id, "this need"))
        company = self._service.workspace.company(str(need["cvr"]))
        ((isco, uri, label),) = self._service.occupation_of([str(need["occupation"])])
        visit = None
        if need.get("visit_id"):
            visits = self._service.workspace.visits(str(need["cvr"]))
            found = visits[visits["visit_id"] == need["visit_id"]]
            visit = found.iloc[0].to_dict() if len(found) else None
        deadline = need.get("deadline")
        past = isinstance(deadline, dt.date) and deadline < self._service.today()
        overdue = need.get("status") == "open" and past
        return {**need, "company_name": company.get("name"), "growth_company": company.get("growth_company"),
                "employees": company.get("employees"), "isco_code": isco, "occupation_uri": uri,
                "occupation_label": label, "overdue": overdue, "visit": visit}

    def history(self, need_id: str) -> pd.DataFrame:
        """Every decision and outcome on a need (who, when, what, why).

        The jobcentre (and admin) see the pseudonym of each (each one is a read, logged); the
        other systems the same rows without it.
        """
        self._need(need_id, "the history of this need")
        frame = self._service.needwork.history(need_id)
        if not self.principal.sees_persons:
            return frame.drop(columns=["person_id"]).reset_index(drop=True)
        people = sorted(set(frame["person_id"].dropna().astype(str)))
        if people:
            self._service.audit_candidate_reads(
                need_id, people, username=self._username, purpose="need history")
        return frame

    def record_outcome(self, need_id: str, person_id: str, outcome: str) -> bool:
        """Record a candidate's outcome (jobcentre of the own LKS; admin); a person shown for the need."""
        if not isinstance(person_id, str) or not person_id or len(person_id) > MAX_PERSON_ID_LENGTH:
            raise ValidationError(
                f"`person_id` must be a pseudonym of 1 to {MAX_PERSON_ID_LENGTH} characters")
        self._need(need_id, "outcomes on this need", persons=True)
        return self._service.needwork.record_outcome(need_id, person_id, outcome, username=self._username)

    def need_offers(self, need_id: str, top: int = 5) -> pd.DataFrame:
        """Courses for an upskill need's staff (every system of the own LKS; no persons involved)."""
        if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= MAX_TOP:
            raise UsageError(f"`top` was {top!r} but is expected to be a whole number from 1 to {MAX_TOP}")
        self._need(need_id, "the courses of this need")
        return self._service.needwork.offers(need_id, top=top)

    def enrolments(self, need_id: str) -> pd.DataFrame:
        """A need's enrolments; a job seeker's pseudonym only for those who see persons."""
        self._need(need_id, "the enrolments of this need")
        frame = self._service.needwork.enrolments(need_id)
        if not self.principal.sees_persons:
            frame = frame.assign(person_id=frame["person_id"].map(lambda p: None if p is None else "—"))
        return frame

    def enrol(self, need_id: str, fields: dict[str, object]) -> dict[str, Any]:
        """Enrol staff (every system) or a shown job seeker (jobcentre; admin) on an offer for a need."""
        self._need(need_id, "enrolments on this need", persons=fields.get("person_id") is not None)
        unknown = set(fields) - {"offer_id", "person_id", "staff", "agreement_signed"}
        if unknown:
            rule = "is not a field; the fields are offer_id, person_id, staff, agreement_signed"
            problems = [Problem(None, str(k), rule) for k in sorted(unknown)]
            raise ValidationError("the enrolment was not saved", problems)
        return self._service.needwork.enrol(
            need_id, offer_id=fields.get("offer_id"), person_id=fields.get("person_id"),
            staff=fields.get("staff"), agreement_signed=fields.get("agreement_signed"),
            username=self._username)

    def shortlist(self, lks_id: str | None = None, top: int = 20) -> pd.DataFrame:
        """The capacity-respecting LKS shortlist (a suggestion, never a decision): jobcentre of the own LKS;
        admin. Every person in it is a read, logged.
        """
        if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= MAX_TOP:
            raise UsageError(f"`top` was {top!r} but is expected to be a whole number from 1 to {MAX_TOP}")
        self._require_role(WORKSPACE_ROLES, "the LKS shortlist", record_kind="lks", record_id=lks_id)
        wanted = self._own_lks(lks_id, "shortlist", "the shortlist of another LKS")
        self._require_persons("the LKS shortlist", record_kind="lks", record_id=wanted)
        frame = self._service.shortlist(wanted, top=top, log=False)
        for need_id, part in frame.groupby("need_id"):
            self._service.audit_candidate_reads(str(need_id), part["person_id"].astype(str).tolist(),
                                                username=self._username, purpose="LKS shortlist")
        return frame.reset_index(drop=True)

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

    def waiting(self, lks_id: str | None = None) -> dict[str, pd.DataFrame]:
        """What is waiting for an LKS team (lks: own LKS; admin: any): the overdue needs, and the
        people contacted long ago without a next step - pseudonyms for those who see persons (each
        one a read, logged), else one row per need with how many (``n``).
        """
        self._require_role(WORKSPACE_ROLES, "what is waiting", record_kind="lks", record_id=lks_id)
        wanted = self._own_lks(lks_id, "waiting", "what is waiting in another LKS")
        found = self._service.workspace.waiting(wanted)
        contacts = found["waiting_contacts"]
        if self.principal.sees_persons:
            for need_id, group in contacts.groupby("need_id"):
                self._service.audit_candidate_reads(
                    str(need_id), group["person_id"].astype(str).tolist(), username=self._username,
                    purpose="what is waiting for us",
                )  # fmt: skip
        else:
            contacts = (
                contacts.groupby(["need_id", "cvr", "name", "title"], dropna=False)
                .agg(n=("person_id", "size"), days=("days", "max"))
                .reset_index()
            )
        overdue = found["overdue_needs"]
        labels = self._service.occupation_of(overdue["occupation"].fillna("").astype(str).tolist())
        overdue = overdue.assign(occupation_label=[label for _, _, label in labels])
        return {"overdue_needs": overdue, "waiting_contacts": contacts}

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

    def lks_name(self, lks_id: str | None) -> str:
        """The name of an LKS (its id when unknown)."""
        table = self._service.geography.lks_table
        names = dict(zip(table["lks_id"].astype(str), table["lks_name"].astype(str), strict=False))
        return names.get(str(lks_id), str(lks_id or ""))

    # --- user management --------------------------------------------------------------------

    def add_user(
        self, username: str, password: str, role: str, lks_id: str | None = None, system: str | None = None
    ) -> auth.Principal:
        """Create a user (admin only)."""
        self._require_role(ADMIN_ROLES, "user management", record_kind="user", record_id=username)
        return self._service.add_user(
            username, password, role, lks_id, system=system, created_by=self._username)

    def users(self) -> pd.DataFrame:
        """Every user: ``username, role, lks_id, system, active`` (admin only; never the password hash)."""
        self._require_role(ADMIN_ROLES, "user management", record_kind="user")
        return self._service.users()

    def set_user_active(self, username: str, active: bool) -> None:
        """Enable or disable a user (admin only); disabling ends the user's sessions at once."""
        self._require_role(ADMIN_ROLES, "user management", record_kind="user", record_id=username)
        self._service.set_user_active(username, active, changed_by=self._username)

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
