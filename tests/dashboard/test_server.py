"""`lksmatch serve` as users get it: gunicorn in its own processes, over real HTTP.

The server is started as the README says (the console script), on an empty database with one
user; the test talks to it with urllib, like any client. It checks what a deployment relies
on: a production server (gunicorn's workers, not Flask's development server), ``/healthz``
without a session, a login that works across worker processes, an access log without query
strings (a search or a pseudonym in a URL never reaches a log), and a graceful stop.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from clitools import LKSMATCH
from reference import reference_data_dir

PASSWORD = "serve-test-password-2026"


def reference_env() -> dict[str, str]:
    return {"LKSMATCH_DATA_DIR": str(reference_data_dir())}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Running:
    url: str
    process: subprocess.Popen[str]
    log: Path

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    tmp = tmp_path_factory.mktemp("serve")
    env = {**os.environ, **reference_env(), "LKSMATCH_DATABASE_URL": f"sqlite:///{tmp}/serve.db",
           "LKSMATCH_COOKIE_SECURE": "false",  # and no LKSMATCH_SECRET_KEY, as in the demo
           "LKSMATCH_MODEL_DIR": str(tmp / "models")}
    added = subprocess.run([LKSMATCH, "users", "add", "kasper", "--role", "planner"], input=PASSWORD + "\n",
                           capture_output=True, text=True, env=env, timeout=300)
    assert added.returncode == 0, added.stderr
    port = _free_port()
    log = tmp / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [LKSMATCH, "serve", "--port", str(port), "--workers", "2", "--threads", "2"],
            stdout=out, stderr=subprocess.STDOUT, text=True, env=env,
        )
    running = Running(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(running.url + "/healthz", timeout=5):
                break
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"the server did not start:\n{running.text()}")
            time.sleep(0.5)
    yield running
    if process.poll() is None:
        process.kill()
        process.wait(timeout=30)


def _get(url: str, opener: urllib.request.OpenerDirector | None = None) -> tuple[int, str]:
    try:
        with (opener or urllib.request.build_opener()).open(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_it_is_gunicorn_with_the_workers_asked_for(server: Running) -> None:
    deadline = time.monotonic() + 60
    while server.text().count("Booting worker") < 2 and time.monotonic() < deadline:
        time.sleep(0.5)
    log = server.text()
    assert "gunicorn" in log.lower()
    assert log.count("Booting worker") == 2
    assert "development server" not in log.lower()


def test_healthz_answers_without_a_session(server: Running) -> None:
    status, body = _get(server.url + "/healthz")
    assert (status, json.loads(body)) == (200, {"status": "ok"})
    assert _get(server.url + "/api/v1/needs")[0] == 401  # everything else still needs one


def test_a_session_made_by_one_worker_is_honoured_by_the_others(server: Running) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    request = urllib.request.Request(
        server.url + "/api/v1/login", data=json.dumps({"username": "kasper", "password": PASSWORD}).encode(),
        headers={"Content-Type": "application/json", "Origin": server.url}, method="POST",
    )
    with opener.open(request, timeout=60) as response:
        assert response.status == 200
    # many requests over fresh connections: both workers answer some; every one knows the session
    statuses = {_get(server.url + "/api/v1/areas", opener)[0] for _ in range(8)}
    assert statuses == {200}


def test_the_login_form_works_whichever_worker_answers(server: Running) -> None:
    """The form's CSRF token is signed: every worker must share the key (none is configured here)."""
    import re
    import urllib.parse

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    outcomes = []
    for _ in range(8):  # fresh connections: the two workers take turns
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
        status, page = _get(server.url + "/login", opener)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert status == 200 and token
        form = urllib.parse.urlencode({"username": "kasper", "password": PASSWORD,
                                       "csrf_token": token.group(1), "next": "/"}).encode()
        try:
            with opener.open(urllib.request.Request(server.url + "/login", data=form), timeout=60) as answer:
                outcomes.append(answer.status)
        except urllib.error.HTTPError as exc:
            outcomes.append(exc.code)
    assert outcomes == [302] * 8


def test_the_access_log_has_no_query_strings(server: Running) -> None:
    secret = "P-hemmelig-4711"
    _get(f"{server.url}/login?next=/match%3Fperson%3D{secret}&q={secret}")
    time.sleep(1)
    log = server.text()
    assert '"GET /login HTTP/1.1" 200' in log
    assert secret not in log


def test_a_malformed_request_is_a_400_from_the_real_server(server: Running) -> None:
    request = urllib.request.Request(
        server.url + "/api/v1/login", data=b'{"username": "aar\\u0000", "password": "x"}',
        headers={"Content-Type": "application/json", "Origin": server.url}, method="POST",
    )
    try:
        urllib.request.urlopen(request, timeout=30)
        raise AssertionError("a NUL in the username was accepted")
    except urllib.error.HTTPError as exc:
        assert exc.code == 400


def test_sigterm_stops_it_gracefully(server: Running) -> None:
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=60) == 0
    assert "Shutting down" in server.text() or "Handling signal: term" in server.text()
