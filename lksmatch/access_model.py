"""Access to the model's administration (admin only): the model card, training, switching back,
the fairness report. Mixed into :class:`lksmatch.access.SecureService`.

Every method checks the role first (a refusal is logged as ``forbidden`` with
``record_kind="model"``), and every call is audited: the reads here (``model_card_read``,
``model_job_read``), what changes in the service with the caller's name
(``model_training_started``, ``model_restored``; see :mod:`lksmatch.modelcard`), and the
fairness report by the service (``fairness_audit``).
"""

from __future__ import annotations

from typing import Any

from lksmatch.access_guard import AccessGuard
from lksmatch.rules import ADMIN_ROLES

#: What a refusal names.
WHAT = "the model card"


class ModelAccess(AccessGuard):
    """The model-card methods of :class:`~lksmatch.access.SecureService` (admin only)."""

    def model_card(self) -> dict[str, Any]:
        """The model card (:meth:`lksmatch.modelcard.ModelAdmin.model_card`); admin only."""
        self._require_role(ADMIN_ROLES, WHAT, record_kind="model")
        card = self._service.model_card()
        self._audit("model_card_read", record_kind="model")
        return card

    def start_training(self) -> dict[str, Any]:
        """Start training in the background and return the job (admin only; 409 while one runs)."""
        self._require_role(ADMIN_ROLES, WHAT, record_kind="model")
        return self._service.start_training(self._username)  # audited as model_training_started

    def training_job(self) -> dict[str, Any] | None:
        """The latest training job, or ``None`` (admin only)."""
        self._require_role(ADMIN_ROLES, WHAT, record_kind="model")
        job = self._service.training_job()
        self._audit("model_job_read", record_kind="model", record_id=str(job["id"]) if job else None)
        return job

    def restore_previous_model(self) -> dict[str, Any]:
        """Switch back to the previous model and return the card (admin only; 404 without one)."""
        self._require_role(ADMIN_ROLES, WHAT, record_kind="model")
        return self._service.restore_previous_model(self._username)  # audited as model_restored

    def fairness(self) -> dict[str, Any]:
        """The fairness report (``groups``, a frame), its ``verdict``, ``findings`` and ``age_date``
        (admin only; audited as ``fairness_audit``).
        """
        self._require_role(ADMIN_ROLES, "the fairness report", record_kind="model")
        return self._service.fairness(username=self._username)
