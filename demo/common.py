"""Small helpers shared by the generator's modules: weights, quotas and cell text."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def norm(weights: Sequence[float] | np.ndarray) -> np.ndarray:
    """``weights`` as floats that sum to one (probabilities for ``rng.choice``)."""
    w = np.asarray(weights, dtype=float)
    return w / w.sum()


def quota(total: int, weights: np.ndarray) -> np.ndarray:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder)."""
    exact = total * weights / weights.sum()
    out = np.floor(exact).astype(int)
    order = np.argsort(-(exact - out), kind="stable")
    out[order[: total - out.sum()]] += 1
    return out


def coords(values: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Coordinates as text with six decimals, ``""`` where not ``present``."""
    return np.where(present, np.char.mod("%.6f", values), "")


def dates(days: np.ndarray) -> np.ndarray:
    """Day numbers (``datetime64``) as ``YYYY-MM-DD`` text."""
    return np.datetime_as_string(np.asarray(days).astype("datetime64[D]"), unit="D")


def as_strings(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """``frame`` reduced to ``columns`` (in that order), every cell as text, index 0..n-1."""
    return frame.loc[:, list(columns)].astype(str).reset_index(drop=True)
