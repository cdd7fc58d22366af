"""The demo's past months: what had happened by the end of each, imported, and its statistics stored.

A demo built today would have one snapshot of the statistics, so the map's trends would show a
single month. :func:`play_months` gives it the months before: for each month-end it imports the
demo files as they stood then - every company and course, the job seekers unemployed by then,
the visits made by then, the needs those visits found (and needs without a visit; all still
open), the outcomes recorded by then - in the files' order, through the ordinary import path,
and stores that day's statistics (the snapshot has that day as its date). The last, full import
of today follows in :meth:`lksmatch.service.Service.load_demo_data`. Only the demo does this:
real data arrive over real months, and their snapshots make the trends by themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from store import files, tabular, validation


def month_ends(today: dt.date, months: int) -> list[dt.date]:
    """The last day of each of the ``months`` months before ``today``'s, oldest first."""
    ends = []
    first = today.replace(day=1)
    for _ in range(months):
        end = first - dt.timedelta(days=1)
        ends.append(end)
        first = end.replace(day=1)
    return ends[::-1]


def as_of(frames: dict[str, pd.DataFrame], day: dt.date) -> dict[str, pd.DataFrame]:
    """The demo files (text, ISO dates) as they stood at the end of ``day``."""
    iso = day.isoformat()
    visits = frames["visits"][frames["visits"]["date"] <= iso]
    needs = frames["needs"]
    needs = needs[(needs["visit_id"] == "") | needs["visit_id"].isin(set(visits["visit_id"]))]
    needs = needs.assign(status=needs["status"].where(needs["status"] == "", "open"))  # all open then
    seekers = frames["jobseekers"]
    seekers = seekers[(seekers["unemployed_since"] == "") | (seekers["unemployed_since"] <= iso)]
    result = {**frames, "visits": visits, "needs": needs, "jobseekers": seekers}
    if "outcomes" in frames:
        outcomes = frames["outcomes"]
        known = outcomes["need_id"].isin(set(needs["need_id"])) & outcomes["person_id"].isin(
            set(seekers["person_id"])
        )
        result["outcomes"] = outcomes[known & (outcomes["date"] != "") & (outcomes["date"] <= iso)]
    return result


def play_months(
    written: dict[str, Path],
    folder: Path,
    *,
    months: int,
    today: dt.date,
    import_file: Callable[[str, Path], object],
    store_statistics: Callable[[dt.date], object],
) -> list[dt.date]:
    """Import the demo files ``written`` as they stood at each of the last ``months`` month-ends
    (through ``import_file(kind, path)``, the files written into ``folder``) and store each day's
    statistics (``store_statistics(day)``); return the days.
    """
    frames = {
        kind: tabular.read_table(path, multiline=validation.multiline_columns(kind))
        for kind, path in written.items()
    }
    days = month_ends(today, months)
    for day in days:
        for kind, frame in as_of(frames, day).items():
            if kind in written and not frame.empty:
                import_file(kind, files.write_table(frame, folder / f"{kind}.csv"))
        store_statistics(day)
    return days
