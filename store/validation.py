"""Row rules of the import data contract (``PRODUCT.md``, "Data contract").

:func:`validate` checks a frame of text cells (as :func:`store.tabular.read_table`
returns it) against the contract of one kind, collects every problem as a
:class:`~lksmatch.errors.Problem` (line number with the header as line 1, column,
rule, value) and raises one :class:`~lksmatch.errors.ValidationError`. When all rows
pass it returns the typed values. It is pure: the sets of valid municipality codes
and of known keys (for references) are parameters.

CPR numbers: a ``person_id`` that looks like one is rejected, and so is a CPR-like
number *anywhere* in a text or list column of any kind (:func:`contains_cpr`); typed
code columns (CVR, P-number, postal code, ...) keep their own rules. No value that
contains a CPR-like number is ever echoed: every problem's value passes through
:func:`mask_cpr` (:func:`safe_problem`), and values of personal-data columns (every
column of the job-seeker file, and ``person_id`` everywhere) are masked whole.

Line breaks are allowed only in free-text columns (``Column.multiline``: a visit's
``note``): names, addresses, titles, ids and codes are single-line.

Bounded work: every problem is counted, but at most :data:`MAX_PROBLEMS` are listed
(:class:`ProblemCollector`, also used by :mod:`store.tabular`). The checks are
vectorised per column, so a file of 100,000 rows is validated in well under a second.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import String

from lksmatch.errors import Problem, ValidationError
from store import models
from store.contract import CONTRACT, REFERENCES, Column
from store.problems import (  # noqa: F401 - re-exported: the row rules' helpers and limits
    CPR_MASK,
    LINES_ATTR,
    MAX_PROBLEMS,
    ProblemCollector,
    contains_cpr,
    looks_like_cpr,
    mask,
    mask_cpr,
    safe_problem,
)

KINDS = models.IMPORT_KINDS
NATURAL_KEYS = models.NATURAL_KEYS
CVR_WEIGHTS = np.array([2, 7, 6, 5, 4, 3, 2, 1])
_MAX_INT = 2**31 - 1
_BOOLS = {"true": True, "1": True, "ja": True, "yes": True,
          "false": False, "0": False, "nej": False, "no": False}  # fmt: skip
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
_URL_LIKE = r"(?i)\s*(?:[a-z][a-z0-9+.\-]*://|javascript:|vbscript:|data:|file:)"
_GOOD_URL = r"(?i)https?://[^\s/?#]+"


@dataclass(frozen=True)
class Validated:
    """The typed values of a file that passed: one object array per contract column present.

    ``columns`` are the contract columns the file has (plus those with a default);
    empty cells are ``None``. ``warnings`` name the extra columns that are ignored.
    """

    kind: str
    columns: tuple[str, ...]
    values: Mapping[str, np.ndarray]
    warnings: tuple[str, ...]

    def __len__(self) -> int:
        """The number of rows."""
        return len(next(iter(self.values.values()))) if self.values else 0

    def records(self) -> list[dict[str, Any]]:
        """One dict per row, column name to typed value."""
        arrays = [self.values[c] for c in self.columns]
        return [dict(zip(self.columns, row, strict=True)) for row in zip(*arrays, strict=True)]


def multiline_columns(kind: str) -> frozenset[str]:
    """The free-text columns of ``kind`` whose values may hold line breaks (for ``read_table``)."""
    return frozenset(c.name for c in CONTRACT.get(kind, ()) if c.multiline)


def cvr_is_valid(value: str) -> bool:
    """Eight digits whose weighted sum (2,7,6,5,4,3,2,1) is divisible by 11."""
    if not re.fullmatch(r"\d{8}", value):
        return False
    return int(np.dot([int(ch) for ch in value], CVR_WEIGHTS)) % 11 == 0


# --- cell checks: stripped non-empty text -> (parsed value, rule broken or None) -------------------

_Checked = tuple[object, str | None]
_INT = re.compile(r"\d{1,10}(?:\.0+)?")
_FLOAT = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)")
_DATE = re.compile(r"(?:19|2[01])\d\d-\d\d-\d\d")
_CONTROL_RE = re.compile(_CONTROL)
_URL_LIKE_RE = re.compile(_URL_LIKE)
_GOOD_URL_RE = re.compile(_GOOD_URL)
_URL_LIKE_ANY_LINE = re.compile(r"(?im)^[ \t]*(?:[a-z][a-z0-9+.\-]*://|javascript:|vbscript:|data:|file:)")
_TEXT_TYPES = ("text", "id", "list", "person_id")
_DIGITS = {n: re.compile(rf"\d{{{n}}}") for n in (4, 8, 10)}
_INDUSTRY = re.compile(r"\d{2,6}")
_CPR_SHAPE = re.compile(r"\d{6}[- ]?\d{4}")


def _as_list(value: str) -> str | None:
    """``" a ;; b ;"`` -> ``"a;b"`` (``None`` when no item is left)."""
    if ";;" not in value and "; " not in value and " ;" not in value and value[0] != ";" != value[-1]:
        return value
    return ";".join(p.strip() for p in value.split(";") if p.strip()) or None


_LINE_BREAK_RULE = "contains a line break; only free-text columns (such as notes) may span lines"
_CPR_IN_TEXT_RULE = "contains a number that looks like a CPR number; CPR numbers must not be imported"


def _clean_text_column(values: Collection[str], max_len: int | None, multiline: bool) -> bool:
    """Whether no value of a text column can break a text rule (then each value is only parsed)."""
    if not values:
        return True
    joined = "\n".join(values)
    if _CONTROL_RE.search(joined) or _URL_LIKE_ANY_LINE.search(joined) or contains_cpr(joined):
        return False
    if not multiline and ("\r" in joined or joined.count("\n") != len(values) - 1):
        return False
    return max_len is None or max(map(len, values)) <= max_len


def _text(value: str, max_len: int | None, as_list: bool = False, multiline: bool = False) -> _Checked:
    if _CONTROL_RE.search(value):
        return None, "contains control characters"
    if not multiline and ("\n" in value or "\r" in value):
        return None, _LINE_BREAK_RULE
    if contains_cpr(value):
        return None, _CPR_IN_TEXT_RULE
    if _URL_LIKE_RE.match(value) and not _GOOD_URL_RE.match(value):
        return None, "only http and https links are allowed"
    if max_len is not None and len(value) > max_len:
        return None, f"longer than {max_len} characters"
    return (_as_list(value) if as_list else value), None


def _integer(value: str, low: int, high: int, rule: str) -> _Checked:
    if not _INT.fullmatch(value):
        return None, rule
    number = int(value.split(".", 1)[0])
    return (number, None) if low <= number <= high else (None, rule)


def _number(value: str, low: float, high: float, rule: str) -> _Checked:
    if value.count(",") == 1 and "." not in value:
        value = value.replace(",", ".")
    if not _FLOAT.fullmatch(value):
        return None, rule
    number = float(value)
    return (number, None) if low <= number <= high else (None, rule)


def _date(value: str) -> _Checked:
    rule = "is not a real date written YYYY-MM-DD (years 1900-2199)"
    if not _DATE.fullmatch(value):
        return None, rule
    try:
        return dt.date.fromisoformat(value), None
    except ValueError:
        return None, rule


def _municipality(value: str, valid: frozenset[str]) -> _Checked:
    if _INT.fullmatch(value) and len(value.split(".", 1)[0]) <= 4:
        code = f"{int(value.split('.', 1)[0]):03d}"
        if code in valid:
            return code, None
    return None, "is not the kommunekode of a Danish municipality"


def _cvr(value: str) -> _Checked:
    if cvr_is_valid(value):
        return value, None
    return None, "is not a valid CVR number (8 digits passing the modulus-11 check)"


def _pattern(value: str, pattern: re.Pattern[str], rule: str) -> _Checked:
    return (value, None) if pattern.fullmatch(value) else (None, rule)


def _person_id(value: str, max_len: int | None, *, text_checked: bool = False) -> _Checked:
    if _CPR_SHAPE.fullmatch(value) and looks_like_cpr(value):
        return None, "looks like a CPR number; use a pseudonym"
    return (value, None) if text_checked else _text(value, max_len)  # the text rules find CPRs inside


def _systems(value: str) -> _Checked:
    """A ``;``-list of systems, at least one, each once: stored in :data:`~lksmatch.rules.SYSTEMS` order."""
    given = [part.strip().lower() for part in value.split(";") if part.strip()]
    rule = f"is not a ;-list of one or more of {', '.join(models.SYSTEMS)}"
    if not given or any(g not in models.SYSTEMS for g in given) or len(set(given)) != len(given):
        return None, rule
    return ";".join(s for s in models.SYSTEMS if s in given), None


def _choice(value: str, mapping: Mapping[str, object], rule: str) -> _Checked:
    parsed = mapping.get(value.lower())
    return (parsed, None) if parsed is not None else (None, rule)


def _checker(
    column: Column, kind: str, valid_codes: frozenset[str], values: Collection[str]
) -> Callable[[str], _Checked]:
    """The scalar check of one column's cells (``values``: its distinct non-empty cells)."""
    max_len = _max_length(kind, column.name)
    t, free_text = column.type, column.multiline
    if t in _TEXT_TYPES and _clean_text_column(values, max_len, free_text):  # the common case, fast
        if t == "list":
            return lambda v: (_as_list(v), None)
        if t == "person_id":
            return lambda v: _person_id(v, None, text_checked=True)
        return lambda v: (v, None)
    checkers: dict[str, Callable[[str], _Checked]] = {
        "text": lambda v: _text(v, max_len, multiline=free_text),
        "id": lambda v: _text(v, max_len),
        "list": lambda v: _text(v, max_len, as_list=True),
        "person_id": lambda v: _person_id(v, max_len),
        "cvr": _cvr,
        "p_number": lambda v: _pattern(v, _DIGITS[10], "is not a P-number (10 digits)"),
        "postal": lambda v: _pattern(v, _DIGITS[4], "is not a 4-digit postal code"),
        "industry": lambda v: _pattern(v, _INDUSTRY, "is not a DB07 industry code (2 to 6 digits)"),
        "municipality": lambda v: _municipality(v, valid_codes),
        "lat": lambda v: _number(v, -90.0, 90.0, "is not a latitude in degrees (-90 to 90)"),
        "lon": lambda v: _number(v, -180.0, 180.0, "is not a longitude in degrees (-180 to 180)"),
        "distance": lambda v: _number(v, 0.0, 1000.0, "is not a distance in km (0 to 1000)"),
        "count": lambda v: _integer(v, 1, _MAX_INT, "is not a positive whole number"),
        "count0": lambda v: _integer(v, 0, _MAX_INT, "is not a whole number of 0 or more"),
        "year": lambda v: _integer(v, 1900, 2100, "is not a birth year (1900 to 2100)"),
        "date": _date,
        "bool": lambda v: _choice(v, _BOOLS, "is not true or false"),
        "systems": _systems,
    }
    if t == "enum":
        mapping = {c.lower(): c for c in column.choices}
        rule = f"is not one of {', '.join(column.choices)}"
        return lambda v: _choice(v, mapping, rule)
    return checkers[t]


def _max_length(kind: str, column: str) -> int | None:
    table = models.Base.metadata.tables[kind]
    if column not in table.c:
        return None
    type_ = table.c[column].type
    return type_.length if isinstance(type_, String) else None


# --- the whole file -------------------------------------------------------------------------------


def validate(
    kind: str,
    frame: pd.DataFrame,
    *,
    valid_municipality_codes: Collection[str],
    known_keys: Mapping[str, Collection[str]] | None = None,
) -> Validated:
    """Check every row of ``frame`` against the contract of ``kind``; raise once with every problem.

    Parameters
    ----------
    kind
        One of :data:`KINDS`.
    frame
        Text cells, header names as columns; row ``i`` is line ``i + 2`` of the file, or
        ``frame.attrs[LINES_ATTR][i]`` when that is set.
    valid_municipality_codes
        The 3-digit kommunekoder that exist (e.g. the 99 of the boundary data).
    known_keys
        For references: ``{"cvr": ..., "need_id": ..., "person_id": ...}``, the keys
        that exist in the database; ``"growth_cvr"``: the CVR numbers of growth companies
        (a ``vaekst`` need for any other company is refused). A name that is absent is not
        checked.

    Returns
    -------
    Validated
        The typed values of the contract columns present, and warnings for extra columns.

    Raises
    ------
    ValidationError
        With one :class:`~lksmatch.errors.Problem` per broken rule per cell, the first
        :data:`MAX_PROBLEMS` by line (and a last one saying how many more there are).
    """
    if kind not in CONTRACT:
        raise ValidationError(f"`kind` was {kind!r} but is expected to be one of {list(KINDS)}")
    contract = CONTRACT[kind]
    known_names = {c.name for c in contract}
    header = [str(c) for c in frame.columns]
    warnings = tuple(
        f"column '{c}' is not part of the {kind} contract and is ignored"
        for c in header
        if c not in known_names
    )
    problems = ProblemCollector()
    for c in contract:
        if c.required and c.name not in header:
            problems.add(Problem(1, c.name, "required column is missing"))
    valid = frozenset(f"{int(c):03d}" for c in valid_municipality_codes)
    lines = _line_numbers(frame)
    values: dict[str, np.ndarray] = {}
    for column in contract:
        if column.name not in header:
            if column.default is not None:
                values[column.name] = np.full(len(frame), column.default, dtype=object)
            continue
        cells = frame[column.name].tolist()
        values[column.name] = _column_values(cells, column, kind, valid, problems, lines)
    _pair_problems(frame, header, problems, lines)
    _duplicate_problems(kind, frame, header, problems, lines)
    _reference_problems(kind, values, known_keys or {}, problems, lines)
    _programme_problems(kind, values, known_keys or {}, problems, lines)
    if problems:
        order = {name: i for i, name in enumerate(header)}
        listed = problems.listed(key=lambda p: (p.row or 0, order.get(p.column or "", -1)))
        raise ValidationError(
            f"the {kind} file was rejected: {problems.describe()}; nothing was imported", listed
        )
    columns = tuple(c.name for c in contract if c.name in values)
    return Validated(kind, columns, values, warnings)


def _line_numbers(frame: pd.DataFrame) -> np.ndarray:
    """The physical line of each row: ``frame.attrs[LINES_ATTR]``, else row ``i`` -> line ``i + 2``."""
    given = frame.attrs.get(LINES_ATTR)
    if given is not None and len(given) == len(frame):
        return np.asarray(given, dtype=np.int64)
    return np.arange(2, len(frame) + 2, dtype=np.int64)


def _column_values(
    cells: list[Any],
    column: Column,
    kind: str,
    valid: frozenset[str],
    problems: ProblemCollector,
    lines: np.ndarray,
) -> np.ndarray:
    """Check one column; add its problems; return its typed values (``None`` where empty or broken).

    Each distinct value is checked once: most columns repeat a few values many times.
    """
    texts = [str(v).strip() for v in cells]
    distinct = [v for v in dict.fromkeys(texts) if v != ""]
    check = _checker(column, kind, valid, distinct)
    results: dict[str, _Checked] = {v: check(v) for v in distinct}
    empty: _Checked = (column.default, None)
    out = np.empty(len(texts), dtype=object)
    out[:] = [results.get(v, empty)[0] for v in texts]
    name = column.name
    if column.required:
        missing = [i for i, v in enumerate(texts) if v == ""]
        problems.add_rows(missing, lambda i: Problem(int(lines[i]), name, "a value is required"))
    broken = {v for v, (_, rule) in results.items() if rule is not None}
    if broken:

        def problem(i: int) -> Problem:
            value = texts[i]
            shown = mask(value) if column.personal else value
            return Problem(int(lines[i]), name, str(results[value][1]), shown)

        problems.add_rows([i for i, v in enumerate(texts) if v in broken], problem)
    return out


def _pair_problems(
    frame: pd.DataFrame, header: list[str], problems: ProblemCollector, lines: np.ndarray
) -> None:
    """``lat`` and ``lon`` come together: one filled and the other empty is a problem."""
    if "lat" not in header and "lon" not in header:
        return
    filled = {
        c: (frame[c].astype(str).str.strip() != "").to_numpy()
        if c in header
        else np.zeros(len(frame), dtype=bool)
        for c in ("lat", "lon")
    }
    rule = "lat and lon must be given together"
    problems.add_rows(
        np.flatnonzero(filled["lat"] != filled["lon"]),
        lambda i: Problem(int(lines[i]), "lon" if filled["lat"][i] else "lat", rule),
    )


def _duplicate_problems(
    kind: str, frame: pd.DataFrame, header: list[str], problems: ProblemCollector, lines: np.ndarray
) -> None:
    key = [c for c in NATURAL_KEYS[kind] if c in header]
    if len(key) != len(NATURAL_KEYS[kind]) or frame.empty:
        return
    keys = frame[key].astype(str).apply(lambda s: s.str.strip())
    dup = keys.duplicated(keep=False).to_numpy() & (keys != "").all(axis=1).to_numpy()
    if not dup.any():
        return
    first: dict[tuple[str, ...], int] = {}
    repeats = []
    for i in np.flatnonzero(dup):
        if first.setdefault(tuple(keys.iloc[i]), int(lines[i])) != lines[i]:
            repeats.append(int(i))
    personal = {c.name for c in CONTRACT[kind] if c.personal}

    def problem(i: int) -> Problem:
        value = tuple(keys.iloc[i])
        shown = "/".join(mask(v) if c in personal else v for c, v in zip(key, value, strict=True))
        rule = f"duplicate key: the same {'/'.join(key)} is on line {first[value]}"
        return Problem(int(lines[i]), key[0], rule, shown)

    problems.add_rows(repeats, problem)


def _reference_problems(
    kind: str,
    values: Mapping[str, np.ndarray],
    known: Mapping[str, Collection[str]],
    problems: ProblemCollector,
    lines: np.ndarray,
) -> None:
    personal = {c.name for c in CONTRACT[kind] if c.personal}
    for column, key_name in REFERENCES.get(kind, {}).items():
        if key_name not in known or column not in values:
            continue
        existing, cells = known[key_name], values[column]
        rule = f"refers to a {key_name} that does not exist"

        def problem(i: int, column: str = column, rule: str = rule, cells: np.ndarray = cells) -> Problem:
            value = str(cells[i])
            return Problem(int(lines[i]), column, rule, mask(value) if column in personal else value)

        problems.add_rows([i for i, v in enumerate(cells) if v is not None and v not in existing], problem)


#: Why a ``vaekst`` need of a company that is not a growth company is refused.
VAEKST_RULE = (
    "the programme vaekst (Vækstrettet kompetenceudvikling) is for growth companies only, "
    "and this company is not marked as a growth company (growth_company)"
)


def _programme_problems(
    kind: str,
    values: Mapping[str, np.ndarray],
    known: Mapping[str, Collection[str]],
    problems: ProblemCollector,
    lines: np.ndarray,
) -> None:
    """``project`` ``vaekst`` only for a growth company (PRODUCT.md, "The programmes")."""
    if kind != "needs" or "growth_cvr" not in known or "project" not in values or "cvr" not in values:
        return
    growth, projects, cvrs = known["growth_cvr"], values["project"], values["cvr"]
    refused = [i for i, (p, c) in enumerate(zip(projects, cvrs, strict=True))
               if p == "vaekst" and c is not None and c not in growth]
    problems.add_rows(refused, lambda i: Problem(int(lines[i]), "project", VAEKST_RULE, "vaekst"))
