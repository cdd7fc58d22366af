"""Turn stored records into the frames the pure matching package works on (:func:`need_frame`,
:func:`seeker_frame`, :func:`offer_frame`).

The store keeps what users imported (raw occupation text, WGS84 coordinates or only
a postal code). :mod:`matching` wants resolved occupations (ISCO-08 codes and ESCO
concepts) and points in EPSG:25832. This module does that translation, with the
occupation index and the boundaries, and nothing else: no I/O.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.points import representative_xy
from matching.occupations import OccupationIndex
from matching.resolve import resolve_occupation_lists, resolve_occupations


def _points(frame: pd.DataFrame, municipalities: gpd.GeoDataFrame, postal: gpd.GeoDataFrame) -> pd.DataFrame:
    placed = frame.copy()
    if "placed_municipality_code" in placed.columns:
        given = placed["municipality_code"] if "municipality_code" in placed.columns else None
        placed["municipality_code"] = placed["placed_municipality_code"].fillna(given)
    return representative_xy(placed, municipalities=municipalities, postal_areas=postal)


def need_frame(
    needs: pd.DataFrame,
    companies: pd.DataFrame,
    *,
    index: OccupationIndex,
    municipalities: gpd.GeoDataFrame,
    postal_areas: gpd.GeoDataFrame,
) -> pd.DataFrame:
    """Needs with ``isco_code``, ``concept_uri``, ``occupation_label`` and the company's ``x``/``y``."""
    wanted = ("cvr", "name", "lat", "lon", "postal_code", "municipality_code", "placed_municipality_code")
    firms = companies[[c for c in wanted if c in companies.columns]].copy()
    firms = firms.join(_points(firms, municipalities, postal_areas))
    firms = firms.rename(columns={"name": "company_name"})[["cvr", "company_name", "x", "y", "point_source"]]
    out = needs.reset_index(drop=True).merge(firms, on="cvr", how="left")
    resolved = resolve_occupations(out["occupation"].fillna("").tolist(), index)
    return pd.concat([out, resolved], axis=1)


def seeker_frame(
    seekers: pd.DataFrame,
    *,
    index: OccupationIndex,
    municipalities: gpd.GeoDataFrame,
    postal_areas: gpd.GeoDataFrame,
) -> pd.DataFrame:
    """Job seekers with ``isco_codes``/``concept_uris`` lists and home ``x``/``y``."""
    out = seekers.reset_index(drop=True).copy()
    out = out.join(_points(out, municipalities, postal_areas))
    codes, uris = resolve_occupation_lists(out["occupations"].tolist(), index)
    out["isco_codes"] = codes
    out["concept_uris"] = uris
    return out


def offer_frame(
    offers: pd.DataFrame, *, municipalities: gpd.GeoDataFrame, postal_areas: gpd.GeoDataFrame
) -> pd.DataFrame:
    """Offers with ``x``/``y`` and ``seats_free`` (the imported ``seats``; no booking yet)."""
    out = offers.reset_index(drop=True).copy()
    out = out.join(_points(out, municipalities, postal_areas))
    seats = out["seats"] if "seats" in out.columns else pd.Series([None] * len(out), dtype=object)
    out["seats_free"] = pd.to_numeric(seats, errors="coerce")
    return out
