from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.points import representative_xy


def test_points_prefer_coordinates_then_postal_then_municipality(
    municipalities: gpd.GeoDataFrame, postal_areas: gpd.GeoDataFrame
) -> None:
    frame = pd.DataFrame(
        {
            "lat": ["56.1393", "", "", "x", ""],
            "lon": ["8.9738", "", "", "9.1", ""],
            "postal_code": ["", "8600", "", "", ""],
            "municipality_code": ["657", "740", "741", "791", ""],
        }
    )
    out = representative_xy(frame, municipalities=municipalities, postal_areas=postal_areas)
    assert list(out["point_source"]) == ["coordinates", "postal", "municipality", "municipality", "none"]
    by_code = municipalities.set_index("municipality_code").geometry
    for i, code in enumerate(["657", "740", "741", "791"]):
        assert shapely.contains_xy(by_code[code], out["x"][i], out["y"][i]), code
    assert np.isnan(out["x"][4])
