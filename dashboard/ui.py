"""The Dash pages: the shell (header, navigation, page routing), the pages and the boundaries file.

:func:`install_ui` is called by :func:`dashboard.app.create_app` with the Dash app and a
function that returns the :class:`~lksmatch.access.SecureService` of the caller of the
current request. Nothing here is loaded at import time, and nothing is kept in module
globals: the boundaries are built once per app, on first request.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections.abc import Callable
from urllib.parse import parse_qs

import flask
from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html

from dashboard import components, ids
from dashboard.i18n import LANGUAGES, language, text
from dashboard.pages import admin, eksport, liste, match, overblik, virksomhed, virksomheder
from dashboard.pages.common import Current, Refused, ask
from dashboard.workspace_view import COMPANY_PATH
from lksmatch.rules import ADMIN_ROLES, AGGREGATE_ROLES, EXPORT_ROLES, LEVELS, WORKSPACE_ROLES

#: Pages: path -> (navigation key, the roles that may use the page).
PAGES: dict[str, tuple[str, frozenset[str]]] = {
    "/": ("nav_overblik", AGGREGATE_ROLES),
    COMPANY_PATH: ("nav_virksomheder", WORKSPACE_ROLES),
    "/match": ("nav_match", WORKSPACE_ROLES),
    "/liste": ("nav_liste", WORKSPACE_ROLES),
    "/eksport": ("nav_eksport", EXPORT_ROLES),
    admin.ADMIN_PATH: ("nav_admin", ADMIN_ROLES),
}
#: Pages of persons only: not in the navigation of a caller who never sees a person.
PERSON_PAGES = frozenset({"/liste"})
#: The boundaries file of a level, as a Flask route.
GEO_ROUTE = "/geo/<level>.geojson"
#: Boundaries change once a year at most; a browser keeps them a day, then revalidates by ETag
#: ("private": the file is served behind the login like every page).
GEO_CACHE_CONTROL = "private, max-age=86400"


def _install_geo_route(server: flask.Flask, boundaries: Callable[[str], bytes] | None) -> None:
    """``GET /geo/<level>.geojson``: aggregate geography (no person data), built once, gzipped, ETag'd."""
    built: dict[str, tuple[bytes, bytes, str]] = {}
    lock = threading.Lock()

    def serve(level: str) -> flask.Response:
        if boundaries is None or level not in LEVELS:
            flask.abort(404)
        with lock:
            if level not in built:
                raw = boundaries(level)
                built[level] = (raw, gzip.compress(raw, 9, mtime=0), hashlib.sha256(raw).hexdigest()[:32])
        raw, packed, etag = built[level]
        zipped = flask.request.accept_encodings.quality("gzip") > 0
        response = flask.Response(packed if zipped else raw, mimetype="application/geo+json")
        if zipped:
            response.headers["Content-Encoding"] = "gzip"
        response.headers["Vary"] = "Accept-Encoding"
        response.headers["Cache-Control"] = GEO_CACHE_CONTROL
        response.set_etag(etag)
        conditional: flask.Response = response.make_conditional(flask.request)  # type: ignore[assignment]
        return conditional

    server.add_url_rule(GEO_ROUTE, endpoint="lksmatch_geo", view_func=serve, methods=["GET"])


def _query_value(search: str | None, name: str) -> str | None:
    """One parameter of a page's query string (``?need=N1``), or ``None``."""
    values = parse_qs((search or "").lstrip("?")).get(name)
    return values[0][:64] if values else None


def _shell(app: Dash) -> html.Div:
    return html.Div(
        [
            dcc.Location(id=ids.SHELL_URL),
            dcc.Store(id=ids.SHELL_LANG_SET),
            html.Header(
                [
                    html.H1(text("app_title"), id=ids.SHELL_TITLE),
                    html.Nav(id=ids.SHELL_NAV, className="shell-nav"),
                    html.Label(text("language"), htmlFor=ids.SHELL_LANG, className="sr-only"),
                    dcc.RadioItems(
                        id=ids.SHELL_LANG,
                        options=[{"label": lang.upper(), "value": lang} for lang in LANGUAGES],
                        value=LANGUAGES[0],
                        inline=True,
                        persistence=True,
                        persistence_type="local",
                        className="lang",
                    ),
                    html.A(
                        text("logout"),
                        id=ids.SHELL_LOGOUT,
                        href=app.get_relative_path("/logout"),
                        className="logout",
                    ),
                ],
                className="shell-header",
            ),
            html.Main(id=ids.SHELL_PAGE, className="shell-main"),
        ]
    )


def install_ui(
    app: Dash,
    current: Current,
    *,
    boundaries: Callable[[str], bytes] | None = None,
    tile_url: str | None = None,
) -> None:
    """Give ``app`` its layout, pages, callbacks and the boundaries route.

    Parameters
    ----------
    app
        The Dash app (its Flask server gets ``/geo/<level>.geojson``).
    current
        Returns the :class:`~lksmatch.access.SecureService` of the caller of the current
        request; raises ``AuthenticationRequired`` without a session.
    boundaries
        Returns the boundaries file of a level (:meth:`lksmatch.service.Service.boundaries_geojson`;
        the map has no areas without it). Default: the service that ``create_app`` puts in
        ``app.server.extensions["lksmatch"]``.
    tile_url
        Basemap tile URL template (``LKSMATCH_TILE_URL``); ``None`` = no basemap.
        Default: the settings in ``app.server.extensions["lksmatch"]``.
    """
    wiring = app.server.extensions.get("lksmatch", {})  # what create_app hands its server
    if boundaries is None and "service" in wiring:
        boundaries = wiring["service"].boundaries_geojson
    if tile_url is None and "settings" in wiring:
        tile_url = wiring["settings"].tile_url

    def geo_url(level: str) -> str:
        return app.get_relative_path(f"/geo/{level}.geojson")

    _install_geo_route(app.server, boundaries)
    shell = _shell(app)
    app.title = "lksmatch"
    app.layout = shell
    app.validation_layout = html.Div(  # type: ignore[assignment]  # Dash types it as None
        [shell, overblik.layout(geo_url, tile_url), match.layout(), eksport.layout(), virksomheder.layout(),
         virksomhed.layout(""), liste.layout(), *admin.validation_layouts()]
    )
    app.clientside_callback(  # <html lang> follows the DA/EN toggle, without a request
        ClientsideFunction(namespace="lksmatch", function_name="setLang"),
        Output(ids.SHELL_LANG_SET, "data"),
        Input(ids.SHELL_LANG, "value"),
    )
    overblik.register(app, current, geo_url)
    match.register(app, current, geo_url, tile_url)
    eksport.register(app, current)
    virksomheder.register(app, current)
    virksomhed.register(app, current, geo_url, tile_url)
    liste.register(app, current)
    admin.register(app, current)

    @app.callback(
        Output(ids.SHELL_PAGE, "children"),
        Output(ids.SHELL_NAV, "children"),
        Output(ids.SHELL_TITLE, "children"),
        Output(ids.SHELL_LOGOUT, "children"),
        Input(ids.SHELL_URL, "pathname"),
        Input(ids.SHELL_LANG, "value"),
        State(ids.SHELL_URL, "search"),
    )
    def route(pathname: str | None, lang: str | None, search: str | None) -> tuple:
        path, lang = "/" + (app.strip_relative_path(pathname or "/") or ""), language(lang)
        cvr = section = None
        if path.startswith(COMPANY_PATH + "/"):  # a company's page: /virksomheder/<cvr>
            path, cvr = COMPANY_PATH, path[len(COMPANY_PATH) + 1:].strip("/")
        elif path.startswith(admin.ADMIN_PATH + "/"):  # an administration task: /admin/<section>
            path, section = admin.ADMIN_PATH, path[len(admin.ADMIN_PATH) + 1:].strip("/")
        header = (text("app_title", lang), text("logout", lang))
        who = ask(current, lambda service: (service.principal.role, service.principal.sees_persons), lang)
        if isinstance(who, Refused):
            return components.notice(who.message), [], *header
        role, sees = who
        nav = [
            dcc.Link(
                text(key, lang), href=app.get_relative_path(p), className="active" if p == path else None
            )
            for p, (key, roles) in PAGES.items()
            if role in roles and (sees or p not in PERSON_PAGES)
        ]
        if path not in PAGES:
            return components.notice(text("page_missing", lang)), nav, *header
        if role not in PAGES[path][1] or (path in PERSON_PAGES and not sees):
            if path == admin.ADMIN_PATH:  # the attempt is logged (the service refuses and writes it)
                ask(current, lambda service: service.require_admin("the administration pages"), lang)
            return components.notice(text("no_access", lang)), nav, *header
        pages = {
            "/": lambda: overblik.layout(geo_url, tile_url, lang),
            COMPANY_PATH: lambda: virksomhed.layout(cvr, lang) if cvr else virksomheder.layout(lang),
            "/match": lambda: match.layout(lang, need=_query_value(search, "need")),
            "/eksport": lambda: eksport.layout(lang),
            "/liste": lambda: liste.layout(lang),
            admin.ADMIN_PATH: lambda: admin.layout(app.get_relative_path, section, lang),
        }
        return pages[path](), nav, *header
