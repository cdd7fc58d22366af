"""Users and sessions, part of :class:`lksmatch.service.Service`: logins (throttled), logouts, the
caller of a session, creating, listing, changing and disabling users, and their one-time links.
The rules live in :mod:`lksmatch.auth` and :mod:`lksmatch.links`; these are the service's doors
to them (the web layer never sees the engine).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import Engine

from lksmatch import auth, links
from lksmatch.config import Settings
from lksmatch.errors import NotFoundError
from store import repo, users

#: The columns of :meth:`Accounts.users`.
USER_COLUMNS = ["username", "role", "lks_id", "system", "active", "created_at", "link_pending"]

if TYPE_CHECKING:
    from lksmatch.geography import Geography


class Accounts:
    """The users-and-sessions methods of the service (mixed into :class:`lksmatch.service.Service`)."""

    settings: Settings

    if TYPE_CHECKING:  # provided by the service

        @property
        def engine(self) -> Engine:
            """The service's database engine."""
            ...

        @property
        def geography(self) -> Geography:
            """The service's reference geography (the LKS ids a user may belong to)."""
            ...

    @property
    def login_limits(self) -> auth.LoginLimits:
        """How many failed logins are allowed per username and address (from the settings)."""
        return auth.LoginLimits.from_settings(self.settings)

    def login(
        self, username: str, password: str, *, address: str | None = None, now: dt.datetime | None = None
    ) -> auth.LoginResult:
        """Check the password and open a session, throttled per username and ``address``.

        See :func:`lksmatch.auth.login` (raises ``TooManyLoginAttempts`` or
        ``AuthenticationRequired``).
        """
        return auth.login(
            self.engine, username, password, address=address, limits=self.login_limits, now=now
        )

    def logout(self, token: str) -> None:
        """End the session of ``token`` (a no-op for an unknown or already ended one)."""
        auth.logout(self.engine, token)

    def principal_for_token(self, token: str | None) -> auth.Principal:
        """The caller of a live session; ``AuthenticationRequired`` for none."""
        return auth.principal_for_token(self.engine, token)

    def add_user(
        self,
        username: str,
        password: str,
        role: str,
        lks_id: str | None = None,
        *,
        system: str | None = None,
        created_by: str | None = None,
    ) -> auth.Principal:
        """Create a user; an ``lks`` user needs one of the configured LKS ids (and a system)."""
        return auth.add_user(
            self.engine, username, password, role, lks_id, valid_lks_ids=self.geography.lks_ids,
            created_by=created_by, system=system,
        )

    def users(self) -> pd.DataFrame:
        """Every user (:data:`USER_COLUMNS`): ``username, role, lks_id, system, active, created_at`` and
        ``link_pending`` (an unused, unexpired one-time link exists). Never a hash or a token.
        """
        with self.engine.connect() as connection:
            found = users.list_users(connection)
            pending = users.pending_link_user_ids(connection, repo.utcnow())
        rows = [
            (u.username, u.role, u.lks_id, u.system, u.active, u.created_at, u.id in pending) for u in found
        ]
        return pd.DataFrame(rows, columns=USER_COLUMNS)

    def user(self, username: str) -> dict[str, object]:
        """One user's row of :meth:`users`; ``NotFoundError`` for an unknown username."""
        table = self.users()
        rows = table[table["username"] == username].to_dict("records")
        if not rows:
            raise NotFoundError(f"there is no user {username!r}")
        return {str(k): v for k, v in rows[0].items()}

    def set_user_active(self, username: str, active: bool, *, changed_by: str | None = None) -> None:
        """Enable or disable a user; disabling ends the user's sessions at once (never the last admin)."""
        auth.set_user_active(self.engine, username, active, changed_by=changed_by)

    def create_user_with_link(
        self,
        username: str,
        role: str,
        lks_id: str | None = None,
        *,
        system: str | None = None,
        created_by: str | None = None,
    ) -> tuple[auth.Principal, str, dt.datetime]:
        """Create a user without a known password, and its one-time link: ``(user, token, expires_at)``.

        See :func:`lksmatch.links.create_user_with_link` (an ``lks`` user needs one of the
        configured LKS ids and a system).
        """
        return links.create_user_with_link(
            self.engine, username, role, lks_id, system=system, valid_lks_ids=self.geography.lks_ids,
            created_by=created_by,
        )

    def reset_link(self, username: str, created_by: str | None = None) -> tuple[str, dt.datetime]:
        """A new one-time link (purpose ``reset``) for ``username``: ``(token, expires_at)``; its older
        links end. The current password keeps working until the link is used.
        """
        return links.create_link(self.engine, username, "reset", created_by)

    def update_user(
        self,
        username: str,
        *,
        role: str | None = None,
        lks_id: str | None = None,
        system: str | None = None,
        active: bool | None = None,
        changed_by: str | None = None,
    ) -> auth.Principal:
        """Change a user's role, LKS, system or whether it is active (``None`` keeps a value).

        See :func:`lksmatch.links.update_user` (never leaves no active admin).
        """
        return links.update_user(
            self.engine, username, role=role, lks_id=lks_id, system=system, active=active,
            changed_by=changed_by, valid_lks_ids=self.geography.lks_ids,
        )

    def link_username(self, token: str) -> str | None:
        """The username of a one-time link that can still be used, else ``None``."""
        return links.link_username(self.engine, token)

    def redeem_link(self, token: str, password: str) -> auth.LoginResult:
        """Use a one-time link: set the password and open a session (``InvalidLink``, ``ValidationError``)."""
        return links.redeem_link(self.engine, token, password)
