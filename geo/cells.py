"""Cells of a table as the placement reads them: text, coordinates, groups of equal keys.

Pure helpers of :mod:`geo.assign`, a whole column at a time where they can be.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd
from pandas.api.types import infer_dtype

__all__ = ["coordinates", "group_of", "stripped", "text_of"]


def text_of(value: object) -> str | None:
    """A cell as stripped text, ``None`` when empty or missing."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def stripped(values: list[object]) -> npt.NDArray[np.object_]:
    """:func:`text_of` of every cell, as an object array (``None`` for empty)."""
    return np.array([(v.strip() or None) if type(v) is str else text_of(v) for v in values], dtype=object)


def coordinates(
    column: pd.Series | None, n: int, low: float, high: float
) -> tuple[Sequence[object], npt.NDArray[np.bool_], npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """A coordinate column: its cells, whether each is empty, its value (NaN where none is usable)
    and whether it needs no note (given and a plain number within ``low``..``high``, or empty).

    A column of plain numbers (as text or as numbers) is converted at once; otherwise each cell
    is stripped and tried on its own. A cell that needs a note is read again, with the note, by
    :func:`geo.assign._parse_coordinate`.
    """
    if column is None:
        return [None] * n, np.ones(n, dtype=bool), np.full(n, np.nan), np.ones(n, dtype=bool)
    cells = column.tolist()
    kind = infer_dtype(column, skipna=False)
    if kind in ("floating", "integer", "mixed-integer-float") or (kind == "string" and not column.hasnans):
        try:
            values = np.fromiter(map(float, cells), dtype=np.float64, count=n)
        except (ValueError, TypeError):  # a decimal comma, a word or an empty cell: one at a time
            pass
        else:
            ok = np.isfinite(values) & (values >= low) & (values <= high)
            if ok.all():
                return cells, np.zeros(n, dtype=bool), values, ok
    texts = stripped(cells)
    values = np.full(n, np.nan)
    for i in np.flatnonzero(texts != None):  # noqa: E711
        try:
            values[i] = float(texts[i])
        except ValueError:
            values[i] = np.inf  # not a number: below, it needs a note
    missing = texts == None  # noqa: E711
    ok = missing | (np.isfinite(values) & (values >= low) & (values <= high))
    values[~ok] = np.nan
    return cells, missing, values, ok


def group_of(*keys: npt.NDArray[np.generic]) -> npt.NDArray[np.int64]:
    """A group number per row: rows with equal values in every key array share one."""
    group = np.zeros(len(keys[0]), dtype=np.int64)
    for key in keys:
        codes, uniques = pd.factorize(key)
        group = pd.factorize(group * len(uniques) + codes)[0]
    return np.asarray(group, dtype=np.int64)
