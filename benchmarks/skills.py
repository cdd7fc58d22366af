"""Skill matching alone: does ``SkillMatcher`` recover a concept from a wording it was not told about?

The matcher is the product's: :class:`matching.skills.SkillMatcher` with the store's
thesaurus (``store/data/skill_thesaurus.csv``), fitted on the skills of the scale-1 demo
(needs and job seekers, seed 0) as the service fits it, so that wordings outside the
thesaurus are grouped as in real use. Its decision on a pair of wordings is "same
concept" when both resolve to one concept id. Baseline, measured in the same run: exact
match after lower-casing and collapsing white space.

Pairs from the demo generator. Both sides are drawn by
:func:`demo.skill_wordings` — the function that writes the demo's skills —
the first as a need writes it (:data:`demo.NEED_SKILL_MIX`), the second as a
job seeker writes it (:data:`demo.SEEKER_SKILL_MIX`); ``--per-concept``
rounds over every concept (seed 0). Each round gives, per concept, a pair of the same
concept, a pair with a random other concept and, where the concept has one, a pair with a
look-alike concept (:data:`LOOK_ALIKE`: TIG vs MIG, kørekort C vs D, debitor vs kreditor
…). Both sides may happen to be the same string, as in the demo.

Rows by the hardest wording in the pair: a synonym held out of the thesaurus on purpose
(:data:`demo.HELD_OUT_SKILLS`), else a spelling variant (case,
separator, æ/ø/å as ae/oe/aa, typo, ending; :func:`demo.spelling_variant`),
else two wordings the thesaurus knows (verbatim, sometimes re-cased). Precision and
recall are over that row's pairs (same-concept and different-concept ones); the
false-match rate is the share of different-concept pairs judged the same, shown for
look-alike and for unrelated concepts separately.

Hand-made pairs (:data:`HAND_PAIRS`): wordings written for this benchmark, not taken
from the generator, the thesaurus file or the tests, labelled by hand.

Speed: the time to fit the matcher alone (not generating the demo), on the
scale-1 demo and, with ``--speed-scale`` (default 10, 0 to skip), on a larger demo, with
the number of distinct skill texts and of groups of wordings outside the thesaurus.

Usage::

    LKSMATCH_DATA_DIR=../shared/data .venv/bin/python benchmarks/skills.py \\
        [--per-concept 60] [--speed-scale 10]
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import demo  # noqa: E402
from lksmatch.config import load_settings  # noqa: E402
from matching.skills import SkillMatcher, normalise_skill, split_skills  # noqa: E402
from store import refdata  # noqa: E402
from store.vocab import read_skill_thesaurus  # noqa: E402

TODAY = dt.date(2026, 11, 27)

#: Concepts whose wordings look alike but name different skills (hand-made).
LOOK_ALIKE: tuple[tuple[str, ...], ...] = (
    ("migmag", "tig"),
    ("cnc_prog", "cnc_drej", "cnc_fraes", "plc"),
    ("korekort_b", "korekort_ce", "korekort_d"),
    ("hygiejne", "hygiejne_smitte", "rengoering"),
    ("debitor", "kreditor", "bogfoering"),
    ("java", "javascript"),
    ("truck", "lift", "kran"),
    ("personlig_pleje", "palliation", "sygepleje"),
    ("el_install", "elsikkerhed"),
    ("dokumentation", "dokumenthaandtering"),
    ("lagerstyring", "godshaandtering"),
    ("toemrer", "tag", "murer"),
    ("m365", "word", "excel"),
)

#: (wording, wording, same concept?, kind) written by hand for this benchmark.
HAND_PAIRS: tuple[tuple[str, str, bool, str], ...] = (
    # spelling and word order of wordings the thesaurus knows
    ("Truckcertifikat B", "truckcertifikat (B)", True, "spelling"),
    ("svejsning MIG/MAG", "MIG/MAG-svejsning", True, "spelling"),
    ("Kørekort kat. C", "kørekort C", True, "spelling"),
    ("kørekort kategori B", "kørekort B", True, "spelling"),
    ("C-kørekort", "kørekort C", True, "spelling"),
    ("CNC programmør", "CNC-programmering", True, "spelling"),
    ("medicinhaandtering", "medicinhåndtering", True, "spelling"),
    ("Førstehjælpskurser", "førstehjælpskursus", True, "spelling"),
    ("truckcertifkat", "truckcertifikat", True, "spelling"),
    ("fødevarehygiene", "fødevarehygiejne", True, "spelling"),
    ("Vedligeholdelse af maskinerne", "vedligeholdelse af maskiner", True, "spelling"),
    ("Solid Works", "SolidWorks", True, "spelling"),
    ("Excel-regneark", "regneark (Excel)", True, "spelling"),
    ("plukning m. håndterminal", "plukning med håndterminal", True, "spelling"),
    ("MS Excel", "Microsoft Excel", True, "spelling"),
    # synonyms no spelling rule relates
    ("gaffeltruckfører", "truckcertifikat", True, "synonym"),
    ("bus-kørekort", "kørekort D", True, "spelling"),
    ("lastbilkort", "kørekort C", True, "synonym"),
    ("svejsecertifikat", "MIG-svejsning", True, "synonym"),
    ("lønbogholderi", "lønadministration", True, "synonym"),
    ("Dynamics NAV", "Navision", True, "synonym"),
    ("borgerdokumentation", "dokumentation (FSIII)", True, "synonym"),
    ("hjertemassage", "hjerte-lunge-redning", True, "synonym"),
    ("kundebehandling", "kundeservice", True, "synonym"),
    ("arbejde med stilladser", "stilladsopstilling", True, "synonym"),
    ("palliativ omsorg", "palliativ pleje", True, "synonym"),
    ("regnskabsføring", "bogføring", True, "synonym"),
    # different skills that look alike
    ("TIG-svejsning", "MIG-svejsning", False, "look-alike"),
    ("CNC-drejning", "CNC-fræsning", False, "look-alike"),
    ("debitorbogholderi", "kreditorbogholderi", False, "look-alike"),
    ("Java", "JavaScript", False, "look-alike"),
    ("kørekort C", "kørekort D", False, "look-alike"),
    ("hygiejnebevis", "infektionshygiejne", False, "look-alike"),
    ("PLC-programmering", "CNC-programmering", False, "look-alike"),
    ("personlig pleje", "palliativ pleje", False, "look-alike"),
    ("pladesvejsning", "rørsvejsning", False, "look-alike"),
    ("rørsvejsning", "rørlægning", False, "look-alike"),
    ("el-installation", "elsikkerhed", False, "look-alike"),
    ("lagerstyring", "lagerarbejde", False, "look-alike"),
    ("tagdækning", "fliselægning", False, "look-alike"),
    ("undervandssvejsning", "undervisning", False, "look-alike"),
    ("Word", "WordPress", False, "look-alike"),
    ("kranfører", "truckfører", False, "look-alike"),
)


def baseline_same(a: str, b: str) -> bool:
    """Exact match after lower-casing and collapsing white space."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def demo_corpus(scale: float) -> list[str]:
    """The skill cells of the demo's needs and job seekers (seed 0), as the service fits on them."""
    s = load_settings()
    frames = demo.generate_demo(
        municipalities=refdata.read_municipalities(s),
        postal_areas=refdata.read_postal_codes(s),
        occupations=refdata.read_esco_occupations(s),
        labels_da=refdata.read_esco_labels_da(s),
        scale=scale,
        seed=0,
        today=TODAY,
    )
    return [*frames["needs"]["skills"].tolist(), *frames["jobseekers"]["skills"].tolist()]


def timed_fit(thesaurus: dict[str, tuple[str, ...]], corpus: list[str]) -> tuple[SkillMatcher, float]:
    """The product's matcher fitted on ``corpus`` (as the service fits it) and the seconds it took.

    The cache of normalised skills is emptied first, so each fit starts cold as in a new process.
    """
    normalise_skill.cache_clear()
    started = time.perf_counter()
    matcher = SkillMatcher(thesaurus=thesaurus).fit(corpus)
    return matcher, time.perf_counter() - started


def fit_report(matcher: SkillMatcher, corpus: list[str], took: float, scale: float) -> str:
    """One line: fit time, cells, distinct skill texts and their concepts at a demo scale."""
    texts = {t for cell in corpus for t in split_skills(cell)}
    concepts = {matcher.concept(t) for t in texts}
    outside = sum(c.startswith("u:") for c in concepts)
    return (
        f"scale {scale:g}: matcher fitted on {len(corpus):,} skill cells in {took:.2f} s "
        f"({len(texts):,} distinct skill texts, {len(concepts) - outside} thesaurus concepts, "
        f"{outside:,} groups of wordings outside the thesaurus)"
    )


def demo_pairs(per_concept: int, seed: int) -> pd.DataFrame:
    """Pairs (a need's wording, a job seeker's wording) drawn as the demo writes them."""
    rng = np.random.default_rng(seed)
    alike: dict[str, list[str]] = {}
    for group in LOOK_ALIKE:
        for key in group:
            alike.setdefault(key, []).extend(k for k in group if k != key and k not in alike[key])
    concepts = sorted(demo.SKILLS)
    need_keys, seeker_keys, partner = [], [], []
    for key in concepts * per_concept:
        need_keys += [key, key]
        seeker_keys.append(key)
        partner.append("same concept")
        others = [k for k in concepts if k != key and k not in alike.get(key, [])]
        seeker_keys.append(others[rng.integers(len(others))])
        partner.append("unrelated")
        if key in alike:
            need_keys.append(key)
            seeker_keys.append(alike[key][rng.integers(len(alike[key]))])
            partner.append("look-alike")
    need_text, need_kind = demo.skill_wordings(need_keys, rng, mix=demo.NEED_SKILL_MIX)
    seeker_text, seeker_kind = demo.skill_wordings(seeker_keys, rng, mix=demo.SEEKER_SKILL_MIX)
    return pd.DataFrame(
        {
            "a": need_text,
            "b": seeker_text,
            "same": [p == "same concept" for p in partner],
            "kind": [_pair_kind(n, k) for n, k in zip(need_kind, seeker_kind, strict=True)],
            "partner": partner,
        }
    )


def _pair_kind(need: str, seeker: str) -> str:
    """The harder side decides: a held-out synonym, else a spelling variant, else thesaurus wordings."""
    for kind in ("held_out", "variant"):
        for side in (seeker, need):
            if side.startswith(kind):
                return side
    return "thesaurus"


def decide(pairs: pd.DataFrame, matcher: SkillMatcher) -> pd.DataFrame:
    """Add the matcher's and the baseline's decision to every pair."""
    out = pairs.copy()
    both = list(zip(out["a"], out["b"], strict=True))
    out["matcher"] = [matcher.concept(a) == matcher.concept(b) for a, b in both]
    out["baseline"] = [baseline_same(a, b) for a, b in both]
    return out


def scores(frame: pd.DataFrame, method: str) -> dict[str, float]:
    said, truth = frame[method].to_numpy(bool), frame["same"].to_numpy(bool)
    tp, fp = int((said & truth).sum()), int((said & ~truth).sum())
    positives, negatives = int(truth.sum()), int((~truth).sum())
    return {
        "precision": tp / (tp + fp) if tp + fp else float("nan"),
        "recall": tp / positives if positives else float("nan"),
        "false-match rate": fp / negatives if negatives else float("nan"),
    }


def table(frame: pd.DataFrame, groups: Sequence[tuple[str, Callable[[pd.DataFrame], pd.Series]]]) -> str:
    lines = [
        "| pairs | n (same / different) | matcher precision | matcher recall | matcher false-match rate "
        "| baseline precision | baseline recall | baseline false-match rate |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, select in groups:
        part = frame[select(frame)]
        m, b = scores(part, "matcher"), scores(part, "baseline")
        cells = [f"{v:.3f}" if v == v else "–" for v in (*m.values(), *b.values())]
        same = int(part["same"].sum())
        counts = f"{len(part):,} ({same:,} / {len(part) - same:,})"
        lines.append(f"| {name} | {counts} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _pairs(frame: pd.DataFrame, k: int) -> list[tuple[str, str]]:
    return list(zip(frame["a"], frame["b"], strict=True))[:k]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-concept", type=int, default=60)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--speed-scale", type=float, default=10.0, help="also time fitting there (0: no)")
    args = parser.parse_args()
    machine = platform.processor() or platform.machine()
    print(f"python {platform.python_version()}, {machine}, {dt.date.today().isoformat()}")
    thesaurus = read_skill_thesaurus()
    print(f"thesaurus: {len(thesaurus)} concepts, {sum(map(len, thesaurus.values()))} wordings")
    if args.speed_scale and args.speed_scale != 1.0:
        large = demo_corpus(args.speed_scale)
        fitted, took = timed_fit(thesaurus, large)
        print(fit_report(fitted, large, took, args.speed_scale))
        del large, fitted
    corpus = demo_corpus(1.0)
    matcher, took = timed_fit(thesaurus, corpus)
    print(fit_report(matcher, corpus, took, 1.0))
    started = time.perf_counter()
    pairs = decide(demo_pairs(args.per_concept, args.seed), matcher)
    print(f"{len(pairs):,} demo pairs decided in {time.perf_counter() - started:.1f} s\n")
    kind = pairs["kind"]
    groups: list[tuple[str, Callable[[pd.DataFrame], pd.Series]]] = [
        ("both sides thesaurus wordings", lambda f: f["kind"] == "thesaurus"),
        ("a spelling variant (no held-out synonym)", lambda f: f["kind"].str.startswith("variant")),
    ]
    for how in demo.VARIANT_KINDS:
        groups.append((f"— {how}", lambda f, how=how: f["kind"] == f"variant:{how}"))
    groups += [
        ("a synonym held out of the thesaurus", lambda f: f["kind"] == "held_out"),
        ("— the two sides written differently", lambda f: (f["kind"] == "held_out") & ~f["baseline"]),
        ("all demo pairs (the demo's mix)", lambda f: f["kind"] == f["kind"]),
    ]
    print("### Demo wordings, by the kind of wording in the pair\n")
    print(table(pairs, groups))
    print("\n### Different concepts only: how often they are taken for the same\n")
    alike = pairs["partner"] == "look-alike"
    print(
        table(
            pairs,
            [
                ("look-alike concepts (TIG vs MIG …)", lambda f: alike),
                ("— both thesaurus wordings", lambda f: alike & (kind == "thesaurus")),
                ("— a spelling variant", lambda f: alike & kind.str.startswith("variant")),
                ("— a held-out synonym", lambda f: alike & (kind == "held_out")),
                ("unrelated concepts", lambda f: f["partner"] == "unrelated"),
            ],
        )
    )
    held_out = {w.casefold() for ws in demo.HELD_OUT_SKILLS.values() for w in ws}
    held = pairs[(kind == "held_out") & pairs["same"] & ~pairs["baseline"]]
    wording = np.where(held["b"].str.casefold().isin(held_out), held["b"], held["a"])
    joined = sorted({w.casefold() for w in wording[held["matcher"].to_numpy()]})
    distinct = len({w.casefold() for w in wording})
    print(
        f"\nheld-out synonyms paired with another wording of their concept: {distinct} distinct, "
        f"{len(joined)} matched to it at least once: {joined}"
    )
    wrong = pairs[pairs["matcher"] & ~pairs["same"]].drop_duplicates(["a", "b"])
    print(f"false matches (distinct pairs): {len(wrong)}; e.g. {_pairs(wrong, 10)}")
    missed = pairs[~pairs["matcher"] & pairs["same"] & kind.str.startswith("variant")].drop_duplicates("a")
    print(f"spelling variants missed (distinct): {len(missed)}; e.g. {_pairs(missed, 12)}")

    hand = decide(pd.DataFrame(list(HAND_PAIRS), columns=["a", "b", "same", "kind"]), matcher)
    print("\n### Hand-made pairs\n")
    print(
        table(
            hand,
            [
                ("spelling and word order", lambda f: f["kind"] == "spelling"),
                ("synonyms not in the thesaurus", lambda f: f["kind"] == "synonym"),
                ("different skills that look alike", lambda f: f["kind"] == "look-alike"),
                ("all hand-made pairs", lambda f: f["kind"] == f["kind"]),
            ],
        )
    )
    for a, b, same, _, said, base in hand.itertuples(index=False):
        print(f"- {a!r} ~ {b!r}: same concept {same}, matcher {said}, baseline {base}")


if __name__ == "__main__":
    main()
