"""Login, sessions, cookies, CSRF and security headers of the real app, driven in-process."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient

from dashboard.app import SESSION_COOKIE, create_app
from lksmatch import auth
from lksmatch.config import Settings

ORIGIN = "http://localhost"


def _csrf(client: FlaskClient, path: str = "/login") -> str:
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, page
    return match.group(1)


def _session_cookie_header(response: Any) -> str:
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{SESSION_COOKIE}=")]
    assert len(headers) == 1, response.headers.getlist("Set-Cookie")
    return headers[0]


def _new_user(web: Any, name: str, role: str = "planner") -> str:
    auth.add_user(web.service.engine, name, web.password, role, None)
    return name


# --- the HTML login form ------------------------------------------------------------------------


def test_pages_redirect_to_login_without_a_session(client_for: Callable[[str | None], FlaskClient]) -> None:
    client = client_for(None)
    response = client.get("/match?need=1&top=5")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fmatch%3Fneed%3D1%26top%3D5"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'name="next" value="/match?need=1&amp;top=5"' in page


def test_login_form_sets_a_session_and_redirects(web: Any) -> None:
    client = web.app.server.test_client()
    token = _csrf(client)
    response = client.post("/login", data={"username": "planner", "password": web.password,
                                           "csrf_token": token, "next": "/eksport"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/eksport"
    assert "HttpOnly" in _session_cookie_header(response)
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/areas").status_code == 200


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
        "/\t/evil.example",  # a tab the Location header drops: //evil.example
        "/\n/evil.example",
        "/\r\n/evil.example",
        "/%09/evil.example",
        "/ /evil.example",
        "javascript:alert(1)",
        "/\u2028/evil.example",
    ],
)
def test_login_never_redirects_off_site(web: Any, target: str) -> None:
    client = web.app.server.test_client()
    response = client.post("/login", data={"username": "planner", "password": web.password,
                                           "csrf_token": _csrf(client), "next": target})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/") and urlsplit(location).netloc == "" and "//" not in location


def test_a_nul_in_the_redirect_target_is_a_400(web: Any) -> None:
    client = web.app.server.test_client()
    response = client.post("/login", data={"username": "planner", "password": web.password,
                                           "csrf_token": _csrf(client), "next": "/\x00/evil.example"})
    assert response.status_code == 400


def test_a_tab_in_the_path_never_becomes_an_off_site_redirect(web: Any) -> None:
    """Logged out, ``/%09/evil.example`` goes to the login form; after it the answer stays on site."""
    client = web.app.server.test_client()
    first = client.get("/%09/evil.example")
    assert first.status_code == 302
    next_path = parse_qs(urlsplit(first.headers["Location"]).query).get("next", ["/"])[0]
    response = client.post("/login", data={"username": "planner", "password": web.password,
                                           "csrf_token": _csrf(client), "next": next_path})
    assert response.status_code == 302
    assert not response.headers["Location"].startswith("//")
    assert urlsplit(response.headers["Location"]).netloc == ""


@pytest.mark.parametrize("token", [None, "", "forged"])
def test_login_form_without_the_csrf_token_is_refused(web: Any, token: str | None) -> None:
    client = web.app.server.test_client()
    _csrf(client)
    data = {"username": "planner", "password": web.password}
    if token is not None:
        data["csrf_token"] = token
    response = client.post("/login", data=data)
    assert response.status_code == 403
    assert "error" in response.get_json()
    assert SESSION_COOKIE not in " ".join(response.headers.getlist("Set-Cookie"))


def test_login_form_from_a_foreign_origin_is_refused(web: Any) -> None:
    client = web.app.server.test_client()
    response = client.post("/login", headers={"Origin": "https://evil.example"},
                           data={"username": "planner", "password": web.password,
                                 "csrf_token": _csrf(client)})
    assert response.status_code == 403


def test_login_form_escapes_what_it_echoes(web: Any) -> None:
    client = web.app.server.test_client()
    response = client.post("/login", data={"username": "<script>alert(1)</script>", "password": "x",
                                           "csrf_token": _csrf(client)})
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_wrong_password_is_401_and_opens_no_session(web: Any) -> None:
    before = web.session_rows("planner")
    client = web.app.server.test_client()
    response = client.post("/api/v1/login", json={"username": "planner", "password": "wrong-password-123"},
                           headers={"Origin": ORIGIN})
    assert response.status_code == 401
    assert response.get_json() == {"error": "wrong username or password"}
    assert web.session_rows("planner") == before
    unknown = client.post("/api/v1/login", json={"username": "nobody", "password": "wrong-password-123"},
                          headers={"Origin": ORIGIN})
    assert unknown.status_code == 401
    assert unknown.get_json() == response.get_json()
    assert web.audit_rows("login_failed", username="planner")


def test_the_cookie_holds_a_token_and_the_table_its_hash(web: Any) -> None:
    client = web.app.server.test_client()
    response = client.post("/api/v1/login", json={"username": "region", "password": web.password},
                           headers={"Origin": ORIGIN})
    token = _session_cookie_header(response).split(";")[0].split("=", 1)[1]
    assert len(token) >= 43
    from sqlalchemy import text

    with web.service.engine.connect() as connection:
        ids = set(connection.execute(text("SELECT id FROM sessions")).scalars())
    assert token not in ids
    assert auth.token_hash(token) in ids


# --- logout and disabling take effect at once -------------------------------------------------


def test_api_logout_revokes_the_session_at_once(web: Any) -> None:
    client = web.app.server.test_client()
    assert web.login(client, "admin") == 200
    cookie = client.get_cookie(SESSION_COOKIE)
    assert cookie is not None
    assert client.post("/api/v1/logout", json={}, headers={"Origin": ORIGIN}).status_code == 200
    replay = web.app.server.test_client()
    replay.set_cookie(SESSION_COOKIE, cookie.value)
    assert replay.get("/api/v1/areas").status_code == 401
    assert replay.post("/_dash-update-component", json={}).status_code == 401
    assert replay.get("/").status_code == 302


def test_form_logout_revokes_the_session_at_once(web: Any) -> None:
    client = web.app.server.test_client()
    assert web.login(client, "planner") == 200
    cookie = client.get_cookie(SESSION_COOKIE)
    assert cookie is not None
    assert client.post("/logout", data={"csrf_token": "forged"}).status_code == 403
    response = client.post("/logout", data={"csrf_token": _csrf(client, "/logout")})
    assert response.status_code == 302
    replay = web.app.server.test_client()
    replay.set_cookie(SESSION_COOKIE, cookie.value)
    assert replay.get("/api/v1/areas").status_code == 401


def test_a_disabled_user_is_locked_out_at_once(web: Any) -> None:
    name = _new_user(web, "soon-disabled")
    client = web.app.server.test_client()
    assert web.login(client, name) == 200
    assert client.get("/api/v1/needs/x/candidates").status_code == 403
    auth.set_user_active(web.service.engine, name, False, changed_by="admin")
    assert client.get("/api/v1/export/stats?format=csv").status_code == 401
    assert client.get("/").status_code == 302
    assert web.login(web.app.server.test_client(), name) == 401


def test_an_expired_session_is_refused(web: Any) -> None:
    import datetime as dt

    name = _new_user(web, "long-ago")
    old = dt.datetime.now(dt.UTC) - auth.SESSION_LIFETIME - dt.timedelta(minutes=1)
    result = auth.login(web.service.engine, name, web.password, now=old)
    client = web.app.server.test_client()
    client.set_cookie(SESSION_COOKIE, result.token)
    assert client.get("/api/v1/areas").status_code == 401


# --- Dash's own endpoints ------------------------------------------------------------------------


FORGED_CALLBACK = {
    "output": "match-candidates.children",
    "outputs": {"id": "match-candidates", "property": "children"},
    "inputs": [{"id": "match-need", "property": "value", "value": "N-000001"}],
    "changedPropIds": ["match-need.value"],
}


@pytest.mark.parametrize("path", ["/_dash-update-component", "/_dash-layout", "/_dash-dependencies"])
def test_dash_endpoints_need_a_session(client_for: Callable[[str | None], FlaskClient], path: str) -> None:
    client = client_for(None)
    is_callback = path == "/_dash-update-component"
    response = client.post(path, json=FORGED_CALLBACK) if is_callback else client.get(path)
    assert response.status_code == 401
    assert response.get_json() == {"error": "please log in"}


def test_dash_callback_post_from_a_foreign_origin_is_refused(
    client_for: Callable[[str | None], FlaskClient],
) -> None:
    client = client_for("lks-home")
    response = client.post("/_dash-update-component", json=FORGED_CALLBACK,
                           headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    as_form = client.post("/_dash-update-component", data={"payload": "x"})
    assert as_form.status_code == 403


def test_dash_layout_with_a_session(client_for: Callable[[str | None], FlaskClient]) -> None:
    client = client_for("region")
    assert client.get("/_dash-layout").status_code == 200
    assert client.get("/").status_code == 200


# --- cookies and headers ------------------------------------------------------------------------


def test_session_cookie_flags_on_plain_http(web: Any) -> None:
    client = web.app.server.test_client()
    response = client.post("/api/v1/login", json={"username": "region", "password": web.password},
                           headers={"Origin": ORIGIN})
    header = _session_cookie_header(response)
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header
    assert "Secure" not in header


def test_session_cookie_is_secure_when_configured(web: Any, tmp_path: Any) -> None:
    settings: Settings = Settings(**{**web.settings.__dict__, "cookie_secure": True})
    app = create_app(settings, web.service)
    client = app.server.test_client()
    response = client.post("/api/v1/login", json={"username": "region", "password": web.password},
                           headers={"Origin": ORIGIN})
    assert response.status_code == 200
    header = _session_cookie_header(response)
    assert "Secure" in header and "HttpOnly" in header and "SameSite=Lax" in header
    login_page = client.get("/login")
    csrf_cookie = [h for h in login_page.headers.getlist("Set-Cookie") if h.startswith("lksmatch_csrf=")]
    assert csrf_cookie and "Secure" in csrf_cookie[0] and "HttpOnly" in csrf_cookie[0]


@pytest.mark.parametrize("path", ["/login", "/", "/api/v1/areas", "/_dash-layout", "/nowhere"])
def test_every_response_has_a_content_security_policy(
    client_for: Callable[[str | None], FlaskClient], path: str,
) -> None:
    for client in (client_for(None), client_for("admin")):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
        assert directives["default-src"] == "'self'"
        assert "'unsafe-inline'" not in directives["script-src"]
        assert "'unsafe-eval'" not in directives["script-src"]
        assert directives["frame-ancestors"] == "'none'"
        assert directives["object-src"] == "'none'"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_csp_allows_exactly_dash_inline_scripts(client_for: Callable[[str | None], FlaskClient]) -> None:
    import base64
    import hashlib

    response = client_for("admin").get("/")
    page = re.sub(r"<!--.*?-->", "", response.get_data(as_text=True), flags=re.S)  # IE-only comments
    csp = response.headers["Content-Security-Policy"]
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", page, re.S)
    assert inline, "Dash's renderer is started by an inline script"
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_debug_is_off(web: Any) -> None:
    assert web.app.server.debug is False


def _candidates_callback(app: Any, need_id: str) -> dict[str, Any]:
    """The body Dash's renderer posts when the match page's need changes (ids.py + the callback map)."""
    from dashboard import ids

    outputs = [
        {"id": ids.MATCH_CANDIDATES, "property": "children"},
        {"id": ids.MATCH_PERSON, "property": "options"},
        {"id": ids.MATCH_PERSON, "property": "value"},
        {"id": f"{ids.MATCH_DECISION}-box", "property": "hidden"},
        {"id": f"{ids.MATCH_CANDIDATES}-controls", "property": "hidden"},
    ]
    output = ".." + "...".join(f"{o['id']}.{o['property']}" for o in outputs) + ".."
    state = [{**s, "value": "da" if s["id"] == ids.SHELL_LANG else None}
             for s in app.callback_map[output].get("state", [])]
    inputs = [{**i, "value": need_id if i["id"] == ids.MATCH_NEED else None}
              for i in app.callback_map[output]["inputs"]]
    return {
        "output": output,
        "outputs": outputs,
        "inputs": inputs,
        "changedPropIds": [f"{ids.MATCH_NEED}.value"],
        "state": state,
    }


@pytest.mark.parametrize("user", ["lks-home", "region", "planner"])
def test_forged_candidates_callback_gets_nothing_and_is_logged(
    web: Any, client_for: Callable[[str | None], FlaskClient], user: str,
) -> None:
    need = web.other_need if user == "lks-home" else web.home_need
    before = len(web.audit_rows("forbidden", username=user, record_id=need))
    reads_before = len(web.audit_rows("read_candidate", username=user))
    response = client_for(user).post("/_dash-update-component", json=_candidates_callback(web.app, need),
                                     headers={"Origin": ORIGIN})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    body = response.get_data(as_text=True)
    assert not any(person in body for person in web.person_ids)
    assert len(web.audit_rows("forbidden", username=user, record_id=need)) == before + 1
    assert len(web.audit_rows("read_candidate", username=user)) == reads_before


@pytest.mark.parametrize("user", ["lks-es", "lks-udd"])
def test_the_match_page_shows_other_systems_counts_never_persons(
    web: Any, client_for: Callable[[str | None], FlaskClient], user: str,
) -> None:
    reads_before = len(web.audit_rows("read_candidate", username=user))
    body = _candidates_callback(web.app, web.home_need)
    response = client_for(user).post("/_dash-update-component", json=body, headers={"Origin": ORIGIN})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    body = response.get_data(as_text=True)
    assert not any(person in body for person in web.person_ids)
    assert "Gode kandidater" in body and "Jobcentret ser kandidaterne" in body
    assert len(web.audit_rows("read_candidate", username=user)) == reads_before
    assert '"hidden":true' in body.replace(" ", "")  # no decision form either


@pytest.mark.parametrize("path", ["/loginx", "/login/../match", "/assetsx", "/static/x.js", "/_reload-hash"])
def test_lookalike_public_paths_need_a_session(client_for: Callable[[str | None], FlaskClient],
                                               path: str) -> None:
    response = client_for(None).get(path)
    assert response.status_code in (302, 401, 404)
    assert "react-entry-point" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("tile_url", "source"),
    [
        (None, None),
        ("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", "https://*.tile.openstreetmap.org"),
        ("https://tiles.example.dk/{z}/{x}/{y}.png?key=1", "https://tiles.example.dk"),
        ("javascript:alert(1)", None),
        ("https://evil.example'; script-src *;/{z}", None),
    ],
)
def test_csp_names_the_tile_host_only(tile_url: str | None, source: str | None) -> None:
    from dashboard.app import content_security_policy

    csp = content_security_policy(["'sha256-abc'"], tile_url)
    images = next(d for d in csp.split("; ") if d.startswith("img-src "))
    assert images == "img-src 'self' data: blob:" + (f" {source}" if source else "")
    assert csp.count("script-src") == 1


def test_logging_in_again_ends_the_previous_session(web: Any) -> None:
    client = web.app.server.test_client()
    assert web.login(client, "region") == 200
    old = client.get_cookie(SESSION_COOKIE)
    assert old is not None
    assert web.login(client, "planner") == 200
    replay = web.app.server.test_client()
    replay.set_cookie(SESSION_COOKIE, old.value)
    assert replay.get("/api/v1/areas").status_code == 401
    assert client.get("/api/v1/export/stats?format=exe").status_code == 400  # the new session works


PAGE_PATHS = ["/", "/match", "/eksport", "/_dash-layout", "/_dash-dependencies", "/logout"]


@pytest.mark.parametrize("user", ["region", "planner", "lks-home", "admin", None])
@pytest.mark.parametrize("path", PAGE_PATHS)
def test_page_routes_per_role(client_for: Callable[[str | None], FlaskClient], user: str | None,
                              path: str) -> None:
    response = client_for(user).get(path)
    if user is None:
        assert response.status_code == (401 if path.startswith("/_dash") else 302)
    else:
        assert response.status_code == 200  # the page shell; what it shows is decided by the service


# --- login throttling ---------------------------------------------------------------------------


def _from(web: Any, address: str, app: Any = None) -> FlaskClient:
    """A test client whose requests come from the socket address ``address``."""
    client = (app or web.app).server.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _api_login(client: FlaskClient, username: str, password: str, **headers: str) -> Any:
    return client.post("/api/v1/login", json={"username": username, "password": password},
                       headers={"Origin": ORIGIN, **headers})


def test_api_login_is_throttled_with_429_and_retry_after(web: Any) -> None:
    name = _new_user(web, "guessed-api")
    limit = web.service.login_limits.per_user
    client = _from(web, "198.51.100.31")
    for _ in range(limit):
        assert _api_login(client, name, "wrong-password-123").status_code == 401
    refused = _api_login(client, name, web.password)  # the right password, and still refused
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60
    assert refused.get_json()["error"].startswith("too many failed login attempts")
    assert SESSION_COOKIE not in " ".join(refused.headers.getlist("Set-Cookie"))
    assert web.session_rows(name) == 0
    rows = web.audit_rows("login_throttled", username=name)
    assert len(rows) == 1 and "198.51.100.31" in str(rows[0]["detail"])
    # an unknown username gets the same answer after the same failures
    other = _from(web, "198.51.100.32")
    for _ in range(limit):
        assert _api_login(other, "nobody-here", "wrong-password-123").status_code == 401
    unknown = _api_login(other, "nobody-here", web.password)
    assert unknown.status_code == 429 and "Retry-After" in unknown.headers
    def shape(response: Any) -> str:
        return re.sub(r"\d+", "N", response.get_json()["error"])

    assert shape(unknown) == shape(refused)


def _form_login(client: FlaskClient, username: str, password: str) -> Any:
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": _csrf(client), "next": "/"})


def _alert(response: Any) -> str:
    match = re.search(r'<p role="alert"[^>]*>(.*?)</p>', response.get_data(as_text=True))
    assert match, response.get_data(as_text=True)
    return match.group(1)


def test_login_form_is_throttled_with_a_danish_message(web: Any) -> None:
    name = _new_user(web, "guessed-form")
    limit = web.service.login_limits.per_user
    answers = []
    for username, address in ((name, "198.51.100.33"), ("nobody-in-form", "198.51.100.34")):
        client = _from(web, address)
        for _ in range(limit):
            assert _form_login(client, username, "wrong-password-123").status_code == 401
        refused = _form_login(client, username, web.password)
        assert refused.status_code == 429
        assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60
        assert SESSION_COOKIE not in " ".join(refused.headers.getlist("Set-Cookie"))
        answers.append(_alert(refused))
    assert answers[0] == answers[1]  # says nothing about whether the username exists
    assert answers[0].startswith("For mange mislykkede loginforsøg")
    assert "prøv igen om 15 minutter" in answers[0]
    assert web.session_rows(name) == 0
    assert web.audit_rows("login_throttled", username=name)


def _app_with(web: Any, **limits: int) -> tuple[Any, Any]:
    """Another app, over another service on the same database, with other login settings."""
    from dataclasses import replace

    from lksmatch.service import Service

    settings = replace(web.settings, **limits)
    service = Service(settings)
    return create_app(settings, service), service


def test_x_forwarded_for_is_ignored_without_a_trusted_proxy(web: Any) -> None:
    app, service = _app_with(web, login_max_failures_per_address=2)
    try:
        client = _from(web, "198.51.100.35", app)
        for i, forged in enumerate(("192.0.2.1", "192.0.2.2")):
            assert _api_login(client, f"xff-{i}", "wrong-password-123",
                              **{"X-Forwarded-For": forged}).status_code == 401
        # a third address in the header changes nothing: the socket's address has used its two
        third = _api_login(client, "xff-3", "wrong-password-123", **{"X-Forwarded-For": "192.0.2.3"})
        assert third.status_code == 429
        (row,) = web.audit_rows("login_throttled", username="xff-3")
        assert "address 198.51.100.35" in str(row["detail"])
    finally:
        service.engine.dispose()


def test_behind_a_trusted_proxy_the_forwarded_address_counts(web: Any) -> None:
    app, service = _app_with(web, login_max_failures_per_address=2, trusted_proxies=1)
    try:
        proxy = _from(web, "10.0.0.9", app)  # every request arrives through the same proxy
        for i in range(2):  # whatever the client puts left of the proxy's entry is ignored
            assert _api_login(proxy, f"behind-{i}", "wrong-password-123",
                              **{"X-Forwarded-For": f"192.0.2.{50 + i}, 203.0.113.77"}).status_code == 401
        same = _api_login(proxy, "behind-2", "wrong-password-123", **{"X-Forwarded-For": "203.0.113.77"})
        assert same.status_code == 429
        other = _api_login(proxy, "behind-3", "wrong-password-123", **{"X-Forwarded-For": "203.0.113.78"})
        assert other.status_code == 401
        ok = _api_login(proxy, "region", web.password, **{"X-Forwarded-For": "203.0.113.79"})
        assert ok.status_code == 200
    finally:
        service.engine.dispose()


def test_every_kind_of_cross_site_refusal_is_written_to_the_audit_log(
    web: Any, client_for: Callable[[str | None], FlaskClient]
) -> None:
    """A refused cross-site request is evidence of an attack on a user: kept, with where it came from."""
    before = len(web.audit_rows("csrf_refused"))
    anonymous = web.app.server.test_client()
    assert anonymous.post("/login", data={"username": "planner", "password": web.password,
                                          "csrf_token": "forged"}).status_code == 403
    assert anonymous.post("/login", headers={"Origin": "https://evil.example"},
                          data={"username": "planner", "password": web.password,
                                "csrf_token": _csrf(anonymous)}).status_code == 403
    user = client_for("lks-home")
    assert user.post("/logout", data={"csrf_token": "forged"}).status_code == 403
    assert user.post("/_dash-update-component", json=FORGED_CALLBACK,
                     headers={"Origin": "https://evil.example"}).status_code == 403
    assert user.post("/_dash-update-component", data={"payload": "x"}).status_code == 403
    assert user.post("/api/v1/logout", json={}, headers={"Origin": "https://evil.example"}).status_code == 403
    rows = web.audit_rows("csrf_refused")[before:]
    assert [(r["username"], str(r["detail"]).split(";")[0]) for r in rows] == [
        (None, "POST /login"),
        (None, "POST /login"),
        ("lks-home", "POST /logout"),
        ("lks-home", "POST /_dash-update-component"),
        ("lks-home", "POST /_dash-update-component"),
        ("lks-home", "POST /api/v1/logout"),
    ]
    assert "origin https://evil.example" in str(rows[1]["detail"])
    assert "token" in str(rows[0]["detail"])
    # the session survived the forged requests
    assert user.get("/api/v1/needs").status_code == 200


def test_behind_a_trusted_tls_proxy_the_public_origin_is_same_origin(web: Any) -> None:
    """The browser's Origin is https://lksmatch.example; the app sees http://localhost from the proxy."""
    public = {"Origin": "https://lksmatch.example", "X-Forwarded-Proto": "https",
              "X-Forwarded-Host": "lksmatch.example", "X-Forwarded-For": "203.0.113.90"}
    plain = web.app.server.test_client()
    assert _api_login(plain, "region", web.password, **public).status_code == 403  # no proxy trusted
    app, service = _app_with(web, trusted_proxies=1)
    try:
        proxied = app.server.test_client()
        response = _api_login(proxied, "region", web.password, **public)
        assert response.status_code == 200
        # the redirect to the login page names the public origin's path, on https
        anonymous = app.server.test_client()
        page = anonymous.get("/match", headers=public)
        assert page.status_code == 302 and page.headers["Location"].startswith("/login")
    finally:
        service.engine.dispose()


def test_every_page_has_a_language_and_links_the_accessibility_statement(
    web: Any, client_for: Callable[[str | None], FlaskClient]
) -> None:
    anonymous = web.app.server.test_client()
    login = anonymous.get("/login").get_data(as_text=True)
    app_page = client_for("region").get("/").get_data(as_text=True)
    statement = anonymous.get("/tilgaengelighed")  # public: a citizen may need it
    assert statement.status_code == 200
    text = statement.get_data(as_text=True)
    for page in (login, app_page, text):
        assert '<html lang="da">' in page
        assert 'href="/tilgaengelighed"' in page
    assert "Tilgængelighedserklæring" in text and "Digitaliseringsstyrelsen" in text
    assert 'href="/assets/lksmatch.css"' in login  # the login page looks like the app
