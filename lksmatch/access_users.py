"""Access to user management (admin only): users, their one-time links. Mixed into
:class:`lksmatch.access.SecureService`.

Every call is refused to any other role (403, logged as ``forbidden``) and written to the
audit log with the admin's name: a change in the same transaction as the change itself
(``user_created``, ``user_link_made``, ``user_changed``, ``user_enabled``, ``user_disabled``,
by :mod:`lksmatch.links` and :mod:`lksmatch.auth`), a look at the list as ``users_listed``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from lksmatch import auth
from lksmatch.access_guard import AccessGuard
from lksmatch.rules import ADMIN_ROLES

_WHAT = "user management"


class UserAccess(AccessGuard):
    """The user-management methods of :class:`~lksmatch.access.SecureService` (admin only)."""

    def check_user_admin(self, username: str | None = None) -> None:
        """Refuse (403, logged as ``forbidden``) a caller who may not manage users - for a route that
        reads its input before it calls one of the methods below.
        """
        self._require_role(ADMIN_ROLES, _WHAT, record_kind="user", record_id=username)

    def add_user(
        self, username: str, password: str, role: str, lks_id: str | None = None, system: str | None = None
    ) -> auth.Principal:
        """Create a user (admin only)."""
        self.check_user_admin(username)
        return self._service.add_user(
            username, password, role, lks_id, system=system, created_by=self._username)

    def users(self) -> pd.DataFrame:
        """Every user: ``username, role, lks_id, system, active, created_at, link_pending`` (admin only;
        never a password hash or a link's token). Logged as ``users_listed``.
        """
        self.check_user_admin()
        table = self._service.users()
        self._audit("users_listed", record_kind="user", detail=f"{len(table)} users")
        return table

    def set_user_active(self, username: str, active: bool) -> None:
        """Enable or disable a user (admin only); disabling ends the user's sessions at once.

        ``ValidationError`` for the last active admin.
        """
        self.check_user_admin(username)
        self._service.set_user_active(username, active, changed_by=self._username)

    def create_user_with_link(
        self, username: str, role: str, lks_id: str | None = None, system: str | None = None
    ) -> tuple[dict[str, object], str, dt.datetime]:
        """Create a user and its one-time link (admin only): ``(the user's row, token, expires_at)``.

        Show the token once, to this admin; it is not stored. ``ValidationError`` for a bad or
        taken username, an unknown role, a missing or unexpected LKS or system.
        """
        self.check_user_admin(username)
        _, token, expires = self._service.create_user_with_link(
            username, role, lks_id, system=system, created_by=self._username
        )
        return self._service.user(username), token, expires

    def reset_link(self, username: str) -> tuple[str, dt.datetime]:
        """A new one-time link for ``username`` (admin only): ``(token, expires_at)``; older ones end."""
        self.check_user_admin(username)
        return self._service.reset_link(username, created_by=self._username)

    def update_user(
        self,
        username: str,
        *,
        role: str | None = None,
        lks_id: str | None = None,
        system: str | None = None,
        active: bool | None = None,
    ) -> dict[str, object]:
        """Change a user's role, LKS, system or whether it is active (admin only; ``None`` keeps a
        value); the user's row afterwards. ``ValidationError`` for a bad change or one that leaves
        no active admin, ``NotFoundError`` for an unknown user.
        """
        self.check_user_admin(username)
        self._service.update_user(
            username, role=role, lks_id=lks_id, system=system, active=active, changed_by=self._username
        )
        return self._service.user(username)
