from __future__ import annotations

import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Transformer

from geo.assign import NOTES, OUTPUT_COLUMNS, Assigner
from geo.cells import text_of
from lksmatch.errors import ValidationError

TO_WEB = Transformer.from_crs("EPSG:25832", "EPSG:4326", always_xy=True)
TO_METRIC = Transformer.from_crs("EPSG:4326", "EPSG:25832", always_xy=True)

#: Real places on the region's islands (lat, lon, municipality).
ISLANDS = {
    "Samsø (Tranebjerg)": (55.835, 10.600, "741"),
    "Anholt": (56.700, 11.570, "707"),
    "Endelave": (55.757, 10.270, "615"),
    "Tunø": (55.948, 10.440, "727"),
    "Fur": (56.815, 9.020, "779"),
    "Venø": (56.552, 8.615, "671"),
}


def _one(assigner: Assigner, **columns: object) -> pd.Series:
    frame = pd.DataFrame({k: [v] for k, v in columns.items()})
    return assigner.assign(frame).iloc[0]


def _metres_in_note(note: str) -> int:
    match = re.search(r"([\d.]+) m fra", note)
    assert match, note
    return int(match.group(1).replace(".", ""))


@pytest.mark.parametrize("place", list(ISLANDS))
def test_islands(assigner: Assigner, municipalities: gpd.GeoDataFrame, place: str) -> None:
    lat, lon, code = ISLANDS[place]
    x, y = TO_METRIC.transform(lon, lat)
    polygon = municipalities.set_index("municipality_code").geometry[code]
    assert polygon.contains(shapely.Point(x, y))  # the coordinates are on the island in the file
    row = _one(assigner, lat=lat, lon=lon)
    assert (row["municipality_code"], row["assign_method"], row["assign_note"]) == (code, "point", "")
    assert row["lks_id"] in {"odder-samsoe", "djursland", "horsens", "skive", "nordvestjylland"}


def test_points_either_side_of_an_lks_border(assigner: Assigner, municipalities: gpd.GeoDataFrame) -> None:
    geoms = municipalities.set_index("municipality_code").geometry
    shared = shapely.line_merge(shapely.intersection(geoms["751"].boundary, geoms["746"].boundary))
    line = max(shapely.get_parts(shared), key=lambda g: g.length)
    assert line.length > 1000  # Aarhus and Skanderborg share a real land border
    middle = line.interpolate(0.5, normalized=True)
    a, b = line.interpolate(line.project(middle) - 1), line.interpolate(line.project(middle) + 1)
    tangent = np.array([b.x - a.x, b.y - a.y]) / a.distance(b)
    normal = np.array([-tangent[1], tangent[0]])
    sides = [np.array([middle.x, middle.y]) + s * 5 * normal for s in (1, -1)]
    truth = {c: [geoms[c].contains(shapely.Point(*p)) for p in sides] for c in ("751", "746")}
    assert sorted(truth["751"]) == [False, True] and truth["751"] == [not t for t in truth["746"]]
    lon, lat = TO_WEB.transform([p[0] for p in sides], [p[1] for p in sides])
    out = assigner.assign(pd.DataFrame({"lat": lat, "lon": lon}))
    expected = ["751" if t else "746" for t in truth["751"]]
    assert out["municipality_code"].tolist() == expected
    assert out["lks_id"].tolist() == ["aarhus" if c == "751" else "skanderborg" for c in expected]
    assert (out["assign_method"] == "point").all()


@pytest.mark.parametrize(
    ("lat", "lon", "code"),
    [
        (56.153, 10.228, "751"),
        (56.412, 10.925, "707"),
        (56.713, 11.513, "707"),
    ],  # Aarhus, Grenaa, Anholt havn
)
def test_harbour_in_the_water_goes_to_nearest(assigner: Assigner, lat: float, lon: float, code: str) -> None:
    row = _one(assigner, lat=lat, lon=lon)
    assert (row["municipality_code"], row["assign_method"]) == (code, "nearest")
    assert 0 < _metres_in_note(row["assign_note"]) < 2000
    assert row["lks_id"] != ""


def test_point_300_m_offshore(assigner: Assigner, municipalities: gpd.GeoDataFrame) -> None:
    aarhus = municipalities.set_index("municipality_code").geometry["751"]
    harbour = shapely.Point(TO_METRIC.transform(10.228, 56.153))  # Aarhus havn, in the water in the file
    coast = shapely.shortest_line(harbour, aarhus).coords[1]
    direction = np.array([harbour.x - coast[0], harbour.y - coast[1]])
    offshore = np.array(coast) + 300 * direction / np.linalg.norm(direction)
    expected = round(aarhus.distance(shapely.Point(*offshore)))
    assert expected == 300  # straight out from the nearest coast point
    lon, lat = TO_WEB.transform(*offshore)
    row = _one(assigner, lat=lat, lon=lon)
    assert (row["municipality_code"], row["assign_method"], row["lks_id"]) == ("751", "nearest", "aarhus")
    assert row["assign_note"] == "punktet ligger i vandet 300 m fra Aarhus; placeret i nærmeste kommune"


def test_aalborg_is_outside_the_region(assigner: Assigner) -> None:
    row = _one(assigner, lat=57.048, lon=9.919, name="Aalborg Rådhus")
    assert (row["municipality_code"], row["municipality_name"], row["lks_id"], row["lks_name"]) == (
        "851", "Aalborg", "", "",
    )  # fmt: skip
    assert row["assign_method"] == "point"
    assert row["assign_note"] == "851 Aalborg ligger uden for Region Midtjylland"


@pytest.mark.parametrize(("lat", "lon"), [(56.5, 11.5), (56.2, 7.5)])  # Kattegat, North Sea
def test_far_out_at_sea_is_not_placed(assigner: Assigner, lat: float, lon: float) -> None:
    row = _one(assigner, lat=lat, lon=lon)
    assert (row["municipality_code"], row["lks_id"], row["assign_method"]) == ("", "", "none")
    assert row["assign_note"].startswith("koordinaterne ligger ikke i en dansk kommune")


def test_sea_point_falls_through_to_postal_code(assigner: Assigner) -> None:
    row = _one(assigner, lat=56.5, lon=11.5, postal_code="8500")
    assert (row["municipality_code"], row["assign_method"]) == ("707", "postal")
    assert row["assign_note"].endswith(NOTES["by_postal"])


MALFORMED = [
    # (columns, expected method, expected code, substring of the note)
    ({"municipality_code": "999", "lat": 56.15, "lon": 10.2}, "point", "751",
     "kode 999 er ikke en dansk kommunekode; placeret efter koordinater"),
    ({"municipality_code": "abc", "postal_code": "8000"}, "postal", "751",
     "kode 'abc' er ikke en kommunekode; placeret efter postnummer"),
    ({"lat": "ikke et tal", "lon": "10.2", "postal_code": "8000"}, "postal", "751",
     "lat 'ikke et tal' er ikke et tal"),
    ({"lat": "95", "lon": "10.2"}, "none", "", "lat 95 ligger ikke mellem -90 og 90"),
    ({"lat": "56.15", "lon": "200"}, "none", "", "lon 200 ligger ikke mellem -180 og 180"),
    ({"lat": "56.15", "lon": ""}, "none", "", "lon mangler"),
    ({"lat": "inf", "lon": "10.2"}, "none", "", "lat 'inf' er ikke et tal"),
    ({"postal_code": "abc"}, "none", "",
     "postnummer 'abc' er ikke et 4-cifret postnummer; kunne ikke placeres"),
    ({"postal_code": "8100"}, "none", "", "postnummer 8100 findes ikke"),
    ({"lat": "-89.9", "lon": "179.9"}, "none", "", "koordinaterne ligger ikke i en dansk kommune"),
    ({"lat": "95", "lon": "10", "postal_code": "8471"}, "postal", "751",
     "lat 95 ligger ikke mellem -90 og 90; placeret efter postnummer; kun 51 % af postnummer 8471"),
    ({"lat": "10.2", "lon": "56.15"}, "none", "", NOTES["coord_swapped"]),
    ({"municipality_code": "", "lat": "", "lon": "", "postal_code": ""}, "none", "", NOTES["nothing_given"]),
]  # fmt: skip


@pytest.mark.parametrize(("columns", "method", "code", "note"), MALFORMED)
def test_malformed_values_are_row_notes(
    assigner: Assigner, columns: dict[str, object], method: str, code: str, note: str
) -> None:
    row = _one(assigner, **columns)
    assert (row["assign_method"], row["municipality_code"]) == (method, code)
    assert note in row["assign_note"]


def test_code_wins_and_disagreement_is_noted(assigner: Assigner) -> None:
    frame = pd.DataFrame(
        {
            "municipality_code": ["751", "751", "0751", "851", "751"],
            "lat": [55.95, 56.15, None, None, 56.5],
            "lon": [9.85, 10.2, None, None, 11.5],
        }
    )
    out = assigner.assign(frame)
    assert out["assign_method"].tolist() == ["code"] * 5
    assert out["municipality_code"].tolist() == ["751", "751", "751", "851", "751"]
    assert out["assign_note"].tolist() == [
        "koordinaterne peger på 615 Horsens; kode 751 er brugt",
        "",
        "",
        "851 Aalborg ligger uden for Region Midtjylland",
        "koordinaterne ligger ikke i Danmark; kode 751 er brugt",
    ]
    assert out["lks_id"].tolist() == ["aarhus", "aarhus", "aarhus", "", "aarhus"]


def test_postal_codes(assigner: Assigner) -> None:
    out = assigner.assign(pd.DataFrame({"postal_code": ["8000", "8471", "9000", "1050", 8700, 8700.0]}))
    assert out["municipality_code"].tolist() == ["751", "751", "851", "101", "615", "615"]
    assert (out["assign_method"] == "postal").all()
    notes = out["assign_note"].tolist()
    assert notes[0] == ""
    assert re.fullmatch(r"kun \d\d % af postnummer 8471 ligger i Aarhus", notes[1])
    assert notes[2] == "851 Aalborg ligger uden for Region Midtjylland"
    assert notes[3] == "101 København ligger uden for Region Midtjylland"


def test_columns_carried_through_and_replaced_in_place(assigner: Assigner) -> None:
    frame = pd.DataFrame(
        {
            "cvr": ["12345678", "87654321", "11111111"],
            "municipality_code": ["999", "746", ""],
            "note": ["keep me", "", "x"],
            "lat": [56.15, None, 57.048],
            "lon": [10.2, None, 9.919],
            "lks_id": ["old", "old", "old"],
        },
        index=[10, 20, 30],
    )
    out = assigner.assign(frame)
    assert list(out.columns) == [
        "cvr", "municipality_code", "note", "lat", "lon", "lks_id",
        "municipality_name", "lks_name", "assign_method", "assign_note",
    ]  # fmt: skip
    assert out.index.tolist() == [10, 20, 30]
    pd.testing.assert_frame_equal(out[["cvr", "note", "lat", "lon"]], frame[["cvr", "note", "lat", "lon"]])
    assert out["municipality_code"].tolist() == ["751", "746", "851"]
    assert out["lks_id"].tolist() == ["aarhus", "skanderborg", ""]
    assert set(out["assign_method"]) <= set(["code", "point", "nearest", "postal", "none"])
    assert frame["municipality_code"].tolist() == ["999", "746", ""]  # the input is not modified


def test_numbers_from_a_parsed_file(assigner: Assigner) -> None:
    frame = pd.DataFrame(
        {"municipality_code": [751.0, np.nan], "lat": [np.nan, 56.15], "lon": [np.nan, 10.2]}
    )
    out = assigner.assign(frame)
    assert out["municipality_code"].tolist() == ["751", "751"]
    assert out["assign_method"].tolist() == ["code", "point"]


def test_empty_frame_and_output_columns(assigner: Assigner) -> None:
    out = assigner.assign(pd.DataFrame({"lat": [], "lon": []}))
    assert len(out) == 0 and set(OUTPUT_COLUMNS) <= set(out.columns)


def test_frame_without_placement_columns_is_rejected(assigner: Assigner) -> None:
    with pytest.raises(
        ValidationError, match=r"expected at least one of \['municipality_code', 'lat', 'lon'"
    ):
        assigner.assign(pd.DataFrame({"cvr": ["12345678"], "name": ["A/S"]}))


def test_assigner_rejects_wrong_crs(
    municipalities: gpd.GeoDataFrame, lks_table: pd.DataFrame, postal_shares: pd.DataFrame
) -> None:
    with pytest.raises(
        ValueError, match="`municipalities` is in EPSG:4326 but is expected to be in EPSG:25832"
    ):
        Assigner(municipalities.to_crs(4326), lks_table, postal_shares)


def _messy_table(rows: int, seed: int) -> pd.DataFrame:
    """Rows of every kind the rules tell apart, many of them alike (so that rows share outcomes)."""
    rng = np.random.default_rng(seed)
    codes = [None, "", "751", "0751", "751.0", " 746 ", "851", "999", "abc", "101"]
    postals = [None, "8000", "8000.0", " 7400", "8600", "9999", "abc", "800", "2100"]
    lat = rng.uniform(55.6, 57.0, rows)
    lon = rng.uniform(8.0, 11.6, rows)
    texts_lat: list[object] = [f"{v:.6f}" for v in lat]
    texts_lon: list[object] = [f"{v:.6f}" for v in lon]
    for i in range(rows):
        kind = rng.integers(12)
        if kind == 0:
            texts_lat[i] = texts_lon[i] = None
        elif kind == 1:  # swapped
            texts_lat[i], texts_lon[i] = texts_lon[i], texts_lat[i]
        elif kind == 2:  # a decimal comma
            texts_lat[i] = str(texts_lat[i]).replace(".", ",")
        elif kind == 3:
            texts_lat[i] = rng.choice(["abc", "95", "nan", "inf", "1e400", " "])
        elif kind == 4:  # one of the pair
            texts_lon[i] = None
        elif kind == 5:  # close to a point already in the table: the same rounded distance, often
            j = int(rng.integers(max(i, 1)))
            texts_lat[i], texts_lon[i] = texts_lat[j], texts_lon[j]
    return pd.DataFrame(
        {
            "company_id": [f"C{i}" for i in range(rows)],
            "municipality_code": rng.choice(np.array(codes, dtype=object), rows, p=[0.5] + [0.5 / 9] * 9),
            "lat": texts_lat,
            "lon": texts_lon,
            "postal_code": rng.choice(np.array(postals, dtype=object), rows),
        }
    )


@pytest.mark.parametrize("seed", [0, 1])
def test_a_table_is_placed_as_each_of_its_rows_alone(assigner: Assigner, seed: int) -> None:
    """A table is placed at once (rows that share an outcome decided once); every row comes out as
    it does when it is the only row, and as the row-by-row rule decides it.
    """
    frame = _messy_table(800, seed)
    together = assigner.assign(frame)
    alone = pd.concat([assigner.assign(frame.iloc[[i]]) for i in range(len(frame))])
    pd.testing.assert_frame_equal(together, alone)
    # and as the row-by-row rule (the path of a row whose input needs a note) decides each row
    columns = [frame[c].tolist() for c in ("municipality_code", "lat", "lon", "postal_code")]
    by_row = [assigner._parse_row(*map(text_of, cells)) for cells in zip(*columns, strict=True)]
    lat = np.array([r.lat for r in by_row])
    lon = np.array([r.lon for r in by_row])
    point_code, point_dist = assigner._place_points(lat, lon)
    decided = [assigner._decide(r, c, d) for r, c, d in zip(by_row, point_code, point_dist, strict=True)]
    expected = pd.DataFrame(decided, columns=list(OUTPUT_COLUMNS), index=frame.index)
    pd.testing.assert_frame_equal(together[list(OUTPUT_COLUMNS)], expected, check_dtype=False)
    methods = set(together["assign_method"])
    assert methods == {"code", "point", "nearest", "postal", "none"}, methods  # every rule is exercised
    notes = "; ".join(together["assign_note"])
    for key in ("coord_swapped", "coord_disagree", "coord_range", "coord_missing", "postal_unknown"):
        assert NOTES[key].split("{")[0].strip()[:12] in notes, key


def test_numbers_and_text_in_one_column(assigner: Assigner) -> None:
    frame = pd.DataFrame({"lat": [56.15, "56,15", None, "x"], "lon": [10.2, "10.2", 10.2, 10.2]})
    out = assigner.assign(frame)
    assert out["assign_method"].tolist() == ["point", "point", "none", "none"]
    assert out["municipality_code"].tolist() == ["751", "751", "", ""]
    assert out["assign_note"].iloc[2].startswith(NOTES["coord_missing"].format(name="lat"))
