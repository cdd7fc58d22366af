"""Every export format read back: same suppressed table, right CRS, no formulas, no live HTML."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import geopandas as gpd
import openpyxl
import pandas as pd
import pyogrio
import pytest

from lksmatch.errors import UsageError
from lksmatch.exporting import write_history, write_list, write_stats
from stats.columns import ID_COLUMNS, PARTNERSHIP_COLUMNS, RATIO_COLUMNS, REGION_ID
from stats.disclosure import (
    EVENT_COLUMNS,
    NOT_SHOWN_MARK,
    PRIMARY_MARK,
    SECONDARY_MARK,
    ProtectedStats,
    protect_area_stats,
)
from stats.maps import ATTRIBUTION, build_folium_map, render_svg_map
from stats.measures import compute_area_stats
from store.files import neutralise

TODAY = dt.date(2025, 3, 1)
GENERATED = dt.date(2025, 3, 2)
FORMULAS = ['=HYPERLINK("http://x","y")', "+1", "@SUM(1)", "\t=1", "-2+3", "\r=1", "\n=1", "=1+1"]
HTML_PAYLOADS = {
    "herning": "<script>alert(1)</script>",
    "aarhus": "<img src=x onerror=alert(1)>",
    "skive": "${alert(1)}",
    "viborg": "x\\`;alert(1);//",
}
LEVELS = {"lks": 15, "municipality": 19}


def seekers(lks_table: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for code in lks_table["municipality_code"]:
        for level in ("grundskole", "erhvervsfaglig", "lang videregående"):
            n = 3 if (code, level) == ("657", "grundskole") else 12  # one small cell in Herning
            rows += [[f"P{code}{level[:4]}{i}", code, level, "2024-11-01"] for i in range(n)]
    return pd.DataFrame(
        rows, columns=["person_id", "municipality_code", "education_level", "unemployed_since"]
    )


def raw_stats(lks_table: pd.DataFrame, munis: gpd.GeoDataFrame, *, small: bool = True) -> pd.DataFrame:
    codes = list(lks_table["municipality_code"])
    companies = pd.DataFrame(
        {
            "cvr": [f"1{i:07d}" for i in range(len(codes) * 2)],
            "municipality_code": codes * 2,
            "growth_company": ["true", "false"] * len(codes),
        }
    )
    needs = pd.DataFrame(
        {
            "need_id": [f"N{i}" for i in range(len(companies))],
            "cvr": companies["cvr"],
            "isco_code": ["7212", "2512"] * len(codes),
            "count": ["2"] * len(companies),
            "good_candidates": [True, False] * len(codes),
        }
    )
    decisions = pd.DataFrame(
        {
            "need_id": ["N0", "N0", "N1"] if small else [],
            "person_id": ["P1", "P2", "P3"] if small else [],
            "decision": ["accepted", "contacted", "accepted"] if small else [],
        }
    )
    visits = pd.DataFrame(  # per municipality a sambesøg of all three systems and a visit of one system
        {
            "visit_id": [f"V{i}" for i in range(len(companies))],
            "cvr": companies["cvr"],
            "date": ["2025-02-01"] * len(companies),
            "systems": ["jobcenter;erhvervsservice;uddannelse", "jobcenter"] * len(codes),
        }
    )
    jobseekers = seekers(lks_table)
    if not small:
        jobseekers = jobseekers[~jobseekers["person_id"].str.startswith("P657grun")]
    return compute_area_stats(
        lks_table=lks_table,
        municipalities=munis,
        companies=companies,
        needs=needs,
        jobseekers=jobseekers,
        offers=pd.DataFrame({"offer_id": ["O1"], "municipality_code": ["751"], "seats": ["7"]}),
        decisions=decisions,
        visits=visits,
        today=TODAY,
    )


@pytest.fixture(scope="module")
def stats(lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame) -> ProtectedStats:
    return protect_area_stats(raw_stats(lks_table, region_munis))


@pytest.fixture(scope="module")
def areas(lks_areas: gpd.GeoDataFrame, region_munis: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    return {"lks": lks_areas, "municipality": region_munis}


def with_names(stats: ProtectedStats, names: dict[str, str]) -> ProtectedStats:
    table = stats.table.copy()
    for area_id, name in names.items():
        table.loc[table["area_id"] == area_id, "area_name"] = name
    return dataclasses.replace(stats, table=table)


def read_csv(path: Path, sep: str = ",") -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=sep))


def all_cells(path: Path) -> list[openpyxl.cell.cell.Cell]:
    workbook = openpyxl.load_workbook(path)
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_formulas(path: Path) -> None:
    for cell in all_cells(path):
        assert cell.data_type != "f", cell.coordinate
        assert not (
            isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))
        )


# --- CSV --------------------------------------------------------------------------------------------


def test_csv_is_the_published_table(stats: ProtectedStats, areas: dict, tmp_path: Path) -> None:
    path = write_stats(stats, areas["lks"], "csv", tmp_path / "stats.csv", level="lks")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads æøå right
    rows = read_csv(path)
    table = stats.level("lks")
    assert rows[0] == list(table.columns)
    assert len(rows) == 1 + 16 and rows[-1][1] == REGION_ID
    herning = dict(zip(rows[0], next(r for r in rows if r[1] == "herning"), strict=True))
    assert herning["jobseekers_edu_grundskole"] == PRIMARY_MARK
    assert SECONDARY_MARK in herning.values()  # its partner in the row
    assert herning["companies"] == "2" and herning["coverage_rate"] == "0.5"
    assert read_csv(path) == [
        [str(v) if not pd.isna(v) else "" for v in r] for r in [table.columns, *table.values]
    ]


def test_csv_semicolon_uses_decimal_commas(stats: ProtectedStats, areas: dict, tmp_path: Path) -> None:
    path = write_stats(
        stats, areas["municipality"], "csv", tmp_path / "stats.csv", level="municipality", sep=";"
    )
    rows = read_csv(path, sep=";")
    assert rows[0][:4] == ["level", "area_id", "area_name", "lks_id"] and len(rows) == 1 + 20
    herning = dict(zip(rows[0], next(r for r in rows if r[1] == "657"), strict=True))
    assert herning["coverage_rate"] == "0,5" and herning["area_name"] == "Herning"


def test_totals_add_up_where_nothing_is_suppressed(
    lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame, areas: dict, tmp_path: Path
) -> None:
    stats = protect_area_stats(raw_stats(lks_table, region_munis, small=False))
    for level, count in LEVELS.items():
        frame = pd.read_csv(
            write_stats(stats, areas[level], "csv", tmp_path / f"{level}.csv", level=level),
            encoding="utf-8-sig",
            dtype={"area_id": str},
        )
        measures = [c for c in frame.columns if c not in ID_COLUMNS and c not in RATIO_COLUMNS]
        if level == "municipality":  # decisions are counted per LKS only (differencing over time)
            assert (frame.iloc[:count][list(EVENT_COLUMNS)] == NOT_SHOWN_MARK).all().all()
            measures = [c for c in measures if c not in EVENT_COLUMNS]
        assert frame[measures].map(lambda v: isinstance(v, str)).sum().sum() == 0  # nothing hidden
        areas_only, region = frame.iloc[:count], frame.iloc[count]
        assert (areas_only[measures].sum() == region[measures]).all()


def test_formula_payloads_in_the_stats_csv_and_xlsx(
    stats: ProtectedStats, areas: dict, tmp_path: Path
) -> None:
    ids = ["aarhus", "djursland", "favrskov", "hedensted", "herning", "horsens", "ikast-brande", "randers"]
    payloaded = with_names(stats, dict(zip(ids, FORMULAS, strict=True)))
    rows = read_csv(write_stats(payloaded, areas["lks"], "csv", tmp_path / "s.csv", level="lks"))
    names = {r[1]: r[2] for r in rows[1:]}
    assert [names[i] for i in ids] == ["'" + f for f in FORMULAS]
    path = write_stats(payloaded, areas["lks"], "xlsx", tmp_path / "s.xlsx", level="lks")
    assert_no_formulas(path)


# --- XLSX -------------------------------------------------------------------------------------------


def test_xlsx_has_numbers_text_marks_and_no_formulas(
    stats: ProtectedStats, areas: dict, tmp_path: Path
) -> None:
    path = write_stats(stats, areas["lks"], "xlsx", tmp_path / "stats.xlsx", level="lks", generated=GENERATED)
    assert_no_formulas(path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["statistik", "forklaring"]
    sheet = workbook["statistik"]
    header = [c.value for c in sheet[1]]
    assert header == list(stats.level("lks").columns)
    herning = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == "herning")
    cells = dict(zip(header, herning, strict=True))
    assert cells["companies"].value == 2 and cells["companies"].data_type == "n"
    assert (
        cells["jobseekers_edu_grundskole"].value == PRIMARY_MARK
        and cells["jobseekers_edu_grundskole"].data_type == "s"
    )
    assert cells["coverage_rate"].value == 0.5 and cells["coverage_rate"].number_format == "0.0%"
    notes = [c.value for row in workbook["forklaring"].iter_rows() for c in row]
    assert ATTRIBUTION in notes and "2025-03-02" in notes and "Ledige, grundskole" in notes


# --- geodata ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("level", "count"), LEVELS.items())
def test_geojson_and_gpkg(stats: ProtectedStats, areas: dict, tmp_path: Path, level: str, count: int) -> None:
    table = stats.level(level)
    for fmt, epsg in (("geojson", 4326), ("gpkg", 25832)):
        path = write_stats(stats, areas[level], fmt, tmp_path / f"stats.{fmt}", level=level)
        assert pyogrio.list_layers(path)[0][0] == f"area_stats_{level}"
        frame = pyogrio.read_dataframe(path)
        assert len(frame) == count and frame.crs.to_epsg() == epsg
        assert list(frame["area_id"]) == list(table["area_id"][:count])
        assert (
            frame.geometry.is_valid.all() and frame.geometry.geom_type.isin(["Polygon", "MultiPolygon"]).all()
        )
        merged = frame.merge(table, on="area_id", suffixes=("", "_published"))
        assert (merged["companies"] == merged["companies_published"]).all()
        hidden = merged["jobseekers_edu_grundskole_published"].map(lambda v: isinstance(v, str))
        assert hidden.any()
        assert merged.loc[hidden, "jobseekers_edu_grundskole"].isna().all()
        assert (
            merged.loc[hidden, "jobseekers_edu_grundskole_note"]
            == merged.loc[hidden, "jobseekers_edu_grundskole_published"]
        ).all()
        shown = merged.loc[~hidden]
        assert (
            shown["jobseekers_edu_grundskole"] == shown["jobseekers_edu_grundskole_published"].astype(float)
        ).all()
    collection = json.loads((tmp_path / "stats.geojson").read_text(encoding="utf-8"))
    assert len(collection["features"]) == count
    position = collection["features"][0]["geometry"]["coordinates"]
    while isinstance(position[0], list):
        position = position[0]
    lon, lat = position[:2]
    assert 8 < lon < 12 and 55 < lat < 57.5  # longitude first, in degrees


# --- HTML -------------------------------------------------------------------------------------------


def test_html_map_opens_offline(stats: ProtectedStats, areas: dict, tmp_path: Path) -> None:
    path = write_stats(
        stats,
        areas["lks"],
        "html",
        tmp_path / "map.html",
        level="lks",
        measure="jobseekers_edu_grundskole",
        generated=GENERATED,
    )
    page = path.read_text(encoding="utf-8")
    assert not re.search(r"https?:|//[a-z]", page)  # no address to load anything from
    assert "<script" not in page and "<link" not in page and "url(" not in page and "<img" not in page
    assert "default-src 'none'" in page
    assert page.count('<path class="area"') == 15 and page.count('class="fig"') == 15
    assert "DAGI, Geodatastyrelsen &amp; Danske Kommuner; ESCO, European Commission" in page
    assert "&lt;5" in page and "Ledige, grundskole" in page and "2025-03-02" in page
    municipal = write_stats(stats, areas["municipality"], "html", tmp_path / "m.html", level="municipality")
    assert municipal.read_text(encoding="utf-8").count('<path class="area"') == 19


def test_html_payloads_are_escaped_in_the_offline_map(
    stats: ProtectedStats, areas: dict, tmp_path: Path
) -> None:
    path = write_stats(
        with_names(stats, HTML_PAYLOADS), areas["lks"], "html", tmp_path / "map.html", level="lks"
    )
    page = path.read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page and "${" not in page and "\\`" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_html_payloads_are_escaped_in_the_folium_popups(
    stats: ProtectedStats, areas: dict, tmp_path: Path
) -> None:
    path = write_stats(
        with_names(stats, HTML_PAYLOADS),
        areas["lks"],
        "html",
        tmp_path / "map.html",
        level="lks",
        tile_url="https://tiles.example/{z}/{x}/{y}.png",
        tile_attribution="<b>Tiles</b>",
    )
    page = path.read_text(encoding="utf-8")
    for payload in HTML_PAYLOADS.values():
        assert payload not in page
    assert "alert(1)</script>" not in page and "<img src=x" not in page and "${alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>Tiles</b>" not in page and "tiles.example" in page
    assert page.count("L.popup(") == 15 and "Geodatastyrelsen &amp; Danske Kommuner" in page


def test_map_builders_refuse_a_wrong_crs_or_measure(stats: ProtectedStats, areas: dict) -> None:
    table = stats.level("lks")
    shapes = areas["lks"].rename(columns={"lks_id": "area_id"})
    with pytest.raises(ValueError, match="metric CRS"):
        render_svg_map(table, shapes.to_crs(4326), measure="companies", level="lks", generated=GENERATED)
    with pytest.raises(ValueError, match="EPSG:4326"):
        build_folium_map(table, shapes, measure="companies", level="lks")
    with pytest.raises(ValueError, match="`measure` was 'area_name'"):
        render_svg_map(table, shapes, measure="area_name", level="lks", generated=GENERATED)


# --- the partnership measures in every format -------------------------------------------------------


def test_the_partnership_columns_are_in_every_format(
    stats: ProtectedStats, areas: dict, tmp_path: Path
) -> None:
    herning = {"visits_12m": 2, "sambesoeg_12m": 1, "share_visits_two_systems": 0.5,
               "share_visits_three_systems": 0.5, "companies_visited_12m": 2, "needs_filled": 0}

    def write(fmt: str, name: str, **options: str) -> Path:
        return write_stats(stats, areas["lks"], fmt, tmp_path / name, level="lks", **options)

    def herning_of(rows: list[list[str]]) -> dict[str, str]:
        return dict(zip(rows[0], next(r for r in rows if r[1] == "herning"), strict=True))

    rows = read_csv(write("csv", "s.csv"))
    assert set(PARTNERSHIP_COLUMNS) < set(rows[0])
    assert {c: herning_of(rows)[c] for c in herning} == {c: str(v) for c, v in herning.items()}
    assert herning_of(read_csv(write("csv", "s2.csv", sep=";"), sep=";"))["share_visits_two_systems"] == "0,5"
    workbook = openpyxl.load_workbook(write("xlsx", "s.xlsx"))
    sheet = workbook["statistik"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "herning")
    xlsx = dict(zip(header, row, strict=True))
    assert {c: xlsx[c].value for c in herning} == herning
    assert xlsx["share_visits_two_systems"].number_format == "0.0%" and xlsx["visits_12m"].data_type == "n"
    notes = [c.value for row in workbook["forklaring"].iter_rows() for c in row]
    assert "Sambesøg, seneste 12 måneder" in notes and "Andel besøg med mindst to systemer" in notes
    for fmt in ("geojson", "gpkg"):
        frame = pyogrio.read_dataframe(write(fmt, f"s.{fmt}"))
        feature = frame.loc[frame["area_id"] == "herning"].iloc[0]
        assert {c: feature[c] for c in herning} == herning, fmt
        assert not any(f"{c}_note" in frame.columns for c in PARTNERSHIP_COLUMNS)  # not people: no marks
    page = write("html", "s.html", measure="share_visits_two_systems").read_text(encoding="utf-8")
    assert "Andel besøg med mindst to systemer" in page and "50 %" in page


def test_a_history_carries_the_partnership_columns(stats: ProtectedStats, tmp_path: Path) -> None:
    for fmt in ("csv", "xlsx"):
        periods = [("2025-02", stats), ("2025-03", stats)]
        path = write_history(periods, fmt, tmp_path / f"h.{fmt}", level="lks")
        frame = (
            pd.read_csv(path, encoding="utf-8-sig", dtype={"area_id": str})
            if fmt == "csv"
            else pd.read_excel(path, sheet_name="statistik", dtype={"area_id": str})
        )
        assert set(PARTNERSHIP_COLUMNS) < set(frame.columns) and len(frame) == 32
        herning = frame[frame["area_id"] == "herning"]
        assert herning["visits_12m"].tolist() == [2, 2]
        assert herning["share_visits_two_systems"].tolist() == [0.5, 0.5]


# --- company and need lists ----------------------------------------------------------------------


def company_list() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "cvr": ["01234567"] * len(FORMULAS) + ["10000009"],
            "name": [*FORMULAS, "Høj & Lav <A/S>"],
            "employees": [12] * len(FORMULAS) + [3],
            "growth_company": [True] * len(FORMULAS) + [False],
            "deadline": [dt.date(2025, 6, 1)] * (len(FORMULAS) + 1),
        }
    )


@pytest.mark.parametrize("sep", [",", ";"])
def test_company_list_csv_neutralises_formulas(tmp_path: Path, sep: str) -> None:
    rows = read_csv(write_list(company_list(), "csv", tmp_path / "companies.csv", sep=sep), sep=sep)
    assert rows[0] == ["cvr", "name", "employees", "growth_company", "deadline"]
    assert [r[1] for r in rows[1:]] == ["'" + f for f in FORMULAS] + ["Høj & Lav <A/S>"]
    assert (
        rows[1][0] == "01234567"
        and rows[1][2] == "12"
        and rows[1][3] == "true"
        and rows[1][4] == "2025-06-01"
    )


def test_company_list_xlsx_neutralises_formulas(tmp_path: Path) -> None:
    path = write_list(company_list(), "xlsx", tmp_path / "companies.xlsx")
    assert_no_formulas(path)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    names = [row[1].value for row in sheet.iter_rows(min_row=2)]
    # (XML turns a stored CR into LF when the workbook is read)
    assert names == ["'" + f.replace("\r", "\n") for f in FORMULAS] + ["Høj & Lav <A/S>"]
    assert sheet["A2"].value == "01234567" and sheet["C2"].value == 12 and sheet["D2"].value is True


def test_job_seekers_are_never_exported(tmp_path: Path) -> None:
    frame = pd.DataFrame({"person_id": ["p1"], "municipality_code": ["657"]})
    with pytest.raises(ValueError, match="job seekers are never exported"):
        write_list(frame, "csv", tmp_path / "p.csv")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1", "'=1"),
        ("Aarhus", "Aarhus"),
        ("", ""),
        ("<5", "<5"),
        ("\uff1dSUM(1)", "'\uff1dSUM(1)"),
        ("a=1", "a=1"),
    ],
)
def test_neutralise(value: str, expected: str) -> None:
    assert neutralise(value) == expected


# --- usage errors --------------------------------------------------------------------------------


def test_bad_arguments_write_nothing(stats: ProtectedStats, areas: dict, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(UsageError, match="`fmt` was 'pdf'"):
        write_stats(stats, areas["lks"], "pdf", out / "s.pdf", level="lks")
    with pytest.raises(UsageError, match="`level` was 'county'"):
        write_stats(stats, areas["lks"], "csv", out / "s.csv", level="county")
    with pytest.raises(UsageError, match="`sep` was"):
        write_stats(stats, areas["lks"], "csv", out / "s.csv", level="lks", sep="|")
    with pytest.raises(UsageError, match="`measure` was 'nothing'"):
        write_stats(stats, areas["lks"], "html", out / "s.html", level="lks", measure="nothing")
    with pytest.raises(ValueError, match="EPSG:25832"):
        write_stats(stats, areas["lks"].to_crs(4326), "gpkg", out / "s.gpkg", level="lks")
    with pytest.raises(ValueError, match="lacks the column `municipality_code`"):
        write_stats(stats, areas["lks"], "gpkg", out / "s.gpkg", level="municipality")
    with pytest.raises(TypeError, match="ProtectedStats"):
        write_stats(stats.table, areas["lks"], "csv", out / "s.csv", level="lks")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="`format` was 'geojson'"):
        write_list(pd.DataFrame({"a": [1]}), "geojson", out / "t.geojson")
    assert not out.exists() or not any(out.iterdir())
    assert not re.search(r"\.part-", " ".join(str(p) for p in tmp_path.rglob("*")))
