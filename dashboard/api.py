"""The JSON API ``/api/v1`` (contract: ``../shared/PRODUCT.md``, "JSON API contract").

Routes are thin: parse the request, call one :class:`~lksmatch.access.SecureService`
method, return JSON. Authorisation happens in the secure service; errors are raised as
:class:`~lksmatch.errors.AppError` and turned into ``{"error": "..."}`` with the error's
``http_status`` by the one handler of :mod:`dashboard.app`.

POSTs must be ``Content-Type: application/json`` and carry a same-origin ``Origin``
header: a cross-site page can send neither without the browser asking this server
first (CORS preflight), which it does not allow.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
from flask import Blueprint, Response, jsonify, request

from dashboard.api_admin import UPLOAD_HEADER, admin_routes
from dashboard.api_model import model_routes
from dashboard.api_users import users_routes
from dashboard.web import (
    SESSION_COOKIE,
    UPLOAD_PREFIX,
    BadRequest,
    CrossSiteRefused,
    checked_json,
    clear_session_cookie,
    client_address,
    same_origin,
    set_session_cookie,
)
from lksmatch.access import SecureService, records
from lksmatch.config import Settings
from lksmatch.errors import NotFoundError
from lksmatch.service import LIST_KINDS, Service

API_PREFIX = "/api/v1"
#: The export formats the API offers, with their media types.
EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
}
DEFAULT_TOP = 10


def _json_body() -> dict[str, Any]:
    body = checked_json()
    if not isinstance(body, dict):
        raise BadRequest("the request body must be a JSON object")
    return body


def _string(body: dict[str, Any], name: str, *, required: bool = True) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value):
        raise BadRequest(f"`{name}` must be a {'non-empty ' if required else ''}string")
    return value


def _top(default: int = DEFAULT_TOP) -> int:
    raw = request.args.get("top", str(default))
    try:
        return int(raw)
    except ValueError:
        raise BadRequest(f"`top` was {raw!r} but is expected to be a whole number") from None


def create_api_blueprint(
    settings: Settings, service: Service, current: Callable[[], SecureService]
) -> Blueprint:
    """The ``/api/v1`` blueprint over ``service``; ``current()`` gives the caller's secure service."""
    api = Blueprint("api_v1", __name__, url_prefix=API_PREFIX)

    @api.before_request
    def refuse_cross_site() -> None:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return
        if not same_origin(request.headers.get("Origin")):
            raise CrossSiteRefused(
                "cross-site request refused: the Origin header must name this server",
                "foreign or missing origin",
            )
        if request.path.startswith(UPLOAD_PREFIX) and request.method == "POST":
            # a file upload: multipart, with a header no cross-site form can send
            if request.headers.get(UPLOAD_HEADER[0]) != UPLOAD_HEADER[1]:
                raise CrossSiteRefused(
                    f"an upload must carry the header {UPLOAD_HEADER[0]}: {UPLOAD_HEADER[1]}",
                    "upload without its header",
                )
            if request.mimetype != "multipart/form-data":
                raise BadRequest("an upload must be multipart/form-data with the file in the field `file`")
            return
        if request.mimetype != "application/json":
            raise BadRequest("the request must have Content-Type: application/json")

    _session_routes(api, settings, service, current)
    _work_routes(api, current)
    _workspace_routes(api, current)
    _export_routes(api, current)
    admin_routes(api, current)
    model_routes(api, current)
    users_routes(api, current)

    @api.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    def unknown(rest: str) -> Response:
        raise NotFoundError(f"there is no API route {API_PREFIX}/{rest}")

    return api


def _session_routes(
    api: Blueprint, settings: Settings, service: Service, current: Callable[[], SecureService]
) -> None:
    @api.post("/login")
    def login() -> Response:
        body = _json_body()
        username = _string(body, "username") or ""
        password = _string(body, "password") or ""
        result = service.login(username, password, address=client_address(settings))  # 429 when throttled
        previous = request.cookies.get(SESSION_COOKIE)
        if previous:
            service.logout(previous)  # one session per browser: no fixation, no leftovers
        principal = result.principal
        response = jsonify(
            username=principal.username,
            role=principal.role,
            lks_id=principal.lks_id,
            expires_at=result.expires_at.isoformat(),
        )
        set_session_cookie(response, settings, result)
        return response

    @api.post("/logout")
    def logout() -> Response:
        current()  # 401 without a live session
        service.logout(request.cookies.get(SESSION_COOKIE, ""))
        response = jsonify(ok=True)
        clear_session_cookie(response, settings)
        return response


def _work_routes(api: Blueprint, current: Callable[[], SecureService]) -> None:
    @api.get("/areas")
    def areas() -> Response:
        return jsonify(areas=records(current().areas()))

    @api.get("/needs")
    def needs() -> Response:
        return jsonify(needs=records(current().needs(request.args.get("lks") or None)))

    @api.get("/needs/<need_id>/candidates")
    def candidates(need_id: str) -> Response:
        secure = current()
        wanted = [f for f in request.args.get("filter", "").split(",") if f.strip()]
        frame = secure.candidates(
            need_id, top=_top(), purpose="match workspace (API)", filters=[f.strip() for f in wanted]
        )
        return jsonify(need_id=need_id, candidates=records(frame))

    @api.post("/needs/<need_id>/decisions")
    def decisions(need_id: str) -> tuple[Response, int]:
        secure = current()
        body = _json_body()
        person_id = _string(body, "person_id") or ""
        decision = _string(body, "decision") or ""
        reason = _string(body, "reason", required=False)
        secure.record_decision(need_id, person_id, decision, reason)
        return jsonify(need_id=need_id, person_id=person_id, decision=decision, reason=reason), 201


def _fields(body: dict[str, Any]) -> dict[str, object]:
    """A record's fields from a JSON body: text, numbers, true/false, null or a list of texts."""
    for name, value in body.items():
        scalar = value is None or isinstance(value, str | int | float | bool)
        if not scalar and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise BadRequest(f"`{name}` must be text, a number, true/false, null or a list of texts")
    return body


def _company_json(page: dict[str, Any]) -> dict[str, Any]:
    (profile,) = records(pd.DataFrame([page["profile"]]))
    return {**profile, "needs": records(page["needs"]), "visits": records(page["visits"])}


def _workspace_routes(api: Blueprint, current: Callable[[], SecureService]) -> None:
    @api.get("/companies")
    def companies() -> Response:
        frame = current().companies(request.args.get("lks") or None, query=request.args.get("q") or None)
        return jsonify(companies=records(frame))

    @api.get("/companies/<cvr>")
    def company(cvr: str) -> Response:
        return jsonify(_company_json(current().company(cvr)))

    @api.get("/companies/<cvr>/visits")
    def visits(cvr: str) -> Response:
        return jsonify(visits=records(current().company(cvr)["visits"]))

    @api.post("/companies/<cvr>/visits")
    def record_visit(cvr: str) -> tuple[Response, int]:
        secure = current()
        saved = secure.record_visit(cvr, _fields(_json_body()))
        (visit,) = records(pd.DataFrame([saved]))
        return jsonify(visit), 201

    @api.post("/needs")
    def create_need() -> tuple[Response, int]:
        secure = current()
        body = _fields(_json_body())
        given = body.pop("need_id", None)
        saved = secure.save_need(body, new_need_id=None if given is None else str(given))
        (need,) = records(pd.DataFrame([saved]))
        return jsonify(need), 201

    @api.patch("/needs/<need_id>")
    def change_need(need_id: str) -> Response:
        secure = current()
        saved = secure.save_need(_fields(_json_body()), need_id=need_id)
        (need,) = records(pd.DataFrame([saved]))
        return jsonify(need)

    @api.get("/needs/<need_id>/decisions")
    def decision_history(need_id: str) -> Response:
        frame = current().history(need_id)
        decisions = (
            frame[frame["kind"] == "decision"].drop(columns=["kind"]).rename(columns={"state": "decision"})
        )
        return jsonify(
            need_id=need_id,
            decisions=records(decisions),
            outcomes=records(
                frame[frame["kind"] == "outcome"]
                .drop(columns=["kind", "reason"])
                .rename(columns={"state": "outcome"})
            ),
        )

    @api.post("/needs/<need_id>/outcomes")
    def record_outcome(need_id: str) -> tuple[Response, int]:
        secure = current()
        body = _json_body()
        person_id = _string(body, "person_id") or ""
        outcome = _string(body, "outcome") or ""
        new = secure.record_outcome(need_id, person_id, outcome)  # recorded once; again it says so
        return jsonify(need_id=need_id, person_id=person_id, outcome=outcome, new=new), 201

    @api.get("/needs/<need_id>/offers")
    def need_offers(need_id: str) -> Response:
        return jsonify(need_id=need_id, offers=records(current().need_offers(need_id, top=_top(default=5))))

    @api.get("/needs/<need_id>/enrolments")
    def enrolments(need_id: str) -> Response:
        return jsonify(need_id=need_id, enrolments=records(current().enrolments(need_id)))

    @api.post("/needs/<need_id>/enrolments")
    def enrol(need_id: str) -> tuple[Response, int]:
        secure = current()
        return jsonify(secure.enrol(need_id, _fields(_json_body()))), 201

    @api.get("/lks/<lks_id>/shortlist")
    def shortlist(lks_id: str) -> Response:
        frame = current().shortlist(lks_id, top=_top(default=20))
        return jsonify(lks_id=lks_id, shortlist=records(frame))

    @api.get("/lks/<lks_id>/waiting")
    def waiting(lks_id: str) -> Response:
        found = current().waiting(lks_id)
        return jsonify(lks_id=lks_id, **{key: records(frame) for key, frame in found.items()})

    @api.get("/follow-ups")
    def follow_ups() -> Response:
        return jsonify(follow_ups=records(current().follow_ups(request.args.get("lks") or None)))

    @api.get("/occupations")
    def occupations() -> Response:
        secure = current()
        frame = secure.occupations(request.args.get("q", ""), top=_top(default=8))
        return jsonify(occupations=records(frame))


def _download(data: bytes, fmt: str, filename: str) -> Response:
    response = Response(data, content_type=EXPORT_FORMATS[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _format(allowed: tuple[str, ...]) -> str:
    fmt = request.args.get("format", "csv")
    if fmt not in allowed:
        raise BadRequest(f"`format` was {fmt!r} but is expected to be one of {list(allowed)}")
    return fmt


def _export_routes(api: Blueprint, current: Callable[[], SecureService]) -> None:
    @api.get("/export/stats")
    def export_stats() -> Response:
        secure = current()
        level, fmt = request.args.get("level", "lks"), _format(tuple(EXPORT_FORMATS))
        history = request.args.get("history") or None  # day|month; checked by the service (400)
        data = secure.export_stats_bytes(level, fmt, history=history)  # an unknown level: a 400 too
        return _download(data, fmt, f"lksmatch_stats_{level}.{fmt}")

    @api.get("/export/lists")
    def export_lists() -> Response:
        secure = current()
        kind, fmt = request.args.get("kind", "needs"), _format(("csv", "xlsx"))
        if kind not in LIST_KINDS:
            raise BadRequest(f"`kind` was {kind!r} but is expected to be one of {list(LIST_KINDS)}")
        data = secure.export_list_bytes(kind, fmt, lks_id=request.args.get("lks"))
        return _download(data, fmt, f"lksmatch_{kind}.{fmt}")
