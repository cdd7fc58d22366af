"""The real ``lksmatch`` command, end to end, as a user runs it."""

from __future__ import annotations

from pathlib import Path

import pytest
from clitools import read_csv, run, write_csv


def test_assign_end_to_end(tmp_path: Path) -> None:
    src = write_csv(
        tmp_path / "companies.csv",
        ["cvr", "name", "municipality_code", "lat", "lon", "postal_code", "kontaktperson"],
        [
            ["10000009", "Kode A/S", "751", "", "", "", "Anne"],
            ["10000010", "Punkt ApS", "", "56.1393", "8.9738", "", "Bo"],  # Herning centre
            ["10000011", "Post I/S", "", "", "", "8600", "Carl"],  # Silkeborg
            ["10000012", "Aalborg A/S", "", "57.0488", "9.9217", "", "Dorte"],
            ["10000013", "Skæv ApS", "", "tekst", "9.1", "", "Eva"],
            ["10000014", "Ingenting", "", "", "", "", "Finn"],
        ],
    )
    out = tmp_path / "out.csv"
    result = run("assign", str(src), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "6 rows assigned" in result.stdout
    rows = read_csv(out)
    assert list(rows[0].keys())[:7] == [
        "cvr",
        "name",
        "municipality_code",
        "lat",
        "lon",
        "postal_code",
        "kontaktperson",
    ]
    assert {"municipality_name", "lks_id", "lks_name", "assign_method", "assign_note"} <= set(rows[0])
    by_cvr = {r["cvr"]: r for r in rows}
    assert (by_cvr["10000009"]["lks_id"], by_cvr["10000009"]["assign_method"]) == ("aarhus", "code")
    assert by_cvr["10000009"]["municipality_name"] == "Aarhus"
    assert (by_cvr["10000010"]["lks_id"], by_cvr["10000010"]["assign_method"]) == ("herning", "point")
    assert (by_cvr["10000011"]["lks_id"], by_cvr["10000011"]["assign_method"]) == ("silkeborg", "postal")
    aalborg = by_cvr["10000012"]
    assert (aalborg["municipality_code"], aalborg["lks_id"], aalborg["assign_method"]) == ("851", "", "point")
    assert by_cvr["10000013"]["assign_method"] == "none" and by_cvr["10000013"]["assign_note"]
    assert by_cvr["10000014"]["assign_method"] == "none" and by_cvr["10000014"]["assign_note"]
    assert [r["kontaktperson"] for r in rows] == ["Anne", "Bo", "Carl", "Dorte", "Eva", "Finn"]


def test_assign_rejects_a_file_without_placement_columns(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "in.csv", ["cvr", "name"], [["10000009", "X"]])
    out = tmp_path / "out.csv"
    result = run("assign", str(src), "--out", str(out))
    assert result.returncode == 1
    assert "municipality_code" in result.stderr and "postal_code" in result.stderr
    assert not out.exists()


def test_missing_input_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run("assign", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o.csv"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr


def test_unknown_command_is_a_usage_error() -> None:
    result = run("frobnicate")
    assert result.returncode == 2


def test_missing_reference_data_exits_2(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "in.csv", ["municipality_code"], [["751"]])
    result = run(
        "assign", str(src), "--out", str(tmp_path / "o.csv"), env={"LKSMATCH_DATA_DIR": str(tmp_path)}
    )
    assert result.returncode == 2
    assert "LKSMATCH_DATA_DIR" in result.stderr


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_bad_boolean_setting_is_a_usage_error(tmp_path: Path, value: str) -> None:
    src = write_csv(tmp_path / "in.csv", ["municipality_code"], [["751"]])
    result = run("assign", str(src), "--out", str(tmp_path / "o.csv"), env={"LKSMATCH_COOKIE_SECURE": value})
    assert result.returncode == 2
    assert "LKSMATCH_COOKIE_SECURE" in result.stderr
