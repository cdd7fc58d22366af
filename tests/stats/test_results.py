"""People hired and staff enrolled per municipality (stats.results), and how they are published."""

from __future__ import annotations

import pandas as pd

from stats.columns import MEASURES, PEOPLE_COLUMNS, RESULT_COLUMNS
from stats.disclosure import EVENT_COLUMNS
from stats.results import result_measures

INDEX = pd.Index(["751", "791"], name="municipality_code")
BY_CVR = pd.Series({"1": "751", "2": "791", "3": ""})  # company 3 is placed outside the region
NEEDS = pd.DataFrame(
    {
        "need_id": ["A", "B", "C", "D"],
        "cvr": ["1", "1", "2", "3"],
        "project": ["erhvervsfaglig", "vaekst", None, None],
    }
)


def test_hires_count_pairs_once_and_enrolments_count_staff_by_programme() -> None:
    outcomes = pd.DataFrame(
        {
            "need_id": ["A", "A", "A", "B", "C", "C", "D", "X"],
            "person_id": ["p", "p", "q", "r", "s", "t", "u", "v"],
            "outcome": ["hired", "hired", "interviewed", "hired", "hired", "not_hired", "hired", "hired"],
        }
    )
    enrolments = pd.DataFrame({"need_id": ["A", "B", "B", "C", "D", "C"], "staff": [2, 3, 1, 4, 9, None]})
    got = result_measures(outcomes, enrolments, NEEDS, BY_CVR, INDEX)
    assert got.loc["751"].to_dict() == {
        "people_hired": 2,  # p once (hired twice for A), r; q was only interviewed
        "people_hired_erhvervsfaglig": 1,
        "staff_enrolled": 6,
        "staff_enrolled_vaekst": 4,
        "staff_enrolled_erhvervsfaglig": 2,
    }
    # outside the region (D) or an unknown need (X) is not counted; a job seeker enrolled is no staff
    assert got.loc["791"].to_dict() == {
        "people_hired": 1, "people_hired_erhvervsfaglig": 0, "staff_enrolled": 4,
        "staff_enrolled_vaekst": 0, "staff_enrolled_erhvervsfaglig": 0,
    }  # fmt: skip
    assert list(got.columns) == list(RESULT_COLUMNS) and (got.dtypes == "int64").all()


def test_no_outcomes_or_enrolments_count_zero() -> None:
    got = result_measures(None, pd.DataFrame(), NEEDS, BY_CVR, INDEX)
    assert (got.to_numpy() == 0).all() and list(got.index) == list(INDEX)


def test_the_results_are_people_counts_published_as_events() -> None:
    assert set(RESULT_COLUMNS) <= set(PEOPLE_COLUMNS) and set(RESULT_COLUMNS) <= set(EVENT_COLUMNS)
    assert set(RESULT_COLUMNS) <= set(MEASURES)
