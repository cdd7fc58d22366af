"""Upload through the web vs the CLI (administration issue): the scale-10 job-seeker file, 80,000 rows.

Generates the demo region at ``--scale`` (the import files in a temporary folder) and a database
holding everything but the job seekers, copied twice. Then, on the two copies:

- **CLI** (the peer): ``lksmatch --db COPY1 import jobseekers jobseekers.csv``, a fresh process,
  timed from start to exit (the geography is read from the disk cache, as it is for every command);
- **web**: ``lksmatch --db COPY2 serve`` (gunicorn, 2 workers), an admin logs in through the API,
  then ``POST /api/v1/imports/jobseekers`` with the same file as multipart, timed from the first
  byte sent to the answer (the server is warm: the first request after start-up has loaded the
  worker; the worker's first import builds its geography, which the CLI reads from the cache too).

Both answers must hold the same counts. The target: the web within 1.5 x the CLI's time.

Usage::

    LKSMATCH_DATA_DIR=../shared/data .venv/bin/python benchmarks/upload.py [--scale 10] [--repeat 2]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LKSMATCH = [str(ROOT / ".venv" / "bin" / "lksmatch")]
KINDS = ("companies", "visits", "needs", "offers")  # the job seekers are measured; outcomes need them
PASSWORD = "benchmark-password-2026"


def _run(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run([*LKSMATCH, *args], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"lksmatch {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _request(port: int, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None,
             ) -> tuple[int, dict[str, str], bytes]:  # fmt: skip
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, data


def _multipart(path: Path) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.name}\"\r\n"
            "Content-Type: text/csv\r\n\r\n").encode()
    return head + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode(), boundary


def _web_import(port: int, path: Path) -> tuple[float, dict[str, object]]:
    origin = f"http://127.0.0.1:{port}"
    status, headers, _ = _request(port, "POST", "/api/v1/login",
                                  json.dumps({"username": "bench-admin", "password": PASSWORD}).encode(),
                                  {"Content-Type": "application/json", "Origin": origin})
    assert status == 200, status
    cookie = headers["set-cookie"].split(";")[0]
    body, boundary = _multipart(path)
    start = time.perf_counter()
    status, _, answer = _request(port, "POST", "/api/v1/imports/jobseekers", body, {
        "Content-Type": f"multipart/form-data; boundary={boundary}", "Origin": origin,
        "X-Requested-With": "lksmatch", "Cookie": cookie})
    seconds = time.perf_counter() - start
    assert status == 200, (status, answer[:300])
    return seconds, json.loads(answer)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    env = {**os.environ, "LKSMATCH_COOKIE_SECURE": "false", "LKSMATCH_SECRET_KEY": "benchmark"}
    with tempfile.TemporaryDirectory(prefix="lksmatch-upload-bench-") as tmp:
        folder = Path(tmp)
        base = folder / "base.db"
        files = folder / "files"
        # the files (demo-data imports them too, into a database used for nothing else)
        _run("--db", f"sqlite:///{folder / 'files.db'}", "demo-data", "--scale", str(args.scale),
             "--files", str(files), env=env)
        for kind in KINDS:
            _run("--db", f"sqlite:///{base}", "import", kind, str(files / f"{kind}.csv"), env=env)
        done = subprocess.run([*LKSMATCH, "--db", f"sqlite:///{base}", "users", "add", "bench-admin",
                               "--role", "admin"], input=PASSWORD + "\n", env=env, text=True,
                              capture_output=True, check=False)  # fmt: skip
        assert done.returncode == 0, done.stderr
        seekers = files / "jobseekers.csv"
        rows = sum(1 for _ in seekers.open(encoding="utf-8")) - 1
        print(f"job-seeker file: {rows:,} rows, {seekers.stat().st_size / 2**20:.1f} MiB")
        print(f"{'run':>3} {'CLI s':>8} {'web s':>8} {'web / CLI':>10}")
        for run in range(1, args.repeat + 1):
            cli_db, web_db = folder / f"cli{run}.db", folder / f"web{run}.db"
            shutil.copy(base, cli_db)
            shutil.copy(base, web_db)
            start = time.perf_counter()
            out = _run("--db", f"sqlite:///{cli_db}", "import", "jobseekers", str(seekers), env=env)
            cli = time.perf_counter() - start
            port = _free_port()
            server = subprocess.Popen([*LKSMATCH, "--db", f"sqlite:///{web_db}", "serve", "--port", str(port),
                                       "--workers", "2"], env=env, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL)  # fmt: skip
            try:
                for _ in range(300):
                    try:
                        if _request(port, "GET", "/healthz")[0] == 200:
                            break
                    except OSError:
                        time.sleep(0.1)
                web, answer = _web_import(port, seekers)
            finally:
                server.terminate()
                server.wait(timeout=60)
            assert answer["rows"] == rows and answer["inserted"] == rows, answer
            assert f"{rows} inserted" in out, out
            print(f"{run:>3} {cli:>8.2f} {web:>8.2f} {web / cli:>9.2f}x")


if __name__ == "__main__":
    sys.exit(main())
