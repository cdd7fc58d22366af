"""From need to outcome, through access control: the needs, candidates and decisions of an LKS,
the need's panel, history, outcomes, courses and enrolments, the LKS shortlist and what is
waiting for the team. Part of :class:`~lksmatch.access.SecureService` (see :mod:`lksmatch.access`
for who may call what); the person-level methods are the jobcentre's (and admin's) only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

import pandas as pd

from lksmatch import rules
from lksmatch.access_guard import AccessGuard
from lksmatch.errors import Problem, UsageError, ValidationError
from lksmatch.rules import DECISIONS, WORKSPACE_ROLES
from store.validation import contains_cpr

#: Largest ``top`` a caller may ask for.
MAX_TOP = 100
MAX_REASON_LENGTH = 2000
#: Longest ``person_id`` a decision may name (the column's length).
MAX_PERSON_ID_LENGTH = 64
#: Job seeker fields never handed to a caller, even if the ranking ever returned them: the
#: fairness-audit fields (PRODUCT.md: never features, never shown) and exact locations.
WITHHELD_PERSON_FIELDS = ("gender", "birth_year", "lat", "lon", "postal_code", "unemployed_since")


class NeedAccess(AccessGuard):
    """The LKS work on needs, from the candidates to the outcome (see the module docstring)."""

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
                "company_lat": company.get("lat"), "company_lon": company.get("lon"),
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
