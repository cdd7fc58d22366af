"""The model card, training in the background, switching back, the fairness verdict - the store side
(the previous model kept, background jobs), the service and its secure side (admin only, audited).
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from reference import reference_data_dir
from sqlalchemy import Engine, text

from lksmatch import auth, modelcard
from lksmatch.access import SecureService
from lksmatch.config import Settings
from lksmatch.errors import ModelFileError, NotFoundError, PermissionDenied
from lksmatch.service import Service
from matching.features import FEATURES
from store import artifacts, jobs
from store.artifacts import META_FILE, MODEL_FILE

#: How long a test waits for a training job (seconds).
WAIT = 120


# --- the previous model is kept -----------------------------------------------------------------


def test_a_save_keeps_the_model_it_replaces(tmp_path: Path) -> None:
    folder = tmp_path / "models"
    artifacts.save_model(Counter(a=1), {"trained_at": "first"}, folder)
    assert artifacts.load_metadata(artifacts.previous_folder(folder)) is None  # nothing to keep yet
    artifacts.save_model(Counter(b=2), {"trained_at": "second"}, folder)
    previous = artifacts.previous_folder(folder)
    assert artifacts.load_model(folder, Counter) == Counter(b=2)
    assert artifacts.load_model(previous, Counter) == Counter(a=1)
    assert artifacts.load_metadata(previous)["trained_at"] == "first"  # type: ignore[index]
    artifacts.save_model(Counter(c=3), {"trained_at": "third"}, folder)
    assert artifacts.load_metadata(previous)["trained_at"] == "second"  # type: ignore[index]
    assert not [p for p in (*folder.iterdir(), *previous.iterdir()) if p.name.endswith(".part")]


def test_switching_back_swaps_the_pairs_and_moves_the_stamp(tmp_path: Path) -> None:
    folder = tmp_path / "models"
    artifacts.save_model(Counter(a=1), {"trained_at": "first"}, folder)
    artifacts.save_model(Counter(b=2), {"trained_at": "second"}, folder)
    stamp = artifacts.model_stamp(folder)
    restored = artifacts.restore_previous(folder)
    assert restored["trained_at"] == "first"
    assert artifacts.model_stamp(folder) not in (None, stamp)  # every worker reloads
    assert artifacts.load_model(folder, Counter) == Counter(a=1)
    assert artifacts.load_model(artifacts.previous_folder(folder), Counter) == Counter(b=2)
    again = artifacts.model_stamp(folder)
    assert artifacts.restore_previous(folder)["trained_at"] == "second"  # and forward again
    assert artifacts.model_stamp(folder) not in (None, again)
    assert artifacts.load_model(folder, Counter) == Counter(b=2)


def test_switching_back_without_or_to_a_damaged_previous_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "models"
    with pytest.raises(NotFoundError, match="no previous model"):
        artifacts.restore_previous(folder)
    artifacts.save_model(Counter(a=1), {}, folder)
    with pytest.raises(NotFoundError):
        artifacts.restore_previous(folder)
    artifacts.save_model(Counter(b=2), {}, folder)
    previous = artifacts.previous_folder(folder)
    (previous / MODEL_FILE).write_bytes(b"not the model")  # a new file: the current one is not touched
    stamp = artifacts.model_stamp(folder)
    with pytest.raises(ModelFileError, match="checksum"):
        artifacts.restore_previous(folder)
    assert artifacts.model_stamp(folder) == stamp and artifacts.load_model(folder, Counter) == Counter(b=2)
    meta = json.loads((previous / META_FILE).read_text(encoding="utf-8"))
    assert meta["artifact_sha256"]


# --- background jobs ----------------------------------------------------------------------------


def test_one_running_job_per_kind(engine: Engine) -> None:
    with engine.begin() as c:
        job = jobs.start(c, "train_model", started_by="a")
    assert job.running and job.progress == 0.0 and job.started_by == "a"
    with pytest.raises(jobs.JobRunning, match="running already") as refused, engine.begin() as c:
        jobs.start(c, "train_model", started_by="b")
    assert refused.value.http_status == 409
    with engine.begin() as c:
        other = jobs.start(c, "another_kind", started_by="b")  # another kind may run beside it
        assert jobs.report(c, job.id, 0.4, "cross-validating")
    with engine.connect() as c:
        found = jobs.latest(c, "train_model")
    assert found is not None and (found.progress, found.step, found.state) == (
        0.4,
        "cross-validating",
        "running",
    )
    with engine.begin() as c:
        assert jobs.finish(c, job.id, {"n_pairs": 3})
        assert not jobs.report(c, job.id, 0.9, "late")  # a finished job stays finished
        assert not jobs.fail(c, job.id, "late")
        again = jobs.start(c, "train_model", started_by="b")
    with engine.connect() as c:
        done = jobs.get(c, job.id)
        newest = jobs.latest(c, "train_model")
    assert (
        done is not None and done.state == "done" and done.result == {"n_pairs": 3} and done.progress == 1.0
    )
    assert newest is not None and newest.id == again.id != other.id
    assert json.dumps(done.as_dict())  # JSON-ready


def test_starting_is_serialised_across_connections(engine: Engine) -> None:
    """Two workers asked at the same instant: exactly one starts a job."""
    barrier = threading.Barrier(4)
    started: list[int] = []
    refused: list[str] = []

    def go() -> None:
        barrier.wait()
        try:
            with engine.begin() as c:
                started.append(jobs.start(c, "train_model", started_by="w").id)
        except jobs.JobRunning as exc:
            refused.append(exc.message)

    threads = [threading.Thread(target=go) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(started) == 1 and len(refused) == 3


def test_a_job_that_stopped_reporting_counts_as_failed(engine: Engine) -> None:
    with engine.begin() as c:
        old = jobs.start(c, "train_model", started_by="a", now=jobs.utcnow() - jobs.STALE_AFTER * 2)
    with engine.connect() as c:
        seen = jobs.latest(c, "train_model")
    assert seen is not None and seen.state == "failed" and seen.error == jobs.STALE_MESSAGE
    with engine.begin() as c:
        new = jobs.start(c, "train_model", started_by="b")  # a dead job does not block a new one
    with engine.connect() as c:
        stored = c.execute(
            text("SELECT state FROM background_jobs WHERE id = :i"), {"i": old.id}
        ).scalar_one()
    assert stored == "failed" and new.running


def test_the_heartbeat_keeps_a_long_step_alive(engine: Engine) -> None:
    with engine.begin() as c:
        job = jobs.start(c, "train_model", started_by="a", now=jobs.utcnow() - jobs.STALE_AFTER / 2)
    with jobs.Heartbeat(engine, job.id, every=0.05):
        time.sleep(0.5)
    with engine.connect() as c:
        seen = jobs.get(c, job.id)
    assert seen is not None and seen.running and seen.heartbeat_at > job.heartbeat_at


# --- the fairness verdict -------------------------------------------------------------------------


def _report(evidence: list[str | None], flagged: list[bool], p: list[float]) -> pd.DataFrame:
    n = len(evidence)
    return pd.DataFrame(
        {
            "attribute": ["gender"] * n,
            "group": [f"g{i}" for i in range(n)],
            "rate": [0.3] * n,
            "ratio_to_best": [0.7] * n,
            "ratio_low": [0.5] * n,
            "ratio_high": [0.9] * n,
            "p_value": p,
            "flagged": flagged,
            "evidence": evidence,
        }
    )


@pytest.mark.parametrize(
    ("evidence", "flagged", "p", "verdict", "readings"),
    [
        (["reference", "below"], [False, True], [np.nan, 0.001], "below", ["beyond_chance"]),
        (["reference", "unclear"], [False, True], [np.nan, 0.01], "unclear", ["gap_reaches_four_fifths"]),
        (["reference", "unclear"], [False, True], [np.nan, 0.4], "unclear", ["maybe_chance"]),
        (["reference", "unclear"], [False, False], [np.nan, 0.4], "unclear", ["not_cleared"]),
        (["reference", "not_below"], [False, False], [np.nan, 0.9], "not_below", []),
        ([None, None], [False, False], [np.nan, np.nan], "too_few", []),
    ],
)
def test_the_fairness_verdict_reads_the_report_as_the_cli(
    evidence: list[str | None], flagged: list[bool], p: list[float], verdict: str, readings: list[str]
) -> None:
    found = modelcard.fairness_verdict(_report(evidence, flagged, p))
    assert found["verdict"] == verdict
    assert [f["reading"] for f in found["findings"]] == readings
    assert json.dumps(found, allow_nan=False)  # NaN became null


# --- the service and its secure side --------------------------------------------------------------


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    tmp = tmp_path_factory.mktemp("modelcard")
    svc = Service(
        Settings(
            database_url=f"sqlite:///{tmp}/t.db",
            data_dir=reference_data_dir(),
            cookie_secure=False,
            secret_key="test",
            model_dir=tmp / "models",
        )
    )
    svc.load_demo_data(scale=0.05, seed=1, folder=tmp / "demo")
    yield svc
    svc.engine.dispose()


def _secure(service: Service, role: str, name: str | None = None) -> SecureService:
    lks_id, system = ("aarhus", "jobcenter") if role == "lks" else (None, None)
    return SecureService(service, auth.Principal(name or f"card-{role}", role, lks_id, system))


def _audit(service: Service, action: str, username: str) -> list[dict[str, Any]]:
    sql = "SELECT * FROM audit_log WHERE action = :a AND username = :u ORDER BY id"
    with service.engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(text(sql), {"a": action, "u": username})]


def wait_for_job(secure: SecureService, timeout: float = WAIT) -> dict[str, Any]:
    """Poll the latest training job until it is no longer running; return it."""
    deadline = time.monotonic() + timeout
    while True:
        job = secure.training_job()
        assert job is not None
        if job["state"] != "running":
            return job
        assert time.monotonic() < deadline, f"the training job is still running after {timeout} s: {job}"
        time.sleep(0.2)


def _train(secure: SecureService) -> dict[str, Any]:
    secure.start_training()
    job = wait_for_job(secure)
    assert job["state"] == "done", job
    return job


@pytest.fixture(scope="module")
def first_card(service: Service) -> dict[str, Any]:
    """The card before anything was trained."""
    return _secure(service, "admin", "card-first").model_card()


def test_the_card_before_any_training(first_card: dict[str, Any]) -> None:
    assert first_card["current"] is None and first_card["previous"] is None
    assert first_card["in_use"] == {
        "name": "rule-based",
        "problem": None,
        "trained_at": None,
        "data_sha256": None,
    }
    assert first_card["features_used"] == list(FEATURES)
    assert first_card["features_never_used"] == ["gender", "birth_year"]
    assert not set(first_card["features_never_used"]) & set(first_card["features_used"])


def test_training_in_the_background_reports_its_steps_and_refuses_a_second(
    service: Service, first_card: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = _secure(service, "admin", "card-trainer")
    steps: list[tuple[float, str]] = []
    real_report = jobs.report

    def recording(connection: Any, job_id: int, progress: float, step: str | None = None, **kw: Any) -> bool:
        steps.append((progress, str(step)))
        return real_report(connection, job_id, progress, step, **kw)

    monkeypatch.setattr(jobs, "report", recording)
    release = threading.Event()
    real_train = service.match_flow.train

    def held(progress: Callable[[float, str], None] | None = None) -> dict[str, Any]:
        assert release.wait(WAIT)
        return real_train(progress=progress)

    monkeypatch.setattr(service.match_flow, "train", held)
    job = admin.start_training()  # returns at once: the training waits for `release`
    assert job["state"] == "running" and job["started_by"] == "card-trainer"
    with pytest.raises(jobs.JobRunning):
        admin.start_training()
    with pytest.raises(jobs.JobRunning):
        admin.restore_previous_model()
    release.set()
    done = wait_for_job(admin)
    assert done["state"] == "done" and done["id"] == job["id"] and done["progress"] == 1.0
    names = [s for _, s in steps]
    for step in (
        "preparing data",
        "reading outcomes",
        "building features",
        "cross-validating",
        "fitting",
        "saving",
    ):
        assert step in names, names
    fractions = [f for f, _ in steps]
    assert fractions == sorted(fractions) and 0 <= fractions[0] and fractions[-1] < 1
    assert done["result"]["n_pairs"] > 0 and len(done["result"]["data_sha256"]) == 64
    assert len(_audit(service, "model_training_started", "card-trainer")) == 1  # not the refused one
    assert _audit(service, "model_trained", "card-trainer")

    card = admin.model_card()
    current = card["current"]
    assert current is not None and card["previous"] is None
    assert card["in_use"]["name"] == "trained" and card["in_use"]["trained_at"] == current["trained_at"]
    assert current["data_sha256"] == done["result"]["data_sha256"]
    assert current["sources"]["imported"] == current["n_pairs"]
    assert {"scikit-learn", "numpy", "pandas", "python"} <= set(current["versions"])
    assert [r["ranker"] for r in current["quality"]] == ["model", "rule_based", "title_only"]
    for row in current["quality"]:
        assert 0 < row["ndcg@10"] <= 1 and 0 < row["roc_auc"] <= 1
    assert sum(b["count"] for b in current["calibration"]) == current["n_pairs"]
    assert json.dumps(card, allow_nan=False)


def test_the_previous_model_is_kept_and_switching_back_changes_what_the_ranker_loads(
    service: Service, first_card: dict[str, Any]
) -> None:
    admin = _secure(service, "admin", "card-switcher")
    if admin.model_card()["current"] is None:
        _train(admin)
    before = admin.model_card()["current"]
    time.sleep(1.1)  # trained_at has whole seconds
    _train(admin)
    card = admin.model_card()
    assert card["previous"]["trained_at"] == before["trained_at"]
    assert card["current"]["trained_at"] != before["trained_at"]
    assert service.match_flow.inputs().scorer.metadata["trained_at"] == card["current"]["trained_at"]

    switched = admin.restore_previous_model()
    assert switched["current"]["trained_at"] == before["trained_at"]
    assert switched["previous"]["trained_at"] == card["current"]["trained_at"]
    assert switched["in_use"]["trained_at"] == before["trained_at"]  # the ranker reloaded
    assert service.match_flow.inputs().scorer.metadata["trained_at"] == before["trained_at"]
    assert service.build_match_flow().inputs().scorer.metadata["trained_at"] == before["trained_at"]
    logged = _audit(service, "model_restored", "card-switcher")
    assert len(logged) == 1 and logged[0]["record_kind"] == "model"


def test_a_failed_training_is_recorded_without_personal_data(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = _secure(service, "admin", "card-failer")

    def broken(progress: Callable[[float, str], None] | None = None) -> dict[str, Any]:
        raise KeyError("P-000123")  # a person id in the message must not reach the job

    monkeypatch.setattr(service.match_flow, "train", broken)
    admin.start_training()
    job = wait_for_job(admin)
    assert job["state"] == "failed" and "KeyError" in job["error"] and "P-000123" not in job["error"]
    logged = _audit(service, "model_training_failed", "card-failer")
    assert len(logged) == 1 and "P-000123" not in str(logged[0]["detail"])


def test_the_fairness_report_and_its_verdict(service: Service) -> None:
    found = _secure(service, "admin", "card-fair").fairness()
    assert {"attribute", "group", "ratio_to_best", "ratio_low", "ratio_high", "evidence"} <= set(
        found["groups"]
    )
    assert found["verdict"] in ("below", "unclear", "not_below", "too_few")
    assert found["verdict"] == modelcard.fairness_verdict(found["groups"])["verdict"]
    assert found["age_date"] and _audit(service, "fairness_audit", "card-fair")


def test_reads_are_audited(service: Service) -> None:
    admin = _secure(service, "admin", "card-reader")
    admin.model_card()
    admin.training_job()
    admin.training_job()
    assert len(_audit(service, "model_card_read", "card-reader")) == 1
    assert len(_audit(service, "model_job_read", "card-reader")) == 2


@pytest.mark.parametrize("role", ["region", "planner", "lks", "guest"])
def test_only_admin_reaches_the_model_and_every_refusal_is_logged(service: Service, role: str) -> None:
    name = f"card-{role}-refused"
    secure = _secure(service, role, name)
    with service.engine.connect() as connection:
        jobs_before = connection.execute(text("SELECT COUNT(*) FROM background_jobs")).scalar_one()
    calls: dict[str, Callable[[], object]] = {
        "model_card": secure.model_card,
        "start_training": secure.start_training,
        "training_job": secure.training_job,
        "restore_previous_model": secure.restore_previous_model,
        "fairness": secure.fairness,
    }
    for method, call in calls.items():
        with pytest.raises(PermissionDenied):
            call()
        assert method  # every one of them refused
    refused = _audit(service, "forbidden", name)
    assert len(refused) == len(calls) and {r["record_kind"] for r in refused} == {"model"}
    assert all(f"role={role}" in str(r["detail"]) for r in refused)
    with service.engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM background_jobs")).scalar_one() == jobs_before
    assert not _audit(service, "fairness_audit", name) and not _audit(service, "model_card_read", name)
