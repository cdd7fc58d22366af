"""The area statistics are computed once per data version, and a decision starts a new one."""

from __future__ import annotations

import time
from typing import Any

import pandas as pd

from lksmatch import auth
from lksmatch.access import SecureService


def test_area_stats_are_cached_until_a_decision_is_recorded(web: Any) -> None:
    first = web.service.area_stats()
    assert web.service.area_stats() is first
    admin = SecureService(web.service, auth.Principal("admin", "admin"))
    person = str(admin.candidates(web.home_need, top=1)["person_id"].iloc[0])  # shown, so decidable
    web.service.record_decision(web.home_need, person, "contacted", "test", username="admin")
    after = web.service.area_stats()
    assert after is not first
    home = after.table[(after.table["level"] == "lks") & (after.table["area_id"] == web.home_lks)].iloc[0]
    assert home["decisions"] == "<5" or int(home["decisions"]) >= 5  # counted (hidden while 1-4)


def _other_service(web: Any, **options: Any) -> Any:
    """Another process's service, as it were: its own engine and caches, the same database."""
    from lksmatch.service import Service

    return Service(web.settings, **options)


def test_another_process_reads_the_stored_snapshot_and_does_not_compute(web: Any) -> None:
    mine = web.service.stats_snapshot()
    assert mine.current
    other = _other_service(web)
    try:
        theirs = other.stats_snapshot()
        assert other.statistics.computations == 0
        assert (theirs.snapshot_id, theirs.computed_at) == (mine.snapshot_id, mine.computed_at)
        pd.testing.assert_frame_equal(theirs.stats.table, mine.stats.table)
        pd.testing.assert_frame_equal(theirs.stats.status, mine.stats.status)
    finally:
        other.engine.dispose()


def test_a_server_answers_with_the_last_snapshot_at_once_and_refreshes_behind(web: Any) -> None:
    server = _other_service(web, background_stats=True)
    try:
        before = server.stats_snapshot()
        assert before.current
        admin = SecureService(web.service, auth.Principal("admin", "admin"))
        person = str(admin.candidates(web.home_need, top=2)["person_id"].iloc[-1])
        web.service.record_decision(web.home_need, person, "contacted", "snapshot test", username="admin")
        stale = server.stats_snapshot()  # no waiting: the figures from before, marked as not current
        assert not stale.current and stale.snapshot_id == before.snapshot_id
        deadline = time.monotonic() + 180
        fresh = stale
        while not fresh.current and time.monotonic() < deadline:
            time.sleep(0.5)
            fresh = server.stats_snapshot()
        assert fresh.current and fresh.snapshot_id != before.snapshot_id
        assert fresh.computed_at > before.computed_at
        assert (server.statistics.computations, server.statistics.updates) == (0, 1)  # decisions only
    finally:
        server.engine.dispose()


def test_the_trend_has_one_point_per_month(web: Any) -> None:
    web.service.stats_snapshot()
    trend = web.service.stats_trend("lks", "needs_open")
    assert list(trend.columns) == ["month", "stats_date", "area_id", "area_name", "value"]
    assert trend["month"].nunique() >= 1
    latest = trend[trend["month"] == trend["month"].max()]
    assert len(latest) == 16  # 15 LKS areas and the region


def test_a_history_export_has_one_table_per_period_each_as_published(
    web: Any, client_for: Any, tmp_path: Any
) -> None:
    import datetime as dt
    import io

    from store import snapshots

    now = web.service.stats_snapshot()
    with web.service.engine.begin() as connection:  # a table published 40 days ago, as it was then
        tables = snapshots.snapshot_tables(connection, now.snapshot_id)
        snapshots.save_snapshot(connection, data_version=0, stats_date=now.stats_date - dt.timedelta(days=40),
                                tables=tables, now=now.computed_at - dt.timedelta(days=40))
    try:
        path = web.service.export_stats("lks", "csv", tmp_path / "h.csv", history="day")
        frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str)
        assert list(frame.columns[:2]) == ["period", "level"]
        days = sorted(frame["period"].unique())
        assert len(days) >= 2 and days[-1] == now.stats_date.isoformat()
        assert (frame.groupby("period").size() == 16).all()  # 15 LKS areas and the region, per day
        planner = client_for("planner")
        monthly = planner.get("/api/v1/export/stats?level=lks&format=csv&history=month")
        assert monthly.status_code == 200
        months = pd.read_csv(io.BytesIO(monthly.data), encoding="utf-8-sig", dtype=str)["period"].unique()
        assert len(months) == 2 and all(len(m) == 7 for m in months)
        assert planner.get("/api/v1/export/stats?level=lks&format=csv&history=week").status_code == 400
        assert planner.get("/api/v1/export/stats?level=lks&format=geojson&history=day").status_code == 400
        assert client_for("lks-home").get("/api/v1/export/stats?format=csv&history=day").status_code == 403
    finally:
        with web.service.engine.begin() as connection:
            connection.exec_driver_sql("DELETE FROM stats_snapshots WHERE data_version = 0")


def test_after_decisions_only_the_decision_columns_are_counted_again_and_match_a_full_count(
    web: Any,
) -> None:
    web.service.stats_snapshot()
    stats = web.service.statistics
    computations, updates = stats.computations, stats.updates
    admin = SecureService(web.service, auth.Principal("admin", "admin"))
    person = str(admin.candidates(web.home_need, top=3)["person_id"].iloc[-1])
    # "contacted": an accepted decision that fills the need saves the need too ("need_saved": a full count)
    web.service.record_decision(web.home_need, person, "contacted", "incremental test", username="admin")
    updated = web.service.stats_snapshot()
    assert (stats.computations, stats.updates) == (computations, updates + 1)  # no full count
    full = stats.compute()  # what a full count gives for the same data
    pd.testing.assert_frame_equal(updated.stats.table, full.table)
    pd.testing.assert_frame_equal(updated.stats.status, full.status)


def test_a_visit_recorded_in_the_web_app_counts_in_the_next_snapshot_without_a_full_count(web: Any) -> None:
    from store import repo

    before = web.service.stats_snapshot()
    stats = web.service.statistics
    computations, updates = stats.computations, stats.updates
    day = web.service.today()
    with web.service.engine.connect() as connection:
        companies = repo.load(connection, "companies", lks_id=web.home_lks)
    cvr = str(companies["cvr"].iloc[0])

    def home(snapshot: Any) -> dict[str, Any]:
        table = snapshot.stats.table
        return dict(table[(table["level"] == "lks") & (table["area_id"] == web.home_lks)].iloc[0])

    def record(write: Any) -> None:  # a visit saved in the web app: the row and its audit entry
        with web.service.engine.begin() as connection:
            write(connection)
            repo.audit(connection, "visit_recorded", username="admin", record_kind="visit",
                       record_id="V-stats")

    record(lambda c: repo.upsert(c, "visits", [{"visit_id": "V-stats", "cvr": cvr, "date": day,
                                                "systems": "jobcenter;erhvervsservice;uddannelse",
                                                "lks_id": web.home_lks}]))
    try:
        after = web.service.stats_snapshot()
        assert after.snapshot_id != before.snapshot_id and after.current
        assert (stats.computations, stats.updates) == (computations, updates + 1)  # only the visit columns
        old, new = home(before), home(after)
        assert new["visits_12m"] == old["visits_12m"] + 1
        assert new["sambesoeg_12m"] == old["sambesoeg_12m"] + 1
        assert new["companies_visited_12m"] >= 1 and new["share_visits_three_systems"] > 0
        full = stats.compute()
        pd.testing.assert_frame_equal(after.stats.table, full.table)
        pd.testing.assert_frame_equal(after.stats.status, full.status)
    finally:  # leave the shared demo region as it was
        record(lambda c: c.exec_driver_sql("DELETE FROM visits WHERE visit_id = 'V-stats'"))
    assert home(web.service.stats_snapshot())["visits_12m"] == home(before)["visits_12m"]
