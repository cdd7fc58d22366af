"""No file the product writes carries a live spreadsheet formula: one test per command that writes one.

The demo region is imported with formula payloads in every text a command can echo - the
pseudonyms, course titles, company names, gender - and every CSV and XLSX each command
writes is read cell by cell: a cell a spreadsheet would evaluate must carry the leading
apostrophe of :func:`store.files.neutralise`, and the payload must be there (so the test
could fail).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from clitools import run

from store.files import needs_neutralising

PERSON = "=1+"  # every pseudonym becomes "=1+<old id>"
COURSE = "=cmd|' /C calc'!A0 "
COMPANY = "@SUM(1) "
GENDER = "+"


def cells(path: Path) -> list[str]:
    """Every text cell of a CSV or XLSX file, as stored (header included)."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return [cell for row in csv.reader(fh) for cell in row]
    workbook = openpyxl.load_workbook(path)
    found = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{path.name}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    found.append(cell.value)
    return found


def assert_safe(path: Path, payload: str) -> None:
    texts = cells(path)
    live = [t for t in texts if needs_neutralising(t)]
    assert live == [], f"{path.name} carries live formulas: {live[:3]}"
    assert any(t.startswith("'" + payload) for t in texts), f"{path.name} lost the payload {payload!r}"


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, str]]:
    """A small demo region whose texts are formula payloads, imported through the real CLI."""
    folder = tmp_path_factory.mktemp("formulas")
    files = folder / "files"
    made = run("--db", f"sqlite:///{folder / 'plain.db'}", "demo-data", "--scale", "0.05", "--seed", "3",
               "--files", str(files))
    assert made.returncode == 0, made.stderr
    frames = {
        kind: pd.read_csv(files / f"{kind}.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
        for kind in ("companies", "visits", "needs", "jobseekers", "offers", "outcomes")
    }
    for kind in ("jobseekers", "outcomes"):
        frames[kind]["person_id"] = PERSON + frames[kind]["person_id"]
    frames["jobseekers"]["gender"] = GENDER + frames["jobseekers"]["gender"]
    frames["offers"]["title"] = COURSE + frames["offers"]["title"]
    frames["offers"]["start_date"] = ""  # every course open now, so candidates get one suggested
    frames["companies"]["name"] = COMPANY + frames["companies"]["name"]
    url = f"sqlite:///{folder / 'formulas.db'}"
    for kind, frame in frames.items():
        path = folder / f"raw_{kind}.csv"
        frame.to_csv(path, index=False)  # raw: the payloads as a hostile source would send them
        result = run("--db", url, "import", kind, str(path))
        assert result.returncode == 0, result.stderr
    hire = frames["needs"][frames["needs"]["kind"] == "hire"]
    yield url, folder, str(hire["need_id"].iloc[0])


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_match_need_out(region: tuple[str, Path, str], suffix: str) -> None:
    url, folder, need = region
    out = folder / f"match{suffix}"
    result = run("--db", url, "match", "--need", need, "--top", "20", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert_safe(out, PERSON)


def test_match_all_out(region: tuple[str, Path, str]) -> None:
    url, folder, _ = region
    out = folder / "all.csv"
    assert run("--db", url, "match", "--all", "--top", "5", "--out", str(out)).returncode == 0
    assert_safe(out, COURSE.strip())


def test_lks_shortlist_out(region: tuple[str, Path, str]) -> None:
    url, folder, _ = region
    out = folder / "shortlist.xlsx"
    result = run("--db", url, "match", "--lks", "aarhus", "--assign", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert_safe(out, PERSON)


def test_audit_fairness_out(region: tuple[str, Path, str]) -> None:
    url, folder, _ = region
    out = folder / "fairness.csv"
    result = run("--db", url, "audit", "fairness", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert_safe(out, GENDER)


def test_occupations_match_out(tmp_path: Path) -> None:
    source = tmp_path / "titles.csv"
    source.write_text("id,title\n=2+2,tømrer\n-x,smed\n", encoding="utf-8")
    out = tmp_path / "occupations.xlsx"
    result = run("occupations", "match", "--in", str(source), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert_safe(out, "=2+2")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_assign_out(tmp_path: Path, suffix: str) -> None:
    source = tmp_path / "companies.csv"
    rows = 'name,municipality_code\n"=HYPERLINK(""http://x"",""y"")",751\n-cmd,657\n'
    source.write_text(rows, encoding="utf-8")
    out = tmp_path / f"placed{suffix}"
    result = run("assign", str(source), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert_safe(out, "=HYPERLINK")
    assert "'-cmd" in cells(out)


def test_demo_data_files(tmp_path: Path) -> None:
    """The demo generator's own files go through the same writer (no payloads of their own)."""
    files = tmp_path / "files"
    url = f"sqlite:///{tmp_path / 'd.db'}"
    made = run("--db", url, "demo-data", "--scale", "0.02", "--files", str(files))
    assert made.returncode == 0, made.stderr
    for path in sorted(files.glob("*.csv")):
        assert [t for t in cells(path) if needs_neutralising(t)] == [], path.name
