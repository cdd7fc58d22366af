"""What the web app and its JSON API share: the session cookie, the caller's address, the origin check.

Both :mod:`dashboard.app` and :mod:`dashboard.api` import from here (and never from each
other), so the web layer has no import cycle.
"""

from __future__ import annotations

import hmac
import json
import secrets
import unicodedata
from collections.abc import Iterable

from flask import Response, request, session

from lksmatch import auth
from lksmatch.config import Settings
from lksmatch.errors import AppError, PermissionDenied

SESSION_COOKIE = "lksmatch_session"
#: Deepest nesting of a JSON body accepted (the app's own bodies are a few levels deep).
MAX_JSON_DEPTH = 32


class BadRequest(AppError):
    """The request itself is malformed (not JSON, too deep, a forbidden character, wrong shape)."""

    http_status = 400


def bad_character(text: str) -> str | None:
    """What is wrong with a text of a request: a NUL or another control character (tab, CR and LF
    are allowed), or a lone surrogate; ``None`` when nothing is.
    """
    for char in text:
        category = unicodedata.category(char)
        if category == "Cs":
            return "a lone surrogate (\\ud800-\\udfff)"
        if category == "Cc" and char not in "\t\n\r":
            return "a NUL byte" if char == "\x00" else f"the control character U+{ord(char):04X}"
    return None


def _strings(value: object) -> Iterable[str]:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _depth(raw: str) -> int:
    """The deepest nesting of brackets outside strings (counted before parsing: no recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in raw:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def checked_json() -> object:
    """The request's JSON body, checked: valid UTF-8 JSON, at most :data:`MAX_JSON_DEPTH` deep,
    and no text in it (keys or values) with a NUL, a control character or a lone surrogate.

    Raises
    ------
    BadRequest
        Naming what is wrong, never echoing the value.
    """
    try:
        raw = request.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("the request body is not UTF-8 text") from None
    if _depth(raw) > MAX_JSON_DEPTH:
        raise BadRequest(f"the JSON body is nested more than {MAX_JSON_DEPTH} levels deep")
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        raise BadRequest("the request body is not valid JSON") from None
    for text in _strings(body):
        problem = bad_character(text)
        if problem:
            raise BadRequest(f"the request holds {problem}; text may not contain it")
    return body


#: Where files are uploaded (multipart): the body is read by the route only, after the caller is
#: known to be an admin and with the upload's own size limit, never by a hook before it.
UPLOAD_PREFIX = "/api/v1/imports/"


def check_form_and_query() -> None:
    """Refuse a form field or query parameter (names too) holding a NUL, control or lone surrogate.

    An upload's body (:data:`UPLOAD_PREFIX`) is not read here: its route checks the caller first.
    """
    sources = [request.args]
    upload = request.path.startswith(UPLOAD_PREFIX)
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data") and not upload:
        sources.append(request.form)
    for source in sources:
        for key, values in source.lists():
            for text in (key, *values):
                problem = bad_character(text)
                if problem:
                    raise BadRequest(f"the request holds {problem}; text may not contain it")


class CrossSiteRefused(PermissionDenied):
    """A state-changing request that did not come from this app's own pages (HTTP 403).

    ``reason`` says which check refused it (a foreign or missing ``Origin``, a missing or
    wrong form token, a callback that is not JSON); the app writes each refusal to the audit
    log as ``csrf_refused`` (:data:`CSRF_REFUSED`), with the path, the reason and the origin.
    """

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


#: Audit action of a refused cross-site request.
CSRF_REFUSED = "csrf_refused"


def refusal_detail(exc: CrossSiteRefused) -> str:
    """The audit detail of a refusal: method, path, reason, origin (printable, cut) and address."""
    origin = "".join(ch for ch in request.headers.get("Origin", "") if ch.isprintable())[:120]
    return (
        f"{request.method} {request.path}; {exc.reason}; origin {origin or 'none'}; "
        f"address {request.remote_addr or 'unknown'}"
    )


def same_origin(origin: str | None) -> bool:
    """Whether an ``Origin`` header names this server's own origin."""
    if not origin:
        return False
    return origin.rstrip("/") == request.host_url.rstrip("/")


def client_address(settings: Settings) -> str | None:
    """The client's address, counted by the login throttle.

    The socket's address, unless ``settings.trusted_proxies`` (``LKSMATCH_TRUSTED_PROXIES``)
    says that many proxies in front append to ``X-Forwarded-For``: then the entry that many
    places from the right - the address the outermost trusted proxy saw. Entries further left
    are whatever the client sent and are never used. Too short a header: the socket's address.
    """
    count = settings.trusted_proxies
    if count > 0:
        forwarded = [a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.remote_addr


def set_session_cookie(response: Response, settings: Settings, result: auth.LoginResult) -> None:
    """Put a new session's token in the session cookie (flags per the module docstring)."""
    response.set_cookie(
        SESSION_COOKIE,
        result.token,
        max_age=int(auth.SESSION_LIFETIME.total_seconds()),
        path="/",
        secure=settings.cookie_secure,
        httponly=True,
        samesite="Lax",
    )


def clear_session_cookie(response: Response, settings: Settings) -> None:
    """Tell the browser to drop the session cookie."""
    response.delete_cookie(
        SESSION_COOKIE, path="/", secure=settings.cookie_secure, httponly=True, samesite="Lax"
    )


#: The key of an HTML form's token in Flask's signed session cookie (the login and link forms).
CSRF_KEY = "csrf_token"


def csrf_token() -> str:
    """The form token of this browser's session (made on first use), for a hidden form field."""
    token = session.get(CSRF_KEY)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session[CSRF_KEY] = token
    return token


def renew_csrf_token() -> None:
    """A fresh form token for a session that has just logged in (no token outlives a login)."""
    session[CSRF_KEY] = secrets.token_urlsafe(32)


def check_csrf(*, allow_null_origin: bool = False) -> None:
    """Refuse an HTML form post with a foreign ``Origin`` or without this session's form token.

    ``allow_null_origin``: a page sent with ``Referrer-Policy: no-referrer`` makes the browser
    send ``Origin: null`` for its own form; the token (in the ``SameSite=Lax`` session cookie,
    which no other site's form sends) is required all the same.
    """
    expected = session.get(CSRF_KEY)
    given = request.form.get("csrf_token", "")
    origin = request.headers.get("Origin")
    if origin is not None and not (allow_null_origin and origin == "null") and not same_origin(origin):
        raise CrossSiteRefused("cross-site request refused", "foreign origin")
    if not isinstance(expected, str) or not hmac.compare_digest(expected, given):
        raise CrossSiteRefused(
            "the form has expired; reload the page and try again", "missing or wrong form token"
        )
