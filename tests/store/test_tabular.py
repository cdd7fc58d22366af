"""Reading import files (and writing them back): every refusal rule with a failing and a passing file."""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from lksmatch.errors import UsageError, ValidationError
from store import tabular, validation
from store.files import write_table
from store.tabular import LINES_ATTR, read_table


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


def test_csv_blank_middle_lines_kept_as_empty_rows(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a,b\n1,2\n\n3,4\n\n", encoding="utf-8")
    frame = read_table(path)
    assert frame.values.tolist() == [["1", "2"], ["", ""], ["3", "4"]]


def test_csv_header_only_gives_empty_frame(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a,b\n", encoding="utf-8")
    frame = read_table(path)
    assert list(frame.columns) == ["a", "b"] and len(frame) == 0


def test_csv_row_with_more_or_fewer_fields_than_the_header_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a,b\n1,2\n1,2,3\n1,2,\n1\n", encoding="utf-8")
    with pytest.raises(ValidationError) as exc:
        read_table(path)
    assert [(p.row, p.column) for p in exc.value.problems] == [(3, None), (4, None), (5, None)]
    assert "the row has 3 fields but the header has 2" in exc.value.problems[0].rule
    assert "the row has 1 field but the header has 2" in exc.value.problems[2].rule


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


def _random_csv(rng: random.Random) -> str:
    """A CSV text without quotes: blank and separator-only lines, spaces, neutralised values."""
    sep = rng.choice([",", ";"])
    width = rng.choice([1, 1, 2, 3, 5])
    cells = ["", " ", "0751", "'=1+1", "'x", "-5", "Århus", "a b", "'-cmd", "x'y", "1.5"]
    names = rng.sample(["id", " name ", "'=h", "lat", "lon", "note", "x"], width)
    lines = [sep.join(names)]
    for _ in range(rng.randint(0, 12)):
        kind = rng.random()
        if kind < 0.1:
            lines.append("")
        elif kind < 0.15:
            lines.append(sep * rng.randint(0, width + 1))
        elif kind < 0.18:  # a row too short or too long
            lines.append(sep.join(rng.choice(cells) for _ in range(width + rng.choice([-1, 1]))) or "z")
        else:
            lines.append(sep.join(rng.choice(cells) for _ in range(width)))
    ending = rng.choice(["\n", "\r\n"])
    return ending.join(lines) + rng.choice(["", ending, ending * 2])


def test_csv_without_quotes_is_read_at_once_as_record_by_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CSV without quotes is parsed in one go; the frame (or the refusal) is the one the
    record-by-record reader gives.
    """
    rng = random.Random(7)
    path = tmp_path / "in.csv"
    fast_frames = 0
    for case in range(400):
        path.write_text(_random_csv(rng), encoding="utf-8")
        fast: pd.DataFrame | str
        try:
            fast = read_table(path)
        except ValidationError as exc:
            fast = rules(pytest.ExceptionInfo.from_exc_info((type(exc), exc, exc.__traceback__)))
        with monkeypatch.context() as patch:
            patch.setattr(tabular, "_simple_csv_frame", lambda source: None)
            try:
                slow: pd.DataFrame | str = read_table(path)
            except ValidationError as exc:
                slow = rules(pytest.ExceptionInfo.from_exc_info((type(exc), exc, exc.__traceback__)))
        if isinstance(slow, str):
            assert fast == slow, (case, path.read_text(encoding="utf-8"))
        else:
            assert isinstance(fast, pd.DataFrame), (case, fast)
            pd.testing.assert_frame_equal(fast, slow)
            assert fast.attrs == slow.attrs
            fast_frames += tabular._simple_csv_frame(tabular._csv_source(path)) is not None
    assert fast_frames > 200  # most cases took the quick path


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


# --- CSV quoting: a record that does not parse cleanly refuses the file, naming its first line -----

COMPANY_HEADER = "cvr,name,address,postal_code,municipality_code\n"


def read_problems(path: Path, **kwargs: object) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(ValidationError) as exc:
        read_table(path, **kwargs)  # type: ignore[arg-type]
    return [(p.row, p.column, p.rule) for p in exc.value.problems]


def test_unbalanced_quote_at_end_of_file_is_named_not_swallowed(tmp_path: Path) -> None:
    path = tmp_path / "companies.csv"
    path.write_text(COMPANY_HEADER + '43744844,"Poulsen & Søn VVS,Hovedgaden 1,8000,751\n'
                    "10000009,Smed A/S,Vej 2,8000,751\n", encoding="utf-8")
    ((row, column, rule),) = read_problems(path)
    assert (row, column) == (2, "name")
    assert "the quote that opens this field is never closed" in rule


def test_quote_closed_on_a_later_line_and_followed_by_text_is_named(tmp_path: Path) -> None:
    path = tmp_path / "companies.csv"
    path.write_text(COMPANY_HEADER + '43744844,"Poulsen & Søn VVS,Hovedgaden 1,8000,751\n'
                    '10000009,"Smed" A/S,Vej 2,8000,751\n', encoding="utf-8")
    ((row, column, rule),) = read_problems(path)
    assert (row, column) == (2, "name")
    assert "closes on line 3" in rule and "followed by 'S'" in rule and '""' in rule


def test_quote_that_swallows_a_line_break_is_refused_outside_free_text_columns(tmp_path: Path) -> None:
    # the quote closes on line 3 just before a comma: the record has the right number of
    # fields, and only the line break inside `name` shows that two records were merged
    path = tmp_path / "companies.csv"
    path.write_text(COMPANY_HEADER + '43744844,"Poulsen & Søn VVS,Hovedgaden 1,8000,751\n'
                    '10000009,Smed A/S",Vej 2,8000,751\n29403473,Bager,Torvet 1,8600,740\n',
                    encoding="utf-8")
    ((row, column, rule),) = read_problems(path)
    assert (row, column) == (2, "name")
    assert "line break" in rule and "opens on line 2 and closes on line 3" in rule


def test_line_breaks_allowed_in_named_free_text_columns_and_lines_stay_true(tmp_path: Path) -> None:
    path = tmp_path / "visits.csv"
    path.write_text('id,note\n1,"first line\r\nsecond line"\n2,plain\n3,"a\nb\nc"\n4,x\n', encoding="utf-8")
    frame = read_table(path, multiline=("note",))
    assert frame["note"].tolist() == ["first line\r\nsecond line", "plain", "a\nb\nc", "x"]
    assert frame.attrs[LINES_ATTR] == (2, 4, 5, 8)
    path.write_text('id,note\n1,"first\nsecond"\n2,plain,extra\n', encoding="utf-8")
    assert read_problems(path, multiline=("note",)) == [
        (4, None, "the row has 3 fields but the header has 2 columns")
    ]
    path.write_text("id,note\n1,a\n2,b\n", encoding="utf-8")
    assert LINES_ATTR not in read_table(path, multiline=("note",)).attrs  # row i is line i + 2


@pytest.mark.parametrize(
    ("line", "column", "fragment"),
    [
        ('1,Poulsen "VVS" ApS', "b", "a quote in the middle of an unquoted field"),
        ('1,"Poulsen "VVS" ApS"', "b", "followed by 'V'"),
        ('"1', "a", "never closed"),
    ],
)
def test_stray_quotes_are_named(tmp_path: Path, line: str, column: str, fragment: str) -> None:
    path = tmp_path / "a.csv"
    path.write_text(f"a,b\n0,ok\n{line}\n2,ok\n", encoding="utf-8")
    problems = read_problems(path)
    assert problems[0][:2] == (3, column) and fragment in problems[0][2], problems


def test_doubled_quotes_and_quoted_separators_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('a,b\r\n1,"Poulsen ""VVS"", Aarhus"\r\n2,"x;y"\r\n', encoding="utf-8")
    assert read_table(path)["b"].tolist() == ['Poulsen "VVS", Aarhus', "x;y"]


def test_structure_problems_never_echo_a_cpr_number(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a,b\n1,2,010190-1234\n", encoding="utf-8")
    with pytest.raises(ValidationError) as exc:
        read_table(path)
    assert "1234" not in str(exc.value) and exc.value.problems[0].value == validation.CPR_MASK


# --- spreadsheet-safe values written by lksmatch are read back unchanged --------------------------


def test_neutralised_values_are_read_back(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("'=h,b\n'=1+1,'-cmd\n'abc,'-5\n'@x,'+1\n", encoding="utf-8")
    frame = read_table(path)
    assert list(frame.columns) == ["=h", "b"]
    assert frame.values.tolist() == [["=1+1", "-cmd"], ["'abc", "'-5"], ["@x", "+1"]]
    xlsx = write_xlsx(tmp_path / "a.xlsx", [["a"], ["'=1+1"], ["'abc"]])
    assert read_table(xlsx)["a"].tolist() == ["=1+1", "'abc"]


# --- bounded work: limits on rows, columns, unpacked size; the problems listed are capped ----------


def rewrite_sheet(path: Path, edit: object) -> Path:
    """Rewrite the first sheet's XML of an XLSX with ``edit`` (bytes -> bytes)."""
    out = path.with_name("edited-" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = edit(data)  # type: ignore[operator]
            dst.writestr(item.filename, data)
    return out


def set_dimension(ref: str) -> object:
    return lambda data: re.sub(rb'<dimension ref="[^"]*" ?/>', f'<dimension ref="{ref}"/>'.encode(), data)


def test_xlsx_understated_dimension_is_not_trusted(tmp_path: Path) -> None:
    plain = write_xlsx(tmp_path / "a.xlsx", [["a", "b"], [1, 2], [3, 4], [5, 6]])
    path = rewrite_sheet(plain, set_dimension("A1:A1"))
    assert read_table(path).values.tolist() == [["1", "2"], ["3", "4"], ["5", "6"]]


@pytest.mark.parametrize(
    ("ref", "fragment"), [("A1:B1000002", "1,000,002 rows"), ("A1:XFD3", "16,384 columns")]
)
def test_xlsx_declared_dimension_beyond_the_limits_refused(tmp_path: Path, ref: str, fragment: str) -> None:
    plain = write_xlsx(tmp_path / "a.xlsx", [["a", "b"], [1, 2]])
    path = rewrite_sheet(plain, set_dimension(ref))
    with pytest.raises(ValidationError, match=fragment):
        read_table(path)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_rows_beyond_the_limit_refused_while_streaming(
    tmp_path: Path, suffix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tabular, "MAX_ROWS", 5)
    rows: list[list[object]] = [["a"], *([[str(i)] for i in range(5)])]
    if suffix == ".csv":
        (tmp_path / "a.csv").write_text("\n".join(str(r[0]) for r in rows) + "\n", encoding="utf-8")
        ok = tmp_path / "a.csv"
    else:
        ok = rewrite_sheet(write_xlsx(tmp_path / "a.xlsx", rows), set_dimension("A1:A1"))
    assert len(read_table(ok)) == 5
    rows.append(["6"])
    if suffix == ".csv":
        (tmp_path / "a.csv").write_text("\n".join(str(r[0]) for r in rows) + "\n", encoding="utf-8")
        big = tmp_path / "a.csv"
    else:
        big = rewrite_sheet(write_xlsx(tmp_path / "b.xlsx", rows), set_dimension("A1:A1"))
    with pytest.raises(ValidationError, match="more than 5 data rows"):
        read_table(big)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_columns_beyond_the_limit_refused(
    tmp_path: Path, suffix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tabular, "MAX_COLUMNS", 3)
    if suffix == ".csv":
        path = tmp_path / "a.csv"
        path.write_text("a,b,c,d\n1,2,3,4\n", encoding="utf-8")
    else:
        path = write_xlsx(tmp_path / "a.xlsx", [["a", "b"], [1, 2], [1, 2, None, None, "far"]])
    with pytest.raises(ValidationError, match="at most 3 columns"):
        read_table(path)


def test_xlsx_unpacked_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = write_xlsx(tmp_path / "plain.xlsx", [["a"], [1]])
    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/media/photo.bin", os.urandom(300_000))  # incompressible: not a bomb
    assert len(read_table(path)) == 1
    monkeypatch.setattr(tabular, "MAX_UNPACKED_BYTES", 200_000)
    with pytest.raises(ValidationError, match="unpacks to .* the limit is 200,000 bytes"):
        read_table(path)


def test_xlsx_bomb_refused_by_its_compression_ratio_before_any_parsing(tmp_path: Path) -> None:
    plain = write_xlsx(tmp_path / "plain.xlsx", [["cvr", "name"], [1, 2]])
    rows = b'<row><c t="n"><v>1</v></c></row>' * 600_000  # 20 MB of rows, as the 612 KB -> 200 MB bomb
    path = rewrite_sheet(plain, lambda data: data.replace(b"</sheetData>", rows + b"</sheetData>"))
    assert path.stat().st_size < 100_000
    with pytest.raises(ValidationError, match="zip bomb"):
        read_table(path)


def test_problems_listed_are_capped_and_the_rest_counted(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a,b\n" + "1,2,3\n" * (validation.MAX_PROBLEMS + 500), encoding="utf-8")
    with pytest.raises(ValidationError) as exc:
        read_table(path)
    problems = exc.value.problems
    assert len(problems) == validation.MAX_PROBLEMS + 1
    assert [p.row for p in problems[:3]] == [2, 3, 4]
    assert problems[-1].rule == "... and 500 more problems (only the first 1,000 are listed)"
    assert "1,500 problems" in str(exc.value)


# --- writing (store.files.write_table, read back by read_table) -----------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_write_then_read_round_trip(tmp_path: Path, suffix: str) -> None:
    frame = pd.DataFrame(
        {"code": ["0751", "=1+1", "-cmd", "-5"], "name": ["Århus", "", "'x", "@"]}, dtype=str
    )
    path = write_table(frame, tmp_path / f"out{suffix}")
    back = read_table(path)
    pd.testing.assert_frame_equal(back, frame)


def test_write_xlsx_text_stays_text_and_numbers_stay_numbers(tmp_path: Path) -> None:
    frame = pd.DataFrame({"n": [1, 2], "share": [0.5, float("nan")], "f": ["=1+1", "0751"]})
    path = write_table(frame, tmp_path / "out.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    assert sheet is not None
    assert [c.value for c in sheet["A"]] == ["n", 1, 2]
    assert [c.value for c in sheet["B"]] == ["share", 0.5, None]
    assert [(c.value, c.data_type) for c in sheet["C"][1:]] == [("'=1+1", "s"), ("0751", "s")]


def test_write_csv_neutralises_formulas(tmp_path: Path) -> None:
    path = write_table(pd.DataFrame({"a": ["ø", "=SUM(A1)"], "b": ["x,y", "-2"]}), tmp_path / "out.csv")
    assert path.read_bytes() == '\ufeffa,b\r\nø,"x,y"\r\n\'=SUM(A1),-2\r\n'.encode()


@pytest.mark.parametrize("sep", [",", ";"])
def test_csv_is_written_a_column_at_a_time_as_cell_by_cell(tmp_path: Path, sep: str) -> None:
    """Columns of one type are converted at once; the file is the one the cell-by-cell rule writes."""
    import csv

    from store import files

    frame = pd.DataFrame(
        {
            "flag": [True, False, True, True],
            "n": [1, -2, 3, 40_000_000_000],
            "share": [0.5, float("nan"), float("inf"), -1 / 3],
            "text": ["=1+1", "", "-5", "-cmd"],
            "safe": ["a\x00=b", "ø", "x,y", 'say "hi"'],
            "str": pd.Series(["a", None, "+1", "b"], dtype="str"),
            "mixed": [None, dt.date(2026, 12, 4), ["a", "=b"], 7],
            "when": pd.to_datetime(["2026-12-04 00:00", "2026-12-04 07:14", None, "2026-01-01 00:00"]),
            "nullable": pd.array([1, None, 3, 4], dtype="Int64"),
            "tail": ["x", "y", "\t1", "\uff1d1"],
        }
    )
    decimal = "," if sep == ";" else "."
    for part in (frame, frame[["text"]], frame.iloc[:0], frame.assign(text=["a;b", "c", "", ""])):
        path = write_table(part, tmp_path / "out.csv", sep=sep)
        expected = tmp_path / "expected.csv"
        with expected.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=sep, lineterminator="\r\n")
            writer.writerow(list(part.columns))
            for values in part.itertuples(index=False, name=None):
                writer.writerow([files._csv_text(v, decimal) for v in values])
        assert path.read_bytes() == expected.read_bytes()
    path = write_table(frame, tmp_path / "out.csv", sep=sep)
    assert b"'=1+1" in path.read_bytes() and b"'-cmd" in path.read_bytes() and b"a\x00=b" in path.read_bytes()


def test_write_is_atomic(tmp_path: Path) -> None:
    class Broken:
        def __str__(self) -> str:
            raise RuntimeError("cannot be written")

    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError):  # (CSV only: openpyxl leaves a generator open on such a failure)
        write_table(pd.DataFrame({"a": ["x", Broken()]}), target)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_write_refuses_other_extensions(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="extension"):
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "out.txt")
    assert not list(tmp_path.iterdir())


def test_xlsx_line_break_only_in_free_text_columns(tmp_path: Path) -> None:
    rows: list[list[object]] = [["name", "note"], ["Smed A/S", "to\nlinjer"], ["Smed\nNord", "x"]]
    path = write_xlsx(tmp_path / "a.xlsx", rows)
    ((row, column, rule),) = read_problems(path, multiline=("note",))
    assert (row, column) == (3, "name") and "line break" in rule
