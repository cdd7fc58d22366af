"""The LKS workspace: companies, visits and needs as an LKS team keeps them (PRODUCT.md, "The LKS workspace").

A visit or a need saved from the web app (or the JSON API) passes the very rules of the
import (:func:`store.validation.validate` on a one-row frame: the same types, choices,
references, CPR refusal and programme rule), plus the rules that only make sense for one
record typed by a person: a visit is recorded after it took place, a follow-up comes after
the visit, a new need's deadline is not already past, a need's visit is a visit to the same
company. Every problem is reported at once, named by field (``Problem.column``) with
``row=None``; nothing is written unless all pass. Each save is one transaction with its
audit entry (``visit_recorded``, ``need_saved``).

No person is ever returned from here: a need's progress is counted (people per decision
state and per outcome), which every system of the team may see.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Collection, Mapping
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine

from lksmatch import rules
from lksmatch.errors import NotFoundError, Problem, ValidationError
from store import repo, workspace
from store import waiting as waiting_store
from store.contract import CONTRACT
from store.validation import validate

#: The fields a person may set on a visit (``visit_id`` is made when missing; ``cvr`` is the page's).
VISIT_FIELDS = tuple(c.name for c in CONTRACT["visits"])
#: The fields of a need (``need_id`` is made when missing; ``cvr`` cannot change on an edit).
NEED_FIELDS = tuple(c.name for c in CONTRACT["needs"])
#: Follow-ups due within this many days are listed with the overdue ones.
FOLLOW_UP_AHEAD_DAYS = 14
#: A need is *filled* by itself when this many of the decisions/outcomes reach its ``count``.
PLACED_STATES = ("accepted", "hired")


def _text(value: object) -> str:
    """A stored or typed value as the text cell the import rules read."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(_text(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _form_problems(exc: ValidationError) -> list[Problem]:
    """A file's problems as a form's: no line, the column is the field."""
    return [Problem(None, p.column, p.rule, p.value) for p in exc.problems]


def _new_id(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(5).upper()}"


def _unknown_fields(fields: Mapping[str, object], allowed: Collection[str]) -> list[Problem]:
    return [
        Problem(None, str(k), f"is not a field; the fields are {', '.join(allowed)}")
        for k in fields
        if k not in allowed
    ]


class Workspace:
    """The workspace's use cases over one database (built by the service)."""

    def __init__(
        self,
        engine: Engine,
        *,
        municipality_codes: Callable[[], Collection[str]],
        municipality_names: Callable[[], Mapping[str, str]],
        today: Callable[[], dt.date],
    ) -> None:
        self._engine = engine
        self._codes = municipality_codes
        self._names = municipality_names
        self._today = today

    # --- reads ----------------------------------------------------------------------------------

    def companies(self, lks_id: str | None, *, query: str | None = None) -> pd.DataFrame:
        """The companies of an LKS with open needs, needs, visits and the last visit; ``query``
        keeps those whose name, CVR or municipality code contains it (case-insensitive).
        """
        with self._engine.connect() as connection:
            frame = workspace.company_list(connection, lks_id, today=self._today())
        frame["municipality_name"] = frame["municipality_code"].map(lambda c: self._names().get(str(c), ""))
        if query and query.strip():
            q = query.strip().casefold()
            hay = (
                frame["name"].astype(str)
                + " "
                + frame["cvr"].astype(str)
                + " "
                + frame["municipality_code"].fillna("").astype(str)
                + " "
                + frame["municipality_name"].astype(str)
            ).str.casefold()
            frame = frame[hay.str.contains(q, regex=False)]
        return frame.reset_index(drop=True)

    def company(self, cvr: str) -> dict[str, Any]:
        """One company's stored profile; :class:`NotFoundError` when there is none."""
        with self._engine.connect() as connection:
            row = repo.get_row(connection, "companies", cvr)
        if row is None:
            raise NotFoundError(f"no company with CVR {cvr!r}")
        placed = row.get("placed_municipality_code") or row.get("municipality_code")
        return {**row, "municipality_name": self._names().get(str(placed), "") if placed else ""}

    def visits(self, cvr: str) -> pd.DataFrame:
        """The visits to a company, newest first, with ``sambesoeg`` (two or more systems)."""
        with self._engine.connect() as connection:
            frame = workspace.visits_of(connection, cvr)
        frame["sambesoeg"] = (
            frame["systems"]
            .fillna("")
            .map(lambda s: len([p for p in str(s).split(";") if p]) >= rules.SAMBESOEG_MIN_SYSTEMS)
        )
        return frame

    def needs(self, cvr: str) -> pd.DataFrame:
        """The needs of a company with ``overdue`` and counts per state and outcome (never a person)."""
        with self._engine.connect() as connection:
            frame = workspace.needs_of(connection, cvr)
            states = workspace.need_states(connection, frame["need_id"].astype(str).tolist())
        today = pd.Timestamp(self._today())
        deadline = pd.to_datetime(frame["deadline"], errors="coerce")
        frame["overdue"] = (frame["status"] == "open") & deadline.notna() & (deadline < today)
        for state in (*rules.DECISIONS, *rules.OUTCOMES):
            frame[f"n_{state}"] = [states.get(str(n), {}).get(state, 0) for n in frame["need_id"]]
        return frame

    def staff_enrolled(self, cvr: str) -> dict[str, int]:
        """Per programme (``""``: none): how many of the company's staff were enrolled on courses."""
        with self._engine.connect() as connection:
            return workspace.staff_enrolled(connection, cvr)

    def state_counts(self, need_id: str) -> dict[str, int]:
        """People per latest decision state and per outcome on one need (every state, 0 when none)."""
        with self._engine.connect() as connection:
            found = workspace.need_states(connection, [need_id]).get(need_id, {})
        return {state: found.get(state, 0) for state in (*rules.DECISIONS, *rules.OUTCOMES)}

    def follow_ups(self, lks_id: str | None) -> pd.DataFrame:
        """Visits whose follow-up is due within :data:`FOLLOW_UP_AHEAD_DAYS` days or overdue (``overdue``)."""
        today = self._today()
        with self._engine.connect() as connection:
            frame = workspace.follow_ups(
                connection, lks_id, until=today + dt.timedelta(days=FOLLOW_UP_AHEAD_DAYS)
            )
        frame["overdue"] = [d < today for d in frame["follow_up"]]
        return frame

    def waiting(self, lks_id: str | None) -> dict[str, pd.DataFrame]:
        """What is waiting for an LKS team: ``overdue_needs`` (still open after the deadline, with
        ``days_overdue``) and ``waiting_contacts`` (contacted more than
        :data:`lksmatch.rules.CONTACT_WAITING_DAYS` days ago, no next step since, with ``days``).
        """
        today = self._today()
        since = dt.datetime.combine(today - dt.timedelta(days=rules.CONTACT_WAITING_DAYS), dt.time(), dt.UTC)
        with self._engine.connect() as connection:
            overdue = waiting_store.overdue_needs(connection, lks_id, today=today)
            contacts = waiting_store.waiting_contacts(connection, lks_id, before=since)
        overdue["days_overdue"] = [(today - d).days for d in overdue["deadline"]]
        contacts["at"] = [repo.as_utc(t) for t in contacts["at"]]
        contacts["days"] = [(today - t.date()).days for t in contacts["at"]]
        return {"overdue_needs": overdue, "waiting_contacts": contacts}

    # --- writes ---------------------------------------------------------------------------------

    def record_visit(self, cvr: str, fields: Mapping[str, object], *, username: str) -> dict[str, Any]:
        """Validate and store one visit to company ``cvr``; return the stored visit."""
        self.company(cvr)
        problems = _unknown_fields(fields, [f for f in VISIT_FIELDS if f not in ("cvr", "visit_id")])
        cells = {name: _text(fields.get(name)) for name in VISIT_FIELDS}
        cells.update(cvr=cvr, visit_id=_new_id("V"))
        date, follow = _date(cells["date"]), _date(cells["follow_up"])
        if date is not None and date > self._today():
            problems.append(
                Problem(None, "date", "is in the future; record a visit after it took place", cells["date"])
            )
        if date is not None and follow is not None and follow < date:
            problems.append(Problem(None, "follow_up", "is before the visit's date", cells["follow_up"]))
        with self._engine.begin() as connection:
            record = self._validated(connection, "visits", cells, problems, "the visit was not saved")
            workspace.save(connection, "visits", record)
            repo.audit(
                connection,
                "visit_recorded",
                username=username,
                record_kind="visit",
                record_id=record["visit_id"],
                detail=f"company {cvr}: {record['systems']}",
            )
            saved = repo.get_row(connection, "visits", record["visit_id"])
        assert saved is not None
        return dict(saved)

    def save_need(
        self,
        fields: Mapping[str, object],
        *,
        username: str,
        need_id: str | None = None,
        new_need_id: str | None = None,
    ) -> dict[str, Any]:
        """Create a need (``need_id`` ``None``; its id ``new_need_id`` or a new one) or change one;
        the import's rules and the form's.

        On a change, only the fields given change; the others keep their stored values.
        """
        problems = _unknown_fields(fields, [f for f in NEED_FIELDS if f != "need_id"])
        if new_need_id is not None:
            with self._engine.connect() as connection:
                if repo.get_row(connection, "needs", new_need_id) is not None:
                    problems.append(
                        Problem(
                            None,
                            "need_id",
                            "is taken: a need with this id exists; change it with PATCH",
                            new_need_id,
                        )
                    )
        existing: dict[str, object] = {}
        if need_id is not None:
            with self._engine.connect() as connection:
                found = repo.get_row(connection, "needs", need_id)
            if found is None:
                raise NotFoundError(f"no need with id {need_id!r}")
            existing = found
            if "cvr" in fields and _text(fields["cvr"]) != existing["cvr"]:
                problems.append(
                    Problem(None, "cvr", "cannot change: a need stays with its company", _text(fields["cvr"]))
                )
        cells = {name: _text(fields[name] if name in fields else existing.get(name)) for name in NEED_FIELDS}
        cells["need_id"] = need_id or new_need_id or _new_id("N")
        if existing:
            cells["cvr"] = str(existing["cvr"])  # a need stays with its company (a change is refused above)
        cells["status"] = cells["status"] or "open"
        deadline = _date(cells["deadline"])
        if need_id is None and deadline is not None and deadline < self._today():
            problems.append(
                Problem(
                    None, "deadline", "has passed; a new need's deadline is today or later", cells["deadline"]
                )
            )
        with self._engine.begin() as connection:
            if cells["visit_id"]:
                visit = repo.get_row(connection, "visits", cells["visit_id"])
                if visit is not None and visit["cvr"] != cells["cvr"]:
                    problems.append(
                        Problem(None, "visit_id", "is a visit to another company", cells["visit_id"])
                    )
            record = self._validated(connection, "needs", cells, problems, "the need was not saved")
            workspace.save(connection, "needs", record)
            action = "created" if need_id is None else "changed: " + ", ".join(sorted(fields))
            repo.audit(
                connection,
                "need_saved",
                username=username,
                record_kind="need",
                record_id=record["need_id"],
                detail=f"company {record['cvr']}: {action}",
            )
            saved = repo.get_row(connection, "needs", record["need_id"])
        assert saved is not None
        return dict(saved)

    def fill_if_placed(self, connection: Connection, need_id: str, *, username: str) -> bool:
        """Mark an open need ``filled`` once the people accepted or hired reach its ``count``."""
        need = repo.get_row(connection, "needs", need_id)
        if need is None or need["status"] != "open":
            return False
        if workspace.people_placed(connection, need_id) < int(str(need["count"] or 1)):
            return False
        workspace.set_need_status(connection, need_id, "filled")
        repo.audit(
            connection,
            "need_saved",
            username=username,
            record_kind="need",
            record_id=need_id,
            detail="filled: the people accepted or hired reached the count",
        )
        return True

    def _validated(
        self, connection: Connection, kind: str, cells: Mapping[str, str], problems: list[Problem], what: str
    ) -> dict[str, Any]:
        """The typed record of one form, or :class:`ValidationError` with every problem (form and file)."""
        frame = pd.DataFrame([cells], dtype=str)
        known: dict[str, Collection[str]] = (
            {"cvr": {cells["cvr"]}}
            if repo.get_row(connection, "companies", cells["cvr"]) is not None
            else {"cvr": set()}
        )
        if kind == "needs":
            known["growth_cvr"] = workspace.growth_cvrs(connection)
            if cells.get("visit_id"):
                exists = repo.get_row(connection, "visits", cells["visit_id"]) is not None
                known["visit_id"] = {cells["visit_id"]} if exists else set()
        try:
            validated = validate(kind, frame, valid_municipality_codes=self._codes(), known_keys=known)
        except ValidationError as exc:
            problems = [*problems, *_form_problems(exc)]
        else:
            if not problems:
                return {k: v for k, v in validated.records()[0].items() if k in cells}
        raise ValidationError(what, problems)


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None
