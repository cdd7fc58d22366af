"""The prepared geography of a service: cleaned boundaries, the LKS grouping and the assigner."""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import assign as geo_assign
from geo import boundaries, lks
from geo.locate import DEFAULT_CELL_SIZE, GridLocator
from lksmatch.config import Settings
from lksmatch.errors import UsageError
from lksmatch.rules import LEVELS
from store import refdata

_LOG = logging.getLogger(__name__)


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
        # where the map writes the area's name: inside its largest part (an island never carries it)
        parts = frame[["area_id", "geometry"]].explode(index_parts=False)
        by_size = parts.assign(_a=parts.geometry.area).sort_values("_a")
        largest = by_size.drop_duplicates("area_id", keep="last")
        points = gpd.GeoSeries(largest.geometry.representative_point(), crs=frame.crs).to_crs("EPSG:4326")
        where = zip(largest["area_id"], points.y.round(4), points.x.round(4), strict=True)
        at = {a: (lat, lon) for a, lat, lon in where}
        web["label_lat"] = [at[a][0] for a in web["area_id"]]
        web["label_lon"] = [at[a][1] for a in web["area_id"]]
        return web.to_json(drop_id=True).encode("utf-8")

    def areas_of(self, level: str) -> gpd.GeoDataFrame:
        """The areas a table of ``level`` (``lks`` or ``municipality``) is published for."""
        return self.lks_areas if level == "lks" else self.region


#: Bump when what the cache holds, or how it is made, changes: every old entry is then ignored.
CACHE_FORMAT = 2
#: What the cache entry keeps (one pickle file): the prepared frames and the point index over the
#: municipalities (built with its 2 km mask, so a command from the cache needs no scipy).
_CACHED = ("municipalities", "postal_areas", "postal_shares", "locator")
#: The entry's file in its folder.
_ENTRY = "geography.pickle"


def cache_key(settings: Settings) -> str:
    """What the prepared geography depends on: the pinned checksums of the two boundary files, the
    LKS table's contents, the cache format and the geometry libraries' versions.
    """
    digest = hashlib.sha256()
    for part in (
        f"format {CACHE_FORMAT}", refdata.MUNICIPALITIES.sha256, refdata.POSTAL_CODES.sha256,
        f"geopandas {gpd.__version__}", f"shapely {shapely.__version__}", f"numpy {np.__version__}",
    ):  # fmt: skip
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(settings.lks_table.read_bytes())
    return digest.hexdigest()[:24]


def _cache_folder(settings: Settings) -> Path:
    return settings.cache_dir / "geography" / cache_key(settings)


def _read_cache(folder: Path) -> dict[str, Any] | None:
    """The entry's frames and index, or ``None`` when there is none or it cannot be read (then it is rebuilt).

    A pickle, like the trained model beside it in the data folder: the service trusts only files
    it wrote itself into its own folders (whoever can write there can change the model too).
    """
    path = folder / _ENTRY
    if not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            frames = pickle.load(handle)  # noqa: S301 - the service's own cache, see above
        if not isinstance(frames, dict) or set(frames) != set(_CACHED):
            raise ValueError("not a geography cache entry")
    except Exception as exc:  # a damaged entry is rebuilt, never used
        _LOG.warning("the geography cache in %s cannot be read (%s); rebuilt", folder, type(exc).__name__)
        return None
    return frames


def _write_cache(folder: Path, frames: dict[str, Any]) -> None:
    """Write the entry into a folder of its own, then move it into place in one step (a reader never
    sees half an entry; of two processes writing at once, one wins). A read-only cache is no error.
    """
    staging: Path | None = None
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".new-", dir=folder.parent))
        with (staging / _ENTRY).open("wb") as handle:
            pickle.dump(frames, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(staging, folder)
    except OSError as exc:  # read-only, full, or another process was first: served uncached
        _LOG.info("the geography is not cached in %s: %s", folder.parent, type(exc).__name__)
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


def build_geography(settings: Settings) -> Geography:
    """The prepared geography of ``settings``: from the cache folder when an entry for the same
    reference files, LKS table and libraries is there (``cache_key``), else read and cleaned from
    the reference files and then cached (``LKSMATCH_CACHE_DIR``; the reference-data folder may be
    read-only, the cache need not be writable either).
    """
    refdata.require_present(settings, refdata.MUNICIPALITIES, refdata.POSTAL_CODES)  # a wrong folder is said
    folder = _cache_folder(settings)
    cached = _read_cache(folder)
    if cached is None:
        munis = boundaries.clean_municipalities(refdata.read_municipalities(settings))
        postal = boundaries.clean_postal_areas(refdata.read_postal_codes(settings))
        shares = boundaries.postal_municipality_shares(postal, munis)
        locator = GridLocator(munis.geometry.to_numpy(), cell_size=DEFAULT_CELL_SIZE)
        locator.prepare_nearest(geo_assign.NEAREST_MAX_M)
        shutil.rmtree(folder, ignore_errors=True)  # a damaged entry, if any, makes way for the new one
        entry = {"municipalities": munis, "postal_areas": postal, "postal_shares": shares, "locator": locator}
        _write_cache(folder, entry)
    else:
        munis, postal, shares, locator = (cached[name] for name in _CACHED)
    region = boundaries.region_municipalities(munis)
    table = lks.validate_lks_table(refdata.read_lks_table(settings.lks_table), munis)
    areas = lks.build_lks_areas(region, table)
    assigner = geo_assign.Assigner(munis, table, shares, locator=locator)
    return Geography(munis, region, table, areas, postal, assigner)
