"""The database schema as SQLAlchemy 2 typed ORM models.

The Alembic migrations in :mod:`store.migrations` are the source of truth for the
schema; these models must agree with them (a test compares the two). Imported
records are keyed by their natural key (``cvr``, ``need_id``, ``person_id``,
``offer_id``), so an import is an upsert on that key.

Everything derived from a job seeker (outcomes, decisions, cached scores) references
``jobseekers.person_id`` with ``ON DELETE CASCADE``; :mod:`store.erasure` also deletes
those rows explicitly, so erasure does not depend on the database enforcing cascades.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from lksmatch.rules import (  # noqa: F401  (the vocabularies the schema's readers use; defined in rules)
    ASSIGN_METHODS,
    DECISIONS,
    EDUCATION_LEVELS,
    IMPORT_KINDS,
    NEED_KINDS,
    NEED_STATUSES,
    OFFER_KINDS,
    OUTCOMES,
    PROJECTS,
    ROLES,
    SYSTEMS,
    VISIT_KINDS,
)

#: Constraint names that Alembic can find again (and SQLite batch mode can recreate).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# The vocabularies are the domain's (one definition, in lksmatch.rules); the schema's CHECK
# constraints are built from them.
#: The natural key of each import kind: an import is an upsert on it.
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "companies": ("cvr",),
    "needs": ("need_id",),
    "jobseekers": ("person_id",),
    "offers": ("offer_id",),
    "outcomes": ("need_id", "person_id", "outcome"),
    "visits": ("visit_id",),
}


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f"{column} IN ({quoted})"


class Base(DeclarativeBase):
    """Declarative base with the shared naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class _Placement:
    """Where the assignment placed a record (see :class:`geo.assign.Assigner`)."""

    placed_municipality_code: Mapped[str | None] = mapped_column(String(3))
    lks_id: Mapped[str | None] = mapped_column(String(40), index=True)
    assign_method: Mapped[str | None] = mapped_column(String(10))
    assign_note: Mapped[str | None] = mapped_column(Text)


class Company(_Placement, Base):
    """A company, by CVR number (``municipality_code`` as given; ``placed_*`` as placed)."""

    __tablename__ = "companies"

    cvr: Mapped[str] = mapped_column(String(8), primary_key=True)
    p_number: Mapped[str | None] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(Text)
    postal_code: Mapped[str | None] = mapped_column(String(4))
    municipality_code: Mapped[str | None] = mapped_column(String(3))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    industry_code: Mapped[str | None] = mapped_column(String(10))
    employees: Mapped[int | None] = mapped_column(Integer)
    growth_company: Mapped[bool | None] = mapped_column(Boolean)


class Need(Base):
    """A company's competence need; ``lks_id`` is copied from the company."""

    __tablename__ = "needs"
    __table_args__ = (
        CheckConstraint(_in("kind", NEED_KINDS), name="kind"),
        CheckConstraint(_in("status", NEED_STATUSES), name="status"),
        CheckConstraint("count > 0", name="count_positive"),
    )

    need_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    cvr: Mapped[str] = mapped_column(ForeignKey("companies.cvr"), index=True)
    occupation: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    skills: Mapped[str | None] = mapped_column(Text)
    count: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    kind: Mapped[str] = mapped_column(String(10), default="hire", server_default="hire")
    project: Mapped[str | None] = mapped_column(String(20))
    education_level_min: Mapped[str | None] = mapped_column(String(30))
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="open", server_default="open")
    lks_id: Mapped[str | None] = mapped_column(String(40), index=True)
    #: The visit the need was found on (no foreign key: a need may be imported before its visit).
    visit_id: Mapped[str | None] = mapped_column(String(64))


class Visit(Base):
    """A visit to a company (a *sambesøg* when two or more systems took part); ``lks_id`` as the company's.

    ``systems`` is the ``;``-list of the systems present, in :data:`SYSTEMS` order. The note is
    about the company; a CPR-like number anywhere in it is refused on the way in.
    """

    __tablename__ = "visits"
    __table_args__ = (CheckConstraint(_in("kind", VISIT_KINDS), name="kind"),)

    visit_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    cvr: Mapped[str] = mapped_column(ForeignKey("companies.cvr"), index=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    systems: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str | None] = mapped_column(String(10))
    topics: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    follow_up: Mapped[dt.date | None] = mapped_column(Date)
    lks_id: Mapped[str | None] = mapped_column(String(40), index=True)


class JobSeeker(_Placement, Base):
    """An unemployed person, by pseudonym. Personal data: erased on request and by retention."""

    __tablename__ = "jobseekers"

    person_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    municipality_code: Mapped[str] = mapped_column(String(3))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    postal_code: Mapped[str | None] = mapped_column(String(4))
    occupations: Mapped[str | None] = mapped_column(Text)
    skills: Mapped[str | None] = mapped_column(Text)
    education_level: Mapped[str | None] = mapped_column(String(30))
    max_commute_km: Mapped[float | None] = mapped_column(Float)
    unemployed_since: Mapped[dt.date | None] = mapped_column(Date)
    unemployment_ended: Mapped[dt.date | None] = mapped_column(Date, index=True)
    available_from: Mapped[dt.date | None] = mapped_column(Date)
    gender: Mapped[str | None] = mapped_column(String(20))
    birth_year: Mapped[int | None] = mapped_column(Integer)


class Offer(_Placement, Base):
    """An education offer (an AMU course, an EUD programme, ...)."""

    __tablename__ = "offers"

    offer_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    provider: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    course_code: Mapped[str | None] = mapped_column(String(40))
    skills: Mapped[str | None] = mapped_column(Text)
    municipality_code: Mapped[str | None] = mapped_column(String(3))
    postal_code: Mapped[str | None] = mapped_column(String(4))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    duration_days: Mapped[int | None] = mapped_column(Integer)
    seats: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str | None] = mapped_column(String(10))
    open_to_unemployed: Mapped[bool | None] = mapped_column(Boolean)


class Outcome(Base):
    """What happened to an earlier suggestion; one row per need, person and outcome."""

    __tablename__ = "outcomes"
    __table_args__ = (
        UniqueConstraint("need_id", "person_id", "outcome", name="uq_outcomes_need_person_outcome"),
        CheckConstraint(_in("outcome", OUTCOMES), name="outcome"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    need_id: Mapped[str] = mapped_column(ForeignKey("needs.need_id", ondelete="CASCADE"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("jobseekers.person_id", ondelete="CASCADE"), index=True)
    outcome: Mapped[str] = mapped_column(String(20))
    date: Mapped[dt.date | None] = mapped_column(Date)
    #: Who recorded it in the web app (``None``: imported), for the model card's counts per source.
    recorded_by: Mapped[str | None] = mapped_column(String(100))
    #: When it was recorded in the web app (orders it among the decisions on the same person).
    recorded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Decision(Base):
    """What an LKS team decided about a candidate for a need."""

    __tablename__ = "decisions"
    __table_args__ = (CheckConstraint(_in("decision", DECISIONS), name="decision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    need_id: Mapped[str] = mapped_column(ForeignKey("needs.need_id", ondelete="CASCADE"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("jobseekers.person_id", ondelete="CASCADE"), index=True)
    decision: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    username: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Enrolment(Base):
    """Someone enrolled on an education offer for a need: a job seeker (``person_id``) or a number of
    the company's own staff (``staff``), and for ``erhvervsfaglig`` whether the individual education
    agreement is signed. Erased with the person.
    """

    __tablename__ = "enrolments"
    __table_args__ = (
        CheckConstraint("(person_id IS NULL) <> (staff IS NULL)", name="person_or_staff"),
        CheckConstraint("staff IS NULL OR staff > 0", name="staff_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    need_id: Mapped[str] = mapped_column(ForeignKey("needs.need_id", ondelete="CASCADE"), index=True)
    offer_id: Mapped[str] = mapped_column(ForeignKey("offers.offer_id", ondelete="CASCADE"), index=True)
    person_id: Mapped[str | None] = mapped_column(
        ForeignKey("jobseekers.person_id", ondelete="CASCADE"), index=True)
    staff: Mapped[int | None] = mapped_column(Integer)
    agreement_signed: Mapped[bool | None] = mapped_column(Boolean)
    username: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class MatchScore(Base):
    """A cached ranking score of a person for a need (derived data: erased with the person)."""

    __tablename__ = "match_scores"

    need_id: Mapped[str] = mapped_column(
        ForeignKey("needs.need_id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[str] = mapped_column(
        ForeignKey("jobseekers.person_id", ondelete="CASCADE"), primary_key=True, index=True)
    score: Mapped[float] = mapped_column(Float)
    rank: Mapped[int | None] = mapped_column(Integer)
    explanation: Mapped[str | None] = mapped_column(Text)
    missing_skills: Mapped[str | None] = mapped_column(Text)
    suggested_offers: Mapped[str | None] = mapped_column(Text)
    model_version: Mapped[str | None] = mapped_column(String(64))
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class User(Base):
    """A person who logs in; ``lks_id`` and ``system`` are set for (and only for) role ``lks``."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(_in("role", ROLES), name="role"),
        CheckConstraint("system IS NULL OR " + _in("system", SYSTEMS), name="system"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(10))
    lks_id: Mapped[str | None] = mapped_column(String(40))
    system: Mapped[str | None] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Session(Base):
    """A server-side login session. ``id`` should be a hash of the cookie's token, not the token."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class AuditLog(Base):
    """Who did what to which record, and why. Never holds an erased person's id."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_record", "record_kind", "record_id"),
        Index("ix_audit_log_action", "action", "id"),  # the data version: newest id per action
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ts: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    username: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60))
    record_kind: Mapped[str | None] = mapped_column(String(30))
    record_id: Mapped[str | None] = mapped_column(String(128))
    detail: Mapped[str | None] = mapped_column(Text)
    #: The need a ``read_candidate`` entry was read for (structured, so that a decision can be
    #: checked against what was shown; no foreign key: the log outlives the need).
    need_id: Mapped[str | None] = mapped_column(String(64))


class LoginAttempt(Base):
    """A login attempt that has not succeeded (yet): counted to throttle password guessing.

    One row per attempt, written *before* the password is checked (so parallel guesses are
    counted too); a refused attempt's row is deleted again, a successful login deletes the
    rows of its username, and rows older than the throttling window are pruned. ``username``
    is the name as typed (known or not); ``address`` the client address (an IPv6 address as
    its /64 network), ``None`` when there is none (e.g. a login outside the web app).
    """

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_username_time", "username", "attempted_at"),
        Index("ix_login_attempts_address_time", "address", "attempted_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(String(64))
    attempted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)



class StatsSnapshot(Base):
    """The published area statistics as computed once, for every worker and command to read.

    Only the *protected* table is kept (suppressed cells as their marks, never a raw small
    count), as JSON in ``tables``: it is what is published anyway. ``data_version`` is the
    audit id the figures were counted at, ``stats_date`` the day they are for (needs past
    their deadline, unemployment durations), ``computed_at`` when. The last snapshot of each
    day is kept for the trends; the others of a day are pruned.
    """

    __tablename__ = "stats_snapshots"
    __table_args__ = (Index("ix_stats_snapshots_version_date", "data_version", "stats_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    data_version: Mapped[int] = mapped_column(Integer)
    stats_date: Mapped[dt.date] = mapped_column(Date, index=True)
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    tables: Mapped[str] = mapped_column(Text)


class JobLease(Base):
    """Who is computing a shared result now (one row per job), so that only one process does.

    A process takes the lease by setting ``held_by`` and ``held_until`` where the lease is free
    or expired (one conditional UPDATE: atomic on SQLite and PostgreSQL alike), and frees it
    when done; a process that dies leaves a lease that expires on its own.
    """

    __tablename__ = "job_leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    held_by: Mapped[str | None] = mapped_column(String(100))
    held_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class UserLink(Base):
    """A one-time link that lets a user set their own password (a new user, or a reset).

    Only the SHA-256 of the link's token is kept (like a session's); the link is shown once to
    the admin who made it and is void after ``expires_at`` (24 hours), after its first use
    (``used_at``), or when a newer link is made for the same user.
    """

    __tablename__ = "user_links"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(10))  # "new" | "reset"
    created_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class BackgroundJob(Base):
    """A long task started from the web app (training the model) and its progress, for every worker.

    ``state`` is ``running``, ``done`` or ``failed``; ``progress`` 0..1 with ``step`` saying what
    is being done; ``result`` (JSON) what came of it, ``error`` why it failed. A job whose
    process died stays ``running`` until ``heartbeat_at`` is older than a few minutes, then it
    counts as failed.
    """

    __tablename__ = "background_jobs"
    __table_args__ = (Index("ix_background_jobs_kind", "kind", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(30))
    state: Mapped[str] = mapped_column(String(10))
    progress: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    step: Mapped[str | None] = mapped_column(String(200))
    started_by: Mapped[str | None] = mapped_column(String(100))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    heartbeat_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    result: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
