"""Administration (admin only): one page per task, reached from the section links at the top.

``/admin`` shows the overview; ``/admin/<section>`` one task: uploads, users, the audit log (with
a person's access report and erasure), the model card and the fairness report. Each section is
its own module with ``layout(lang)`` and ``register(app, current)``; this one routes to them.
"""

from __future__ import annotations

from collections.abc import Callable

from dash import Dash, dcc, html

from dashboard.i18n import text
from dashboard.pages import admin_fairness, admin_log, admin_model, admin_upload, admin_users
from dashboard.pages.common import Current

ADMIN_PATH = "/admin"
#: Section path (under ``/admin``) -> (link text key, its layout).
SECTIONS: dict[str, tuple[str, Callable[[str], html.Div]]] = {
    "upload": ("admin_nav_upload", admin_upload.layout),
    "brugere": ("admin_nav_users", admin_users.layout),
    "log": ("admin_nav_log", admin_log.layout),
    "model": ("admin_nav_model", admin_model.layout),
    admin_fairness.SECTION: ("model_nav_fairness", admin_fairness.layout),
}


def section_nav(relative: Callable[[str], str], section: str | None, lang: str) -> html.Nav:
    """The links to the sections, the current one marked."""
    return html.Nav(
        [
            dcc.Link(
                text(key, lang),
                href=relative(f"{ADMIN_PATH}/{name}"),
                className="active" if name == section else None,
            )
            for name, (key, _) in SECTIONS.items()
        ],
        className="admin-nav",
        **{"aria-label": text("nav_admin", lang)},  # type: ignore[arg-type]  # Dash passes aria-* through
    )


def layout(relative: Callable[[str], str], section: str | None, lang: str = "da") -> html.Div:
    """The section navigation and the section's page (the overview without one)."""
    body: html.Div | html.P
    if section == "upload":  # the form posts to the API: it needs the app's path prefix
        body = admin_upload.layout(lang, relative=relative)
    elif section in SECTIONS:
        body = SECTIONS[section][1](lang)
    elif section:
        body = html.P(text("page_missing", lang))
    else:
        body = html.P(text("admin_intro", lang))
    return html.Div([section_nav(relative, section, lang), body], className="admin")


def validation_layouts() -> list[html.Div]:
    """Every section's layout, for Dash's validation of the callbacks."""
    return [make("da") for _, make in SECTIONS.values()]


def register(app: Dash, current: Current) -> None:
    """Every section's callbacks."""
    admin_upload.register(app, current)
    admin_log.register(app, current)
    admin_model.register(app, current)
    admin_fairness.register(app, current)
    admin_users.register(app, current)
