"""Serving the web app: gunicorn (the production server, the default) or Flask's development server.

``lksmatch serve`` and ``lksmatch demo`` call :func:`serve`. Production: gunicorn with
``workers`` processes of ``threads`` threads each (the ``gthread`` worker: the app's
requests wait on the database and on the matching engine, so threads help and processes
use both cores). Each worker builds its own :class:`~lksmatch.service.Service` after the
fork (``preload_app`` off: no database connection or lock is shared between processes);
everything they must agree on - users, sessions, login counts, decisions - lives in the
database. A ``SIGTERM`` (or Ctrl+C) stops gracefully: no new connections, requests in
flight are finished for up to :data:`GRACEFUL_SECONDS`.

The access log (standard error) holds, per request, the client address, method, *path
without the query string*, status, size and time in milliseconds (:data:`ACCESS_LOG_FORMAT`):
no query string, no referrer, no user agent, no cookie, no body - so no pseudonym, reason or
search term of a job seeker ever reaches it. The application's own log never holds them
either (see ``lksmatch.service``).

``dev=True`` runs Flask's development server (one process, reloader off): for working on
the app only, never for users.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from gunicorn.app.base import BaseApplication

from lksmatch.config import Settings

#: Per request: client, method, path (no query), protocol, status, bytes, milliseconds.
ACCESS_LOG_FORMAT = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
#: How long a stopping server lets the requests in flight finish.
GRACEFUL_SECONDS = 30
#: A request that takes longer than this kills its worker (the first statistics can take a while).
REQUEST_TIMEOUT_SECONDS = 300


def _build_app(settings: Settings) -> Any:
    from dashboard.app import create_app
    from lksmatch.service import build_service

    # a server announces a damaged model and ranks by rules (a command would stop, exit code 2)
    return create_app(settings, build_service(settings, strict_model=False, background_stats=True)).server


class _Gunicorn(BaseApplication):  # gunicorn, configured in code
    """gunicorn, configured in code (no configuration file, no command line of its own)."""

    def __init__(self, factory: Callable[[], Any], options: dict[str, object]) -> None:
        self._factory = factory
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self._factory()


def gunicorn_options(host: str, port: int, workers: int, threads: int) -> dict[str, object]:
    """The gunicorn settings :func:`serve` uses (a function, so that they can be read and tested)."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "preload_app": False,
        "graceful_timeout": GRACEFUL_SECONDS,
        "timeout": REQUEST_TIMEOUT_SECONDS,
        "keepalive": 5,
        "accesslog": "-",
        "errorlog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "loglevel": "info",
        "proc_name": "lksmatch",
        # the proxy headers are read by the app itself (LKSMATCH_TRUSTED_PROXIES), not by gunicorn
        "forwarded_allow_ips": "",
        "limit_request_line": 8190,
        "limit_request_fields": 100,
        "limit_request_field_size": 8190,
    }


def serve(
    settings: Settings, *, host: str, port: int, workers: int = 2, threads: int = 4, dev: bool = False
) -> None:
    """Run the web app until stopped (see the module documentation).

    Without ``LKSMATCH_SECRET_KEY`` a random key is made here, once, before the workers fork,
    so that every worker signs and checks the login form's CSRF token with the same key (a key
    per worker refused the form whenever another worker answered the POST).
    """
    if not settings.secret_key:
        settings = replace(settings, secret_key=secrets.token_hex(32))
    where = f"http://{host}:{port}/"
    if dev:
        logging.getLogger(__name__).warning("Flask's development server: for development only")
        print(f"lksmatch (development server) on {where} (stop with Ctrl+C)", flush=True)
        _build_app(settings).run(host=host, port=port, debug=False, use_reloader=False)
        return
    print(f"lksmatch on {where}: gunicorn, {workers} workers x {threads} threads (stop with Ctrl+C)",
          flush=True)
    _Gunicorn(lambda: _build_app(settings), gunicorn_options(host, port, workers, threads)).run()
