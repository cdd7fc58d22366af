"""The JSON API's administration routes (admin only, every call audited): uploads, the audit log and
a person's access report, erasure. On the ``/api/v1`` blueprint.

``POST /api/v1/imports/{kind}`` takes the file as the multipart field ``file`` with a same-origin
``Origin`` and ``X-Requested-With: lksmatch`` (the blueprint checks both: a cross-site form can
send neither); it answers the counts written, or 422 with the whole problem report
(``{"ok": false, "problems": [{"line", "column", "rule", "value"}]}``, values masked).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, jsonify, request

from dashboard.web import BadRequest
from lksmatch.access import SecureService, records
from lksmatch.administration import MAX_UPLOAD_BYTES, report_timeline
from lksmatch.errors import ValidationError
from lksmatch.imports import ImportReport
from store.validation import safe_problem

#: The request header an upload must carry (with a same-origin ``Origin``) instead of a JSON type.
UPLOAD_HEADER = ("X-Requested-With", "lksmatch")
#: Multipart overhead allowed beyond the file itself (boundaries, part headers).
_MULTIPART_SLACK = 64 * 1024


def report_json(report: ImportReport) -> dict[str, object]:
    """An import's counts as JSON (``ok: true``)."""
    return {
        "ok": True,
        "kind": report.kind,
        "rows": report.rows,
        "inserted": report.inserted,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "warnings": list(report.warnings),
        "placement": dict(report.placement),
    }


def problems_json(exc: ValidationError) -> dict[str, object]:
    """A refused import's problem report as JSON (``ok: false``; values masked)."""
    shown = [safe_problem(p) for p in exc.problems]
    listed = [{"line": p.row, "column": p.column, "rule": p.rule, "value": p.value} for p in shown]
    return {"ok": False, "error": exc.message.splitlines()[0], "problems": listed}


def _int_arg(name: str, default: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or len(raw) > 9:
        raise BadRequest(f"`{name}` was {raw[:20]!r} but is expected to be a whole number")
    return int(raw)


def admin_routes(api: Blueprint, current: Callable[[], SecureService]) -> None:
    """Add the administration routes to ``api``."""

    @api.post("/imports/<kind>")
    def upload(kind: str) -> tuple[Response, int]:
        secure = current()
        secure.require_admin("uploads")  # before the body is read
        request.max_content_length = MAX_UPLOAD_BYTES + _MULTIPART_SLACK  # 413 beyond (no body read)
        sent = request.files.get("file")
        if sent is None:
            raise BadRequest("send the file as the multipart field `file`")
        try:
            report = secure.import_upload(kind, sent.filename, sent.stream)
        except ValidationError as exc:
            return jsonify(problems_json(exc)), 422
        finally:
            sent.close()
        return jsonify(report_json(report)), 200

    @api.get("/audit")
    def audit_log() -> Response:
        secure = current()
        args = request.args
        frame, total = secure.audit_search(
            person_id=args.get("person_id"),
            username=args.get("username"),
            action=args.get("action"),
            since=args.get("since"),
            until=args.get("until"),
            limit=_int_arg("limit", 100),
            offset=_int_arg("offset", 0),
        )
        return jsonify(entries=records(frame), total=total)

    @api.get("/audit/persons/<person_id>")
    def access_report(person_id: str) -> Response:
        secure = current()
        if request.args.get("format") == "csv":
            data = secure.access_report_csv(person_id)
            response = Response(data, content_type="text/csv; charset=utf-8")
            response.headers["Content-Disposition"] = 'attachment; filename="indsigt.csv"'
            return response
        if request.args.get("format") not in (None, "", "json"):
            raise BadRequest("`format` is expected to be json or csv")
        report = secure.access_report(person_id)
        return jsonify(
            person_id=report["person_id"],
            held=report["held"],
            entries=records(report_timeline(report)),
            decisions=records(report["decisions"]),
            outcomes=records(report["outcomes"]),
            enrolments=records(report["enrolments"]),
        )

    @api.delete("/persons/<person_id>")
    def erase(person_id: str) -> Response:
        result = current().erase_person(person_id)
        return jsonify(
            erased=result.persons,
            derived=result.derived,
            audit_entries_redacted=result.audit_entries_redacted,
            free_text_scrubbed=result.free_text_scrubbed,
        )
