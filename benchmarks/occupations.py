"""Occupation matching quality and speed (issue 4): held-out Danish labels and real Danish titles.

Held-out labels: every Danish *alternative* label (``label_index > 0``) of an ESCO
occupation is a query. The queries are split into k folds; for each fold the taxonomy
is rebuilt WITHOUT that fold's labels (and without any label of the same concept, Danish
or English, that folds to the same text), and the fold's labels are resolved against it.
Two protocols:

- A (strict, as the issue asks): only the label's own concept is right — even when the
  very same text is still a label of another concept, which then rightly comes first;
- B (ambiguity-aware): one query per distinct label text, held out from *every* concept
  that carries it, and each of those concepts is right.

External titles: MELO's 734 Danish job titles (the Danish national occupation list,
each linked by hand to an ESCO concept) against the full taxonomy.

Every method sees the same taxonomy in the same run:

- baseline: character n-gram TF-IDF (``char_wb``) cosine over all labels (English
  preferred + alternative, Danish), a concept scored by its best label;
- lksmatch: :class:`matching.occupations.OccupationIndex` (``benchmarks/occupations_rerank.py``
  tries a learned reranker on top of it; see the README).

A score under the method's threshold counts as a miss. Ranks are pessimistic: a wrong
concept tied with the best right one counts as ranked above it.

Usage::

    LKSMATCH_DATA_DIR=../shared/data .venv/bin/python benchmarks/occupations.py [--folds 5] [--seed 0]
        [--melo DIR] [--melo-only]
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


@dataclass(frozen=True)
class Taxonomy:
    """The raw ESCO frames as the ``store.refdata`` readers return them."""

    occupations: pd.DataFrame
    isco_groups: pd.DataFrame
    labels_da: pd.DataFrame
    hierarchy: pd.DataFrame | None = None

    def index(self, params: ScoringParams | None = None) -> OccupationIndex:
        """The (hand-weighted) occupation index over this taxonomy."""
        return OccupationIndex.from_taxonomy(
            self.occupations, self.isco_groups, self.labels_da, self.hierarchy, params=params
        )


def label_queries(taxonomy: Taxonomy) -> pd.DataFrame:
    """One query per distinct (folded) Danish alternative label of an occupation with an ISCO code.

    Columns ``label`` (as written), ``key`` (folded), ``concept_uri`` (the first
    occupation carrying it), ``isco`` and ``gold`` (the frozenset of every concept —
    occupation or ISCO group — with a Danish label of that text).
    """
    da = taxonomy.labels_da
    isco = dict(zip(taxonomy.occupations["ORIGINURI"], taxonomy.occupations["ISCOGROUPCODE"], strict=True))
    keys = da["label"].map(tx.fold)
    carriers = da.assign(key=keys).groupby("key")["concept_uri"].agg(frozenset)
    alt = da[(da["label_index"] > 0) & (da["kind"] == "occupation") & da["concept_uri"].isin(isco)]
    alt = alt.assign(key=keys[alt.index], isco=alt["concept_uri"].map(isco))
    alt = alt[alt["key"] != ""].drop_duplicates("key")
    return alt.assign(gold=alt["key"].map(carriers))[
        ["label", "key", "concept_uri", "isco", "gold"]
    ].reset_index(drop=True)


def hold_out(taxonomy: Taxonomy, held: pd.DataFrame) -> Taxonomy:
    """The taxonomy without each held-out label, removed from every concept of its ``gold`` set.

    A concept's English label with the same folded text goes too (79 Danish alternative
    labels are also English labels, e.g. "sommelier").
    """
    drop = {(uri, key) for gold, key in zip(held["gold"], held["key"], strict=True) for uri in gold}
    da = taxonomy.labels_da
    keep = [(u, k) not in drop for u, k in zip(da["concept_uri"], da["label"].map(tx.fold), strict=True)]
    return Taxonomy(
        _without(taxonomy.occupations, drop),
        _without(taxonomy.isco_groups, drop),
        da[keep].reset_index(drop=True),
        taxonomy.hierarchy,
    )


def _without(frame: pd.DataFrame, drop: set[tuple[str, str]]) -> pd.DataFrame:
    """English labels (preferred and alternative) of ``frame`` minus the (uri, folded text) pairs."""
    uris = {u for u, _ in drop}
    if not frame["ORIGINURI"].isin(uris).any():
        return frame
    preferred, alternative = [], []
    for uri, pref, alts in zip(frame["ORIGINURI"], frame["PREFERREDLABEL"], frame["ALTLABELS"], strict=True):
        if uri in uris:
            alts = "\n".join(a for a in str(alts).split("\n") if (uri, tx.fold(a)) not in drop)
            pref = "" if (uri, tx.fold(str(pref))) in drop else pref
        preferred.append(pref)
        alternative.append(alts)
    return frame.assign(PREFERREDLABEL=preferred, ALTLABELS=alternative)


def load(data_dir: Path | None) -> Taxonomy:
    settings = Settings(data_dir=data_dir) if data_dir else Settings()
    return Taxonomy(
        refdata.read_esco_occupations(settings),
        refdata.read_esco_isco_groups(settings),
        refdata.read_esco_labels_da(settings),
        refdata.read_esco_hierarchy(settings),
    )


def queries_of(frames: Taxonomy) -> pd.DataFrame:
    """Protocol A: each Danish alternative label of an occupation; only its own concept is right."""
    da = frames.labels_da
    isco = dict(zip(frames.occupations["ORIGINURI"], frames.occupations["ISCOGROUPCODE"], strict=True))
    alt = da[(da["label_index"] > 0) & (da["kind"] == "occupation") & da["concept_uri"].isin(isco)].copy()
    alt["isco"] = alt["concept_uri"].map(isco)
    alt["key"] = alt["label"].map(tx.fold)
    alt["gold"] = [frozenset([u]) for u in alt["concept_uri"]]
    return alt.reset_index(drop=True)


class CharBaseline:
    """Character n-gram TF-IDF cosine over all labels; a concept's score is its best label's."""

    def __init__(self, frames: Taxonomy, ngram_range: tuple[int, int]) -> None:
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
    """Pessimistic rank of the best-scored gold concept (0 = not found: absent or under ``floor``).

    ``gold`` holds one set of correct concept URIs per query; the rank counts the best
    gold concept itself plus every *wrong* concept scored at or above it.
    """
    pos = {u: i for i, u in enumerate(uris)}
    out = np.zeros(len(gold), dtype=int)
    for row, correct in enumerate(gold):
        cols = [j for j in (pos.get(u) for u in correct) if j is not None]
        if not cols:
            continue
        g = scores[row, cols].max()
        if g <= floor or g <= 0:
            continue
        wrong_above = int((scores[row] >= g).sum()) - int((scores[row, cols] >= g).sum())
        out[row] = 1 + wrong_above
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


#: Heads that Danish writers often split off a compound ("særskrivning": lager medarbejder).
_HEADS = (
    "medarbejder",
    "arbejder",
    "assistent",
    "tekniker",
    "operatør",
    "montør",
    "mester",
    "leder",
    "chef",
    "konsulent",
    "sælger",
    "lærer",
    "hjælper",
    "fører",
    "smed",
    "mekaniker",
    "ingeniør",
    "handler",
    "passer",
    "plejer",
    "vejleder",
    "koordinator",
    "specialist",
    "agent",
    "maler",
)


def _split_compound(label: str) -> str:
    words = label.split(" ")
    for i, word in enumerate(words):
        for head in _HEADS:
            if word.lower().endswith(head) and len(word) - len(head) >= 3:
                cut = len(word) - len(head)
                return " ".join([*words[:i], word[:cut], word[cut:], *words[i + 1 :]])
    return label


def _splittable(label: str) -> bool:
    return _split_compound(label) != label


def _feminine(label: str) -> str:
    """The old feminine form of the head word: direktør → direktrice, frisør → frisøse, lærer → lærerinde."""
    words = label.split(" ")
    w = words[0]
    if w.endswith("tør"):
        w = w[:-3] + "trice"
    elif w.endswith("ør"):
        w = w[:-2] + "øse"
    elif w.endswith("lærer") or w.endswith("sanger") or w.endswith("forstander"):
        w = w + "inde"
    elif w.endswith(("syer", "sælger")):
        w = w + "ske"
    return " ".join([w, *words[1:]])


def _typo(label: str) -> str:
    """One letter dropped from the middle of the longest word (of at least 7 letters)."""
    words = label.split(" ")
    i = max(range(len(words)), key=lambda k: len(words[k]))
    w = words[i]
    if len(w) < 7:
        return label
    mid = len(w) // 2
    words[i] = w[:mid] + w[mid + 1 :]
    return " ".join(words)


#: Realistic ways a user writes a title differently from the taxonomy: (name, applies?, rewrite).
PERTURBATIONS: list[tuple[str, object, object]] = [
    ("as written (no change)", lambda s: True, lambda s: s),
    ("æ/ø/å typed as ae/oe/aa", lambda s: any(c in s.lower() for c in "æøå"), lambda s: s.translate(_ASCII)),
    ("plural (tømrer → tømrere)", lambda s: len(s.split(" ")[0]) >= 4, _pluralise),
    ("hyphen as space (CNC-operatør → CNC operatør)", lambda s: "-" in s, lambda s: s.replace("-", " ")),
    ("compound split (lagermedarbejder → lager medarbejder)", _splittable, _split_compound),
    ("feminine form (frisør → frisøse, lærer → lærerinde)", lambda s: _feminine(s) != s, _feminine),
    ("one letter missing (svejser → svejer)", lambda s: _typo(s) != s, _typo),
    ("upper case", lambda s: True, str.upper),
]


LKSMATCH = "**lksmatch OccupationIndex**"


def evaluate(
    frames: Taxonomy,
    queries: pd.DataFrame,
    folds: int,
    seed: int,
    params: ScoringParams,
    baselines: list[tuple[int, int]],
) -> tuple[list[str], dict, dict, list[tuple[str, np.ndarray]], list[float]]:
    """Rank every query of ``queries`` (columns ``label``, ``gold``) with every method, k-fold."""
    rng = np.random.default_rng(seed)
    fold_of = rng.permutation(len(queries)) % folds
    methods = [f"baseline char_wb {a}-{b}" for a, b in baselines] + [LKSMATCH]
    variants = [
        (name, queries["label"].map(applies).to_numpy(dtype=bool)) for name, applies, _ in PERTURBATIONS
    ]
    isco_of = _isco_map(frames)
    gold_isco = [{isco_of.get(u, "")[:4] for u in gold} - {""} for gold in queries["gold"]]
    rank = {(m, v): np.zeros(len(queries), dtype=int) for m in methods for v, _ in variants}
    hit = {(m, v): np.zeros(len(queries), dtype=bool) for m in methods for v, _ in variants}
    build_s: list[float] = []
    for f in range(folds):
        held = queries[fold_of == f]
        reduced = hold_out(frames, held)
        rows = np.flatnonzero(fold_of == f)
        scorers = []
        for a, b in baselines:
            base = CharBaseline(reduced, (a, b))
            isco = pd.Series(base.uris).map(isco_of).fillna("").to_numpy()
            scorers.append((base.scores, base.uris, isco, 0.0))
        t0 = time.perf_counter()
        index = reduced.index(params)
        build_s.append(time.perf_counter() - t0)
        uris = index.concepts["concept_uri"].to_numpy()
        scorers.append((index.scores, uris, index.concepts["isco_code"].to_numpy(), params.min_score))
        for (vname, _), (_, _, rewrite) in zip(variants, PERTURBATIONS, strict=True):
            texts = [rewrite(t) for t in held["label"]]  # type: ignore[operator]
            for name, (score, uris, isco, floor) in zip(methods, scorers, strict=True):
                s = score(texts)
                rank[name, vname][rows] = ranks(s, uris, held["gold"], floor=floor)
                top = top_isco(s, isco)
                hit[name, vname][rows] = [str(t)[:4] in gold_isco[r] for t, r in zip(top, rows, strict=True)]
        print(f"fold {f + 1}/{folds}: {len(held)} queries", file=sys.stderr)
    return methods, rank, hit, variants, build_s


def report(
    title: str,
    queries: pd.DataFrame,
    shared: set[str],
    methods: list[str],
    rank: dict,
    hit: dict,
    variants: list[tuple[str, np.ndarray]],
) -> None:
    plain = variants[0][0]
    print(f"\n### {title}\n")
    print("| method | MRR | success@1 | success@10 | top-1 in a right ISCO-08 unit group |")
    print("|---|---|---|---|---|")
    for m in methods:
        r = summary(rank[m, plain], hit[m, plain])
        print(f"| {m} | {r['MRR']:.3f} | {r['S@1']:.3f} | {r['S@10']:.3f} | {r['ISCO4@1']:.3f} |")
    best_base = max(methods[:-1], key=lambda m: summary(rank[m, plain], hit[m, plain])["MRR"])
    ours = methods[-1]
    print(f"\nBy query subset ({best_base} vs lksmatch):\n")
    print("| subset | n | baseline MRR | lksmatch MRR | baseline S@1 | lksmatch S@1 |")
    print("|---|---|---|---|---|---|")
    for label, mask in subsets(queries, shared).items():
        b, o = (summary(rank[m, plain][mask], hit[m, plain][mask]) for m in (best_base, ours))
        print(
            f"| {label} | {mask.sum()} | {b['MRR']:.3f} | {o['MRR']:.3f} | {b['S@1']:.3f} | {o['S@1']:.3f} |"
        )
    print(
        "\nThe same held-out queries written the way users write them (only queries the rewrite changes):\n"
    )
    print("| rewrite | n | baseline MRR | lksmatch MRR | baseline S@10 | lksmatch S@10 |")
    print("|---|---|---|---|---|---|")
    for vname, mask in variants:
        b, o = (summary(rank[m, vname][mask], hit[m, vname][mask]) for m in (best_base, ours))
        cells = [b["MRR"], o["MRR"], b["S@10"], o["S@10"]]
        print(f"| {vname} | {mask.sum()} | " + " | ".join(f"{c:.3f}" for c in cells) + " |")


def run(
    frames: Taxonomy, folds: int, seed: int, params: ScoringParams, baselines: list[tuple[int, int]]
) -> None:
    queries = queries_of(frames)
    da_keys = frames.labels_da.assign(key=frames.labels_da["label"].map(tx.fold))
    per_key = da_keys.groupby("key")["concept_uri"].nunique()
    shared = set(per_key[per_key > 1].index)
    strict = queries
    aware = label_queries(frames)
    print(
        f"\n{len(queries)} queries (Danish alternative labels of "
        f"{queries['concept_uri'].nunique()} occupations; {len(aware)} distinct texts), "
        f"{folds}-fold, seed {seed}; candidates: all ESCO occupations and ISCO-08 groups."
    )
    for title, qs in (
        ("Protocol A (strict): only the label's own concept is right", strict),
        ("Protocol B (ambiguity-aware): any concept carrying the label is right", aware),
    ):
        methods, rank, hit, variants, _ = evaluate(frames, qs, folds, seed, params, baselines)
        report(title, qs, shared, methods, rank, hit, variants)


def speed(indexes: dict[str, OccupationIndex], texts: list[str], notes: str) -> None:
    print(f"\nSpeed ({platform.machine()}, {os.cpu_count()} cores; {notes}):\n")
    print("| method | `resolve`, ms per title | `match_many`, ms per title |")
    print("|---|---|---|")
    for name, index in indexes.items():
        sample = texts[:300]
        t0 = time.perf_counter()
        for t in sample:
            index.resolve(t)
        single_ms = (time.perf_counter() - t0) / len(sample) * 1000
        t0 = time.perf_counter()
        index.match_many([str(i) for i in range(len(texts))], texts, top=10)
        batch_ms = (time.perf_counter() - t0) / len(texts) * 1000
        print(f"| {name} | {single_ms:.1f} | {batch_ms:.2f} |")


#: MELO (Avature, MIT licence): 734 Danish job titles of the Danish national occupation list
#: (STAR's DISCO-08-based titles), each linked by hand to one ESCO occupation or ISCO group.
#: They are not ESCO labels, so they test titles as Danish employers write them. Only this
#: benchmark uses them; they are downloaded (pinned, checked) on first use and cached.
_MELO_Q = "https://raw.githubusercontent.com/Avature/melo-benchmark/59a5753ac136dd829fe53bbe29c90f8431d8f4b3"
MELO_QUERIES = refdata.RefFile(
    "benchmarks/melo_dnk_queries.tsv",
    f"{_MELO_Q}/data/processed/melo/dnk_q_da_c_da/queries.tsv",
    "1c8135c6146abbf385ea6ad47b24f428131c09e7a1f5a10338319fa0ca25374a",
)
MELO_ANNOTATIONS = refdata.RefFile(
    "benchmarks/melo_dnk_annotations.tsv",
    f"{_MELO_Q}/data/processed/melo/dnk_q_da_c_da/annotations.tsv",
    "9d9111856cf293269b13ce0e25f2500f9f70bff521db1c30ca7cb9afb1124155",
)


def melo_file(ref: refdata.RefFile, folder: Path | None, settings: Settings) -> Path:
    """A verified copy: from ``folder`` if given, else the cache, else a download."""
    if folder is not None:
        path = folder / Path(ref.url).name
        actual = refdata.sha256_of(path)
        if actual != ref.sha256:
            raise SystemExit(f"{path} has SHA-256 {actual}, expected {ref.sha256}")
        return path
    path = settings.cache_dir / ref.name
    if path.is_file() and refdata.sha256_of(path) == ref.sha256:
        return path
    return refdata.download(ref, path)


def melo_queries(frames: Taxonomy, folder: Path | None, settings: Settings) -> pd.DataFrame:
    """MELO's Danish queries with their gold concept (element ids ``C000123_da_004``).

    MELO numbers its concepts in the order of its ``concept_mapping.tsv``, which is the
    order of the concepts in ``esco_labels_da.tsv`` (that file is rebuilt from it and
    checked against its pinned checksum), so ``C000123`` is the 123rd concept there.
    """
    order = frames.labels_da["concept_uri"].drop_duplicates().tolist()
    with melo_file(MELO_QUERIES, folder, settings).open(encoding="utf-8") as fh:
        titles = dict(line.rstrip("\n").split("\t", 1) for line in fh if line.strip())
    gold: dict[str, set[str]] = {}
    with melo_file(MELO_ANNOTATIONS, folder, settings).open(encoding="utf-8") as fh:
        for line in fh:
            qid, _, element, _ = line.rstrip("\n").split("\t")
            gold.setdefault(qid, set()).add(order[int(element[1:7]) - 1])
    q = pd.DataFrame({"qid": list(titles), "label": list(titles.values())})
    q["gold"] = q["qid"].map(lambda k: frozenset(gold[k]))
    q["key"] = q["label"].map(tx.fold)
    return q


def run_melo(
    frames: Taxonomy,
    folder: Path | None,
    settings: Settings,
    indexes: dict[str, OccupationIndex],
    baselines: list[tuple[int, int]],
) -> None:
    q = melo_queries(frames, folder, settings)
    isco_of = _isco_map(frames)
    gold_isco = [{isco_of.get(u, "")[:4] for u in g} - {""} for g in q["gold"]]
    labels_of: dict[str, set[str]] = {}
    for uri, key in zip(frames.labels_da["concept_uri"], frames.labels_da["label"].map(tx.fold), strict=True):
        labels_of.setdefault(key, set()).add(uri)
    in_esco = np.array([bool(labels_of.get(k)) for k in q["key"]])
    scorers = []
    for a, b in baselines:
        base = CharBaseline(frames, (a, b))
        scorers.append(
            (
                f"baseline char_wb {a}-{b}",
                base.scores,
                base.uris,
                pd.Series(base.uris).map(isco_of).fillna("").to_numpy(),
                0.0,
            )
        )
    for name, ix in indexes.items():
        uris = ix.concepts["concept_uri"].to_numpy()
        scorers.append((name, ix.scores, uris, ix.concepts["isco_code"].to_numpy(), ix.params.min_score))
    results = {}
    for name, score, uris, isco, floor in scorers:
        s = score(q["label"].tolist())
        r = ranks(s, uris, q["gold"], floor=floor)
        h = np.array([str(t)[:4] in g for t, g in zip(top_isco(s, isco), gold_isco, strict=True)])
        results[name] = (r, h)
    print(
        f"\n### MELO Danish titles (external: {len(q)} titles of the Danish national occupation "
        "list, each linked by hand to an ESCO concept; full taxonomy, nothing held out)\n"
    )
    print("| method | subset | n | MRR | success@1 | success@10 | top-1 in the right ISCO-08 unit group |")
    print("|---|---|---|---|---|---|---|")
    for label, mask in (
        ("all", np.ones(len(q), dtype=bool)),
        ("title is not a Danish ESCO label", ~in_esco),
        ("title equals a Danish ESCO label", in_esco),
    ):
        for name, (r, h) in results.items():
            m = summary(r[mask], h[mask])
            print(
                f"| {name} | {label} | {mask.sum()} | {m['MRR']:.3f} | {m['S@1']:.3f} | "
                f"{m['S@10']:.3f} | {m['ISCO4@1']:.3f} |"
            )


_ISCO: dict[str, str] = {}


def _isco_map(frames: Taxonomy) -> dict[str, str]:
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
    parser.add_argument(
        "--melo",
        type=Path,
        default=None,
        help="folder holding MELO's queries.tsv and annotations.tsv (else cache, else download)",
    )
    parser.add_argument("--melo-only", action="store_true", help="run only the MELO evaluation")
    args = parser.parse_args(argv)
    data_dir = args.data or (
        Path(os.environ["LKSMATCH_DATA_DIR"]) if os.environ.get("LKSMATCH_DATA_DIR") else None
    )
    params = ScoringParams()
    for item in args.param:
        name, value = item.split("=", 1)
        params = replace(params, **{name: float(value)})
    frames = load(data_dir)
    settings = Settings(data_dir=data_dir) if data_dir else Settings()
    baselines = [(2, 4), (3, 5)]
    t0 = time.perf_counter()
    index = frames.index(params)
    built = time.perf_counter() - t0
    indexes = {LKSMATCH: index}
    run_melo(frames, args.melo, settings, indexes, baselines)
    if not args.melo_only:
        run(frames, args.folds, args.seed, params, baselines)
    notes = f"index build {built:.1f} s ({len(index)} concepts, {len(index.labels)} distinct labels)"
    speed(indexes, label_queries(frames)["label"].tolist(), notes)


if __name__ == "__main__":
    main()
