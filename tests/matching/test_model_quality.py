"""The model card's quality figures: the title-only ranking, per-fold AUC, calibration bins, and the
cross-validation that sets the model beside the rule-based and the title-only ranking on the same folds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from matching import evaluation, model_quality
from matching.features import FEATURES
from matching.model import _cross_validate
from matching.model_quality import (
    brier_score,
    calibration_bins,
    fold_aucs,
    ranking_quality,
    title_only_scores,
)


def test_title_only_puts_the_same_occupation_first_then_the_nearest_isco_code() -> None:
    features = pd.DataFrame(
        {
            "same_occupation": [1, 0, 0, 0, 0, 1],
            "isco_distance": [2.0, 0.0, 1.0, 4.0, np.nan, np.nan],
        }
    )
    scores = title_only_scores(features)
    order = list(np.argsort(-scores, kind="stable"))
    assert order == [0, 5, 1, 2, 3, 4]  # same occupation first; unknown distance below "unrelated"
    assert scores[3] > scores[4]


def test_fold_aucs_skip_folds_with_one_class() -> None:
    y = np.array([0, 1, 0, 1, 1, 1])
    scores = np.array([0.1, 0.9, 0.8, 0.2, 0.5, 0.6])
    folds = [np.array([0, 1]), np.array([2, 3]), np.array([4, 5])]
    assert fold_aucs(y, scores, folds) == [1.0, 0.0]


def test_calibration_bins_count_and_average_each_bin() -> None:
    y = np.array([0, 0, 1, 1, 1, 0, 1])
    p = np.array([0.05, 0.15, 0.12, 0.5, 0.55, 1.0, np.nan])
    bins = calibration_bins(y, p, n_bins=4)
    assert [(b["low"], b["high"], b["count"]) for b in bins] == [
        (0.0, 0.25, 3),
        (0.5, 0.75, 2),
        (0.75, 1.0, 1),
    ]
    first = bins[0]
    assert first["mean_predicted"] == pytest.approx((0.05 + 0.15 + 0.12) / 3)
    assert first["observed_rate"] == pytest.approx(1 / 3)
    assert bins[1]["observed_rate"] == 1.0 and bins[2]["observed_rate"] == 0.0  # 1.0 is in the last bin
    assert sum(b["count"] for b in bins) == 6  # the NaN prediction is left out
    with pytest.raises(ValueError, match="n_bins"):
        calibration_bins(y, p, n_bins=0)


def test_brier_score() -> None:
    assert brier_score(np.array([1, 0]), np.array([1.0, 0.0])) == 0.0
    assert brier_score(np.array([1, 0, 1]), np.array([0.5, 0.5, np.nan])) == pytest.approx(0.25)


def test_ranking_quality_averages_over_tie_breaks() -> None:
    """A ranker that ties everything gets the average of the orders, not one lucky order."""
    groups = np.array(["a"] * 4)
    relevance = np.array([3, 0, 0, 0])
    tied = ranking_quality(groups, relevance, np.zeros(4), tie_seeds=50)
    perfect = ranking_quality(groups, relevance, np.array([1.0, 0, 0, 0]))
    assert perfect["ndcg@10"] == pytest.approx(1.0)
    one_order = evaluation.summarise(evaluation.per_need(groups, relevance, np.zeros(4), seed=0))["ndcg@10"]
    assert 0.4 < tied["ndcg@10"] < 1.0 and tied["ndcg@10"] != pytest.approx(one_order, abs=1e-9)


def _synthetic_table(n_needs: int = 24, per_need: int = 8, seed: int = 0) -> pd.DataFrame:
    """Pairs whose outcome follows the occupation alone: title-only ranks perfectly, rules nearly."""
    rng = np.random.default_rng(seed)
    n = n_needs * per_need
    same = rng.integers(0, 2, n)
    table = pd.DataFrame({f: rng.uniform(0, 1, n) for f in FEATURES})
    table["same_occupation"] = same
    table["isco_distance"] = np.where(same == 1, 0.0, rng.integers(2, 5, n)).astype(float)
    table["within_commute"] = 1.0
    table["need_id"] = np.repeat([f"N{i:02d}" for i in range(n_needs)], per_need)
    table["y"] = same
    table["relevance"] = np.where(same == 1, 3, 0)
    return table


def test_cross_validation_compares_the_three_rankers_on_the_same_folds() -> None:
    table = _synthetic_table()
    steps: list[tuple[float, str]] = []
    cv = _cross_validate(
        table, table["need_id"].to_numpy(), 4, 0, {"min_samples_leaf": 5}, lambda f, s: steps.append((f, s))
    )
    assert set(model_quality.RANKERS) <= set(cv)
    title = cv["title_only"]
    assert title["roc_auc"] == 1.0 and title["ndcg@10"] == pytest.approx(1.0)  # the signal is the title
    assert (
        len(title["roc_auc_folds"]) == len(cv["rule_based"]["roc_auc_folds"]) == len(cv["roc_auc_folds"]) == 4
    )
    assert cv["model"]["roc_auc"] == cv["roc_auc"] > 0.9  # the model learns it too
    assert cv["rule_based"]["roc_auc"] < 1.0  # the rules weigh more than the occupation
    assert 0 <= cv["model"]["brier"] < 0.1
    bins = cv["calibration"]
    assert sum(b["count"] for b in bins) == len(table)  # every pair was held out once
    assert bins[0]["observed_rate"] == 0.0 and bins[-1]["observed_rate"] == 1.0
    assert [s for _, s in steps] == ["cross-validating"] * 4
    assert [f for f, _ in steps] == [0.0, 0.25, 0.5, 0.75]


def test_the_title_only_ranking_is_not_flattered() -> None:
    """When the outcome ignores the occupation, the title-only ranking is no better than chance."""
    table = _synthetic_table(seed=3)
    table["y"] = (table["skill_coverage"] > 0.5).astype(int)
    table["relevance"] = np.where(table["y"] == 1, 3, 0)
    cv = _cross_validate(table, table["need_id"].to_numpy(), 3, 0, {"min_samples_leaf": 5})
    assert 0.3 < cv["title_only"]["roc_auc"] < 0.7
    assert cv["model"]["roc_auc"] > cv["title_only"]["roc_auc"] + 0.2
