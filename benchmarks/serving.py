"""Serving (issue 15): the first area statistics after a restart, per process and shared.

Builds a demo region at ``--scale`` in a fresh SQLite file (or uses ``--db``), then measures
in fresh processes, so that nothing is cached in memory:

1. **per process (before)**: what every worker did on its first ``/areas`` request before
   the snapshots - prepare the candidates and count the statistics itself
   (``StatisticsFlow.compute``);
2. **shared (now)**: a new process reading the stored snapshot (``Service.area_stats`` with
   a current snapshot in the database);
3. over HTTP: ``lksmatch serve`` (gunicorn, 2 workers) started on that database; the time
   from the start until ``/healthz`` answers, and the first ``GET /api/v1/areas`` of a
   logged-in ``region`` user;
4. after one decision (it records one, "contacted", on an Aarhus hire need): the new
   snapshot when only the decision columns are counted again, against a full recount in the
   same process (candidates already prepared).

Usage::

    LKSMATCH_DATA_DIR=../shared/data .venv/bin/python benchmarks/serving.py [--scale 1] [--db URL]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LKSMATCH = shutil.which("lksmatch", path=str(Path(sys.executable).parent)) or "lksmatch"
PASSWORD = "bench-password-123"

_CHILD = """
import sys, time
sys.path.insert(0, {root!r})
from lksmatch.config import load_settings
from lksmatch.service import Service
service = Service(load_settings(database_url={db!r}))
start = time.perf_counter()
if {mode!r} == "compute":
    service.statistics.compute()
else:
    service.area_stats()
    assert service.statistics.computations == 0, "no current snapshot was stored"
print(time.perf_counter() - start)
"""


def in_fresh_process(db: str, mode: str) -> float:
    code = _CHILD.format(root=str(ROOT), db=db, mode=mode)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def first_http_answer(db: str) -> tuple[float, float]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "LKSMATCH_DATABASE_URL": db, "LKSMATCH_COOKIE_SECURE": "false"}
    start = time.perf_counter()
    server = subprocess.Popen([LKSMATCH, "serve", "--port", str(port), "--workers", "2"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5).close()
                break
            except OSError:
                time.sleep(0.1)
        ready = time.perf_counter() - start
        jar = urllib.request.HTTPCookieProcessor()
        opener = urllib.request.build_opener(jar)
        login = urllib.request.Request(
            base + "/api/v1/login",
            data=json.dumps({"username": "bench-region", "password": PASSWORD}).encode(),
            headers={"Content-Type": "application/json", "Origin": base}, method="POST",
        )
        opener.open(login, timeout=60).close()
        asked = time.perf_counter()
        opener.open(base + "/api/v1/areas", timeout=600).close()
        return ready, time.perf_counter() - asked
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--db", help="an existing demo database (default: build one)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from lksmatch.config import load_settings
    from lksmatch.service import Service

    db = args.db or f"sqlite:///{tempfile.mkdtemp(prefix='lksmatch-serving-')}/bench.db"
    service = Service(load_settings(database_url=db))
    if not args.db:
        t = time.perf_counter()
        service.load_demo_data(scale=args.scale, seed=0, folder=Path(tempfile.mkdtemp()))
        print(f"demo region at scale {args.scale} built in {time.perf_counter() - t:.1f} s", flush=True)
    try:
        service.add_user("bench-region", PASSWORD, "region", None, created_by="bench")
    except Exception:  # noqa: BLE001 - already there from an earlier run
        pass
    service.stats_snapshot()  # a current snapshot in the database
    before = min(in_fresh_process(db, "compute") for _ in range(2))
    now = min(in_fresh_process(db, "snapshot") for _ in range(3))
    ready, first = first_http_answer(db)
    decided, full = after_a_decision(service)
    print("| scale | per process (before) | shared snapshot (now) | ratio | serve ready | first /areas "
          "| after a decision: full recount | decisions only |")
    print(f"| {args.scale:g} | {before:.2f} s | {now:.3f} s | {before / now:.0f}× "
          f"| {ready:.1f} s | {first:.2f} s | {full:.2f} s | {decided:.2f} s |")


def after_a_decision(service: Any) -> tuple[float, float]:
    """Record one decision; time the decisions-only snapshot, then a full recount."""
    from lksmatch import auth
    from lksmatch.access import SecureService

    admin = SecureService(service, auth.Principal("bench-admin", "admin"))
    needs = admin.needs("aarhus")
    need = str(needs[needs["kind"] == "hire"]["need_id"].iloc[0])
    person = str(admin.candidates(need, top=3)["person_id"].iloc[-1])
    flow = service.statistics
    service.record_decision(need, person, "contacted", "benchmark", username="bench-admin")
    start = time.perf_counter()
    service.stats_snapshot()
    decided = time.perf_counter() - start
    assert flow.updates >= 1, "the snapshot was not updated by the decisions-only path"
    start = time.perf_counter()
    flow.compute()
    return decided, time.perf_counter() - start


if __name__ == "__main__":
    main()
