"""Background jobs: a long task started from the web app (training the model) and its progress.

A job is a row of ``background_jobs`` (:class:`store.models.BackgroundJob`), so every worker
of the server sees the same progress, whichever worker runs the task. :func:`start` inserts
it as ``running``; the task reports with :func:`report` (progress 0..1 and the step, which
also moves ``heartbeat_at``) and ends with :func:`finish` (``done``, with a JSON result) or
:func:`fail` (``failed``, with a message). :class:`Heartbeat` keeps ``heartbeat_at`` moving
from a thread of its own while a step takes long.

Rules

* **One running job per kind.** :func:`start` refuses (:class:`JobRunning`, HTTP 409) while
  a job of the same kind runs and its heartbeat is fresh. The check and the insert are one
  transaction that holds the writer's lock first (PostgreSQL: an advisory lock per kind;
  SQLite: the database's write lock, taken by the first statement, an ``UPDATE``), so two
  workers asked at the same instant cannot both start one.
* **A job whose heartbeat is older than** :data:`STALE_AFTER` (its process died) counts as
  failed: :func:`latest` and :func:`get` report it so, and the next :func:`start` of its kind
  writes it so.
* A finished or failed job is not changed again (a late report of a job declared stale is
  ignored).

Every function takes a :class:`sqlalchemy.Connection` in a transaction that the caller owns
(``with engine.begin() as connection: ...``), except :class:`Heartbeat`, which opens its own.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import zlib
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, text, update

from lksmatch.errors import UsageError
from store import models
from store.repo import as_utc, utcnow

_JOBS = models.Base.metadata.tables["background_jobs"]
RUNNING, DONE, FAILED = "running", "done", "failed"
#: A running job whose heartbeat is older than this counts as failed (its process stopped).
STALE_AFTER = dt.timedelta(minutes=5)
#: How often :class:`Heartbeat` touches a running job (well inside :data:`STALE_AFTER`).
HEARTBEAT_SECONDS = 30.0
#: The message of a job that stopped reporting.
STALE_MESSAGE = "the job stopped reporting (its process ended or hung); start it again"
#: The longest ``step`` text stored (the column's width).
MAX_STEP = 200
#: Namespace of the PostgreSQL advisory locks taken by :func:`start` (one lock per kind within it).
_LOCK_NAMESPACE = 0x4C4B534D  # "LKSM"
_LOG = logging.getLogger(__name__)


class JobRunning(UsageError):
    """A job of this kind is running already; wait for it to finish (HTTP 409)."""

    http_status = 409


@dataclass(frozen=True)
class Job:
    """One background job as stored (a stale running job already reported as failed)."""

    id: int
    kind: str
    state: str
    progress: float
    step: str | None
    started_by: str | None
    started_at: dt.datetime
    heartbeat_at: dt.datetime
    finished_at: dt.datetime | None
    result: dict[str, Any] | None
    error: str | None

    @property
    def running(self) -> bool:
        """Whether the job is still running."""
        return self.state == RUNNING

    def as_dict(self) -> dict[str, Any]:
        """The job as JSON-ready values (times as ISO text)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "state": self.state,
            "progress": self.progress,
            "step": self.step,
            "started_by": self.started_by,
            "started_at": self.started_at.isoformat(),
            "heartbeat_at": self.heartbeat_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "result": self.result,
            "error": self.error,
        }


def _job(row: Any, now: dt.datetime) -> Job:
    m = row._mapping
    state, error, finished = str(m["state"]), m["error"], m["finished_at"]
    heartbeat = as_utc(m["heartbeat_at"])
    if state == RUNNING and now - heartbeat > STALE_AFTER:
        state, error, finished = FAILED, STALE_MESSAGE, heartbeat
    result = json.loads(m["result"]) if m["result"] else None
    return Job(
        id=int(m["id"]),
        kind=str(m["kind"]),
        state=state,
        progress=float(m["progress"] or 0.0),
        step=m["step"],
        started_by=m["started_by"],
        started_at=as_utc(m["started_at"]),
        heartbeat_at=heartbeat,
        finished_at=as_utc(finished) if finished is not None else None,
        result=result if isinstance(result, dict) else None,
        error=error,
    )


def _lock_kind(connection: Connection, kind: str) -> None:
    """Serialise :func:`start` of one kind for the rest of the transaction."""
    if connection.dialect.name == "postgresql":
        key = (_LOCK_NAMESPACE << 32) | zlib.crc32(kind.encode("utf-8"))
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def start(
    connection: Connection, kind: str, *, started_by: str | None, step: str | None = None,
    now: dt.datetime | None = None,
) -> Job:
    """Insert a running job of ``kind`` and return it.

    Raises
    ------
    JobRunning
        When a job of ``kind`` is running and its heartbeat is fresh.
    """
    now = now or utcnow()
    _lock_kind(connection, kind)
    # marking the stale ones failed is the first write: on SQLite it takes the write lock, so the
    # check below and the insert cannot interleave with another worker's
    connection.execute(
        update(_JOBS)
        .where(_JOBS.c.kind == kind, _JOBS.c.state == RUNNING, _JOBS.c.heartbeat_at < now - STALE_AFTER)
        .values(state=FAILED, error=STALE_MESSAGE, finished_at=now)
    )
    running = connection.execute(
        select(_JOBS.c.id).where(_JOBS.c.kind == kind, _JOBS.c.state == RUNNING).limit(1)
    ).first()
    if running is not None:
        raise JobRunning(f"a {kind} job is running already (job {running[0]}); wait for it to finish")
    result = connection.execute(
        insert(_JOBS).values(
            kind=kind, state=RUNNING, progress=0.0, step=(step or "")[:MAX_STEP] or None,
            started_by=started_by, started_at=now, heartbeat_at=now,
        )
    )
    primary_key = result.inserted_primary_key
    assert primary_key is not None
    found = get(connection, int(primary_key[0]), now=now)
    assert found is not None
    return found


def report(
    connection: Connection, job_id: int, progress: float, step: str | None = None, *,
    now: dt.datetime | None = None,
) -> bool:
    """Record a running job's progress (clipped to 0..1) and step, and its heartbeat.

    Returns whether the job was running (a finished, failed or unknown job is left alone).
    """
    values: dict[str, Any] = {"progress": min(1.0, max(0.0, float(progress))),
                              "heartbeat_at": now or utcnow()}
    if step is not None:
        values["step"] = step[:MAX_STEP]
    return _update_running(connection, job_id, values)


def beat(connection: Connection, job_id: int, *, now: dt.datetime | None = None) -> bool:
    """Move a running job's heartbeat to now; whether it was running."""
    return _update_running(connection, job_id, {"heartbeat_at": now or utcnow()})


def finish(
    connection: Connection, job_id: int, result: dict[str, Any] | None = None, *,
    step: str = "done", now: dt.datetime | None = None,
) -> bool:
    """Mark a running job ``done`` with ``result`` (JSON); whether it was running."""
    now = now or utcnow()
    return _update_running(connection, job_id, {
        "state": DONE, "progress": 1.0, "step": step[:MAX_STEP], "heartbeat_at": now, "finished_at": now,
        "result": json.dumps(result, default=str) if result is not None else None,
    })


def fail(connection: Connection, job_id: int, error: str, *, now: dt.datetime | None = None) -> bool:
    """Mark a running job ``failed`` with the message ``error``; whether it was running."""
    now = now or utcnow()
    return _update_running(
        connection, job_id, {"state": FAILED, "error": error, "heartbeat_at": now, "finished_at": now}
    )


def _update_running(connection: Connection, job_id: int, values: dict[str, Any]) -> bool:
    done = connection.execute(
        update(_JOBS).where(_JOBS.c.id == job_id, _JOBS.c.state == RUNNING).values(**values)
    )
    return bool(done.rowcount)


def get(connection: Connection, job_id: int, *, now: dt.datetime | None = None) -> Job | None:
    """The job ``job_id``, or ``None``."""
    row = connection.execute(select(_JOBS).where(_JOBS.c.id == job_id)).first()
    return None if row is None else _job(row, now or utcnow())


def latest(connection: Connection, kind: str, *, now: dt.datetime | None = None) -> Job | None:
    """The newest job of ``kind`` (started last), or ``None`` when none was ever started."""
    row = connection.execute(
        select(_JOBS).where(_JOBS.c.kind == kind).order_by(_JOBS.c.id.desc()).limit(1)
    ).first()
    return None if row is None else _job(row, now or utcnow())


class Heartbeat:
    """Touch a running job's heartbeat every ``every`` seconds from a daemon thread, while in use.

    ``with Heartbeat(engine, job_id): ...`` - the thread stops when the block ends (or when the
    job is no longer running), so a long step does not make the job look dead.
    """

    def __init__(self, engine: Engine, job_id: int, every: float = HEARTBEAT_SECONDS) -> None:
        self._engine = engine
        self._job_id = job_id
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"lksmatch-job-{job_id}-heartbeat", daemon=True
        )

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            try:
                with self._engine.begin() as connection:
                    if not beat(connection, self._job_id):
                        return
            except Exception:  # noqa: BLE001 (a missed beat is retried; the job itself reports failures)
                _LOG.warning("the heartbeat of job %s could not be recorded", self._job_id, exc_info=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
