"""Access to the administration (admin only): uploads, the audit log and access reports, erasure.
Mixed into :class:`lksmatch.access.SecureService`.

Every method refuses any role but ``admin`` (403, the attempt logged as ``forbidden``) before it
reads anything, and logs what it did: ``upload`` (kind, file type, rows written or refused),
``audit_search`` (the filters, never the entries found), ``access_report`` (for the person),
``person.erased`` (the erasure's own tombstone, which names no one).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import IO, Any

import pandas as pd

from lksmatch.access_guard import AccessGuard
from lksmatch.administration import problems_csv
from lksmatch.errors import Problem, UsageError, ValidationError
from lksmatch.imports import ImportReport
from lksmatch.rules import ADMIN_ROLES
from store import audit
from store.erasure import ErasureResult
from store.validation import mask_cpr

#: What a searched pseudonym, username or action may look like (ids of the system, not free text).
_TOKEN = re.compile(r"[\w.@:\-]{1,128}")
#: Why an administrator reads a person's access report (the default purpose in the log).
ACCESS_REPORT_PURPOSE = "indsigtsanmodning (GDPR art. 15)"


def _token(name: str, value: object) -> str | None:
    """A search field: empty -> None; else a short id without spaces or odd characters."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str) or not _TOKEN.fullmatch(value.strip()):
        raise UsageError(f"`{name}` must be an id of 1 to 128 letters, digits or . _ - @ :")
    return value.strip()


def _moment(name: str, value: object, *, end: bool = False) -> dt.datetime | None:
    """A date (``YYYY-MM-DD``, the whole day) or an ISO time; ``end`` makes a date include its day."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            day = dt.date.fromisoformat(text) + dt.timedelta(days=1 if end else 0)
            return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        shown = mask_cpr(text[:40])
        raise UsageError(f"`{name}` was {shown!r} but is expected to be a date YYYY-MM-DD") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class AdminAccess(AccessGuard):
    """The administration methods of :class:`~lksmatch.access.SecureService` (admin only)."""

    def require_admin(self, what: str = "the administration") -> None:
        """Refuse (403, logged) anyone but an admin: the pages' callbacks start with it."""
        self._require_role(ADMIN_ROLES, what, record_kind="admin")

    def import_upload(self, kind: str, filename: str | None, stream: IO[bytes]) -> ImportReport:
        """Import an uploaded file, all rows or none (the CLI's import; admin only)."""
        self._require_role(ADMIN_ROLES, "uploads", record_kind="import", record_id=str(kind)[:30])
        try:
            report = self._service.import_upload(kind, filename, stream, username=self._username)
        except ValidationError as exc:
            self._audit(
                "upload",
                record_kind="import",
                record_id=kind,
                detail=f"refused: {len(exc.problems)} problems",
            )
            raise
        self._audit(
            "upload",
            record_kind="import",
            record_id=kind,
            detail=f"{report.rows} rows ({report.inserted} new, {report.updated} changed)",
        )
        return report

    def problem_report_csv(self, problems: list[dict[str, object]]) -> bytes:
        """An upload's problem report (as the upload answered it) as a CSV file (admin only)."""
        self._require_role(ADMIN_ROLES, "uploads", record_kind="import")
        if not isinstance(problems, list) or len(problems) > 10_000:
            raise UsageError("a problem report is a list of at most 10,000 problems")
        return problems_csv(problems)

    def audit_search(
        self,
        *,
        person_id: object = None,
        username: object = None,
        action: object = None,
        since: object = None,
        until: object = None,
        limit: int = audit.MAX_ENTRIES,
        offset: int = 0,
    ) -> tuple[pd.DataFrame, int]:
        """Search the audit log (admin only): the newest matching entries and how many match in all.

        ``since`` and ``until`` are dates (``until`` includes its day) or ISO times; the other
        filters are exact ids. The search is logged with its filters.
        """
        self._require_role(ADMIN_ROLES, "the audit log", record_kind="audit")
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= audit.MAX_ENTRIES:
            raise UsageError(f"`limit` must be a whole number from 1 to {audit.MAX_ENTRIES}")
        if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
            raise UsageError("`offset` must be a whole number of 0 or more")
        query = audit.AuditQuery(
            person_id=_token("person_id", person_id),
            username=_token("username", username),
            action=_token("action", action),
            since=_moment("since", since),
            until=_moment("until", until, end=True),
        )
        if query.since and query.until and query.since >= query.until:
            raise ValidationError("the search was not run", [Problem(None, "until", "must be after `since`")])
        shown = ", ".join(
            f"{k}={v:%Y-%m-%d}" if isinstance(v, dt.datetime) else f"{k}={v}"
            for k, v in vars(query).items() if v is not None and k != "person_id"
        )  # fmt: skip
        self._audit(
            "audit_search",
            record_kind="person" if query.person_id else "audit",
            record_id=query.person_id,
            detail=shown or ("by pseudonym" if query.person_id else "all entries"),
        )
        return self._service.audit_search(query, limit=limit, offset=offset)

    def audit_actions(self) -> list[str]:
        """The actions in the audit log (admin only; the search form's choices)."""
        self._require_role(ADMIN_ROLES, "the audit log", record_kind="audit")
        return self._service.audit_actions()

    def access_report(self, person_id: object, *, why: str = ACCESS_REPORT_PURPOSE) -> dict[str, Any]:
        """One person's access report (admin only): who read the data, when and why, and what was
        decided and recorded about the person. Never another person's data. Logged.
        """
        self._require_role(ADMIN_ROLES, "access reports", record_kind="audit")
        wanted = _token("person_id", person_id)
        if wanted is None:
            raise UsageError("`person_id` is required: the pseudonym the report is for")
        return self._service.access_report(wanted, username=self._username, why=why)

    def access_report_csv(self, person_id: object, *, why: str = ACCESS_REPORT_PURPOSE) -> bytes:
        """:meth:`access_report` as a CSV file (admin only). Logged."""
        self._require_role(ADMIN_ROLES, "access reports", record_kind="audit")
        wanted = _token("person_id", person_id)
        if wanted is None:
            raise UsageError("`person_id` is required: the pseudonym the report is for")
        return self._service.access_report_csv(wanted, username=self._username, why=why)

    def erase_person(self, person_id: object) -> ErasureResult:
        """Erase a job seeker and everything derived from them (admin only; the CLI's erasure)."""
        self._require_role(ADMIN_ROLES, "erasure", record_kind="audit")
        wanted = _token("person_id", person_id)
        if wanted is None:
            raise UsageError("`person_id` is required: the pseudonym of the person to erase")
        return self._service.erase_person(wanted, username=self._username)

    def audit_retention_days(self) -> int:
        """How long the audit log keeps an entry (admin only; ``LKSMATCH_AUDIT_RETENTION_DAYS``)."""
        self._require_role(ADMIN_ROLES, "the audit log", record_kind="audit")
        return self._service.settings.audit_retention_days
