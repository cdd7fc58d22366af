"""Problems in an input, and the personal numbers they must never echo.

:class:`ProblemCollector` counts every problem of one input and keeps the first
:data:`MAX_PROBLEMS` (used by :mod:`store.tabular` when a file does not parse and by
:mod:`store.validation` for the row rules); :func:`safe_problem` masks any CPR-like number in
a problem's value (:func:`contains_cpr`, :func:`mask_cpr`). Kept apart from the row rules so
that reading a file needs neither the data contract nor the database schema (``lksmatch
assign`` imports this, not SQLAlchemy).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from lksmatch.errors import Problem

CPR_MASK = "******-****"
#: A rejected input lists at most this many problems; the rest are counted ("... and N more").
#: A person reads the first few dozen; 1,000 is enough to see every pattern of a bad file,
#: and bounds the memory and the report of a file with millions of broken cells.
MAX_PROBLEMS = 1_000
#: ``frame.attrs`` key of the physical line on which each row starts, when that is not row
#: ``i`` -> line ``i + 2`` (set by :func:`store.tabular.read_table` when a field spans lines).
LINES_ATTR = "lines"


def mask(value: str) -> str:
    """Hide a personal value in a report, keeping only its rough shape."""
    if re.fullmatch(r"\d{6}[- ]?\d{4}", value.strip()):
        return CPR_MASK
    return "*" * min(max(len(value), 1), 12)


def looks_like_cpr(value: str) -> bool:
    """``DDMMYY-NNNN``, or ten digits (optionally ``DDMMYY NNNN``) that start with a real date."""
    text = value.strip()
    if re.fullmatch(r"\d{6}-\d{4}", text):
        return True
    if not re.fullmatch(r"\d{6} ?\d{4}", text):
        return False
    day, month, year = int(text[0:2]), int(text[2:4]), int(text[4:6])
    for century in (1900, 2000):
        try:
            dt.date(century + year, month, day)
            return True
        except ValueError:
            continue
    return False


#: A CPR-shaped number inside a text: not glued to a letter or digit on either side (so
#: the hex groups of an ESCO URI's UUID never match), ``_`` and punctuation do separate.
_CPR_IN_TEXT = re.compile(r"(?<![^\W_])\d{6}[- ]?\d{4}(?![^\W_])")


def contains_cpr(text: str) -> bool:
    """Whether ``text`` holds a number that :func:`looks_like_cpr` anywhere in it.

    ``"Ring 010190-1234"``, ``"CPR:0101901234"`` and ``"x_010190 1234"`` do;
    ``"3213991234"`` (no date), ``"12010190-1234"`` (a longer number) and ``"ab010190-1234"``
    (glued to a word, as in a UUID) do not. Pure; for import cells, forms and API bodies.
    """
    return any(looks_like_cpr(m.group()) for m in _CPR_IN_TEXT.finditer(text))


def mask_cpr(text: str) -> str:
    """``text`` with every CPR-like number (as :func:`contains_cpr` finds them) replaced by ``CPR_MASK``."""
    return _CPR_IN_TEXT.sub(lambda m: CPR_MASK if looks_like_cpr(m.group()) else m.group(), text)


def safe_problem(problem: Problem) -> Problem:
    """``problem`` with its value passed through :func:`mask_cpr` (the one place values are masked)."""
    if problem.value is None or not contains_cpr(problem.value):
        return problem
    return dataclasses.replace(problem, value=mask_cpr(problem.value))


class ProblemCollector:
    """The problems of one input: every problem counted, the first :data:`MAX_PROBLEMS` listed.

    Each source of problems adds them in line order - :meth:`add` one at a time (the
    first ``limit`` are kept), :meth:`add_rows` a whole rule at once (its first ``limit``
    are kept, the rest only counted, never built) - so the ``limit`` first problems by
    line are always among those kept. Every value is masked by :func:`safe_problem`.
    """

    def __init__(self, limit: int = MAX_PROBLEMS) -> None:
        self.limit = limit
        self.total = 0
        self._kept: list[Problem] = []
        self._singles = 0

    def __bool__(self) -> bool:
        """Whether any problem was added."""
        return self.total > 0

    def add(self, problem: Problem) -> None:
        """Add one problem."""
        self.total += 1
        if self._singles < self.limit:
            self._singles += 1
            self._kept.append(safe_problem(problem))

    def add_rows(self, rows: Sequence[int] | np.ndarray, make: Callable[[int], Problem]) -> None:
        """Add a problem for each of ``rows`` (ascending); ``make`` builds one, for the first ``limit``."""
        self.total += len(rows)
        self._kept.extend(safe_problem(make(int(i))) for i in rows[: self.limit])

    def listed(self, key: Callable[[Problem], Any] | None = None) -> list[Problem]:
        """The first ``limit`` problems (ordered by ``key``, default by line), then how many more."""
        kept = sorted(self._kept, key=key or (lambda p: p.row or 0))[: self.limit]
        if self.total > len(kept):
            kept.append(
                Problem(
                    None,
                    None,
                    f"... and {self.total - len(kept):,} more problems "
                    f"(only the first {len(kept):,} are listed)",
                )
            )
        return kept

    def describe(self) -> str:
        """``"1 problem"``, ``"25 problems"``, ``"6,000 problems (the first 1,000 are listed)"``."""
        text = f"{self.total:,} problem" + ("" if self.total == 1 else "s")
        return text + (f" (the first {self.limit:,} are listed)" if self.total > self.limit else "")
