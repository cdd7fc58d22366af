"""Reading the records of the area statistics: columns, placement, text, flags, numbers, dates.

The helpers that :mod:`stats.measures` and :mod:`stats.partnership` share (pure). Every reader
takes a column as it is in a file (text) or as read from the database (typed values), and
names the column and the value in its error when a cell is outside the data contract.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import pandas as pd

from geo.lks import normalise_municipality_code

#: Texts read as true and as false by :func:`flags` (lower case).
TRUE_TEXTS = {"true", "1", "yes", "ja", "y", "t"}
FALSE_TEXTS = {"false", "0", "no", "nej", "n", "f", ""}


def require(frame: pd.DataFrame, name: str, columns: Sequence[str]) -> None:
    """Refuse ``frame`` (named ``name`` in the message) when it lacks one of ``columns``."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"`{name}` lacks the columns {missing}; it has {list(frame.columns)}")


def records(frame: pd.DataFrame, name: str, required: Sequence[str]) -> pd.DataFrame:
    """``frame`` itself, or an empty frame with ``required`` when it has no rows and no columns."""
    if len(frame) == 0 and not all(c in frame.columns for c in required):
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in required})
    require(frame, name, required)
    return frame


def as_text(series: pd.Series) -> pd.Series:
    """Values as stripped text; missing values as ``""``."""
    return series.map(lambda v: "" if is_missing(v) else str(v).strip()).astype(object)


def is_missing(value: object) -> bool:
    """Whether a cell is empty: ``None``, NA, NaT or NaN."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def places(frame: pd.DataFrame, name: str, index: pd.Index) -> pd.Series:
    """The region municipality each record counts in (``""`` = not counted), index-aligned."""
    if len(frame) == 0:
        return pd.Series([], index=frame.index, dtype=object)
    placed = (
        "placed_municipality_code" if "placed_municipality_code" in frame.columns else "municipality_code"
    )
    if placed not in frame.columns:
        raise ValueError(
            f"`{name}` lacks the placement column `municipality_code` (or `placed_municipality_code`)"
        )
    codes = frame[placed].map(normalise_municipality_code)
    return codes.where(codes.isin(index), "").fillna("").astype(object)


def flags(series: pd.Series, name: str) -> pd.Series:
    """Booleans from ``true``/``false`` text (also ``ja``/``nej``, 1/0), bools, numbers; empty: false."""
    def parse(value: object) -> bool:
        if isinstance(value, bool):
            return value
        if is_missing(value):
            return False
        if isinstance(value, int | float):
            return value != 0
        text = str(value).strip().lower()
        if text in TRUE_TEXTS:
            return True
        if text in FALSE_TEXTS:
            return False
        raise ValueError(f"`{name}` holds {value!r}; expected true/false")

    return series.map(parse).astype(bool)


def integers(series: pd.Series, name: str, default: int) -> pd.Series:
    """Whole numbers (``int64``); an empty cell is ``default``."""
    def parse(value: object) -> int:
        if is_missing(value) or (isinstance(value, str) and not value.strip()):
            return default
        try:
            number = float(str(value).strip())
        except ValueError:
            raise ValueError(f"`{name}` holds {value!r}; expected a whole number") from None
        if not number.is_integer():
            raise ValueError(f"`{name}` holds {value!r}; expected a whole number")
        return int(number)

    return series.map(parse).astype("int64")


def dates(frame: pd.DataFrame, name: str) -> list[dt.date | None]:
    """The dates of column ``name`` (``None`` where empty, or everywhere when there is no such column)."""
    if name not in frame.columns:
        return [None] * len(frame)

    def parse(value: object) -> dt.date | None:
        if is_missing(value):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            raise ValueError(f"`{name}` holds {value!r}; expected a date YYYY-MM-DD") from None

    return [parse(v) for v in frame[name]]


def choice(series: pd.Series, name: str, allowed: Sequence[str], empty: str) -> pd.Series:
    """Lower-case values, each one of ``allowed`` (an empty cell is ``empty``); others are refused."""
    values = as_text(series).str.lower().replace("", empty)
    bad = sorted(set(values) - set(allowed))
    if bad:
        raise ValueError(f"`{name}` holds {bad}; expected one of {list(allowed)}")
    return values


def counts(keys: pd.Series, index: pd.Index, weights: pd.Series | None = None) -> pd.Series:
    """Records (or the sum of ``weights``) per area of ``index``; a key ``""`` is not counted."""
    counted = keys != ""
    if weights is None:
        result = keys[counted].value_counts()
    else:
        result = weights[counted].groupby(keys[counted]).sum()
    return result.reindex(index, fill_value=0).astype("int64")


def breakdown(
    keys: pd.Series,
    categories: pd.Series,
    columns: dict[str, str],
    index: pd.Index,
    weights: pd.Series | None = None,
) -> pd.DataFrame:
    """Counts (or sums of ``weights``) per area and category; ``columns`` maps category -> column."""
    counted = keys != ""
    values = pd.Series(1, index=keys.index, dtype="int64") if weights is None else weights
    frame = pd.DataFrame({"key": keys[counted], "cat": categories[counted], "value": values[counted]})
    table = frame.pivot_table(index="key", columns="cat", values="value", aggfunc="sum", fill_value=0)
    table = table.reindex(index=index, columns=list(columns), fill_value=0).fillna(0).astype("int64")
    table.columns = list(columns.values())
    return table


def company_places(frame: pd.DataFrame, by_cvr: pd.Series) -> pd.Series:
    """The municipality each record of a company (a need, a visit) counts in: its company's
    (``by_cvr``: cvr -> municipality; ``""`` when not counted).
    """
    return as_text(frame["cvr"]).map(by_cvr).fillna("").astype(object)
