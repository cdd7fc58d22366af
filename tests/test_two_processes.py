"""Two processes on one PostgreSQL database: the area statistics are computed once, by one of them;
two servers share the decisions and serve the same snapshot.

Two ``lksmatch export stats`` commands are started at the same moment on a fresh demo
database that has no statistics yet. One takes the lease and counts; the other waits for its
snapshot and reads it (the commands say which they did); the files are the same, and one
snapshot is stored.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from clitools import LKSMATCH, run
from sqlalchemy import text

from store import snapshots
from store.db import make_engine

POSTGRES_ENV = "LKSMATCH_TEST_POSTGRES_URL"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A database URL on a fresh schema of the test server (dropped afterwards)."""
    base = os.environ.get(POSTGRES_ENV, "").strip()
    if not base:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{POSTGRES_ENV} is not set: CI runs this test on PostgreSQL")
        pytest.skip(f"set {POSTGRES_ENV} to run the two-process PostgreSQL test")
    schema = f"twoproc_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.mark.postgres
def test_two_commands_at_once_compute_the_statistics_once(postgres_url: str, tmp_path: Path) -> None:
    made = run(
        "--db", postgres_url, "demo-data", "--scale", "0.05", "--seed", "3", "--files", str(tmp_path / "d")
    )
    assert made.returncode == 0, made.stderr
    outs = [tmp_path / "a.csv", tmp_path / "b.csv"]
    processes = [
        subprocess.Popen(
            [
                LKSMATCH,
                "--db",
                postgres_url,
                "export",
                "stats",
                "--level",
                "lks",
                "--format",
                "csv",
                "--out",
                str(out),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for out in outs
    ]
    results = [p.communicate(timeout=600) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], [err for _, err in results]
    said = [out for out, _ in results]
    assert sum("(counted now)" in s for s in said) == 1, said
    assert sum("(the stored snapshot)" in s for s in said) == 1, said
    assert outs[0].read_bytes() == outs[1].read_bytes()
    engine = make_engine(postgres_url)
    try:
        with engine.connect() as connection:
            assert snapshots.count_snapshots(connection) == 1
            sql = text("SELECT held_by FROM job_leases WHERE name = 'area_stats'")
            lease = connection.execute(sql).first()
            assert lease is not None and lease.held_by is None  # given back
    finally:
        engine.dispose()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _call(port: int, method: str, path: str, body: object = None, cookie: str | None = None,
          ) -> tuple[int, object, dict[str, str]]:  # fmt: skip
    import http.client
    import json

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Origin": f"http://127.0.0.1:{port}"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    if cookie:
        headers["Cookie"] = cookie
    connection.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    response = connection.getresponse()
    raw = response.read()
    connection.close()
    data = (
        json.loads(raw)
        if raw and response.getheader("Content-Type", "").startswith("application/json")
        else raw
    )
    return response.status, data, {k.lower(): v for k, v in response.getheaders()}


@pytest.mark.postgres
def test_two_servers_on_one_database_share_decisions_and_the_snapshot(
    postgres_url: str, tmp_path: Path
) -> None:
    """Two ``lksmatch serve`` (gunicorn) processes on one PostgreSQL database: a decision made
    through one is in the need's history read through the other, and both serve the same area
    statistics (one snapshot, in the database)."""
    import time

    made = run(
        "--db", postgres_url, "demo-data", "--scale", "0.05", "--seed", "4", "--files", str(tmp_path / "d")
    )
    assert made.returncode == 0, made.stderr
    password = "to-servere-en-database"
    added = subprocess.run([LKSMATCH, "--db", postgres_url, "users", "add", "jc", "--role", "lks", "--lks",
                            "aarhus", "--system", "jobcenter"], input=password + "\n", text=True,
                           capture_output=True, timeout=120)  # fmt: skip
    assert added.returncode == 0, added.stderr
    added = subprocess.run(
        [LKSMATCH, "--db", postgres_url, "users", "add", "boss", "--role", "admin"],
        input=password + "\n",
        text=True,
        capture_output=True,
        timeout=120,
    )
    assert added.returncode == 0, added.stderr
    env = {**os.environ, "LKSMATCH_COOKIE_SECURE": "false", "LKSMATCH_SECRET_KEY": "two-servers",
           "LKSMATCH_MODEL_DIR": str(tmp_path / "models")}  # fmt: skip
    ports = [_free_port(), _free_port()]
    servers = [
        subprocess.Popen([LKSMATCH, "--db", postgres_url, "serve", "--port", str(port), "--workers", "1",
                          "--threads", "2"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for port in ports
    ]  # fmt: skip
    try:
        for port in ports:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if _call(port, "GET", "/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, f"the server on {port} did not start"
                time.sleep(0.2)
        cookies = []
        for port in ports:
            status, _, headers = _call(
                port, "POST", "/api/v1/login", {"username": "jc", "password": password}
            )
            assert status == 200
            cookies.append(headers["set-cookie"].split(";")[0])
        # both serve the same statistics: one snapshot, computed once and read by both
        deadline = time.monotonic() + 300
        while True:
            answers = [
                _call(port, "GET", "/api/v1/areas", cookie=c) for port, c in zip(ports, cookies, strict=True)
            ]
            if all(a[0] == 200 for a in answers) and answers[0][1] == answers[1][1]:
                break
            assert time.monotonic() < deadline, [a[0] for a in answers]
            time.sleep(1)
        assert len(answers[0][1]["areas"]) == 15  # type: ignore[index]
        # a decision through the first server is in the history read through the second
        _, listed, _ = _call(ports[0], "GET", "/api/v1/needs?lks=aarhus", cookie=cookies[0])
        hire = [n for n in listed["needs"] if n.get("kind", "hire") == "hire"]  # type: ignore[index]
        need = str(hire[0]["need_id"])
        _, ranked, _ = _call(ports[0], "GET", f"/api/v1/needs/{need}/candidates?top=3", cookie=cookies[0])
        person = ranked["candidates"][0]["person_id"]  # type: ignore[index]
        status, _, _ = _call(ports[0], "POST", f"/api/v1/needs/{need}/decisions",
                             {"person_id": person, "decision": "contacted", "reason": "via server A"},
                             cookie=cookies[0])  # fmt: skip
        assert status == 201
        status, history, _ = _call(ports[1], "GET", f"/api/v1/needs/{need}/decisions", cookie=cookies[1])
        assert status == 200
        assert [(d["person_id"], d["decision"], d["reason"]) for d in history["decisions"]] == [  # type: ignore[index]
            (person, "contacted", "via server A")
        ]
        # a model trained through the first server is the one the second ranks with
        status, headers = _call(
            ports[0], "POST", "/api/v1/login", {"username": "boss", "password": password}
        )[::2]
        assert status == 200
        boss = [headers["set-cookie"].split(";")[0]]
        status, headers = _call(
            ports[1], "POST", "/api/v1/login", {"username": "boss", "password": password}
        )[::2]
        boss.append(headers["set-cookie"].split(";")[0])
        assert _call(ports[1], "GET", "/api/v1/model", cookie=boss[1])[1]["in_use"]["name"] == "rule-based"  # type: ignore[index]
        assert _call(ports[0], "POST", "/api/v1/model/train", {}, cookie=boss[0])[0] == 202
        deadline = time.monotonic() + 300
        while (job := _call(ports[0], "GET", "/api/v1/model/train", cookie=boss[0])[1]["job"])[
            "state"
        ] == "running":  # type: ignore[index]
            assert time.monotonic() < deadline, job
            time.sleep(0.5)
        assert job["state"] == "done", job
        deadline = time.monotonic() + 60  # "used by all within a minute"
        while (used := _call(ports[1], "GET", "/api/v1/model", cookie=boss[1])[1]["in_use"])[
            "name"
        ] != "trained":  # type: ignore[index]
            assert time.monotonic() < deadline, used
            time.sleep(0.5)
        engine = make_engine(postgres_url)
        try:
            with engine.connect() as connection:
                assert snapshots.count_snapshots(connection) >= 1
        finally:
            engine.dispose()
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=60)
