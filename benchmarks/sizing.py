"""Sizing: what one worker and one statistics snapshot cost, measured on a demo database.

In a fresh process on ``--db`` (e.g. the scale-10 demo region on PostgreSQL) with the model
folder of the environment, this measures, each step on its own:

1. **prepare**: a worker's matching inputs (read companies, needs, job seekers and offers,
   resolve occupations, place and index them, load the model) - what every worker does once
   after a start, an import or a new model;
2. **one need**: the ten best candidates of an open hire need, explained, with courses - the
   median over ``--needs`` needs, once prepared;
3. **snapshot**: the protected area statistics computed in full - ranking every open hire need
   (the coverage measure), counting every measure and suppressing - and stored;
4. the process's resident memory after 1-3 (a worker's size).

It prints the counts it ran on and the per-need and per-person costs, the numbers the README's
national sizing is extrapolated from.

Usage::

    LKSMATCH_DATA_DIR=../shared/data LKSMATCH_MODEL_DIR=... .venv/bin/python benchmarks/sizing.py --db URL
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lksmatch import rules  # noqa: E402
from lksmatch.config import load_settings  # noqa: E402
from lksmatch.service import Service  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--needs", type=int, default=30)
    args = parser.parse_args()
    service = Service(load_settings(database_url=args.db))
    counts = service.counts()
    service.geography  # noqa: B018 - the reference data first, as a worker has them before its first request
    service.occupations  # noqa: B018
    start = time.perf_counter()
    data = service.match_flow.inputs()
    prepare = time.perf_counter() - start
    needs = data.needs
    open_hire = needs[rules.open_needs(needs, service.today()) & (needs["kind"].fillna("hire") == "hire")]
    chosen = open_hire["need_id"].astype(str).sample(min(args.needs, len(open_hire)), random_state=0)
    one = []
    for need_id in chosen:
        start = time.perf_counter()
        service.match_flow.candidates(need_ids=[need_id], top=10)
        one.append(time.perf_counter() - start)
    start = time.perf_counter()
    service.match_flow.good_candidates()
    ranking = time.perf_counter() - start
    start = time.perf_counter()
    service.statistics.compute()
    counting = time.perf_counter() - start  # the good candidates are ranked already: the rest
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"database: {args.db.split('@')[-1]}; " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    print(
        f"open hire needs {len(open_hire):,}; job seekers prepared {len(data.seekers):,}; model {data.model}"
    )
    print("| step | time | per unit |\n|---|---:|---:|")
    print(f"| prepare a worker's matching inputs | {prepare:.1f} s | "
          f"{prepare / len(data.seekers) * 1e6:.0f} µs per job seeker |")  # fmt: skip
    median = statistics.median(one) * 1000
    print(f"| ten best candidates of one need (median of {len(one)}) | {median:.0f} ms | |")
    print(f"| snapshot: rank every open hire need | {ranking:.1f} s | "
          f"{ranking / len(open_hire) * 1000:.1f} ms per open need |")  # fmt: skip
    print(f"| snapshot: count and protect every measure | {counting:.1f} s | |")
    print(f"| resident memory of the process after all this | {rss:.0f} MB | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
