"""Occupation matching quality and speed (issue 4): held-out Danish alternative labels as queries.

Every Danish *alternative* label (``label_index > 0``) of an ESCO occupation is a query
whose correct answer is its own concept. The labels are split into k folds; for each
fold the index is rebuilt WITHOUT that fold's labels (and without any other label of the
same concept, Danish or English, that folds to the same text), and the fold's labels are
resolved against it. Both methods see exactly the same reduced taxonomy:

- baseline: character n-gram TF-IDF (``char_wb``) cosine over all labels (English
  preferred + alternative, Danish), a concept scored by its best label;
- lksmatch: :class:`matching.occupations.OccupationIndex` (scores under its
  ``min_score`` count as a miss).

Ranks are pessimistic: a concept tied with the correct one counts as ranked above it.

Usage::

    LKSMATCH_DATA_DIR=../shared/data .venv/bin/python benchmarks/occupations.py [--folds 5] [--seed 0]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lksmatch.config import Settings  # noqa: E402
from matching import text as tx  # noqa: E402
from matching.occupations import OccupationIndex, ScoringParams  # noqa: E402
from store import refdata  # noqa: E402


@dataclass
class Frames:
    occupations: pd.DataFrame
    isco_groups: pd.DataFrame
    labels_da: pd.DataFrame
    hierarchy: pd.DataFrame


def load(data_dir: Path | None) -> Frames:
    settings = Settings(data_dir=data_dir) if data_dir else Settings()
    return Frames(
        refdata.read_esco_occupations(settings),
        refdata.read_esco_isco_groups(settings),
        refdata.read_esco_labels_da(settings),
        refdata.read_esco_hierarchy(settings),
    )


def queries_of(frames: Frames) -> pd.DataFrame:
    """Danish alternative labels of occupations that are in the English file (they have an ISCO code)."""
    da = frames.labels_da
    isco = dict(zip(frames.occupations["ORIGINURI"], frames.occupations["ISCOGROUPCODE"], strict=True))
    alt = da[(da["label_index"] > 0) & (da["kind"] == "occupation") & da["concept_uri"].isin(isco)].copy()
    alt["isco"] = alt["concept_uri"].map(isco)
    alt["key"] = alt["label"].map(tx.fold)
    return alt.reset_index()  # column "index" = row in labels_da


def hold_out(frames: Frames, held: pd.DataFrame) -> Frames:
    """The taxonomy without the held-out labels and their same-concept duplicates (both languages)."""
    drop = set(zip(held["concept_uri"], held["key"], strict=True))
    da = frames.labels_da
    da_keys = da["label"].map(tx.fold)
    keep = [(u, k) not in drop for u, k in zip(da["concept_uri"], da_keys, strict=True)]
    occ = frames.occupations.copy()
    touched = occ["ORIGINURI"].isin(held["concept_uri"])
    for i in np.flatnonzero(touched.to_numpy()):
        uri = occ.iat[i, occ.columns.get_loc("ORIGINURI")]
        alts = occ.iat[i, occ.columns.get_loc("ALTLABELS")].split("\n")
        occ.iat[i, occ.columns.get_loc("ALTLABELS")] = "\n".join(
            a for a in alts if (uri, tx.fold(a)) not in drop
        )
        if (uri, tx.fold(occ.iat[i, occ.columns.get_loc("PREFERREDLABEL")])) in drop:
            occ.iat[i, occ.columns.get_loc("PREFERREDLABEL")] = ""
    return Frames(occ, frames.isco_groups, da[keep].reset_index(drop=True), frames.hierarchy)


class CharBaseline:
    """Character n-gram TF-IDF cosine over all labels; a concept's score is its best label's."""

    def __init__(self, frames: Frames, ngram_range: tuple[int, int]) -> None:
        rows: list[tuple[str, str]] = []
        for frame in (frames.occupations, frames.isco_groups):
            for uri, pref, alt in zip(
                frame["ORIGINURI"], frame["PREFERREDLABEL"], frame["ALTLABELS"], strict=True
            ):
                rows.extend((uri, label) for label in [pref, *alt.split("\n")] if label.strip())
        known = set(frames.occupations["ORIGINURI"]) | set(frames.isco_groups["ORIGINURI"])
        da = frames.labels_da
        rows.extend((u, lab) for u, lab in zip(da["concept_uri"], da["label"], strict=True) if u in known)
        labels = pd.DataFrame(rows, columns=["uri", "label"]).sort_values("uri", kind="stable")
        self.uris = labels["uri"].drop_duplicates().to_numpy()
        codes = labels["uri"].to_numpy()
        self._starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
        self._vec = TfidfVectorizer(analyzer="char_wb", ngram_range=ngram_range, sublinear_tf=True)
        self._matrix_t = self._vec.fit_transform(labels["label"]).T.tocsr()

    def scores(self, texts: list[str]) -> np.ndarray:
        out = []
        for i in range(0, len(texts), 128):
            sims = (self._vec.transform(texts[i : i + 128]) @ self._matrix_t).toarray()
            out.append(np.maximum.reduceat(sims, self._starts, axis=1))
        return np.vstack(out)


def ranks(scores: np.ndarray, uris: np.ndarray, gold: pd.Series, floor: float = 0.0) -> np.ndarray:
    """Pessimistic rank of each gold concept (0 = not found: absent or under ``floor``)."""
    pos = {u: i for i, u in enumerate(uris)}
    out = np.zeros(len(gold), dtype=int)
    for row, uri in enumerate(gold):
        j = pos.get(uri)
        if j is None:
            continue
        g = scores[row, j]
        if g <= floor or g <= 0:
            continue
        out[row] = int((scores[row] >= g).sum())  # itself plus every concept tied or above
    return out


def top_isco(scores: np.ndarray, isco: np.ndarray) -> np.ndarray:
    return isco[np.argmax(scores, axis=1)]


def summary(rank: np.ndarray, isco_hit: np.ndarray) -> dict[str, float]:
    rr = np.where(rank > 0, 1.0 / np.maximum(rank, 1), 0.0)
    found = rank > 0
    return {
        "MRR": rr.mean(),
        "S@1": (found & (rank <= 1)).mean(),
        "S@10": (found & (rank <= 10)).mean(),
        "ISCO4@1": isco_hit.mean(),
    }


def subsets(queries: pd.DataFrame, shared: set[str]) -> dict[str, np.ndarray]:
    label = queries["label"]
    words = label.map(lambda s: len(tx.fold(s).split()))
    return {
        "all": np.ones(len(queries), dtype=bool),
        "with a hyphen": label.str.contains("-", regex=False).to_numpy(),
        "one word": (words == 1).to_numpy(),
        "several words": (words > 1).to_numpy(),
        "short (≤ 12 chars)": (label.str.len() <= 12).to_numpy(),
        "long (> 25 chars)": (label.str.len() > 25).to_numpy(),
        "label also names another concept": queries["key"].isin(shared).to_numpy(),
        "label unique to its concept": (~queries["key"].isin(shared)).to_numpy(),
    }


_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def _plural(word: str) -> str:
    if word.endswith("er"):
        return word + "e"
    if word.endswith("e"):
        return word + "r"
    return word + "er"


def _pluralise(label: str) -> str:
    """Plural of the head word: the first word of a multi-word title, else the only word."""
    words = label.split(" ")
    return " ".join([_plural(words[0]), *words[1:]])


#: Realistic ways a user writes a title differently from the taxonomy: (name, applies?, rewrite).
PERTURBATIONS: list[tuple[str, object, object]] = [
    ("as written (no change)", lambda s: True, lambda s: s),
    ("æ/ø/å typed as ae/oe/aa", lambda s: any(c in s.lower() for c in "æøå"), lambda s: s.translate(_ASCII)),
    ("plural (tømrer → tømrere)", lambda s: len(s.split(" ")[0]) >= 4, _pluralise),
    ("hyphen as space (CNC-operatør → CNC operatør)", lambda s: "-" in s, lambda s: s.replace("-", " ")),
    ("upper case", lambda s: True, str.upper),
]


def run(
    frames: Frames, folds: int, seed: int, params: ScoringParams, baselines: list[tuple[int, int]]
) -> None:
    queries = queries_of(frames)
    rng = np.random.default_rng(seed)
    fold_of = rng.permutation(len(queries)) % folds
    methods = [f"baseline char_wb {a}-{b}" for a, b in baselines] + ["lksmatch OccupationIndex"]
    variants = [
        (name, queries["label"].map(applies).to_numpy(dtype=bool)) for name, applies, _ in PERTURBATIONS
    ]
    rank = {(m, v): np.zeros(len(queries), dtype=int) for m in methods for v, _ in variants}
    hit = {(m, v): np.zeros(len(queries), dtype=bool) for m in methods for v, _ in variants}
    build_s: list[float] = []
    for f in range(folds):
        held = queries[fold_of == f]
        reduced = hold_out(frames, held)
        rows = np.flatnonzero(fold_of == f)
        gold_isco = held["isco"].to_numpy()
        scorers = []
        for a, b in baselines:
            base = CharBaseline(reduced, (a, b))
            isco = pd.Series(base.uris).map(_isco_map(frames)).fillna("").to_numpy()
            scorers.append((base.scores, base.uris, isco, 0.0))
        t0 = time.perf_counter()
        index = OccupationIndex.from_taxonomy(
            reduced.occupations, reduced.isco_groups, reduced.labels_da, reduced.hierarchy, params=params
        )
        build_s.append(time.perf_counter() - t0)
        scorers.append(
            (
                index.scores,
                index.concepts["concept_uri"].to_numpy(),
                index.concepts["isco_code"].to_numpy(),
                params.min_score,
            )
        )
        for (vname, _), (_, _, rewrite) in zip(variants, PERTURBATIONS, strict=True):
            texts = [rewrite(t) for t in held["label"]]  # type: ignore[operator]
            for name, (score, uris, isco, floor) in zip(methods, scorers, strict=True):
                s = score(texts)
                rank[name, vname][rows] = ranks(s, uris, held["concept_uri"], floor=floor)
                hit[name, vname][rows] = top_isco(s, isco) == gold_isco
        print(f"fold {f + 1}/{folds}: {len(held)} queries", file=sys.stderr)

    plain = variants[0][0]
    da_keys = frames.labels_da.assign(key=frames.labels_da["label"].map(tx.fold))
    per_key = da_keys.groupby("key")["concept_uri"].nunique()
    shared = set(per_key[per_key > 1].index)
    print(
        f"\n{len(queries)} queries (Danish alternative labels of "
        f"{queries['concept_uri'].nunique()} occupations), "
        f"{folds}-fold, seed {seed}; candidates: all ESCO occupations and ISCO-08 groups.\n"
    )
    print("| method | MRR | success@1 | success@10 | top-1 in the right ISCO-08 unit group |")
    print("|---|---|---|---|---|")
    for m in methods:
        r = summary(rank[m, plain], hit[m, plain])
        print(f"| {m} | {r['MRR']:.3f} | {r['S@1']:.3f} | {r['S@10']:.3f} | {r['ISCO4@1']:.3f} |")
    best_base = max(methods[:-1], key=lambda m: summary(rank[m, plain], hit[m, plain])["MRR"])
    ours = methods[-1]
    print(f"\nBy query subset, {best_base} vs lksmatch:\n")
    print("| subset | n | baseline MRR | lksmatch MRR | baseline S@1 | lksmatch S@1 |")
    print("|---|---|---|---|---|---|")
    for label, mask in subsets(queries, shared).items():
        b = summary(rank[best_base, plain][mask], hit[best_base, plain][mask])
        o = summary(rank[ours, plain][mask], hit[ours, plain][mask])
        print(
            f"| {label} | {mask.sum()} | {b['MRR']:.3f} | {o['MRR']:.3f} | {b['S@1']:.3f} | {o['S@1']:.3f} |"
        )
    print(
        "\nThe same held-out queries written the way users write them (only queries the rewrite changes):\n"
    )
    print("| rewrite | n | baseline MRR | lksmatch MRR | baseline S@10 | lksmatch S@10 |")
    print("|---|---|---|---|---|---|")
    for vname, mask in variants:
        b = summary(rank[best_base, vname][mask], hit[best_base, vname][mask])
        o = summary(rank[ours, vname][mask], hit[ours, vname][mask])
        cells = [b["MRR"], o["MRR"], b["S@10"], o["S@10"]]
        print(f"| {vname} | {mask.sum()} | " + " | ".join(f"{c:.3f}" for c in cells) + " |")
    speed(frames, queries["label"].tolist(), params, build_s)


def speed(frames: Frames, texts: list[str], params: ScoringParams, build_s: list[float]) -> None:
    t0 = time.perf_counter()
    index = OccupationIndex.from_taxonomy(
        frames.occupations, frames.isco_groups, frames.labels_da, frames.hierarchy, params=params
    )
    full_build = time.perf_counter() - t0
    sample = texts[:300]
    t0 = time.perf_counter()
    for t in sample:
        index.resolve(t)
    single_ms = (time.perf_counter() - t0) / len(sample) * 1000
    t0 = time.perf_counter()
    index.match_many([str(i) for i in range(len(texts))], texts, top=10)
    batch_ms = (time.perf_counter() - t0) / len(texts) * 1000
    print(
        f"\nSpeed: build {full_build:.1f} s (fold builds {np.mean(build_s):.1f} s on average); "
        f"`resolve` {single_ms:.1f} ms per title; `match_many` {batch_ms:.2f} ms per title "
        f"({len(texts)} titles); {platform.machine()}, {os.cpu_count()} cores."
    )


_ISCO: dict[str, str] = {}


def _isco_map(frames: Frames) -> dict[str, str]:
    if not _ISCO:
        _ISCO.update(zip(frames.occupations["ORIGINURI"], frames.occupations["ISCOGROUPCODE"], strict=True))
        _ISCO.update(zip(frames.isco_groups["ORIGINURI"], frames.isco_groups["CODE"], strict=True))
    return _ISCO


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--data", type=Path, default=None, help="reference data folder (else LKSMATCH_DATA_DIR)"
    )
    parser.add_argument(
        "--param", action="append", default=[], help="override a ScoringParams field: name=value"
    )
    args = parser.parse_args(argv)
    data_dir = args.data or (
        Path(os.environ["LKSMATCH_DATA_DIR"]) if os.environ.get("LKSMATCH_DATA_DIR") else None
    )
    params = ScoringParams()
    for item in args.param:
        name, value = item.split("=", 1)
        params = replace(params, **{name: float(value)})
    run(load(data_dir), args.folds, args.seed, params, baselines=[(2, 4), (3, 5)])


if __name__ == "__main__":
    main()
