"""First ask of a need's candidates (issue 6): what the Match page waits for.

The Match page asks :meth:`lksmatch.matchflow.MatchFlow.candidates` for one need; the
answer is kept per data version, so only the *first* ask of each need ranks. This script
opens a demo database (``--db``, else builds one at ``--scale`` in a fresh SQLite file),
prepares the inputs once (``service.match_flow.inputs()``: read the database, resolve
occupations, fit the skill matcher, … — timed on its own), then asks for ``--needs``
distinct open hire needs drawn at random (``--seed``), each exactly once, so every ask
is a first ask. Reported: median, p95 and max over the asks, and a repeated ask (served
from the answer cache) for contrast.

``--save PATH`` pickles the answers; ``--compare PATH`` checks them against a saved run
(same persons in the same order, scores and after-course scores within 1e-9, the same
explanations, reasons, skills and courses) — to show that a faster version answers the
same. ``--profile K`` prints a cProfile of K further first asks. ``--sessions S`` then
lets S threads ask at once, each for ``--per-session`` further needs (the service's
answers in-process, without the web layer; ``benchmarks/dashboard.py`` measures the
callback over HTTP).

Usage::

    LKSMATCH_DATA_DIR=../shared/data .venv/bin/python benchmarks/candidates.py --db sqlite:///s10.db
        [--needs 50] [--seed 0] [--top 10] [--save answers.pkl | --compare answers.pkl] [--profile 5]
        [--sessions 20 --per-session 5]
"""

from __future__ import annotations

import argparse
import cProfile
import pickle
import pstats
import random
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lksmatch import rules  # noqa: E402
from lksmatch.config import load_settings  # noqa: E402
from lksmatch.service import Service  # noqa: E402
from matching.ranking import RESULT_COLUMNS  # noqa: E402

#: Columns compared exactly by ``--compare`` (the scores within 1e-9).
EXACT = (*(c for c in RESULT_COLUMNS if c != "score"), "suggested_offers", "offer_ids")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def differences(new: dict[str, pd.DataFrame], old: dict[str, pd.DataFrame]) -> list[str]:
    """Where the answers differ (empty when they are the same)."""
    problems = []
    for need_id in sorted(set(new) | set(old)):
        if need_id not in new or need_id not in old:
            problems.append(f"{need_id}: asked in only one run")
            continue
        a, b = new[need_id].reset_index(drop=True), old[need_id].reset_index(drop=True)
        if len(a) != len(b):
            problems.append(f"{need_id}: {len(a)} rows, was {len(b)}")
            continue
        for column in EXACT:
            if not a[column].astype(str).equals(b[column].astype(str)):
                problems.append(f"{need_id}: column {column} differs")
        for column in ("score", "score_after"):
            x, y = a[column].to_numpy(dtype=float), b[column].to_numpy(dtype=float)
            if not np.allclose(x, y, rtol=0, atol=1e-9, equal_nan=True):
                problems.append(f"{need_id}: column {column} differs by up to {np.nanmax(abs(x - y)):.3g}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="use this database as it is (no demo data load)")
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--needs", type=int, default=50, help="distinct needs asked once each")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--save", type=Path, help="pickle the answers here")
    parser.add_argument("--compare", type=Path, help="compare the answers with a saved run")
    parser.add_argument("--profile", type=int, default=0, help="cProfile this many further first asks")
    parser.add_argument("--sessions", type=int, default=0, help="then this many threads at once")
    parser.add_argument("--per-session", type=int, default=5, help="needs each of those threads asks")
    args = parser.parse_args()

    settings = load_settings(
        database_url=args.db or f"sqlite:///{tempfile.mkdtemp(prefix='bench-candidates-')}/bench.db"
    )
    service = Service(settings)
    if not args.db:
        began = time.perf_counter()
        service.load_demo_data(scale=args.scale, seed=args.seed, folder=Path(tempfile.mkdtemp()) / "demo")
        print(f"demo data at scale {args.scale}: {time.perf_counter() - began:.1f} s", flush=True)
    flow = service.match_flow
    began = time.perf_counter()
    data = flow.inputs()
    prepared = time.perf_counter() - began
    print(f"inputs prepared ({data.model} ranker): {prepared:.2f} s", flush=True)

    needs = data.needs
    open_hire = needs[rules.open_needs(needs, service.today()) & (needs["kind"].fillna("hire") == "hire")]
    pool = sorted(open_hire["need_id"].astype(str))
    chosen = random.Random(args.seed).sample(pool, min(len(pool), args.needs + args.profile))
    asked, profiled = chosen[: args.needs], chosen[args.needs :]
    rest = sorted(set(pool) - set(chosen))
    at_once = random.Random(args.seed + 1).sample(rest, min(len(rest), args.sessions * args.per_session))

    answers: dict[str, pd.DataFrame] = {}
    latencies = []
    for need_id in asked:
        began = time.perf_counter()
        answers[need_id] = flow.candidates(need_ids=[need_id], top=args.top)
        latencies.append((time.perf_counter() - began) * 1000)
    began = time.perf_counter()
    flow.candidates(need_ids=[asked[0]], top=args.top)
    again = (time.perf_counter() - began) * 1000
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6

    print(
        f"\n{len(needs)} needs ({len(pool)} open hire) x {len(data.seekers)} job seekers; "
        f"{len(asked)} first asks (seed {args.seed}, top {args.top}); peak RSS {rss:.2f} GB"
    )
    print("| what | time |\n|---|---:|")
    print(f"| prepare the inputs (`matching.inputs()`, once per data version) | {prepared:.1f} s |")
    print(f"| first ask of a need, median | {percentile(latencies, 0.5):.0f} ms |")
    print(f"| first ask of a need, p95 | {percentile(latencies, 0.95):.0f} ms |")
    print(f"| first ask of a need, max | {max(latencies):.0f} ms |")
    print(f"| asked again (answer cache) | {again:.1f} ms |")

    if args.save:
        with args.save.open("wb") as handle:
            pickle.dump(answers, handle)
        print(f"answers saved to {args.save}")
    if args.compare:
        with args.compare.open("rb") as handle:
            old = pickle.load(handle)  # noqa: S301 - our own file from --save
        problems = differences(answers, old)
        rows = sum(len(a) for a in answers.values())
        print(
            f"compared with {args.compare}: "
            + (f"the same answers ({len(answers)} needs, {rows} rows)" if not problems else "DIFFERENT")
        )
        for problem in problems[:20]:
            print("  " + problem)
    if at_once:
        lock = threading.Lock()
        waits: list[float] = []
        start = threading.Barrier(args.sessions)

        def session(need_ids: list[str]) -> None:
            start.wait()
            for need_id in need_ids:
                began = time.perf_counter()
                flow.candidates(need_ids=[need_id], top=args.top)
                with lock:
                    waits.append((time.perf_counter() - began) * 1000)

        parts = [at_once[k :: args.sessions] for k in range(args.sessions)]
        threads = [threading.Thread(target=session, args=(part,)) for part in parts]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - began
        print(
            f"| {args.sessions} sessions at once, {len(waits)} first asks of different needs: "
            f"p50 / p95 / max | {percentile(waits, 0.5):.0f} / {percentile(waits, 0.95):.0f} / "
            f"{max(waits):.0f} ms (all done in {wall:.2f} s) |"
        )
    if profiled:
        profile = cProfile.Profile()
        profile.enable()
        for need_id in profiled:
            flow.candidates(need_ids=[need_id], top=args.top)
        profile.disable()
        stats = pstats.Stats(profile)
        stats.sort_stats("cumulative").print_stats(30)
        stats.sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
