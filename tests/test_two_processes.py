"""Two processes on one PostgreSQL database: the area statistics are computed once, by one of them.

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
    made = run("--db", postgres_url, "demo-data", "--scale", "0.05", "--seed", "3",
               "--files", str(tmp_path / "d"))
    assert made.returncode == 0, made.stderr
    outs = [tmp_path / "a.csv", tmp_path / "b.csv"]
    processes = [
        subprocess.Popen(
            [LKSMATCH, "--db", postgres_url, "export", "stats", "--level", "lks", "--format", "csv",
             "--out", str(out)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
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
