"""The learned model (a real scikit-learn estimator), the rule-based fallback, training."""

from __future__ import annotations

import datetime as dt
import pickle

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from demo import generate_demo
from lksmatch.config import Settings
from lksmatch.errors import ValidationError
from matching.features import FEATURES, MONOTONIC
from matching.model import MatchModel, RuleBasedRanker, TrainedModel, train
from matching.occupations import OccupationIndex
from matching.ranking import rank_candidates
from matching.resolve import resolve_occupation_lists, resolve_occupations
from store import refdata


@parametrize_with_checks(
    [
        MatchModel(max_iter=20),
        MatchModel(max_iter=20, interactions=True, calibration="isotonic"),
        MatchModel(max_iter=20, calibration=None),
    ]
)
def test_sklearn_estimator_checks(estimator: MatchModel, check: object) -> None:
    check(estimator)  # type: ignore[operator]


def _toy(n: int = 600, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = pd.DataFrame({name: rng.random(n) for name in FEATURES})
    X.loc[rng.random(n) < 0.1, "skill_coverage"] = np.nan
    logit = 3 * np.nan_to_num(X["skill_coverage"], nan=0.5) - 2 * X["commute_ratio"] + rng.normal(0, 0.5, n)
    return X, (logit > 0.3).astype(int).to_numpy()


def test_additive_tables_score_exactly_like_the_trees() -> None:
    X, y = _toy()
    model = MatchModel(monotonic_cst=MONOTONIC).fit(X, y)
    assert model.shape_ is not None and model.calibrated_
    np.testing.assert_allclose(
        model.predict_proba(X), model.estimator_.predict_proba(X.to_numpy()), atol=1e-12
    )


@pytest.mark.parametrize("feature", ["skill_coverage", "commute_ratio"])
def test_monotonic_constraints_hold(feature: str) -> None:
    X, y = _toy()
    model = MatchModel(monotonic_cst=MONOTONIC).fit(X, y)
    grid = pd.DataFrame(np.repeat(X.iloc[[0]].fillna(0.5).to_numpy(), 50, axis=0), columns=X.columns)
    grid[feature] = np.linspace(0, 1, 50)
    score = model.predict_proba(grid)[:, 1]
    steps = np.diff(score) * MONOTONIC[feature]
    assert (steps >= -1e-12).all()


def test_monotonic_cst_by_name_needs_names() -> None:
    X, y = _toy()
    with pytest.raises(ValueError, match="column names"):
        MatchModel(monotonic_cst=MONOTONIC).fit(X.to_numpy(), y)
    with pytest.raises(ValueError, match="unknown features"):
        MatchModel(monotonic_cst={"nope": 1}).fit(X, y)


def test_rule_based_ranker_prefers_the_better_match() -> None:
    good = {
        "same_occupation": 1,
        "isco_distance": 0,
        "skill_coverage": 1,
        "missing_skills": 0,
        "distance_km": 5,
        "commute_ratio": 0.2,
        "within_commute": 1,
        "education_shortfall": 0,
        "available_by_deadline": 1,
    }
    worse = [
        dict(good, skill_coverage=0.5),
        dict(good, isco_distance=2, same_occupation=0),
        dict(good, commute_ratio=1.5, within_commute=0),
        dict(good, education_shortfall=1),
    ]
    scores = RuleBasedRanker().score(pd.DataFrame([good, *worse]))
    assert (scores[0] > scores[1:]).all() and ((scores >= 0) & (scores <= 1)).all()
    with pytest.raises(ValueError, match="unknown term"):
        RuleBasedRanker(weights={"age": 1.0})


# --- training on the demo outcomes ---------------------------------------------------------


@pytest.fixture(scope="module")
def demo(
    data_settings: Settings,
    raw_municipalities: gpd.GeoDataFrame,
    raw_postal_codes: gpd.GeoDataFrame,
    municipalities: gpd.GeoDataFrame,
    postal_areas: gpd.GeoDataFrame,
) -> dict[str, pd.DataFrame]:
    """The scale-1 demo with the columns the service computes (codes resolved, x/y)."""
    from geo.points import representative_xy

    occupations = refdata.read_esco_occupations(data_settings)
    labels = refdata.read_esco_labels_da(data_settings)
    frames = generate_demo(
        municipalities=raw_municipalities,
        postal_areas=raw_postal_codes,
        occupations=occupations,
        labels_da=labels,
        scale=1,
        seed=0,
        today=dt.date(2026, 11, 27),
    )
    index = OccupationIndex.from_taxonomy(
        occupations,
        refdata.read_esco_isco_groups(data_settings),
        labels,
        refdata.read_esco_hierarchy(data_settings),
    )
    companies = frames["companies"]
    xy = representative_xy(companies, municipalities=municipalities, postal_areas=postal_areas)
    needs = frames["needs"].merge(xy.assign(cvr=companies["cvr"])[["cvr", "x", "y"]], on="cvr", how="left")
    needs = pd.concat([needs, resolve_occupations(needs["occupation"].tolist(), index.resolve)], axis=1)
    seekers = frames["jobseekers"].copy()
    seekers[["x", "y"]] = representative_xy(
        seekers, municipalities=municipalities, postal_areas=postal_areas
    )[["x", "y"]]
    seekers["isco_codes"], seekers["concept_uris"] = resolve_occupation_lists(
        seekers["occupations"].tolist(), index.resolve
    )
    return {"needs": needs, "seekers": seekers, "outcomes": frames["outcomes"]}


@pytest.fixture(scope="module")
def trained(demo: dict[str, pd.DataFrame]) -> TrainedModel:
    return train(demo["needs"], demo["seekers"], demo["outcomes"], n_splits=3)


@pytest.mark.slow
def test_training_learns_the_signal(trained: TrainedModel) -> None:
    cv = trained.metadata["cv"]
    assert cv["roc_auc"] > 0.6 and cv["groups"] == "need_id" and len(cv["roc_auc_folds"]) == 3
    assert 0 < cv["model"]["ndcg@10"] <= 1


@pytest.mark.slow
def test_trained_model_metadata_and_pickle(trained: TrainedModel, demo: dict[str, pd.DataFrame]) -> None:
    meta = trained.metadata
    assert {"versions", "data_sha256", "n_pairs", "cv", "features", "target"} <= set(meta)
    assert meta["versions"]["scikit-learn"] and len(meta["data_sha256"]) == 64
    again = pickle.loads(pickle.dumps(trained))
    needs = demo["needs"].head(30)
    first = rank_candidates(needs, demo["seekers"], trained, top=5)
    pd.testing.assert_frame_equal(first, rank_candidates(needs, demo["seekers"], again, top=5))
    assert first.groupby("need_id").size().max() == 5


@pytest.mark.slow
def test_learned_ranking_ignores_protected_attributes(
    trained: TrainedModel, demo: dict[str, pd.DataFrame]
) -> None:
    needs, seekers = demo["needs"].head(40), demo["seekers"]
    rng = np.random.default_rng(1)
    permuted = seekers.assign(
        gender=rng.permutation(seekers["gender"].to_numpy()),
        birth_year=rng.permutation(seekers["birth_year"].to_numpy()),
    )
    pd.testing.assert_frame_equal(
        rank_candidates(needs, seekers, trained, top=10), rank_candidates(needs, permuted, trained, top=10)
    )


@pytest.mark.slow
def test_training_rejects_unusable_outcomes(demo: dict[str, pd.DataFrame]) -> None:
    outcomes = demo["outcomes"].head(50)
    with pytest.raises(ValidationError, match="outcome"):
        train(demo["needs"], demo["seekers"], outcomes.assign(outcome="maybe"))
    with pytest.raises(ValidationError, match="only negative"):
        train(demo["needs"], demo["seekers"], outcomes.assign(outcome="not_hired"))


@pytest.mark.slow
def test_scoring_skips_the_column_selection_and_scores_exactly_as_the_pipeline(
    trained: TrainedModel,
) -> None:
    """``TrainedModel.score`` hands the feature columns to the fitted model itself (the pipeline's
    first step only selects them; sklearn's column transformer cost more than the model on the
    ten rows of a page): the same numbers as the whole pipeline, extra columns ignored."""
    from matching.features import FEATURES

    rng = np.random.default_rng(0)
    rows = pd.DataFrame({f: rng.uniform(0, 1, 50) for f in FEATURES}).assign(extra=rng.uniform(0, 1, 50))
    rows.loc[3, FEATURES[0]] = np.nan
    expected = trained.pipeline.predict_proba(rows)[:, list(trained.pipeline.classes_).index(1)]
    np.testing.assert_allclose(trained.score(rows), expected, rtol=0, atol=1e-12)
    assert trained.score(rows.iloc[:0]).shape == (0,)
