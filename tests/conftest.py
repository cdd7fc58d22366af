"""Shared fixtures: the real reference data, read once per session.

Tests never download. The reference data comes from ``LKSMATCH_DATA_DIR`` (CI and the
Makefile point it at ``../shared/data``) or from the verified cache that ``lksmatch data
fetch`` fills (``make test`` runs it first). When neither holds the files, a test that
needs them skips with a message - and under CI (``CI=true``) it fails instead, so a run
that tested little is never green.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from reference import reference_data_dir
from sqlalchemy import Engine, text

from geo.assign import Assigner
from geo.boundaries import (
    clean_municipalities,
    clean_postal_areas,
    postal_municipality_shares,
    region_municipalities,
)
from geo.lks import build_lks_areas, validate_lks_table
from lksmatch.config import Settings, load_settings
from store.db import make_engine, upgrade
from store.refdata import read_lks_table, read_municipalities, read_postal_codes


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The reference data folder (see :func:`reference_data_dir`)."""
    return reference_data_dir()


@pytest.fixture(scope="session")
def data_settings(data_dir: Path) -> Settings:
    """Settings whose ``data_dir`` holds the real reference data."""
    return replace(load_settings(), data_dir=data_dir)


@pytest.fixture(scope="session")
def raw_municipalities(data_settings: Settings) -> gpd.GeoDataFrame:
    """The national municipality file as published."""

    return read_municipalities(data_settings)


@pytest.fixture(scope="session")
def raw_postal_codes(data_settings: Settings) -> gpd.GeoDataFrame:
    """The national postal-code file as published."""

    return read_postal_codes(data_settings)


@pytest.fixture(scope="session")
def municipalities(raw_municipalities: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """All 99 Danish municipalities, cleaned, EPSG:25832."""

    return clean_municipalities(raw_municipalities)


@pytest.fixture(scope="session")
def region_munis(municipalities: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The 19 municipalities of Region Midtjylland."""

    return region_municipalities(municipalities)


@pytest.fixture(scope="session")
def postal_areas(raw_postal_codes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """All postal-code areas, cleaned, EPSG:25832."""

    return clean_postal_areas(raw_postal_codes)


@pytest.fixture(scope="session")
def postal_shares(postal_areas: gpd.GeoDataFrame, municipalities: gpd.GeoDataFrame) -> pd.DataFrame:
    """Land share of each postal area per municipality."""

    return postal_municipality_shares(postal_areas, municipalities)


@pytest.fixture(scope="session")
def lks_table_raw(data_settings: Settings) -> pd.DataFrame:
    """The shipped ``data/boundaries/lks.csv`` as read (with ``line``)."""

    return read_lks_table(data_settings.lks_table)


@pytest.fixture(scope="session")
def lks_table(lks_table_raw: pd.DataFrame, municipalities: gpd.GeoDataFrame) -> pd.DataFrame:
    """The shipped LKS table, validated."""

    return validate_lks_table(lks_table_raw, municipalities)


@pytest.fixture(scope="session")
def lks_areas(region_munis: gpd.GeoDataFrame, lks_table: pd.DataFrame) -> gpd.GeoDataFrame:
    """The 15 LKS polygons, EPSG:25832."""

    return build_lks_areas(region_munis, lks_table)


@pytest.fixture(scope="session")
def assigner(
    municipalities: gpd.GeoDataFrame, lks_table: pd.DataFrame, postal_shares: pd.DataFrame
) -> Assigner:
    """A ready :class:`geo.assign.Assigner` over the real data."""

    return Assigner(municipalities, lks_table, postal_shares)


# --- databases ----------------------------------------------------------------------------------

POSTGRES_ENV = "LKSMATCH_TEST_POSTGRES_URL"
SKIP_POSTGRES = (
    f"PostgreSQL tests skipped: set {POSTGRES_ENV} "
    "(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) to run them"
)


def _postgres_url() -> str:
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{POSTGRES_ENV} is not set: CI runs the database tests on PostgreSQL too")
        pytest.skip(SKIP_POSTGRES)
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database at the newest schema revision: a fresh SQLite file, or a fresh schema on the
    PostgreSQL server of ``LKSMATCH_TEST_POSTGRES_URL`` (dropped afterwards, so runs repeat and can
    run side by side). Without that variable the PostgreSQL cases skip - and fail under CI.
    """
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
