"""Ablation (issue 4): does a learned reranker beat the hand-set occupation weights?

Not part of the product — this script keeps the experiment reproducible. A
``HistGradientBoostingClassifier`` re-orders the top :data:`TOP_K` candidates of
:class:`matching.occupations.OccupationIndex`, from the parts of its score
(:data:`FEATURES`). It learns from ESCO itself: Danish labels held out of the taxonomy
(protocol B of ``benchmarks/occupations.py``: removed from every concept carrying the
text, each carrier right) are the queries, scored by an index rebuilt without them.

Evaluation, in the same run: protocol-B fold ``--fold`` of ``benchmarks/occupations.py``
(the reranker is fitted on the *reduced* taxonomy, without the fold's labels) and MELO's
734 real Danish titles (reranker fitted on the full taxonomy). Results are in
``benchmarks/README.md``.

Usage::

    LKSMATCH_DATA_DIR=../shared/data .venv/bin/python benchmarks/occupations_rerank.py [--fold 0] [--melo DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from occupations import Taxonomy, hold_out, label_queries, load, melo_queries, ranks  # noqa: E402

from lksmatch.config import Settings  # noqa: E402
from matching import text as tx  # noqa: E402
from matching.occupations import OccupationIndex, ScoringParams  # noqa: E402

_CHUNK = 128

#: How many candidates (by the hand-weighted score) the reranker orders; the rest score 0.
TOP_K = 40

#: Per-concept parts of the hand-weighted score that the reranker sees, in this order,
#: after ``linear`` (the hand-weighted score), ``rank`` (its position among the
#: candidates) and ``gap`` (its distance to the best candidate).
PARTS = (
    "char",
    "char_da",
    "char_en",
    "char_preferred",
    "label_inside",
    "word_label",
    "bag",
    "cover",
    "translation",
    "group_best",
    "is_group",
    "labels",
    "words",
)
FEATURES = ("linear", "rank", "gap", *PARTS)


def top_candidates(scores: np.ndarray, k: int = TOP_K) -> np.ndarray:
    """Column positions of the ``k`` best scores of each row, best first (ties by position)."""
    k = min(k, scores.shape[1])
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(scores, part, axis=1), axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1)


def feature_matrix(scores: np.ndarray, parts: dict[str, np.ndarray], cols: np.ndarray) -> np.ndarray:
    """Features of the candidates ``cols`` (``n × k``): an ``n × k × len(FEATURES)`` array."""
    linear = np.take_along_axis(scores, cols, axis=1)
    columns = [
        linear,
        np.broadcast_to(np.arange(cols.shape[1], dtype=np.float32), cols.shape),
        linear - linear[:, :1],
    ]
    columns += [np.take_along_axis(np.asarray(parts[name]), cols, axis=1) for name in PARTS]
    return np.stack(columns, axis=-1).astype(np.float32)


@dataclass
class Reranker:
    """A fitted probabilistic classifier over candidate features, with what it was fitted on."""

    model: Any
    """A fitted scikit-learn classifier with ``predict_proba`` (class 1 = the right concept)."""
    features: tuple[str, ...] = FEATURES
    top_k: int = TOP_K
    info: dict[str, Any] = field(default_factory=dict)
    """How it was fitted: numbers of queries and rows, seeds, recall of the candidates."""

    def rescore(self, scores: np.ndarray, parts: dict[str, np.ndarray]) -> np.ndarray:
        """Probabilities for each row's top candidates, 0 for every other concept."""
        cols = top_candidates(scores, self.top_k)
        x = feature_matrix(scores, parts, cols)
        # One thread: OpenMP start-up costs far more than scoring a few hundred rows, and
        # on a busy machine an oversubscribed thread pool takes seconds.
        with threadpool_limits(limits=1, user_api="openmp"):
            proba = self.model.predict_proba(x.reshape(-1, x.shape[-1]))[:, 1].reshape(cols.shape)
        out = np.zeros_like(scores)
        np.put_along_axis(out, cols, proba.astype(scores.dtype), axis=1)
        return out


def candidate_features(index: OccupationIndex, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The top candidates of each text and their features: shapes ``(n, TOP_K)`` and ``(n, TOP_K, F)``."""
    positions, features = [], []
    for start in range(0, len(texts), _CHUNK):
        folded = [tx.expand(str(t)) for t in texts[start : start + _CHUNK]]
        concept, parts = index._linear(folded, with_parts=True)
        cols = top_candidates(concept)
        positions.append(cols)
        features.append(feature_matrix(concept, parts, cols))
    return np.vstack(positions), np.vstack(features)


def rerank_scores(index: OccupationIndex, reranker: Reranker, texts: list[str]) -> np.ndarray:
    """Reranked scores (queries × concepts) with the exact-label rule of the index applied after."""
    out = []
    for start in range(0, len(texts), _CHUNK):
        folded = [tx.expand(str(t)) for t in texts[start : start + _CHUNK]]
        concept, parts = index._linear(folded, with_parts=True)
        scores = reranker.rescore(concept, parts)
        for row, text in enumerate(folded):
            exact = index._exact.get(text)
            if exact is not None:
                scores[row, exact] = 0.9 + 0.05 * scores[row, exact]
                preferred = index._exact_preferred.get(text)
                if preferred is not None:
                    scores[row, preferred] += 0.05
        out.append(np.clip(scores, 0.0, 1.0))
    return np.vstack(out)


def training_rows(index: OccupationIndex, held: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, float]:
    """Candidate features and 0/1 labels for the held-out queries; also the share found in the top K."""
    positions, features = candidate_features(index, held["label"].tolist())
    pos = {uri: i for i, uri in enumerate(index.concepts["concept_uri"])}
    right = np.zeros(positions.shape, dtype=bool)
    for row, gold in enumerate(held["gold"]):
        wanted = [pos[u] for u in gold if u in pos]
        right[row] = np.isin(positions[row], wanted)
    found = float(right.any(axis=1).mean()) if len(right) else 0.0
    return features.reshape(-1, len(FEATURES)), right.ravel(), found


def fit_reranker(
    taxonomy: Taxonomy,
    *,
    rounds: int = 2,
    share: float = 0.2,
    seed: int = 0,
    params: ScoringParams | None = None,
) -> Reranker:
    """Fit a :class:`Reranker` on ``rounds`` disjoint held-out shares of the Danish labels.

    Costs about half a minute per round on the full taxonomy (an index build and the
    features of ~1,100 queries); the classifier is scikit-learn's
    ``HistGradientBoostingClassifier``.
    """
    if rounds < 1 or not 0 < share <= 1 or rounds * share > 1:
        raise ValueError(
            f"`rounds` was {rounds} and `share` {share}, but rounds must be >= 1 and "
            "rounds × share at most 1 (the held-out shares are disjoint)"
        )
    started = time.perf_counter()
    queries = label_queries(taxonomy)
    if len(queries) < 20:
        raise ValueError(f"the taxonomy has {len(queries)} Danish alternative labels; at least 20 are needed")
    order = np.random.default_rng(seed).permutation(len(queries))
    size = int(len(queries) * share)
    xs, ys, found = [], [], []
    for r in range(rounds):
        held = queries.iloc[order[r * size : (r + 1) * size]].reset_index(drop=True)
        x, y, share_found = training_rows(hold_out(taxonomy, held).index(params), held)
        xs.append(x)
        ys.append(y)
        found.append(share_found)
    x_all, y_all = np.vstack(xs), np.concatenate(ys)
    model = HistGradientBoostingClassifier(
        max_iter=300, learning_rate=0.05, max_leaf_nodes=31, random_state=seed
    ).fit(x_all, y_all)
    return Reranker(
        model,
        FEATURES,
        TOP_K,
        {
            "queries": rounds * size,
            "rows": len(y_all),
            "positives": int(y_all.sum()),
            "rounds": rounds,
            "share": share,
            "seed": seed,
            "right_concept_among_candidates": round(float(np.mean(found)), 4),
            "seconds": round(time.perf_counter() - started, 1),
        },
    )


def evaluate(name: str, scores: np.ndarray, index: OccupationIndex, gold: pd.Series, floor: float) -> None:
    r = ranks(scores, index.concepts["concept_uri"].to_numpy(), gold, floor=floor)
    rr = np.where(r > 0, 1.0 / np.maximum(r, 1), 0.0)
    found = r > 0
    print(
        f"| {name} | {len(r)} | {rr.mean():.3f} | {(found & (r <= 1)).mean():.3f} | "
        f"{(found & (r <= 10)).mean():.3f} |"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fold", type=int, default=0, help="protocol-B fold (of 5, seed 0) to test on")
    parser.add_argument("--melo", type=Path, default=None, help="folder with MELO's two files")
    args = parser.parse_args(argv)
    data_dir = Path(os.environ["LKSMATCH_DATA_DIR"]) if os.environ.get("LKSMATCH_DATA_DIR") else None
    frames = load(data_dir)
    settings = Settings(data_dir=data_dir) if data_dir else Settings()
    queries = label_queries(frames)
    fold_of = np.random.default_rng(0).permutation(len(queries)) % 5
    held = queries[fold_of == args.fold].reset_index(drop=True)
    reduced = hold_out(frames, held)
    index = reduced.index()
    t0 = time.perf_counter()
    reranker = fit_reranker(reduced)
    print(f"reranker fitted in {time.perf_counter() - t0:.0f} s: {reranker.info}", file=sys.stderr)
    print(f"\nProtocol B, fold {args.fold + 1} of 5 (threshold 0 for both: ranks only)\n")
    print("| method | n | MRR | success@1 | success@10 |")
    print("|---|---|---|---|---|")
    texts = held["label"].tolist()
    evaluate("hand-set weights", index.scores(texts), index, held["gold"], 0.0)
    evaluate("learned reranker", rerank_scores(index, reranker, texts), index, held["gold"], 0.0)
    melo = melo_queries(frames, args.melo, settings)
    full = frames.index()
    reranker = fit_reranker(frames)
    print("\nMELO Danish titles, full taxonomy\n")
    print("| method | n | MRR | success@1 | success@10 |")
    print("|---|---|---|---|---|")
    texts = melo["label"].tolist()
    evaluate("hand-set weights", full.scores(texts), full, melo["gold"], 0.0)
    evaluate("learned reranker", rerank_scores(full, reranker, texts), full, melo["gold"], 0.0)


if __name__ == "__main__":
    main()
