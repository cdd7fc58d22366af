"""The prepared geography of a service: cleaned boundaries, the LKS grouping and the assigner."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo import assign as geo_assign
from geo import boundaries, lks
from lksmatch.config import Settings
from lksmatch.errors import UsageError
from lksmatch.rules import LEVELS
from store import refdata


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
    postal_areas: gpd.GeoDataFrame
    """All Danish postal-code areas, EPSG:25832."""
    assigner: geo_assign.Assigner

    @property
    def lks_ids(self) -> list[str]:
        """The LKS ids, in the order of the LKS table."""
        return list(dict.fromkeys(self.lks_table["lks_id"].astype(str)))

    @property
    def municipality_codes(self) -> frozenset[str]:
        """Every valid Danish kommunekode (from the official boundaries)."""
        return frozenset(self.municipalities["municipality_code"])

    def web_boundaries(self, level: str) -> bytes:
        """The simplified WGS84 boundaries of ``level`` as GeoJSON with ``area_id`` and ``area_name``."""
        if level == "lks":
            frame = self.lks_areas.rename(columns={"lks_id": "area_id", "lks_name": "area_name"})
        elif level == "municipality":
            names = {"municipality_code": "area_id", "municipality_name": "area_name"}
            frame = self.region.rename(columns=names)
        else:
            raise UsageError(f"`level` was {level!r} but is expected to be one of {list(LEVELS)}")
        web = lks.web_geometries(frame[["area_id", "area_name", "geometry"]])
        return web.to_json(drop_id=True).encode("utf-8")

    def areas_of(self, level: str) -> gpd.GeoDataFrame:
        """The areas a table of ``level`` (``lks`` or ``municipality``) is published for."""
        return self.lks_areas if level == "lks" else self.region


def build_geography(settings: Settings) -> Geography:
    """Read the reference files named by ``settings`` and prepare the geography."""
    raw_munis = refdata.read_municipalities(settings)
    munis = boundaries.clean_municipalities(raw_munis)
    region = boundaries.region_municipalities(munis)
    table = lks.validate_lks_table(refdata.read_lks_table(settings.lks_table), munis)
    areas = lks.build_lks_areas(region, table)
    postal = boundaries.clean_postal_areas(refdata.read_postal_codes(settings))
    shares = boundaries.postal_municipality_shares(postal, munis)
    assigner = geo_assign.Assigner(munis, table, shares)
    return Geography(munis, region, table, areas, postal, assigner)
