"""The model's administration, part of :class:`lksmatch.service.Service`: the model card, training in
the background, switching back to the previous model, the fairness report's data.

* :meth:`ModelAdmin.model_card`: what the model folder holds now and before (the metadata that
  :func:`matching.model.train` and :meth:`lksmatch.matchflow.MatchFlow.train` wrote: when, on
  what, library versions, the cross-validated comparison with the rule-based ranker and the
  title-only ranking, the calibration table), which ranker answers right now and why, the
  features used and those never used (:data:`NEVER_USED`), and the latest training job.
* :meth:`ModelAdmin.start_training`: a row in ``background_jobs`` (:mod:`store.jobs`; one
  running training at a time, across every worker) and a daemon thread in this process that
  trains and reports its steps there; the request that started it returns at once. The thread
  catches everything: a failure marks the job ``failed`` with a message that holds no personal
  data (the headline of an application error, else the exception's class; the traceback goes
  to the server's log).
* :meth:`ModelAdmin.restore_previous_model`: :func:`store.artifacts.restore_previous`; every
  worker reloads on its next request (the model stamp changes).
* :meth:`ModelAdmin.fairness`: :meth:`Service.fairness_report` and its verdict
  (:func:`fairness_verdict`, the reading of ``lksmatch audit fairness``).

What they change is written to the audit log (``model_training_started``, ``model_trained``,
``model_training_failed``, ``model_restored``) with who asked.
"""

from __future__ import annotations

import logging
import math
import threading
from typing import TYPE_CHECKING, Any

import pandas as pd
from sqlalchemy import Engine

from lksmatch.config import Settings
from lksmatch.errors import AppError, ReferenceDataError
from store import jobs, repo

if TYPE_CHECKING:
    from lksmatch.matchflow import MatchFlow

#: The ``kind`` of a training job in ``background_jobs``.
TRAINING_JOB = "train_model"
#: Attributes of a person that the ranking never uses: they exist only for the fairness audit.
NEVER_USED = ("gender", "birth_year")
#: The rankers of the card's quality table, in the order shown.
QUALITY_RANKERS = ("model", "rule_based", "title_only")
#: The measures of the quality table.
QUALITY_MEASURES = ("ndcg@10", "recall@10", "roc_auc")
#: The job result's fields, copied from the new model's metadata.
RESULT_FIELDS = ("trained_at", "data_sha256", "n_pairs", "n_needs", "n_positive", "sources")
#: Significance level of the fairness verdict's reading of a flag (as ``lksmatch audit fairness``).
ALPHA = 0.05
_LOG = logging.getLogger(__name__)


def json_ready(value: Any) -> Any:
    """``value`` (nested dicts and lists) with non-finite floats as ``None``: valid JSON everywhere."""
    if isinstance(value, dict):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def quality_rows(metadata: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The cross-validated quality of each ranker on the same folds: ``ranker`` and :data:`QUALITY_MEASURES`.

    A ranker the metadata does not hold (a model trained before the title-only comparison) is
    left out; a measure it lacks is ``None``.
    """
    cv = (metadata or {}).get("cv")
    if not isinstance(cv, dict):
        return []
    rows = []
    for name in QUALITY_RANKERS:
        found = cv.get(name)
        if not isinstance(found, dict):
            continue
        measures = dict(found)
        if name == "model" and "roc_auc" not in measures:
            measures["roc_auc"] = cv.get("roc_auc")
        rows.append({"ranker": name, **{m: json_ready(measures.get(m)) for m in QUALITY_MEASURES}})
    return rows


def _entry(metadata: dict[str, Any] | None) -> dict[str, Any] | None:
    """One model of the card: its metadata (JSON-ready) and the quality table drawn from it."""
    if metadata is None:
        return None
    entry = json_ready(metadata)
    entry["quality"] = quality_rows(metadata)
    cv = metadata.get("cv")
    entry["calibration"] = json_ready(cv.get("calibration", [])) if isinstance(cv, dict) else []
    return entry


def _job_error(exc: BaseException) -> str:
    """What a failed job says: an application error's headline, else only the exception's class."""
    if isinstance(exc, AppError) and exc.message:
        return exc.message.splitlines()[0][:500]
    return f"training failed ({type(exc).__name__}); the server's log has the details"


def fairness_verdict(report: pd.DataFrame) -> dict[str, Any]:
    """The verdict of a fairness report (:func:`matching.fairness.fairness_report`) and its findings.

    ``verdict`` is ``"below"`` when some group's whole interval is under four fifths (the
    shortfall is not chance), else ``"unclear"`` when some group's interval contains 0.8 (too
    few people to tell), else ``"not_below"`` when every judged group is cleared, and
    ``"too_few"`` when no group could be judged. ``findings`` lists, as ``lksmatch audit
    fairness`` prints them, every flagged or unclear group with its ``reading``:
    ``"beyond_chance"`` (flagged, interval under 0.8), ``"gap_reaches_four_fifths"`` (flagged,
    a gap beyond chance but the interval reaches 0.8), ``"maybe_chance"`` (flagged, not
    distinguishable from equal rates) or ``"not_cleared"`` (not flagged, interval contains 0.8).
    """
    evidence = report["evidence"].fillna("") if "evidence" in report else pd.Series(dtype=str)
    if (evidence == "below").any():
        verdict = "below"
    elif (evidence == "unclear").any():
        verdict = "unclear"
    elif (evidence == "not_below").any():
        verdict = "not_below"
    else:
        verdict = "too_few"
    findings = []
    for row in report[report["flagged"].astype(bool) | (evidence == "unclear")].to_dict("records"):
        if not row["flagged"]:
            reading = "not_cleared"
        elif row["evidence"] == "below":
            reading = "beyond_chance"
        elif row["p_value"] < ALPHA:
            reading = "gap_reaches_four_fifths"
        else:
            reading = "maybe_chance"
        found = {k: row.get(k) for k in ("attribute", "group", "rate", "ratio_to_best", "ratio_low",
                                         "ratio_high", "p_value", "evidence")}
        findings.append(json_ready({**found, "flagged": bool(row["flagged"]), "reading": reading}))
    return {"verdict": verdict, "findings": findings}


class ModelAdmin:
    """The model-card methods of the service (mixed into :class:`lksmatch.service.Service`)."""

    settings: Settings

    if TYPE_CHECKING:  # provided by the service

        @property
        def engine(self) -> Engine:
            """The service's database engine."""
            ...

        @property
        def match_flow(self) -> MatchFlow:
            """The service's matching (it trains and knows which ranker answers)."""
            ...

        def fairness_report(self, *, username: str | None = None) -> pd.DataFrame:
            """The person-level fairness report (audited as ``fairness_audit``)."""
            ...

    # --- the card -------------------------------------------------------------------------------

    def model_card(self) -> dict[str, Any]:
        """The model card: ``in_use``, ``current``, ``previous``, the features, the latest ``training``.

        ``in_use`` says which ranker answers right now (``trained`` or ``rule-based``), why a
        trained one is not used (``problem``) and, for a trained one, when it was trained and
        on which data (``trained_at``, ``data_sha256``). ``current`` and ``previous`` are the
        saved models' metadata with their ``quality`` table (:func:`quality_rows`) and
        ``calibration`` bins, or ``None`` (with ``current_problem`` / ``previous_problem`` when
        a file is damaged). ``features_used`` are the learned model's inputs,
        ``features_never_used`` :data:`NEVER_USED`.
        """
        from matching.features import FEATURES
        from store import artifacts  # the model's stack loads with the card, not with the service

        folder = self.settings.model_dir
        card: dict[str, Any] = {"in_use": self._in_use()}
        for key, where in (("current", folder), ("previous", artifacts.previous_folder(folder))):
            try:
                card[key] = _entry(artifacts.load_metadata(where))
                card[f"{key}_problem"] = None
            except ReferenceDataError as exc:
                card[key], card[f"{key}_problem"] = None, exc.message
        current = card["current"] or {}
        used = current.get("features")
        card["features_used"] = [str(f) for f in (used if isinstance(used, list) else FEATURES)]
        card["features_never_used"] = list(NEVER_USED)
        card["training"] = self.training_job()
        return card

    def _in_use(self) -> dict[str, Any]:
        """Which ranker the matching uses now (reloaded when the model file changed)."""
        try:
            data = self.match_flow.inputs()
        except ReferenceDataError as exc:  # a strict service refuses a damaged model outright
            return {"name": "rule-based", "problem": exc.message, "trained_at": None, "data_sha256": None}
        meta = getattr(data.scorer, "metadata", None) if data.model == "trained" else None
        meta = meta if isinstance(meta, dict) else {}
        return {"name": data.model, "problem": data.model_problem, "trained_at": meta.get("trained_at"),
                "data_sha256": meta.get("data_sha256")}

    # --- training in the background -------------------------------------------------------------

    def training_job(self) -> dict[str, Any] | None:
        """The latest training job (``id, state, progress, step, started_by, …``), or ``None``."""
        with self.engine.connect() as connection:
            job = jobs.latest(connection, TRAINING_JOB)
        return None if job is None else job.as_dict()

    def start_training(self, username: str) -> dict[str, Any]:
        """Start training the model in a background thread of this process; return the job at once.

        Raises
        ------
        store.jobs.JobRunning
            When a training job is running already (in any worker): HTTP 409.
        """
        with self.engine.begin() as connection:
            job = jobs.start(connection, TRAINING_JOB, started_by=username, step="queued")
            repo.audit(connection, "model_training_started", username=username, record_kind="model",
                       record_id=str(job.id))
        thread = threading.Thread(
            target=self._run_training, args=(job.id, username), name=f"lksmatch-training-{job.id}",
            daemon=True,
        )
        thread.start()
        return job.as_dict()

    def _report(self, job_id: int, fraction: float, step: str) -> None:
        """One progress step of a job (a failure to record it must not stop the training)."""
        try:
            with self.engine.begin() as connection:
                jobs.report(connection, job_id, fraction, step)
        except Exception:  # noqa: BLE001 (progress is informative; the heartbeat keeps the job alive)
            _LOG.warning("the progress of training job %s could not be recorded", job_id, exc_info=True)

    def _run_training(self, job_id: int, username: str) -> None:
        """The background thread: train, save, record the result; never raises."""
        try:
            with jobs.Heartbeat(self.engine, job_id):
                meta = self.match_flow.train(progress=lambda f, step: self._report(job_id, f, step))
            result = json_ready({k: meta.get(k) for k in RESULT_FIELDS})
            with self.engine.begin() as connection:
                jobs.finish(connection, job_id, result)
                repo.audit(connection, "model_trained", username=username, record_kind="model",
                           record_id=str(job_id),
                           detail=f"{meta.get('n_pairs')} pairs, data {str(meta.get('data_sha256'))[:12]}")
        except Exception as exc:  # noqa: BLE001 (the thread must record every failure, then end)
            _LOG.error("training job %s failed (%s)", job_id, type(exc).__name__, exc_info=True)
            message = _job_error(exc)
            try:
                with self.engine.begin() as connection:
                    jobs.fail(connection, job_id, message)
                    repo.audit(connection, "model_training_failed", username=username, record_kind="model",
                               record_id=str(job_id), detail=message)
            except Exception:  # noqa: BLE001 (the database is gone: the heartbeat will go stale)
                _LOG.error("training job %s could not be marked failed", job_id, exc_info=True)

    # --- switching back -------------------------------------------------------------------------

    def restore_previous_model(self, username: str) -> dict[str, Any]:
        """Make the previous model current again (and the current one the previous); return the card.

        Raises
        ------
        NotFoundError
            When no previous model is kept.
        store.jobs.JobRunning
            While a training job runs (it would replace the model again when it ends).
        ModelFileError
            When the previous model's files are damaged (nothing is changed).
        """
        with self.engine.connect() as connection:
            job = jobs.latest(connection, TRAINING_JOB)
        if job is not None and job.running:
            raise jobs.JobRunning("a training job is running; switch back when it has finished")
        from store import artifacts

        meta = artifacts.restore_previous(self.settings.model_dir)
        with self.engine.begin() as connection:
            repo.audit(connection, "model_restored", username=username, record_kind="model",
                       detail=f"trained {meta.get('trained_at')}, data {str(meta.get('data_sha256'))[:12]}")
        return self.model_card()

    # --- fairness -------------------------------------------------------------------------------

    def fairness(self, *, username: str | None = None) -> dict[str, Any]:
        """The fairness report (``groups``, a frame), its ``verdict`` and ``findings``, and ``age_date``.

        See :func:`fairness_verdict`; the report is audited as ``fairness_audit``.
        """
        report = self.fairness_report(username=username)
        age_date = report.attrs.get("age_date")
        return {"groups": report, **fairness_verdict(report),
                "age_date": age_date.isoformat() if age_date is not None else None}
