"""One capacity-respecting shortlist across all open needs of an LKS.

:func:`allocate` takes the ranked candidate pairs of every open need of an LKS (the
top-K of each need's independent ranking) and picks a subset that

- uses a person at most once (one person cannot start in two jobs),
- gives a need at most its ``count`` people,
- uses at most the free seats of an education offer, where a candidate only
  qualifies after a course (the pair carries that course's ``offer_id``),

and, among all such subsets, maximises the total match score. The result is a
suggestion for LKS staff to decide on, never a decision.

Why ``milp`` and not ``linear_sum_assignment``
----------------------------------------------
Without seats, the problem is a bipartite b-matching, which
``scipy.optimize.linear_sum_assignment`` solves after expanding each need into
``count`` identical rows. That expansion is a *dense* matrix of (sum of counts) ×
(distinct people): for Aarhus at demo scale 10 about 5,000 × 40,000 cells of which
fewer than 0.05 % are real candidates — gigabytes for a problem whose input is
80,000 pairs — and it cannot express seat limits, which couple pairs of different
needs and people. ``scipy.optimize.milp`` (HiGHS) works on the sparse pairs
directly: one binary variable per pair, one row per person, need and offer. The
seat-free part of the constraint matrix is totally unimodular, so the LP relaxation
is integral (or nearly so with seats) and HiGHS proves optimality at the root node.
HiGHS's presolve is switched off: its probing cost 3–5 s on these models and never
saved a node (measured on 4,000 needs × 20 candidates, 40,000 people, with and without
tight seats: 1–2 s in all, against 5–9 s with presolve). Pairs that cannot be chosen
(score ≤ 0, a need with ``count`` 0, an offer with no free seats) are removed, and
constraints that cannot bind (a person with one pair, a need with no more pairs than
its count, an offer with no more pairs than seats) are left out.

Determinism: the pairs are sorted before the model is built, so the same input in
any row order gives the same model and HiGHS (single-threaded by default for MIP)
the same answer. If the time limit stops HiGHS before it proves optimality, its best
feasible solution is used; if it has none, a greedy allocation (best score first) is
returned. ``result.attrs`` says which: ``status`` (``"optimal"``,
``"time_limit"``, ``"greedy"`` or ``"empty"``) and ``objective`` (the total score).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp

from lksmatch.errors import ValidationError

RESULT_COLUMNS = ["need_id", "person_id", "score", "offer_id"]
_REQUIRED = ["need_id", "person_id", "score"]
DEFAULT_TIME_LIMIT_S = 60.0


def allocate(
    candidates: pd.DataFrame,
    need_counts: Mapping[str, int],
    offer_seats: Mapping[str, int] | None = None,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT_S,
) -> pd.DataFrame:
    """Choose one shortlist for all open needs that respects every capacity.

    Parameters
    ----------
    candidates
        One row per candidate pair: ``need_id``, ``person_id``, ``score`` (higher is
        better; pairs with a score ≤ 0 are never chosen) and, optionally,
        ``offer_id`` — the education offer the person must take to qualify, ``""``
        (or missing) when none. The same (need, person) may appear with different
        offers as alternatives; at most one of them is chosen.
    need_counts
        How many people each need asks for (``count``); every ``need_id`` in
        ``candidates`` must be a key. A count of 0 takes nobody.
    offer_seats
        Free seats per ``offer_id``. ``None`` means seats are not limited. When a
        mapping is given, an offer that is not in it has no free seats, so pairs that
        need it are not chosen.
    time_limit
        Seconds HiGHS may spend; see the module docstring for what happens after.

    Returns
    -------
    pandas.DataFrame
        The chosen pairs with the columns ``need_id``, ``person_id``, ``score``,
        ``offer_id``, sorted by need and then by descending score. ``attrs`` holds
        ``status`` and ``objective``.

    Raises
    ------
    ValidationError
        When a column is missing, a score is not a finite number, a count or seat
        number is negative, a need has no count, or ``time_limit`` is not positive.
    """
    pairs = _validate(candidates, need_counts, offer_seats, time_limit)
    pairs = _feasible_pairs(pairs, need_counts, offer_seats)
    if pairs.empty:
        return _result(pairs, np.zeros(0, dtype=bool), "empty")
    chosen, status = _solve(pairs, need_counts, offer_seats, time_limit)
    return _result(pairs, chosen, status)


def shortlist_pairs(candidates: pd.DataFrame) -> pd.DataFrame:
    """The pairs :func:`allocate` chooses from, for ranked candidates with their suggested course.

    A candidate who needs a course first (``offer_ids`` not empty) uses one of its seats,
    and is valued at the score *after* the course (``score_after``) when there is one;
    every other candidate at their ``score``.

    Parameters
    ----------
    candidates
        ``need_id``, ``person_id``, ``score``, ``offer_ids`` (``""`` = no course) and
        ``score_after`` (NaN when no course closes the gap).

    Returns
    -------
    pandas.DataFrame
        ``need_id``, ``person_id``, ``score``, ``offer_id``.
    """
    course = candidates["offer_ids"].fillna("").astype(str) != ""
    after = pd.to_numeric(candidates["score_after"], errors="coerce")
    return pd.DataFrame(
        {
            "need_id": candidates["need_id"].to_numpy(),
            "person_id": candidates["person_id"].to_numpy(),
            "score": np.where(course & after.notna(), after, candidates["score"]),
            "offer_id": candidates["offer_ids"].fillna("").astype(str).to_numpy(),
        }
    )


def greedy_allocate(
    candidates: pd.DataFrame,
    need_counts: Mapping[str, int],
    offer_seats: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """Best-score-first allocation under the same rules as :func:`allocate`.

    Not optimal (taking the best pair first can block two good ones); it is the
    fallback when HiGHS finds nothing in time, and a baseline for benchmarks.
    """
    pairs = _validate(candidates, need_counts, offer_seats, DEFAULT_TIME_LIMIT_S)
    pairs = _feasible_pairs(pairs, need_counts, offer_seats)
    if pairs.empty:
        return _result(pairs, np.zeros(0, dtype=bool), "empty")
    return _result(pairs, _greedy(pairs, need_counts, offer_seats), "greedy")


def _validate(
    candidates: pd.DataFrame,
    need_counts: Mapping[str, int],
    offer_seats: Mapping[str, int] | None,
    time_limit: float,
) -> pd.DataFrame:
    missing = [c for c in _REQUIRED if c not in candidates.columns]
    if missing:
        raise ValidationError(f"`candidates` lacks the columns {missing}; it has {list(candidates.columns)}")
    if not time_limit > 0:
        raise ValidationError(f"`time_limit` was {time_limit!r} but is expected to be a positive number")
    pairs = pd.DataFrame(
        {
            "need_id": candidates["need_id"].astype(str).to_numpy(),
            "person_id": candidates["person_id"].astype(str).to_numpy(),
            "score": pd.to_numeric(candidates["score"], errors="coerce").to_numpy(dtype=float),
            "offer_id": (
                candidates["offer_id"].fillna("").astype(str).str.strip().to_numpy()
                if "offer_id" in candidates.columns
                else np.full(len(candidates), "", dtype=object)
            ),
        }
    )
    bad = ~np.isfinite(pairs["score"].to_numpy())
    if bad.any():
        rows = np.flatnonzero(bad)[:5].tolist()
        raise ValidationError(f"`score` must be a finite number; it is not in the rows {rows}")
    for name, mapping in (("need_counts", need_counts), ("offer_seats", offer_seats or {})):
        wrong = {k: v for k, v in mapping.items() if not _is_count(v)}
        if wrong:
            shown = dict(list(wrong.items())[:5])
            raise ValidationError(f"`{name}` must map to whole numbers ≥ 0; it has {shown}")
    unknown = sorted(set(pairs["need_id"]) - {str(k) for k in need_counts})
    if unknown:
        raise ValidationError(f"`need_counts` has no count for the needs {unknown[:5]} (of {len(unknown)})")
    return pairs


def _is_count(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | np.integer):
        return int(value) >= 0
    return isinstance(value, float | np.floating) and float(value).is_integer() and float(value) >= 0


def _feasible_pairs(
    pairs: pd.DataFrame, need_counts: Mapping[str, int], offer_seats: Mapping[str, int] | None
) -> pd.DataFrame:
    """Drop pairs that can never be chosen, keep the best duplicate, sort canonically."""
    counts = {str(k): int(v) for k, v in need_counts.items()}
    keep = (pairs["score"] > 0) & (pairs["need_id"].map(counts) > 0)
    if offer_seats is not None:
        seats = {str(k): int(v) for k, v in offer_seats.items()}
        has_seat = pairs["offer_id"].map(seats).fillna(0) > 0
        keep &= (pairs["offer_id"] == "") | has_seat
    pairs = pairs[keep]
    pairs = pairs.sort_values(
        ["need_id", "person_id", "offer_id", "score"], ascending=[True, True, True, False], kind="stable"
    )
    pairs = pairs.drop_duplicates(["need_id", "person_id", "offer_id"], keep="first")
    return pairs.reset_index(drop=True)


def _capacity_rows(
    codes: npt.NDArray[np.intp], capacity: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.float64]]:
    """Constraint rows "sum of the pairs of group g ≤ capacity[g]" that can bind.

    ``codes`` gives each pair's group (−1 = no group). Returns (row of each kept
    pair, kept pair indices, upper bounds of the rows).
    """
    in_group = codes >= 0
    if len(capacity) == 0:
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty, np.zeros(0)
    sizes = np.bincount(codes[in_group], minlength=len(capacity))
    binding = sizes > capacity
    new_row = np.full(len(capacity), -1, dtype=np.intp)
    new_row[binding] = np.arange(int(binding.sum()))
    pair_idx = np.flatnonzero(in_group & binding[np.where(in_group, codes, 0)])
    return new_row[codes[pair_idx]], pair_idx, capacity[binding].astype(float)


def _solve(
    pairs: pd.DataFrame,
    need_counts: Mapping[str, int],
    offer_seats: Mapping[str, int] | None,
    time_limit: float,
) -> tuple[npt.NDArray[np.bool_], str]:
    n = len(pairs)
    person_codes, persons = pd.factorize(pairs["person_id"], sort=True)
    need_codes, needs = pd.factorize(pairs["need_id"], sort=True)
    counts = {str(k): int(v) for k, v in need_counts.items()}
    blocks = [
        _capacity_rows(person_codes, np.ones(len(persons), dtype=np.int64)),
        _capacity_rows(need_codes, np.array([counts[x] for x in needs], dtype=np.int64)),
    ]
    if offer_seats is not None:
        seats = {str(k): int(v) for k, v in offer_seats.items()}
        offer_codes, offers = pd.factorize(pairs["offer_id"].where(pairs["offer_id"] != ""), sort=True)
        blocks.append(_capacity_rows(offer_codes, np.array([seats[x] for x in offers], dtype=np.int64)))

    rows, cols, upper, offset = [], [], [], 0
    for block_rows, block_cols, block_upper in blocks:
        rows.append(block_rows + offset)
        cols.append(block_cols)
        upper.append(block_upper)
        offset += len(block_upper)
    constraints = []
    if offset:
        matrix = sp.csr_array(
            (np.ones(sum(len(c) for c in cols)), (np.concatenate(rows), np.concatenate(cols))),
            shape=(offset, n),
        )
        constraints.append(LinearConstraint(matrix, -np.inf, np.concatenate(upper)))

    result = milp(
        c=-pairs["score"].to_numpy(),
        constraints=constraints,
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        options={"time_limit": float(time_limit), "disp": False, "presolve": False},
    )
    if result.x is None:
        return _greedy(pairs, need_counts, offer_seats), "greedy"
    return np.asarray(result.x) > 0.5, "optimal" if result.status == 0 else "time_limit"


def _greedy(
    pairs: pd.DataFrame, need_counts: Mapping[str, int], offer_seats: Mapping[str, int] | None
) -> npt.NDArray[np.bool_]:
    need_left = {str(k): int(v) for k, v in need_counts.items()}
    seats_left = None if offer_seats is None else {str(k): int(v) for k, v in offer_seats.items()}
    used: set[str] = set()
    chosen = np.zeros(len(pairs), dtype=bool)
    order = np.lexsort((pairs.index.to_numpy(), -pairs["score"].to_numpy()))
    needs, people, offers = (pairs[c].to_numpy() for c in ("need_id", "person_id", "offer_id"))
    for i in order:
        need, person, offer = needs[i], people[i], offers[i]
        if person in used or need_left[need] <= 0:
            continue
        if offer and seats_left is not None:
            if seats_left.get(offer, 0) <= 0:
                continue
            seats_left[offer] -= 1
        used.add(person)
        need_left[need] -= 1
        chosen[i] = True
    return chosen


def _result(pairs: pd.DataFrame, chosen: npt.NDArray[np.bool_], status: str) -> pd.DataFrame:
    out = pairs.loc[chosen, RESULT_COLUMNS].sort_values(
        ["need_id", "score", "person_id"], ascending=[True, False, True], kind="stable"
    )
    out = out.reset_index(drop=True)
    out.attrs["status"] = status
    out.attrs["objective"] = float(out["score"].sum())
    return out
