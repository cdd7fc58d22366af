"""The web application: ``create_app(settings, service)`` builds the Flask server and the Dash app.

Nothing is kept in module globals: everything a request needs hangs off the app that
:func:`create_app` returns, so ``gunicorn 'lksmatch.wsgi:app'``-style factories and tests
can build as many apps as they like.

Security (see ``../shared/GUIDE.md``, "Security lives in the service"):

* **Sessions** are server-side (:mod:`lksmatch.auth`): the ``lksmatch_session`` cookie
  holds a random token, ``HttpOnly``, ``SameSite=Lax``, ``Secure`` unless
  ``settings.cookie_secure`` is false. Every request looks the session up again, so
  logout and disabling a user take effect at once.
* **Guard**: every request except the login page, the API login and static files needs
  a live session. A page request without one is redirected to ``/login``; Dash's JSON
  endpoints (``/_dash-update-component``, ``/_dash-layout``, ``/_dash-dependencies``) and
  the API answer 401 as JSON.
* **Authorisation** is not done here: callbacks and API routes get a
  :class:`~lksmatch.access.SecureService` for the caller, which checks role and LKS.
* **CSRF**: the HTML login and logout forms carry a token kept in Flask's signed
  session cookie. JSON POSTs (the API and Dash's callback endpoint) must be
  ``application/json`` - which a cross-site HTML form cannot send - and must not carry a
  foreign ``Origin``; the API also requires the ``Origin`` header (PRODUCT.md).
* **Content-Security-Policy** on every response: scripts only from this origin plus the
  SHA-256 of Dash's own inline renderer script(s) (``app.csp_hashes()``) - no
  ``'unsafe-inline'`` and no ``'unsafe-eval'`` for scripts (dash-renderer and the plotly.js
  bundle run without eval). Styles need ``'unsafe-inline'``: plotly.js writes ``<style>``
  elements at run time. Images may come from ``data:``/``blob:`` (plotly's exports) and
  from the basemap tile host when ``settings.tile_url`` is set.
* **Login throttling** (:func:`lksmatch.auth.login`): failed logins are counted in the
  database per username and per client address (:func:`client_address`: the socket's
  address; ``X-Forwarded-For`` only behind ``LKSMATCH_TRUSTED_PROXIES`` proxies); past the
  limit the form answers 429 with a Danish message and ``Retry-After``, the API 429 JSON.
* **Errors**: every :class:`~lksmatch.errors.AppError` becomes ``{"error": message}``
  with its ``http_status`` in one handler; anything else is a bare 500 with no detail.
"""

from __future__ import annotations

import logging
import math
import os
import secrets
import traceback
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from urllib.parse import urlencode, urlsplit

import dash
from dash.exceptions import DashException
from flask import Flask, Response, g, jsonify, redirect, request
from flask_compress import Compress
from markupsafe import escape
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard.activation import install_activation
from dashboard.api import create_api_blueprint
from dashboard.statement import FOOTER, INDEX_STRING, STATEMENT_HTML, STATEMENT_PATH
from dashboard.ui import install_ui
from dashboard.web import (
    CSRF_REFUSED,
    SESSION_COOKIE,
    BadRequest,
    CrossSiteRefused,
    check_csrf,
    check_form_and_query,
    checked_json,
    clear_session_cookie,
    client_address,
    csrf_token,
    refusal_detail,
    renew_csrf_token,
    same_origin,
    set_session_cookie,
)
from lksmatch import auth
from lksmatch.access import SecureService
from lksmatch.config import PROJECT_ROOT, Settings
from lksmatch.errors import AppError, AuthenticationRequired, ValidationError
from lksmatch.service import Service

#: Paths that need no session: these exactly, and static files under these prefixes.
PUBLIC_PATHS = frozenset({"/login", "/aktiver", "/api/v1/login", "/_favicon.ico", "/healthz", STATEMENT_PATH})
PUBLIC_PREFIXES = ("/_dash-component-suites/", "/assets/")
#: Dash's JSON endpoints: without a session they answer 401, not a redirect.
DASH_JSON_PATHS = ("/_dash-update-component", "/_dash-layout", "/_dash-dependencies")
#: What callbacks and API routes call to get the caller's service (raises 401 without a session).
CurrentService = Callable[[], SecureService]
_LOG = logging.getLogger(__name__)


def create_app(settings: Settings, service: Service) -> dash.Dash:
    """Build the Dash app (and its Flask server, ``app.server``) over ``service``."""
    server = Flask(__name__, static_folder=None)
    server.config.update(
        SECRET_KEY=settings.secret_key or secrets.token_hex(32),
        DEBUG=False,
        PROPAGATE_EXCEPTIONS=False,
        SESSION_COOKIE_NAME="lksmatch_csrf",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.cookie_secure,
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
        # Compress only the static scripts and styles: never a response that holds a secret or
        # reflects input (BREACH), so no HTML, no JSON.
        COMPRESS_MIMETYPES=["application/javascript", "text/javascript", "text/css"],
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_STREAMS=False,  # streamed files (/assets/) are small; compressing them leaks handles
    )
    Compress(server)
    server.extensions["lksmatch"] = {"settings": settings, "service": service}

    def current() -> SecureService:  # the CurrentService of this app
        """The :class:`SecureService` of the current request's session (or 401)."""
        principal = getattr(g, "principal", None)
        if principal is None:
            principal = service.principal_for_token(request.cookies.get(SESSION_COOKIE))
            g.principal = principal
        return SecureService(service, principal)

    if settings.trusted_proxies:
        # behind a TLS proxy: the scheme, host and port the browser used (the Origin check and
        # redirects need them); the client address is read by web.client_address, not here
        n = settings.trusted_proxies
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=0, x_proto=n, x_host=n, x_port=n)  # type: ignore[method-assign]
    _install_guard(server, service, lambda: app.callback_map)
    _install_login(server, settings, service)
    install_activation(server, settings, service)

    @server.get(STATEMENT_PATH)
    def accessibility_statement() -> Response:
        """The accessibility statement (tilgængelighedserklæring), public, linked from every page."""
        return _html("Tilgængelighedserklæring", STATEMENT_HTML)

    @server.get("/healthz")
    def healthz() -> tuple[Response, int]:
        """For a load balancer or an orchestrator: 200 when the database answers, else 503."""
        if service.healthy():
            return jsonify(status="ok"), 200
        return jsonify(status="unavailable"), 503

    _install_errors(server, service)

    server.register_blueprint(create_api_blueprint(settings, service, current))

    app = dash.Dash(
        __name__,
        server=server,  # type: ignore[arg-type]  # Dash types `server` as bool | Callable
        title="lksmatch",
        update_title=None,  # type: ignore[arg-type]  # None = keep the title (documented)
        serve_locally=True,
        suppress_callback_exceptions=True,
    )
    app.index_string = INDEX_STRING  # <html lang="da"> and the footer with the statement
    app.layout = dash.html.Div("lksmatch")
    install_ui(app, current)
    csp = content_security_policy(app.csp_hashes(), settings.tile_url)
    _install_headers(server, csp)
    return app


# --- CSP and other headers ----------------------------------------------------------------------


def content_security_policy(script_hashes: Sequence[str], tile_url: str | None) -> str:
    """The Content-Security-Policy for every response (see the module docstring)."""
    images = ["'self'", "data:", "blob:"]
    tile_source = _tile_source(tile_url)
    if tile_source:
        images.append(tile_source)
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": images,
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def _tile_source(tile_url: str | None) -> str | None:
    """The CSP source of a tile URL template: ``https://{s}.tile.example/{z}/{x}/{y}.png`` gives
    ``https://*.tile.example``; ``None`` for no or a non-http(s) template.
    """
    if not tile_url:
        return None
    parts = urlsplit(tile_url)
    host = parts.netloc.rsplit("@", 1)[-1]
    if parts.scheme not in ("http", "https") or not host:
        return None
    labels = host.split(".")
    if "{" in labels[0]:
        labels[0] = "*"
    if any(c in ".".join(labels) for c in "{}; '\""):
        return None
    return f"{parts.scheme}://{'.'.join(labels)}"


def _install_headers(server: Flask, csp: str) -> None:
    @server.after_request
    def security_headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = csp
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        if not request.path.startswith(("/_dash-component-suites/", "/assets/", "/geo/")):
            response.headers["Cache-Control"] = "no-store"
        return response


# --- request guard ------------------------------------------------------------------------------


def _install_guard(
    server: Flask, service: Service, callbacks: Callable[[], Mapping[str, object]]
) -> None:
    @server.before_request
    def require_session() -> Response | None:
        path = request.path
        check_form_and_query()  # NUL, control characters, lone surrogates: 400 on every route
        if path.startswith("/api/"):
            return None  # the API blueprint checks sessions itself, answering JSON
        if path.startswith(DASH_JSON_PATHS) and request.method == "POST":
            origin = request.headers.get("Origin")
            if origin is not None and not same_origin(origin):
                raise CrossSiteRefused("cross-site request refused", "foreign origin")
            if request.mimetype != "application/json":
                raise CrossSiteRefused("a callback request must be application/json", "not json")
        if path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES):
            return None
        try:
            g.principal = service.principal_for_token(request.cookies.get(SESSION_COOKIE))
        except AuthenticationRequired:
            if path.startswith(DASH_JSON_PATHS) or request.method != "GET":
                raise
            response = redirect("/login?" + urlencode({"next": _safe_next(request.full_path)}))
            response.delete_cookie(SESSION_COOKIE)
            return response  # type: ignore[return-value]
        if path.startswith(DASH_JSON_PATHS) and request.method == "POST":
            _check_callback_body(checked_json(), callbacks)  # after the session: anonymous is a 401
        return None


def _check_callback_body(body: object, known: Callable[[], Mapping[str, object]]) -> None:
    """A Dash callback request must have Dash's shape and name a registered callback."""
    if request.path != "/_dash-update-component":
        return
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        raise BadRequest("a callback request must be a JSON object with `output`")
    for key in ("inputs", "state", "changedPropIds"):
        if not isinstance(body.get(key, []), list):
            raise BadRequest(f"`{key}` of a callback request must be a list")
    if body["output"] not in known():
        raise BadRequest("the callback request names no callback of this app")


def _safe_next(target: str | None) -> str:
    """The one place a redirect target is read: parsed and normalised once; only a same-origin path
    (with its query) survives, anything else is ``/``.

    Refused: a scheme or host (``https://x``, ``//x``), a backslash, and any control, format or
    space character anywhere (a tab, CR, LF or NUL that a browser or the ``Location`` header would
    drop or split on, turning "/", tab, "/evil.example" into ``//evil.example``).
    """
    if not target or any(unicodedata.category(c)[0] in "CZ" for c in target) or "\\" in target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return "/"
    return parts.path + (f"?{parts.query}" if parts.query else "")


# --- login and logout (HTML forms with a CSRF token) --------------------------------------------

_PAGE = """<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>lksmatch - {title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/lksmatch.css"></head>
<body class="plain-page">
<header class="shell-header"><h1><a href="/">lksmatch — Kompetenceforsyning Midt</a></h1></header>
<main>
<h2>{title}</h2>
{body}
</main>
""" + FOOTER + """</body></html>"""

_LOGIN_FORM = """<form method="post" action="/login">
<input type="hidden" name="csrf_token" value="{token}">
<input type="hidden" name="next" value="{next}">
<p><label for="username">Brugernavn</label><br>
<input id="username" name="username" autocomplete="username" required value="{username}"></p>
<p><label for="password">Adgangskode</label><br>
<input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Log ind</button></p>
</form>"""

_LOGOUT_FORM = """<form method="post" action="/logout">
<input type="hidden" name="csrf_token" value="{token}">
<p><button type="submit">Log ud</button></p>
</form>"""


def _html(title: str, body: str, status: int = 200) -> Response:
    page = _PAGE.format(title=escape(title), body=body)
    return Response(page, status=status, mimetype="text/html")


def _login_page(
    next_path: str, *, error: str | None = None, username: str = "", status: int = 200
) -> Response:
    message = f'<p role="alert" class="error">{escape(error)}</p>' if error else ""
    form = _LOGIN_FORM.format(token=escape(csrf_token()), next=escape(next_path), username=escape(username))
    return _html("Log ind", message + form, status)


def throttled_message(retry_after: int) -> str:
    """The login form's Danish message when attempts are throttled (the same for every username)."""
    minutes = max(1, math.ceil(retry_after / 60))
    return (
        "For mange mislykkede loginforsøg. Af sikkerhedshensyn er login midlertidigt spærret; "
        f"prøv igen om {minutes} {'minut' if minutes == 1 else 'minutter'}."
    )


def _install_login(server: Flask, settings: Settings, service: Service) -> None:
    @server.get("/login")
    def login_form() -> Response:
        return _login_page(_safe_next(request.args.get("next")))

    @server.post("/login")
    def login_submit() -> Response:
        check_csrf()
        next_path = _safe_next(request.form.get("next"))
        username = request.form.get("username", "")
        password = request.form.get("password", "")
        try:
            result = service.login(username, password, address=client_address(settings))
        except auth.TooManyLoginAttempts as exc:
            page = _login_page(next_path, error=throttled_message(exc.retry_after), username=username,
                               status=exc.http_status)
            page.headers["Retry-After"] = str(exc.retry_after)
            return page
        except AuthenticationRequired:
            return _login_page(
                next_path, error="Forkert brugernavn eller adgangskode.", username=username, status=401
            )
        renew_csrf_token()
        previous = request.cookies.get(SESSION_COOKIE)
        if previous:
            service.logout(previous)  # one session per browser: no fixation, no leftovers
        response = redirect(next_path)
        set_session_cookie(response, settings, result)  # type: ignore[arg-type]
        return response  # type: ignore[return-value]

    @server.get("/logout")
    def logout_form() -> Response:
        return _html("Log ud", _LOGOUT_FORM.format(token=escape(csrf_token())))

    @server.post("/logout")
    def logout_submit() -> Response:
        check_csrf()
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            service.logout(token)
        response = redirect("/login")
        clear_session_cookie(response, settings)  # type: ignore[arg-type]
        return response  # type: ignore[return-value]


# --- errors in one place ------------------------------------------------------------------------


def failed_at(exc: BaseException) -> str:
    """The innermost frame of lksmatch's own code in ``exc``'s traceback as ``path:line in function``
    (relative to the project; the installed libraries skipped), or ``"?"``.
    """
    root = str(PROJECT_ROOT) + os.sep
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:  # Dash wraps a callback's error in its own
        chain.append(current)
        current = current.__cause__ or current.__context__
    for error in reversed(chain):  # the original error first
        ours = [
            f"{f.filename.removeprefix(root)}:{f.lineno} in {f.name}"
            for f in traceback.extract_tb(error.__traceback__)
            if f.filename.startswith(root) and f"{os.sep}.venv{os.sep}" not in f.filename
        ]
        if ours:
            return ours[-1]
    return "?"


def error_response(exc: Exception) -> tuple[Response, int]:
    """The JSON answer for an exception: an AppError's message and status; else a bare 500.

    A Dash callback that fails on values no page of the app sends (a forged body: a string
    where the page sends a dict) is a 400, logged without its values; an unknown static
    component file is a 404.
    """
    if isinstance(exc, ValidationError) and exc.problems:
        problems = [{"field": p.column, "line": p.row, "rule": p.rule} for p in exc.problems]
        return jsonify(error=exc.message, problems=problems), exc.http_status
    if isinstance(exc, AppError):
        response = jsonify(error=exc.message)
        if isinstance(exc, auth.TooManyLoginAttempts):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response, exc.http_status
    if isinstance(exc, HTTPException):
        return jsonify(error=exc.description or exc.name), exc.code or 500
    if request.path == "/_dash-update-component" and isinstance(
        exc, TypeError | ValueError | KeyError | AttributeError | IndexError | DashException
    ):
        # where it failed (file, line, function - never the message, which may hold a value), so that
        # a bug of a callback answered as a 400 can still be found in the log
        _LOG.warning("malformed callback request refused: %s at %s", type(exc).__name__, failed_at(exc))
        return jsonify(error="malformed callback request"), 400
    if request.path.startswith("/_dash-component-suites/"):
        return jsonify(error="no such file"), 404
    _LOG.error("unexpected error: %s", type(exc).__name__, exc_info=exc)
    return jsonify(error="internal error"), 500


def _install_errors(server: Flask, service: Service) -> None:
    def refused(exc: CrossSiteRefused) -> tuple[Response, int]:
        try:
            username: str | None = service.principal_for_token(request.cookies.get(SESSION_COOKIE)).username
        except AuthenticationRequired:
            username = None
        service.audit(CSRF_REFUSED, username=username, detail=refusal_detail(exc))
        return error_response(exc)

    server.register_error_handler(CrossSiteRefused, refused)
    server.register_error_handler(AppError, error_response)
    server.register_error_handler(HTTPException, error_response)
    server.register_error_handler(Exception, error_response)
