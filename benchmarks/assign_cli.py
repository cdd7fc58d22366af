"""Benchmark: the ``lksmatch assign`` command against a plain geopandas.sjoin script, same run.

Usage::

    LKSMATCH_DATA_DIR=../shared/data .venv/bin/python benchmarks/assign_cli.py [--rows 300000] [--repeat 3]

Writes a CSV of ``--rows`` random WGS84 points in the bounding box of Region Midtjylland
(``id, lat, lon``; about a third fall in the sea or outside the region), then times, as
fresh processes from start to exit and taking turns:

- ``lksmatch assign IN --out OUT`` with the prepared geography in the cache folder (one
  untimed run first fills it, as the first command after an install does), and
- the peer, ``benchmarks/assign_sjoin_peer.py`` (pandas + ``geopandas.sjoin`` within the
  region's 19 municipalities; no cleaning, no 2 km coast rule, no notes, no checks).

Then ``lksmatch --help`` and ``lksmatch assign`` on the first 1,000 rows. The answers are
compared: every point that lksmatch placed by the point rule in the region must be in the
same municipality as the peer says. Prints markdown rows for ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
LKSMATCH = [sys.executable, "-m", "lksmatch.cli"]
PEER = [sys.executable, str(ROOT / "benchmarks" / "assign_sjoin_peer.py")]


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def points(rows: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "id": [f"C{i}" for i in range(rows)],
            "lat": rng.uniform(55.6, 56.95, rows).round(6),
            "lon": rng.uniform(8.1, 11.0, rows).round(6),
        }
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    data = Path(os.environ.get("LKSMATCH_DATA_DIR", ROOT.parent / "shared" / "data"))
    boundaries = data / "boundaries" / "dk_municipalities.geojson"
    with tempfile.TemporaryDirectory(prefix="lksmatch-assign-") as tmp:
        folder = Path(tmp)
        env = {**os.environ, "LKSMATCH_DATA_DIR": str(data), "LKSMATCH_CACHE_DIR": str(folder / "cache")}
        table = points(args.rows, args.seed)
        big, small = folder / "points.csv", folder / "points1000.csv"
        table.to_csv(big, index=False)
        table.head(1000).to_csv(small, index=False)
        ours_out, peer_out = folder / "ours.csv", folder / "peer.csv"
        fill = timed([*LKSMATCH, "assign", str(small), "--out", str(folder / "fill.csv")], env)
        ours, peer = [], []
        for _ in range(args.repeat):
            ours.append(timed([*LKSMATCH, "assign", str(big), "--out", str(ours_out)], env))
            peer.append(timed([*PEER, str(big), str(peer_out), str(boundaries)], env))
        helps = [timed([*LKSMATCH, "--help"], env) for _ in range(args.repeat)]
        smalls = [timed([*LKSMATCH, "assign", str(small), "--out", str(folder / "s.csv")], env)
                  for _ in range(args.repeat)]  # fmt: skip
        mine = pd.read_csv(ours_out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        theirs = pd.read_csv(peer_out, dtype=str, keep_default_na=False)
    by_point = (mine["assign_method"] == "point") & (mine["lks_id"] != "")
    agree = int((mine.loc[by_point, "municipality_code"] == theirs.loc[by_point, "municipality_code"]).sum())
    peer_placed = int((theirs["municipality_code"] != "").sum())
    best_ours, best_peer = min(ours), min(peer)
    print(f"{args.rows:,} rows; filling the cache (first command after an install) {fill:.2f} s")

    def row(what: str, runs: list[float]) -> str:
        listed = ", ".join(f"{t:.2f}" for t in runs)
        return f"| {what} | {min(runs):.2f} s | {statistics.median(runs):.2f} s | {listed} |"

    print("| command | best | median | runs |\n|---|---:|---:|---|")
    print(row(f"**`lksmatch assign`**, {args.rows:,} rows", ours))
    print(row(f"peer: geopandas.sjoin script, {args.rows:,} rows", peer))
    print(row("`lksmatch assign`, 1,000 rows", smalls))
    print(row("`lksmatch --help`", helps))
    print(f"\nratio (best lksmatch / best peer): {best_ours / best_peer:.2f}")
    placed = int((mine["lks_id"] != "").sum())
    print(
        f"agreement: {agree:,} of {int(by_point.sum()):,} points placed by lksmatch's point rule in the "
        f"region are in the peer's municipality; the peer placed {peer_placed:,} rows in the region, "
        f"lksmatch {placed:,} (the 2 km coast rule adds the rest)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
