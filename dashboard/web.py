"""What the web app and its JSON API share: the session cookie, the caller's address, the origin check.

Both :mod:`dashboard.app` and :mod:`dashboard.api` import from here (and never from each
other), so the web layer has no import cycle.
"""

from __future__ import annotations

from flask import Response, request

from lksmatch import auth
from lksmatch.config import Settings

SESSION_COOKIE = "lksmatch_session"


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
