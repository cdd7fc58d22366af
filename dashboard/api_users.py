"""The JSON API's user routes (admin only, every call audited), on the ``/api/v1`` blueprint.

``GET /users`` lists the users as ``{"users": [...]}``; ``POST /users`` (``{"username", "role",
"lks_id", "system"}``) creates one and answers 201 with the user and its one-time link
(``"link": "/aktiver?token=..."``, shown this once, never stored); ``PATCH /users/{name}``
changes ``role``, ``lks_id``, ``system`` or ``active`` (a field left out stays as it is, ``null``
empties it); ``POST /users/{name}/link`` makes a new link (a reset, 201). No route takes or shows
a password: the user sets it through the link. Other roles get 403 (logged) on every route.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from flask import Blueprint, Response, jsonify, request

from dashboard.web import BadRequest, checked_json
from lksmatch.access import SecureService, records
from lksmatch.links import LINK_PATH

#: The fields a new user is given by.
CREATE_FIELDS = ("username", "role", "lks_id", "system")
#: The fields a change may name.
CHANGE_FIELDS = ("role", "lks_id", "system", "active")


def link_path(token: str) -> str:
    """The path (with the app's script root) of the page a one-time link opens."""
    return f"{request.script_root}{LINK_PATH}?{urlencode({'token': token})}"


def _body(allowed: tuple[str, ...]) -> dict[str, Any]:
    """The JSON object of the request, naming only ``allowed`` fields (400 otherwise)."""
    body = checked_json()
    if not isinstance(body, dict):
        raise BadRequest("the request body must be a JSON object")
    if "password" in body:
        raise BadRequest("`password` is never set through the API: the user sets it with the one-time link")
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise BadRequest(f"unknown fields {unknown}; expected some of {list(allowed)}")
    return body


def _text(body: dict[str, Any], name: str, *, required: bool = False) -> str | None:
    """A text field: a string, or ``null``/absent when not ``required`` (400 for anything else)."""
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value):
        raise BadRequest(f"`{name}` must be a {'non-empty ' if required else ''}string"
                         f"{'' if required else ' or null'}")
    return value


def _one(row: dict[str, object]) -> dict[str, Any]:
    (clean,) = records(pd.DataFrame([row]))
    return clean


def _link(token: str, expires: dt.datetime) -> dict[str, str]:
    return {"link": link_path(token), "link_expires_at": expires.isoformat()}


def users_routes(api: Blueprint, current: Callable[[], SecureService]) -> None:
    """Add the users administration routes to ``api``."""

    @api.get("/users")
    def list_users() -> Response:
        return jsonify(users=records(current().users()))

    @api.post("/users")
    def create_user() -> tuple[Response, int]:
        secure = current()
        secure.check_user_admin()  # 403 (logged) before the body is read
        body = _body(CREATE_FIELDS)
        username = _text(body, "username", required=True) or ""
        role = _text(body, "role", required=True) or ""
        row, token, expires = secure.create_user_with_link(
            username, role, _text(body, "lks_id"), _text(body, "system")
        )
        return jsonify({**_one(row), **_link(token, expires)}), 201

    @api.patch("/users/<name>")
    def change_user(name: str) -> Response:
        secure = current()
        secure.check_user_admin(name)
        body = _body(CHANGE_FIELDS)
        if not body:
            raise BadRequest(f"name at least one of {list(CHANGE_FIELDS)} to change")
        active = body.get("active")
        if "active" in body and not isinstance(active, bool):
            raise BadRequest("`active` must be true or false")
        texts = {
            key: (_text(body, key) or "") if key in body else None for key in ("role", "lks_id", "system")
        }
        if texts["role"] == "":
            raise BadRequest("`role` must be a non-empty string")
        return jsonify(_one(secure.update_user(
            name, role=texts["role"], lks_id=texts["lks_id"], system=texts["system"], active=active
        )))

    @api.post("/users/<name>/link")
    def new_link(name: str) -> tuple[Response, int]:
        secure = current()
        token, expires = secure.reset_link(name)
        return jsonify({"username": name, **_link(token, expires)}), 201
