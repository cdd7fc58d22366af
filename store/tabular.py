"""Read the tabular files users hand in (CSV and XLSX), as text, within bounded work.

:func:`read_table` is the one place that opens an import file. It returns every cell
as text, exactly as written (``"0751"`` stays ``"0751"``; no type guessing; a value that
lksmatch's writer :func:`store.files.write_table` neutralised, ``'=1+1``, is read back as
``=1+1``), and refuses the whole file - naming the line, and the column where there is
one - when it is not plainly a CSV or an XLSX file of sensible size:

- a file over the size cap (``max_bytes``); an XLSX that unpacks to more than
  :data:`MAX_UNPACKED_BYTES`, or with a part compressed more than :data:`XLSX_MAX_RATIO`
  times (a zip bomb); a sheet whose declared dimension, or whose rows as counted while
  streaming, go beyond :data:`MAX_ROWS` data rows or :data:`MAX_COLUMNS` columns;
- any extension but ``.csv`` and ``.xlsx`` (``.xlsm`` and the other macro-enabled
  formats are named as such);
- a file that is not what its extension says: an ``.xlsx`` that is not a zip with
  ``[Content_Types].xml``, or that carries a VBA project; a ``.csv`` that is binary or
  not UTF-8;
- a CSV that does not parse cleanly: a quote that is never closed, a closing quote
  followed by anything but the separator or the end of the line, a quote in the middle
  of an unquoted field; a row with more or fewer fields than the header; a field that
  holds a line break in a column that is not free text (``multiline``);
- an empty file, a file without a header, an unnamed or a duplicated column name,
  a value beyond the last named column.

Every refusal is a :class:`~lksmatch.errors.ValidationError` (CLI exit code 1) listing
at most :data:`store.validation.MAX_PROBLEMS` problems (the rest are counted); no value
that looks like a CPR number is echoed. Files are written by :mod:`store.files`.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Collection, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lksmatch.errors import Problem, ValidationError
from store.files import unneutralise
from store.problems import LINES_ATTR, ProblemCollector, mask_cpr, safe_problem

__all__ = ["LINES_ATTR", "read_table"]

# Limits. The largest real input is the scale-10 job-seeker file: 80,000 rows x 16 columns,
# 11 MB as CSV; as XLSX (lksmatch's writer, inline strings) 5.7 MB that unpack to 68 MB.
#: Default size cap of an input file (bytes).
DEFAULT_MAX_BYTES = 50 * 2**20
#: An XLSX may unpack to at most this many bytes (all parts together; ~4x the largest real
#: file unpacked), and to at most :data:`XLSX_MAX_EXPANSION` times ``max_bytes``.
MAX_UNPACKED_BYTES = 256 * 2**20
#: See :data:`MAX_UNPACKED_BYTES`.
XLSX_MAX_EXPANSION = 20
#: A part of an XLSX that unpacks to more than :data:`XLSX_RATIO_MIN_BYTES` may be at most this
#: many times its compressed size. Real sheets compress about 10 times; deflate can reach
#: about 1,000 times on repetitive filler, which is what a zip bomb is. (Apache POI's default.)
XLSX_MAX_RATIO = 100
#: Parts smaller than this are not checked for their compression ratio.
XLSX_RATIO_MIN_BYTES = 2**20
#: At most this many data rows are read (12.5x the largest real file); counted while streaming.
MAX_ROWS = 1_000_000
#: At most this many columns are read (the contract has at most 14; extra columns are kept).
MAX_COLUMNS = 200
#: Extensions that are read.
SUPPORTED_EXTENSIONS = (".csv", ".xlsx")
#: Spreadsheet formats that can carry macros; refused by name.
MACRO_EXTENSIONS = (".xlsm", ".xltm", ".xlam", ".xlsb", ".xls")
#: The largest single CSV cell accepted (characters).
MAX_CELL_CHARS = 1 << 20

#: A record as read: the physical line it starts on, the one it ends on, its cells.
_Record = tuple[int, int, list[str]]
_LINE_END = re.compile(r"\r\n|\r|\n")
_NEVER_CLOSED = "the quote that opens this field is never closed"
_QUOTE_HELP = 'a quote inside a field must be doubled and the field quoted, as in "Smed ""Nord"" A/S"'


def _refuse(path: Path, rule: str, value: str | None = None, row: int | None = None) -> ValidationError:
    """A refusal of the file as a whole."""
    problem = safe_problem(Problem(row, None, rule, value))
    return ValidationError(f"{mask_cpr(path.name)} was refused", [problem])


def read_table(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, multiline: Collection[str] = ()
) -> pd.DataFrame:
    """Read a CSV or XLSX file as text: one column per header cell, every cell a ``str``.

    Parameters
    ----------
    path
        A ``.csv`` (UTF-8 with or without BOM; ``,`` or ``;`` as delimiter, sniffed
        from the header line) or ``.xlsx`` file (the first sheet, cell values only).
    max_bytes
        The largest file accepted, in bytes.
    multiline
        The free-text columns whose cells may hold a line break (e.g. a visit's
        ``note``; :func:`store.validation.multiline_columns`). In every other column a
        line break is refused: in a CSV it is the mark of a quote that is not closed.

    Returns
    -------
    DataFrame
        Columns named as in the header (surrounding whitespace stripped, case kept),
        in file order; a ``RangeIndex``. Row ``i`` is line ``i + 2`` of the file (the
        header is line 1) unless a field spans lines: then ``frame.attrs[LINES_ATTR]``
        holds the line each row starts on. Empty cells are ``""``. Trailing empty rows
        are dropped; empty rows in the middle are kept so that line numbers stay true.

    Raises
    ------
    ValidationError
        When the file is refused (see the module documentation for the rules).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in MACRO_EXTENSIONS:
        raise _refuse(path, f"'{suffix}' files are refused (macro-enabled or legacy format); "
                            "save the sheet as .xlsx or .csv", path.name)
    if suffix not in SUPPORTED_EXTENSIONS:
        raise _refuse(path, f"the file extension was {suffix or '(none)'!r} but is expected to be "
                            f"one of {list(SUPPORTED_EXTENSIONS)}", path.name)
    if not path.is_file():
        raise _refuse(path, "the file does not exist", str(path))
    size = path.stat().st_size
    if size > max_bytes:
        raise _refuse(path, f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes")
    if size == 0:
        raise _refuse(path, "the file is empty")
    problems = ProblemCollector()
    if suffix == ".xlsx":
        records = _xlsx_records(path, max_bytes)
    else:
        source = _csv_source(path)
        simple = _simple_csv_frame(source)
        if simple is not None:
            return simple
        records = _csv_parse(source, problems)
    try:
        frame = _to_frame(path, records, frozenset(multiline), problems, is_csv=suffix == ".csv")
    finally:
        if isinstance(records, Generator):
            records.close()  # at once, also when refused midway: the workbook, the CSV field limit
    if problems:
        raise ValidationError(f"{mask_cpr(path.name)} was refused: {problems.describe()}", problems.listed())
    return frame


# --- CSV ----------------------------------------------------------------------------------------


def _csv_source(path: Path) -> _CsvText:
    """The text of a CSV file and its delimiter; a file that is not UTF-8 text is refused."""
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04") or b"\x00" in data:
        raise _refuse(path, "the file is binary (perhaps a spreadsheet renamed to .csv), not CSV text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refuse(path, f"the file is not UTF-8 text (byte {exc.start}); save it as 'CSV UTF-8'") from exc
    del data
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return _CsvText(text, delimiter)


def _simple_csv_frame(source: _CsvText) -> pd.DataFrame | None:
    """The frame of a CSV file without quotes whose every row is well formed, parsed at once.

    ``None`` for any other file: then the record-by-record reader (:func:`_csv_parse`) reads
    it, and names what is wrong. The frame is the one that reader would give (a test holds
    the two to each other): cells as text, blank rows in the middle kept, trailing ones
    dropped, values neutralised by lksmatch's writer read back.
    """
    text, delimiter = source.text, source.delimiter
    if '"' in text or text.count("\r") != text.count("\r\n"):
        return None
    lines = text.replace("\r\n", "\n").split("\n")
    if lines[-1] == "":
        lines.pop()  # the end of the last line
    if not lines:
        return None
    cells = lines[0].split(delimiter)
    header = [unneutralise(cell.strip()) for cell in cells]
    if "" in header or len(set(header)) != len(header) or len(header) > MAX_COLUMNS:
        return None
    data = lines[1:]
    if len(data) > MAX_ROWS or max(map(len, lines)) > MAX_CELL_CHARS:
        return None
    width = len(cells) - 1
    blank = delimiter * width
    for k, line in enumerate(data):
        if line.count(delimiter) != width:
            if line.strip(delimiter):
                return None
            data[k] = blank  # an empty row, as wide as the header
    while data and not data[-1].strip(delimiter):
        data.pop()
    if not data:
        return pd.DataFrame({name: pd.Series([], dtype=str) for name in header})
    frame = pd.read_csv(
        io.StringIO("\n".join(data)), sep=delimiter, header=None, names=header, index_col=False,
        dtype=str, na_filter=False, quoting=csv.QUOTE_NONE, skip_blank_lines=False, engine="c",
    )  # fmt: skip
    for name in header:
        values = frame[name].tolist()
        if "'" in "".join(values):  # perhaps a value neutralised by lksmatch's writer
            frame[name] = pd.Series([unneutralise(v) for v in values], index=frame.index, dtype=str)
    return frame


class _CsvText:
    """The text of a CSV file, with the offsets of its lines (computed when first needed)."""

    def __init__(self, text: str, delimiter: str) -> None:
        self.text = text
        self.delimiter = delimiter
        self._starts: list[int] | None = None
        self._unquoted = re.compile(f'[^{re.escape(delimiter)}"\\r\\n]*')

    def line_of(self, offset: int) -> int:
        """The 1-based line of a character offset."""
        if self._starts is None:
            self._starts = [0] + [m.end() for m in _LINE_END.finditer(self.text)]
        return bisect.bisect_right(self._starts, offset)

    def offset(self, line: int) -> int:
        """The offset where a 1-based line starts."""
        self.line_of(0)
        assert self._starts is not None
        return self._starts[min(line - 1, len(self._starts) - 1)]

    def quote_problem(self, line: int, header: Sequence[str] | None) -> Problem | None:
        """The first quoting error of the record that starts on ``line``, or ``None``."""
        text, delimiter, pos, field = self.text, self.delimiter, self.offset(line), 0
        while True:
            if text.startswith('"', pos):
                close = pos + 1
                while (close := text.find('"', close)) >= 0 and text.startswith('"', close + 1):
                    close += 2
                if close < 0:
                    return _field_problem(line, field, header, _NEVER_CLOSED)
                after = text[close + 1 : close + 2]
                if after not in (delimiter, "", "\r", "\n"):
                    rule = (f"the quote that opens this field closes on line {self.line_of(close)} and is "
                            f"followed by {after!r} instead of the separator or the end of the line; "
                            f"{_QUOTE_HELP}")
                    return _field_problem(line, field, header, rule)
                pos = close + 1
            else:
                unquoted = self._unquoted.match(text, pos)
                pos = unquoted.end() if unquoted else pos
                if text.startswith('"', pos):
                    return _field_problem(line, field, header,
                                          f"a quote in the middle of an unquoted field; {_QUOTE_HELP}")
            if not text.startswith(delimiter, pos):
                return None
            pos, field = pos + 1, field + 1


def _field_problem(line: int, field: int, header: Sequence[str] | None, rule: str) -> Problem:
    if header is not None and field < len(header) and header[field].strip():
        return Problem(line, unneutralise(header[field].strip()), rule)
    return Problem(line, None, f"field {field + 1}: {rule}")


def _csv_parse(source: _CsvText, problems: ProblemCollector) -> Iterator[_Record]:
    reader = csv.reader(io.StringIO(source.text, newline=""), delimiter=source.delimiter, strict=True)
    old_limit = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL_CHARS)
    header: list[str] | None = None
    end = 0
    try:
        for cells in reader:
            start, end = end + 1, reader.line_num
            if '"' in "".join(cells):  # a stray quote lands in a value: check the raw text
                problem = source.quote_problem(start, header)
                if problem is not None:
                    problems.add(problem)
                    if header is None:
                        return  # no header: nothing after it can be read
                    continue
            header = cells if header is None else header
            yield start, end, cells
    except csv.Error as exc:
        problem = source.quote_problem(end + 1, header)
        if problem is None:
            limit = f"a field is longer than {MAX_CELL_CHARS:,} characters" if "limit" in str(exc) else None
            problem = Problem(end + 1, None, limit or f"not valid CSV: {exc}")
        problems.add(problem)
    finally:
        csv.field_size_limit(old_limit)


# --- XLSX ---------------------------------------------------------------------------------------


def _xlsx_records(path: Path, max_bytes: int) -> Iterator[_Record]:
    if not zipfile.is_zipfile(path):
        raise _refuse(path, "the file is not an Excel workbook (.xlsx is a zip archive)")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            content_types = archive.read("[Content_Types].xml") if any(
                i.filename == "[Content_Types].xml" for i in infos) else None
    except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
        raise _refuse(path, f"the file is not a readable Excel workbook: {exc}") from exc
    if content_types is None:
        raise _refuse(path, "the file is a zip archive but not an Excel workbook (no [Content_Types].xml)")
    names = [i.filename.lower() for i in infos]
    if any(n.endswith("vbaproject.bin") for n in names) or b"macroEnabled" in content_types:
        raise _refuse(path, "the workbook contains macros (VBA); save it as a plain .xlsx without macros")
    if not any(n.startswith("xl/") for n in names):
        raise _refuse(path, "the zip archive holds no Excel workbook (no xl/ part)")
    _check_unpacked(path, infos, max_bytes)
    return _xlsx_rows(path)


def _check_unpacked(path: Path, infos: Sequence[zipfile.ZipInfo], max_bytes: int) -> None:
    """Refuse a workbook that unpacks to too much, or a part compressed like a zip bomb.

    The sizes are those the archive declares; :mod:`zipfile` never unpacks more than
    that (a part that does is a CRC error).
    """
    limit = min(MAX_UNPACKED_BYTES, XLSX_MAX_EXPANSION * max_bytes)
    unpacked = sum(i.file_size for i in infos)
    if unpacked > limit:
        raise _refuse(path, f"the workbook unpacks to {unpacked:,} bytes; the limit is {limit:,} bytes")
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > XLSX_RATIO_MIN_BYTES and ratio > XLSX_MAX_RATIO:
            raise _refuse(path, f"the part {info.filename} unpacks to {info.file_size:,} bytes from "
                                f"{info.compress_size:,} ({ratio:,.0f} times; real workbooks compress far "
                                f"less than {XLSX_MAX_RATIO} times): this looks like a zip bomb")


def _xlsx_rows(path: Path) -> Iterator[_Record]:
    import openpyxl  # imported here: only XLSX reading needs it

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for damaged workbooks
        raise _refuse(path, f"the file is not a readable Excel workbook: {exc}") from exc
    try:
        if not workbook.worksheets:
            raise _refuse(path, "the workbook has no worksheet")
        sheet = workbook.worksheets[0]
        rows, columns = sheet.max_row or 0, sheet.max_column or 0
        if rows - 1 > MAX_ROWS or columns > MAX_COLUMNS:
            raise _refuse(path, f"the sheet declares {rows:,} rows and {columns:,} columns (its dimension); "
                                f"at most {MAX_COLUMNS} columns and {MAX_ROWS:,} data rows are read")
        sheet.reset_dimensions()  # a declared dimension may also be too small: read every row there is
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if len(values) > MAX_COLUMNS:
                raise _refuse(path, f"the row has a cell in column {len(values):,}; at most {MAX_COLUMNS} "
                                    "columns are read (delete the columns after the data)", row=line)
            yield line, line, [_cell_text(v) for v in values]
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    """An XLSX cell value as the text a user sees (integers without ``.0``, dates ISO)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


# --- both: header, widths, line breaks, the row cap ----------------------------------------------


@dataclass(frozen=True)
class _Layout:
    """What a row is checked against: the header (named columns) and the file's format."""

    header: list[str]
    raw_width: int  # cells of the header line, unnamed trailing ones included
    free_text: list[bool]  # per named column: may a cell hold a line break?
    is_csv: bool


def _to_frame(
    path: Path,
    records: Iterable[_Record],
    multiline: frozenset[str],
    problems: ProblemCollector,
    *,
    is_csv: bool,
) -> pd.DataFrame:
    iterator = iter(records)
    first = next(iterator, None)
    if first is None or not any(cell.strip() for cell in first[2]):
        if problems:
            return pd.DataFrame()  # the header did not parse; the problem says why
        if first is None:
            raise _refuse(path, "the file has no header line")
        raise _refuse(path, "the first line must be the header with the column names; it is empty")
    header = [unneutralise(cell.strip()) for cell in first[2]]
    while header and header[-1] == "":
        header.pop()
    if len(header) > MAX_COLUMNS:
        rule = f"the header names {len(header):,} columns; at most {MAX_COLUMNS} columns are read"
        raise _refuse(path, rule, row=1)
    _header_problems(header, problems)
    layout = _Layout(header, len(first[2]), [name in multiline for name in header], is_csv)
    width = len(header)
    rows: list[list[str]] = []
    lines: list[int] = []
    blank: list[int] = []  # empty rows not yet known to lie in the middle (trailing ones are dropped)
    for count, (start, end, cells) in enumerate(iterator, start=1):
        if count > MAX_ROWS:
            raise _refuse(path, f"the file has more than {MAX_ROWS:,} data rows; split it into smaller files",
                          row=start)
        if not any(cells):
            blank.append(start)
        elif _row_ok(start, end, cells, layout, problems):
            if blank:
                rows.extend([""] * width for _ in blank)
                lines.extend(blank)
                blank.clear()
            if "'" in "".join(cells):  # perhaps a value neutralised by lksmatch's writer
                cells = [unneutralise(cell) for cell in cells]
            rows.append(cells[:width] + [""] * (width - len(cells)))
            lines.append(start)
    if problems:
        return pd.DataFrame()  # refused: read_table raises with the problems
    frame = pd.DataFrame(rows, columns=header, dtype=str) if rows else pd.DataFrame(
        {name: pd.Series([], dtype=str) for name in header})
    if lines != list(range(2, len(lines) + 2)):
        frame.attrs[LINES_ATTR] = tuple(lines)
    return frame


def _row_ok(start: int, end: int, cells: list[str], layout: _Layout, problems: ProblemCollector) -> bool:
    """Whether a non-empty row is well formed; if not, add its (one) problem."""
    if end > start or not layout.is_csv:
        breaks = _line_break_problem(start, cells, layout)
        if breaks is not None:
            problems.add(breaks)
            return False
    if layout.is_csv and len(cells) != layout.raw_width:
        fields = f"{len(cells)} field" + ("" if len(cells) == 1 else "s")
        rule = f"the row has {fields} but the header has {layout.raw_width} columns"
        extra = [c for c in cells[layout.raw_width :] if c != ""]
        problems.add(Problem(start, None, rule, extra[0] if extra else None))
        return False
    width = len(layout.header)
    extra = [c for c in cells[width:] if c != ""]
    if extra:
        rule = f"the row has {len(cells)} cells but the header names {width} columns"
        problems.add(Problem(start, None, rule, extra[0]))
        return False
    return True


def _line_break_problem(start: int, cells: list[str], layout: _Layout) -> Problem | None:
    """A line break in a cell of a column that is not free text (for CSV: where its quote opens, closes)."""
    joined = "".join(cells)
    if "\n" not in joined and "\r" not in joined:
        return None
    line = start
    for position, cell in enumerate(cells):
        breaks = len(_LINE_END.findall(cell))
        if breaks and not (position < len(layout.free_text) and layout.free_text[position]):
            if layout.is_csv:
                rule = (f"the field holds a line break: its quote opens on line {line} and closes on "
                        f"line {line + breaks} (is a closing quote missing?); only free-text columns may "
                        "span lines")
            else:
                rule = "the cell holds a line break; only free-text columns may hold one"
            if position < len(layout.header):
                return Problem(start, layout.header[position], rule)
            return Problem(start, None, f"field {position + 1}: {rule}")
        line += breaks
    return None


def _header_problems(header: Sequence[str], problems: ProblemCollector) -> None:
    seen: set[str] = set()
    for position, name in enumerate(header, start=1):
        if name == "":
            problems.add(Problem(1, None, f"column {position} has no name"))
        elif name in seen:
            problems.add(Problem(1, name, "the column name appears more than once", name))
        elif "\n" in name or "\r" in name:
            problems.add(Problem(1, None, f"column {position}: the column name holds a line break"))
        seen.add(name)
