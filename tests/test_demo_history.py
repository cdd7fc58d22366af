"""The demo's past months: each month-end's data imported and its statistics stored, for the trends."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from reference import reference_data_dir

from lksmatch import demo_history
from lksmatch.config import Settings
from lksmatch.service import Service


def test_month_ends_are_the_last_days_of_the_months_before() -> None:
    ends = demo_history.month_ends(dt.date(2026, 3, 15), 3)
    assert ends == [dt.date(2025, 12, 31), dt.date(2026, 1, 31), dt.date(2026, 2, 28)]


def test_the_data_as_they_stood_at_a_day() -> None:
    frames = {
        "companies": pd.DataFrame({"cvr": ["1", "2"]}),
        "visits": pd.DataFrame({"visit_id": ["v1", "v2"], "date": ["2026-01-10", "2026-02-10"]}),
        "needs": pd.DataFrame(
            {"need_id": ["n1", "n2", "n3"], "visit_id": ["v1", "v2", ""], "status": ["filled", "open", ""]}
        ),
        "jobseekers": pd.DataFrame(
            {"person_id": ["p1", "p2"], "unemployed_since": ["2025-06-01", "2026-02-01"]}
        ),
        "outcomes": pd.DataFrame(
            {"need_id": ["n1", "n1", "n2"], "person_id": ["p1", "p2", "p1"], "date": ["2026-01-20"] * 3}
        ),
    }
    then = demo_history.as_of(frames, dt.date(2026, 1, 31))
    assert then["companies"]["cvr"].tolist() == ["1", "2"]  # every company
    assert then["visits"]["visit_id"].tolist() == ["v1"]
    assert then["needs"]["need_id"].tolist() == ["n1", "n3"]  # found by v1, or by no visit
    assert then["needs"]["status"].tolist() == ["open", ""]  # a need was open before it was filled
    assert then["jobseekers"]["person_id"].tolist() == ["p1"]
    assert then["outcomes"][["need_id", "person_id"]].values.tolist() == [["n1", "p1"]]


def test_the_demo_with_history_has_a_trend_of_several_months(tmp_path: Path) -> None:
    service = Service(
        Settings(database_url=f"sqlite:///{tmp_path}/t.db", data_dir=reference_data_dir(), secret_key="t"),
        today=lambda: dt.date(2026, 12, 4),
    )
    service.load_demo_data(scale=0.05, seed=1, folder=tmp_path / "demo", history_months=2)
    service.stats_snapshot()  # today's, after the full import
    trend = service.stats_trend("lks", "needs_open")
    assert sorted(set(trend["month"])) == ["2026-10", "2026-11", "2026-12"]
    dates = sorted(set(trend["stats_date"]))
    assert dates == [dt.date(2026, 10, 31), dt.date(2026, 11, 30), dt.date(2026, 12, 4)]
    today = service.area_stats().level("lks").set_index("area_id")["needs_open"]
    december = trend[trend["month"] == "2026-12"].set_index("area_id")["value"]
    assert december.to_dict() == today.reindex(december.index).to_dict()  # the last month is today's table
    service.engine.dispose()
