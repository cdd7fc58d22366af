"""The area statistics use case: the records of the store, counted per area and protected.

:class:`StatisticsFlow` reads the stored records, resolves the needs' occupations, asks for
the good candidates of every open need (the coverage measure), counts every measure
(:func:`stats.measures.compute_area_stats`) and suppresses small counts of people
(:func:`stats.disclosure.protect_area_stats`). The result is kept per data version (an
import, an erasure or a recorded decision starts a new one) and day: the suppression audit
solves many small linear programmes.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine

from lksmatch.geography import Geography
from matching.occupations import OccupationIndex
from matching.resolve import resolve_occupations
from stats import disclosure, measures
from store import repo


@dataclass
class StatisticsFlow:
    """Protected area statistics over ``engine``, kept per data version and day."""

    engine: Engine
    geography: Callable[[], Geography]
    occupations: Callable[[], OccupationIndex]
    good_candidates: Callable[[], pd.Series]
    """Per open hire need id: how many good candidates it has."""
    today: Callable[[], dt.date] = dt.date.today
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _cached: tuple[tuple[int, dt.date], disclosure.ProtectedStats] | None = field(
        default=None, init=False, repr=False
    )

    def area_stats(self) -> disclosure.ProtectedStats:
        """Area statistics for both levels and the region, small people counts suppressed."""
        with self.engine.connect() as connection:
            version = (repo.data_version(connection, repo.STATS_ACTIONS), self.today())
        with self._lock:
            if self._cached is None or self._cached[0] != version:
                self._cached = (version, self.compute())
            return self._cached[1]

    def compute(self) -> disclosure.ProtectedStats:
        """Count and protect the statistics of the stored records now (no cache)."""
        with self.engine.connect() as connection:
            frames = {
                kind: repo.load(connection, kind) for kind in ("companies", "needs", "jobseekers", "offers")
            }
            decisions = repo.load_decisions(connection)
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
            today=self.today(),
        )
        return disclosure.protect_area_stats(raw)
