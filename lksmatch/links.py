"""The admin's user management: new users with a one-time link, new links, and changes to users.

No password is ever shown or sent by the app. A user made by an admin (in the web app or the
API, :func:`create_user_with_link`) gets the hash of a random password nobody ever sees, and a
one-time link (``/aktiver?token=...``) that is shown once, to that admin, who hands it to the
user. A user who forgot a password gets a new link the same way (:func:`create_link`, purpose
``reset``; the old password keeps working until the link is used). Opening the link, the user
chooses a password (:func:`redeem_link`).

A link's token is random (:func:`secrets.token_urlsafe`, 32 bytes); the ``user_links`` table
keeps only its SHA-256, like a session's, so a copy of the database cannot be used to take over
an account. A link works once, for :data:`LINK_LIFETIME`, and only while its user is active; a
newer link of the same user ends the older ones. Redeeming one checks the password with the
rules of :mod:`lksmatch.auth`, sets it, marks the link used, ends the user's other sessions and
opens a new one - all in one transaction. A link that is unknown, used, expired or of a
disabled user is refused with one message (:class:`InvalidLink`) that does not say which.

The last active admin can neither lose the role nor be disabled (:func:`update_user`,
:func:`lksmatch.auth.set_user_active`): somebody must be able to manage the users.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Collection

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError

from lksmatch import auth, rules
from lksmatch.errors import AuthenticationRequired, NotFoundError, Problem, ValidationError
from store import repo, users

#: How long a one-time link works after it was made.
LINK_LIFETIME = dt.timedelta(hours=24)
#: Why a link was made: a new user, or a password reset.
PURPOSES = ("new", "reset")
#: The path of the page a link opens (the token follows as ``?token=``).
LINK_PATH = "/aktiver"
#: Longest token looked up (the app's tokens have 43 characters).
MAX_TOKEN_LENGTH = 200
INVALID_LINK = "the link is invalid or has expired; ask an administrator for a new one"


class InvalidLink(AuthenticationRequired):
    """A one-time link that cannot be used: unknown, used, expired, or its user disabled.

    The message is the same for every case, so that it tells a guesser nothing.
    """

    def __init__(self) -> None:
        super().__init__(INVALID_LINK)


def _utc(now: dt.datetime | None) -> dt.datetime:
    return (now or repo.utcnow()).astimezone(dt.UTC)


def _make_link(
    connection: Connection, user: users.UserRecord, purpose: str, created_by: str | None, now: dt.datetime
) -> tuple[str, dt.datetime]:
    """Store a new link of ``user`` (ending its older ones) and log it; return the token and its end."""
    token = secrets.token_urlsafe(32)
    expires = now + LINK_LIFETIME
    ended = users.create_link(
        connection, token_hash=auth.token_hash(token), user_id=user.id, purpose=purpose,
        created_by=created_by, now=now, expires_at=expires,
    )
    repo.audit(
        connection, "user_link_made", username=created_by, record_kind="user", record_id=user.username,
        detail=f"purpose={purpose} expires={expires.isoformat()} older links ended={ended}", now=now,
    )
    return token, expires


def create_link(
    engine: Engine, username: str, purpose: str, created_by: str | None, now: dt.datetime | None = None
) -> tuple[str, dt.datetime]:
    """A new one-time link for ``username``: ``(token, expires_at)``; the token is not stored.

    The user's older unused links end now. Logged as ``user_link_made``.

    Raises
    ------
    NotFoundError
        No such user.
    ValidationError
        An unknown ``purpose`` (one of :data:`PURPOSES`), or a disabled user (enable it first).
    """
    if purpose not in PURPOSES:
        rule = f"must be one of {list(PURPOSES)}"
        raise ValidationError("no link was made", [Problem(None, "purpose", rule, purpose)])
    moment = _utc(now)
    with engine.begin() as connection:
        user = users.get_user(connection, username)
        if user is None:
            raise NotFoundError(f"there is no user {username!r}")
        if not user.active:
            raise ValidationError(
                f"no link was made for {username!r}",
                [Problem(None, "active", "the user is disabled; enable the user first", username)],
            )
        return _make_link(connection, user, purpose, created_by, moment)


def create_user_with_link(
    engine: Engine,
    username: str,
    role: str,
    lks_id: str | None = None,
    *,
    system: str | None = None,
    valid_lks_ids: Collection[str] | None = None,
    created_by: str | None = None,
    now: dt.datetime | None = None,
) -> tuple[auth.Principal, str, dt.datetime]:
    """Create a user whom nobody knows a password of, and a ``new`` link for it.

    Checked like :func:`lksmatch.auth.add_user`, except that an ``lks`` user's system must be
    named (there is no default: which system it is decides whether it sees persons). Logged as
    ``user_created`` and ``user_link_made``.

    Returns
    -------
    tuple
        The new user, the link's token (show it once; it is not stored) and when it ends.

    Raises
    ------
    ValidationError
        Every problem: a bad username, an unknown role, a missing or unexpected LKS or system,
        a username that is taken.
    """
    known = auth.known_lks_ids(valid_lks_ids)
    lks, system = lks_id or None, system or None
    problems = [*auth.username_problems(username), *auth.role_problems(role, lks, known, system)]
    if problems:
        raise ValidationError(f"the user {username!r} was not created", problems)
    moment = _utc(now)
    unusable = auth.hash_password(secrets.token_urlsafe(32))  # a password nobody ever sees
    taken = ValidationError(
        f"the user {username!r} was not created", [Problem(None, "username", "is already taken", username)]
    )
    try:
        with engine.begin() as connection:
            if users.get_user(connection, username) is not None:
                raise taken
            users.create_user(connection, username=username, password_hash=unusable, role=role, lks_id=lks,
                              system=system, now=moment)
            repo.audit(connection, "user_created", username=created_by, record_kind="user",
                       record_id=username, detail=f"role={role} lks={lks or ''} system={system or ''}",
                       now=moment)
            user = users.get_user(connection, username)
            assert user is not None
            token, expires = _make_link(connection, user, "new", created_by, moment)
    except IntegrityError as exc:  # made at the same moment by another admin
        raise taken from exc
    return auth.Principal(username, role, lks, system), token, expires


def _live_link(
    connection: Connection, token: str, now: dt.datetime, *, lock: bool = False
) -> tuple[users.LinkRecord, users.UserRecord] | None:
    """The link of ``token`` and its user, when the link is unused, not expired and the user active."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    link = users.find_link(connection, auth.token_hash(token), lock=lock)
    if link is None or link.used_at is not None or link.expires_at <= now:
        return None
    user = users.get_user_by_id(connection, link.user_id)
    if user is None or not user.active:
        return None
    return link, user


def link_username(engine: Engine, token: str, now: dt.datetime | None = None) -> str | None:
    """The username of a link that can still be used (for the page it opens), else ``None``."""
    with engine.connect() as connection:
        live = _live_link(connection, token, _utc(now))
    return None if live is None else live[1].username


def redeem_link(
    engine: Engine, token: str, password: str, now: dt.datetime | None = None
) -> auth.LoginResult:
    """Use a one-time link: set the user's password and log the user in (a new session).

    In one transaction: the link is marked used, the password hash set, the user's other
    sessions ended and a new one opened; logged as ``user_link_used``. A refused link is
    logged as ``user_link_refused`` (without the token).

    Raises
    ------
    InvalidLink
        The link is unknown, used, expired, or its user disabled (nothing was changed).
    ValidationError
        The password breaks the rules of :mod:`lksmatch.auth` (the link still works).
    """
    moment = _utc(now)
    problems = auth.password_problems(password)
    new_hash = None if problems else auth.hash_password(password)  # argon2 before the transaction
    session_token = secrets.token_urlsafe(32)
    expires = moment + auth.SESSION_LIFETIME
    try:
        with engine.begin() as connection:
            live = _live_link(connection, token, moment, lock=True)
            if live is None or not users.mark_link_used(connection, live[0].token_hash, moment):
                raise InvalidLink()
            link, user = live
            if new_hash is None:
                raise ValidationError("the password was not set", problems)
            users.set_password_hash(connection, user.id, new_hash)
            users.revoke_user_sessions(connection, user.id)
            users.create_session(connection, token_hash=auth.token_hash(session_token), user_id=user.id,
                                 now=moment, expires_at=expires)
            users.clear_login_attempts(connection, user.username)
            repo.audit(connection, "user_link_used", username=user.username, record_kind="user",
                       record_id=user.username, detail=f"purpose={link.purpose}; password set", now=moment)
            repo.audit(connection, "login", username=user.username, detail="one-time link", now=moment)
    except InvalidLink:
        with engine.begin() as connection:
            repo.audit(connection, "user_link_refused", detail="unknown, used or expired link", now=moment)
        raise
    principal = auth.Principal(user.username, user.role, user.lks_id, user.system)
    return auth.LoginResult(session_token, principal, expires)


def update_user(
    engine: Engine,
    username: str,
    *,
    role: str | None = None,
    lks_id: str | None = None,
    system: str | None = None,
    active: bool | None = None,
    changed_by: str | None = None,
    valid_lks_ids: Collection[str] | None = None,
) -> auth.Principal:
    """Change a user's role, LKS, system and whether it is active.

    ``None`` keeps a value as it is - except that a user whose role is not (or no longer) ``lks``
    has no LKS and no system: they are cleared. Checked like :func:`lksmatch.auth.add_user`;
    disabling ends the user's sessions at once. Logged as ``user_changed`` (with what changed).

    Raises
    ------
    NotFoundError
        No such user.
    ValidationError
        Every problem: an unknown role, a missing or unknown LKS or system for role ``lks``, an
        LKS or system for another role, or a change that would leave no active admin.
    """
    known = auth.known_lks_ids(valid_lks_ids)
    with engine.begin() as connection:
        user = users.get_user(connection, username)
        if user is None:
            raise NotFoundError(f"there is no user {username!r}")
        new_role = user.role if role is None else role
        keep = new_role == rules.LKS
        new_lks = (user.lks_id if keep else None) if lks_id is None else (lks_id or None)
        new_system = (user.system if keep else None) if system is None else (system or None)
        new_active = user.active if active is None else active
        problems = auth.role_problems(new_role, new_lks, known, new_system)
        if not problems:
            problems = auth.last_admin_problems(connection, user, new_role, new_active)
        if problems:
            raise ValidationError(f"the user {username!r} was not changed", problems)
        users.update_user(
            connection, user.id, role=new_role, lks_id=new_lks, system=new_system, active=new_active
        )
        old = {"role": user.role, "lks": user.lks_id, "system": user.system, "active": user.active}
        new = {"role": new_role, "lks": new_lks, "system": new_system, "active": new_active}
        changed = [f"{k}={old[k] or ''}->{new[k] or ''}" for k in old if old[k] != new[k]]
        repo.audit(connection, "user_changed", username=changed_by, record_kind="user", record_id=username,
                   detail=" ".join(changed) or "no change")
    return auth.Principal(username, new_role, new_lks, new_system)
