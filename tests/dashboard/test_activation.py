"""The one-time link's page (``/aktiver``): no session needed, CSRF, the password set, logged in,
the link used once, and the token kept out of the access log and the Referer.
"""

from __future__ import annotations

import datetime as dt
import re
import types
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from dashboard.server import ACCESS_LOG_FORMAT
from dashboard.web import SESSION_COOKIE
from lksmatch import auth

#: The ``web`` fixture of tests/dashboard/conftest.py (its dataclass ``Web``).
Web = Any
Client = Callable[[str | None], FlaskClient]
NEW_PASSWORD = "min-egen-hest-og-stald"


def _link(web: Web, name: str, system: str = "erhvervsservice") -> str:
    """A new lks user of the home LKS, made as the web app makes one; its link's token."""
    _, token, _ = web.service.create_user_with_link(
        name, "lks", web.home_lks, system=system, created_by="admin"
    )
    return str(token)


def _form(client: FlaskClient, token: str) -> tuple[str, str]:
    """Open the link; the page and its CSRF token."""
    page = client.get(f"/aktiver?token={token}")
    assert page.status_code == 200, page.get_data(as_text=True)
    html = page.get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html
    return html, found.group(1)


def _submit(
    client: FlaskClient, token: str, csrf: str, password: str = NEW_PASSWORD, again: str | None = None
) -> Any:
    return client.post(
        "/aktiver",
        data={
            "csrf_token": csrf,
            "token": token,
            "password": password,
            "password2": password if again is None else again,
        },
    )


def test_the_link_shows_the_form_without_a_session(web: Web, client_for: Client) -> None:
    token = _link(web, "akt-form")
    client = client_for(None)
    html, _ = _form(client, token)
    for label in (
        '<label for="password">Ny adgangskode</label>',
        '<label for="password2">Gentag adgangskode</label>',
        '<label for="username">Brugernavn</label>',
    ):
        assert label in html
    assert 'value="akt-form"' in html and 'autocomplete="new-password"' in html
    assert f'name="token" value="{token}"' in html
    assert 'action="/aktiver"' in html  # the POST's path holds no token
    assert 'class="plain-page"' in html and "/assets/lksmatch.css" in html
    response = client.get(f"/aktiver?token={token}")
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    assert '<meta name="referrer" content="no-referrer">' in html


def test_posting_the_form_sets_the_password_and_logs_in(web: Web, client_for: Client) -> None:
    token = _link(web, "akt-ok")
    client = client_for(None)
    _, csrf = _form(client, token)
    response = _submit(client, token, csrf)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    cookie = client.get_cookie(SESSION_COOKIE)
    assert cookie is not None
    principal = auth.principal_for_token(web.service.engine, cookie.value)
    assert principal == auth.Principal("akt-ok", "lks", web.home_lks, "erhvervsservice")
    assert client.get("/").status_code == 200  # a page, not the login redirect
    assert web.login(web.app.server.test_client(), "akt-ok", NEW_PASSWORD) == 200
    assert web.audit_rows("user_link_used", username="akt-ok")

    again = client_for(None)
    used = again.get(f"/aktiver?token={token}")
    assert used.status_code == 400 and "ugyldigt eller udløbet" in used.get_data(as_text=True)


def test_a_browser_with_another_session_ends_it(web: Web, client_for: Client) -> None:
    token = _link(web, "akt-switch")
    client = client_for("planner")
    previous = client.get_cookie(SESSION_COOKIE)
    assert previous is not None
    _, csrf = _form(client, token)
    assert _submit(client, token, csrf).status_code == 302
    with pytest.raises(auth.AuthenticationRequired):
        auth.principal_for_token(web.service.engine, previous.value)


@pytest.mark.parametrize("token", ["", "forkert-token", "x" * 300])
def test_a_wrong_token_is_refused(web: Web, client_for: Client, token: str) -> None:
    client = client_for(None)
    page = client.get(f"/aktiver?token={token}")
    assert page.status_code == 400
    assert "Linket er ugyldigt eller udløbet" in page.get_data(as_text=True)
    _, csrf = _form(client, _link(web, f"akt-wrong-{len(token)}"))
    refused = _submit(client, token, csrf)
    assert 400 <= refused.status_code < 500
    assert client.get_cookie(SESSION_COOKIE) is None


def test_the_form_needs_its_csrf_token(web: Web, client_for: Client) -> None:
    token = _link(web, "akt-csrf")
    client = client_for(None)
    _form(client, token)
    refused = _submit(client, token, "forged")
    assert refused.status_code == 403
    foreign = client.post(
        "/aktiver",
        data={"token": token, "password": NEW_PASSWORD, "password2": NEW_PASSWORD},
        headers={"Origin": "https://evil.example"},
    )
    assert foreign.status_code == 403
    assert web.service.link_username(token) == "akt-csrf"  # still unused
    assert web.audit_rows("csrf_refused")


def test_origin_null_passes_only_with_the_form_token(web: Web, client_for: Client) -> None:
    """Under ``no-referrer`` Chromium sends ``Origin: null`` for the page's own form."""
    token = _link(web, "akt-null")
    client = client_for(None)
    _, csrf = _form(client, token)
    form = {"token": token, "password": NEW_PASSWORD, "password2": NEW_PASSWORD}
    refused = client.post("/aktiver", data={**form, "csrf_token": "forged"}, headers={"Origin": "null"})
    assert refused.status_code == 403
    stranger = client_for(None)  # another browser: no form token in its session
    assert (
        stranger.post("/aktiver", data={**form, "csrf_token": csrf}, headers={"Origin": "null"}).status_code
        == 403
    )
    done = client.post("/aktiver", data={**form, "csrf_token": csrf}, headers={"Origin": "null"})
    assert done.status_code == 302


def test_mismatched_or_short_passwords_show_the_form_again(web: Web, client_for: Client) -> None:
    token = _link(web, "akt-retry")
    client = client_for(None)
    _, csrf = _form(client, token)
    mismatch = _submit(client, token, csrf, again="noget-helt-andet-her")
    html = mismatch.get_data(as_text=True)
    assert mismatch.status_code == 422 and "ikke ens" in html
    assert 'aria-describedby="password2-error" aria-invalid="true"' in html and 'id="password2-error"' in html
    short = _submit(client, token, csrf, password="kort")
    html = short.get_data(as_text=True)
    assert short.status_code == 422 and "12-1024 tegn" in html
    assert 'aria-describedby="password-hint password-error" aria-invalid="true"' in html
    assert web.service.link_username(token) == "akt-retry"  # the link still works
    assert _submit(client, token, csrf).status_code == 302


def test_the_token_never_reaches_the_access_log(web: Web) -> None:
    """The access log's format prints the path without the query string (gunicorn's ``%(U)s``)."""
    from gunicorn.config import Config
    from gunicorn.glogging import Logger, SafeAtoms

    token = _link(web, "akt-log")
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/aktiver?token={token}",
        "PATH_INFO": "/aktiver",
        "QUERY_STRING": f"token={token}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"http://localhost/aktiver?token={token}",
    }
    response = types.SimpleNamespace(status="200 OK", sent=100, headers=[])
    request = types.SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    line = ACCESS_LOG_FORMAT % SafeAtoms(
        Logger(Config()).atoms(response, request, environ, dt.timedelta(milliseconds=5))
    )
    assert '"GET /aktiver HTTP/1.1" 200' in line
    assert token not in line
