"""Occupation text of whole tables resolved to ISCO-08 codes and ESCO concepts (for the matching frames).

A need's ``occupation`` and a job seeker's ``occupations`` are what users typed: a code, a
URI or a job title. These functions hand each distinct text once to a resolver (an
:class:`matching.occupations.OccupationIndex`, or anything with ``best_many`` or ``best``)
and spread the answers back over the rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from matching.skills import split_skills


def resolve_occupations(values: Sequence[object], resolve: Any) -> pd.DataFrame:
    """``isco_code``, ``concept_uri`` and ``occupation_label`` of each raw occupation value.

    ``resolve`` is an :class:`~matching.occupations.OccupationIndex` (its
    :meth:`~matching.occupations.OccupationIndex.best_many` answers in batches) or any
    callable ``(text, top) -> frame with concept_uri, label, isco_code`` such as its
    ``resolve``; each distinct value is resolved once, and a value the index rejects (or
    cannot place) gives ``''``.
    """
    return pd.DataFrame(
        _resolve_many(values, resolve), columns=["isco_code", "concept_uri", "occupation_label"]
    )


def _resolve_many(values: Sequence[object], resolve: Any) -> list[tuple[str, str, str]]:
    batch = getattr(resolve, "best_many", None)
    if batch is not None:  # an OccupationIndex: batched, and it remembers earlier answers
        return list(batch(values))
    cache: dict[str, tuple[str, str, str]] = {}
    rows = []
    for value in values:
        text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value).strip()
        found = cache.get(text)
        if found is None:
            found = ("", "", "")
            if text:
                try:
                    best = resolve(text, top=1)
                except ValueError:
                    best = pd.DataFrame()
                if len(best):
                    first = best.iloc[0]
                    found = (
                        str(first["isco_code"] or ""),
                        str(first["concept_uri"] or ""),
                        str(first.get("label", "") or ""),
                    )
            cache[text] = found
        rows.append(found)
    return rows


def resolve_occupation_lists(
    cells: Sequence[object], resolve: Any
) -> tuple[list[list[str]], list[list[str]]]:
    """For ``;``-separated occupation cells: the lists of ISCO codes and of concept URIs."""
    parts = [split_skills(cell) for cell in cells]
    flat = _resolve_many([p for ps in parts for p in ps], resolve)
    codes: list[list[str]] = []
    uris: list[list[str]] = []
    pos = 0
    for ps in parts:
        block = flat[pos : pos + len(ps)]
        pos += len(ps)
        codes.append([c for c in dict.fromkeys(row[0] for row in block) if c])
        uris.append([u for u in dict.fromkeys(row[1] for row in block) if u])
    return codes, uris
