"""Dashboard speed (issue 6): the map page in headless Chromium, and two callbacks under load.

Builds a demo region at ``--scale`` in a fresh SQLite file (or uses ``--db``), starts the
real app (``dashboard.app.create_app``) in a werkzeug server on loopback, then measures

1. the first load of the map page in a fresh headless Chromium profile, after login:
   bytes transferred (Performance API ``transferSize`` of the document and every
   resource, the boundaries file included) and the time from navigation start until
   the 15 areas are drawn *and* coloured by the numbers;
2. the change-measure callback (``show_measure``, a ``region`` user) and the candidates
   callback (``show_candidates``, an ``lks`` user on its own needs), each with 1 and with
   20 concurrent sessions: every session is a thread with its own login cookie that
   posts ``--requests`` callbacks to ``/_dash-update-component``; p50/p95 over all.

Targets (issue 6): map page under 1.5 MB; change-measure p95 under 300 ms with 20 sessions.

Usage::

    LKSMATCH_DATA_DIR=../shared/data .venv/bin/python benchmarks/dashboard.py [--scale 10]
        [--requests 20] [--sessions 1,20] [--db sqlite:///path.db] [--no-browser]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from werkzeug.serving import make_server  # noqa: E402

from dashboard import ids  # noqa: E402
from dashboard.app import create_app  # noqa: E402
from lksmatch import auth  # noqa: E402
from lksmatch.config import load_settings  # noqa: E402
from lksmatch.service import Service  # noqa: E402
from store import repo  # noqa: E402

PASSWORD = "bench-password-123"
MEASURES = ("companies", "jobseekers", "needs_open", "offer_seats_free", "growth_companies")
CHROME_ARGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync --window-size=1400,900"
).split()


def payload(outputs: list[tuple[str, str]], inputs: list[tuple[str, str, object]]) -> bytes:
    multi = len(outputs) > 1
    body = {
        "output": (".." + "...".join(f"{i}.{p}" for i, p in outputs) + "..")
        if multi
        else f"{outputs[0][0]}.{outputs[0][1]}",
        "outputs": [{"id": i, "property": p} for i, p in outputs]
        if multi
        else {"id": outputs[0][0], "property": outputs[0][1]},
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "changedPropIds": [f"{i}.{p}" for i, p, _ in inputs],
        "state": [{"id": ids.SHELL_LANG, "property": "value", "value": "da"}],
    }
    return json.dumps(body).encode()


def measure_payload(k: int) -> bytes:
    outputs = [
        (ids.OVERBLIK_AREAS, "url"),
        (ids.OVERBLIK_AREAS, "hideout"),
        (ids.OVERBLIK_LEGEND, "children"),
        (ids.OVERBLIK_MESSAGE, "children"),
        (ids.OVERBLIK_STAMP, "children"),
        (ids.OVERBLIK_SHOWN, "data"),
    ]
    level = "lks" if k % 4 else "municipality"
    inputs = [
        (ids.OVERBLIK_LEVEL, "value", level),
        (ids.OVERBLIK_MEASURE, "value", MEASURES[k % len(MEASURES)]),
        (ids.OVERBLIK_VERSION, "data", None),
    ]
    return payload(outputs, inputs)


def candidates_payload(need_id: str) -> bytes:
    outputs = [(ids.MATCH_CANDIDATES, "children"), (ids.MATCH_PERSON, "options"), (ids.MATCH_PERSON, "value")]
    return payload(outputs, [(ids.MATCH_NEED, "value", need_id)])


def opener_for(base: str, username: str) -> urllib.request.OpenerDirector:
    """An HTTP client with its own cookie jar, logged in through the JSON API."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    request = urllib.request.Request(
        f"{base}/api/v1/login",
        data=json.dumps({"username": username, "password": PASSWORD}).encode(),
        headers={"Content-Type": "application/json", "Origin": base},
    )
    with opener.open(request, timeout=60) as response:
        response.read()
    return opener


def load(base: str, username: str, bodies: list[bytes], sessions: int) -> tuple[list[float], list[bytes]]:
    """``sessions`` threads, each logged in, each posting every body once; latencies in ms."""
    openers = [opener_for(base, username) for _ in range(sessions)]
    latencies: list[float] = []
    samples: list[bytes] = []
    lock = threading.Lock()
    start = threading.Barrier(sessions)

    def work(opener: urllib.request.OpenerDirector) -> None:
        start.wait()
        for body in bodies:
            request = urllib.request.Request(
                f"{base}/_dash-update-component", data=body, headers={"Content-Type": "application/json"}
            )
            began = time.perf_counter()
            with opener.open(request, timeout=600) as response:
                data = response.read()
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                latencies.append(elapsed)
                samples.append(data)

    threads = [threading.Thread(target=work, args=(o,)) for o in openers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, samples


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def browser_first_load(base: str) -> tuple[int, float] | None:
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service as DriverService
        from selenium.webdriver.common.by import By
    except ImportError:
        return None
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in CHROME_ARGS:
        options.add_argument(argument)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='bench-chromium-')}")
    driver = webdriver.Chrome(service=DriverService("/usr/bin/chromedriver"), options=options)
    try:
        driver.get(f"{base}/login")
        driver.find_element(By.ID, "username").send_keys("bench-region")
        driver.find_element(By.ID, "password").send_keys(PASSWORD)
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        deadline = time.monotonic() + 180
        drawn_ms = None
        while time.monotonic() < deadline:
            drawn_ms = driver.execute_script(
                "const areas = [...document.querySelectorAll('#overblik-map path.leaflet-interactive')];"
                "return areas.length >= 15 && new Set(areas.map(p => p.getAttribute('fill'))).size > 1"
                " ? performance.now() : null"
            )
            if drawn_ms is not None:
                break
            time.sleep(0.02)
        if drawn_ms is None:
            state = driver.execute_script(
                "const a = [...document.querySelectorAll('#overblik-map path.leaflet-interactive')];"
                "return [location.href, a.length, [...new Set(a.map(p => p.getAttribute('fill')))]];"
            )
            print(f"map page: not drawn and coloured after 180 s: {state}")
            return None
        time.sleep(1)  # let late resources finish
        transferred = driver.execute_script(
            "const nav = performance.getEntriesByType('navigation')[0];"
            "return (nav ? nav.transferSize : 0) + performance.getEntriesByType('resource')"
            ".reduce((s, e) => s + e.transferSize, 0);"
        )
        return int(transferred), float(drawn_ms)
    finally:
        driver.quit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--requests", type=int, default=20, help="callbacks per session (bounded loop)")
    parser.add_argument("--sessions", default="1,20", help="comma-separated session counts (0 = none)")
    parser.add_argument("--db", help="use this database as it is (no demo data load)")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-dashboard-"))
    settings = load_settings(database_url=args.db or f"sqlite:///{tmp}/bench.db", cookie_secure=False)
    service = Service(settings)
    if not args.db:
        began = time.perf_counter()
        service.load_demo_data(scale=args.scale, seed=args.seed, folder=tmp / "demo")
        print(f"demo data at scale {args.scale}: {time.perf_counter() - began:.1f} s", flush=True)
    with service.engine.connect() as connection:
        needs = repo.load(connection, "needs")
    home = str(needs["lks_id"].value_counts().index[0])
    home_needs = [str(n) for n in needs.loc[needs["lks_id"] == home, "need_id"]]
    for name, role, lks_id in (("bench-region", "region", None), ("bench-lks", "lks", home)):
        try:
            auth.add_user(service.engine, name, PASSWORD, role, lks_id)
        except Exception as exc:  # noqa: BLE001 - an existing user from an earlier run on --db
            print(f"user {name}: {exc}")
    app = create_app(settings, service)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    rows = []
    began = time.perf_counter()
    service.area_stats()  # computed once per data version: measured here, not in the page load
    rows.append(
        ("area statistics, first computation", "-", "-", f"{(time.perf_counter() - began) * 1000:.0f} ms", "")
    )
    try:
        if not args.no_browser:
            first = browser_first_load(base)
            if first is None:
                print("map page: Chromium not available or the map did not draw")
            else:
                rows.append(
                    ("map page, first load", "1", f"{first[0] / 1e6:.2f} MB", f"{first[1]:.0f} ms", "")
                )
        for sessions in (int(s) for s in args.sessions.split(",") if int(s) > 0):
            bodies = [measure_payload(k) for k in range(args.requests)]
            lat, _ = load(base, "bench-region", bodies, sessions)
            rows.append(
                (
                    "change measure",
                    str(sessions),
                    str(len(lat)),
                    f"{percentile(lat, 0.5):.0f} ms",
                    f"{percentile(lat, 0.95):.0f} ms",
                )
            )
            print(rows[-1], flush=True)
            bodies = [candidates_payload(home_needs[k % len(home_needs)]) for k in range(args.requests)]
            lat, sample = load(base, "bench-lks", bodies, sessions)
            tables = sum(b'"className": "candidates"' in r.replace(b'":"', b'": "') for r in sample)
            rows.append(
                (
                    f"candidates ({tables} of {len(sample)} answers with a ranked table)",
                    str(sessions),
                    str(len(lat)),
                    f"{percentile(lat, 0.5):.0f} ms",
                    f"{percentile(lat, 0.95):.0f} ms",
                )
            )
            print(rows[-1], flush=True)
    finally:
        server.shutdown()
    print(f"\nscale {args.scale}: {len(needs)} needs, {len(home_needs)} in the LKS {home}")
    print("| what | sessions | bytes / requests | time / p50 | p95 |")
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
