"""Load: concurrent sessions against ``lksmatch serve`` (gunicorn) on one database, over HTTP.

Starts ``lksmatch serve --workers W`` on ``--db`` (a demo region, e.g. scale 10 on PostgreSQL),
creates one user per session (region users and LKS jobcentre users spread over the 15 LKS),
logs every session in through the API and then lets ``--sessions`` sessions work at once, each
``--steps`` steps with a think time between (uniform ``--think-min``..``--think-max`` s):

- a *region* session changes the map's measure (the map page's own Dash callback,
  ``POST /_dash-update-component``, as the browser sends it) or reads the area table
  (``GET /api/v1/areas``);
- an *LKS* session lists its LKS's needs (``GET /api/v1/needs?lks=``), opens the ten best
  candidates of one of its open hire needs (``GET /api/v1/needs/ID/candidates?top=10``: ranked
  with the model, explained, every person shown written to the audit log), and now and then
  changes the map's measure.

Before the sessions start, the workers prepare their data (each worker's first candidates
request prepares the matching inputs of every open need): rounds of candidate requests, eight
at a time, until a round's slowest answer is under a second. That warm-up is reported on its
own. Every answer must be 200; the script counts any other as an error and prints the first.

Usage::

    LKSMATCH_DATA_DIR=../shared/data .venv/bin/python benchmarks/load.py \\
        --db postgresql+psycopg://postgres@127.0.0.1:5432/lksbench [--workers 4] [--sessions 50]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LKSMATCH = shutil.which("lksmatch", path=str(Path(sys.executable).parent)) or "lksmatch"
PASSWORD = "load-password-2026"
#: A request not answered in this many seconds counts as an error (and its time as its latency).
TIMEOUT = 30.0
MEASURES = ("companies", "needs_open", "people_asked", "jobseekers", "offers", "coverage_rate")


class Client:
    """One browser session: its cookie, a new loopback connection per request."""

    def __init__(self, port: int) -> None:
        self.port, self.cookie = port, ""
        self.origin = f"http://127.0.0.1:{port}"

    def call(self, method: str, path: str, body: object | None = None) -> tuple[int, bytes, float]:
        headers = {"Origin": self.origin, "Accept": "application/json"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        data = None if body is None else json.dumps(body).encode()
        if data is not None:
            headers["Content-Type"] = "application/json"
        start = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            payload = response.read()
        finally:
            connection.close()
        elapsed = time.perf_counter() - start
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("lksmatch_session="):
                self.cookie = value.split(";", 1)[0]
        return response.status, payload, elapsed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def measure_callback(dependencies: list[dict[str, Any]]) -> dict[str, Any]:
    """The map page's measure callback as Dash describes it (its output string and arguments)."""
    for callback in dependencies:
        if "overblik-areas.hideout" in callback["output"]:
            return callback
    raise SystemExit("the map page's measure callback is not among the app's callbacks")


def measure_body(callback: dict[str, Any], level: str, measure: str) -> dict[str, Any]:
    """The body the browser posts when the map's measure changes."""
    values = {"overblik-level.value": level, "overblik-measure.value": measure, "shell-lang.value": "da"}

    def args(items: list[dict[str, str]]) -> list[dict[str, object]]:
        return [
            {"id": i["id"], "property": i["property"], "value": values.get(f"{i['id']}.{i['property']}")}
            for i in items
        ]

    outputs = [dict(zip(("id", "property"), o.split(".", 1), strict=True))
               for o in callback["output"].strip(".").split("...")]  # fmt: skip
    return {
        "output": callback["output"], "outputs": outputs, "inputs": args(callback["inputs"]),
        "state": args(callback["state"]), "changedPropIds": ["overblik-measure.value"],
    }  # fmt: skip


def prepare_users(
    db: str, sessions: int, regions: int
) -> tuple[list[tuple[str, str | None]], dict[str, list]]:
    """Create the sessions' users (if not there) and find each LKS's open hire needs."""
    sys.path.insert(0, str(ROOT))
    from lksmatch.config import load_settings
    from lksmatch.service import Service

    service = Service(load_settings(database_url=db))
    lks_ids = service.geography.lks_ids
    users: list[tuple[str, str | None]] = []
    for i in range(sessions):
        lks = None if i < regions else lks_ids[i % len(lks_ids)]
        name = f"load-{i:02d}"
        try:
            if lks is None:
                service.add_user(name, PASSWORD, "region", None, created_by="load")
            else:
                service.add_user(name, PASSWORD, "lks", lks, system="jobcenter", created_by="load")
        except Exception:  # noqa: BLE001 - there from an earlier run
            pass
        users.append((name, lks))
    needs = service.needs_for_lks(None)
    open_hire = needs[(needs["kind"] == "hire") & (needs["status"] == "open")]
    by_lks = {lks: list(group["need_id"].astype(str)) for lks, group in open_hire.groupby("lks_id")}
    service.engine.dispose()
    return users, by_lks


def run(
    args: argparse.Namespace, users: list[tuple[str, str | None]], needs_of: dict[str, list[str]],
    server_args: list[str], label: str,
) -> int:  # fmt: skip
    """Start the server with ``server_args``, warm it up, run the sessions, print the table; the errors."""
    port = free_port()
    env = {**os.environ, "LKSMATCH_DATABASE_URL": args.db, "LKSMATCH_COOKIE_SECURE": "false"}
    command = [LKSMATCH, "serve", "--port", str(port), *server_args]
    started = time.perf_counter()
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        probe = Client(port)
        while True:
            try:
                if probe.call("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        ready = time.perf_counter() - started
        clients = [Client(port) for _ in users]
        for client, (name, _) in zip(clients, users, strict=True):
            status, payload, _ = client.call(
                "POST", "/api/v1/login", {"username": name, "password": PASSWORD}
            )
            if status != 200:
                raise SystemExit(f"login of {name} answered {status}: {payload[:200]!r}")
        status, payload, _ = clients[0].call("GET", "/_dash-dependencies")
        callback = measure_callback(json.loads(payload))
        # the first map after the restart: the stored snapshot is read, not computed
        first = measure_body(callback, "lks", "companies")
        status, payload, first_map = clients[0].call("POST", "/_dash-update-component", first)
        assert status == 200, (status, payload[:200])
        rng = random.Random(args.seed)
        lks_clients = [(c, lks) for c, (_, lks) in zip(clients, users, strict=True) if lks]

        # --- warm-up: every worker prepares its matching inputs --------------------------------
        warm_start, rounds, warm_worst = time.perf_counter(), 0, []
        while rounds < 12:
            rounds += 1
            batch = [rng.choice(lks_clients) for _ in range(8)]

            def ask(pair: tuple[Client, str]) -> float:
                client, lks = pair
                status, payload, took = client.call(
                    "GET", f"/api/v1/needs/{rng.choice(needs_of[lks])}/candidates?top=10"
                )
                assert status == 200, (status, payload[:200])
                return took

            with ThreadPoolExecutor(8) as pool:
                worst = max(pool.map(ask, batch))
            warm_worst.append(worst)
            if worst < 1.0 and rounds >= 3:
                break
        warm_up = time.perf_counter() - warm_start

        # --- the sessions ----------------------------------------------------------------------
        timings: dict[str, list[float]] = defaultdict(list)
        errors: list[str] = []
        lock = threading.Lock()
        barrier = threading.Barrier(len(clients))

        def session(index: int) -> None:
            client, (_, lks) = clients[index], users[index]
            own = random.Random(args.seed * 1000 + index)
            barrier.wait()
            time.sleep(own.uniform(0, args.think_max))  # not all at the same instant
            for _ in range(args.steps):
                if lks is None:
                    kind = own.choice(("map", "map", "areas"))
                else:
                    kind = own.choice(("needs", "candidates", "candidates", "map"))
                asked = time.perf_counter()
                try:
                    if kind == "map":
                        level = own.choice(("lks", "municipality"))
                        body = measure_body(callback, level, own.choice(MEASURES))
                        status, payload, took = client.call("POST", "/_dash-update-component", body)
                    elif kind == "areas":
                        status, payload, took = client.call("GET", "/api/v1/areas")
                    elif kind == "needs":
                        status, payload, took = client.call("GET", f"/api/v1/needs?lks={lks}")
                    else:
                        need = own.choice(needs_of[lks])
                        status, payload, took = client.call("GET", f"/api/v1/needs/{need}/candidates?top=10")
                except OSError as exc:  # no answer within the client's timeout, or the connection failed
                    status, payload, took = (
                        0,
                        f"{type(exc).__name__}: {exc}".encode(),
                        time.perf_counter() - asked,
                    )
                with lock:
                    timings[kind].append(took)
                    if status != 200:
                        errors.append(f"{kind} {status}: {payload[:200]!r}")
                time.sleep(own.uniform(args.think_min, args.think_max))

        run_start = time.perf_counter()
        threads = [threading.Thread(target=session, args=(i,)) for i in range(len(clients))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        duration = time.perf_counter() - run_start
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
    every = [t for values in timings.values() for t in values]
    print(f"\n### {label}\n")
    print(f"first map (a region user's measure callback) after the restart: {first_map * 1000:.0f} ms")
    print(
        f"{' '.join(server_args)} on {args.db.split('@')[-1]}: ready after "
        f"{ready:.1f} s; warm-up {warm_up:.1f} s ({rounds} rounds of 8 candidate requests, slowest per round "
        + ", ".join(f"{w:.2f}" for w in warm_worst)
        + " s)"
    )
    print(
        f"{len(clients)} sessions ({args.regions} region, {len(clients) - args.regions} LKS jobcentre), "
        f"{args.steps} steps each, think {args.think_min}-{args.think_max} s: {len(every)} requests in "
        f"{duration:.1f} s ({len(every) / duration:.1f}/s), {len(errors)} errors"
    )
    if errors:
        kinds = Counter(e.split(":", 1)[0] for e in errors)
        print("errors: " + ", ".join(f"{k} x{n}" for k, n in kinds.most_common()) + "; first: " + errors[0])
    print("| request | n | p50 | p95 | p99 | max |\n|---|---:|---:|---:|---:|---:|")
    for kind in ("map", "areas", "needs", "candidates"):
        if timings[kind]:
            v = timings[kind]
            p50, p95, p99 = (statistics.median(v) * 1000, percentile(v, 95) * 1000, percentile(v, 99) * 1000)
            print(
                f"| {kind} | {len(v)} | {p50:.0f} ms | {p95:.0f} ms | {p99:.0f} ms | {max(v) * 1000:.0f} ms |"
            )
    print(
        f"| **all** | {len(every)} | {statistics.median(every) * 1000:.0f} ms | "
        f"**{percentile(every, 95) * 1000:.0f} ms** | {percentile(every, 99) * 1000:.0f} ms | "
        f"{max(every) * 1000:.0f} ms |"
    )
    return len(errors)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--regions", type=int, default=10, help="how many of the sessions are region users")
    parser.add_argument("--steps", type=int, default=30, help="steps per session")
    parser.add_argument("--think-min", type=float, default=0.5)
    parser.add_argument("--think-max", type=float, default=2.5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--peer", action="store_true", help="the same sessions against `serve --dev` after")
    args = parser.parse_args()
    users, needs_of = prepare_users(args.db, args.sessions, args.regions)
    errors = run(args, users, needs_of, ["--workers", str(args.workers), "--threads", str(args.threads)],
                 f"lksmatch serve --workers {args.workers} --threads {args.threads} (gunicorn)")  # fmt: skip
    if args.peer:
        errors += run(
            args, users, needs_of, ["--dev"], "peer: lksmatch serve --dev (Flask's development server)"
        )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
