"""Differencing over time: a decision count hidden today cannot be worked out from the tables
published before and after it (hardening issue, item 10).

The attack of the issue: Randers 86 decisions and the region 174 are published; two
decisions are made in Skive; now Randers is hidden (to protect Skive's ``<5``), the region
says 176 and Aarhus 88, and 176 - 88 - 86 = 2 is Skive's count. The property below is
stronger than "that subtraction fails": over random sequences of decisions, every table
published at every step is the same whatever value from 1 to 4 a hidden count holds, so no
combination of published tables - of any days - can tell those values apart.
"""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from stats.columns import REGION_ID
from stats.disclosure import (
    EVENT_COLUMNS,
    PARTIAL,
    PRIMARY_MARK,
    ProtectedStats,
    protect_area_stats,
)
from stats.measures import compute_area_stats

TODAY = dt.date(2025, 3, 1)


def region_stats(
    lks_table: pd.DataFrame, munis: gpd.GeoDataFrame, decisions_per_municipality: dict[str, tuple[int, int]]
) -> pd.DataFrame:
    """Raw statistics through :func:`compute_area_stats`: ``(decisions, accepted)`` per municipality."""
    companies, needs, decisions = [], [], []
    for code, (made, accepted) in decisions_per_municipality.items():
        if not made:
            continue
        cvr = f"3{int(code):07d}"
        companies.append({"cvr": cvr, "municipality_code": code})
        needs.append({"need_id": f"N{code}", "cvr": cvr})
        for i in range(made):
            decisions.append(
                {"need_id": f"N{code}", "person_id": f"P{code}-{i}",
                 "decision": "accepted" if i < accepted else "contacted"}
            )
    return compute_area_stats(
        lks_table=lks_table,
        municipalities=munis,
        companies=pd.DataFrame(companies),
        needs=pd.DataFrame(needs),
        jobseekers=pd.DataFrame(),
        offers=pd.DataFrame(),
        decisions=pd.DataFrame(decisions),
        today=TODAY,
    )


def with_counts(
    template: pd.DataFrame, lks_table: pd.DataFrame, counts: dict[str, dict[str, int]]
) -> pd.DataFrame:
    """``template`` with the event columns set from per-municipality counts (LKS and region summed)."""
    raw = template.copy()
    munis = lks_table["municipality_code"].astype(str)
    lks_of = dict(zip(munis, lks_table["lks_id"].astype(str), strict=True))
    for column in EVENT_COLUMNS:
        per_muni = counts[column]
        per_lks: dict[str, int] = {}
        for code, n in per_muni.items():
            per_lks[lks_of[code]] = per_lks.get(lks_of[code], 0) + n
        values = []
        for level, area in zip(raw["level"], raw["area_id"].astype(str), strict=True):
            if level == "municipality":
                values.append(per_muni.get(area, 0))
            elif level == "lks":
                values.append(per_lks.get(area, 0))
            else:
                values.append(sum(per_muni.values()))
        raw[column] = np.array(values, dtype="int64")
    return raw


def published(protected: ProtectedStats) -> pd.DataFrame:
    return protected.table[["level", "area_id", *EVENT_COLUMNS]].astype(str)


def lks_value(protected: ProtectedStats, area: str, column: str) -> object:
    return protected.table.loc[protected.table["area_id"] == area, column].item()


def test_the_issues_attack_gives_nothing(lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame) -> None:
    codes = dict(zip(lks_table["lks_id"], lks_table["municipality_code"].astype(str), strict=False))
    before = {codes["randers"]: (86, 40), codes["aarhus"]: (88, 30)}
    after = {**before, codes["skive"]: (2, 1)}
    yesterday = protect_area_stats(region_stats(lks_table, region_munis, before))
    today = protect_area_stats(region_stats(lks_table, region_munis, after))
    assert lks_value(yesterday, "randers", "decisions") == 86  # no longer hidden to protect Skive
    assert lks_value(today, "randers", "decisions") == 86
    assert lks_value(today, "skive", "decisions") == PRIMARY_MARK
    region_yesterday = lks_value(yesterday, REGION_ID, "decisions")
    region_today = lks_value(today, REGION_ID, "decisions")
    assert region_yesterday == region_today == 174  # Skive's two are not in any published figure
    assert today.status.loc[today.table["area_id"] == REGION_ID, "decisions"].item() == PARTIAL
    # the subtraction of the issue now yields 0, whatever Skive holds
    assert region_today - lks_value(today, "aarhus", "decisions") - 86 == 0
    pd.testing.assert_frame_equal(
        published(today).drop(index=today.table.index[today.table["area_id"] == "skive"]),
        published(yesterday).drop(index=yesterday.table.index[yesterday.table["area_id"] == "skive"]),
    )


@pytest.mark.parametrize("seed", range(4))
def test_no_sequence_of_published_tables_tells_a_hidden_count(
    lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    template = region_stats(lks_table, region_munis, {})
    munis = lks_table["municipality_code"].astype(str).tolist()
    lks_of = dict(zip(munis, lks_table["lks_id"].astype(str), strict=True))
    # a start where a few areas have many decisions and the rest none, as in a real region
    made = {code: int(rng.choice([0, 0, 0, 2, 40, 90])) for code in munis}
    counts = {
        "decisions": dict(made),
        "matches_accepted": {code: int(n * rng.uniform(0.2, 0.6)) for code, n in made.items()},
    }
    # the results (people hired, staff enrolled) move with outcomes and enrolments in the same way
    for column in EVENT_COLUMNS:
        counts.setdefault(column, {code: int(n * rng.uniform(0.0, 0.3)) for code, n in made.items()})
    tables: list[pd.DataFrame] = []
    for _step in range(20):
        code = str(rng.choice(munis))
        counts["decisions"][code] += 1
        if rng.random() < 0.4:
            counts["matches_accepted"][code] += 1
        for column in EVENT_COLUMNS[2:]:
            if rng.random() < 0.3:
                counts[column][str(rng.choice(munis))] += 1
        protected = protect_area_stats(with_counts(template, lks_table, counts))
        tables.append(published(protected))
        for column in EVENT_COLUMNS:
            per_lks: dict[str, int] = {}
            for muni, n in counts[column].items():
                per_lks[lks_of[muni]] = per_lks.get(lks_of[muni], 0) + n
            shown = [lks_value(protected, area, column) for area in sorted(per_lks)]
            # what is shown is the truth, and the region is the sum of what is shown
            for area, value in zip(sorted(per_lks), shown, strict=True):
                assert value == (PRIMARY_MARK if 1 <= per_lks[area] <= 4 else per_lks[area])
            assert lks_value(protected, REGION_ID, column) == sum(v for v in shown if not isinstance(v, str))
            # any other hidden value gives the very same published table
            for area, total in per_lks.items():
                if not 1 <= total <= 4:
                    continue
                member = next(m for m in munis if lks_of[m] == area)
                for other in rng.permutation(sorted({1, 2, 3, 4} - {total}))[:1].tolist():
                    changed = {c: dict(v) for c, v in counts.items()}
                    others = sum(n for m, n in counts[column].items() if lks_of[m] == area and m != member)
                    if other < others:
                        continue  # the area's other municipalities alone hold more than that
                    changed[column][member] = other - others
                    if column == "decisions":  # accepted matches never exceed decisions
                        changed["matches_accepted"][member] = min(
                            changed["matches_accepted"][member], changed[column][member]
                        )
                    elif column == "matches_accepted" and (
                        changed["decisions"][member] < changed[column][member]
                    ):
                        continue
                    alternative = protect_area_stats(with_counts(template, lks_table, changed))
                    pd.testing.assert_frame_equal(published(alternative)[["level", "area_id", column]],
                                                  tables[-1][["level", "area_id", column]])
    assert len(tables) == 20
