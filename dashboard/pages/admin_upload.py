"""Administration: upload an import file (admin only).

The form is sent by ``assets/upload.js`` straight to ``POST /api/v1/imports/<kind>`` (the same
all-or-nothing import as ``lksmatch import``), with a progress bar; the answer lands in the
store :data:`RESULT` and :func:`register`'s callback shows it: the counts written and where the
rows were placed, or the problem report as a table (line, column, rule, masked value) that can be
downloaded as CSV. Nothing of the file is kept by the page.
"""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, dcc, html

from dashboard import components, ids
from dashboard.i18n import format_number, language, text
from dashboard.i18n_workspace import rule_text
from dashboard.pages.common import Current, Refused, ask

FORM = "admin-upload-form"
KIND = "admin-upload-kind"
FILE = "admin-upload-file"
FILE_SLOT = "admin-upload-file-slot"
FILE_HELP = "admin-upload-file-help"
STATUS = "admin-upload-status"
PROGRESS = "admin-upload-progress"
RESULT = "admin-upload-result"
REPORT = "admin-upload-report"
DOWNLOAD_BUTTON = "admin-upload-download-button"
DOWNLOAD = "admin-upload-download"
#: The import kinds in the order an administrator meets them.
KINDS = ("jobseekers", "companies", "needs", "offers", "outcomes", "visits")
#: How a row can be placed (``assign_method``), each with its text.
METHODS = ("code", "point", "nearest", "postal", "none")
#: The most problem rows shown on the page (the download has them all).
SHOWN_PROBLEMS = 200


def layout(lang: str = "da", *, relative: Any = None) -> html.Div:
    """The upload form, its progress and the place of the answer."""
    action = (relative or (lambda p: p))("/api/v1/imports/")
    return html.Div(
        [
            html.H2(text("upload_title", lang)),
            html.P(text("upload_intro", lang)),
            html.Form(
                [
                    html.Div(
                        [
                            html.Label(text("upload_kind", lang), htmlFor=KIND),
                            html.Select(
                                [html.Option(text(f"upload_kind_{k}", lang), value=k) for k in KINDS],
                                id=KIND,
                                name="kind",
                            ),
                        ],
                        className="field",
                    ),
                    html.Div(
                        [
                            html.Label(text("upload_file", lang), htmlFor=FILE),
                            html.Span(id=FILE_SLOT, **{"data-input-id": FILE, "data-describedby": FILE_HELP}),  # type: ignore[arg-type]
                            html.P(text("upload_file_help", lang), id=FILE_HELP, className="hint"),
                        ],
                        className="field",
                    ),
                    html.Button(text("upload_send", lang), type="submit", className="primary"),
                ],
                id=FORM,
                className="upload-form",
                **{  # Dash passes data-* through
                    "data-action": action,
                    "data-nofile": text("upload_no_file", lang),
                    "data-sending": text("upload_sending", lang),
                    "data-importing": text("upload_importing", lang),
                },
            ),
            html.Progress(id=PROGRESS, max=1, hidden=True, **{"aria-label": text("upload_progress", lang)}),  # type: ignore[arg-type]
            html.P(id=STATUS, role="status", **{"aria-live": "polite"}),  # type: ignore[arg-type]
            dcc.Store(id=RESULT),
            html.Div(id=REPORT, **{"aria-live": "polite"}),  # type: ignore[arg-type]
            dcc.Download(id=DOWNLOAD),
        ],
        className="admin-upload",
    )


def _counts(body: dict[str, Any], name: str, lang: str) -> html.Div:
    kind = (
        text(f"upload_kind_{body.get('kind')}", lang) if body.get("kind") in KINDS else str(body.get("kind"))
    )
    rows = [
        (text("upload_rows", lang), body.get("rows")),
        (text("upload_inserted", lang), body.get("inserted")),
        (text("upload_updated", lang), body.get("updated")),
        (text("upload_unchanged", lang), body.get("unchanged")),
    ]
    placement = body.get("placement") or {}
    parts: list[Any] = [
        components.notice(text("upload_done", lang).format(name=name, kind=kind), ok=True),
        html.Table(
            [
                html.Caption(text("upload_counts", lang)),
                html.Tbody([html.Tr([html.Th(k, scope="row"), html.Td(format_number(v))]) for k, v in rows]),
            ],
            className="details",
        ),
    ]
    if placement:
        parts.append(
            html.Table(
                [
                    html.Caption(text("upload_placement", lang)),
                    html.Thead(
                        html.Tr(
                            [
                                html.Th(text("upload_method", lang), scope="col"),
                                html.Th(text("upload_rows", lang), scope="col"),
                            ]
                        )
                    ),
                    html.Tbody(
                        [
                            html.Tr(
                                [
                                    html.Td(text(f"upload_method_{m}", lang) if m in METHODS else m),
                                    html.Td(format_number(n)),
                                ]
                            )
                            for m, n in sorted(placement.items(), key=lambda item: -int(item[1]))
                        ]
                    ),
                ],
                className="details",
            )
        )
    for warning in body.get("warnings") or []:
        parts.append(components.notice(str(warning)))
    return html.Div(parts)


def _problems(body: dict[str, Any], name: str, lang: str) -> html.Div:
    problems = body.get("problems") or []
    shown = problems[:SHOWN_PROBLEMS]
    rows = [
        html.Tr(
            [
                html.Td("" if p.get("line") is None else format_number(p.get("line"))),
                html.Td(p.get("column") or ""),
                html.Td(rule_text(str(p.get("rule") or ""), lang)),
                html.Td("" if p.get("value") is None else str(p.get("value"))),
            ]
        )
        for p in shown
    ]
    more = len(problems) - len(shown)
    return html.Div(
        [
            components.notice(text("upload_refused", lang).format(name=name, n=format_number(len(problems)))),
            html.Button(
                text("upload_download_problems", lang), id=DOWNLOAD_BUTTON, n_clicks=0, className="secondary"
            ),
            html.Table(
                [
                    html.Caption(text("upload_problems", lang)),
                    html.Thead(
                        html.Tr(
                            [
                                html.Th(text(k, lang), scope="col")
                                for k in ("upload_line", "upload_column", "upload_rule", "upload_value")
                            ]
                        )
                    ),
                    html.Tbody(rows),
                ],
                className="stats problems",
            ),
            html.P(text("upload_more_problems", lang).format(n=format_number(more))) if more > 0 else None,
        ]
    )


def report(answer: object, lang: str = "da") -> html.Div | None:
    """What the server answered to an upload, for the page (the counts, or the problems)."""
    if not isinstance(answer, dict):
        return None
    body, name = answer.get("body"), str(answer.get("name") or "")[:200]
    status = answer.get("status")
    if isinstance(body, dict) and body.get("ok") is True:
        return _counts(body, name, lang)
    if isinstance(body, dict) and isinstance(body.get("problems"), list):
        return _problems(body, name, lang)
    if status == 413:
        return components.notice(text("upload_too_large", lang))
    message = body.get("error") if isinstance(body, dict) and isinstance(body.get("error"), str) else None
    return components.notice(
        text("upload_failed", lang).format(reason=message or text("upload_no_answer", lang))
    )


def register(app: Dash, current: Current) -> None:
    """Show the answer; download the problem report."""

    @app.callback(
        Output(REPORT, "children"),
        Input(RESULT, "data"),
        State(ids.SHELL_LANG, "value"),
        prevent_initial_call=True,
    )
    def show(answer: object, lang: str | None) -> object:
        lang = language(lang)
        allowed = ask(current, lambda s: s.require_admin("uploads"), lang)
        if isinstance(allowed, Refused):
            return components.notice(allowed.message)
        return report(answer, lang)

    @app.callback(
        Output(DOWNLOAD, "data"),
        Input(DOWNLOAD_BUTTON, "n_clicks"),
        State(RESULT, "data"),
        State(ids.SHELL_LANG, "value"),
        prevent_initial_call=True,
    )
    def download(clicks: int | None, answer: object, lang: str | None) -> object:
        if not clicks or not isinstance(answer, dict) or not isinstance(answer.get("body"), dict):
            return None
        problems = answer["body"].get("problems")
        if not isinstance(problems, list):
            return None
        data = ask(current, lambda s: s.problem_report_csv(problems), language(lang))
        if isinstance(data, Refused):
            return None
        return dcc.send_bytes(data, f"problemer-{str(answer.get('kind') or 'import')[:20]}.csv")
