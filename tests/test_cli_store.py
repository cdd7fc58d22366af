"""The database commands of the real ``lksmatch`` CLI, end to end on a temporary SQLite file."""

from __future__ import annotations

import csv
import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import openpyxl
import pytest
from clitools import run, write_csv


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A small demo region imported through the real CLI (scale 0.05: 100 companies)."""
    folder = tmp_path_factory.mktemp("demo")
    url = f"sqlite:///{folder / 'demo.db'}"
    result = run("--db", url, "demo-data", "--scale", "0.05", "--seed", "3", "--files", str(folder / "files"))
    assert result.returncode == 0, result.stderr
    assert "companies: 100 rows read; 100 inserted" in result.stdout
    yield url, folder


def test_import_is_all_or_nothing_and_idempotent(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    header = ["cvr", "name", "municipality_code", "postal_code", "kommentar"]
    good = write_csv(
        tmp_path / "good.csv",
        header,
        [["10000009", "A/S Et", "751", "", "x"], ["10000017", "To ApS", "", "8600", "y"]],
    )
    first = run("--db", url, "import", "companies", str(good))
    assert first.returncode == 0, first.stderr
    assert "2 inserted" in first.stdout and "postal: 1" in first.stdout
    assert "kommentar" in first.stderr  # unknown column: a warning, not an error
    again = run("--db", url, "import", "companies", str(good))
    assert again.returncode == 0 and "2 unchanged" in again.stdout

    sqlite3.connect(tmp_path / "x.db").execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    before = sha(tmp_path / "x.db")
    bad = write_csv(
        tmp_path / "bad.csv",
        header,
        [
            ["10000025", "Ny A/S", "751", "", ""],
            ["12345678", "Forkert CVR", "751", "", ""],
            ["10000033", "", "999", "", ""],
        ],
    )
    rejected = run("--db", url, "import", "companies", str(bad))
    assert rejected.returncode == 1
    assert "line 3" in rejected.stderr and "cvr" in rejected.stderr
    assert (
        "line 4" in rejected.stderr and "name" in rejected.stderr and "municipality_code" in rejected.stderr
    )
    sqlite3.connect(tmp_path / "x.db").execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    assert sha(tmp_path / "x.db") == before


def test_import_of_a_missing_file_or_unknown_kind_is_a_usage_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    assert run("--db", url, "import", "companies", str(tmp_path / "nope.csv")).returncode == 2
    assert run("--db", url, "import", "planets", str(tmp_path / "nope.csv")).returncode == 2


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "geojson", "gpkg", "html"])
def test_export_stats_every_format(demo_db: tuple[str, Path], fmt: str) -> None:
    url, folder = demo_db
    out = folder / f"stats.{fmt}"
    result = run("--db", url, "export", "stats", "--level", "lks", "--format", fmt, "--out", str(out))
    assert result.returncode == 0, result.stderr
    if fmt == "csv":
        raw = out.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
        assert len([r for r in rows if r["level"] == "lks"]) == 15
        # 100 companies in the demo region, all placed: the region row says so
        region = [r for r in rows if r["level"] != "lks"]
        assert region and region[0]["companies"] == "100"
        published = {r[c] for r in rows for c in ("jobseekers", "decisions") if c in r}
        assert not published & {"1", "2", "3", "4"}
    elif fmt == "xlsx":
        book = openpyxl.load_workbook(out)
        assert all(cell.data_type != "f" for sheet in book for row in sheet.iter_rows() for cell in row)
    elif fmt in ("geojson", "gpkg"):
        frame = gpd.read_file(out)
        assert len(frame) == 15
        assert frame.crs.to_epsg() == (4326 if fmt == "geojson" else 25832)
    else:
        assert "Geodatastyrelsen" in out.read_text(encoding="utf-8")


def test_export_municipality_level(demo_db: tuple[str, Path]) -> None:
    url, folder = demo_db
    out = folder / "m.geojson"
    assert (
        run(
            "--db",
            url,
            "export",
            "stats",
            "--level",
            "municipality",
            "--format",
            "geojson",
            "--out",
            str(out),
        ).returncode
        == 0
    )
    assert len(gpd.read_file(out)) == 19


def test_person_erase_and_retention(demo_db: tuple[str, Path]) -> None:
    url, folder = demo_db
    with open(folder / "files" / "jobseekers.csv", encoding="utf-8-sig") as fh:
        person = next(csv.DictReader(fh))["person_id"]
    erased = run("--db", url, "person", "erase", person)
    assert erased.returncode == 0, erased.stderr
    again = run("--db", url, "person", "erase", person)
    assert again.returncode == 1
    assert person not in again.stderr  # never echoed
    con = sqlite3.connect(folder / "demo.db")
    for (table,) in con.execute("select name from sqlite_master where type='table'"):
        columns = [c[1] for c in con.execute(f"pragma table_info({table})")]
        for column in columns:
            hits = con.execute(
                f"select count(*) from {table} where cast({column} as text) = ?", (person,)
            ).fetchone()[0]
            assert hits == 0, (table, column)
    assert run("--db", url, "retention", "--older-than", "-1").returncode == 2
    kept = run("--db", url, "retention", "--older-than", "36500")
    assert kept.returncode == 0, kept.stderr


def test_occupations_match(tmp_path: Path) -> None:
    src = write_csv(
        tmp_path / "titles.csv", ["id", "title"], [["a", "CNC-operatør"], ["b", "tømrer"], ["c", "7411"]]
    )
    out = tmp_path / "out.csv"
    result = run("occupations", "match", "--in", str(src), "--out", str(out), "--top", "3")
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["id", "rank", "concept_uri", "label", "score"]
    assert {r["id"] for r in rows} == {"a", "b", "c"}
    assert [r for r in rows if r["id"] == "c"][0]["concept_uri"].endswith("/isco/C7411")


def test_audit_fairness_reports_both_attributes(demo_db: tuple[str, Path]) -> None:
    url, folder = demo_db
    out = folder / "fairness.csv"
    result = run("--db", url, "audit", "fairness", "--out", str(out))
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["attribute"] for r in rows} == {"gender", "age_band"}
    assert {"female", "male"} <= {r["group"] for r in rows if r["attribute"] == "gender"}


def _open_hire_need(folder: Path) -> str:
    with open(folder / "files" / "needs.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    return next(r["need_id"] for r in rows if r["kind"] == "hire" and r["deadline"] >= "2026-12-31")


def test_match_one_need_explains_and_logs_every_read(demo_db: tuple[str, Path]) -> None:
    url, folder = demo_db
    need = _open_hire_need(folder)
    result = run("--db", url, "match", "--need", need, "--top", "3")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert list(rows[0]) == [
        "need_id",
        "rank",
        "person_id",
        "score",
        "explanation",
        "missing_skills",
        "suggested_offers",
    ]
    assert [r["rank"] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]
    assert all(r["explanation"] for r in rows)
    for r in rows:  # a missing skill is named in the explanation
        for skill in filter(None, r["missing_skills"].split(";")):
            assert skill in r["explanation"]
    con = sqlite3.connect(folder / "demo.db")
    logged = {
        pid
        for (pid,) in con.execute(
            "select record_id from audit_log where action='read_candidate' and record_kind='person'"
        )
    }
    assert {r["person_id"] for r in rows} <= logged


def test_match_unknown_need_is_rejected(demo_db: tuple[str, Path]) -> None:
    url, _ = demo_db
    result = run("--db", url, "match", "--need", "NO-SUCH-NEED")
    assert result.returncode == 1 and "NO-SUCH-NEED" in result.stderr


def test_lks_shortlist_respects_capacity(demo_db: tuple[str, Path]) -> None:
    url, folder = demo_db
    out = folder / "aarhus.csv"
    result = run("--db", url, "match", "--lks", "aarhus", "--assign", "--out", str(out))
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert rows, "the demo region's Aarhus has open needs with candidates"
    people = [r["person_id"] for r in rows]
    assert len(people) == len(set(people))
    with open(folder / "files" / "needs.csv", encoding="utf-8-sig") as fh:
        counts = {r["need_id"]: int(r["count"] or 1) for r in csv.DictReader(fh)}
    per_need: dict[str, int] = {}
    for r in rows:
        per_need[r["need_id"]] = per_need.get(r["need_id"], 0) + 1
    assert all(n <= counts[k] for k, n in per_need.items())
    assert run("--db", url, "match", "--lks", "aarhus", "--out", str(out)).returncode == 2


def test_train_reports_cross_validated_quality(demo_db: tuple[str, Path], tmp_path: Path) -> None:
    url, _ = demo_db
    result = run("--db", url, "train", env={"LKSMATCH_MODEL_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "roc_auc" in result.stdout
    assert (tmp_path / "ranker.joblib").is_file() and (tmp_path / "ranker.json").is_file()
    after = run(
        "--db",
        url,
        "match",
        "--all",
        "--top",
        "2",
        "--out",
        str(tmp_path / "all.csv"),
        env={"LKSMATCH_MODEL_DIR": str(tmp_path)},
    )
    assert after.returncode == 0, after.stderr


def test_match_on_an_upskill_need_points_to_courses_not_people(demo_db: tuple[str, Path]) -> None:
    url, folder = demo_db
    with open(folder / "files" / "needs.csv", encoding="utf-8-sig") as fh:
        need = next(r["need_id"] for r in csv.DictReader(fh) if r["kind"] == "upskill")
    result = run("--db", url, "match", "--need", need)
    assert result.returncode == 0, result.stderr
    assert "upskill need" in result.stderr
    assert len(result.stdout.strip().splitlines()) == 1  # the header only: no job seekers
