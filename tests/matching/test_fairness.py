"""Fairness audit: the four-fifths rule, small groups, and building 'selected' from records."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lksmatch.errors import ValidationError
from matching.fairness import REPORT_COLUMNS, age_band, fairness_report, selections

TODAY = dt.date(2026, 6, 1)


def _people(groups: list[tuple[str, int, int, int]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(gender, birth_year, considered, selected) per group -> (selected frame, seekers)."""
    sel_rows, seekers = [], []
    for gender, birth_year, n, k in groups:
        for i in range(n):
            pid = f"{gender}-{birth_year}-{i}"
            sel_rows.append((pid, i < k))
            seekers.append((pid, gender, birth_year))
    return (
        pd.DataFrame(sel_rows, columns=["person_id", "selected"]),
        pd.DataFrame(seekers, columns=["person_id", "gender", "birth_year"]),
    )


def _row(report: pd.DataFrame, attribute: str, group: str) -> pd.Series:
    found = report[(report["attribute"] == attribute) & (report["group"] == group)]
    assert len(found) == 1, f"{attribute}={group} not in the report"
    return found.iloc[0]


def test_a_biased_dataset_is_flagged() -> None:
    # men 12 of 20 (0.6), women 4 of 20 (0.2): 0.2 / 0.6 < 0.8
    sel, seekers = _people([("mand", 1980, 20, 12), ("kvinde", 1980, 20, 4)])
    report = fairness_report(sel, seekers, today=TODAY)
    assert list(report.columns) == REPORT_COLUMNS
    women, men = _row(report, "gender", "kvinde"), _row(report, "gender", "mand")
    assert women["flagged"] and not men["flagged"]
    assert women["rate"] == pytest.approx(0.2)
    assert women["ratio_to_best"] == pytest.approx(1 / 3)
    assert men["ratio_to_best"] == 1.0


def test_a_fair_dataset_is_not_flagged() -> None:
    sel, seekers = _people([("mand", 1990, 20, 10), ("kvinde", 1990, 22, 11), ("mand", 1960, 10, 5)])
    report = fairness_report(sel, seekers, today=TODAY)
    assert not report["flagged"].any()
    assert _row(report, "age_band", "60+")["n"] == 10
    assert _row(report, "age_band", "30-39")["n"] == 42


def test_age_bias_is_flagged_by_band() -> None:
    # born 1960 -> 66 in 2026 (60+): 2 of 20; born 1996 -> 30 (30-39): 10 of 20
    sel, seekers = _people([("mand", 1960, 20, 2), ("mand", 1996, 20, 10)])
    report = fairness_report(sel, seekers, today=TODAY)
    assert _row(report, "age_band", "60+")["flagged"]
    assert not _row(report, "age_band", "30-39")["flagged"]
    assert not report[report["attribute"] == "gender"]["flagged"].any()


@pytest.mark.parametrize(("women_selected", "flagged"), [(8, False), (7, True)])
def test_the_four_fifths_boundary_is_exact(women_selected: int, flagged: bool) -> None:
    # men 10 of 10 = 1.0; women 8 of 10 = exactly 4/5 (not flagged), 7 of 10 is
    sel, seekers = _people([("mand", 1980, 10, 10), ("kvinde", 1980, 10, women_selected)])
    report = fairness_report(sel, seekers, today=TODAY)
    assert bool(_row(report, "gender", "kvinde")["flagged"]) is flagged


def test_boundary_with_rates_that_floats_get_wrong() -> None:
    # women 4 of 25 = 0.16, men 5 of 25 = 0.2: 0.16 / 0.2 is 0.7999999999999999 in floats, 4/5 exactly
    assert (4 / 25) / (5 / 25) < 0.8
    sel, seekers = _people([("mand", 1980, 25, 5), ("kvinde", 1980, 25, 4)])
    report = fairness_report(sel, seekers, today=TODAY)
    assert not _row(report, "gender", "kvinde")["flagged"]


def test_tiny_groups_are_reported_but_not_judged_nor_disclosed() -> None:
    sel, seekers = _people([("mand", 1980, 20, 10), ("kvinde", 1980, 20, 10), ("andet", 1980, 3, 0)])
    report = fairness_report(sel, seekers, today=TODAY, min_group=5)
    other = _row(report, "gender", "andet")
    assert other["n"] == 3
    assert not other["flagged"]
    assert other["note"] == "too_few"
    assert pd.isna(other["selected"]) and pd.isna(other["rate"]) and pd.isna(other["ratio_to_best"])


def test_a_tiny_group_with_a_perfect_rate_is_not_the_reference() -> None:
    sel, seekers = _people([("mand", 1980, 20, 10), ("kvinde", 1980, 20, 10), ("andet", 1980, 2, 2)])
    report = fairness_report(sel, seekers, today=TODAY)
    assert not report["flagged"].any()
    assert _row(report, "gender", "mand")["ratio_to_best"] == 1.0


def test_unknown_attributes_form_a_group_that_is_never_flagged() -> None:
    sel, seekers = _people([("mand", 1980, 20, 10), ("kvinde", 1980, 20, 10)])
    extra = pd.DataFrame({"person_id": [f"x{i}" for i in range(10)], "selected": [False] * 10})
    report = fairness_report(pd.concat([sel, extra]), seekers, today=TODAY)
    unknown = _row(report, "gender", "unknown")
    assert unknown["n"] == 10 and unknown["note"] == "unknown" and not unknown["flagged"]
    assert _row(report, "age_band", "unknown")["n"] == 10


def test_a_person_counts_once() -> None:
    sel, seekers = _people([("mand", 1980, 10, 5), ("kvinde", 1980, 10, 5)])
    # one man considered for many more needs and rejected each time changes nothing
    repeats = pd.DataFrame({"person_id": ["mand-1980-9"] * 20, "selected": [False] * 20})
    report = fairness_report(pd.concat([sel, repeats]), seekers, today=TODAY)
    assert _row(report, "gender", "mand")["n"] == 10
    assert _row(report, "gender", "mand")["rate"] == 0.5


def test_gender_spelling_is_folded() -> None:
    sel, seekers = _people([("Kvinde", 1980, 5, 1), ("kvinde ", 1981, 5, 1)])
    report = fairness_report(sel, seekers, today=TODAY)
    assert _row(report, "gender", "kvinde")["n"] == 10


@pytest.mark.parametrize(
    ("age", "band"),
    [(17, "under 18"), (18, "18-29"), (29, "18-29"), (30, "30-39"), (59, "50-59"), (60, "60+")],
)
def test_age_bands(age: int, band: str) -> None:
    assert age_band(age) == band


def test_selections_from_outcomes_and_decisions() -> None:
    outcomes = pd.DataFrame(
        {
            "need_id": ["n1", "n1", "n1", "n2"],
            "person_id": ["a", "b", "c", "d"],
            "outcome": ["hired", "interviewed", "contacted", "not_hired"],
        }
    )
    decisions = pd.DataFrame(
        {
            "need_id": ["n1", "n2", "n3", "n3", "n4"],
            "person_id": ["c", "d", "e", "e", "f"],
            "decision": ["rejected", "accepted", "accepted", "rejected", "contacted"],
            "created_at": pd.to_datetime(["2026-01-01"] * 3 + ["2026-02-01", "2026-01-01"]),
        }
    )
    result = selections(outcomes, decisions)
    got = {(r.need_id, r.person_id): r.selected for r in result.itertuples()}
    assert got == {
        ("n1", "a"): True,
        ("n1", "b"): True,
        ("n1", "c"): False,
        ("n2", "d"): True,  # not hired after all, but the team accepted: selected by the team
        ("n3", "e"): False,  # accepted, then rejected: the latest decision counts
        ("n4", "f"): False,
    }


def test_selections_with_one_source_or_none() -> None:
    outcomes = pd.DataFrame({"need_id": ["n1"], "person_id": ["a"], "outcome": ["Hired"]})
    assert selections(outcomes).to_dict("records") == [{"need_id": "n1", "person_id": "a", "selected": True}]
    assert selections().empty


def test_empty_input_gives_an_empty_report() -> None:
    sel, seekers = _people([("mand", 1980, 10, 5)])
    report = fairness_report(sel.iloc[:0], seekers, today=TODAY)
    assert report.empty and list(report.columns) == REPORT_COLUMNS


def test_validation() -> None:
    sel, seekers = _people([("mand", 1980, 10, 5)])
    with pytest.raises(ValidationError, match="lacks the columns"):
        fairness_report(sel.drop(columns="selected"), seekers, today=TODAY)
    with pytest.raises(ValidationError, match="min_group"):
        fairness_report(sel, seekers, today=TODAY, min_group=0)
    with pytest.raises(ValidationError, match="lacks the columns"):
        selections(pd.DataFrame({"need_id": ["n"], "person_id": ["p"]}))
