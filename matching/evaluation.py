"""Ranking quality per need: nDCG@k and recall@k, and folds that keep a need together.

The unit of evaluation is a need: its candidates (for historical data, the people that
were suggested for it, i.e. its outcome rows) are ordered by a score and compared with
what happened to them.

* Graded relevance (:data:`RELEVANCE`): ``hired`` 3, ``interviewed`` 2, ``contacted`` 1,
  ``not_hired`` 0. nDCG@k uses the gain ``2**rel - 1`` and the discount
  ``1 / log2(rank + 1)``, divided by the same sum for the ideal order; a need without
  any relevant candidate has no nDCG and is left out of the mean.
* Positive (:data:`POSITIVE`): ``hired`` or ``interviewed``. recall@k is the share of a
  need's positives ranked in its top k; needs without positives are left out.
* Ties in the score are broken at random (seeded), so a method that cannot tell two
  candidates apart gets the average of the orders it allows, not a lucky one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold

from lksmatch.errors import Problem, ValidationError

#: Graded relevance of an outcome.
RELEVANCE: dict[str, int] = {"hired": 3, "interviewed": 2, "contacted": 1, "not_hired": 0}
#: Outcomes that count as a good suggestion (the learned model's positive class).
POSITIVE = frozenset({"hired", "interviewed"})


def check_outcomes(outcomes: pd.DataFrame) -> pd.DataFrame:
    """``need_id``, ``person_id``, ``outcome`` of valid rows; one row per pair (the best outcome).

    Raises
    ------
    ValidationError
        Listing every row with an unknown outcome or a missing id.
    """
    missing = [c for c in ("need_id", "person_id", "outcome") if c not in outcomes.columns]
    if missing:
        raise ValidationError(f"`outcomes` lacks the column(s) {missing}; it has {list(outcomes.columns)}")
    frame = outcomes.loc[:, ["need_id", "person_id", "outcome"]].astype(str).reset_index(drop=True)
    frame["outcome"] = frame["outcome"].str.strip().str.lower()
    problems = []
    for i, row in enumerate(frame.itertuples(index=False)):
        if row.outcome not in RELEVANCE:
            problems.append(
                Problem(i + 2, "outcome", f"is expected to be one of {list(RELEVANCE)}", str(row.outcome))
            )
        for column in ("need_id", "person_id"):
            if not getattr(row, column).strip() or getattr(row, column) in ("nan", "None"):
                problems.append(Problem(i + 2, column, "is empty"))
    if problems:
        raise ValidationError("the outcomes cannot be used for training", problems)
    frame["relevance"] = frame["outcome"].map(RELEVANCE).astype(int)
    frame = frame.sort_values("relevance", ascending=False, kind="stable")
    frame = frame.drop_duplicates(["need_id", "person_id"]).sort_index().reset_index(drop=True)
    return frame


def rank_order(groups: np.ndarray, scores: np.ndarray, *, seed: int = 0) -> np.ndarray:
    """Row order: by group, then score descending, ties at random (seeded)."""
    tie = np.random.default_rng(seed).random(len(scores))
    codes = pd.factorize(np.asarray(groups), sort=True)[0]
    return np.lexsort((tie, -np.nan_to_num(np.asarray(scores, dtype=float), nan=-np.inf), codes))


def per_need(
    groups: Sequence[str] | np.ndarray,
    relevance: np.ndarray,
    scores: np.ndarray,
    *,
    ks: Sequence[int] = (10,),
    seed: int = 0,
) -> pd.DataFrame:
    """nDCG@k and recall@k for every need (group), one row each.

    Returns columns ``need_id``, ``n_candidates``, ``n_positive``, and ``ndcg@k`` and
    ``recall@k`` for each ``k`` (NaN where undefined, see the module docstring).
    """
    groups = np.asarray(groups)
    relevance = np.asarray(relevance, dtype=float)
    if not (len(groups) == len(relevance) == len(scores)):
        raise ValueError(
            f"`groups`, `relevance` and `scores` have lengths {len(groups)}, {len(relevance)}, "
            f"{len(scores)}; they are expected to be equal"
        )
    order = rank_order(groups, np.asarray(scores), seed=seed)
    g, rel = groups[order], relevance[order]
    first = np.r_[0, np.flatnonzero(g[1:] != g[:-1]) + 1] if len(g) else np.empty(0, dtype=int)
    sizes = np.diff(np.r_[first, len(g)])
    rank = np.arange(len(g)) - np.repeat(first, sizes)
    gain = 2.0**rel - 1
    discount = 1.0 / np.log2(rank + 2.0)
    ideal_gain = (
        np.concatenate([np.sort(gain[s : s + n])[::-1] for s, n in zip(first, sizes, strict=True)])
        if len(g)
        else gain
    )
    positive = rel >= RELEVANCE["interviewed"]
    seg = np.repeat(np.arange(len(first)), sizes)
    out = {
        "need_id": g[first],
        "n_candidates": sizes,
        "n_positive": np.bincount(seg, weights=positive, minlength=len(first)).astype(int),
    }
    for k in ks:
        top = rank < k
        dcg = np.bincount(seg, weights=gain * discount * top, minlength=len(first))
        idcg = np.bincount(seg, weights=ideal_gain * discount * top, minlength=len(first))
        hits = np.bincount(seg, weights=positive * top, minlength=len(first))
        with np.errstate(invalid="ignore", divide="ignore"):
            out[f"ndcg@{k}"] = np.where(idcg > 0, dcg / idcg, np.nan)
            out[f"recall@{k}"] = np.where(out["n_positive"] > 0, hits / out["n_positive"], np.nan)
    return pd.DataFrame(out)


def summarise(table: pd.DataFrame) -> dict[str, float]:
    """Mean of every metric column of :func:`per_need` over the needs where it is defined."""
    return {c: float(table[c].mean()) for c in table.columns if c.startswith(("ndcg@", "recall@"))}


def need_folds(
    groups: Sequence[str] | np.ndarray, n_splits: int = 5, *, seed: int = 0
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(train rows, test rows) of a shuffled group k-fold: a need is never split."""
    groups = np.asarray(groups)
    n_groups = len(np.unique(groups))
    if n_groups < 2:
        raise ValidationError(f"cross-validation needs outcomes of at least 2 needs; got {n_groups}")
    folds = GroupKFold(n_splits=min(n_splits, n_groups), shuffle=True, random_state=seed)
    yield from folds.split(np.zeros((len(groups), 1)), groups=groups)
