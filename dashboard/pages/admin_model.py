"""Administration: the model card (admin only) - which ranker answers, the current and the previous
model, training in the background, switching back.

The page shows the card of :meth:`lksmatch.modelcard.ModelAdmin.model_card`: the ranking in use
now; the current model (when it was trained, on how many pairs from which sources, the data's
and the file's SHA-256, the library versions, its cross-validated nDCG@10, recall@10 and AUC
beside the rule-based and the title-only rankings on the same folds, the calibration plot with
its table, the features used and those never used); the previous model with a "Skift tilbage"
button; and a "Træn ny model" button. Training runs as a background job: the page polls the job
(a ``dcc.Interval``, on only while a job runs) and shows its progress bar and step, and reloads
the card when the job ends - the rest of the page stays usable meanwhile. The card links to the
fairness report (:mod:`dashboard.pages.admin_fairness`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go
from dash import Dash, Input, Output, State, ctx, dcc, html, no_update

from dashboard import components, ids
from dashboard.i18n import TEXTS, format_moment, format_number, language, text
from dashboard.pages.admin_fairness import FAIRNESS_PATH
from dashboard.pages.common import Current, Refused, ask
from store.jobs import STALE_MESSAGE, JobRunning

if TYPE_CHECKING:
    from lksmatch.access import SecureService

MESSAGE = "admin-model-message"
IN_USE = "admin-model-in-use"
CARD = "admin-model-card"
CALIBRATION_BOX = "admin-model-calibration-box"
CALIBRATION = "admin-model-calibration"
PREVIOUS = "admin-model-previous"
RESTORE = "admin-model-restore"
RESTORE_STATUS = "admin-model-restore-status"
RESTORED = "admin-model-restored"
TRAIN = "admin-model-train"
TRAIN_HINT = "admin-model-train-hint"
JOB = "admin-model-job"
PROGRESS = "admin-model-progress"
POLL = "admin-model-poll"
SHOWN_JOB = "admin-model-shown-job"
FAIRNESS_LINK = "admin-model-fairness-link"
#: Ids inside the card (for tests and for the screen reader's "what changed").
TRAINED_AT = "admin-model-trained-at"
DATA_HASH = "admin-model-data-hash"
#: How often the page asks for the job's progress while one runs (milliseconds).
POLL_MS = 1500
RANKERS = ("model", "rule_based", "title_only")
SOURCES = ("imported", "web_outcome", "web_decision")


def _when(value: object) -> str:
    """An ISO moment as Danish local time; anything else as it is."""
    try:
        return format_moment(dt.datetime.fromisoformat(str(value)))
    except ValueError:
        return str(value or "")


def _score(value: object) -> str:
    return format_number(float(value), 3) if isinstance(value, int | float) else ""


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _step(step: object, lang: str) -> str:
    key = "model_step_" + str(step or "").replace(" ", "_").replace("-", "_")
    return text(key, lang) if key in TEXTS else str(step or "")


def _feature(name: str, lang: str) -> str:
    key = f"model_feature_{name}"
    return text(key, lang) if key in TEXTS else name


def in_use_view(card: dict[str, Any], lang: str = "da") -> html.Div | html.P:
    """Which ranker answers right now (a warning when the saved model cannot be used)."""
    in_use = card["in_use"]
    if in_use["name"] == "trained":
        return html.P(text("model_in_use_trained", lang).format(when=_when(in_use.get("trained_at"))))
    if in_use.get("problem") or card.get("current_problem"):
        return html.Div(text("model_in_use_broken", lang), className="notice warning", role="alert")
    return html.P(text("model_in_use_rules", lang))


def _facts(entry: dict[str, Any], lang: str, *, ids_: bool) -> html.Dl:
    """When, on what and with which libraries a model was trained (a definition list)."""
    sources = _mapping(entry.get("sources"))
    counts = text("model_data_counts", lang).format(
        pairs=format_number(entry.get("n_pairs")), needs=format_number(entry.get("n_needs")),
        positive=format_number(entry.get("n_positive")),
    )
    from_where = ", ".join(
        f"{format_number(int(sources.get(s, 0)))} {text(f'model_source_{s}', lang)}" for s in SOURCES
    )
    versions = _mapping(entry.get("versions"))
    trained: dict[str, Any] = {"id": TRAINED_AT} if ids_ else {}
    hashed: dict[str, Any] = {"id": DATA_HASH} if ids_ else {}
    rows: list[tuple[str, Any]] = [
        ("model_trained_at", html.Span(_when(entry.get("trained_at")), **trained)),
        ("model_data", counts),
        ("model_sources", from_where),
        ("model_data_hash", html.Code(str(entry.get("data_sha256", "")), className="hash", **hashed)),
        ("model_file_hash", html.Code(str(entry.get("artifact_sha256", "")), className="hash")),
        ("model_versions", ", ".join(f"{k} {v}" for k, v in versions.items())),
    ]
    items: list[Any] = []
    for key, value in rows:
        items += [html.Dt(text(key, lang)), html.Dd(value)]
    return html.Dl(items, className="profile")


def quality_table(entry: dict[str, Any], lang: str = "da") -> html.Table:
    """The cross-validated quality of the model, the rule-based and the title-only ranking."""
    by_name = {row["ranker"]: row for row in entry.get("quality", [])}
    cv = _mapping(entry.get("cv"))
    caption = text("model_quality_caption", lang).format(folds=format_number(cv.get("n_splits")))
    body = []
    for name in RANKERS:
        row = by_name.get(name)
        cells = (
            [html.Td(_score(row.get(m)), className="num") for m in ("ndcg@10", "recall@10", "roc_auc")]
            if row else [html.Td(text("model_not_measured", lang), colSpan=3)]
        )
        body.append(html.Tr([html.Th(text(f"model_ranker_{name}", lang), scope="row"), *cells]))
    head = html.Tr([html.Th(text(k, lang), scope="col")
                    for k in ("model_ranker", "model_ndcg", "model_recall", "model_auc")])
    return html.Table(
        [html.Caption(caption), html.Thead(head), html.Tbody(body)], className="details quality"
    )


def calibration_figure(bins: list[dict[str, Any]], lang: str = "da") -> go.Figure:
    """Mean predicted probability against the observed share per bin; the diagonal is perfect."""
    figure = go.Figure()
    figure.add_trace(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name=text("model_perfect", lang),
                                line={"dash": "dash", "color": "#555"}, hoverinfo="skip"))
    figure.add_trace(go.Scatter(
        x=[b["mean_predicted"] for b in bins], y=[b["observed_rate"] for b in bins], mode="lines+markers",
        name=text("model_observed", lang), marker={"size": 10, "color": "#0b4f6c", "symbol": "circle"},
        line={"color": "#0b4f6c"}, customdata=[b["count"] for b in bins],
        hovertemplate="%{x:.2f} → %{y:.2f} (%{customdata})<extra></extra>",
    ))
    figure.update_layout(
        height=360, margin={"l": 10, "r": 10, "t": 20, "b": 50}, plot_bgcolor="#fff", paper_bgcolor="#fff",
        separators=",." if lang == "da" else ".,", legend={"orientation": "h", "y": -0.2},
        xaxis={"title": {"text": text("model_mean_predicted", lang)}, "range": [0, 1],
               "gridcolor": "#e4e4e4"},
        yaxis={"title": {"text": text("model_observed", lang)}, "range": [0, 1], "gridcolor": "#e4e4e4",
               "automargin": True},
    )
    return figure


def calibration_view(entry: dict[str, Any], lang: str = "da") -> html.Div:
    """The calibration plot with its caption, and the same figures as a table."""
    bins = entry.get("calibration") or []
    if not bins:
        return html.Div(html.P(text("model_no_calibration", lang), className="hint"))
    rows = [
        html.Tr([
            html.Td(f"{format_number(b['low'], 1)}–{format_number(b['high'], 1)}"),
            html.Td(format_number(b["count"]), className="num"),
            html.Td(_score(b["mean_predicted"]), className="num"),
            html.Td(_score(b["observed_rate"]), className="num"),
        ])
        for b in bins
    ]
    head = html.Tr([html.Th(text(k, lang), scope="col")
                    for k in ("model_bin", "model_bin_count", "model_mean_predicted", "model_observed")])
    table = html.Table(
        [html.Caption(text("model_calibration_table", lang)), html.Thead(head), html.Tbody(rows)],
        className="details calibration",
    )
    plot = html.Figure(
        [dcc.Graph(id=CALIBRATION, figure=calibration_figure(bins, lang), config={"displayModeBar": False}),
         html.Figcaption(text("model_calibration_caption", lang))],
        className="plot",
    )
    return html.Div([html.H4(text("model_calibration", lang)), plot, table])


def features_view(card: dict[str, Any], lang: str = "da") -> html.Div:
    """The features the model uses, and those it never uses (gender, birth year)."""
    return html.Div([
        html.H4(text("model_features", lang)),
        html.P([html.Strong(text("model_features_used", lang) + ": "),
                ", ".join(_feature(f, lang) for f in card["features_used"])]),
        html.P([html.Strong(text("model_features_never", lang) + ": "),
                ", ".join(_feature(f, lang) for f in card["features_never_used"])]),
        html.P(text("model_features_never_note", lang), className="hint"),
    ])


def card_view(card: dict[str, Any], lang: str = "da") -> html.Div:
    """The current model: facts, quality and features (or why there is none)."""
    entry = card.get("current")
    if entry is None:
        key = "model_damaged" if card.get("current_problem") else "model_none"
        return html.Div([html.P(text(key, lang)), features_view(card, lang)])
    return html.Div([
        _facts(entry, lang, ids_=True),
        html.H4(text("model_quality", lang)),
        quality_table(entry, lang),
        features_view(card, lang),
    ])


def previous_view(card: dict[str, Any], lang: str = "da") -> html.Div:
    """The previous model's facts and quality, or that there is none."""
    entry = card.get("previous")
    if entry is None:
        key = "model_damaged" if card.get("previous_problem") else "model_previous_none"
        return html.Div(html.P(text(key, lang)))
    return html.Div([_facts(entry, lang, ids_=False), quality_table(entry, lang)])


def job_view(job: dict[str, Any] | None, lang: str = "da") -> html.Div:
    """The latest training job: a progress bar with its step while it runs, else how it ended."""
    if job is None:
        return html.Div(html.P(text("model_job_none", lang), className="hint"))
    if job["state"] == "running":
        pct = format_number(round(float(job.get("progress") or 0) * 100), 0)
        return html.Div([
            html.Label(text("model_progress", lang), htmlFor=PROGRESS),
            html.Progress(id=PROGRESS, value=str(job.get("progress") or 0), max="1"),
            html.P(text("model_job_running", lang).format(step=_step(job.get("step"), lang), pct=pct)),
        ], className="job running")
    if job["state"] == "failed":
        error = text("model_job_stale", lang) if job.get("error") == STALE_MESSAGE else job.get("error") or ""
        return html.Div(
            text("model_job_failed", lang).format(error=error), className="notice warning job failed"
        )
    return html.Div(html.P(text("model_job_done", lang).format(when=_when(job.get("finished_at")))),
                    className="job done")


def layout(lang: str = "da") -> html.Div:
    """The page: the ranking in use, training, the current model, calibration, the previous model."""
    return html.Div(
        [
            html.H2(text("model_title", lang)),
            html.P(text("model_intro", lang)),
            html.Div(id=MESSAGE),
            html.H3(text("model_in_use", lang)),
            html.Div(id=IN_USE),
            html.H3(text("model_training", lang)),
            html.P(text("model_train_hint", lang), id=TRAIN_HINT, className="hint"),
            html.Button(text("model_train", lang), id=TRAIN, n_clicks=0, type="button", className="primary",
                        **{"aria-describedby": TRAIN_HINT}),  # type: ignore[arg-type]
            html.Div(id=JOB, role="status", **{"aria-live": "polite"}),  # type: ignore[arg-type]
            dcc.Interval(id=POLL, interval=POLL_MS, disabled=True),
            dcc.Store(id=SHOWN_JOB),
            html.H3(text("model_current", lang)),
            html.Div(id=CARD),
            html.Div(id=CALIBRATION_BOX),
            html.P(dcc.Link(text("model_fairness_link", lang), href=FAIRNESS_PATH, id=FAIRNESS_LINK)),
            html.H3(text("model_previous", lang)),
            html.Div(id=PREVIOUS),
            html.P(text("model_restore_hint", lang), id=f"{RESTORE}-hint", className="hint"),
            html.Button(text("model_restore", lang), id=RESTORE, n_clicks=0, type="button",
                        className="secondary", disabled=True,
                        **{"aria-describedby": f"{RESTORE}-hint"}),  # type: ignore[arg-type]
            html.Div(id=RESTORE_STATUS, role="status"),
            dcc.Store(id=RESTORED, data=0),
        ],
        className="admin-model",
    )


def register(app: Dash, current: Current) -> None:
    """The page's callbacks: the job (start and poll), the card, switching back."""

    @app.callback(
        Output(JOB, "children"),
        Output(POLL, "disabled"),
        Output(SHOWN_JOB, "data"),
        Output(TRAIN, "disabled"),
        Input(TRAIN, "n_clicks"),
        Input(POLL, "n_intervals"),
        State(SHOWN_JOB, "data"),
        State(ids.SHELL_LANG, "value"),
    )
    def job(clicks: int | None, _: int | None, shown: str | None, lang: str | None) -> tuple:
        lang = language(lang)
        starting = ctx.triggered_id == TRAIN and bool(clicks)

        def start_and_read(service: SecureService) -> tuple[str | None, dict[str, Any] | None]:
            busy = None
            if starting:
                try:
                    service.start_training()
                except JobRunning:  # one runs already (perhaps started elsewhere): show that one
                    busy = text("model_job_busy", lang)
            return busy, service.training_job()

        found = ask(current, start_and_read, lang)  # one question: a refusal is logged once
        if isinstance(found, Refused):
            return components.notice(found.message), True, "refused", True
        busy, latest = found
        running = latest is not None and latest["state"] == "running"
        key = f"{latest['id']}:{latest['state']}" if latest is not None else "none"
        view = job_view(latest, lang)
        if busy:
            view = html.Div([components.notice(busy), view])
        return view, not running, key if key != shown else no_update, running

    @app.callback(
        Output(IN_USE, "children"),
        Output(CARD, "children"),
        Output(CALIBRATION_BOX, "children"),
        Output(PREVIOUS, "children"),
        Output(RESTORE, "disabled"),
        Output(FAIRNESS_LINK, "href"),
        Output(MESSAGE, "children"),
        Input(SHOWN_JOB, "data"),
        Input(RESTORED, "data"),
        State(ids.SHELL_LANG, "value"),
        prevent_initial_call=True,
    )
    def card(_: object, __: object, lang: str | None) -> tuple:
        lang = language(lang)
        link = app.get_relative_path(FAIRNESS_PATH)
        found = ask(current, lambda s: s.model_card(), lang)
        if isinstance(found, Refused):
            return None, None, None, None, True, link, components.notice(found.message)
        entry = found.get("current")
        calibration = calibration_view(entry, lang) if entry is not None else None
        return (in_use_view(found, lang), card_view(found, lang), calibration, previous_view(found, lang),
                found.get("previous") is None, link, None)

    @app.callback(
        Output(RESTORE_STATUS, "children"),
        Output(RESTORED, "data"),
        Input(RESTORE, "n_clicks"),
        State(ids.SHELL_LANG, "value"),
        prevent_initial_call=True,
    )
    def restore(clicks: int | None, lang: str | None) -> tuple:
        lang = language(lang)
        if not clicks:
            return no_update, no_update
        found = ask(current, lambda s: s.restore_previous_model(), lang)
        if isinstance(found, Refused):
            return components.notice(found.message), clicks
        when = _when((found.get("current") or {}).get("trained_at"))
        return components.notice(text("model_restored", lang).format(when=when), ok=True), clicks
