"""Users, server-side login sessions, one-time links, and the failed login attempts that throttle guessing.

Every function takes a :class:`sqlalchemy.Connection` in a transaction that the caller
owns (``with engine.begin() as connection: ...``). Passwords arrive here already hashed
(:mod:`lksmatch.auth` hashes them); sessions and one-time links are stored by the SHA-256 of
their token, never by the token itself, so a copy of the database cannot be used to log in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, insert, select, update

from store import models
from store.repo import as_utc

_USERS = models.Base.metadata.tables["users"]
_SESSIONS = models.Base.metadata.tables["sessions"]
_ATTEMPTS = models.Base.metadata.tables["login_attempts"]
_LINKS = models.Base.metadata.tables["user_links"]


@dataclass(frozen=True)
class UserRecord:
    """One stored user (the password hash included: keep it inside :mod:`lksmatch.auth`)."""

    id: int
    username: str
    password_hash: str
    role: str
    lks_id: str | None
    active: bool
    system: str | None = None
    created_at: dt.datetime | None = None


def _record(row: object) -> UserRecord:
    mapping = row._mapping  # type: ignore[attr-defined]
    return UserRecord(
        id=int(mapping["id"]),
        username=str(mapping["username"]),
        password_hash=str(mapping["password_hash"]),
        role=str(mapping["role"]),
        lks_id=mapping["lks_id"],
        active=bool(mapping["active"]),
        system=mapping.get("system"),
        created_at=as_utc(mapping["created_at"]) if mapping.get("created_at") is not None else None,
    )


# --- users --------------------------------------------------------------------------------------


def create_user(
    connection: Connection, *, username: str, password_hash: str, role: str, lks_id: str | None,
    now: dt.datetime, system: str | None = None,
) -> int:
    """Insert a user and return its id (the caller has validated role, LKS and system)."""
    result = connection.execute(
        insert(_USERS).values(
            username=username, password_hash=password_hash, role=role, lks_id=lks_id, system=system,
            active=True, created_at=now,
        )
    )
    primary_key = result.inserted_primary_key
    assert primary_key is not None
    return int(primary_key[0])


def get_user(connection: Connection, username: str) -> UserRecord | None:
    """The user called ``username``, or ``None``."""
    row = connection.execute(select(_USERS).where(_USERS.c.username == username)).first()
    return None if row is None else _record(row)


def list_users(connection: Connection) -> list[UserRecord]:
    """Every user, by username."""
    return [_record(r) for r in connection.execute(select(_USERS).order_by(_USERS.c.username))]


def lks_usernames(connection: Connection, lks_id: str) -> list[str]:
    """The usernames of the LKS team ``lks_id`` who may see persons: its ``lks`` users of the jobcentre."""
    stmt = select(_USERS.c.username).where(
        _USERS.c.role == "lks", _USERS.c.lks_id == lks_id, _USERS.c.system == "jobcenter")
    return sorted(connection.execute(stmt).scalars())


def set_password_hash(connection: Connection, user_id: int, password_hash: str) -> None:
    """Replace a user's password hash (after a rehash with newer parameters)."""
    connection.execute(update(_USERS).where(_USERS.c.id == user_id).values(password_hash=password_hash))


def set_active(connection: Connection, username: str, active: bool) -> bool:
    """Enable or disable a user; a disabled user's sessions are revoked. False if unknown."""
    user = get_user(connection, username)
    if user is None:
        return False
    connection.execute(update(_USERS).where(_USERS.c.id == user.id).values(active=active))
    if not active:
        revoke_user_sessions(connection, user.id)
    return True


def update_user(
    connection: Connection, user_id: int, *, role: str, lks_id: str | None, system: str | None, active: bool
) -> None:
    """Set a user's role, LKS, system and whether it is active (the caller has validated them);
    a disabled user's sessions are revoked.
    """
    values = {"role": role, "lks_id": lks_id, "system": system, "active": active}
    connection.execute(update(_USERS).where(_USERS.c.id == user_id).values(**values))
    if not active:
        revoke_user_sessions(connection, user_id)


def active_admin_ids(connection: Connection) -> list[int]:
    """The ids of the active ``admin`` users, their rows locked until the transaction ends
    (PostgreSQL: ``FOR UPDATE``), so that two admins demoting each other at once cannot both
    succeed and leave none.
    """
    stmt = (
        select(_USERS.c.id).where(_USERS.c.role == "admin", _USERS.c.active.is_(True))
        .order_by(_USERS.c.id).with_for_update()
    )
    return [int(i) for i in connection.execute(stmt).scalars()]


# --- sessions -----------------------------------------------------------------------------------


def create_session(
    connection: Connection, *, token_hash: str, user_id: int, now: dt.datetime, expires_at: dt.datetime
) -> None:
    """Store a new session under the hash of its token."""
    connection.execute(
        insert(_SESSIONS).values(
            id=token_hash, user_id=user_id, created_at=now, expires_at=expires_at, revoked=False
        )
    )


def session_user(connection: Connection, token_hash: str, now: dt.datetime) -> UserRecord | None:
    """The user of a live session: not revoked, not expired, the user active. Else ``None``."""
    stmt = (
        select(_USERS, _SESSIONS.c.expires_at.label("session_expires_at"),
               _SESSIONS.c.revoked.label("session_revoked"))
        .join(_SESSIONS, _SESSIONS.c.user_id == _USERS.c.id)
        .where(_SESSIONS.c.id == token_hash)
    )
    row = connection.execute(stmt).first()
    if row is None:
        return None
    mapping = row._mapping
    if mapping["session_revoked"] or not mapping["active"]:
        return None
    if as_utc(mapping["session_expires_at"]) <= as_utc(now):
        return None
    return _record(row)


def revoke_session(connection: Connection, token_hash: str) -> bool:
    """Revoke one session; False when there was no live one."""
    result = connection.execute(
        update(_SESSIONS).where(_SESSIONS.c.id == token_hash, _SESSIONS.c.revoked.is_(False))
        .values(revoked=True)
    )
    return bool(result.rowcount)


def revoke_user_sessions(connection: Connection, user_id: int) -> int:
    """Revoke every session of a user; return how many were live."""
    result = connection.execute(
        update(_SESSIONS).where(_SESSIONS.c.user_id == user_id, _SESSIONS.c.revoked.is_(False))
        .values(revoked=True)
    )
    return int(result.rowcount or 0)


def count_sessions(connection: Connection, *, user_id: int | None = None) -> int:
    """How many session rows exist (optionally for one user), live or not."""
    stmt = select(_SESSIONS.c.id)
    if user_id is not None:
        stmt = stmt.where(_SESSIONS.c.user_id == user_id)
    return len(connection.execute(stmt).all())


# --- one-time links ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkRecord:
    """One stored one-time link (``token_hash`` is the SHA-256 of its token; the token is never kept)."""

    token_hash: str
    user_id: int
    purpose: str
    created_by: str | None
    created_at: dt.datetime
    expires_at: dt.datetime
    used_at: dt.datetime | None


def _link(mapping: object) -> LinkRecord:
    row = mapping._mapping  # type: ignore[attr-defined]
    used = row["used_at"]
    return LinkRecord(
        token_hash=str(row["id"]),
        user_id=int(row["user_id"]),
        purpose=str(row["purpose"]),
        created_by=row["created_by"],
        created_at=as_utc(row["created_at"]),
        expires_at=as_utc(row["expires_at"]),
        used_at=None if used is None else as_utc(used),
    )


def create_link(
    connection: Connection, *, token_hash: str, user_id: int, purpose: str, created_by: str | None,
    now: dt.datetime, expires_at: dt.datetime,
) -> int:
    """Store a new link under the hash of its token; the user's older unused links end now
    (their ``expires_at`` is set to ``now``). Return how many older links were ended.
    """
    voided = connection.execute(
        update(_LINKS)
        .where(_LINKS.c.user_id == user_id, _LINKS.c.used_at.is_(None), _LINKS.c.expires_at > now)
        .values(expires_at=now)
    )
    connection.execute(
        insert(_LINKS).values(
            id=token_hash, user_id=user_id, purpose=purpose, created_by=created_by, created_at=now,
            expires_at=expires_at, used_at=None,
        )
    )
    return int(voided.rowcount or 0)


def find_link(connection: Connection, token_hash: str, *, lock: bool = False) -> LinkRecord | None:
    """The link stored under ``token_hash`` (used or not, expired or not), or ``None``.

    ``lock`` locks its row until the transaction ends (PostgreSQL: ``FOR UPDATE``).
    """
    stmt = select(_LINKS).where(_LINKS.c.id == token_hash)
    if lock:
        stmt = stmt.with_for_update()
    row = connection.execute(stmt).first()
    return None if row is None else _link(row)


def mark_link_used(connection: Connection, token_hash: str, now: dt.datetime) -> bool:
    """Mark an unused link as used at ``now``; False when it was already used (or is unknown)."""
    result = connection.execute(
        update(_LINKS).where(_LINKS.c.id == token_hash, _LINKS.c.used_at.is_(None)).values(used_at=now)
    )
    return bool(result.rowcount)


def pending_link_user_ids(connection: Connection, now: dt.datetime) -> set[int]:
    """The ids of the users who have a link that is neither used nor expired at ``now``."""
    stmt = select(_LINKS.c.user_id).where(_LINKS.c.used_at.is_(None), _LINKS.c.expires_at > now)
    return {int(i) for i in connection.execute(stmt).scalars()}


def get_user_by_id(connection: Connection, user_id: int) -> UserRecord | None:
    """The user with the id ``user_id``, or ``None``."""
    row = connection.execute(select(_USERS).where(_USERS.c.id == user_id)).first()
    return None if row is None else _record(row)


# --- login attempts -----------------------------------------------------------------------------


def add_login_attempt(
    connection: Connection, *, username: str, address: str | None, now: dt.datetime
) -> int:
    """Record a login attempt (before its password is checked) and return its id."""
    result = connection.execute(
        insert(_ATTEMPTS).values(username=username, address=address, attempted_at=now)
    )
    primary_key = result.inserted_primary_key
    assert primary_key is not None
    return int(primary_key[0])


def login_attempt_times(
    connection: Connection,
    *,
    since: dt.datetime,
    username: str | None = None,
    address: str | None = None,
    exclude_id: int | None = None,
) -> list[dt.datetime]:
    """When the attempts after ``since`` for ``username`` (or from ``address``) were made, oldest first.

    Exactly one of ``username`` and ``address`` must be given; ``exclude_id`` leaves out one
    attempt (the caller's own).
    """
    if (username is None) == (address is None):
        raise ValueError("pass exactly one of `username` and `address`")
    column = _ATTEMPTS.c.username if username is not None else _ATTEMPTS.c.address
    stmt = (
        select(_ATTEMPTS.c.attempted_at)
        .where(column == (username if username is not None else address), _ATTEMPTS.c.attempted_at > since)
        .order_by(_ATTEMPTS.c.attempted_at)
    )
    if exclude_id is not None:
        stmt = stmt.where(_ATTEMPTS.c.id != exclude_id)
    return [as_utc(t) for t in connection.execute(stmt).scalars()]


def login_usernames_times(
    connection: Connection, *, since: dt.datetime, address: str, exclude_id: int | None = None
) -> list[dt.datetime]:
    """The latest attempt after ``since`` of each distinct username tried from ``address``, oldest first.

    The per-address limit counts usernames, not attempts: a username stays counted until its
    latest attempt leaves the window. ``exclude_id`` leaves out one attempt (the caller's own).
    """
    latest = func.max(_ATTEMPTS.c.attempted_at)
    stmt = (
        select(latest)
        .where(_ATTEMPTS.c.address == address, _ATTEMPTS.c.attempted_at > since)
        .group_by(_ATTEMPTS.c.username)
        .order_by(latest)
    )
    if exclude_id is not None:
        stmt = stmt.where(_ATTEMPTS.c.id != exclude_id)
    return [as_utc(t) for t in connection.execute(stmt).scalars()]


def delete_login_attempt(connection: Connection, attempt_id: int) -> None:
    """Forget one attempt (one that was refused before its password was checked)."""
    connection.execute(delete(_ATTEMPTS).where(_ATTEMPTS.c.id == attempt_id))


def clear_login_attempts(connection: Connection, username: str) -> int:
    """Forget every attempt for ``username`` (after a successful login); return how many."""
    result = connection.execute(delete(_ATTEMPTS).where(_ATTEMPTS.c.username == username))
    return int(result.rowcount or 0)


def prune_login_attempts(connection: Connection, before: dt.datetime) -> int:
    """Delete the attempts made at or before ``before`` (outside every window); return how many."""
    result = connection.execute(delete(_ATTEMPTS).where(_ATTEMPTS.c.attempted_at <= before))
    return int(result.rowcount or 0)
