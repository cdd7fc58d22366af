"""The one file writer: every CSV and XLSX the product writes, atomically and spreadsheet-safe.

Every table lksmatch writes - exports, ``match --out``, the shortlist, the fairness
report, ``occupations match``, ``assign --out``, the demo-data files, an LKS's lists -
goes through :func:`write_table`, and every file through :func:`atomic` (written to a
temporary name beside the target and renamed when complete, so a reader never sees half
a file and a failure leaves nothing behind).

Spreadsheet safety (formula injection, OWASP "CSV injection"): a text cell that a
spreadsheet would evaluate gets a leading apostrophe (:func:`neutralise`). That is a text
starting with ``=``, ``+``, ``@``, a tab, CR or LF (or the full-width ``＝``, ``＋``,
``＠``), or with ``-``/``－`` unless the whole text is a plain negative number (``-5`` and
``-2,5`` stay numbers; ``-cmd``, and ``-2+3`` or ``-1+cmd|...`` which a spreadsheet would
also evaluate, are neutralised). The header row gets the same treatment. XLSX text cells are typed as text
(never a formula) and characters XML cannot hold are dropped. The importer reads such a
value back unchanged (:func:`unneutralise`), so a file written by lksmatch can be imported
again as it is.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from lksmatch.errors import UsageError
from lksmatch.rules import CSV_SEPARATORS, TABLE_FORMATS

if TYPE_CHECKING:
    import geopandas as gpd

#: A text cell starting with one of these is prefixed with ``'``.
FORMULA_PREFIXES = ("=", "+", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff20")
#: ... and one starting with one of these, unless it is a plain negative number.
MINUS_SIGNS = ("-", "\uff0d")
_NEGATIVE_NUMBER = re.compile(r"[-\uff0d]\d+(?:[.,]\d+)?")


def needs_neutralising(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula (see the module docstring)."""
    if text.startswith(FORMULA_PREFIXES):
        return True
    return text.startswith(MINUS_SIGNS) and _NEGATIVE_NUMBER.fullmatch(text) is None


def neutralise(text: str) -> str:
    """``text`` with a leading ``'`` when a spreadsheet could read it as a formula."""
    return "'" + text if needs_neutralising(text) else text


def unneutralise(text: str) -> str:
    """The inverse of :func:`neutralise`: ``'=1+1`` back to ``=1+1``; anything else unchanged."""
    if text.startswith("'") and needs_neutralising(text[1:]):
        return text[1:]
    return text


def atomic(path: Path, write: Callable[[Path], object]) -> Path:
    """Run ``write`` on a temporary file next to ``path``, then move it into place.

    Parameters
    ----------
    path
        The file to create or replace; its folder is created when missing.
    write
        Writes the complete file to the path it is given (same name as ``path``, in a
        temporary folder beside it, so that libraries that pick a format by the
        extension see the right one).

    Returns
    -------
    Path
        ``path``, once the file is complete.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".part-", dir=path.parent))
    try:
        tmp = folder / path.name
        write(tmp)
        os.replace(tmp, path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return path


def to_bytes(write: Callable[[Path], object], name: str) -> bytes:
    """The bytes ``write`` produces for a file called ``name`` (written in a private temp folder)."""
    with tempfile.TemporaryDirectory(prefix="lksmatch-file-") as folder:
        path = Path(folder) / Path(name).name
        write(path)
        return path.read_bytes()


#: How much of an upload is copied at a time.
_COPY_CHUNK = 1 << 20


@contextmanager
def received(stream: IO[bytes], name: str, *, max_bytes: int) -> Iterator[Path]:
    """An uploaded file's bytes (``stream``) as a file called ``name`` in a private temporary folder
    (mode 0700), for as long as the ``with`` block runs; removed afterwards, whatever happens.

    Raises
    ------
    UsageError
        When the stream holds nothing, or more than ``max_bytes`` (copying stops there).
    """
    folder = Path(tempfile.mkdtemp(prefix="lksmatch-upload-"))
    try:
        path = folder / Path(name).name
        written = 0
        with path.open("wb") as out:
            while chunk := stream.read(_COPY_CHUNK):
                written += len(chunk)
                if written > max_bytes:
                    raise UsageError(
                        f"the file is larger than {max_bytes // 2**20} MiB; split it into smaller files"
                    )
                out.write(chunk)
        if written == 0:
            raise UsageError("the file is empty")
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def table_format(path: Path) -> str:
    """``csv`` or ``xlsx`` from the file's extension; :class:`UsageError` for anything else."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in TABLE_FORMATS:
        raise UsageError(
            f"the output file extension was {('.' + suffix) if suffix else '(none)'!r} but is expected "
            f"to be one of {['.' + f for f in TABLE_FORMATS]}"
        )
    return suffix


def write_table(
    frame: pd.DataFrame | Mapping[str, pd.DataFrame],
    path: Path,
    *,
    fmt: str | None = None,
    sep: str = ",",
    number_formats: Mapping[str, str] | None = None,
) -> Path:
    """Write a table as CSV or XLSX with the spreadsheet protections, atomically.

    Parameters
    ----------
    frame
        The table (written without its index), or for XLSX several: sheet title -> table
        (a CSV takes the first).
    path
        The output file.
    fmt
        ``csv`` or ``xlsx``; default: from the extension of ``path``.
    sep
        CSV field separator, ``,`` or ``;`` (Danish Excel; decimals then use a comma).
    number_formats
        XLSX number formats by column name (e.g. ``{"coverage_rate": "0.0%"}``).

    Returns
    -------
    Path
        ``path``, once the file is complete.

    Notes
    -----
    CSV is UTF-8 with a byte-order mark (Excel then reads æ, ø, å right) and CRLF line
    ends; numbers, booleans (``true``/``false``) and dates (ISO) are written plainly, text
    neutralised. XLSX keeps numbers, booleans and dates as such and types text as text.
    """
    fmt = fmt or table_format(path)
    _check_choice("format", fmt, TABLE_FORMATS)
    _check_choice("sep", sep, CSV_SEPARATORS)
    sheets = {"data": frame} if isinstance(frame, pd.DataFrame) else dict(frame)
    if fmt == "csv":
        first = next(iter(sheets.values()))
        return atomic(path, lambda tmp: _write_csv(first, tmp, sep))
    return atomic(path, lambda tmp: _write_xlsx(sheets, tmp, number_formats or {}))


def write_text(text: str, path: Path) -> Path:
    """Write ``text`` as UTF-8 to ``path``, atomically."""
    return atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_geodata(frame: gpd.GeoDataFrame, path: Path, *, driver: str, layer: str) -> Path:
    """Write a GeoDataFrame as ``driver`` (``GeoJSON`` or ``GPKG``) with one ``layer``, atomically."""
    return atomic(path, lambda tmp: frame.to_file(tmp, driver=driver, layer=layer, engine="pyogrio"))


# --- helpers --------------------------------------------------------------------------------------


def _check_choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise UsageError(f"`{name}` was {value!r} but is expected to be one of {list(allowed)}")


def is_missing(value: object) -> bool:
    """``None``, ``pd.NA``, ``NaT`` or a float NaN."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def plain(value: object) -> object:
    """A cell value as a plain Python value (numpy scalars unwrapped, missing as ``None``)."""
    if is_missing(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
        if is_missing(value):
            return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def _csv_text(value: object, decimal: str) -> str:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.10g}".replace(".", decimal)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time(0) else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return neutralise(";".join(str(v) for v in value))
    return neutralise(str(value))


#: A cell that :func:`neutralise` may change starts with one of these (after the separator below).
_RISKY_START = re.compile("\x00[" + re.escape("".join(FORMULA_PREFIXES + MINUS_SIGNS)) + "]")


def _special(sep: str) -> re.Pattern[str]:
    """A character that makes :mod:`csv` quote a field (``QUOTE_MINIMAL``)."""
    return re.compile(f"[{re.escape(sep)}\"\r\n]")


def _text_column(texts: list[str], sep: str) -> list[str]:
    """:func:`neutralise` of every text, quoted as :mod:`csv` writes a field; one scan of the
    column when, as usual, no text needs either.
    """
    joined = "\x00" + "\x00".join(texts)
    if _RISKY_START.search(joined) is not None:
        texts = [neutralise(t) for t in texts]
    special = _special(sep)
    return texts if special.search(joined) is None else _quoted(texts, special)


def _quoted(texts: list[str], special: re.Pattern[str]) -> list[str]:
    """Each text as :mod:`csv` writes a field: quoted (quotes doubled) when it holds ``special``."""
    return ['"' + t.replace('"', '""') + '"' if special.search(t) else t for t in texts]


def _csv_column(column: pd.Series, decimal: str, sep: str) -> list[str]:
    """Every cell of a column as :func:`_csv_text` and :mod:`csv` write it, a whole column at a
    time where its type allows (numbers never hold the separator: a decimal comma goes with ``;``).
    """
    kind = column.dtype.kind if isinstance(column.dtype, np.dtype) else ""
    values = column.tolist()
    if kind == "b":
        return ["true" if v else "false" for v in values]
    if kind in ("i", "u"):
        return [str(v) for v in values]
    if kind == "f":
        texts = ["" if v != v else f"{v:.10g}" for v in values]
        return texts if decimal == "." else [t.replace(".", decimal) for t in texts]
    if infer_dtype(column, skipna=False) == "string" and not column.hasnans:  # text, none missing
        return _text_column(values, sep)
    return _quoted([_csv_text(v, decimal) for v in values], _special(sep))


def _write_csv(frame: pd.DataFrame, path: Path, sep: str) -> None:
    decimal = "," if sep == ";" else "."
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=sep, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow([neutralise(str(c)) for c in frame.columns])
        if frame.shape[1] < 2:  # (an empty field alone on its line is written as "")
            for values in frame.itertuples(index=False, name=None):
                writer.writerow([_csv_text(v, decimal) for v in values])
        elif len(frame):
            columns = [_csv_column(frame.iloc[:, k], decimal, sep) for k in range(frame.shape[1])]
            handle.write("\r\n".join(map(sep.join, zip(*columns, strict=True))) + "\r\n")


def _xlsx_value(value: object) -> object:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = plain(value)
    if value is None or isinstance(value, bool | int | float | dt.date | dt.datetime):
        return value
    if isinstance(value, list | tuple):
        value = ";".join(str(v) for v in value)
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def _write_xlsx(sheets: Mapping[str, pd.DataFrame], path: Path, number_formats: Mapping[str, str]) -> None:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)
    for title, frame in sheets.items():
        sheet = workbook.create_sheet(title)
        columns = [str(c) for c in frame.columns]
        for j, name in enumerate(columns):
            sheet.column_dimensions[openpyxl.utils.get_column_letter(j + 1)].width = min(
                max(len(name) + 2, 10), 45
            )
        sheet.freeze_panes = "A2"
        header = []
        for name in columns:
            cell = WriteOnlyCell(sheet, value=_xlsx_value(name))
            cell.data_type = "s"
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for values in frame.itertuples(index=False, name=None):
            cells = []
            for name, raw in zip(columns, values, strict=True):
                cell = WriteOnlyCell(sheet, value=_xlsx_value(raw))
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text stays text, even "=1+1"
                elif name in number_formats and isinstance(cell.value, float):
                    cell.number_format = number_formats[name]
                cells.append(cell)
            sheet.append(cells)
    workbook.save(path)
