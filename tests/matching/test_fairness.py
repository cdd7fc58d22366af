"""Fairness audit: the four-fifths rule, small groups, and building 'selected' from records."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from lksmatch.errors import ValidationError
from matching.fairness import REPORT_COLUMNS, age_band, fairness_report, selections, wilson_interval

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
    assert list(result.columns) == ["need_id", "person_id", "selected", "date"]
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
    assert selections(outcomes).to_dict("records") == [
        {"need_id": "n1", "person_id": "a", "selected": True, "date": pd.NaT}
    ]
    assert selections().empty and list(selections().columns) == ["need_id", "person_id", "selected", "date"]


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


# --- chance: intervals, tests and the evidence column ------------------------------------------


def test_a_four_fifths_flag_on_small_groups_is_not_called_significant() -> None:
    # men 3 of 10, women 2 of 10: the rule flags women (0.67 < 0.8), but ten people each say little
    sel, seekers = _people([("mand", 1980, 10, 3), ("kvinde", 1980, 10, 2)])
    women = _row(fairness_report(sel, seekers, today=TODAY), "gender", "kvinde")
    assert women["flagged"]
    assert women["evidence"] == "unclear"
    assert women["p_value"] > 0.05
    assert women["ratio_low"] < 0.8 < women["ratio_high"]
    assert women["ratio_high"] > 1  # not even distinguishable from equal rates


def test_a_large_clear_gap_is_called_significant() -> None:
    sel, seekers = _people([("mand", 1980, 500, 300), ("kvinde", 1980, 500, 150)])
    report = fairness_report(sel, seekers, today=TODAY)
    women, men = _row(report, "gender", "kvinde"), _row(report, "gender", "mand")
    assert women["flagged"] and women["evidence"] == "below"
    assert women["p_value"] < 1e-6
    assert women["ratio_high"] < 0.8
    assert men["evidence"] == "reference" and pd.isna(men["p_value"]) and pd.isna(men["ratio_low"])


def test_an_unflagged_group_is_only_cleared_when_the_interval_allows_it() -> None:
    # the same ratio 0.9 (not flagged) with 20 and with 2,000 people per group
    small, small_seekers = _people([("mand", 1980, 20, 10), ("kvinde", 1980, 20, 9)])
    large, large_seekers = _people([("mand", 1980, 2000, 1000), ("kvinde", 1980, 2000, 900)])
    few = _row(fairness_report(small, small_seekers, today=TODAY), "gender", "kvinde")
    many = _row(fairness_report(large, large_seekers, today=TODAY), "gender", "kvinde")
    assert not few["flagged"] and not many["flagged"]
    assert few["evidence"] == "unclear"  # could hide a shortfall under four fifths
    assert many["evidence"] == "not_below"
    assert many["p_value"] < 0.05  # a real, small gap, and still within four fifths


def test_no_false_alarms_when_selection_does_not_depend_on_the_attributes() -> None:
    # 100 seeded audits of 1,000 people whose selection (p = 0.3) ignores gender and birth year
    rng = np.random.default_rng(20260601)
    flagged = false_alarms = below = 0
    for _ in range(100):
        n = 1000
        seekers = pd.DataFrame(
            {
                "person_id": np.arange(n).astype(str),
                "gender": rng.choice(["kvinde", "mand"], n),
                "birth_year": rng.integers(1962, 2008, n),
            }
        )
        sel = pd.DataFrame({"person_id": seekers["person_id"], "selected": rng.random(n) < 0.3})
        report = fairness_report(sel, seekers, today=TODAY)
        for _, block in report.groupby("attribute"):
            flagged += bool(block["flagged"].any())
            false_alarms += bool((block["p_value"] < 0.05).any())
            below += bool((block["evidence"] == "below").any())
    # the four-fifths rule alone fires often; the adjusted test keeps the family-wise 5 % (plus
    # sampling slack over 200 families), and no chance gap is called "below four fifths"
    assert flagged > 30
    assert false_alarms <= 0.08 * 200
    assert below == 0


def test_shuffling_rows_and_renaming_people_changes_nothing() -> None:
    sel, seekers = _people([("mand", 1960, 40, 10), ("kvinde", 1996, 30, 12), ("Kvinde", 1980, 25, 5)])
    report = fairness_report(sel, seekers, today=TODAY)
    rename = {
        pid: f"x{i}" for i, pid in enumerate(np.random.default_rng(3).permutation(seekers["person_id"]))
    }
    sel2 = sel.sample(frac=1, random_state=1).assign(person_id=lambda f: f["person_id"].map(rename))
    seekers2 = seekers.sample(frac=1, random_state=2).assign(person_id=lambda f: f["person_id"].map(rename))
    pd.testing.assert_frame_equal(fairness_report(sel2, seekers2, today=TODAY), report)


@pytest.mark.parametrize("selected", [0, 1, 7, 19, 20])
def test_intervals_contain_their_estimates(selected: int) -> None:
    sel, seekers = _people([("mand", 1980, 20, 12), ("kvinde", 1980, 20, selected), ("mand", 1960, 30, 9)])
    report = fairness_report(sel, seekers, today=TODAY)
    judged = report[report["note"] == ""]
    assert (judged["rate_low"] >= 0).all() and (judged["rate_high"] <= 1).all()
    assert (judged["rate_low"] <= judged["rate"]).all() and (judged["rate"] <= judged["rate_high"]).all()
    compared = judged[judged["ratio_low"].notna()]
    assert len(compared) >= 1
    assert (compared["ratio_low"] <= compared["ratio_to_best"]).all()
    assert (compared["ratio_to_best"] <= compared["ratio_high"]).all()
    assert ((compared["p_value"] >= 0) & (compared["p_value"] <= 1)).all()


def test_wilson_interval_known_values() -> None:
    low, high = wilson_interval(np.array([0, 5, 10, 0]), np.array([10, 10, 10, 0]))
    assert low[0] == 0 and high[0] == pytest.approx(0.2775, abs=1e-4)
    assert (low[1], high[1]) == (pytest.approx(0.2366, abs=1e-4), pytest.approx(0.7634, abs=1e-4))
    assert low[2] == pytest.approx(0.7225, abs=1e-4) and high[2] == 1
    assert np.isnan(low[3]) and np.isnan(high[3])


def test_the_ratio_interval_widens_with_the_number_of_groups_compared() -> None:
    # the reference is the best of k groups, so the interval covers all k (k - 1) / 2 pairs
    two, two_seekers = _people([("mand", 1980, 100, 50), ("kvinde", 1980, 100, 40)])
    five, five_seekers = _people(
        [("mand", 2000, 100, 50), ("kvinde", 1990, 100, 40), ("mand", 1980, 100, 45)]
        + [("kvinde", 1970, 100, 45), ("mand", 1960, 100, 45)]
    )
    in_two = _row(fairness_report(two, two_seekers, today=TODAY), "gender", "kvinde")
    in_five = _row(fairness_report(five, five_seekers, today=TODAY), "age_band", "30-39")
    assert in_two["ratio_to_best"] == in_five["ratio_to_best"] == pytest.approx(0.8)
    assert in_five["ratio_low"] < in_two["ratio_low"] and in_five["ratio_high"] > in_two["ratio_high"]
    assert in_five["p_value"] > in_two["p_value"]


def test_empty_and_untestable_groups() -> None:
    # nobody selected anywhere: nothing to compare, nothing flagged
    sel, seekers = _people([("mand", 1980, 10, 0), ("kvinde", 1980, 10, 0)])
    report = fairness_report(sel, seekers, today=TODAY)
    assert not report["flagged"].any() and (report["evidence"] == "").all()
    assert report["ratio_to_best"].isna().all() and report["p_value"].isna().all()
    assert (report["rate_low"] == 0).all() and (report["rate_high"] > 0).all()
    # one judged group only: it is the reference, the tiny one is not compared
    sel, seekers = _people([("mand", 1980, 10, 5), ("kvinde", 1980, 3, 0)])
    report = fairness_report(sel, seekers, today=TODAY)
    assert _row(report, "gender", "mand")["evidence"] == "reference"
    tiny = _row(report, "gender", "kvinde")
    assert tiny["evidence"] == "" and pd.isna(tiny["rate_low"]) and pd.isna(tiny["p_value"])
    # a group that selected nobody against one that selected many
    sel, seekers = _people([("mand", 1980, 30, 15), ("kvinde", 1980, 30, 0)])
    women = _row(fairness_report(sel, seekers, today=TODAY), "gender", "kvinde")
    assert women["ratio_to_best"] == 0 and women["ratio_low"] == 0 and women["evidence"] == "below"


# --- age at the time of the record ---------------------------------------------------------------


def test_age_is_taken_at_the_median_recorded_date() -> None:
    seekers = pd.DataFrame(
        {"person_id": ["a", "b", "c"], "gender": "kvinde", "birth_year": [1996, 1996, 1996]}
    )
    sel = pd.DataFrame(
        {
            "person_id": ["a", "b", "b", "c"],
            "selected": [False, True, False, False],
            "date": pd.to_datetime(["2025-05-01", "2025-09-01", "2026-03-01", None]),
        }
    )
    # median of the known days: 2025-09-01 -> born 1996, 29 that year, whatever today is
    report = fairness_report(sel, seekers, today=TODAY, min_group=1)
    assert report.attrs["age_date"] == dt.date(2025, 9, 1)
    assert _row(report, "age_band", "18-29")["n"] == 3
    undated = fairness_report(sel.drop(columns="date"), seekers, today=TODAY, min_group=1)
    assert undated.attrs["age_date"] == TODAY
    assert _row(undated, "age_band", "30-39")["n"] == 3
    all_missing = fairness_report(sel.assign(date=pd.NaT), seekers, today=TODAY, min_group=1)
    assert all_missing.attrs["age_date"] == TODAY


def test_how_often_a_person_was_suggested_does_not_move_them_between_bands() -> None:
    # born 1996; the often-suggested (and selected) were first considered in 2025, when they were 29,
    # the rest only in 2026 (30). Aging each at their own first record would split them by outcome.
    seekers = pd.DataFrame(
        {"person_id": [f"p{i}" for i in range(20)], "gender": "kvinde", "birth_year": 1996}
    )
    often = [(f"p{i}", True, day) for i in range(10) for day in ("2025-11-01", "2026-02-01")]
    once = [(f"p{i}", False, "2026-02-01") for i in range(10, 20)]
    sel = pd.DataFrame(often + once, columns=["person_id", "selected", "date"])
    report = fairness_report(sel, seekers, today=TODAY)
    ages = report[report["attribute"] == "age_band"]
    assert ages["group"].tolist() == ["30-39"] and ages["n"].tolist() == [20]


def test_selections_carry_the_first_date_of_each_pair() -> None:
    outcomes = pd.DataFrame(
        {
            "need_id": ["n1", "n2"],
            "person_id": ["a", "b"],
            "outcome": ["hired", "not_hired"],
            "date": [dt.date(2025, 3, 1), None],
        }
    )
    decisions = pd.DataFrame(
        {
            "need_id": ["n1", "n2", "n2"],
            "person_id": ["a", "b", "b"],
            "decision": ["contacted", "contacted", "accepted"],
            "created_at": [
                dt.datetime(2025, 2, 1, 23, 30, tzinfo=dt.UTC),
                dt.datetime(2025, 6, 2, 9, 0, tzinfo=dt.UTC),
                dt.datetime(2025, 7, 1, 9, 0, tzinfo=dt.UTC),
            ],
        }
    )
    result = selections(outcomes, decisions).set_index("person_id")
    assert result.loc["a", "date"] == pd.Timestamp("2025-02-01")
    assert result.loc["b", "date"] == pd.Timestamp("2025-06-02")
    assert bool(result.loc["b", "selected"])
    texts = outcomes.assign(date=["2025-03-01", ""])
    assert selections(texts).set_index("person_id")["date"].isna().tolist() == [False, True]


def test_confidence_is_validated() -> None:
    sel, seekers = _people([("mand", 1980, 10, 5)])
    for bad in (0, 1, 1.5, True, "0.95"):
        with pytest.raises(ValidationError, match="confidence"):
            fairness_report(sel, seekers, today=TODAY, confidence=bad)  # type: ignore[arg-type]
