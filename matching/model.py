"""Scoring a (need, person) pair: a transparent rule-based ranker and a learned model.

:class:`RuleBasedRanker` is used when no outcomes have been recorded yet: a weighted
sum of five terms a caseworker can check by hand (see its docstring).

:class:`MatchModel` is a scikit-learn classifier: histogram gradient boosting with
monotonic constraints (:data:`matching.features.MONOTONIC` — more skill coverage never
lowers the score, a longer commute never raises it …), calibrated with Platt scaling
(:class:`~sklearn.calibration.CalibratedClassifierCV`, ``ensemble=False``): a sigmoid
is strictly increasing, so the calibrated probability ranks exactly as the boosted
score does. :func:`train` fits it on the recorded outcomes — positive = ``hired`` or
``interviewed`` — cross-validated with the needs as groups, and returns a
:class:`TrainedModel` (the fitted :class:`~sklearn.pipeline.Pipeline`, the skill
matcher and the metadata to persist).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import platform
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import rapidfuzz
import scipy
import sklearn
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data
from threadpoolctl import threadpool_limits

from lksmatch.errors import ValidationError
from matching import evaluation, model_quality
from matching.features import FEATURES, MONOTONIC, build_features
from matching.model_quality import Progress
from matching.skills import SkillMatcher

#: What the model learns, as recorded in the metadata.
TARGET = "positive = hired or interviewed; nDCG gains hired 3, interviewed 2, contacted 1, not_hired 0"
#: The default weights of :class:`RuleBasedRanker`.
RULE_WEIGHTS: dict[str, float] = {
    "occupation": 2.0,
    "skills": 2.0,
    "commute": 1.0,
    "education": 0.6,
    "availability": 0.3,
}
#: Occupation closeness by ISCO distance (0 = same unit group … 4 = unrelated).
CLOSENESS = np.array([1.0, 0.6, 0.3, 0.1, 0.0])


class RuleBasedRanker:
    """A transparent score in [0, 1] from the pair features, for when nothing is learnt yet.

    The raw score is ``Σ weight × term`` with the terms

    * occupation: 1 for the same occupation (or ISCO unit group), 0.6 the same minor
      group, 0.3 the same sub-major group, 0.1 the same major group, 0 otherwise or
      unknown;
    * skills: the IDF-weighted skill coverage (0.5 when the need lists no skills);
    * commute: ``0.2 × (1 - distance / limit)`` within the person's limit, else
      ``-min(1.5, 2 × (distance / limit - 1))``;
    * education: -1 when the person is below the need's minimum (-0.5 when unknown);
    * availability: 1 when the person can start by the deadline;

    rescaled linearly from its possible range to [0, 1]. The default weights
    (:data:`RULE_WEIGHTS`) were set by hand, not fitted.

    ``matcher`` (optional) is the skill matcher that :func:`matching.ranking.rank_candidates`
    and :func:`matching.ranking.score_pair` use with this ranker; give the same fitted
    matcher everywhere (ranking, score after a course, offers) so that skill weights agree.
    """

    def __init__(
        self, *, weights: Mapping[str, float] | None = None, matcher: SkillMatcher | None = None
    ) -> None:
        self.matcher = matcher
        self.weights = dict(RULE_WEIGHTS if weights is None else weights)
        unknown = set(self.weights) - set(RULE_WEIGHTS)
        if unknown:
            raise ValueError(
                f"`weights` has the unknown term(s) {sorted(unknown)}; allowed: {list(RULE_WEIGHTS)}"
            )

    def terms(self, features: pd.DataFrame | Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Each term (before weighting) for every row."""
        isco = np.asarray(features["isco_distance"], dtype=float)
        same = np.asarray(features["same_occupation"], dtype=float) >= 1
        closeness = np.where(
            np.isfinite(isco), CLOSENESS[np.clip(np.nan_to_num(isco, nan=4), 0, 4).astype(int)], 0
        )
        ratio = np.asarray(features["commute_ratio"], dtype=float)
        within = np.asarray(features["within_commute"], dtype=float) >= 1
        shortfall = np.asarray(features["education_shortfall"], dtype=float)
        return {
            "occupation": np.where(same, 1.0, closeness),
            "skills": np.nan_to_num(np.asarray(features["skill_coverage"], dtype=float), nan=0.5),
            "commute": np.where(
                within,
                0.2 * (1 - np.nan_to_num(ratio, nan=1.0)),
                -np.minimum(1.5, 2 * (np.nan_to_num(ratio, nan=2.0) - 1)),
            ),
            "education": np.where(np.isnan(shortfall), -0.5, np.where(shortfall > 0, -1.0, 0.0)),
            "availability": np.asarray(features["available_by_deadline"], dtype=float),
        }

    def score(self, features: pd.DataFrame | Mapping[str, np.ndarray]) -> np.ndarray:
        """The score in [0, 1] of every row (higher = better)."""
        terms = self.terms(features)
        raw = sum(self.weights.get(k, 0.0) * v for k, v in terms.items())
        low = sum(w * lo for w, lo in self._ranges(0))
        high = sum(w * hi for w, hi in self._ranges(1))
        return np.clip((np.asarray(raw, dtype=float) - low) / (high - low), 0.0, 1.0)

    def _ranges(self, side: int) -> list[tuple[float, float]]:
        bounds = {
            "occupation": (0.0, 1.0),
            "skills": (0.0, 1.0),
            "commute": (-1.5, 0.2),
            "education": (-1.0, 0.0),
            "availability": (0.0, 1.0),
        }
        return [(w, bounds[k][side] if w >= 0 else bounds[k][1 - side]) for k, w in self.weights.items()]


class MatchModel(ClassifierMixin, BaseEstimator):
    """Monotonic gradient boosting, calibrated; a scikit-learn classifier.

    Parameters
    ----------
    max_iter, learning_rate, max_leaf_nodes, min_samples_leaf, l2_regularization
        Passed to :class:`~sklearn.ensemble.HistGradientBoostingClassifier`.
    monotonic_cst
        ``{feature name: -1 | 0 | 1}`` (used when ``X`` has column names), a sequence
        with one entry per column, or ``None`` for no constraints. Only binary targets
        can be constrained; for more classes the constraints are dropped.
    interactions
        ``False`` (default): every tree uses one feature, so the model is *additive* — a
        sum of one shape function per feature. After fitting, those functions are
        compiled into step tables (``shape_``) and a binary model scores by table look-up,
        many times faster than walking the trees, with identical results.
        ``True``: trees may combine features (scored by the trees).
    calibration
        ``"sigmoid"`` (Platt; keeps the ranking of the boosted score), ``"isotonic"`` or
        ``None`` for none.
    cv
        Folds for the calibration (stratified). With fewer samples per class the model
        is left uncalibrated.
    random_state
        Seed of the boosting and of the calibration folds.
    n_threads
        OpenMP threads for the boosting (``None`` = the library's default, all cores).
        The default 1 is faster for outcome tables of this size: on a shared two-core
        machine the threads of one fit spin waiting for each other (measured: 0.6 s
        single-threaded vs 33 s with two threads under load for four small fits).

    Attributes
    ----------
    classes_ : ndarray
    n_features_in_ : int
    feature_names_in_ : ndarray
        Only when ``X`` had column names.
    estimator_ : estimator
        The fitted (calibrated) model.
    calibrated_ : bool
    shape_ : list of (thresholds, values, missing value) or None
        The additive model's shape function of each feature (binary, additive only):
        ``values[searchsorted(thresholds, x)]``, and the last entry for NaN.
    intercept_ : float
        Raw score of the additive model before the shape functions are added.
    n_iter_ : int
        Boosting iterations of the (final) booster.
    """

    def __init__(
        self,
        *,
        max_iter: int = 200,
        learning_rate: float = 0.05,
        max_leaf_nodes: int = 15,
        min_samples_leaf: int = 20,
        l2_regularization: float = 1.0,
        monotonic_cst: Mapping[str, int] | Sequence[int] | None = None,
        interactions: bool = False,
        calibration: str | None = "sigmoid",
        cv: int = 3,
        random_state: int | None = 0,
        n_threads: int | None = 1,
    ) -> None:
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.min_samples_leaf = min_samples_leaf
        self.l2_regularization = l2_regularization
        self.monotonic_cst = monotonic_cst
        self.interactions = interactions
        self.calibration = calibration
        self.cv = cv
        self.random_state = random_state
        self.n_threads = n_threads

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        return tags

    def _constraints(self, n_classes: int) -> list[int] | None:
        cst = self.monotonic_cst
        if cst is None or n_classes > 2:
            return None
        if isinstance(cst, Mapping):
            names = getattr(self, "feature_names_in_", None)
            if names is None:
                raise ValueError("`monotonic_cst` was given by feature name but `X` has no column names")
            unknown = set(cst) - set(names)
            if unknown:
                raise ValueError(
                    f"`monotonic_cst` names unknown features {sorted(unknown)}; X has {list(names)}"
                )
            return [int(cst.get(name, 0)) for name in names]
        values = [int(v) for v in cst]
        if len(values) != self.n_features_in_:
            raise ValueError(
                f"`monotonic_cst` has {len(values)} entries but X has {self.n_features_in_} columns"
            )
        return values

    def fit(self, X: Any, y: Any) -> MatchModel:
        """Fit the boosted model (and its calibration) on ``X``, ``y``; return ``self``."""
        if self.calibration not in ("sigmoid", "isotonic", None):
            raise ValueError(
                f"`calibration` was {self.calibration!r} but is expected to be 'sigmoid', 'isotonic' or None"
            )
        X, y = validate_data(self, X, y, ensure_all_finite="allow-nan")
        check_classification_targets(y)
        self.classes_, counts = np.unique(y, return_counts=True)
        if len(self.classes_) < 2:
            raise ValueError(f"`y` holds only one class ({self.classes_[0]!r}); at least two are needed")
        booster = HistGradientBoostingClassifier(
            max_iter=self.max_iter,
            learning_rate=self.learning_rate,
            max_leaf_nodes=self.max_leaf_nodes,
            min_samples_leaf=self.min_samples_leaf,
            l2_regularization=self.l2_regularization,
            monotonic_cst=self._constraints(len(self.classes_)),
            random_state=self.random_state,
            interaction_cst=None if self.interactions else "no_interactions",
        )
        self.calibrated_ = self.calibration is not None and int(counts.min()) >= max(self.cv, 2)
        if self.calibrated_:
            folds = StratifiedKFold(self.cv, shuffle=True, random_state=self.random_state)
            self.estimator_ = CalibratedClassifierCV(
                booster, method=self.calibration, cv=folds, ensemble=False
            )
        else:
            self.estimator_ = booster
        with threadpool_limits(limits=self.n_threads, user_api="openmp"):
            self.estimator_.fit(X, y)
            self.shape_: list[tuple[np.ndarray, np.ndarray, float]] | None = None
            self.intercept_ = 0.0
            if not self.interactions and len(self.classes_) == 2:
                self.shape_, self.intercept_ = _compile_additive(self._booster(), X[0])
        self.n_iter_ = int(self._booster().n_iter_)
        return self

    def _booster(self) -> HistGradientBoostingClassifier:
        if self.calibrated_:
            return self.estimator_.calibrated_classifiers_[0].estimator
        return self.estimator_

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities, columns in the order of ``classes_``."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, ensure_all_finite="allow-nan")
        if self.shape_ is None:
            with threadpool_limits(limits=self.n_threads, user_api="openmp"):
                return np.asarray(self.estimator_.predict_proba(X))
        raw = np.full(len(X), self.intercept_)
        for j, (thresholds, values, missing) in enumerate(self.shape_):
            column = X[:, j]
            raw += np.where(np.isnan(column), missing, values[np.searchsorted(thresholds, column)])
        if self.calibrated_:
            positive = self.estimator_.calibrated_classifiers_[0].calibrators[0].predict(raw)
        else:
            positive = expit(raw)
        positive = np.clip(positive, 0.0, 1.0)
        return np.column_stack([1.0 - positive, positive])

    def decision_function(self, X: Any) -> np.ndarray:
        """Log-odds of the positive class (binary) or per-class log-probabilities."""
        proba = np.clip(self.predict_proba(X), 1e-12, 1 - 1e-12)
        if len(self.classes_) == 2:
            return np.asarray(np.log(proba[:, 1]) - np.log(proba[:, 0]))
        return np.asarray(np.log(proba))

    def predict(self, X: Any) -> np.ndarray:
        """The most probable class of each row."""
        check_is_fitted(self)
        return np.asarray(self.classes_[np.argmax(self.predict_proba(X), axis=1)])


@dataclass
class TrainedModel:
    """A fitted ranking pipeline, the skill matcher its features were built with, and metadata.

    Picklable (the store persists it with joblib). ``metadata`` is a plain dict: library
    versions, ``data_sha256`` of the training table, sizes, the target definition and
    the cross-validated scores (``cv``).
    """

    pipeline: Pipeline
    matcher: SkillMatcher
    metadata: dict[str, Any] = field(default_factory=dict)

    def score(self, features: pd.DataFrame) -> np.ndarray:
        """Calibrated probability that the pair ends in an interview or a hire.

        The pipeline's first step only selects :data:`~matching.features.FEATURES`
        (:func:`make_pipeline`); that selection is made here and the fitted model scores the
        columns itself - the same numbers, without sklearn's column transformer, which cost
        more than the model on the ten rows a page scores. Any other pipeline is run whole.
        """
        positive = list(self.pipeline.classes_).index(1)
        if len(features) == 0:
            return np.zeros(0)
        steps = self.pipeline.steps
        if [name for name, _ in steps] == ["select", "model"] and isinstance(steps[0][1], ColumnTransformer):
            chosen = steps[0][1].get_feature_names_out()
            if list(chosen) == list(FEATURES):
                return np.asarray(steps[1][1].predict_proba(features.loc[:, list(FEATURES)])[:, positive])
        return np.asarray(self.pipeline.predict_proba(features)[:, positive])


def make_pipeline(**params: Any) -> Pipeline:
    """Select :data:`~matching.features.FEATURES` (by name), then :class:`MatchModel`."""
    select = ColumnTransformer(
        [("features", "passthrough", list(FEATURES))], remainder="drop", verbose_feature_names_out=False
    ).set_output(transform="pandas")
    return Pipeline([("select", select), ("model", MatchModel(monotonic_cst=dict(MONOTONIC), **params))])


def training_table(
    needs: pd.DataFrame, seekers: pd.DataFrame, outcomes: pd.DataFrame, matcher: SkillMatcher
) -> pd.DataFrame:
    """One row per (need, person) outcome: ids, ``outcome``, ``relevance``, ``y`` and the features."""
    labelled = evaluation.check_outcomes(outcomes)
    table = build_features(needs, seekers, labelled, matcher=matcher)
    table["outcome"] = labelled["outcome"].to_numpy()
    table["relevance"] = labelled["relevance"].to_numpy()
    table["y"] = labelled["outcome"].isin(evaluation.POSITIVE).astype(int).to_numpy()
    return table


def train(
    needs: pd.DataFrame,
    seekers: pd.DataFrame,
    outcomes: pd.DataFrame,
    *,
    n_splits: int = 5,
    seed: int = 0,
    thesaurus: Mapping[str, Sequence[str]] | None = None,
    progress: Progress | None = None,
    **params: Any,
) -> TrainedModel:
    """Fit the ranking model on the recorded outcomes.

    Positive = ``hired`` or ``interviewed``; ``contacted`` and ``not_hired`` are
    negative. The cross-validation (``n_splits`` folds, needs as groups) reports ROC
    AUC over the held-out pairs and nDCG@10 / recall@10 over the held-out needs, with
    the rule-based ranker and the title-only ranking on the same folds for comparison,
    and the calibration of the held-out predictions (:mod:`matching.model_quality`);
    then the pipeline is refitted on everything. The skill matcher is fitted on the skills of ``needs`` and
    ``seekers`` with ``thesaurus`` (concept key -> wordings; the service passes the
    store's curated thesaurus; ``None`` compares skills by spelling only). ``progress``
    (optional) is called as ``progress(fraction, step)`` with the fraction of the work done
    (0..1) and ``"building features"``, ``"cross-validating"`` (once per fold) and
    ``"fitting"``. ``params`` go to :class:`MatchModel`.

    Raises
    ------
    ValidationError
        For invalid outcomes, or when they hold fewer than two needs or only one class.
    """

    def report(fraction: float, step: str) -> None:
        if progress is not None:
            progress(fraction, step)

    report(0.0, "building features")
    matcher = SkillMatcher(thesaurus=thesaurus).fit([*needs["skills"].tolist(), *seekers["skills"].tolist()])
    table = training_table(needs, seekers, outcomes, matcher)
    y = table["y"].to_numpy()
    if len(np.unique(y)) < 2:
        raise ValidationError(
            f"the outcomes hold only {'positive' if y.all() else 'negative'} examples; "
            "training needs both hired/interviewed and contacted/not_hired"
        )
    groups = table["need_id"].to_numpy()
    cv = _cross_validate(table, groups, n_splits, seed, params, lambda f, step: report(0.1 + 0.75 * f, step))
    report(0.85, "fitting")
    pipeline = make_pipeline(random_state=seed, **params).fit(table, y)
    hashed = pd.util.hash_pandas_object(table[["need_id", "person_id", "outcome", *FEATURES]], index=False)
    metadata = {
        "trained_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "versions": {
            "python": platform.python_version(),
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
            "pandas": pd.__version__,
            "scipy": scipy.__version__,
            "rapidfuzz": rapidfuzz.__version__,
        },
        "data_sha256": hashlib.sha256(hashed.to_numpy().tobytes()).hexdigest(),
        "n_pairs": int(len(table)),
        "n_needs": int(len(np.unique(groups))),
        "n_positive": int(y.sum()),
        "target": TARGET,
        "features": list(FEATURES),
        "monotonic_cst": dict(MONOTONIC),
        "params": pipeline.named_steps["model"].get_params(),
        "cv": cv,
    }
    return TrainedModel(pipeline, matcher, metadata)


def _cross_validate(
    table: pd.DataFrame,
    groups: np.ndarray,
    n_splits: int,
    seed: int,
    params: dict[str, Any],
    progress: Progress | None = None,
) -> dict[str, Any]:
    """The model refitted per fold, and every ranker scored on the same held-out rows.

    ``roc_auc`` / ``roc_auc_folds`` are the model's (kept at the top level as before); ``model``,
    ``rule_based`` and ``title_only`` each hold nDCG@10, recall@10, ROC AUC and its folds
    (:func:`matching.model_quality.compare_rankers`); ``model`` adds the Brier score;
    ``calibration`` is the reliability table of the held-out predictions.
    """
    y = table["y"].to_numpy()
    learned = np.full(len(table), np.nan)
    folds = list(evaluation.need_folds(groups, n_splits, seed=seed))
    evaluated = []
    for i, (train_rows, test_rows) in enumerate(folds):
        if progress is not None:
            progress(i / len(folds), "cross-validating")
        if len(np.unique(y[train_rows])) < 2:
            continue
        model = clone(make_pipeline(random_state=seed, **params)).fit(table.iloc[train_rows], y[train_rows])
        learned[test_rows] = model.predict_proba(table.iloc[test_rows])[:, 1]
        evaluated.append(test_rows)
    scores = {
        "model": learned,
        "rule_based": RuleBasedRanker().score(table),
        "title_only": model_quality.title_only_scores(table),
    }
    compared = model_quality.compare_rankers(table, scores, evaluated, seed=seed)
    done = np.isfinite(learned)
    compared["model"]["brier"] = model_quality.brier_score(y[done], learned[done])
    aucs = compared["model"]["roc_auc_folds"]
    return {
        "n_splits": len(folds),
        "groups": "need_id",
        "roc_auc": compared["model"]["roc_auc"],
        "roc_auc_folds": aucs,
        **compared,
        "calibration": model_quality.calibration_bins(y[done], learned[done]),
    }


def _compile_additive(
    booster: HistGradientBoostingClassifier, base: np.ndarray
) -> tuple[list[tuple[np.ndarray, np.ndarray, float]], float]:
    """Step tables of a binary booster whose trees each use one feature.

    For feature ``j`` the thresholds are all its split values; the booster is evaluated
    once per interval (at its upper end, and above the last threshold) and for NaN,
    with the other features held at ``base``. Additivity makes
    ``raw(x) = raw(base) + Σ_j (table_j(x_j) - table_j(base_j))``.
    """
    base = np.asarray(base, dtype=float)
    n_features = len(base)
    thresholds: list[list[float]] = [[] for _ in range(n_features)]
    for stage in booster._predictors:
        nodes = stage[0].nodes
        split = nodes[nodes["is_leaf"] == 0]
        for feature, threshold in zip(split["feature_idx"], split["num_threshold"], strict=True):
            thresholds[int(feature)].append(float(threshold))
    rows, owner = [base], []
    cuts = []
    for j, values in enumerate(thresholds):
        cut = np.unique(np.asarray(values, dtype=float))
        cuts.append(cut)
        points = np.r_[cut, (cut[-1] + max(1.0, abs(cut[-1]))) if len(cut) else base[j], np.nan]
        block = np.repeat(base[None, :], len(points), axis=0)
        block[:, j] = points
        rows.append(block)
        owner.append(len(points))
    raw = booster.decision_function(np.vstack(rows))
    start, shape = 1, []
    total = 0.0
    for j, count in enumerate(owner):
        values = raw[start : start + count] - raw[0]
        start += count
        table = values[:-1]
        shape.append((cuts[j], table, float(values[-1])))
        if np.isnan(base[j]):
            total += values[-1]
        else:
            total += table[np.searchsorted(cuts[j], base[j])]
    return shape, float(raw[0] - total)
