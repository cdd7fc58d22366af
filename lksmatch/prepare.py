"""Turn stored records into the frames the pure matching package works on.

The store keeps what users imported (raw occupation text, WGS84 coordinates or only
a postal code). :mod:`matching` wants resolved occupations (ISCO-08 codes and ESCO
concepts) and points in EPSG:25832. This module does that translation once, with the
occupation index and the boundaries, and nothing else: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd
import pandas as pd

from geo.points import representative_xy
from matching.occupations import OccupationIndex


class OccupationResolver:
    """Resolve occupation texts (codes, URIs, titles) to their best concept, memoised."""

    def __init__(self, index: OccupationIndex) -> None:
        self._index = index
        self._cache: dict[str, tuple[str, str]] = {}

    def resolve(self, text: str) -> tuple[str, str]:
        """``(isco_code, concept_uri)`` of the best match; ``("", "")`` when nothing matches."""
        key = text.strip()
        if key not in self._cache:
            try:
                best = self._index.resolve(key, top=1) if key else pd.DataFrame()
            except ValueError:  # an unknown code or URI: no concept, not a crash
                best = pd.DataFrame()
            self._cache[key] = (
                (str(best["isco_code"].iloc[0]), str(best["concept_uri"].iloc[0])) if len(best) else ("", "")
            )
        return self._cache[key]

    def resolve_list(self, cell: object) -> tuple[list[str], list[str]]:
        """Resolve a ';'-separated list; returns the ISCO codes and concept URIs found."""
        codes: list[str] = []
        uris: list[str] = []
        for part in _split(cell):
            code, uri = self.resolve(part)
            if code:
                codes.append(code)
                uris.append(uri)
        return codes, uris


def _split(cell: object) -> Iterable[str]:
    if cell is None or (isinstance(cell, float) and pd.isna(cell)):
        return []
    return [p.strip() for p in str(cell).split(";") if p.strip()]


def _points(frame: pd.DataFrame, municipalities: gpd.GeoDataFrame, postal: gpd.GeoDataFrame) -> pd.DataFrame:
    placed = frame.copy()
    if "placed_municipality_code" in placed.columns:
        placed["municipality_code"] = placed["placed_municipality_code"].fillna(
            placed.get("municipality_code")
        )
    return representative_xy(placed, municipalities=municipalities, postal_areas=postal)


def prepare_needs(
    needs: pd.DataFrame,
    companies: pd.DataFrame,
    *,
    resolver: OccupationResolver,
    municipalities: gpd.GeoDataFrame,
    postal_areas: gpd.GeoDataFrame,
) -> pd.DataFrame:
    """Needs with ``isco_code``, ``concept_uri``, the company's ``x``/``y`` and name."""
    company_cols = [
        c
        for c in ("cvr", "name", "lat", "lon", "postal_code", "municipality_code", "placed_municipality_code")
        if c in companies.columns
    ]
    firms = companies[company_cols].copy()
    firms = firms.join(_points(firms, municipalities, postal_areas))
    firms = firms.rename(columns={"name": "company_name"})[["cvr", "company_name", "x", "y", "point_source"]]
    out = needs.merge(firms, on="cvr", how="left")
    resolved = [resolver.resolve(str(v)) for v in out["occupation"].fillna("")]
    out["isco_code"] = [r[0] for r in resolved]
    out["concept_uri"] = [r[1] for r in resolved]
    return out


def prepare_seekers(
    seekers: pd.DataFrame,
    *,
    resolver: OccupationResolver,
    municipalities: gpd.GeoDataFrame,
    postal_areas: gpd.GeoDataFrame,
) -> pd.DataFrame:
    """Job seekers with ``isco_codes``/``concept_uris`` lists and home ``x``/``y``."""
    out = seekers.reset_index(drop=True).copy()
    out = out.join(_points(out, municipalities, postal_areas))
    resolved = [resolver.resolve_list(v) for v in out["occupations"]]
    out["isco_codes"] = [r[0] for r in resolved]
    out["concept_uris"] = [r[1] for r in resolved]
    return out


def prepare_offers(
    offers: pd.DataFrame, *, municipalities: gpd.GeoDataFrame, postal_areas: gpd.GeoDataFrame
) -> pd.DataFrame:
    """Offers with ``x``/``y`` and ``seats_free`` (the imported ``seats``; no booking yet)."""
    out = offers.reset_index(drop=True).copy()
    out = out.join(_points(out, municipalities, postal_areas))
    seats = out["seats"] if "seats" in out.columns else pd.Series([None] * len(out), dtype=object)
    out["seats_free"] = pd.to_numeric(seats, errors="coerce")
    return out
