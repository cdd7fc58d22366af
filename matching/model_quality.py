"""How good the learned ranking is, next to what it replaces: pure functions over held-out scores.

:func:`matching.model.train` cross-validates the model with the needs as groups; this module
scores every ranker on the same held-out rows of the same folds, so the model card can set the
model beside

* the rule-based ranker (:class:`matching.model.RuleBasedRanker`, used before anything is
  learnt), and
* the title-only ranking (:func:`title_only_scores`: the same occupation first, then the
  nearest ISCO-08 code — what a search on the job title alone would give; the baseline of
  ``benchmarks/matching.py``),

each with nDCG@10 and recall@10 over the held-out needs (ties broken at random, averaged over
:data:`TIE_SEEDS` seeds, as the benchmark does) and ROC AUC per fold (:func:`fold_aucs`). The
held-out predictions of the model are also binned (:func:`calibration_bins`): per bin the mean
predicted probability beside the observed share of positives, for the calibration plot.

Nothing here reads or writes a file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from matching import evaluation

#: The names of the rankers in the cross-validated comparison, as keys of ``metadata["cv"]``.
RANKERS = ("model", "rule_based", "title_only")
#: How many tie-breaking seeds the nDCG and recall of each ranker are averaged over.
TIE_SEEDS = 10
#: Equal-width bins of the predicted probability in the calibration table.
CALIBRATION_BINS = 10
#: The progress callback's type: ``(fraction 0..1, step)``.
Progress = Callable[[float, str], None]


def title_only_scores(features: pd.DataFrame | Mapping[str, np.ndarray]) -> np.ndarray:
    """The title-only ranking as a score (higher = better), from two of the pair features.

    ``same_occupation`` first (worth more than any distance), then the ISCO-08 distance
    ``isco_distance`` (0 same unit group … 4 unrelated); an unknown distance ranks below
    "unrelated". Equal scores are ties (broken at random by the evaluation).
    """
    same = np.asarray(features["same_occupation"], dtype=float)
    isco = np.asarray(features["isco_distance"], dtype=float)
    return np.asarray(10.0 * np.nan_to_num(same, nan=0.0) + (4.0 - np.nan_to_num(isco, nan=5.0)))


def fold_aucs(y: np.ndarray, scores: np.ndarray, folds: Sequence[np.ndarray]) -> list[float]:
    """ROC AUC of ``scores`` on the rows of each fold that holds both classes (the others are skipped)."""
    y = np.asarray(y)
    scores = np.asarray(scores, dtype=float)
    out = []
    for rows in folds:
        if len(np.unique(y[rows])) == 2:
            out.append(float(roc_auc_score(y[rows], scores[rows])))
    return out


def ranking_quality(
    groups: np.ndarray,
    relevance: np.ndarray,
    scores: np.ndarray,
    *,
    k: int = 10,
    seed: int = 0,
    tie_seeds: int = TIE_SEEDS,
) -> dict[str, float]:
    """Mean nDCG@k and recall@k over the needs, averaged over ``tie_seeds`` tie-breaking seeds.

    A score that ties many candidates (the title-only ranking) would otherwise be as lucky or
    unlucky as one random order; the average is the expected quality of the orders it allows.
    """
    if len(groups) == 0:
        return {f"ndcg@{k}": float("nan"), f"recall@{k}": float("nan")}
    runs = [
        evaluation.summarise(evaluation.per_need(groups, relevance, scores, ks=(k,), seed=seed + i))
        for i in range(max(1, tie_seeds))
    ]
    return {key: float(np.mean([r[key] for r in runs])) for key in runs[0]}


def compare_rankers(
    table: pd.DataFrame,
    scores: Mapping[str, np.ndarray],
    folds: Sequence[np.ndarray],
    *,
    seed: int = 0,
    tie_seeds: int = TIE_SEEDS,
) -> dict[str, dict[str, object]]:
    """nDCG@10, recall@10 and ROC AUC (mean and per fold) of every ranker on the same held-out rows.

    Parameters
    ----------
    table
        The training table (:func:`matching.model.training_table`): ``need_id``, ``relevance``, ``y``.
    scores
        Ranker name -> one score per row of ``table`` (the model's: its held-out prediction).
    folds
        The held-out rows of each fold that was evaluated; only these rows are scored.
    """
    rows = np.concatenate([np.asarray(f, dtype=int) for f in folds]) if folds else np.zeros(0, dtype=int)
    rows = np.sort(rows)
    groups = table["need_id"].to_numpy()[rows]
    relevance = table["relevance"].to_numpy()[rows]
    y = table["y"].to_numpy()
    out: dict[str, dict[str, object]] = {}
    for name, values in scores.items():
        values = np.asarray(values, dtype=float)
        quality: dict[str, object] = dict(
            ranking_quality(groups, relevance, values[rows], seed=seed, tie_seeds=tie_seeds)
        )
        aucs = fold_aucs(y, values, folds)
        quality["roc_auc"] = float(np.mean(aucs)) if aucs else float("nan")
        quality["roc_auc_folds"] = aucs
        out[name] = quality
    return out


def calibration_bins(
    y: np.ndarray, predicted: np.ndarray, n_bins: int = CALIBRATION_BINS
) -> list[dict[str, float]]:
    """The reliability table of predicted probabilities: equal-width bins of [0, 1], empty ones left out.

    Returns one dict per bin that holds predictions: ``low``, ``high`` (the bin's edges; a
    prediction equal to an inner edge belongs to the bin above it, 1.0 to the last bin),
    ``count``, ``mean_predicted`` and ``observed_rate`` (the share of positives). A calibrated
    model has ``observed_rate`` close to ``mean_predicted`` in every bin with enough rows.
    Non-finite predictions are ignored.
    """
    if n_bins < 1:
        raise ValueError(f"`n_bins` was {n_bins} but is expected to be 1 or more")
    y = np.asarray(y, dtype=float)
    predicted = np.asarray(predicted, dtype=float)
    if y.shape != predicted.shape:
        raise ValueError(
            f"`y` has {len(y)} rows but `predicted` {len(predicted)}; they are expected to match"
        )
    keep = np.isfinite(predicted)
    y, predicted = y[keep], np.clip(predicted[keep], 0.0, 1.0)
    edges = np.round(np.linspace(0.0, 1.0, n_bins + 1), 12)
    which = np.minimum(np.searchsorted(edges, predicted, side="right") - 1, n_bins - 1)
    out = []
    for b in range(n_bins):
        inside = which == b
        count = int(inside.sum())
        if count:
            out.append(
                {
                    "low": float(edges[b]),
                    "high": float(edges[b + 1]),
                    "count": count,
                    "mean_predicted": float(predicted[inside].mean()),
                    "observed_rate": float(y[inside].mean()),
                }
            )
    return out


def brier_score(y: np.ndarray, predicted: np.ndarray) -> float:
    """Mean squared gap of the predicted probability and the outcome (0 is perfect); NaN rows skipped."""
    y = np.asarray(y, dtype=float)
    predicted = np.asarray(predicted, dtype=float)
    keep = np.isfinite(predicted)
    return float(np.mean((predicted[keep] - y[keep]) ** 2)) if keep.any() else float("nan")
