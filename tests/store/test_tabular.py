"""Reading and writing import files: every refusal rule with a failing and a passing file."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from lksmatch.errors import UsageError, ValidationError
from store.tabular import read_table, write_table


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def rules(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " | ".join(str(p) for p in exc.value.problems)


# --- CSV ----------------------------------------------------------------------------------------


def test_csv_comma_keeps_text_and_leading_zeros(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(" cvr ,postal_code,name\n10000009,0800,Høj A/S\n,,\n", encoding="utf-8")
    frame = read_table(path)
    assert list(frame.columns) == ["cvr", "postal_code", "name"]
    assert frame.to_dict("records") == [{"cvr": "10000009", "postal_code": "0800", "name": "Høj A/S"}]
    assert all(str(t) == "str" for t in frame.dtypes)


def test_csv_semicolon_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("\ufeffcvr;lat;name\n10000009;56,15;\"A; B\"\n".encode())
    frame = read_table(path)
    assert list(frame.columns) == ["cvr", "lat", "name"]
    assert frame.iloc[0].tolist() == ["10000009", "56,15", "A; B"]


def test_csv_short_rows_padded_blank_middle_rows_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a,b\n1\n\n3,4\n", encoding="utf-8")
    frame = read_table(path)
    assert frame.values.tolist() == [["1", ""], ["", ""], ["3", "4"]]


def test_csv_header_only_gives_empty_frame(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a,b\n", encoding="utf-8")
    frame = read_table(path)
    assert list(frame.columns) == ["a", "b"] and len(frame) == 0


def test_csv_row_longer_than_header_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a,b\n1,2\n1,2,3\n1,2,\n", encoding="utf-8")
    with pytest.raises(ValidationError) as exc:
        read_table(path)
    assert [p.row for p in exc.value.problems] == [3]


def test_csv_not_utf8_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("navn\nSøren\n".encode("latin-1"))
    with pytest.raises(ValidationError, match="not UTF-8"):
        read_table(path)


def test_csv_binary_refused(tmp_path: Path) -> None:
    xlsx = write_xlsx(tmp_path / "real.xlsx", [["a"], ["1"]])
    path = tmp_path / "renamed.csv"
    path.write_bytes(xlsx.read_bytes())
    with pytest.raises(ValidationError, match="binary"):
        read_table(path)
    (tmp_path / "nul.csv").write_bytes(b"a,b\n1,\x002\n")
    with pytest.raises(ValidationError, match="binary"):
        read_table(tmp_path / "nul.csv")


@pytest.mark.parametrize("content", [b"", b"\n\n", "\ufeff".encode()])
def test_empty_file_or_no_header_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(content)
    with pytest.raises(ValidationError, match="empty|no header"):
        read_table(path)


def test_blank_first_line_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("\na,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="header"):
        read_table(path)


def test_duplicate_and_unnamed_columns_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("cvr,name, cvr,,x\n1,2,3,4,5\n", encoding="utf-8")
    with pytest.raises(ValidationError) as exc:
        read_table(path)
    text = rules(exc)
    assert "more than once" in text and "column 4 has no name" in text


def test_trailing_unnamed_empty_columns_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a,b,,\n1,2,,\n", encoding="utf-8")
    assert list(read_table(path).columns) == ["a", "b"]


def test_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a\n" + "1\n" * 100, encoding="utf-8")
    assert len(read_table(path, max_bytes=1000)) == 100
    with pytest.raises(ValidationError, match="limit is 100 bytes"):
        read_table(path, max_bytes=100)


@pytest.mark.parametrize("name", ["a.xlsm", "a.XLSM", "a.xls", "a.xlsb"])
def test_macro_formats_refused_by_name(tmp_path: Path, name: str) -> None:
    path = write_xlsx(tmp_path / "plain.xlsx", [["a"], [1]]).rename(tmp_path / name)
    with pytest.raises(ValidationError, match="macro-enabled"):
        read_table(path)


@pytest.mark.parametrize("name", ["a.txt", "a.json", "a", "a.csv.exe"])
def test_other_extensions_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="extension"):
        read_table(path)


# --- XLSX ---------------------------------------------------------------------------------------


def test_xlsx_values_as_text(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [
        [" cvr", "postal_code", "lat", "count", "growth", "deadline", None],
        ["10000009", "0800", 56.15, 3, True, dt.datetime(2026, 5, 1), None],
        [12345674, None, 8.0, None, False, dt.date(2026, 1, 2), None],
        [None, None, None, None, None, None, None],
    ])
    frame = read_table(path)
    assert list(frame.columns) == ["cvr", "postal_code", "lat", "count", "growth", "deadline"]
    assert frame.values.tolist() == [
        ["10000009", "0800", "56.15", "3", "true", "2026-05-01"],
        ["12345674", "", "8", "", "false", "2026-01-02"],
    ]


def test_xlsx_formula_cells_read_as_cached_values_not_formulas(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [["a"], ["=1+1"], ["x"]])
    # openpyxl writes no cached value: the cell reads empty, never as the formula text
    assert read_table(path)["a"].tolist() == ["", "x"]


def test_xlsx_not_a_zip_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="not an Excel workbook"):
        read_table(path)


def test_xlsx_zip_without_content_types_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ValidationError, match=r"Content_Types"):
        read_table(path)


def test_xlsx_with_vba_project_refused(tmp_path: Path) -> None:
    plain = write_xlsx(tmp_path / "plain.xlsx", [["a"], [1]])
    path = tmp_path / "sneaky.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/vbaProject.bin", b"\x00" * 10)
    assert len(read_table(plain)) == 1
    with pytest.raises(ValidationError, match="macros"):
        read_table(path)


def test_xlsx_zip_bomb_refused(tmp_path: Path) -> None:
    plain = write_xlsx(tmp_path / "plain.xlsx", [["a"], [1]])
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/media/big.bin", b"\x00" * 2_000_000)
    with pytest.raises(ValidationError, match="unpacks to"):
        read_table(path, max_bytes=50_000)


def test_xlsx_duplicate_header_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [["a", "a"], [1, 2]])
    with pytest.raises(ValidationError, match="more than once"):
        read_table(path)


def test_xlsx_value_beyond_last_named_column_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [["a", None], [1, 2]])
    with pytest.raises(ValidationError) as exc:
        read_table(path)
    assert exc.value.problems[0].row == 2


# --- writing ------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_write_then_read_round_trip(tmp_path: Path, suffix: str) -> None:
    frame = pd.DataFrame({"code": ["0751", "=1+1"], "name": ["Århus", ""]}, dtype=str)
    path = write_table(frame, tmp_path / f"out{suffix}")
    back = read_table(path)
    pd.testing.assert_frame_equal(back, frame)


def test_write_xlsx_numbers_stay_numbers(tmp_path: Path) -> None:
    frame = pd.DataFrame({"n": [1, 2], "share": [0.5, float("nan")]})
    path = write_table(frame, tmp_path / "out.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    assert sheet is not None
    assert [c.value for c in sheet["A"]] == ["n", 1, 2]
    assert [c.value for c in sheet["B"]] == ["share", 0.5, None]


def test_write_csv_is_utf8_comma(tmp_path: Path) -> None:
    path = write_table(pd.DataFrame({"a": ["ø"], "b": ["x,y"]}), tmp_path / "out.csv")
    assert path.read_bytes() == 'a,b\nø,"x,y"\n'.encode()


def test_write_refuses_other_extensions(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="extension"):
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "out.txt")
    assert not list(tmp_path.iterdir())
