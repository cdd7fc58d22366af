"""Each domain rule has one definition (lksmatch.rules) and every layer follows it.

The three mutations named by the architecture issue fail here: counting a need past its
deadline as open in the statistics, dropping the ISCO condition of a good candidate, and
letting the LKS shortlist ignore the score after a course.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from lksmatch import rules
from matching import allocation
from stats.measures import compute_area_stats

TODAY = dt.date(2026, 6, 1)


# --- open needs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "deadline", "expected"),
    [
        ("open", None, True),
        ("open", "", True),
        (None, None, True),
        ("", "2026-06-01", True),  # the deadline day itself is still open
        ("open", "2026-05-31", False),  # past the deadline: not open, whatever the status says
        ("cancelled", "2026-12-31", False),
        ("filled", "2026-12-31", False),
        ("open", "not a date", True),  # an unreadable deadline never closes a need
    ],
)
def test_open_needs(status: str | None, deadline: str | None, expected: bool) -> None:
    needs = pd.DataFrame({"need_id": ["n1"], "status": [status], "deadline": [deadline]})
    assert rules.open_needs(needs, TODAY).tolist() == [expected]


def test_open_needs_without_the_columns_are_open() -> None:
    assert rules.open_needs(pd.DataFrame({"need_id": ["a", "b"]}), TODAY).tolist() == [True, True]


def _stats_of(needs: pd.DataFrame) -> pd.DataFrame:
    lks_table = pd.DataFrame({"lks_id": ["skive"], "lks_name": ["Skive"], "municipality_code": ["779"]})
    municipalities = pd.DataFrame({"municipality_code": ["779"], "municipality_name": ["Skive"]})
    companies = pd.DataFrame({"cvr": ["10000009"], "name": ["A"], "municipality_code": ["779"]})
    empty = pd.DataFrame({"person_id": [], "municipality_code": []})
    offers = pd.DataFrame({"offer_id": [], "municipality_code": []})
    decisions = pd.DataFrame({"need_id": [], "person_id": [], "decision": []})
    table = compute_area_stats(
        lks_table=lks_table, municipalities=municipalities, companies=companies, needs=needs,
        jobseekers=empty, offers=offers, decisions=decisions, today=TODAY,
    )
    return table.set_index("area_id")


def test_the_statistics_count_only_needs_open_by_the_rule() -> None:
    """The mutation "the statistics read the status only" fails here (the deadline has passed)."""
    needs = pd.DataFrame(
        {
            "need_id": ["past", "future", "cancelled"],
            "cvr": ["10000009"] * 3,
            "occupation": ["7212"] * 3,
            "status": ["open", "open", "cancelled"],
            "deadline": ["2026-05-01", "2026-07-01", None],
            "count": [2, 3, 4],
        }
    )
    row = _stats_of(needs).loc["skive"]
    assert (row["needs_open"], row["people_asked"], row["companies_with_open_need"]) == (1, 3, 1)


# --- good candidates --------------------------------------------------------------------------


def _ranked(**overrides: list[object]) -> pd.DataFrame:
    base: dict[str, list[object]] = {
        "within_commute": [True],
        "isco_distance": [1],
        "skill_coverage": [0.5],
    }
    return pd.DataFrame({**base, **overrides})


def test_a_good_candidate_on_the_boundary_is_good() -> None:
    assert rules.good_candidates(_ranked()).tolist() == [True]


@pytest.mark.parametrize(
    "overrides",
    [
        {"isco_distance": [2]},  # the mutation "drop the ISCO condition" fails here
        {"within_commute": [False]},
        {"skill_coverage": [0.49]},
    ],
)
def test_each_condition_of_a_good_candidate_counts(overrides: dict[str, list[object]]) -> None:
    assert rules.good_candidates(_ranked(**overrides)).tolist() == [False]


# --- the shortlist values a course by the score after it --------------------------------------


def _candidates() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "need_id": ["n1", "n1"],
            "person_id": ["needs-course", "ready"],
            "score": [0.40, 0.70],
            "offer_ids": ["amu-1", ""],
            "score_after": [0.95, np.nan],
        }
    )


def test_shortlist_pairs_use_the_score_after_the_course() -> None:
    pairs = allocation.shortlist_pairs(_candidates())
    assert pairs["score"].tolist() == [0.95, 0.70]
    assert pairs["offer_id"].tolist() == ["amu-1", ""]


def test_the_shortlist_prefers_the_candidate_who_is_better_after_a_course() -> None:
    """The mutation "the shortlist ignores the score after a course" picks ``ready`` instead."""
    chosen = allocation.allocate(allocation.shortlist_pairs(_candidates()), {"n1": 1}, {"amu-1": 1})
    assert chosen["person_id"].tolist() == ["needs-course"]


def test_without_a_free_seat_the_course_candidate_is_not_chosen() -> None:
    chosen = allocation.allocate(allocation.shortlist_pairs(_candidates()), {"n1": 1}, {"amu-1": 0})
    assert chosen["person_id"].tolist() == ["ready"]


# --- one definition each ----------------------------------------------------------------------


def test_the_schema_and_the_pure_packages_read_the_rules() -> None:
    from matching import features
    from stats import columns
    from store import models

    assert models.DECISIONS is rules.DECISIONS and models.ROLES is rules.ROLES
    assert features.EDUCATION_LEVELS is rules.EDUCATION_LEVELS
    assert columns.LEVELS is rules.LEVELS
    assert list(columns.EDUCATION_LEVELS) == list(rules.EDUCATION_LEVELS)


def test_candidate_filters_narrow_by_commute_education_and_start() -> None:
    ranked = pd.DataFrame(
        {
            "person_id": ["near", "far", "low", "late", "unknown"],
            "within_commute": [True, False, True, True, True],
            "education_level": ["erhvervsfaglig", "lang videregående", "grundskole", "gymnasial", None],
            "education_level_min": ["gymnasial"] * 5,
            "available_from": ["2026-05-01", None, "2026-06-01", "2026-09-02", None],
            "deadline": ["2026-09-01"] * 5,
        }
    )

    def passing(name: str) -> list[str]:
        return ranked.loc[rules.candidate_filter(ranked, name), "person_id"].tolist()

    assert passing("within_commute") == ["near", "low", "late", "unknown"]
    # an unknown level does not meet a minimum; a need without a minimum lets everyone through
    assert passing("education_met") == ["near", "far", "late"]
    assert rules.candidate_filter(ranked.assign(education_level_min=None), "education_met").all()
    # an unknown start date is taken as able to start; a start after the deadline is not
    assert passing("available") == ["near", "far", "low", "unknown"]
    assert rules.candidate_filter(ranked.assign(deadline=None), "available").all()
    with pytest.raises(ValueError, match="no candidate filter"):
        rules.candidate_filter(ranked, "nearby")
