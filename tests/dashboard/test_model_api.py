"""The model's administration over HTTP: the JSON API routes and the pages' callbacks, admin only.

An app of its own over the shared demo database but with its own model folder (training here must
not change the ranker the other web tests see). Every route and callback: 401 without a session,
403 (logged as ``forbidden``) for region, planner and lks users, answered for admin.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import pytest
from flask.testing import FlaskClient
from plotly.utils import PlotlyJSONEncoder

from dashboard import ids
from dashboard.app import create_app
from dashboard.pages import admin, admin_fairness, admin_model
from lksmatch.service import Service

from .conftest import Web
from .test_ui_callbacks import call, texts

NON_ADMINS = ("region", "planner", "lks-home", "lks-es")
#: (method, path) of every model route.
ROUTES = [
    ("GET", "/api/v1/model"),
    ("POST", "/api/v1/model/train"),
    ("GET", "/api/v1/model/train"),
    ("POST", "/api/v1/model/previous"),
    ("GET", "/api/v1/audit/fairness"),
]
WAIT = 120
JOB_OUTPUTS = [
    (admin_model.JOB, "children"),
    (admin_model.POLL, "disabled"),
    (admin_model.SHOWN_JOB, "data"),
    (admin_model.TRAIN, "disabled"),
]
CARD_OUTPUTS = [
    (admin_model.IN_USE, "children"),
    (admin_model.CARD, "children"),
    (admin_model.CALIBRATION_BOX, "children"),
    (admin_model.PREVIOUS, "children"),
    (admin_model.RESTORE, "disabled"),
    (admin_model.FAIRNESS_LINK, "href"),
    (admin_model.MESSAGE, "children"),
]
FAIRNESS_OUTPUTS = [
    (admin_fairness.VERDICT, "children"),
    (admin_fairness.PLOT_BOX, "children"),
    (admin_fairness.TABLE, "children"),
    (admin_fairness.MESSAGE, "children"),
    (admin_fairness.BACK, "href"),
]


@dataclass(frozen=True)
class ModelWeb:
    """The app under test, its service, and a client maker."""

    web: Web
    service: Service
    client: Callable[[str | None], FlaskClient]


def with_fairness_section(monkeypatch: pytest.MonkeyPatch) -> None:
    """Route ``/admin/retfaerdighed`` and register its callback, until ``admin.SECTIONS`` lists it."""
    if admin_fairness.SECTION in admin.SECTIONS:
        return
    monkeypatch.setitem(admin.SECTIONS, admin_fairness.SECTION, ("model_nav_fairness", admin_fairness.layout))
    registered = admin.register

    def register(app: Any, current: Any) -> None:
        registered(app, current)
        admin_fairness.register(app, current)

    monkeypatch.setattr(admin, "register", register)


@pytest.fixture(scope="module")
def model_web(web: Web, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModelWeb]:
    settings = replace(web.settings, model_dir=tmp_path_factory.mktemp("model-api") / "models")
    service = Service(settings)
    with pytest.MonkeyPatch.context() as monkeypatch:
        with_fairness_section(monkeypatch)
        app = create_app(settings, service)

        def client(username: str | None) -> FlaskClient:
            made = app.server.test_client()
            if username is not None:
                assert web.login(made, username) == 200
            return made

        yield ModelWeb(web=web, service=service, client=client)
    service.engine.dispose()


def _send(client: FlaskClient, method: str, path: str) -> Any:
    if method == "POST":
        return client.post(path, json={}, headers={"Origin": "http://localhost"})
    return client.get(path)


def _wait(client: FlaskClient) -> dict[str, Any]:
    deadline = time.monotonic() + WAIT
    while True:
        job = client.get("/api/v1/model/train").get_json()["job"]
        if job["state"] != "running":
            return dict(job)
        assert time.monotonic() < deadline, job
        time.sleep(0.2)


def test_without_a_session_every_route_is_401(model_web: ModelWeb) -> None:
    anonymous = model_web.client(None)
    for method, path in ROUTES:
        assert _send(anonymous, method, path).status_code == 401, path


@pytest.mark.parametrize("username", NON_ADMINS)
def test_every_route_refuses_a_non_admin_and_logs_it(model_web: ModelWeb, username: str) -> None:
    client = model_web.client(username)
    before = len(model_web.web.audit_rows("forbidden", username=username, record_kind="model"))
    for method, path in ROUTES:
        response = _send(client, method, path)
        assert response.status_code == 403, (path, response.get_json())
        assert "job" not in response.get_json() and "groups" not in response.get_json()
    after = model_web.web.audit_rows("forbidden", username=username, record_kind="model")
    assert len(after) == before + len(ROUTES)


def test_a_post_from_another_site_is_refused(model_web: ModelWeb) -> None:
    client = model_web.client("admin")
    before = client.get("/api/v1/model/train").get_json()["job"]
    for headers in ({"Origin": "https://evil.example"}, {}):
        response = client.post("/api/v1/model/train", json={}, headers=headers)
        assert response.status_code == 403
    assert (
        client.post("/api/v1/model/train", data="{}", headers={"Origin": "http://localhost"}).status_code
        == 400
    )
    assert client.get("/api/v1/model/train").get_json()["job"] == before  # nothing was started


def test_an_admin_trains_sees_the_card_switches_back(
    model_web: ModelWeb, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = model_web.client("admin")
    first = client.get("/api/v1/model")
    assert first.status_code == 200
    card = first.get_json()
    assert card["current"] is None and card["in_use"]["name"] == "rule-based"
    assert card["features_never_used"] == ["gender", "birth_year"]
    assert (
        client.post("/api/v1/model/previous", json={}, headers={"Origin": "http://localhost"}).status_code
        == 404
    )

    release = threading.Event()
    real_train = model_web.service.match_flow.train

    def held(progress: Any = None) -> dict[str, Any]:
        assert release.wait(WAIT)
        return real_train(progress=progress)

    monkeypatch.setattr(model_web.service.match_flow, "train", held)
    started = _send(client, "POST", "/api/v1/model/train")
    assert started.status_code == 202 and started.get_json()["job"]["state"] == "running"
    again = _send(client, "POST", "/api/v1/model/train")
    assert again.status_code == 409 and "running" in again.get_json()["error"]
    release.set()
    job = _wait(client)
    assert job["state"] == "done" and job["id"] == started.get_json()["job"]["id"]
    card = client.get("/api/v1/model").get_json()
    assert (
        card["in_use"]["name"] == "trained" and card["current"]["trained_at"] == job["result"]["trained_at"]
    )
    assert [r["ranker"] for r in card["current"]["quality"]] == ["model", "rule_based", "title_only"]
    trained = card["current"]["trained_at"]
    assert model_web.web.audit_rows("model_training_started", username="admin")
    assert model_web.web.audit_rows("model_card_read", username="admin")

    time.sleep(1.1)  # trained_at has whole seconds
    assert _send(client, "POST", "/api/v1/model/train").status_code == 202
    assert _wait(client)["state"] == "done"
    newer = client.get("/api/v1/model").get_json()
    assert newer["current"]["trained_at"] != trained and newer["previous"]["trained_at"] == trained
    switched = _send(client, "POST", "/api/v1/model/previous")
    assert switched.status_code == 200
    assert switched.get_json()["current"]["trained_at"] == trained
    assert switched.get_json()["in_use"]["trained_at"] == trained
    assert model_web.web.audit_rows("model_restored", username="admin")


def test_the_fairness_route(model_web: ModelWeb) -> None:
    response = model_web.client("admin").get("/api/v1/audit/fairness")
    assert response.status_code == 200
    body = response.get_json()
    assert body["verdict"] in ("below", "unclear", "not_below", "too_few")
    assert body["groups"] and {
        "attribute",
        "group",
        "ratio_to_best",
        "ratio_low",
        "ratio_high",
        "evidence",
    } <= set(body["groups"][0])
    assert isinstance(body["findings"], list)
    assert model_web.web.audit_rows("fairness_audit", username="admin")


# --- the pages' callbacks -------------------------------------------------------------------------


def _job(client: FlaskClient, clicks: int = 0) -> tuple[int, dict[str, Any]]:
    return call(
        client,
        JOB_OUTPUTS,
        [(admin_model.TRAIN, "n_clicks", clicks), (admin_model.POLL, "n_intervals", 1)],
        [(admin_model.SHOWN_JOB, "data", None)],
    )


def _card(client: FlaskClient) -> tuple[int, dict[str, Any]]:
    return call(
        client, CARD_OUTPUTS, [(admin_model.SHOWN_JOB, "data", "x"), (admin_model.RESTORED, "data", 0)]
    )


@pytest.mark.parametrize("username", NON_ADMINS)
def test_every_callback_refuses_a_non_admin_and_logs_it(model_web: ModelWeb, username: str) -> None:
    client = model_web.client(username)
    before = len(model_web.web.audit_rows("forbidden", username=username, record_kind="model"))
    answers = [
        _job(client, clicks=1),
        _card(client),
        call(
            client,
            [(admin_model.RESTORE_STATUS, "children"), (admin_model.RESTORED, "data")],
            [(admin_model.RESTORE, "n_clicks", 1)],
        ),
        call(client, FAIRNESS_OUTPUTS, [(admin_fairness.LOAD, "data", 0)]),
    ]
    for status, result in answers:
        assert status == 200
        shown = [t for r in result.values() for t in texts(r.get("children"))]
        assert "Ingen adgang" in shown, result
    job_status, job_result = answers[0]
    assert job_result[admin_model.TRAIN]["disabled"] is True
    after = model_web.web.audit_rows("forbidden", username=username, record_kind="model")
    assert len(after) == before + 4  # one refusal logged per call


def test_the_admin_sees_the_card_and_the_fairness_report(model_web: ModelWeb) -> None:
    client = model_web.client("admin")
    if client.get("/api/v1/model").get_json()["current"] is None:  # run alone: train first
        assert _send(client, "POST", "/api/v1/model/train").status_code == 202
        assert _wait(client)["state"] == "done"
    status, result = _card(client)
    assert status == 200
    shown = texts(result[admin_model.CARD]["children"])
    assert "Krydsvalideret kvalitet" in shown and "Kun stillingsbetegnelse" in shown
    assert any("køn" in t and "fødselsår" in t for t in shown)
    assert result[admin_model.FAIRNESS_LINK]["href"] == admin_fairness.FAIRNESS_PATH
    status, job = _job(client)
    assert status == 200 and job[admin_model.POLL]["disabled"] is True  # nothing running: no polling

    status, fair = call(client, FAIRNESS_OUTPUTS, [(admin_fairness.LOAD, "data", 0)])
    assert status == 200
    verdict = texts(fair[admin_fairness.VERDICT]["children"])
    assert any(t.startswith(("Mindst", "Uafklaret", "Ingen gruppe", "For få")) for t in verdict), verdict
    plot = fair[admin_fairness.PLOT_BOX]["children"]
    graph = plot["props"]["children"][0]["props"]["figure"]
    assert any(trace.get("error_x", {}).get("array") for trace in graph["data"])  # the intervals are drawn
    assert any(shape.get("x0") == 0.8 for shape in graph["layout"]["shapes"])  # the four-fifths line
    assert "Grupperne" in texts(fair[admin_fairness.TABLE]["children"])


def test_the_pages_are_routed(model_web: ModelWeb) -> None:
    client = model_web.client("admin")
    for section, heading in (("model", "Modellen"), (admin_fairness.SECTION, "Retfærdighed")):
        status, result = call(
            client,
            [
                (ids.SHELL_PAGE, "children"),
                (ids.SHELL_NAV, "children"),
                (ids.SHELL_TITLE, "children"),
                (ids.SHELL_LOGOUT, "children"),
            ],
            [(ids.SHELL_URL, "pathname", f"/admin/{section}"), (ids.SHELL_LANG, "value", "da")],
            [(ids.SHELL_URL, "search", "")],
            lang=None,
        )
        assert status == 200
        assert any(t.startswith(heading) for t in texts(result[ids.SHELL_PAGE]["children"])), section


def test_the_figures_of_the_page() -> None:
    """The calibration table and plot use the same bins; numbers in Danish format."""
    bins = [{"low": 0.0, "high": 0.1, "count": 5, "mean_predicted": 0.05, "observed_rate": 0.2}]
    view = json.loads(
        json.dumps(admin_model.calibration_view({"calibration": bins}, "da"), cls=PlotlyJSONEncoder)
    )
    shown = texts(view)
    assert "0,0–0,1" in shown and "0,050" in shown and "0,200" in shown
    figure = admin_model.calibration_figure(bins, "da")
    assert list(figure.data[1].x) == [0.05] and figure.layout.separators == ",."


def test_the_job_as_the_page_shows_it() -> None:
    """A running job as a labelled progress bar with its step in Danish; a dead one said in Danish."""
    from store.jobs import STALE_MESSAGE

    running = {"id": 1, "state": "running", "progress": 0.4, "step": "cross-validating"}
    shown = texts(json.loads(json.dumps(admin_model.job_view(running, "da"), cls=PlotlyJSONEncoder)))
    assert "Træningens fremdrift" in shown and "Træner: krydsvaliderer (40 %)" in shown
    bar = admin_model.job_view(running, "da").children[1]  # type: ignore[index]
    assert bar.id == admin_model.PROGRESS and bar.value == "0.4" and bar.max == "1"
    stale = {"id": 1, "state": "failed", "error": STALE_MESSAGE, "finished_at": None}
    failed = texts(json.loads(json.dumps(admin_model.job_view(stale, "da"), cls=PlotlyJSONEncoder)))
    assert failed == [
        "Seneste træning mislykkedes: træningen holdt op med at melde tilbage (serveren blev "
        "måske genstartet); start den igen"
    ]
