"""Users and sessions, part of :class:`lksmatch.service.Service`: logins (throttled), logouts, the
caller of a session, creating, listing and disabling users. The rules live in
:mod:`lksmatch.auth`; these are the service's doors to them (the web layer never sees the engine).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import Engine

from lksmatch import auth
from lksmatch.config import Settings
from store import users

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
        """Every user: ``username, role, lks_id, system, active`` (never the password hash)."""
        with self.engine.connect() as connection:
            found = users.list_users(connection)
        return pd.DataFrame(
            [(u.username, u.role, u.lks_id, u.system, u.active) for u in found],
            columns=["username", "role", "lks_id", "system", "active"],
        )

    def set_user_active(self, username: str, active: bool, *, changed_by: str | None = None) -> None:
        """Enable or disable a user; disabling ends the user's sessions at once."""
        auth.set_user_active(self.engine, username, active, changed_by=changed_by)
