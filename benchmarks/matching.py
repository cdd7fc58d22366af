"""Candidate ranking quality and speed (issue 4).

Quality: the demo region's recorded outcomes (see the generating model in
``demo/outcomes.py``). Skills are matched with the store's thesaurus
(``store/data/skill_thesaurus.csv``); the demo writes part of its skills as spelling
variants and as synonyms that the thesaurus does not hold, so skill matching is measured
on wordings it was not told about (``benchmarks/skills.py`` measures it alone). Each
historical need has 4–12 suggested job seekers with an outcome. The needs are split into
k folds (group k-fold, shuffled, seed 0); the learned model is fitted on the outcome
rows of the other folds and orders the held-out need's OWN historical candidates (its
outcome rows — the people that were actually suggested). Every other method orders the
same candidates in the same run:

- random: a random order;
- title-only: same occupation concept first, then the nearest ISCO-08 code (distance
  0–4), ties at random;
- skill-overlap only: the IDF-weighted share of the need's skills the person has;
- rule-based: :class:`matching.model.RuleBasedRanker` (the fallback without outcomes);
- learned: :func:`matching.model.train`'s pipeline (monotonic additive boosting,
  Platt-calibrated).

Every method is scored with ties broken at random, averaged over 10 seeds. Gains
hired 3 / interviewed 2 / contacted 1 / not_hired 0 for nDCG; positive = hired or
interviewed for recall. A second table ("open pool") adds, to each held-out need,
40 job seekers drawn at random from the region who were not suggested, as irrelevant.

Speed: ``match --all --top 10`` for every need of the scale-10 demo in memory (the
frames prepared as the service prepares them: codes resolved, x/y), with the model
trained on the scale-10 outcomes. Run with ``--speed-only`` in a fresh process for the
peak RSS of that alone.

Usage::

    LKSMATCH_DATA_DIR=../shared/data .venv/bin/python benchmarks/matching.py [--scales 1 2 3]
        [--folds 5] [--pool 40] [--speed-scale 10] [--no-speed | --speed-only]
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from demo import generate_demo  # noqa: E402
from geo import boundaries  # noqa: E402
from geo.points import representative_xy  # noqa: E402
from lksmatch.config import load_settings  # noqa: E402
from matching import evaluation  # noqa: E402
from matching.features import FEATURES  # noqa: E402
from matching.model import RuleBasedRanker, make_pipeline, train, training_table  # noqa: E402
from matching.occupations import OccupationIndex  # noqa: E402
from matching.ranking import rank_candidates  # noqa: E402
from matching.resolve import resolve_occupation_lists, resolve_occupations  # noqa: E402
from matching.skills import SkillMatcher  # noqa: E402
from store import refdata  # noqa: E402
from store.vocab import read_skill_thesaurus  # noqa: E402

TODAY = dt.date(2026, 11, 27)
KS = (3, 10)
SEEDS = range(10)


def rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6


class Region:
    """Reference data read once: raw and cleaned boundaries, ESCO, the occupation index."""

    def __init__(self) -> None:
        s = load_settings()
        self.raw_munis = refdata.read_municipalities(s)
        self.raw_postal = refdata.read_postal_codes(s)
        self.munis = boundaries.clean_municipalities(self.raw_munis)
        self.postal = boundaries.clean_postal_areas(self.raw_postal)
        self.occupations = refdata.read_esco_occupations(s)
        self.labels = refdata.read_esco_labels_da(s)
        self.index = OccupationIndex.from_taxonomy(
            self.occupations, refdata.read_esco_isco_groups(s), self.labels, refdata.read_esco_hierarchy(s)
        )
        self.thesaurus = read_skill_thesaurus()  # as the service hands it to matching

    def demo(self, scale: float) -> dict[str, pd.DataFrame]:
        frames = generate_demo(
            municipalities=self.raw_munis,
            postal_areas=self.raw_postal,
            occupations=self.occupations,
            labels_da=self.labels,
            scale=scale,
            seed=0,
            today=TODAY,
        )
        return frames

    def prepare(self, frames: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The needs and job-seeker frames as the service hands them to ``matching``."""
        companies = frames["companies"]
        xy = representative_xy(companies, municipalities=self.munis, postal_areas=self.postal)
        needs = frames["needs"].merge(
            xy.assign(cvr=companies["cvr"])[["cvr", "x", "y"]], on="cvr", how="left"
        )
        needs = pd.concat(
            [needs, resolve_occupations(needs["occupation"].tolist(), self.index.resolve)], axis=1
        )
        seekers = frames["jobseekers"].copy()
        seekers[["x", "y"]] = representative_xy(seekers, municipalities=self.munis, postal_areas=self.postal)[
            ["x", "y"]
        ]
        seekers["isco_codes"], seekers["concept_uris"] = resolve_occupation_lists(
            seekers["occupations"].tolist(), self.index.resolve
        )
        return needs, seekers


def baselines(table: pd.DataFrame) -> dict[str, np.ndarray]:
    """Scores of the methods that learn nothing (higher = better)."""
    isco = table["isco_distance"].to_numpy(dtype=float)
    title = 10.0 * table["same_occupation"].to_numpy() + (4.0 - np.nan_to_num(isco, nan=5.0))
    return {
        "random": np.zeros(len(table)),  # every candidate tied: the order is the random tie-break
        "title-only": title,
        "skill-overlap only": np.nan_to_num(table["skill_coverage"].to_numpy(dtype=float), nan=0.0),
        "rule-based": RuleBasedRanker().score(table),
    }


def quality(region: Region, scale: float, folds: int, pool: int) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    frames = region.demo(scale)
    needs, seekers = region.prepare(frames)
    matcher = SkillMatcher(thesaurus=region.thesaurus).fit(
        [*needs["skills"].tolist(), *seekers["skills"].tolist()]
    )
    table = training_table(needs, seekers, frames["outcomes"], matcher)
    # the open pool: 40 random job seekers per need who were not suggested for it (irrelevant)
    rng = np.random.default_rng(0)
    hist = table["need_id"].unique()
    extra = pd.DataFrame(
        {
            "need_id": np.repeat(hist, pool),
            "person_id": seekers["person_id"].to_numpy()[rng.integers(0, len(seekers), len(hist) * pool)],
        }
    )
    known = set(zip(table["need_id"], table["person_id"], strict=True))
    extra = extra[[pair not in known for pair in zip(extra["need_id"], extra["person_id"], strict=True)]]
    extra = extra.drop_duplicates().assign(outcome="not_hired")
    extra_table = training_table(needs, seekers, extra, matcher)
    y = table["y"].to_numpy()
    groups = table["need_id"].to_numpy()
    learned = np.full(len(table), np.nan)
    learned_extra = np.full(len(extra_table), np.nan)
    started = time.perf_counter()
    for train_rows, test_rows in evaluation.need_folds(groups, folds, seed=0):
        model = make_pipeline(random_state=0).fit(table.iloc[train_rows], y[train_rows])
        learned[test_rows] = model.predict_proba(table.iloc[test_rows])[:, 1]
        held = np.isin(extra_table["need_id"].to_numpy(), np.unique(groups[test_rows]))
        learned_extra[held] = model.predict_proba(extra_table[held])[:, 1]
    fit_time = (time.perf_counter() - started) / folds
    own_scores = {**baselines(table), "learned (this work)": learned}
    extra_scores = {**baselines(extra_table), "learned (this work)": learned_extra}
    both = pd.concat([table, extra_table], ignore_index=True)
    rows_own, rows_open = [], []
    for name, scores in own_scores.items():
        for rows, frame, s in (
            (rows_own, table, scores),
            (rows_open, both, np.r_[scores, extra_scores[name]]),
        ):
            metrics = [
                evaluation.summarise(
                    evaluation.per_need(
                        frame["need_id"].to_numpy(), frame["relevance"].to_numpy(), s, ks=KS, seed=seed
                    )
                )
                for seed in SEEDS
            ]
            rows.append({"method": name, **{k: float(np.mean([m[k] for m in metrics])) for k in metrics[0]}})
    info = {
        "scale": scale,
        "needs": len(hist),
        "pairs": len(table),
        "positives": int(y.sum()),
        "candidates_per_need": len(table) / len(hist),
        "open_pool_pairs": len(both),
        "fit_seconds_per_fold": fit_time,
    }
    return pd.DataFrame(rows_own), pd.DataFrame(rows_open), info


def speed(region: Region, scale: float) -> dict[str, object]:
    t0 = time.perf_counter()
    frames = region.demo(scale)
    t1 = time.perf_counter()
    needs, seekers = region.prepare(frames)
    t2 = time.perf_counter()
    model = train(needs, seekers, frames["outcomes"], n_splits=5, thesaurus=region.thesaurus)
    t3 = time.perf_counter()
    rss_before = rss_gb()
    stats: dict[str, object] = {}
    result = rank_candidates(needs, seekers, model, top=10, stats=stats)
    t4 = time.perf_counter()
    rss_after = rss_gb()
    # what blocking loses: exhaustive ranking (every person within their commute) for a sample of needs
    sample = needs["need_id"].sample(100, random_state=0).tolist()
    exhaustive = rank_candidates(needs, seekers, model, top=10, need_ids=sample, min_pool=len(seekers))
    blocked = result[result["need_id"].isin(sample)]
    found = blocked.merge(exhaustive, on=["need_id", "person_id"]).shape[0] / len(exhaustive)
    return {
        "scale": scale,
        "needs": len(needs),
        "job seekers": len(seekers),
        "generate s": t1 - t0,
        "prepare s": t2 - t1,
        "train s": t3 - t2,
        "rank s": t4 - t3,
        "rows out": len(result),
        "pairs scored": stats["pairs_scored"],
        "pairs total": stats["pairs_total"],
        "needs by level": stats["needs_by_level"],
        "peak RSS before rank GB": rss_before,
        "peak RSS after rank GB": rss_after,
        "top-10 overlap with exhaustive (100 needs)": found,
        "cv": model.metadata["cv"],
    }


def markdown(frame: pd.DataFrame) -> str:
    cols = list(frame.columns)
    lines = [
        "| " + " | ".join(cols) + " |",
        "|" + "|".join("---" if c == "method" else "---:" for c in cols) + "|",
    ]
    for row in frame.itertuples(index=False):
        cells = [f"{v:.3f}" if isinstance(v, float) else str(v) for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="*", default=[1.0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--pool", type=int, default=40)
    parser.add_argument("--speed-scale", type=float, default=10.0)
    parser.add_argument("--speed-only", action="store_true")
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()
    machine = platform.processor() or platform.machine()
    print(f"python {platform.python_version()}, {machine}, features {FEATURES}")
    region = Region()
    if not args.speed_only:
        for scale in args.scales:
            own, open_pool, info = quality(region, scale, args.folds, args.pool)
            print(
                f"\n### scale {scale:g}: {info}\n\nown candidates\n\n{markdown(own)}\n\nopen pool\n\n"
                f"{markdown(open_pool)}",
                flush=True,
            )
    if not args.no_speed:
        print(f"\n### speed: {speed(region, args.speed_scale)}")


if __name__ == "__main__":
    main()
