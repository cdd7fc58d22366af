"""Read and write the tabular files users hand in and get back (CSV and XLSX).

:func:`read_table` is the one place that opens an import file. It returns every cell
as text, exactly as written (``"0751"`` stays ``"0751"``; no type guessing), and
refuses anything that is not plainly a CSV or an XLSX file of sensible size:

- a file over the size cap (``max_bytes``), or an XLSX that would unpack to more than
  :data:`XLSX_MAX_EXPANSION` times that (a zip bomb);
- any extension but ``.csv`` and ``.xlsx`` (``.xlsm`` and the other macro-enabled
  formats are named as such);
- a file that is not what its extension says: an ``.xlsx`` that is not a zip with
  ``[Content_Types].xml``, or that carries a VBA project; a ``.csv`` that is binary or
  not UTF-8;
- an empty file, a file without a header, an unnamed or a duplicated column name,
  a row with more cells than the header has columns.

Every refusal is a :class:`~lksmatch.errors.ValidationError` (CLI exit code 1).
:func:`write_table` writes a frame back as CSV (UTF-8, comma) or XLSX, atomically.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pandas as pd

from lksmatch.errors import Problem, UsageError, ValidationError

#: Default size cap of an input file (bytes).
DEFAULT_MAX_BYTES = 50 * 2**20
#: An XLSX may unpack to at most this many times the size cap.
XLSX_MAX_EXPANSION = 20
#: Extensions that are read and written.
SUPPORTED_EXTENSIONS = (".csv", ".xlsx")
#: Spreadsheet formats that can carry macros; refused by name.
MACRO_EXTENSIONS = (".xlsm", ".xltm", ".xlam", ".xlsb", ".xls")
#: The largest single CSV cell accepted (characters).
MAX_CELL_CHARS = 1 << 20


def _refuse(path: Path, rule: str, value: str | None = None) -> ValidationError:
    """A refusal of the file as a whole."""
    return ValidationError(f"{path.name} was refused", [Problem(None, None, rule, value)])


# --- reading ------------------------------------------------------------------------------------


def read_table(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> pd.DataFrame:
    """Read a CSV or XLSX file as text: one column per header cell, every cell a ``str``.

    Parameters
    ----------
    path
        A ``.csv`` (UTF-8 with or without BOM; ``,`` or ``;`` as delimiter, sniffed
        from the header line) or ``.xlsx`` file (the first sheet, cell values only).
    max_bytes
        The largest file accepted, in bytes.

    Returns
    -------
    DataFrame
        Columns named as in the header (surrounding whitespace stripped, case kept),
        in file order; a ``RangeIndex`` where row ``i`` is line ``i + 2`` of the file
        (the header is line 1). Empty cells are ``""``. Trailing empty rows are
        dropped; empty rows in the middle are kept so that line numbers stay true.

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
    rows = _read_xlsx(path, max_bytes) if suffix == ".xlsx" else _read_csv(path)
    return _to_frame(path, rows)


def _read_csv(path: Path) -> Iterator[list[str]]:
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04") or b"\x00" in data:
        raise _refuse(path, "the file is binary (perhaps a spreadsheet renamed to .csv), not CSV text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refuse(path, f"the file is not UTF-8 text (byte {exc.start}); save it as 'CSV UTF-8'") from exc
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return _csv_rows(path, text, delimiter)


def _csv_rows(path: Path, text: str, delimiter: str) -> Iterator[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    old_limit = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL_CHARS)
    try:
        yield from reader
    except csv.Error as exc:
        raise ValidationError(f"{path.name} was refused",
                              [Problem(reader.line_num or None, None, f"not valid CSV: {exc}")]) from exc
    finally:
        csv.field_size_limit(old_limit)


def _read_xlsx(path: Path, max_bytes: int) -> Iterator[list[str]]:
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
    unpacked = sum(i.file_size for i in infos)
    if unpacked > XLSX_MAX_EXPANSION * max_bytes:
        raise _refuse(path, f"the workbook unpacks to {unpacked:,} bytes; the limit is "
                            f"{XLSX_MAX_EXPANSION * max_bytes:,} bytes")
    return _xlsx_rows(path)


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    import openpyxl  # imported here: only XLSX reading needs it

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for damaged workbooks
        raise _refuse(path, f"the file is not a readable Excel workbook: {exc}") from exc
    try:
        if not workbook.worksheets:
            raise _refuse(path, "the workbook has no worksheet")
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield [_cell_text(v) for v in values]
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


def _to_frame(path: Path, rows: Iterable[list[str]]) -> pd.DataFrame:
    iterator = iter(rows)
    header: list[str] | None = None
    for raw in iterator:
        if any(cell.strip() for cell in raw):
            header = [cell.strip() for cell in raw]
            break
        raise _refuse(path, "the first line must be the header with the column names; it is empty")
    if header is None:
        raise _refuse(path, "the file has no header line")
    while header and header[-1] == "":
        header.pop()
    problems = _header_problems(header)
    width = len(header)
    records: list[list[str]] = []
    for line, raw in enumerate(iterator, start=2):
        if len(raw) > width:
            extra = [c for c in raw[width:] if c != ""]
            if extra:
                problems.append(Problem(line, None, f"the row has {len(raw)} cells but the header names "
                                                    f"{width} columns", extra[0]))
                continue
            raw = raw[:width]
        records.append(raw + [""] * (width - len(raw)))
    if problems:
        raise ValidationError(f"{path.name} was refused", problems)
    while records and not any(records[-1]):
        records.pop()
    return pd.DataFrame(records, columns=header, dtype=str) if records else pd.DataFrame(
        {name: pd.Series([], dtype=str) for name in header})


def _header_problems(header: Sequence[str]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for position, name in enumerate(header, start=1):
        if name == "":
            problems.append(Problem(1, None, f"column {position} has no name"))
        elif name in seen:
            problems.append(Problem(1, name, "the column name appears more than once", name))
        seen.add(name)
    return problems


# --- writing ------------------------------------------------------------------------------------


def write_table(frame: pd.DataFrame, path: Path) -> Path:
    """Write ``frame`` (without its index) as CSV (UTF-8, ``,``) or XLSX, atomically.

    Parameters
    ----------
    frame
        Any columns. Missing values are written as empty cells; text stays text in
        XLSX (a value starting with ``=`` is never turned into a formula).
    path
        Output file; its extension (``.csv`` or ``.xlsx``) picks the format.

    Returns
    -------
    Path
        ``path``, once the file is complete.

    Raises
    ------
    UsageError
        When the extension is not ``.csv`` or ``.xlsx``.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        raise UsageError(f"the output file extension was {suffix or '(none)'!r} but is expected to be "
                         f"one of {list(SUPPORTED_EXTENSIONS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".part-", suffix=suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if suffix == ".csv":
            frame.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
        else:
            _write_xlsx(frame, tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    sheet.append([str(c) for c in frame.columns])
    for values in frame.itertuples(index=False, name=None):
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text, even "=1+1"
            cells.append(cell)
        sheet.append(cells)
    workbook.save(path)


def _xlsx_value(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bool | int | float | dt.date | dt.datetime):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return _xlsx_value(value.item())
    return str(value)
