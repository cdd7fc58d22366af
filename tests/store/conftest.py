"""Fixtures of the store tests (the ``engine`` fixture, SQLite and PostgreSQL, is in tests/conftest.py)."""

from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
import pytest


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
