"""Administration: the audit log, one person's access report, erasure (admin only).

* **Search** the log by pseudonym, user, action and period (newest first, a page at a time).
* **Access report** (GDPR Art. 15) for one pseudonym: who read the person's data, when and why,
  and what was decided and recorded - a printable page (the app's header and links are left out
  of the print) and a CSV file. Only that person's entries; reading it is itself logged.
* **Erasure** (GDPR Art. 17) of the person shown, after typing the pseudonym again: the CLI's
  erasure, answered with what was removed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from dash import ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html, no_update

from dashboard import components, ids
from dashboard.i18n import TEXTS, format_moment, format_number, language, text, to_iso
from dashboard.pages.common import Current, Refused, ask
from dashboard.workspace_view import field
from lksmatch.administration import report_timeline

ROOT = "admin-log"
INIT = "admin-log-init"
PERSON = "admin-log-person"
USER = "admin-log-user"
ACTION = "admin-log-action"
ACTIONS = "admin-log-actions"
SINCE = "admin-log-since"
UNTIL = "admin-log-until"
SEARCH = "admin-log-search"
PREVIOUS = "admin-log-previous"
NEXT = "admin-log-next"
OFFSET = "admin-log-offset"
RESULTS = "admin-log-results"
RETENTION = "admin-log-retention"
REPORT_PERSON = "admin-report-person"
REPORT_BUTTON = "admin-report-button"
REPORT = "admin-report"
REPORT_SHOWN = "admin-report-shown"
REPORT_TOOLS = "admin-report-tools"
PRINT = "admin-report-print"
PRINTED = "admin-report-printed"
CSV = "admin-report-csv"
DOWNLOAD = "admin-report-download"
ERASE_CONFIRM = "admin-erase-confirm"
ERASE = "admin-erase-button"
ERASED = "admin-erase-result"
#: Entries per page of the search.
PAGE = 50


def _text_input(field_id: str, *, placeholder: str | None = None, **more: Any) -> dcc.Input:
    return dcc.Input(id=field_id, type="text", autoComplete="off", placeholder=placeholder, **more)


def layout(lang: str = "da") -> html.Div:
    """The search, the access report and the erasure."""
    date_hint = text("date_hint", lang)
    return html.Div(
        [
            dcc.Store(id=INIT, data=True),
            dcc.Store(id=OFFSET, data=0),
            dcc.Store(id=REPORT_SHOWN),
            html.Section(
                [
                    html.H2(text("log_title", lang)),
                    html.P(id=RETENTION, className="hint"),
                    html.Div(
                        [
                            html.Div(
                                [
                                    field(
                                        text("log_person", lang), _text_input(PERSON, maxLength=128), PERSON
                                    ),
                                    field(text("log_user", lang), _text_input(USER, maxLength=100), USER),
                                    field(
                                        text("log_action", lang),
                                        _text_input(ACTION, list=ACTIONS, maxLength=60),
                                        ACTION,
                                    ),
                                    html.Datalist(id=ACTIONS),
                                    field(
                                        text("log_since", lang),
                                        _text_input(
                                            SINCE, placeholder=date_hint, maxLength=10, className="date"
                                        ),
                                        SINCE,
                                    ),
                                    field(
                                        text("log_until", lang),
                                        _text_input(
                                            UNTIL, placeholder=date_hint, maxLength=10, className="date"
                                        ),
                                        UNTIL,
                                    ),
                                ],
                                className="form-row",
                            ),
                            html.Div(
                                html.Button(
                                    text("log_search", lang), id=SEARCH, n_clicks=0, className="primary"
                                ),
                                className="buttons",
                            ),
                        ],
                        className="form-card",
                    ),
                    html.Div(id=RESULTS, **{"aria-live": "polite"}),  # type: ignore[arg-type]
                    html.Div(
                        [
                            html.Button(text("log_previous", lang), id=PREVIOUS, n_clicks=0, disabled=True),
                            html.Button(text("log_next", lang), id=NEXT, n_clicks=0, disabled=True),
                        ],
                        className="pager",
                    ),
                ],
                className="no-print",
            ),
            html.Section(
                [
                    html.H2(text("report_title", lang), className="no-print"),
                    html.P(text("report_intro", lang), className="no-print"),
                    html.Div(
                        [
                            field(
                                text("log_person", lang),
                                _text_input(REPORT_PERSON, maxLength=128),
                                REPORT_PERSON,
                            ),
                            html.Div(
                                html.Button(
                                    text("report_show", lang),
                                    id=REPORT_BUTTON,
                                    n_clicks=0,
                                    className="primary",
                                ),
                                className="buttons",
                            ),
                        ],
                        className="form-card no-print",
                    ),
                    html.Div(id=REPORT, className="access-report"),
                    html.Div(
                        [
                            html.Div(
                                [
                                    html.Button(
                                        text("report_print", lang),
                                        id=PRINT,
                                        n_clicks=0,
                                        className="secondary",
                                    ),
                                    html.Button(
                                        text("report_csv", lang), id=CSV, n_clicks=0, className="secondary"
                                    ),
                                ],
                                className="buttons",
                            ),
                            html.Div(
                                [
                                    html.H3(text("erase_title", lang)),
                                    html.P(text("erase_intro", lang)),
                                    field(
                                        text("erase_confirm", lang),
                                        _text_input(ERASE_CONFIRM, maxLength=128),
                                        ERASE_CONFIRM,
                                    ),
                                    html.Div(
                                        html.Button(
                                            text("erase_button", lang),
                                            id=ERASE,
                                            n_clicks=0,
                                            className="danger",
                                        ),
                                        className="buttons",
                                    ),
                                ],
                                className="form-card danger-zone",
                            ),
                        ],
                        id=REPORT_TOOLS,
                        hidden=True,
                        className="no-print",
                    ),
                    html.Div(id=ERASED, role="status", className="no-print"),
                    dcc.Store(id=PRINTED),
                    dcc.Download(id=DOWNLOAD),
                ]
            ),
        ],
        id=ROOT,
        className="admin-log",
    )


def _subject(kind: object, record: object) -> str:
    if kind is None or (isinstance(kind, float) and pd.isna(kind)):
        return ""
    return (
        f"{kind}: {record}"
        if record is not None and not (isinstance(record, float) and pd.isna(record))
        else str(kind)
    )


def action_text(action: object, lang: str) -> str:
    """An audit action as the page shows it: its Danish name where known, and the code (to search by)."""
    code = _cell(action)
    if code.startswith("decision: ") or code.startswith("outcome: "):
        kind, _, value = code.partition(": ")
        shown = text(value, lang).lower() if value in TEXTS else value
        return f"{text('action_' + kind, lang)}: {shown}"
    key = "action_" + code.replace(".", "_")
    return f"{text(key, lang)} ({code})" if key in TEXTS else code


def _when(value: object) -> str:
    """An ISO moment (UTC) as Danish local time; anything else as it is."""
    if isinstance(value, str) and value:
        try:
            return format_moment(dt.datetime.fromisoformat(value))
        except ValueError:
            return value
    return _cell(value)


def _cell(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def entries_table(entries: pd.DataFrame, total: int, offset: int, lang: str) -> html.Div | html.P:
    """One page of the search: the count and the entries, newest first."""
    if total == 0:
        return html.P(text("log_none", lang))
    first, last = offset + 1, offset + len(entries)
    head = [
        text(k, lang) for k in ("log_when", "log_user", "log_action", "log_subject", "log_need", "log_detail")
    ]
    rows = [
        html.Tr(
            [
                html.Td(format_moment(e["ts"])),
                html.Td(_cell(e["username"])),
                html.Td(action_text(e["action"], lang)),
                html.Td(_subject(e["record_kind"], e["record_id"])),
                html.Td(_cell(e["need_id"])),
                html.Td(_cell(e["detail"])),
            ]
        )
        for e in entries.to_dict("records")
    ]
    return html.Div(
        [
            html.P(
                text("log_count", lang).format(
                    total=format_number(total), first=format_number(first), last=format_number(last)
                )
            ),
            html.Div(
                html.Table(
                    [html.Thead(html.Tr([html.Th(h, scope="col") for h in head])), html.Tbody(rows)],
                    className="stats log",
                ),
                className="scroll",
                tabIndex=0,
                role="region",
                **{"aria-label": text("log_title", lang)},  # type: ignore[arg-type]
            ),
        ]
    )


def report_view(report: dict[str, Any], timeline: pd.DataFrame, by: str, at: str, lang: str) -> html.Div:
    """The printable access report of one person."""
    person = str(report["person_id"])
    held = text("report_held", lang) if report["held"] else text("report_not_held", lang)
    rows = [
        html.Tr(
            [
                html.Td(_when(r["at"])),
                html.Td(_cell(r["username"])),
                html.Td(action_text(r["what"], lang)),
                html.Td(_cell(r["need_id"])),
                html.Td(_cell(r["detail"])),
            ]
        )
        for r in timeline.to_dict("records")
    ]
    head = [text(k, lang) for k in ("log_when", "log_user", "report_what", "log_need", "report_why")]
    counts = text("report_counts", lang).format(
        reads=format_number(int((timeline["what"] == "read_candidate").sum()) if len(timeline) else 0),
        decisions=format_number(len(report["decisions"])),
        outcomes=format_number(len(report["outcomes"])),
    )
    return html.Div(
        [
            html.H3(text("report_heading", lang).format(person=person)),
            html.P(text("report_made", lang).format(by=by, at=at)),
            html.P(held),
            html.P(counts),
            html.Table(
                [
                    html.Caption(text("report_caption", lang)),
                    html.Thead(html.Tr([html.Th(h, scope="col") for h in head])),
                    html.Tbody(rows or [html.Tr(html.Td(text("report_empty", lang), colSpan=5))]),
                ],
                className="stats report",
            ),
            html.P(text("report_footer", lang), className="hint"),
        ]
    )


def register(app: Dash, current: Current) -> None:
    """The search, the report, its print and CSV, and the erasure."""

    @app.callback(
        Output(ACTIONS, "children"),
        Output(RETENTION, "children"),
        Input(INIT, "data"),
        State(ids.SHELL_LANG, "value"),
    )
    def start(_: object, lang: str | None) -> tuple:
        lang = language(lang)
        found = ask(current, lambda s: (s.audit_actions(), s.audit_retention_days()), lang)
        if isinstance(found, Refused):
            return [], found.message
        actions, days = found
        return [html.Option(value=a) for a in actions], text("log_retention", lang).format(
            days=format_number(days)
        )

    @app.callback(
        Output(RESULTS, "children"),
        Output(OFFSET, "data"),
        Output(PREVIOUS, "disabled"),
        Output(NEXT, "disabled"),
        Input(SEARCH, "n_clicks"),
        Input(PREVIOUS, "n_clicks"),
        Input(NEXT, "n_clicks"),
        State(PERSON, "value"),
        State(USER, "value"),
        State(ACTION, "value"),
        State(SINCE, "value"),
        State(UNTIL, "value"),
        State(OFFSET, "data"),
        State(ids.SHELL_LANG, "value"),
        prevent_initial_call=True,
    )
    def search(
        _s: int,
        _p: int,
        _n: int,
        person: object,
        user: object,
        action: object,
        since: object,
        until: object,
        offset: object,
        lang: str | None,
    ) -> tuple:
        lang = language(lang)
        start = int(offset) if isinstance(offset, int) and offset >= 0 else 0
        start = {PREVIOUS: max(0, start - PAGE), NEXT: start + PAGE}.get(str(ctx.triggered_id), 0)
        found = ask(current, lambda s: s.audit_search(
            person_id=person, username=user, action=action, since=to_iso(since), until=to_iso(until),
            limit=PAGE, offset=start), lang)  # fmt: skip
        if isinstance(found, Refused):
            return components.notice(found.message), 0, True, True
        entries, total = found
        return entries_table(entries, total, start, lang), start, start == 0, start + PAGE >= total

    @app.callback(
        Output(REPORT, "children"),
        Output(REPORT_SHOWN, "data"),
        Output(REPORT_TOOLS, "hidden"),
        Output(ERASED, "children", allow_duplicate=True),
        Input(REPORT_BUTTON, "n_clicks"),
        State(REPORT_PERSON, "value"),
        State(ids.SHELL_LANG, "value"),
        prevent_initial_call=True,
    )
    def show_report(_: int, person: object, lang: str | None) -> tuple:
        lang = language(lang)

        def make(s: Any) -> tuple:
            report = s.access_report(person)
            return (
                report,
                report_timeline(report),
                s.principal.username,
                format_moment(dt.datetime.now(dt.UTC)),
            )

        found = ask(current, make, lang)
        if isinstance(found, Refused):
            return components.notice(found.message), None, True, None
        report, timeline, by, at = found
        return report_view(report, timeline, by, at, lang), report["person_id"], False, None

    app.clientside_callback(
        ClientsideFunction(namespace="lksmatch_admin", function_name="printPage"),
        Output(PRINTED, "data"),
        Input(PRINT, "n_clicks"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(DOWNLOAD, "data"),
        Input(CSV, "n_clicks"),
        State(REPORT_SHOWN, "data"),
        State(ids.SHELL_LANG, "value"),
        prevent_initial_call=True,
    )
    def csv(_: int, person: object, lang: str | None) -> object:
        data = ask(current, lambda s: s.access_report_csv(person), language(lang))
        if isinstance(data, Refused):
            return None
        return dcc.send_bytes(data, f"indsigt-{str(person)[:64]}.csv")

    @app.callback(
        Output(ERASED, "children"),
        Output(REPORT_TOOLS, "hidden", allow_duplicate=True),
        Input(ERASE, "n_clicks"),
        State(REPORT_SHOWN, "data"),
        State(ERASE_CONFIRM, "value"),
        State(ids.SHELL_LANG, "value"),
        prevent_initial_call=True,
    )
    def erase(_: int, person: object, confirm: object, lang: str | None) -> tuple:
        lang = language(lang)
        if not isinstance(person, str) or not person or confirm != person:
            return components.notice(text("erase_mismatch", lang)), no_update
        result = ask(current, lambda s: s.erase_person(person), lang)
        if isinstance(result, Refused):
            return components.notice(result.message), no_update
        counts = ", ".join(
            f"{format_number(n)} {text('erase_' + t, lang)}" for t, n in sorted(result.derived.items())
        )
        return components.notice(
            text("erase_done", lang).format(
                person=person,
                counts=counts,
                redacted=format_number(result.audit_entries_redacted),
                scrubbed=format_number(result.free_text_scrubbed),
            ),
            ok=True,
        ), True
