"""The area statistics use case: the records of the store, counted per area and protected.

:class:`StatisticsFlow` reads the stored records, resolves the needs' occupations, asks for
the good candidates of every open need (the coverage measure), counts every measure
(:func:`stats.measures.compute_area_stats`) and suppresses small counts of people
(:func:`stats.disclosure.protect_area_stats`).

**Computed once, shared by every process.** The protected result is stored in the database
as a snapshot (:mod:`store.snapshots`) with the data version (an import, an erasure or a
recorded decision starts a new one) and the day it is for, and every worker and command
reads it from there. When only decisions, visits, outcomes or enrolments were recorded in the
web app since the last snapshot (the same day; :data:`RECOUNT_ACTIONS`), only the event columns
(decisions, people hired, staff enrolled: :data:`stats.disclosure.EVENT_COLUMNS`) and the
partnership columns (:data:`stats.columns.PARTNERSHIP_COLUMNS`:
visits and filled needs) are counted again (:func:`stats.disclosure.with_recounted`: they are
protected on their own, or are no counts of people), without preparing any candidates. A
snapshot stored before the partnership columns existed is completed the same way. When the
data have changed otherwise (an import, an erasure, a need saved in the web app):

* a *server* (``background=True``) answers at once with the last snapshot - its date is
  shown on the page - and recomputes in a background thread;
* a *command* (``lksmatch export stats``) or a server with no snapshot at all computes now.

Either way one process computes at a time: the one holding the lease ``area_stats``
(:func:`store.snapshots.take_lease`); the others wait for its snapshot (synchronous) or
leave it to it (background). The last snapshot of every day is kept: the trends.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import Engine

from lksmatch.errors import UsageError
from stats import disclosure
from stats.columns import MEASURES, PARTNERSHIP_COLUMNS
from store import repo, snapshots

if TYPE_CHECKING:  # the counting stack loads when a computation runs, not to read a snapshot
    from lksmatch.geography import Geography
    from matching.occupations import OccupationIndex

_LOG = logging.getLogger(__name__)
#: The lease of the statistics computation, and how long a holder may take before it expires.
LEASE, LEASE_SECONDS = "area_stats", 900.0
#: How often a process waiting for another one's snapshot looks again.
POLL_SECONDS = 0.5
#: The audit actions after which only some columns are counted again (see the module documentation).
RECOUNT_ACTIONS = frozenset({"decision", "visit_recorded", "outcome", "enrolment"})
#: The columns counted again after those actions.
RECOUNT_COLUMNS = (*disclosure.EVENT_COLUMNS, *PARTNERSHIP_COLUMNS)


@dataclass(frozen=True)
class StatsSnapshot:
    """Published statistics and when they were counted.

    ``current``: whether they count the data as they are now (``False``: a newer snapshot is
    being computed; the page says from when its figures are).
    """

    stats: disclosure.ProtectedStats
    computed_at: dt.datetime
    stats_date: dt.date
    data_version: int
    snapshot_id: int
    current: bool


def _holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class StatisticsFlow:
    """Protected area statistics over ``engine``, stored once per data version and day."""

    engine: Engine
    geography: Callable[[], Geography]
    occupations: Callable[[], OccupationIndex]
    good_candidates: Callable[[], pd.Series]
    """Per open hire need id: how many good candidates it has."""
    today: Callable[[], dt.date] = dt.date.today
    background: bool = False
    """Answer with the last snapshot and recompute in a thread (servers); else compute now."""
    computations: int = field(default=0, init=False)
    """How many times this process computed the statistics (the others read a snapshot)."""
    updates: int = field(default=0, init=False)
    """How many times this process recounted only :data:`RECOUNT_COLUMNS` (after decisions or visits)."""
    _holder: str = field(default_factory=_holder, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _refreshing: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _cached: StatsSnapshot | None = field(default=None, init=False, repr=False)

    def area_stats(self) -> disclosure.ProtectedStats:
        """Area statistics for both levels and the region, small people counts suppressed."""
        return self.snapshot().stats

    def snapshot(self) -> StatsSnapshot:
        """The statistics to show now (see the module documentation for when they are computed)."""
        version, latest = self._state()
        if latest is not None and self._is_current(latest, version):
            return self._read(latest, current=True)
        if latest is not None and self.background:
            self._refresh_in_background()
            return self._read(latest, current=False)
        return self.refresh()

    def refresh(self, *, wait: bool = True) -> StatsSnapshot:
        """Make the stored snapshot current: compute it here, or wait for the process computing it.

        With ``wait=False`` a process that finds the lease taken returns the last snapshot at once.
        """
        with self._lock:
            while True:
                version, latest = self._state()
                if latest is not None and self._is_current(latest, version):
                    return self._read(latest, current=True)
                with self.engine.begin() as connection:
                    mine = snapshots.take_lease(connection, LEASE, self._holder, seconds=LEASE_SECONDS)
                if mine:
                    break
                if not wait and latest is not None:
                    return self._read(latest, current=False)
                time.sleep(POLL_SECONDS)
            try:
                version, _ = self._state()  # the version *before* reading: a later write makes it stale
                day = self.today()
                protected = self._recounted(latest, version, day)
                if protected is None:
                    protected = self.compute()
                    self.computations += 1
                else:
                    self.updates += 1
                with self.engine.begin() as connection:
                    info = snapshots.save_snapshot(
                        connection, data_version=version, stats_date=day, tables=_to_json(protected)
                    )
            finally:
                with self.engine.begin() as connection:
                    snapshots.free_lease(connection, LEASE, self._holder)
            self._cached = StatsSnapshot(protected, info.computed_at, day, version, info.id, True)
            return self._cached

    def _is_current(self, latest: snapshots.SnapshotInfo, version: int) -> bool:
        """Whether ``latest`` counts the data as they are today, with every column counted again."""
        if (latest.data_version, latest.stats_date) != (version, self.today()):
            return False
        columns = self._read(latest, current=True).stats.table.columns
        return all(c in columns for c in RECOUNT_COLUMNS)

    def _recounted(
        self, latest: snapshots.SnapshotInfo | None, version: int, day: dt.date
    ) -> disclosure.ProtectedStats | None:
        """The last snapshot with :data:`RECOUNT_COLUMNS` counted again, when decisions and visits
        recorded in the web app are all that changed since it (same day); ``None`` when anything
        else changed (then: a full count).
        """
        if latest is None or latest.stats_date != day:
            return None
        with self.engine.connect() as connection:
            changed = repo.actions_between(connection, latest.data_version, version, repo.STATS_ACTIONS)
            if changed - RECOUNT_ACTIONS:
                return None
            companies, needs = repo.load(connection, "companies"), repo.load(connection, "needs")
            decisions, visits = repo.load_decisions(connection), repo.load_visit_facts(connection)
            outcomes, enrolments = repo.load_result_facts(connection)
        from stats import measures

        geo = self.geography()
        raw = measures.compute_area_stats(
            lks_table=geo.lks_table, municipalities=geo.region, companies=companies,
            needs=needs.drop(columns=["good_candidates"], errors="ignore"), jobseekers=pd.DataFrame(),
            offers=pd.DataFrame(), decisions=decisions, visits=visits, today=day,
            outcomes=outcomes, enrolments=enrolments,
        )
        return disclosure.with_recounted(self.stored(latest.id), raw, RECOUNT_COLUMNS)

    def history(self) -> list[snapshots.SnapshotInfo]:
        """The stored snapshots, one per day, oldest first."""
        with self.engine.connect() as connection:
            return snapshots.snapshot_history(connection)

    def stored(self, snapshot_id: int) -> disclosure.ProtectedStats:
        """The published statistics of one stored snapshot."""
        with self.engine.connect() as connection:
            return _from_json(snapshots.snapshot_tables(connection, snapshot_id))

    def periods(self, period: str) -> list[tuple[str, disclosure.ProtectedStats]]:
        """The published tables per ``day`` (each day's last snapshot) or ``month`` (each month's
        last), oldest first, labelled ``YYYY-MM-DD`` or ``YYYY-MM``.
        """
        if period not in ("day", "month"):
            raise UsageError(f"`history` was {period!r} but is expected to be one of ['day', 'month']")
        pattern = "%Y-%m-%d" if period == "day" else "%Y-%m"
        last: dict[str, snapshots.SnapshotInfo] = {}
        for info in self.history():
            last[info.stats_date.strftime(pattern)] = info
        return [(label, self.stored(info.id)) for label, info in sorted(last.items())]

    def trend(self, level: str, measure: str) -> pd.DataFrame:
        """One published measure per area over time: the last stored snapshot of each month.

        Columns ``month`` (``YYYY-MM``), ``stats_date``, ``area_id``, ``area_name`` and ``value``
        (a count, or its mark where that month's table suppressed it). A month whose table was
        stored before the measure existed (e.g. the partnership measures) has no points.
        """
        last_of_month: dict[str, snapshots.SnapshotInfo] = {}
        for info in self.history():
            last_of_month[info.stats_date.strftime("%Y-%m")] = info
        rows: list[dict[str, object]] = []
        for month, info in sorted(last_of_month.items()):
            table = self.stored(info.id).level(level)
            if measure not in table.columns and measure in MEASURES:
                continue
            if measure not in table.columns:
                raise UsageError(f"`measure` was {measure!r}, which the statistics do not have")
            columns = zip(table["area_id"], table["area_name"], table[measure], strict=True)
            for area_id, name, value in columns:
                rows.append({"month": month, "stats_date": info.stats_date, "area_id": str(area_id),
                             "area_name": str(name), "value": value})
        return pd.DataFrame(rows, columns=["month", "stats_date", "area_id", "area_name", "value"])

    def _state(self) -> tuple[int, snapshots.SnapshotInfo | None]:
        with self.engine.connect() as connection:
            return repo.data_version(connection, repo.STATS_ACTIONS), snapshots.latest_snapshot(connection)

    def _read(self, info: snapshots.SnapshotInfo, *, current: bool) -> StatsSnapshot:
        cached = self._cached
        if cached is None or cached.snapshot_id != info.id:
            cached = StatsSnapshot(
                self.stored(info.id), info.computed_at, info.stats_date, info.data_version, info.id, current
            )
            self._cached = cached
        return cached if cached.current == current else replace(cached, current=current)

    def _refresh_in_background(self) -> None:
        if not self._refreshing.acquire(blocking=False):
            return  # this process is refreshing already

        def run() -> None:
            try:
                self.refresh(wait=False)
            except Exception:  # a failed refresh keeps the last snapshot; the next request tries again
                _LOG.exception("the area statistics could not be refreshed")
            finally:
                self._refreshing.release()

        threading.Thread(target=run, name="lksmatch-stats", daemon=True).start()

    def compute(self) -> disclosure.ProtectedStats:
        """Count and protect the statistics of the stored records now (no cache)."""
        from matching.resolve import resolve_occupations
        from stats import measures

        with self.engine.connect() as connection:
            frames = {
                kind: repo.load(connection, kind) for kind in ("companies", "needs", "jobseekers", "offers")
            }
            decisions, visits = repo.load_decisions(connection), repo.load_visit_facts(connection)
            outcomes, enrolments = repo.load_result_facts(connection)
        needs = frames["needs"].reset_index(drop=True)
        resolved = resolve_occupations(needs["occupation"].fillna("").tolist(), self.occupations())
        needs = needs.assign(isco_code=resolved["isco_code"].to_numpy() if len(needs) else "")
        if len(needs):
            good = self.good_candidates()
            needs["good_candidates"] = needs["need_id"].map(good).fillna(0).astype(int)
        geo = self.geography()
        raw = measures.compute_area_stats(
            lks_table=geo.lks_table,
            municipalities=geo.region,
            companies=frames["companies"],
            needs=needs,
            jobseekers=frames["jobseekers"],
            offers=frames["offers"],
            decisions=decisions,
            visits=visits,
            outcomes=outcomes,
            enrolments=enrolments,
            today=self.today(),
        )
        return disclosure.protect_area_stats(raw)


def _to_json(protected: disclosure.ProtectedStats) -> dict[str, object]:
    return {
        "table": snapshots.frame_to_json(protected.table),
        "status": snapshots.frame_to_json(protected.status),
    }


def _from_json(data: dict[str, object]) -> disclosure.ProtectedStats:
    return disclosure.ProtectedStats(
        table=snapshots.frame_from_json(data["table"]),  # type: ignore[arg-type]
        status=snapshots.frame_from_json(data["status"]),  # type: ignore[arg-type]
    )
