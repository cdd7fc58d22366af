"""The checks every method of :class:`~lksmatch.access.SecureService` starts with: role, LKS,
system (who sees persons), the need or company asked for - deny by default, every refusal
written to the audit log as ``forbidden``. See :mod:`lksmatch.access` for the rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from lksmatch import auth
from lksmatch.errors import NotFoundError, PermissionDenied, UsageError
from lksmatch.rules import ADMIN, LKS, WORKSPACE_ROLES
from lksmatch.service import Service


class AccessGuard:
    """One logged-in caller over the service, and the checks made before anything is read."""

    def __init__(self, service: Service, principal: auth.Principal) -> None:
        self._service = service
        self.principal = principal

    # --- helpers --------------------------------------------------------------------------------

    @property
    def _username(self) -> str:
        return self.principal.username

    def today(self) -> dt.date:
        """The service's today (what "overdue" and "waiting" are measured against)."""
        return self._service.today()

    def _audit(
        self,
        action: str,
        *,
        record_kind: str | None = None,
        record_id: str | None = None,
        detail: str | None = None,
    ) -> None:
        self._service.audit(
            action, username=self._username, record_kind=record_kind, record_id=record_id, detail=detail
        )

    def _deny(
        self, what: str, *, record_kind: str | None = None, record_id: str | None = None
    ) -> PermissionDenied:
        """Log a refused attempt and return the error to raise."""
        p = self.principal
        who = f"role={p.role} lks={p.lks_id or ''} system={p.system or ''}"
        self._audit("forbidden", record_kind=record_kind, record_id=record_id, detail=f"{what} ({who})")
        return PermissionDenied(f"your role does not allow {what}")

    def _require_role(
        self,
        allowed: Collection[str],
        what: str,
        *,
        record_kind: str | None = None,
        record_id: str | None = None,
    ) -> None:
        if self.principal.role not in allowed:
            raise self._deny(what, record_kind=record_kind, record_id=record_id)

    def _require_lks(self, lks_id: str | None, what: str, *, record_kind: str, record_id: str) -> None:
        """An ``lks`` user may only touch records of its own LKS; admin may touch any."""
        if self.principal.role == ADMIN:
            return
        if self.principal.role != LKS or not lks_id or lks_id != self.principal.lks_id:
            raise self._deny(what, record_kind=record_kind, record_id=record_id)

    def _need(self, need_id: str, what: str, *, persons: bool = False) -> dict[str, object]:
        """The need, after the role check; 404 when unknown, 403 (logged) when outside the LKS or,
        with ``persons``, when the caller's system never sees persons.
        """
        self._require_role(WORKSPACE_ROLES, what, record_kind="need", record_id=need_id)
        need = self._service.need(need_id)
        lks_id = need.get("lks_id")
        self._require_lks(str(lks_id) if lks_id else None, what, record_kind="need", record_id=need_id)
        if persons:
            self._require_persons(what, record_kind="need", record_id=need_id)
        return need

    def _require_persons(self, what: str, *, record_kind: str, record_id: str) -> None:
        """Only ``admin`` and the jobcentre's ``lks`` users ever receive a person (PRODUCT.md, "Roles")."""
        if not self.principal.sees_persons:
            raise self._deny(what, record_kind=record_kind, record_id=record_id)

    def _company(self, cvr: str, what: str) -> dict[str, object]:
        """The company, after the role check; 404 when unknown, 403 (logged) when outside the LKS."""
        self._require_role(WORKSPACE_ROLES, what, record_kind="company", record_id=cvr)
        company = self._service.workspace.company(cvr)
        lks_id = company.get("lks_id")
        self._require_lks(str(lks_id) if lks_id else None, what, record_kind="company", record_id=cvr)
        return company

    @property
    def lks_ids(self) -> list[str]:
        """The LKS ids, in the order of the LKS table."""
        return self._service.geography.lks_ids

    def _list_lks(self, kind: str, fmt: str, lks_id: str | None) -> str:
        """The LKS whose list the caller may export (after the role and LKS checks)."""
        self._require_role(WORKSPACE_ROLES, "list exports", record_kind="export", record_id=f"{kind}.{fmt}")
        return self._own_lks(lks_id, "list", "the lists of another LKS")

    def _own_lks(self, lks_id: str | None, what: str, refused: str) -> str:
        """The LKS named (default: the caller's own), after checking it exists and is the caller's."""
        wanted = lks_id or self.principal.lks_id
        if not wanted:
            raise UsageError(f"`lks` is required: name the LKS whose {what} you want")
        if wanted not in self.lks_ids:
            raise NotFoundError(f"`lks` was {wanted!r} but is expected to be one of {self.lks_ids}")
        self._require_lks(wanted, refused, record_kind="lks", record_id=wanted)
        return wanted
