"""Statistics snapshots and job leases (store.snapshots), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine

from store import snapshots
from store.db import make_engine

T0 = dt.datetime(2026, 12, 2, 7, 14, tzinfo=dt.UTC)


def _published() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "level": ["lks", "lks", "region"],
            "area_id": ["aarhus", "skive", "DK-82"],
            "companies": np.array([12, 3, 15], dtype="int64"),
            "coverage_rate": [0.5, np.nan, 0.25],
            "decisions": pd.Series([86, "<5", 86], dtype=object),
            "jobseekers": pd.Series(["x", 7, 90], dtype=object),
        }
    )


def test_a_published_table_comes_back_as_it_went_in() -> None:
    frame = _published()
    back = snapshots.frame_from_json(snapshots.frame_to_json(frame))
    pd.testing.assert_frame_equal(back, frame)
    assert back["decisions"].tolist() == [86, "<5", 86]  # counts stay ints beside the marks


def test_the_last_snapshot_of_each_day_is_kept(engine: Engine) -> None:
    tables = {"table": snapshots.frame_to_json(_published())}
    with engine.begin() as connection:
        assert snapshots.latest_snapshot(connection) is None
        first = snapshots.save_snapshot(connection, data_version=5, stats_date=dt.date(2026, 11, 30),
                                        tables=tables, now=T0 - dt.timedelta(days=2))
        snapshots.save_snapshot(connection, data_version=7, stats_date=dt.date(2026, 12, 2), tables=tables,
                                now=T0)
        last = snapshots.save_snapshot(connection, data_version=9, stats_date=dt.date(2026, 12, 2),
                                       tables=tables, now=T0 + dt.timedelta(hours=1))
    with engine.connect() as connection:
        assert snapshots.latest_snapshot(connection) == last
        assert snapshots.snapshot_history(connection) == [first, last]
        assert snapshots.snapshot_tables(connection, last.id) == tables
    assert last.computed_at == T0 + dt.timedelta(hours=1)


def test_a_lease_has_one_holder_until_freed_or_expired(engine: Engine) -> None:
    with engine.begin() as connection:
        assert snapshots.take_lease(connection, "job", "a", seconds=60, now=T0)
    with engine.begin() as connection:
        assert not snapshots.take_lease(connection, "job", "b", seconds=60, now=T0 + dt.timedelta(seconds=30))
        snapshots.free_lease(connection, "job", "b")  # not b's to free: nothing changes
    with engine.begin() as connection:
        assert not snapshots.take_lease(connection, "job", "b", seconds=60, now=T0 + dt.timedelta(seconds=31))
    with engine.begin() as connection:  # a died: the lease expires by itself
        assert snapshots.take_lease(connection, "job", "b", seconds=60, now=T0 + dt.timedelta(seconds=61))
        snapshots.free_lease(connection, "job", "b")
    with engine.begin() as connection:
        assert snapshots.take_lease(connection, "job", "c", seconds=60, now=T0 + dt.timedelta(seconds=62))


@pytest.mark.parametrize("existing", [False, True])
def test_of_parallel_takers_exactly_one_gets_the_lease(engine: Engine, existing: bool) -> None:
    if existing:  # the row is there (freed): the conditional UPDATE decides
        with engine.begin() as connection:
            snapshots.take_lease(connection, "race", "first", seconds=60, now=T0)
            snapshots.free_lease(connection, "race", "first")
    url = engine.url
    options = engine.dialect.name == "postgresql"
    search_path = None
    if options:
        with engine.connect() as connection:
            search_path = connection.exec_driver_sql("SHOW search_path").scalar_one()
    connect = {"connect_args": {"options": f"-csearch_path={search_path}"}} if options else {}
    engines = [make_engine(url, **connect) for _ in range(6)]  # six "processes", each its own connections
    start = threading.Barrier(len(engines))
    won: list[str] = []

    def take(i: int) -> None:
        start.wait()
        with engines[i].begin() as connection:
            later = T0 + dt.timedelta(minutes=5)
            if snapshots.take_lease(connection, "race", f"p{i}", seconds=60, now=later):
                won.append(f"p{i}")

    threads = [threading.Thread(target=take, args=(i,)) for i in range(len(engines))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for other in engines:
        other.dispose()
    assert len(won) == 1
