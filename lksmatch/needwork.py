"""From need to outcome (PRODUCT.md, "The LKS workspace"): a need's history, outcomes, courses, enrolments.

* **History**: every decision on a person (who, when, what, why) and every outcome, oldest
  first; the latest decision per person is the person's state on the need.
* **Outcomes** (``hired``, ``interviewed``, ``not_hired``) are recorded for a person shown as a
  candidate of the need to the caller or their team (the rule of decisions), dated today, with
  who recorded them: they train the next model beside the imported ones.
* **Courses** for an ``upskill`` need: the offers that teach the missing skills to the company's
  staff, with the seats left after the enrolments recorded here.
* **Enrolments**: a number of the company's staff, or a job seeker shown for the need, on an
  offer; for ``erhvervsfaglig`` whether the individual education agreement is signed (required
  there). The seats left are respected.

Every write is one transaction with its audit entry; a person is only ever named in the audit
log's ``record_id`` (erasure blanks it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine

from lksmatch import rules
from lksmatch.errors import NotFoundError, PermissionDenied, Problem, ValidationError
from store import repo, users, workspace

#: Why an outcome or enrolment of a person not shown for the need is refused (as for decisions).
NOT_SHOWN = (
    "an outcome or enrolment can only be recorded for a person shown to you or your LKS team as a "
    "candidate for this need; open the need's candidates first"
)
#: Why a decision on a person not shown as a candidate is refused (the same for every person id).
DECISION_NOT_SHOWN = (
    "a decision can only be recorded for a person shown to you or your LKS team as a candidate "
    "for this need; open the need's candidates first"
)
#: Longest person id written to the audit log for a refused decision (``audit_log.record_id``).
NOT_SHOWN_ID_LENGTH = 128
#: The most staff one enrolment may name.
MAX_STAFF = 10_000


def _team(connection: Connection, username: str) -> list[str]:
    """Whose candidate reads count for ``username``'s decisions: the whole LKS team for a user of
    role ``lks``, else the user alone.
    """
    user = users.get_user(connection, username)
    if user is not None and user.role == rules.LKS and user.lks_id:
        return sorted({username, *users.lks_usernames(connection, user.lks_id)})
    return [username]


def _shown(connection: Connection, need_id: str, person_id: str, username: str) -> bool:
    return repo.candidate_was_shown(
        connection, need_id=need_id, person_id=person_id, usernames=_team(connection, username)
    )


def _outcome_time(recorded_at: object, day: object) -> dt.datetime | None:
    """When an outcome happened: recorded in the web app at a moment, imported on a date (noon UTC)."""
    if isinstance(recorded_at, dt.datetime) and not pd.isna(recorded_at):
        return repo.as_utc(recorded_at)
    if isinstance(day, dt.date) and not pd.isna(day):
        return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    return None


class NeedWork:
    """The use cases from need to outcome over one database (built by the service)."""

    def __init__(
        self,
        engine: Engine,
        *,
        today: Callable[[], dt.date],
        upskill_offers: Callable[[str, int], pd.DataFrame],
        fill_if_placed: Callable[[Connection, str, str], bool],
    ) -> None:
        self._engine = engine
        self._today = today
        self._upskill_offers = upskill_offers
        self._fill = fill_if_placed

    def record_decision(
        self, need_id: str, person_id: str, decision: str, reason: str | None, *, username: str
    ) -> None:
        """Record an LKS team's decision on a candidate; it becomes an outcome for the next training.

        A decision is accepted only for a person who was shown as a candidate for this need
        (a ``read_candidate`` audit entry of the need, see :meth:`SecureService.candidates
        <lksmatch.access_needs.NeedAccess.candidates>`) to ``username`` - or, for a user of role
        ``lks``, to any member of the same LKS team (the team is read from the users table, not
        taken from the caller). Anything else is refused with :class:`PermissionDenied` (403)
        and logged as ``forbidden``: the person is not one the caller may act on. An unknown
        person id gets the same answer as an existing one that was not shown, so the answer
        cannot be used to find out which pseudonyms exist.

        Raises
        ------
        ValidationError
            An unknown ``decision``.
        NotFoundError
            An unknown need.
        PermissionDenied
            The person was not shown as a candidate for this need to the caller or their team.
        """
        if decision not in rules.DECISIONS:
            raise ValidationError(
                f"`decision` was {decision!r} but is expected to be one of {list(rules.DECISIONS)}"
            )
        with self._engine.begin() as connection:
            if repo.get_row(connection, "needs", need_id) is None:
                raise NotFoundError(f"no need with id {need_id!r}")
            shown = _shown(connection, need_id, person_id, username)
            if shown:
                if repo.get_row(connection, "jobseekers", person_id) is None:
                    raise NotFoundError("no job seeker with that id")
                repo.insert_decision(
                    connection, need_id=need_id, person_id=person_id, decision=decision, reason=reason,
                    username=username,
                )
                repo.audit(
                    connection, "decision", username=username, record_kind="person", record_id=person_id,
                    detail=f"need {need_id}: {decision}",
                )
                self._fill(connection, need_id, username)
        if not shown:
            with self._engine.begin() as connection:
                repo.audit(
                    connection,
                    "forbidden",
                    username=username,
                    record_kind="person",
                    record_id=person_id[:NOT_SHOWN_ID_LENGTH],
                    detail=f"decision on need {need_id}: not shown as a candidate of this need "
                    "to the user or their LKS team",
                )
            raise PermissionDenied(DECISION_NOT_SHOWN)

    def history(self, need_id: str) -> pd.DataFrame:
        """Decisions and outcomes of a need, oldest first: ``kind`` (``decision``/``outcome``),
        ``person_id``, ``state``, ``reason``, ``username``, ``at``.
        """
        with self._engine.connect() as connection:
            decisions = workspace.decision_history(connection, need_id)
            outcomes = workspace.outcomes_of(connection, need_id)
        made = pd.DataFrame(
            {
                "kind": "decision",
                "person_id": decisions["person_id"],
                "state": decisions["decision"],
                "reason": decisions["reason"],
                "username": decisions["username"],
                "at": [repo.as_utc(t) for t in decisions["created_at"]],
            }
        )
        happened = pd.DataFrame(
            {
                "kind": "outcome",
                "person_id": outcomes["person_id"],
                "state": outcomes["outcome"],
                "reason": None,
                "username": outcomes["recorded_by"],
                "at": [
                    _outcome_time(r, d)
                    for r, d in zip(outcomes["recorded_at"], outcomes["date"], strict=True)
                ],
            }
        )
        frames = [f for f in (made, happened) if not f.empty]
        if not frames:
            return made
        both = pd.concat(frames, ignore_index=True)
        order = both["at"].map(lambda t: t.timestamp() if t is not None else 0.0)
        return (
            both.assign(_o=order).sort_values("_o", kind="stable").drop(columns="_o").reset_index(drop=True)
        )

    def record_outcome(self, need_id: str, person_id: str, outcome: str, *, username: str) -> bool:
        """Record what happened to a candidate (``hired``, ``interviewed``, ``not_hired``); ``False`` when
        it was recorded before. A ``hired`` counts towards filling the need.
        """
        if outcome not in rules.RECORDED_OUTCOMES:
            raise ValidationError(
                f"`outcome` was {outcome!r} but is expected to be one of {list(rules.RECORDED_OUTCOMES)}"
            )
        with self._engine.begin() as connection:
            if repo.get_row(connection, "needs", need_id) is None:
                raise NotFoundError(f"no need with id {need_id!r}")
            if not _shown(connection, need_id, person_id, username):
                repo.audit(
                    connection,
                    "forbidden",
                    username=username,
                    record_kind="person",
                    record_id=person_id[:128],
                    detail=f"outcome on need {need_id}: not shown",
                )
                raise PermissionDenied(NOT_SHOWN)
            new = workspace.record_outcome(
                connection,
                need_id=need_id,
                person_id=person_id,
                outcome=outcome,
                day=self._today(),
                username=username,
            )
            if new:
                repo.audit(
                    connection,
                    "outcome",
                    username=username,
                    record_kind="person",
                    record_id=person_id,
                    detail=f"need {need_id}: {outcome}",
                )
                self._fill(connection, need_id, username)
        return new

    def offers(self, need_id: str, *, top: int = 5) -> pd.DataFrame:
        """Courses for an ``upskill`` need's staff, with ``seats_left`` after the enrolments recorded here."""
        found = self._upskill_offers(need_id, top)
        with self._engine.connect() as connection:
            taken = workspace.seats_taken(connection, found["offer_id"].astype(str).tolist())
        seats = pd.to_numeric(found["seats_free"], errors="coerce")
        used = found["offer_id"].astype(str).map(lambda o: taken.get(o, 0))
        return found.assign(seats_taken=used, seats_left=(seats - used).clip(lower=0))

    def with_seats_left(self, candidates: pd.DataFrame) -> pd.DataFrame:
        """``candidates`` with ``offer_seats_left``: the seats of each one's suggested course
        (``offer_ids``, ``offer_seats``) after the enrolments recorded here (NaN: not given or none).
        """
        offers = candidates["offer_ids"].fillna("").astype(str) if "offer_ids" in candidates else None
        if offers is None or candidates.empty:
            return candidates.assign(offer_seats_left=pd.Series(dtype=float))
        with self._engine.connect() as connection:
            taken = workspace.seats_taken(connection, sorted({o for o in offers if o}))
        seats = pd.to_numeric(candidates["offer_seats"], errors="coerce")
        left = (seats - offers.map(lambda o: taken.get(o, 0))).clip(lower=0)
        return candidates.assign(offer_seats_left=left.where(offers != ""))

    def enrolments(self, need_id: str) -> pd.DataFrame:
        """The enrolments recorded for a need."""
        with self._engine.connect() as connection:
            return workspace.enrolments_of(connection, need_id)

    def enrol(
        self,
        need_id: str,
        *,
        offer_id: object,
        person_id: object = None,
        staff: object = None,
        agreement_signed: object = None,
        username: str,
    ) -> dict[str, Any]:
        """Enrol staff (a number) or a shown job seeker on an offer for a need; every problem named."""
        problems: list[Problem] = []
        if not isinstance(offer_id, str) or not offer_id:
            problems.append(Problem(None, "offer_id", "a value is required"))
        if (person_id is None) == (staff is None):
            problems.append(
                Problem(None, "staff", "give either the number of staff or a person_id, not both")
            )
        count = 1
        if staff is not None:
            if (
                isinstance(staff, bool)
                or not isinstance(staff, int | str)
                or not str(staff).strip().isdigit()
            ):
                problems.append(Problem(None, "staff", "is not a positive whole number"))
            else:
                count = int(str(staff))
                if not 1 <= count <= MAX_STAFF:
                    problems.append(Problem(None, "staff", f"is not a whole number from 1 to {MAX_STAFF}"))
        if person_id is not None and (not isinstance(person_id, str) or not person_id or len(person_id) > 64):
            problems.append(Problem(None, "person_id", "must be a pseudonym of 1 to 64 characters"))
        if agreement_signed is not None and not isinstance(agreement_signed, bool):
            problems.append(Problem(None, "agreement_signed", "is not true or false"))
        with self._engine.begin() as connection:
            need = repo.get_row(connection, "needs", need_id)
            if need is None:
                raise NotFoundError(f"no need with id {need_id!r}")
            if need.get("project") == "erhvervsfaglig" and agreement_signed is None:
                problems.append(
                    Problem(
                        None,
                        "agreement_signed",
                        "is required for erhvervsfaglig: say whether "
                        "the individual education agreement is signed",
                    )
                )
            offer = repo.get_row(connection, "offers", str(offer_id)) if isinstance(offer_id, str) else None
            if isinstance(offer_id, str) and offer_id and offer is None:
                problems.append(Problem(None, "offer_id", "refers to an offer that does not exist", offer_id))
            if offer is not None and offer.get("seats") is not None:
                left = int(str(offer["seats"])) - workspace.seats_taken(connection, [str(offer_id)]).get(
                    str(offer_id), 0
                )
                if count > left:
                    problems.append(Problem(None, "staff", f"is more than the {max(left, 0)} seat(s) left"))
            if problems:
                raise ValidationError("the enrolment was not saved", problems)
            if person_id is not None and not _shown(connection, need_id, str(person_id), username):
                repo.audit(
                    connection,
                    "forbidden",
                    username=username,
                    record_kind="person",
                    record_id=str(person_id)[:128],
                    detail=f"enrolment on need {need_id}: not shown",
                )
                raise PermissionDenied(NOT_SHOWN)
            ident = workspace.insert_enrolment(
                connection,
                need_id=need_id,
                offer_id=str(offer_id),
                person_id=str(person_id) if person_id is not None else None,
                staff=count if staff is not None else None,
                agreement_signed=agreement_signed if isinstance(agreement_signed, bool) else None,
                username=username,
                now=repo.utcnow(),
            )
            kind, record = ("person", str(person_id)) if person_id is not None else ("need", need_id)
            detail = f"need {need_id}: offer {offer_id}" + (f", {count} staff" if staff is not None else "")
            repo.audit(
                connection, "enrolment", username=username, record_kind=kind, record_id=record, detail=detail
            )
        return {
            "id": ident,
            "need_id": need_id,
            "offer_id": offer_id,
            "person_id": person_id,
            "staff": count if staff is not None else None,
            "agreement_signed": agreement_signed,
        }
