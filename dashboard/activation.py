"""The one-time link page: a new user (or one whose password was reset) sets their own password.

``GET /aktiver?token=...`` shows the form (no session needed; the path is public); ``POST
/aktiver`` checks the form's CSRF token, uses the link (:meth:`lksmatch.service.Service.redeem_link`:
sets the password, ends the user's other sessions, opens a new one), puts the new session in
the cookie and goes to ``/``. A link that is unknown, used, expired or of a disabled user gets
one page ("invalid or expired", 400) whatever the case.

The token stays out of logs and other sites: the access log prints the path without the query
string (:data:`dashboard.server.ACCESS_LOG_FORMAT`), the form sends the token in a hidden field
(the POST's path has none), and these responses carry ``Referrer-Policy: no-referrer`` (header
and ``<meta>``), so no link followed from the page sends its address. The page looks like the
login page (``plain-page``); its CSRF token is the login form's (the same key in Flask's
signed session cookie).
"""

from __future__ import annotations

from flask import Flask, Response, redirect, request
from markupsafe import escape

from dashboard.statement import FOOTER
from dashboard.web import SESSION_COOKIE, check_csrf, csrf_token, renew_csrf_token, set_session_cookie
from lksmatch.auth import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from lksmatch.config import Settings
from lksmatch.errors import ValidationError
from lksmatch.links import LINK_PATH, InvalidLink
from lksmatch.service import Service

#: The ``Referrer-Policy`` of the link's page.
REFERRER_POLICY = "no-referrer"
TITLE = "Vælg din adgangskode"
INVALID_TITLE = "Linket virker ikke"
INVALID_TEXT = (
    "Linket er ugyldigt eller udløbet. Et engangslink virker én gang og i 24 timer. "
    "Bed en administrator om et nyt link."
)
MISMATCH = "De to adgangskoder er ikke ens."
#: Danish for the password rules of :mod:`lksmatch.auth`.
PASSWORD_RULE = f"Adgangskoden skal være {MIN_PASSWORD_LENGTH}-{MAX_PASSWORD_LENGTH} tegn lang."

_PAGE = """<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>lksmatch - {title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="stylesheet" href="/assets/lksmatch.css"></head>
<body class="plain-page">
<header class="shell-header"><h1><a href="/">lksmatch — Kompetenceforsyning Midt</a></h1></header>
<main>
<h2>{title}</h2>
{body}
</main>
""" + FOOTER + """</body></html>"""

_FORM = """<form method="post" action="{action}">
<input type="hidden" name="csrf_token" value="{csrf}">
<input type="hidden" name="token" value="{token}">
<p><label for="username">Brugernavn</label><br>
<input id="username" name="username" autocomplete="username" readonly value="{username}"
style="background:#f3f3f3"></p>
<p><label for="password">Ny adgangskode</label><br>
<input id="password" name="password" type="password" autocomplete="new-password" required minlength="{min}"
maxlength="{max}" aria-describedby="password-hint{password_error}"{password_invalid}></p>
<p id="password-hint" class="hint">Mindst {min} tegn. Vælg gerne en sætning af flere ord.</p>
{password_message}<p><label for="password2">Gentag adgangskode</label><br>
<input id="password2" name="password2" type="password" autocomplete="new-password" required
maxlength="{max}"{password2_described}{password2_invalid}></p>
{password2_message}<p><button type="submit">Gem adgangskode og log ind</button></p>
</form>"""


def _page(title: str, body: str, status: int = 200) -> Response:
    return Response(_PAGE.format(title=escape(title), body=body), status=status, mimetype="text/html")


def _error(field: str, message: str | None) -> tuple[str, str, str]:
    """The message under a field and the attributes that link it to the field (or nothing)."""
    if not message:
        return "", "", ""
    error_id = f"{field}-error"
    return (f'<p id="{error_id}" class="error" role="alert">{escape(message)}</p>\n', error_id,
            ' aria-invalid="true"')


def _form(token: str, username: str, *, password: str | None = None, password2: str | None = None,
          status: int = 200) -> Response:
    first, first_id, first_invalid = _error("password", password)
    second, second_id, second_invalid = _error("password2", password2)
    body = _FORM.format(
        action=escape(request.script_root + LINK_PATH),
        csrf=escape(csrf_token()),
        token=escape(token),
        username=escape(username),
        password_error=f" {first_id}" if first_id else "",
        password_invalid=first_invalid,
        password_message=first,
        password2_described=f' aria-describedby="{second_id}"' if second_id else "",
        password2_invalid=second_invalid,
        password2_message=second,
        min=MIN_PASSWORD_LENGTH,
        max=MAX_PASSWORD_LENGTH,
    )
    intro = (f"<p>Velkommen, <strong>{escape(username)}</strong>. Vælg den adgangskode, du vil logge ind "
             "med. Linket virker kun denne ene gang.</p>\n")
    return _page(TITLE, intro + body, status)


def _invalid() -> Response:
    body = (f'<p role="alert" class="error">{escape(INVALID_TEXT)}</p>\n'
            f'<p><a href="{escape(request.script_root)}/login">Til login</a></p>')
    return _page(INVALID_TITLE, body, 400)


def install_activation(server: Flask, settings: Settings, service: Service) -> None:
    """Add the one-time link's page to ``server`` (``GET`` and ``POST`` :data:`lksmatch.links.LINK_PATH`)."""

    @server.after_request
    def no_referrer(response: Response) -> Response:
        if request.path == LINK_PATH:
            response.headers["Referrer-Policy"] = REFERRER_POLICY
        return response

    @server.get(LINK_PATH)
    def activation_form() -> Response:
        token = request.args.get("token", "")
        username = service.link_username(token)
        if username is None:
            return _invalid()
        return _form(token, username)

    @server.post(LINK_PATH)
    def activation_submit() -> Response:
        check_csrf(allow_null_origin=True)
        token = request.form.get("token", "")
        password = request.form.get("password", "")
        username = service.link_username(token)
        if username is None:
            return _invalid()
        if password != request.form.get("password2", ""):
            return _form(token, username, password2=MISMATCH, status=422)
        try:
            result = service.redeem_link(token, password)
        except InvalidLink:
            return _invalid()
        except ValidationError:
            return _form(token, username, password=PASSWORD_RULE, status=422)
        renew_csrf_token()
        previous = request.cookies.get(SESSION_COOKIE)
        if previous:
            service.logout(previous)  # one session per browser (an admin's, in the same browser)
        response = redirect(request.script_root + "/")
        set_session_cookie(response, settings, result)  # type: ignore[arg-type]
        return response  # type: ignore[return-value]
