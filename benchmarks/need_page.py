"""A need's page on the Match page (need-to-outcome issue): what a caseworker waits for.

For one need the page asks the service, through access control as a jobcentre user of the
need's LKS, for the need's panel (:meth:`need_detail`), its history, and then - a ``hire``
need - the ten best candidates with their profiles, filters and seats left (every person
shown written to the audit log), or - an ``upskill`` need - the courses for the company's
staff with the seats left; and draws them (the Dash components of the panel, the candidate
cards or the course table). That is one *page*. This script opens a demo database
(``--db``), prepares the matching inputs once (timed on its own: after an import the first
page waits for it), then

1. opens ``--needs`` distinct open needs one after another (every one a first ask);
2. lets ``--sessions`` sessions open ``--per-session`` further distinct needs each, at once:
   threads of one server process, and the same spread over ``--workers`` processes each with
   its own service and prepared inputs (as ``lksmatch serve --workers N``);
3. computes the capacity-respecting LKS shortlist of ``--lks`` (as the Fælles liste page
   does), beside its peer: the independent top-20 of every open need of that LKS (what the
   shortlist allocates over), so the allocation's own cost is visible.

Usage::

    LKSMATCH_DATA_DIR=../shared/data .venv/bin/python benchmarks/need_page.py --db sqlite:///s10.db
        [--needs 40] [--sessions 20] [--per-session 5] [--lks aarhus] [--seed 0]
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard import candidate_map, candidate_view  # noqa: E402
from dashboard.pages import match_need  # noqa: E402
from lksmatch import auth, rules  # noqa: E402
from lksmatch.access import SecureService  # noqa: E402
from lksmatch.config import load_settings  # noqa: E402
from lksmatch.service import Service  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def open_page(service: Service, need: dict[str, Any]) -> str:
    """Everything the Match page asks and draws for one need; returns the need's kind."""
    secure = SecureService(
        service, auth.Principal(f"bench-jc-{need['lks_id']}", "lks", need["lks_id"], "jobcenter")
    )
    need_id = str(need["need_id"])
    detail = secure.need_detail(need_id)
    history = secure.history(need_id)
    match_need.need_panel(detail, "da")
    match_need.history_table(history, "da")
    if detail.get("kind") == "upskill":
        match_need.courses_table(secure.need_offers(need_id, match_need.COURSES), "da")
        return "upskill"
    frame = secure.candidates(need_id, 10, purpose="benchmark: need page")
    secure.ranker()
    candidate_view.candidate_list(frame, history, secure.today(), "da")
    names = secure.municipality_names()
    candidate_map.area_map(frame, detail, names, lambda level: f"/geo/{level}.geojson", None)
    return "hire"


def _sessions(
    service: Service, parts: list[list[dict[str, Any]]], barrier: Any
) -> tuple[list[float], list[str]]:
    """Run one thread per part (a session opening its needs in turn) once ``barrier`` lets go."""
    lock = threading.Lock()
    waits: list[float] = []
    failures: list[str] = []

    def session(part: list[dict[str, Any]]) -> None:
        for need in part:
            began = time.perf_counter()
            try:
                open_page(service, need)
            except Exception as exc:  # counted and reported, never hidden
                with lock:
                    failures.append(f"{need['need_id']}: {type(exc).__name__}")
                continue
            with lock:
                waits.append((time.perf_counter() - began) * 1000)

    threads = [threading.Thread(target=session, args=(part,)) for part in parts]
    barrier.wait()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return waits, failures


def _worker(db: str, parts: list[list[dict[str, Any]]], barrier: Any, results: Any) -> None:
    """One server worker process: its own service, its inputs prepared (the warm-up), then its sessions."""
    service = Service(load_settings(database_url=db), strict_model=False)
    service.match_flow.inputs()
    results.put(_sessions(service, parts, barrier))


def at_the_same_time(
    db: str, needs: list[dict[str, Any]], sessions: int, workers: int
) -> tuple[list[float], list[str], float]:
    """``sessions`` sessions opening ``needs`` (spread over them) at once, served by ``workers`` processes
    (as ``lksmatch serve --workers``: each process prepares its own inputs first, not timed)."""
    parts = [needs[k::sessions] for k in range(sessions)]
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(workers + 1), context.Queue()
    processes = [
        context.Process(target=_worker, args=(db, parts[w::workers], barrier, results))
        for w in range(workers)
    ]
    for process in processes:
        process.start()
    barrier.wait()  # every worker has prepared its inputs
    began = time.perf_counter()
    waits: list[float] = []
    failures: list[str] = []
    for _ in processes:
        got, failed = results.get()
        waits += got
        failures += failed
    wall = time.perf_counter() - began
    for process in processes:
        process.join()
    return waits, failures, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--needs", type=int, default=40)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--per-session", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (also 1 is run)")
    parser.add_argument("--lks", default="aarhus")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    service = Service(load_settings(database_url=args.db), strict_model=False)
    began = time.perf_counter()
    data = service.match_flow.inputs()
    prepared = time.perf_counter() - began
    needs = data.needs
    pool = needs[rules.open_needs(needs, service.today()) & needs["lks_id"].notna()]
    rows = pool[["need_id", "lks_id", "kind"]].astype(str).to_dict("records")
    rng = random.Random(args.seed)
    rng.shuffle(rows)
    first = rows[: args.needs]
    at_once = rows[args.needs : args.needs + args.sessions * args.per_session]
    # the peer: the first wave's Match page asked for the ranked candidates only (no panel, profile,
    # history, seats or audit of the reads), for as many other hire needs
    taken = args.needs + args.sessions * args.per_session
    bare = [r for r in rows[taken:] if r["kind"] == "hire"][: args.needs]
    print(
        f"{len(needs)} needs ({len(pool)} open), {len(data.seekers)} job seekers, {data.model} ranker; "
        f"inputs prepared in {prepared:.1f} s",
        flush=True,
    )

    times: dict[str, list[float]] = {"hire": [], "upskill": []}
    for need in first:
        began = time.perf_counter()
        kind = open_page(service, need)
        times[kind].append((time.perf_counter() - began) * 1000)
    peer: list[float] = []
    for need in bare:
        began = time.perf_counter()
        service.match_flow.candidates(need_ids=[need["need_id"]], top=10)
        peer.append((time.perf_counter() - began) * 1000)
    print("| what | pages | p50 | p95 | max |\n|---|---:|---:|---:|---:|")
    print(
        f"| peer: the ranked candidates alone (the first wave's page), first ask | {len(peer)} "
        f"| {percentile(peer, 0.5):.0f} ms | {percentile(peer, 0.95):.0f} ms | {max(peer):.0f} ms |"
    )
    for kind, values in times.items():
        if values:
            print(
                f"| one session, first open of a {kind} need | {len(values)} "
                f"| {percentile(values, 0.5):.0f} ms | {percentile(values, 0.95):.0f} ms "
                f"| {max(values):.0f} ms |"
            )

    for workers in sorted({1, args.workers}):
        waits, failures, wall = at_the_same_time(args.db, at_once, args.sessions, workers)
        print(
            f"| {args.sessions} sessions at once, different needs (first opens), {workers} worker "
            f"process{'es' if workers > 1 else ''} | {len(waits)} | {percentile(waits, 0.5):.0f} ms | "
            f"{percentile(waits, 0.95):.0f} ms | {max(waits):.0f} ms | (all in {wall:.1f} s, "
            f"{len(failures)} errors)",
            flush=True,
        )
        for failure in failures[:10]:
            print("  error:", failure)

    secure = SecureService(service, auth.Principal(f"bench-jc-{args.lks}", "lks", args.lks, "jobcenter"))
    began = time.perf_counter()
    independent = service.match_flow.candidates(lks_id=args.lks, top=20)
    peer = time.perf_counter() - began
    began = time.perf_counter()
    shortlist = secure.shortlist(args.lks, top=20)
    took = time.perf_counter() - began
    print(
        f"\n| LKS {args.lks} | time | rows |\n|---|---:|---:|\n"
        f"| independent top-20 of every open hire need (the peer) | {peer:.2f} s | {len(independent):,} |\n"
        f"| capacity-respecting shortlist (Fælles liste) | {took:.2f} s | {len(shortlist):,} |"
    )


if __name__ == "__main__":
    main()
