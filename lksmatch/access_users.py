"""Access to user management (admin only): users, their one-time links. Mixed into
:class:`lksmatch.access.SecureService`.
"""

from __future__ import annotations

import pandas as pd

from lksmatch import auth
from lksmatch.access_guard import AccessGuard
from lksmatch.rules import ADMIN_ROLES


class UserAccess(AccessGuard):
    """The user-management methods of :class:`~lksmatch.access.SecureService` (admin only)."""

    def add_user(
        self, username: str, password: str, role: str, lks_id: str | None = None, system: str | None = None
    ) -> auth.Principal:
        """Create a user (admin only)."""
        self._require_role(ADMIN_ROLES, "user management", record_kind="user", record_id=username)
        return self._service.add_user(
            username, password, role, lks_id, system=system, created_by=self._username)

    def users(self) -> pd.DataFrame:
        """Every user: ``username, role, lks_id, system, active`` (admin only; never the password hash)."""
        self._require_role(ADMIN_ROLES, "user management", record_kind="user")
        return self._service.users()

    def set_user_active(self, username: str, active: bool) -> None:
        """Enable or disable a user (admin only); disabling ends the user's sessions at once."""
        self._require_role(ADMIN_ROLES, "user management", record_kind="user", record_id=username)
        self._service.set_user_active(username, active, changed_by=self._username)
