"""Places: where in the region the demo's companies and people are.

Companies and job seekers are spread over Region Midtjylland's 19 municipalities in
proportion to their populations (Danmarks Statistik, FOLK1A, 1 January 2024; see
:data:`demo.vocab_places.POPULATION_2024`). Within a municipality a point is drawn
inside one piece "postal area ∩ municipality" (main towns get extra weight) by
rejection sampling with ``shapely.contains_xy``, so coordinates, postal code and
kommunekode always agree. To exercise the assigner, a few companies carry only a postal
code (whose largest share lies in their municipality), only coordinates, or only a
kommunekode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from demo import vocab_places
from geo import boundaries
from lksmatch.errors import ReferenceDataError

_TOWN_SUFFIX = re.compile(r"\s+(C|N|V|J|S|Ø|NV|NØ|SV|SØ|Jylland|St\.)$")


@dataclass(frozen=True)
class Places:
    """The region's municipalities and their "postal area ∩ municipality" pieces (EPSG:25832)."""

    codes: list[str]
    population: np.ndarray
    piece_muni: np.ndarray
    piece_postal: np.ndarray
    piece_town: np.ndarray
    piece_geom: np.ndarray
    piece_weight: np.ndarray
    piece_postal_only: np.ndarray
    """True where the postal code alone places the point in this municipality (share >= 90 %)."""
    to_wgs84: pyproj.Transformer

    @classmethod
    def build(cls, municipalities: gpd.GeoDataFrame, postal_areas: gpd.GeoDataFrame) -> Places:
        """The places of the raw national boundary files (municipalities, postal areas)."""
        munis = boundaries.clean_municipalities(municipalities)
        region = boundaries.region_municipalities(munis)
        postal = boundaries.clean_postal_areas(postal_areas)
        shares = boundaries.postal_municipality_shares(postal, munis)
        codes = sorted(region["municipality_code"])
        _check_region(codes)
        top = shares.drop_duplicates("postal_code").set_index("postal_code")
        pieces, geoms, area = _pieces(shares, codes, region, postal)
        muni = pieces["municipality_code"].to_numpy(dtype=str)
        code = pieces["postal_code"].to_numpy(dtype=str)
        weight = _piece_weights(muni, code, area, codes)
        alone = (top.loc[code, "municipality_code"].to_numpy(dtype=str) == muni) & (
            top.loc[code, "share"].to_numpy() >= 0.9
        )
        names = postal.set_index("postal_code")["postal_name"].loc[code].to_numpy(dtype=str)
        towns = np.array([_TOWN_SUFFIX.sub("", n) for n in names])
        return cls(
            codes=codes,
            population=np.array([vocab_places.POPULATION_2024[c] for c in codes], dtype=float),
            piece_muni=muni,
            piece_postal=code,
            piece_town=towns,
            piece_geom=geoms,
            piece_weight=weight,
            piece_postal_only=alone,
            to_wgs84=pyproj.Transformer.from_crs(boundaries.CRS_METRIC, boundaries.CRS_WEB, always_xy=True),
        )

    def choose_pieces(
        self, muni: np.ndarray, rng: np.random.Generator, *, postal_only: np.ndarray | None = None
    ) -> np.ndarray:
        """A piece for each row, inside the row's municipality (weighted by area and main towns)."""
        out = np.empty(len(muni), dtype=int)
        flags = np.zeros(len(muni), dtype=bool) if postal_only is None else postal_only
        for code in self.codes:
            for flag in (False, True):
                rows = np.flatnonzero((muni == code) & (flags == flag))
                if not len(rows):
                    continue
                ids = np.flatnonzero(self.piece_muni == code)
                if flag and self.piece_postal_only[ids].any():
                    ids = ids[self.piece_postal_only[ids]]
                w = self.piece_weight[ids]
                out[rows] = rng.choice(ids, size=len(rows), p=w / w.sum())
        return out

    def sample(self, piece: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """A uniform random point inside each row's piece: (n, 2) metric coordinates."""
        xy = np.empty((len(piece), 2))
        for pid in np.unique(piece):
            rows = np.flatnonzero(piece == pid)
            xy[rows] = points_in(self.piece_geom[pid], len(rows), rng)
        return xy

    def lonlat(self, xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Longitudes and latitudes (WGS 84) of (n, 2) metric coordinates."""
        lon, lat = self.to_wgs84.transform(xy[:, 0], xy[:, 1])
        return np.asarray(lon), np.asarray(lat)


def _check_region(codes: list[str]) -> None:
    """Refuse a boundary file whose region is not the 19 municipalities of the vocabulary."""
    missing = sorted(set(vocab_places.POPULATION_2024) - set(codes))
    if missing or len(codes) != len(vocab_places.POPULATION_2024):
        raise ReferenceDataError(
            f"the region's municipalities in the boundary file are {codes}; "
            f"the demo data expects {sorted(vocab_places.POPULATION_2024)}"
        )


def _pieces(
    shares: pd.DataFrame, codes: list[str], region: gpd.GeoDataFrame, postal: gpd.GeoDataFrame
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The region's "postal area ∩ municipality" pieces worth a point, their (prepared) shapes and km²."""
    pieces = shares[shares["municipality_code"].isin(codes)].reset_index(drop=True)
    muni_geom = region.set_index("municipality_code").geometry
    postal_geom = postal.set_index("postal_code").geometry
    geoms = shapely.intersection(
        postal_geom.loc[pieces["postal_code"]].to_numpy(),
        muni_geom.loc[pieces["municipality_code"]].to_numpy(),
    )
    area = shapely.area(geoms) / 1e6
    keep = ((pieces["share"].to_numpy() >= 0.2) | (area >= 3.0)) & (area > 0.05)
    pieces, geoms, area = pieces[keep].reset_index(drop=True), geoms[keep], area[keep]
    shapely.prepare(geoms)
    return pieces, geoms, area


def _piece_weights(muni: np.ndarray, code: np.ndarray, area: np.ndarray, codes: list[str]) -> np.ndarray:
    """Each piece's weight within its municipality: sqrt(area), main towns 40 % of the total."""
    main = np.array([c in vocab_places.MAIN_TOWNS.get(m, ()) for m, c in zip(muni, code, strict=True)])
    weight = np.sqrt(area)
    for m in codes:
        here = muni == m
        if not here.any():
            raise ReferenceDataError(f"no postal area lies in municipality {m}")
        in_town = here & main
        if in_town.any():  # the main towns hold 40 % of the municipality, the rest 60 %
            weight[in_town] *= 0.4 / weight[in_town].sum()
            weight[here & ~main] *= 0.6 / max(weight[here & ~main].sum(), 1e-9)
    return weight


def points_in(geom: shapely.Geometry, k: int, rng: np.random.Generator) -> np.ndarray:
    """``k`` uniform points inside a polygon by vectorised rejection sampling."""
    minx, miny, maxx, maxy = geom.bounds
    ratio = max(geom.area / ((maxx - minx) * (maxy - miny)), 0.01)
    found: list[np.ndarray] = []
    need = k
    while need > 0:
        m = int(need / ratio * 1.3) + 16
        x = rng.uniform(minx, maxx, m)
        y = rng.uniform(miny, maxy, m)
        ok = shapely.contains_xy(geom, x, y)
        found.append(np.column_stack([x[ok], y[ok]])[:need])
        need -= int(min(ok.sum(), need))
    return np.concatenate(found)
