"""The users routes of the JSON API (``/api/v1/users``): admin only, every refusal logged, no secret."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient

from lksmatch import auth

#: The ``web`` fixture of tests/dashboard/conftest.py (its dataclass ``Web``).
Web = Any
Client = Callable[[str | None], FlaskClient]
ROUTES = [
    ("get", "/api/v1/users", None),
    ("post", "/api/v1/users", {"username": "never", "role": "planner"}),
    ("patch", "/api/v1/users/planner", {"active": False}),
    ("post", "/api/v1/users/planner/link", {}),
]


def _send(web: Web, client: FlaskClient, method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
    headers = {"Origin": web.origin}
    if body is None:
        return getattr(client, method)(path, headers=headers, **kwargs)
    return getattr(client, method)(path, json=body, headers=headers, **kwargs)


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_every_route_needs_a_session(web: Web, client_for: Client, method: str, path: str, body: Any) -> None:
    response = _send(web, client_for(None), method, path, body)
    assert response.status_code == 401 and "error" in response.get_json()


@pytest.mark.parametrize("user", ["region", "lks-home", "lks-es", "planner"])
@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_every_route_is_403_for_other_roles_and_logged(
    web: Web, client_for: Client, user: str, method: str, path: str, body: Any
) -> None:
    before = len(web.audit_rows("forbidden", username=user))
    response = _send(web, client_for(user), method, path, body)
    assert response.status_code == 403, response.get_json()
    assert "error" in response.get_json()
    refusals = web.audit_rows("forbidden", username=user)
    assert len(refusals) == before + 1 and "user management" in str(refusals[-1]["detail"])
    assert web.service.user("planner")["active"] is True  # nothing changed
    assert "never" not in set(web.service.users()["username"])


def test_an_admin_lists_creates_changes_and_makes_links(web: Web, client_for: Client) -> None:
    admin = client_for("admin")
    listed = _send(web, admin, "get", "/api/v1/users")
    assert listed.status_code == 200
    rows = {u["username"]: u for u in listed.get_json()["users"]}
    assert rows["lks-es"]["system"] == "erhvervsservice" and rows["admin"]["role"] == "admin"
    assert set(rows["admin"]) == {
        "username",
        "role",
        "lks_id",
        "system",
        "active",
        "created_at",
        "link_pending",
    }
    assert web.audit_rows("users_listed", username="admin")

    made = _send(
        web,
        admin,
        "post",
        "/api/v1/users",
        {"username": "api-eva", "role": "lks", "lks_id": web.home_lks, "system": "uddannelse"},
    )
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert (body["username"], body["lks_id"], body["system"], body["link_pending"]) == (
        "api-eva",
        web.home_lks,
        "uddannelse",
        True,
    )
    link = urlsplit(body["link"])
    assert link.path == "/aktiver" and body["link_expires_at"]
    token = parse_qs(link.query)["token"][0]
    assert web.service.link_username(token) == "api-eva"
    assert "password" not in str(body).lower()
    assert web.audit_rows("user_created", username="admin", record_id="api-eva")

    changed = _send(web, admin, "patch", "/api/v1/users/api-eva", {"role": "planner"})
    assert changed.status_code == 200, changed.get_json()
    assert (changed.get_json()["role"], changed.get_json()["lks_id"], changed.get_json()["system"]) == (
        "planner",
        None,
        None,
    )
    disabled = _send(web, admin, "patch", "/api/v1/users/api-eva", {"active": False})
    assert disabled.status_code == 200 and disabled.get_json()["active"] is False
    assert web.audit_rows("user_changed", username="admin", record_id="api-eva")
    enabled = _send(web, admin, "patch", "/api/v1/users/api-eva", {"active": True})
    assert enabled.get_json()["active"] is True

    reset = _send(web, admin, "post", "/api/v1/users/api-eva/link", {})
    assert reset.status_code == 201
    new_token = parse_qs(urlsplit(reset.get_json()["link"]).query)["token"][0]
    assert web.service.link_username(new_token) == "api-eva" and web.service.link_username(token) is None
    assert web.audit_rows("user_link_made", username="admin", record_id="api-eva")


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("post", "/api/v1/users", ["not", "an", "object"], 400),
        ("post", "/api/v1/users", {"username": "x"}, 400),  # no role
        ("post", "/api/v1/users", {"username": 7, "role": "planner"}, 400),
        (
            "post",
            "/api/v1/users",
            {"username": "x", "role": "planner", "password": "korrekt-hest-batteri"},
            400,
        ),
        ("post", "/api/v1/users", {"username": "x", "role": "planner", "colour": "blue"}, 400),
        (
            "post",
            "/api/v1/users",
            {"username": "x", "role": "lks", "lks_id": "atlantis", "system": "jobcenter"},
            400,
        ),
        ("post", "/api/v1/users", {"username": "x", "role": "lks", "lks_id": {"a": 1}}, 400),
        ("post", "/api/v1/users", {"username": "admin", "role": "planner"}, 400),  # taken
        ("patch", "/api/v1/users/planner", {}, 400),
        ("patch", "/api/v1/users/planner", {"active": "no"}, 400),
        ("patch", "/api/v1/users/planner", {"role": None}, 400),
        ("patch", "/api/v1/users/planner", {"role": "guest"}, 400),
        ("patch", "/api/v1/users/planner", {"lks_id": "aarhus"}, 400),  # a planner has no LKS
        ("patch", "/api/v1/users/nobody", {"active": False}, 404),
        ("post", "/api/v1/users/nobody/link", {}, 404),
    ],
)
def test_malformed_bodies_are_4xx_json_never_500(
    web: Web, client_for: Client, method: str, path: str, body: Any, status: int
) -> None:
    response = _send(web, client_for("admin"), method, path, body)
    assert response.status_code == status, response.get_json()
    assert "error" in response.get_json()
    assert "x" not in set(web.service.users()["username"])


def test_bodies_that_are_not_json_are_refused(web: Web, client_for: Client) -> None:
    admin = client_for("admin")
    plain = admin.post(
        "/api/v1/users",
        data="username=x",
        headers={"Origin": web.origin},
        content_type="application/x-www-form-urlencoded",
    )
    assert plain.status_code == 400
    broken = admin.post(
        "/api/v1/users", data="{nope", headers={"Origin": web.origin}, content_type="application/json"
    )
    assert broken.status_code == 400 and "error" in broken.get_json()
    foreign = admin.patch(
        "/api/v1/users/planner", json={"active": False}, headers={"Origin": "https://evil.example"}
    )
    assert foreign.status_code == 403
    assert web.service.user("planner")["active"] is True


def test_the_last_admin_cannot_be_locked_out_through_the_api(web: Web, client_for: Client) -> None:
    admins = web.service.users()
    others = [u for u in admins[(admins["role"] == "admin") & admins["active"]]["username"] if u != "admin"]
    for name in others:  # left over by other tests: leave "admin" the only active admin
        web.service.set_user_active(name, False)
    admin = client_for("admin")
    for change in ({"role": "planner"}, {"active": False}):
        refused = _send(web, admin, "patch", "/api/v1/users/admin", change)
        assert refused.status_code == 400, refused.get_json()
        assert "last active admin" in refused.get_json()["error"]
    assert (
        auth.principal_for_token(web.service.engine, admin.get_cookie("lksmatch_session").value).role
        == "admin"
    )


# --- the users page's callbacks ------------------------------------------------------------------

UPDATE = "/_dash-update-component"


def _page_call(
    web: Web,
    client: FlaskClient,
    first_output: str,
    values: dict[str, Any],
    clicked: dict[str, str] | None = None,
) -> tuple[int, dict[str, Any]]:
    """POST the callback whose first output is ``first_output`` of the users page, its inputs and
    state from ``values`` (component id -> value; the language ``da``). ``clicked``: the pattern
    button clicked (``{"type", "index"}``) for the row callbacks. Returns the status and the
    response by component id.
    """
    key = next(k for k in web.app.callback_map if k.lstrip(".").startswith(first_output + "."))
    spec = web.app.callback_map[key]
    outputs = [{"id": o.split(".")[0], "property": o.split(".", 1)[1]} for o in key.strip(".").split("...")]

    def item(dependency: dict[str, str]) -> Any:
        name = dependency["id"]
        if name.startswith("{"):  # a pattern (ALL): the one clicked button
            kind = json.loads(name)["type"]
            found = [clicked] if clicked and clicked["type"] == kind else []
            return [{"id": c, "property": dependency["property"], "value": 1} for c in found]
        value = "da" if name == "shell-lang" else values.get(name)
        return {"id": name, "property": dependency["property"], "value": value}

    changed = (
        [f"{json.dumps(clicked, separators=(',', ':'), sort_keys=True)}.n_clicks"]
        if clicked
        else [f"{spec['inputs'][0]['id']}.{spec['inputs'][0]['property']}"]
    )
    payload = {
        "output": key,
        "outputs": outputs,
        "inputs": [item(d) for d in spec["inputs"]],
        "state": [item(d) for d in spec["state"]],
        "changedPropIds": changed,
    }
    response = client.post(UPDATE, data=json.dumps(payload), content_type="application/json")
    body = response.get_json(silent=True) or {}
    return response.status_code, body.get("response", {})


def _text_of(node: Any) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, list):
        return " ".join(_text_of(n) for n in node)
    if isinstance(node, dict) and "props" in node:  # a component
        props = node["props"]
        return " ".join([_text_of(props.get("children")), str(props.get("value") or "")])
    if isinstance(node, dict):  # a component's properties
        return " ".join(_text_of(v) for v in node.values())
    return ""


NEW_USER = {
    "admin-users-new-save": 1,
    "admin-users-new-username": "page-eva",
    "admin-users-new-role": "lks",
    "admin-users-new-lks": "aarhus",
    "admin-users-new-system": "erhvervsservice",
    "admin-users-refresh": 0,
}
CALLS = [
    ("admin-users-table", {"admin-users-refresh": 0}, None),
    ("admin-users-new-status", NEW_USER, None),
    ("admin-users-action-status", {}, {"index": "planner", "type": "admin-users-toggle-button"}),
    ("admin-users-action-status", {}, {"index": "planner", "type": "admin-users-link-button"}),
    ("admin-users-edit-box", {}, {"index": "planner", "type": "admin-users-edit-button"}),
    (
        "admin-users-edit-status",
        {"admin-users-edit-save": 1, "admin-users-edit-user": "planner", "admin-users-edit-role": "admin"},
        None,
    ),
]


@pytest.mark.parametrize("user", ["region", "lks-home", "planner"])
@pytest.mark.parametrize(("output", "values", "clicked"), CALLS)
def test_every_page_callback_refuses_other_roles_and_logs_it(
    web: Web,
    client_for: Client,
    user: str,
    output: str,
    values: dict[str, Any],
    clicked: dict[str, str] | None,
) -> None:
    before = len(web.audit_rows("forbidden", username=user))
    status, answer = _page_call(web, client_for(user), output, values, clicked)
    assert status == 200, answer
    assert "Ingen adgang" in _text_of(answer), answer
    assert len(web.audit_rows("forbidden", username=user)) == before + 1
    assert "page-eva" not in set(web.service.users()["username"])
    assert web.service.user("planner")["role"] == "planner" and web.service.user("planner")["active"]


def test_the_page_creates_a_user_shows_its_link_once_and_changes_it(web: Web, client_for: Client) -> None:
    admin = client_for("admin")
    status, answer = _page_call(
        web, admin, "admin-users-new-status", {**NEW_USER, "admin-users-new-username": "pg-a"}
    )
    assert status == 200, answer
    link = answer["admin-users-link"]["children"]
    url = re.search(r"http://localhost/aktiver\?token=(\S+)", _text_of(link))
    assert url, link
    assert web.service.link_username(url.group(1)) == "pg-a"
    assert "24 timer" in _text_of(link)
    status, answer = _page_call(web, admin, "admin-users-table", {"admin-users-refresh": 1})
    assert url.group(1) not in json.dumps(answer)  # the table never holds the link
    assert "pg-a" in json.dumps(answer)

    status, answer = _page_call(
        web,
        admin,
        "admin-users-new-status",
        {**NEW_USER, "admin-users-new-username": "pg-b", "admin-users-new-lks": None},
    )
    assert "LKS-område: vælg et LKS-område" in _text_of(answer["admin-users-new-status"]["children"])
    assert "vælg et LKS-område" in _text_of(answer["admin-users-new-lks-error"]["children"])
    status, answer = _page_call(
        web, admin, "admin-users-new-status", {**NEW_USER, "admin-users-new-username": "pg-a"}
    )
    assert "Brugernavn: er allerede i brug" in _text_of(answer["admin-users-new-username-error"]["children"])
    assert answer["admin-users-link"]["children"] is None

    status, answer = _page_call(
        web,
        admin,
        "admin-users-edit-status",
        {
            "admin-users-edit-save": 1,
            "admin-users-edit-user": "pg-a",
            "admin-users-edit-role": "lks",
            "admin-users-edit-lks": "aarhus",
            "admin-users-edit-system": "uddannelse",
        },
    )
    assert "gemt" in _text_of(answer["admin-users-edit-status"]["children"]), answer
    assert web.service.user("pg-a")["system"] == "uddannelse"
    clicked = {"index": "pg-a", "type": "admin-users-link-button"}
    status, answer = _page_call(web, admin, "admin-users-action-status", {}, clicked)
    reset = re.search(r"/aktiver\?token=(\S+)", _text_of(answer["admin-users-action-status"]))
    assert reset, answer
    assert (
        web.service.link_username(reset.group(1)) == "pg-a"
        and web.service.link_username(url.group(1)) is None
    )
    clicked = {"index": "pg-a", "type": "admin-users-toggle-button"}
    status, answer = _page_call(web, admin, "admin-users-action-status", {}, clicked)
    assert "deaktiveret" in _text_of(answer["admin-users-action-status"]["children"]), answer
    assert web.service.user("pg-a")["active"] is False
