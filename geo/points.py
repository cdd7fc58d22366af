"""One point per record: where a company, a job seeker or a course is, for distances.

Records carry WGS84 ``lat``/``lon`` when known; otherwise their postal code or
municipality stands in, at a representative point of that area (a point guaranteed to
lie inside it, not the centroid, which can fall in the sea for a coastal area). The
``source`` says which was used, so a distance built on an area point can be shown as
approximate.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
from pyproj import Transformer

from geo.boundaries import CRS_METRIC, CRS_WEB, PostalResolver

#: How a point was found: exact coordinates, the postal area, the municipality, or not at all.
SOURCES = ("coordinates", "postal", "municipality", "none")


def _numbers(values: pd.Series) -> npt.NDArray[np.float64]:
    text = values.astype("string").str.strip().str.replace(",", ".", regex=False)
    return pd.to_numeric(text, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _area_points(areas: gpd.GeoDataFrame, key: str) -> dict[str, tuple[float, float]]:
    points = areas.geometry.representative_point()
    return {str(k): (float(p.x), float(p.y)) for k, p in zip(areas[key], points, strict=True)}


def representative_xy(
    frame: pd.DataFrame,
    *,
    municipalities: gpd.GeoDataFrame,
    postal_areas: gpd.GeoDataFrame,
    municipality_column: str = "municipality_code",
) -> pd.DataFrame:
    """Return ``x``, ``y`` (EPSG:25832 metres) and ``point_source`` for every row of ``frame``.

    Parameters
    ----------
    frame
        Rows with any of ``lat``, ``lon`` (WGS84), ``postal_code`` and ``municipality_column``.
    municipalities, postal_areas
        Cleaned areas in EPSG:25832 (:func:`geo.boundaries.clean_municipalities`,
        :func:`geo.boundaries.clean_postal_areas`).
    municipality_column
        The column holding the (placed) kommunekode.

    Returns
    -------
    DataFrame
        Same index as ``frame``; ``x``/``y`` are NaN where ``point_source`` is ``none``.
    """
    for name, areas in (("municipalities", municipalities), ("postal_areas", postal_areas)):
        if str(areas.crs) != CRS_METRIC and areas.crs is not None and areas.crs.to_epsg() != 25832:
            raise ValueError(f"`{name}` has CRS {areas.crs} but is expected to be {CRS_METRIC}")
    n = len(frame)
    x = np.full(n, np.nan)
    y = np.full(n, np.nan)
    source = np.full(n, "none", dtype=object)

    def column(name: str) -> pd.Series:
        return frame[name] if name in frame.columns else pd.Series([""] * n, index=frame.index)

    lat, lon = _numbers(column("lat")), _numbers(column("lon"))
    ok = np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    if ok.any():
        tx, ty = Transformer.from_crs(CRS_WEB, CRS_METRIC, always_xy=True).transform(lon[ok], lat[ok])
        x[ok], y[ok] = tx, ty
        source[ok] = "coordinates"

    todo = ~ok
    if todo.any():
        resolver = PostalResolver(postal_areas["postal_code"])
        points = _area_points(postal_areas, "postal_code")
        codes = column("postal_code").astype("string").fillna("").to_numpy()
        for i in np.flatnonzero(todo):
            published = resolver.resolve(str(codes[i])) if codes[i] else None
            if published is not None and published in points:
                x[i], y[i] = points[published]
                source[i] = "postal"
    todo = source == "none"
    if todo.any():
        points = _area_points(municipalities, "municipality_code")
        codes = column(municipality_column).astype("string").fillna("").to_numpy()
        for i in np.flatnonzero(todo):
            code = str(codes[i]).strip().zfill(3) if str(codes[i]).strip() else ""
            if code in points:
                x[i], y[i] = points[code]
                source[i] = "municipality"
    return pd.DataFrame({"x": x, "y": y, "point_source": source}, index=frame.index)
