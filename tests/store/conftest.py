"""Database fixtures: every store test runs on SQLite, and on PostgreSQL when configured.

``engine`` is parametrised over ``sqlite`` (a fresh file per test) and ``postgresql``
(a fresh schema per test on the server named by ``LKSMATCH_TEST_POSTGRES_URL``,
dropped afterwards, so runs are repeatable and can run side by side). Without that
variable the PostgreSQL cases are skipped with a message saying so.
"""

from __future__ import annotations

import csv
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pytest
from sqlalchemy import Engine, text

from store.db import make_engine, upgrade

POSTGRES_ENV = "LKSMATCH_TEST_POSTGRES_URL"
SKIP_POSTGRES = (
    f"PostgreSQL tests skipped: set {POSTGRES_ENV} "
    "(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) to run them"
)


def _postgres_url() -> str:
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        pytest.skip(SKIP_POSTGRES)
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database at the newest schema revision."""
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'lksmatch.db'}")
        upgrade(eng)
        try:
            yield eng
        finally:
            eng.dispose()
        return
    url = _postgres_url()
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    eng = make_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        upgrade(eng)
        yield eng
    finally:
        eng.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def municipality_codes(municipalities: gpd.GeoDataFrame) -> frozenset[str]:
    """The 99 real kommunekoder, from the boundary data."""
    return frozenset(municipalities["municipality_code"])


def write_csv(path: Path, header: list[str], rows: list[list[str]], delimiter: str = ",") -> Path:
    """Write a small CSV file (UTF-8) for a test."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path
