"""Statistics snapshots and job leases (store.snapshots), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine

from store import repo, snapshots
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


# --- the statistics flow over stored snapshots: a web-recorded visit recounts the visit columns ---------


TODAY = dt.date(2025, 3, 1)


def _flow(engine: Engine, lks_table: pd.DataFrame, region_munis: pd.DataFrame) -> Any:
    from lksmatch.statistics import StatisticsFlow

    geography: Any = SimpleNamespace(lks_table=lks_table, region=region_munis)

    def no_occupation(text: str, top: int) -> pd.DataFrame:  # resolves nothing: every ISCO group unknown
        return pd.DataFrame()

    return StatisticsFlow(
        engine=engine,
        geography=lambda: geography,
        occupations=lambda: no_occupation,  # type: ignore[arg-type, return-value]
        good_candidates=lambda: pd.Series(dtype="int64"),
        today=lambda: TODAY,
    )


def _store_region(engine: Engine) -> None:
    companies: list[dict[str, Any]] = [
        {"cvr": "10000001", "name": "Herning Stål", "municipality_code": "657",
         "placed_municipality_code": "657", "lks_id": "herning", "growth_company": True},
        {"cvr": "10000002", "name": "Syddjurs Træ", "municipality_code": "706",
         "placed_municipality_code": "706", "lks_id": "djursland", "growth_company": False},
    ]
    needs: list[dict[str, Any]] = [
        {"need_id": "N1", "cvr": "10000001", "occupation": "7212", "project": "vaekst", "status": "filled",
         "lks_id": "herning"},
        {"need_id": "N2", "cvr": "10000002", "occupation": "7212", "project": None, "status": "open",
         "lks_id": "djursland"},
    ]
    visits: list[dict[str, Any]] = [
        {"visit_id": "V1", "cvr": "10000001", "date": dt.date(2025, 1, 10), "systems": "jobcenter",
         "lks_id": "herning"},
        {"visit_id": "V2", "cvr": "10000002", "date": dt.date(2023, 1, 10),  # older than 12 months
         "systems": "jobcenter;erhvervsservice", "lks_id": "djursland"},
    ]
    with engine.begin() as connection:
        for kind, rows in (("companies", companies), ("needs", needs), ("visits", visits)):
            repo.upsert(connection, kind, rows)
        repo.audit(connection, "import", username="admin", detail="test region")


def _area(stats: Any, area_id: str) -> dict[str, Any]:
    table = stats.table
    return dict(table.loc[table["area_id"] == area_id].iloc[0])


def test_a_visit_recorded_in_the_web_app_recounts_the_visit_columns_only(
    engine: Engine, lks_table: pd.DataFrame, region_munis: pd.DataFrame
) -> None:
    _store_region(engine)
    flow = _flow(engine, lks_table, region_munis)
    first = flow.snapshot()
    assert (flow.computations, flow.updates) == (1, 0)
    herning = _area(first.stats, "herning")
    assert (herning["visits_12m"], herning["sambesoeg_12m"], herning["needs_filled_vaekst"]) == (1, 0, 1)
    assert _area(first.stats, "djursland")["visits_12m"] == 0  # its one visit is too old
    with engine.begin() as connection:  # what the web app does when a visit is saved
        repo.upsert(connection, "visits", [
            {"visit_id": "V3", "cvr": "10000001", "date": TODAY, "systems": "jobcenter;uddannelse",
             "lks_id": "herning"},
        ])
        repo.audit(connection, "visit_recorded", username="lks", record_kind="visit", record_id="V3")
    second = flow.snapshot()
    assert second.snapshot_id != first.snapshot_id and second.current
    assert (flow.computations, flow.updates) == (1, 1)  # no full count
    herning = _area(second.stats, "herning")
    assert (herning["visits_12m"], herning["sambesoeg_12m"]) == (2, 1)
    assert herning["share_visits_two_systems"] == 0.5
    assert (_area(second.stats, "DK-82")["visits_12m"], _area(second.stats, "657")["visits_12m"]) == (2, 2)
    full = flow.compute()
    pd.testing.assert_frame_equal(second.stats.table, full.table)
    pd.testing.assert_frame_equal(second.stats.status, full.status)
    with engine.begin() as connection:  # anything else (here: an import) is a full count again
        repo.audit(connection, "import", username="admin")
    flow.snapshot()
    assert (flow.computations, flow.updates) == (2, 1)


def test_a_snapshot_stored_before_the_visit_columns_is_completed_without_a_full_count(
    engine: Engine, lks_table: pd.DataFrame, region_munis: pd.DataFrame
) -> None:
    from lksmatch.statistics import _to_json
    from stats.columns import PARTNERSHIP_COLUMNS
    from stats.disclosure import ProtectedStats

    _store_region(engine)
    flow = _flow(engine, lks_table, region_munis)
    full = flow.compute()
    old = ProtectedStats(table=full.table.drop(columns=list(PARTNERSHIP_COLUMNS)), status=full.status)
    with engine.begin() as connection:
        version = repo.data_version(connection, repo.STATS_ACTIONS)
        for day in (TODAY - dt.timedelta(days=40), TODAY):  # last month's and this morning's, as stored then
            snapshots.save_snapshot(connection, data_version=version, stats_date=day, tables=_to_json(old))
    now = flow.snapshot()
    assert (flow.computations, flow.updates) == (0, 1)
    pd.testing.assert_frame_equal(now.stats.table, full.table)
    assert flow.snapshot().snapshot_id == now.snapshot_id  # complete now: read, not counted again
    trend = flow.trend("lks", "visits_12m")  # last month has no such column: no points, no error
    assert set(trend["month"]) == {TODAY.strftime("%Y-%m")} and len(trend) == 16
    assert len(flow.trend("lks", "companies")) == 32


def test_outcomes_and_enrolments_recorded_in_the_web_app_recount_the_results_only(
    engine: Engine, lks_table: pd.DataFrame, region_munis: pd.DataFrame
) -> None:
    from sqlalchemy import insert

    from store.models import Base

    _store_region(engine)
    flow = _flow(engine, lks_table, region_munis)
    first = flow.snapshot()
    assert _area(first.stats, "herning")["staff_enrolled"] == 0
    with engine.begin() as connection:  # what the web app does: seven staff enrolled, five people hired
        repo.upsert(
            connection, "jobseekers", [{"person_id": f"P{i}", "municipality_code": "657"} for i in range(5)]
        )
        repo.upsert(connection, "offers", [{"offer_id": "O1", "provider": "AMU", "title": "Svejsning"}])
        connection.execute(insert(Base.metadata.tables["enrolments"]), [
            {"need_id": "N1", "offer_id": "O1", "staff": 7, "username": "lks", "created_at": repo.utcnow()},
        ])  # fmt: skip
        repo.audit(connection, "enrolment", username="lks", record_kind="need", record_id="N1")
        repo.upsert(connection, "outcomes", [
            {"need_id": "N1", "person_id": f"P{i}", "outcome": "hired", "date": TODAY} for i in range(5)
        ])  # fmt: skip
        repo.audit(connection, "outcome", username="lks", record_kind="person", record_id="P0")
    second = flow.snapshot()
    assert (flow.computations, flow.updates) == (1, 1)  # no full count
    herning = _area(second.stats, "herning")
    assert (herning["staff_enrolled"], herning["staff_enrolled_vaekst"], herning["people_hired"]) == (7, 7, 5)
    assert _area(second.stats, "657")["people_hired"] == "..", (
        "an event count is not published per municipality"
    )
    full = flow.compute()
    pd.testing.assert_frame_equal(second.stats.table, full.table)
