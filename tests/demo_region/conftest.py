"""Fixtures of the demo-region tests: the reference frames and the generated region, made once."""

from __future__ import annotations

import datetime

import geopandas as gpd
import pandas as pd
import pytest

from demo import generate_demo
from lksmatch.config import Settings
from store import refdata

#: The reference date of every generated region in these tests.
TODAY = datetime.date(2025, 6, 2)


@pytest.fixture(scope="session")
def today() -> datetime.date:
    return TODAY


@pytest.fixture(scope="session")
def reference(
    data_settings: Settings, raw_municipalities: gpd.GeoDataFrame, raw_postal_codes: gpd.GeoDataFrame
) -> dict[str, pd.DataFrame]:
    return {
        "municipalities": raw_municipalities,
        "postal_areas": raw_postal_codes,
        "occupations": refdata.read_esco_occupations(data_settings),
        "labels_da": refdata.read_esco_labels_da(data_settings),
    }


@pytest.fixture(scope="session")
def demo(reference: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The region at scale 1 (seed 7)."""
    return generate_demo(**reference, scale=1.0, seed=7, today=TODAY)


@pytest.fixture(scope="session")
def small(reference: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The region at scale 0.1 (seed 7)."""
    return generate_demo(**reference, scale=0.1, seed=7, today=TODAY)
