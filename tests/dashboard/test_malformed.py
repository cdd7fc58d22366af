"""Malformed input is a 400 (or 404), never a 5xx, on every route and every callback of the app.

The routes are read from the app's URL map and the callbacks from its callback map, so a
route or callback added later is covered too. Each gets deep JSON, texts with NUL, control
characters and lone surrogates, oversized values and bodies of the wrong shape; no answer
may be a 5xx and no personal value may reach the captured server log.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

#: The ``web`` fixture of tests/dashboard/conftest.py (its dataclass ``Web``).
Web = Any
POSTED = {"POST", "PATCH", "PUT", "DELETE"}
JSON = {"Content-Type": "application/json"}

BAD_TEXTS = ["note\u0000x", "\ud800", "a\u0007b", "x" * 100_000]


def _raw(value: object) -> bytes:
    """JSON as a hostile client writes it (a lone surrogate escaped, as JSON allows)."""
    return json.dumps(value, ensure_ascii=True).encode("ascii")


def _bodies(person_id: str) -> list[bytes]:
    deep = b"[" * 100_000 + b"]" * 100_000
    shaped = [
        {"username": text, "password": text, "person_id": person_id, "decision": "contacted", "reason": text}
        for text in BAD_TEXTS
    ]
    return [deep, b"{not json", b"\xff\xfe", b"[]", b"{}", *[_raw(b) for b in shaped]]


def _post_routes(web: Web) -> list[str]:
    need = web.home_need
    routes = []
    for rule in web.app.server.url_map.iter_rules():
        if rule.methods and POSTED & set(rule.methods) and "<path:" not in rule.rule:
            routes.append(rule.rule.replace("<need_id>", need))
    return sorted(set(routes))


def test_the_sweep_sees_the_routes_and_callbacks(web: Web) -> None:
    routes = _post_routes(web)
    assert "/api/v1/login" in routes and f"/api/v1/needs/{web.home_need}/decisions" in routes
    assert "/_dash-update-component" in routes
    assert len(web.app.callback_map) >= 5


@pytest.mark.parametrize("user", [None, "lks-home"])
def test_every_post_route_refuses_malformed_bodies_without_a_5xx(
    web: Web,
    client_for: Callable[[str | None], FlaskClient],
    user: str | None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    person = sorted(web.person_ids)[0]
    client = client_for(user)
    caplog.set_level(logging.DEBUG)
    for route in _post_routes(web):
        for body in _bodies(person):
            response = client.post(
                route, data=body, headers={"Origin": web.origin, "Content-Type": "application/json"}
            )
            assert response.status_code < 500, (route, body[:40], response.get_data(as_text=True)[:200])
    assert person not in caplog.text
    assert "note" not in caplog.text


def _callback_body(output: str, spec: dict[str, object], value: object) -> dict[str, object]:
    inputs = [
        {"id": i["id"], "property": i["property"], "value": value} for i in spec.get("inputs", [])  # type: ignore[attr-defined]
    ]
    state = [
        {"id": s["id"], "property": s["property"], "value": value} for s in spec.get("state", [])  # type: ignore[attr-defined]
    ]
    changed = [f"{i['id']}.{i['property']}" for i in inputs[:1]]
    return {"output": output, "outputs": [], "inputs": inputs, "state": state, "changedPropIds": changed}


@pytest.mark.parametrize(
    "value",
    ["clickData as a string", {"pathname": "a dict"}, 12345, None, ["a", "list"], "\ud800", "a\u0000"],
)
def test_every_callback_refuses_values_of_the_wrong_kind_without_a_5xx(
    web: Web, client_for: Callable[[str | None], FlaskClient], value: object
) -> None:
    client = client_for("lks-home")
    for output, spec in web.app.callback_map.items():
        body = _callback_body(output, spec, value)
        response = client.post(
            "/_dash-update-component",
            data=_raw(body),
            headers={"Origin": web.origin, "Content-Type": "application/json"},
        )
        assert response.status_code < 500, (output, value, response.get_data(as_text=True)[:200])


@pytest.mark.parametrize(
    "body",
    [
        b"{}",
        b'{"output": "no-such.children", "inputs": []}',
        b'{"output": 5}',
        b'{"output": "x", "state": 1}',
    ],
)
def test_a_callback_body_of_the_wrong_shape_is_a_400(
    web: Web, client_for: Callable[[str | None], FlaskClient], body: bytes
) -> None:
    response = client_for("lks-home").post(
        "/_dash-update-component", data=body, headers={"Origin": web.origin, **JSON}
    )
    assert response.status_code == 400
    assert "error" in response.get_json()


@pytest.mark.parametrize("user", [None, "lks-home"])
def test_an_unknown_component_file_is_a_404(
    client_for: Callable[[str | None], FlaskClient], user: str | None
) -> None:
    response = client_for(user).get("/_dash-component-suites/no_such_package/x.js")
    assert response.status_code == 404


@pytest.mark.parametrize("text", ["aar\u0000", "\ud800x"])
def test_nul_and_surrogates_in_a_login_are_a_400(web: Web, client_for: Callable[[str | None], FlaskClient],
                                                  text: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    response = client_for(None).post(
        "/api/v1/login", data=_raw({"username": text, "password": "x" * 12}),
        headers={"Origin": web.origin, "Content-Type": "application/json"},
    )
    assert response.status_code == 400 and "error" in response.get_json()
    assert "aar" not in caplog.text


def test_nul_in_a_query_or_form_is_a_400(web: Web, client_for: Callable[[str | None], FlaskClient]) -> None:
    client = client_for("lks-home")
    assert client.get("/api/v1/needs?lks=aar%00hus").status_code == 400
    assert client.post("/login", data={"username": "a\u0000"}).status_code == 400


def test_a_refused_callback_says_where_it_failed_without_its_values() -> None:
    """A 400 for a callback that raised must not hide a bug: the log names the file, line and function
    of lksmatch's own code where the original error was raised (through Dash's wrapping) - never the
    error's message, which may hold a value sent."""
    from dash.exceptions import DashException

    from dashboard.app import failed_at

    def callback_body() -> None:
        raise ValueError("P-SECRET-VALUE is not a number")

    try:
        try:
            callback_body()
        except ValueError as exc:
            raise DashException("wrapped") from exc
    except DashException as wrapped:
        where = failed_at(wrapped)
    assert where.startswith("tests/dashboard/test_malformed.py:") and where.endswith(" in callback_body")
    assert "SECRET" not in where
    assert failed_at(ValueError("no traceback")) == "?"
