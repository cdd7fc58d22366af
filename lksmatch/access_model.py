"""Access to the model's administration (admin only): the model card, training, switching back,
the fairness report. Mixed into :class:`lksmatch.access.SecureService`.
"""

from __future__ import annotations

from lksmatch.access_guard import AccessGuard


class ModelAccess(AccessGuard):
    """The model-card methods of :class:`~lksmatch.access.SecureService` (admin only)."""
