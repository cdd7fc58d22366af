"""Authentication: argon2 password hashes, users, and server-side sessions.

A login creates a random token (:func:`secrets.token_urlsafe`, 32 bytes). The browser
keeps the token in an ``HttpOnly`` cookie; the ``sessions`` table keeps only its
SHA-256. Every request looks the session up again (:func:`principal_for_token`): a
revoked session (logout), an expired one (:data:`SESSION_LIFETIME`) or one whose user
was disabled stops working at once.

Password rules: at least :data:`MIN_PASSWORD_LENGTH` characters (NIST SP 800-63B asks
for 8 as a minimum; we ask for 12 because these accounts read personal data), at most
:data:`MAX_PASSWORD_LENGTH` (argon2 would hash longer ones, but it is a cheap way to
refuse a denial of service), no other composition rules. Users made by an admin choose their
password through a one-time link (:mod:`lksmatch.links`), which also holds the admin's changes.

Password guessing is throttled (:func:`login`, :class:`LoginLimits`). Every attempt is
first written to the ``login_attempts`` table (through :mod:`store.users`, so several
processes share the counts) and only then counted: after
:attr:`LoginLimits.per_user` failed attempts for one username, or
:attr:`LoginLimits.per_address` *distinct usernames* failing from one client address, within the sliding
:attr:`LoginLimits.window`, a further attempt is refused with
:class:`TooManyLoginAttempts` (HTTP 429, with the seconds until an attempt is allowed
again) *without* checking the password, and logged as ``login_throttled``. Writing the
attempt before counting it means parallel guesses cannot slip past the limit: each one
counts every attempt committed before it. A refused attempt's row is deleted again (it
tested no password, so it neither extends the wait nor makes ``retry_after`` wrong); a
failed one stays; a successful login deletes its username's rows. Unknown usernames are
counted exactly like known ones, so a refusal says nothing about which usernames exist.

Why the address limit counts usernames, not attempts: many people of one office or
municipality reach the server from one address (a NAT or a proxy). Counting attempts, a
few colleagues mistyping their passwords - or one person trying hers twenty times - locked
out everyone behind that address for the whole window. Counting distinct usernames keeps
what the limit is for - one address trying many accounts (password spraying) is stopped
after :attr:`LoginLimits.per_address` of them - while one person's typos only hold her own
username (:attr:`LoginLimits.per_user`). A username stays counted until its latest
attempt leaves the window; a successful login removes its rows.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import ipaddress
import math
import secrets
from collections.abc import Collection
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError

from lksmatch import rules
from lksmatch.config import (
    DEFAULT_LKS_TABLE,
    DEFAULT_LOGIN_MAX_FAILURES_PER_ADDRESS,
    DEFAULT_LOGIN_MAX_FAILURES_PER_USER,
    DEFAULT_LOGIN_WINDOW_MINUTES,
    Settings,
)
from lksmatch.errors import AppError, AuthenticationRequired, NotFoundError, Problem, ValidationError
from store import models, refdata, repo, users

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
MAX_USERNAME_LENGTH = 100
#: How long a session lives after login.
SESSION_LIFETIME = dt.timedelta(hours=8)
ROLES = models.ROLES
#: Longest client address stored for throttling (an IPv6 /64 network fits easily).
MAX_ADDRESS_LENGTH = 64
#: Audit action of a login attempt refused by the throttle.
THROTTLED = "login_throttled"

_HASHER = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the user does not exist, so both cases cost the same time."""
    return _HASHER.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class Principal:
    """Who is calling: the logged-in user's name, role and (for role ``lks``) LKS and system."""

    username: str
    role: str
    lks_id: str | None = None
    system: str | None = None

    @property
    def sees_persons(self) -> bool:
        """Whether this caller may ever receive a person-level row (``admin``; ``lks`` of the jobcentre)."""
        return rules.sees_persons(self.role, self.system)


@dataclass(frozen=True)
class LoginResult:
    """A new session: the token for the cookie (never stored) and who logged in."""

    token: str
    principal: Principal
    expires_at: dt.datetime


@dataclass(frozen=True)
class LoginLimits:
    """How many failed logins are allowed within ``window``, per username and per client address."""

    per_user: int = DEFAULT_LOGIN_MAX_FAILURES_PER_USER
    per_address: int = DEFAULT_LOGIN_MAX_FAILURES_PER_ADDRESS
    window: dt.timedelta = dt.timedelta(minutes=DEFAULT_LOGIN_WINDOW_MINUTES)

    def __post_init__(self) -> None:
        if self.per_user < 1 or self.per_address < 1:
            raise ValueError(
                f"the login limits were {self.per_user} per user and {self.per_address} per address "
                "but are expected to be 1 or more"
            )
        if self.window <= dt.timedelta(0):
            raise ValueError(f"the login window was {self.window} but is expected to be positive")

    @classmethod
    def from_settings(cls, settings: Settings) -> LoginLimits:
        """The limits named by ``settings`` (``LKSMATCH_LOGIN_*``)."""
        return cls(
            per_user=settings.login_max_failures_per_user,
            per_address=settings.login_max_failures_per_address,
            window=dt.timedelta(minutes=settings.login_window_minutes),
        )


class TooManyLoginAttempts(AppError):
    """Too many failed logins for this username or from this address; the password was not checked.

    ``retry_after`` is the number of seconds until an attempt is allowed again (the JSON API
    sends it as ``Retry-After``). The same for known and unknown usernames.
    """

    exit_code = 2
    http_status = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed login attempts; try again in {retry_after} seconds")
        self.retry_after = retry_after


def address_key(address: str | None) -> str | None:
    """The key a client address is counted under: an IPv4 address as it is, an IPv6 address
    as its /64 network (one subscriber usually holds a whole /64), ``None`` for none.
    """
    text = (address or "").strip()
    if not text:
        return None
    try:
        ip = ipaddress.ip_address(text.split("%", 1)[0])  # drop an IPv6 zone id
    except ValueError:
        return text[:MAX_ADDRESS_LENGTH]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (random salt, the library's current parameters)."""
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash`` (False for a malformed hash)."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def token_hash(token: str) -> str:
    """The SHA-256 (hex) under which a session token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def shipped_lks_ids() -> frozenset[str]:
    """The LKS ids of the shipped ``data/boundaries/lks.csv``."""
    return frozenset(refdata.read_lks_table(DEFAULT_LKS_TABLE)["lks_id"].astype(str))


def password_problems(password: str) -> list[Problem]:
    """What is wrong with a new password (the module docstring's rules); empty when nothing is."""
    if MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        return []
    rule = f"must be {MIN_PASSWORD_LENGTH}-{MAX_PASSWORD_LENGTH} characters long (got {len(password)})"
    return [Problem(None, "password", rule)]


def username_problems(username: str) -> list[Problem]:
    """What is wrong with a new username; empty when nothing is (whether it is taken is not checked)."""
    if not username or username != username.strip() or len(username) > MAX_USERNAME_LENGTH:
        rule = f"must be 1-{MAX_USERNAME_LENGTH} characters without leading or trailing spaces"
        return [Problem(None, "username", rule, username)]
    return []


def role_problems(
    role: str, lks_id: str | None, valid_lks_ids: Collection[str], system: str | None
) -> list[Problem]:
    """What is wrong with a role and its LKS and system: an ``lks`` user needs one of
    ``valid_lks_ids`` and one of :data:`lksmatch.rules.SYSTEMS`; the other roles have neither.
    """
    problems: list[Problem] = []
    if role not in ROLES:
        problems.append(Problem(None, "role", f"must be one of {list(ROLES)}", role))
    elif role == "lks":
        if not lks_id:
            problems.append(Problem(None, "lks_id", "is required for role 'lks'"))
        elif lks_id not in valid_lks_ids:
            problems.append(Problem(None, "lks_id", f"must be one of {sorted(valid_lks_ids)}", lks_id))
        if system not in rules.SYSTEMS:
            problems.append(Problem(None, "system", f"must be one of {list(rules.SYSTEMS)}", system or ""))
    else:
        if lks_id:
            problems.append(Problem(
                None, "lks_id", f"must be empty for role {role!r} (only 'lks' users have an LKS)", lks_id))
        if system:
            problems.append(Problem(
                None, "system", f"must be empty for role {role!r} (only 'lks' users belong to a system)",
                system))
    return problems


def _validate_user(
    username: str, password: str, role: str, lks_id: str | None, valid_lks_ids: Collection[str],
    system: str | None = None,
) -> list[Problem]:
    return [*username_problems(username), *password_problems(password),
            *role_problems(role, lks_id, valid_lks_ids, system)]


def known_lks_ids(valid_lks_ids: Collection[str] | None) -> frozenset[str]:
    """``valid_lks_ids`` as a set; by default those of the shipped LKS table."""
    return frozenset(valid_lks_ids) if valid_lks_ids is not None else shipped_lks_ids()


def last_admin_problems(
    connection: Connection, user: users.UserRecord, role: str, active: bool
) -> list[Problem]:
    """A problem when the change would leave no active admin: ``user`` is the last one and would
    lose the role or be disabled (the admins' rows stay locked until the transaction ends).
    """
    if user.role != rules.ADMIN or not user.active or (role == rules.ADMIN and active):
        return []
    if any(other != user.id for other in users.active_admin_ids(connection)):
        return []
    field = "role" if role != rules.ADMIN else "active"
    return [Problem(None, field, "is the last active admin; make another user admin first", user.username)]


def add_user(
    engine: Engine,
    username: str,
    password: str,
    role: str,
    lks_id: str | None = None,
    *,
    valid_lks_ids: Collection[str] | None = None,
    created_by: str | None = None,
    now: dt.datetime | None = None,
    system: str | None = None,
) -> Principal:
    """Create a user (the CLI's ``lksmatch users add`` and the admin's user management).

    Parameters
    ----------
    engine
        The database.
    username, password
        See the module docstring for the password rules.
    role
        One of :data:`ROLES`.
    lks_id
        Required for role ``lks`` (one of ``valid_lks_ids``); must be empty for the others.
    system
        For role ``lks``: ``jobcenter``, ``erhvervsservice`` or ``uddannelse`` (default
        ``jobcenter``, as for the users made before systems existed); empty for the others.
    valid_lks_ids
        The known LKS ids; default those of the shipped ``data/boundaries/lks.csv``
        (pass ``service.geography.lks_table["lks_id"]`` when the settings name another table).
    created_by
        Who created the user (goes into the audit log).

    Raises
    ------
    ValidationError
        Listing every problem: a bad username, a short password, an unknown role, a
        missing or unexpected LKS, or a username that is taken.
    """
    known = known_lks_ids(valid_lks_ids)
    lks = lks_id or None
    system = (system or rules.DEFAULT_SYSTEM) if role == rules.LKS else (system or None)
    problems = _validate_user(username, password, role, lks, known, system)
    if problems:
        raise ValidationError(f"the user {username!r} was not created", problems)
    moment = now or repo.utcnow()
    password_hash = hash_password(password)
    try:
        with engine.begin() as connection:
            users.create_user(
                connection, username=username, password_hash=password_hash, role=role, lks_id=lks,
                system=system, now=moment,
            )
            repo.audit(
                connection,
                "user_added",
                username=created_by,
                record_kind="user",
                record_id=username,
                detail=f"role={role} lks={lks or ''} system={system or ''}",
                now=moment,
            )
    except IntegrityError as exc:
        raise ValidationError(f"the username {username!r} is already taken") from exc
    return Principal(username, role, lks, system)


def set_user_active(engine: Engine, username: str, active: bool, *, changed_by: str | None = None) -> None:
    """Enable or disable a user; disabling revokes every session of the user at once.

    Raises
    ------
    NotFoundError
        No such user.
    ValidationError
        Disabling the last active admin.
    """
    with engine.begin() as connection:
        user = users.get_user(connection, username)
        if user is None:
            raise NotFoundError(f"there is no user {username!r}")
        problems = last_admin_problems(connection, user, user.role, active)
        if problems:
            raise ValidationError(f"the user {username!r} was not disabled", problems)
        users.set_active(connection, username, active)
        repo.audit(
            connection,
            "user_enabled" if active else "user_disabled",
            username=changed_by,
            record_kind="user",
            record_id=username,
        )


def _seconds_to_wait(
    times: list[dt.datetime], limit: int, window: dt.timedelta, now: dt.datetime
) -> int | None:
    """Seconds until fewer than ``limit`` of the attempts at ``times`` (oldest first) are in the
    window - ``None`` when that is already so.
    """
    if len(times) < limit:
        return None
    frees_up = times[len(times) - limit] + window
    return max(1, math.ceil((frees_up - now).total_seconds()))


def _start_attempt(
    engine: Engine, username: str, address: str | None, limits: LoginLimits, now: dt.datetime
) -> int:
    """Record the attempt, then refuse it when a limit is reached; return its id otherwise.

    Raises
    ------
    TooManyLoginAttempts
        When ``limits.per_user`` earlier attempts for ``username`` or ``limits.per_address``
        from ``address`` fall within the window (the refusal is logged; the attempt is not kept).
    """
    since = now - limits.window
    with engine.begin() as connection:
        users.prune_login_attempts(connection, since)
        attempt = users.add_login_attempt(connection, username=username, address=address, now=now)
    with engine.begin() as connection:
        waits: dict[str, int] = {}
        by_user = users.login_attempt_times(connection, since=since, username=username, exclude_id=attempt)
        wait = _seconds_to_wait(by_user, limits.per_user, limits.window, now)
        if wait is not None:
            waits["username"] = wait
        if address is not None:
            by_address = users.login_usernames_times(
                connection, since=since, address=address, exclude_id=attempt
            )
            wait = _seconds_to_wait(by_address, limits.per_address, limits.window, now)
            if wait is not None:
                waits["address"] = wait
        if waits:
            users.delete_login_attempt(connection, attempt)
            repo.audit(
                connection,
                THROTTLED,
                username=username,
                detail=f"address {address or 'unknown'}; limit reached: {' and '.join(waits)}; "
                f"retry after {max(waits.values())} s",
                now=now,
            )
    if waits:
        raise TooManyLoginAttempts(max(waits.values()))
    return attempt


def login(
    engine: Engine,
    username: str,
    password: str,
    *,
    address: str | None = None,
    limits: LoginLimits | None = None,
    now: dt.datetime | None = None,
) -> LoginResult:
    """Check the password and open a session - unless too many attempts failed (module docstring).

    Parameters
    ----------
    engine
        The database (it also holds the attempt counts, shared by every process).
    username, password
        As typed.
    address
        The client's address (the web app passes the socket's, or the trusted proxy's
        ``X-Forwarded-For`` entry); ``None`` counts per username only.
    limits
        Default :class:`LoginLimits` ``()``; the service passes those of its settings.
    now
        The time of the attempt (tests); default the current time.

    Raises
    ------
    TooManyLoginAttempts
        Too many failed attempts for this username or from this address within the window;
        the password was not checked. Logged as ``login_throttled``.
    AuthenticationRequired
        For an unknown user, a wrong password or a disabled user (one message for all
        three, so the answer does not tell which usernames exist). The attempt is logged.
    """
    moment = (now or repo.utcnow()).astimezone(dt.UTC)
    name = username[:MAX_USERNAME_LENGTH]
    where = address_key(address)
    _start_attempt(engine, name, where, limits or LoginLimits(), moment)
    with engine.connect() as connection:
        user = users.get_user(connection, username) if len(username) <= MAX_USERNAME_LENGTH else None
    too_long = len(password) > MAX_PASSWORD_LENGTH
    if user is None or too_long:
        verify_password(_dummy_hash(), "" if too_long else password)
        ok = False
    else:
        ok = verify_password(user.password_hash, password) and user.active
    if user is None or not ok:
        with engine.begin() as connection:  # the attempt's row stays: it counts as a failure
            detail = f"address {where}" if where else None
            repo.audit(connection, "login_failed", username=name, detail=detail, now=moment)
        raise AuthenticationRequired("wrong username or password")
    token = secrets.token_urlsafe(32)
    expires = moment + SESSION_LIFETIME
    with engine.begin() as connection:
        if _HASHER.check_needs_rehash(user.password_hash):
            users.set_password_hash(connection, user.id, hash_password(password))
        users.create_session(
            connection, token_hash=token_hash(token), user_id=user.id, now=moment, expires_at=expires
        )
        users.clear_login_attempts(connection, user.username)
        repo.audit(connection, "login", username=user.username, now=moment)
    return LoginResult(token, Principal(user.username, user.role, user.lks_id, user.system), expires)


def logout(engine: Engine, token: str) -> None:
    """Revoke the session of ``token`` (a no-op for an unknown or already revoked one)."""
    with engine.begin() as connection:
        user = users.session_user(connection, token_hash(token), repo.utcnow())
        if users.revoke_session(connection, token_hash(token)) and user is not None:
            repo.audit(connection, "logout", username=user.username)


def principal_for_token(engine: Engine, token: str | None, *, now: dt.datetime | None = None) -> Principal:
    """The caller of a live session.

    Raises
    ------
    AuthenticationRequired
        No token, an unknown, revoked or expired session, or a disabled user.
    """
    if not token:
        raise AuthenticationRequired("please log in")
    with engine.connect() as connection:
        user = users.session_user(connection, token_hash(token), now or repo.utcnow())
    if user is None:
        raise AuthenticationRequired("the session has ended; please log in again")
    return Principal(user.username, user.role, user.lks_id, user.system)
