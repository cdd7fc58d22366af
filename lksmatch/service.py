"""The one API that the dashboard, the JSON API and the CLI call.

The service wires the pure packages (:mod:`geo`, :mod:`matching`) to the store
(:mod:`store`). It holds no global state: build one per process (or per test) with
:func:`build_service`. Reference data is loaded lazily, once per service.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo import assign as geo_assign
from geo import boundaries, lks
from lksmatch.config import Settings
from store import refdata, tabular


@dataclass(frozen=True)
class Geography:
    """Cleaned boundaries and the LKS grouping, built once from the reference data."""

    municipalities: gpd.GeoDataFrame
    """All Danish municipalities, one row each, EPSG:25832."""
    region: gpd.GeoDataFrame
    """The 19 municipalities of Region Midtjylland."""
    lks_table: pd.DataFrame
    """Validated ``lks_id, lks_name, municipality_code``."""
    lks_areas: gpd.GeoDataFrame
    """The 15 LKS areas, dissolved, EPSG:25832."""
    assigner: geo_assign.Assigner


@dataclass(frozen=True)
class AssignSummary:
    """What ``assign`` did: rows read and how many were placed by each method."""

    rows: int
    by_method: dict[str, int]
    outside_region: int


class Service:
    """Application service: every use case of lksmatch is one method here."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()

    # --- reference data ---------------------------------------------------------------------

    @cached_property
    def geography(self) -> Geography:
        """Boundaries, LKS areas and the assigner (loaded on first use, then kept)."""
        with self._lock:
            raw_munis = refdata.read_municipalities(self.settings)
            munis = boundaries.clean_municipalities(raw_munis)
            region = boundaries.region_municipalities(munis)
            table = lks.validate_lks_table(refdata.read_lks_table(self.settings.lks_table), munis)
            areas = lks.build_lks_areas(region, table)
            postal = boundaries.clean_postal_areas(refdata.read_postal_codes(self.settings))
            shares = boundaries.postal_municipality_shares(postal, munis)
            assigner = geo_assign.Assigner(munis, table, shares)
            return Geography(munis, region, table, areas, assigner)

    def ensure_reference_data(self) -> dict[str, Path]:
        """Make every reference file available locally (download and verify when needed)."""
        return refdata.ensure_all(self.settings)

    # --- assignment -------------------------------------------------------------------------

    def assign_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Place each row of ``frame`` in a municipality and LKS (see :class:`geo.assign.Assigner`)."""
        return self.geography.assigner.assign(frame)

    def assign_file(self, in_path: Path, out_path: Path) -> AssignSummary:
        """Read a company file, place every row, write the input columns plus the placement."""
        frame = tabular.read_table(in_path)
        placed = self.assign_frame(frame)
        tabular.write_table(placed, out_path)
        methods = placed["assign_method"].value_counts().to_dict()
        outside = int(((placed["lks_id"] == "") & (placed["municipality_code"] != "")).sum())
        return AssignSummary(
            rows=len(placed), by_method={str(k): int(v) for k, v in methods.items()}, outside_region=outside
        )


def build_service(settings: Settings) -> Service:
    """Build the service for ``settings`` (the one place that constructs it)."""
    return Service(settings)
