"""One shortlist per LKS: capacities are never exceeded and the total score is optimal."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from lksmatch.errors import ValidationError
from matching.allocation import RESULT_COLUMNS, allocate, greedy_allocate


def _pairs(rows: list[tuple[str, str, float] | tuple[str, str, float, str]]) -> pd.DataFrame:
    records = [(*r, "") if len(r) == 3 else r for r in rows]
    return pd.DataFrame(records, columns=["need_id", "person_id", "score", "offer_id"])


def _assert_feasible(
    result: pd.DataFrame, counts: dict[str, int], seats: dict[str, int] | None = None
) -> None:
    assert not result["person_id"].duplicated().any()
    per_need = result["need_id"].value_counts()
    assert all(per_need[n] <= counts[n] for n in per_need.index)
    if seats is not None:
        per_offer = result.loc[result["offer_id"] != "", "offer_id"].value_counts()
        assert all(per_offer[o] <= seats.get(o, 0) for o in per_offer.index)


def test_optimal_where_greedy_is_wrong() -> None:
    candidates = _pairs([("A", "p", 10), ("A", "q", 9), ("B", "p", 9), ("B", "q", 1)])
    counts = {"A": 1, "B": 1}
    greedy = greedy_allocate(candidates, counts)
    assert greedy.attrs["objective"] == 11
    result = allocate(candidates, counts)
    assert list(result.columns) == RESULT_COLUMNS
    assert set(zip(result["need_id"], result["person_id"], strict=True)) == {("A", "q"), ("B", "p")}
    assert result.attrs == {"status": "optimal", "objective": 18.0}


def test_a_person_is_used_at_most_once() -> None:
    candidates = _pairs([("A", "p", 5), ("B", "p", 4), ("C", "p", 3)])
    result = allocate(candidates, {"A": 1, "B": 1, "C": 1})
    assert result[["need_id", "person_id"]].to_numpy().tolist() == [["A", "p"]]


def test_a_need_gets_at_most_its_count() -> None:
    candidates = _pairs([("A", p, s) for p, s in zip("pqrst", [5, 4, 3, 2, 1], strict=True)])
    result = allocate(candidates, {"A": 3})
    assert result["person_id"].tolist() == ["p", "q", "r"]


def test_a_need_with_count_zero_gets_nobody() -> None:
    candidates = _pairs([("A", "p", 5), ("B", "q", 1)])
    result = allocate(candidates, {"A": 0, "B": 1})
    assert result["need_id"].tolist() == ["B"]


def test_course_seats_are_respected() -> None:
    candidates = _pairs([("A", "p", 9, "O1"), ("B", "q", 8, "O1"), ("C", "r", 7, "O1"), ("C", "s", 2)])
    counts = {"A": 1, "B": 1, "C": 1}
    result = allocate(candidates, counts, {"O1": 2})
    _assert_feasible(result, counts, {"O1": 2})
    assert set(result["person_id"]) == {"p", "q", "s"}
    # without a seat limit every first choice is taken
    assert set(allocate(candidates, counts)["person_id"]) == {"p", "q", "r"}


def test_an_offer_without_seats_blocks_its_candidates() -> None:
    candidates = _pairs([("A", "p", 9, "full"), ("A", "q", 1, "unknown"), ("A", "r", 0.5)])
    result = allocate(candidates, {"A": 2}, {"full": 0})
    assert result["person_id"].tolist() == ["r"]


def test_alternative_courses_for_the_same_pair_use_one_seat() -> None:
    candidates = _pairs([("A", "p", 5, "O1"), ("A", "p", 4, "O2"), ("B", "q", 3, "O1")])
    result = allocate(candidates, {"A": 1, "B": 1}, {"O1": 1, "O2": 1})
    assert sorted(zip(result["person_id"], result["offer_id"], strict=True)) == [("p", "O2"), ("q", "O1")]


def test_non_positive_scores_are_never_chosen() -> None:
    candidates = _pairs([("A", "p", 0.0), ("A", "q", -1.0)])
    assert allocate(candidates, {"A": 2}).empty


def test_offer_id_column_is_optional() -> None:
    candidates = pd.DataFrame({"need_id": ["A", "A"], "person_id": ["p", "q"], "score": [1.0, 2.0]})
    result = allocate(candidates, {"A": 1}, {"O1": 1})
    assert result.to_dict("records") == [{"need_id": "A", "person_id": "q", "score": 2.0, "offer_id": ""}]


def test_empty_input() -> None:
    empty = pd.DataFrame(columns=["need_id", "person_id", "score"])
    result = allocate(empty, {})
    assert result.empty
    assert list(result.columns) == RESULT_COLUMNS
    assert result.attrs["status"] == "empty"


def test_row_order_does_not_change_the_answer() -> None:
    rng = np.random.default_rng(3)
    candidates = _random_instance(rng, n_pairs=60, n_needs=8, n_people=15)
    counts = {f"N{i}": int(c) for i, c in enumerate(rng.integers(0, 3, 8))}
    first = allocate(candidates, counts, {"O0": 2, "O1": 1})
    shuffled = candidates.sample(frac=1.0, random_state=7)
    again = allocate(shuffled, counts, {"O0": 2, "O1": 1})
    pd.testing.assert_frame_equal(first, again)


@pytest.mark.parametrize("seed", range(12))
def test_matches_brute_force_on_small_random_instances(seed: int) -> None:
    rng = np.random.default_rng(seed)
    candidates = _random_instance(rng, n_pairs=11, n_needs=4, n_people=5)
    counts = {f"N{i}": int(c) for i, c in enumerate(rng.integers(0, 3, 4))}
    seats = {"O0": int(rng.integers(0, 3)), "O1": 1}
    result = allocate(candidates, counts, seats)
    _assert_feasible(result, counts, seats)
    assert result.attrs["objective"] == pytest.approx(_brute_force(candidates, counts, seats))


def test_validation_names_the_problem() -> None:
    with pytest.raises(ValidationError, match="lacks the columns"):
        allocate(pd.DataFrame({"need_id": ["A"], "score": [1.0]}), {"A": 1})
    with pytest.raises(ValidationError, match="no count for the needs"):
        allocate(_pairs([("A", "p", 1)]), {"B": 1})
    with pytest.raises(ValidationError, match="whole numbers"):
        allocate(_pairs([("A", "p", 1)]), {"A": -1})
    with pytest.raises(ValidationError, match="finite number"):
        allocate(_pairs([("A", "p", float("nan"))]), {"A": 1})
    with pytest.raises(ValidationError, match="time_limit"):
        allocate(_pairs([("A", "p", 1)]), {"A": 1}, time_limit=0)


def _random_instance(rng: np.random.Generator, *, n_pairs: int, n_needs: int, n_people: int) -> pd.DataFrame:
    offers = np.array(["", "", "O0", "O1"])
    frame = pd.DataFrame(
        {
            "need_id": [f"N{i}" for i in rng.integers(0, n_needs, n_pairs)],
            "person_id": [f"P{i}" for i in rng.integers(0, n_people, n_pairs)],
            "score": rng.integers(1, 20, n_pairs).astype(float),
            "offer_id": offers[rng.integers(0, len(offers), n_pairs)],
        }
    )
    return frame.drop_duplicates(["need_id", "person_id", "offer_id"]).reset_index(drop=True)


def _brute_force(candidates: pd.DataFrame, counts: dict[str, int], seats: dict[str, int]) -> float:
    rows: list[tuple[str, str, float, str]] = list(
        zip(
            candidates["need_id"],
            candidates["person_id"],
            candidates["score"],
            candidates["offer_id"],
            strict=True,
        )
    )
    best = 0.0
    for mask in itertools.product([False, True], repeat=len(rows)):
        chosen = [r for r, m in zip(rows, mask, strict=True) if m]
        people = [person for _, person, _, _ in chosen]
        if len(set(people)) < len(people):
            continue
        if any(sum(need == n for need, _, _, _ in chosen) > c for n, c in counts.items()):
            continue
        if any(sum(offer == o for _, _, _, offer in chosen) > s for o, s in seats.items()):
            continue
        best = max(best, sum(score for _, _, score, _ in chosen))
    return best
