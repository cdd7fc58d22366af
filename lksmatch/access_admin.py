"""Access to the administration (admin only): uploads, the audit log and access reports, erasure.
Mixed into :class:`lksmatch.access.SecureService`.
"""

from __future__ import annotations

from lksmatch.access_guard import AccessGuard


class AdminAccess(AccessGuard):
    """The administration methods of :class:`~lksmatch.access.SecureService` (admin only)."""
