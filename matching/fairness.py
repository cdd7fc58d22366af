"""Fairness audit: selection rates by gender and age band, and the four-fifths rule.

Gender and birth year are never features of the ranking; they exist only for this
audit. :func:`selections` turns what was recorded — outcomes (``hired``,
``interviewed``, ``contacted``, ``not_hired``) and LKS decisions (``contacted``,
``accepted``, ``rejected``) — into one row per (need, person) that was considered,
with ``selected`` = the person was hired or interviewed, or the team accepted them.
:func:`fairness_report` then compares groups.

Rules
-----
- **Unit: a person.** A person considered for several needs counts once, as selected
  when selected for any of them, so a person suggested often does not weigh more
  than one suggested once.
- **Rate** = selected persons / considered persons of the group.
- **Four-fifths rule.** A group is ``flagged`` when its rate is below 4/5 of the
  highest rate of the same attribute (``ratio_to_best < 0.8``; exactly 0.8 is not
  flagged). The comparison is done on integer counts, so the boundary is exact.
- **Too few to judge.** A group with fewer than ``min_group`` persons is listed with
  its ``n`` but its ``selected``, ``rate`` and ``ratio_to_best`` are left empty and it
  is neither flagged nor used as the reference: with so few people a rate says
  nothing, and it would disclose individual outcomes to the regional staff who read
  the report. ``note`` is ``"too_few"``.
- **Unknown** gender or birth year forms its own group (``"unknown"``) that is
  reported (with the same suppression) but neither flagged nor used as the reference
  (``note`` ``"unknown"``): it is not a group anyone belongs to by attribute.
- Gender values are compared stripped and case-folded (``"Kvinde"`` = ``"kvinde"``);
  any value is a group of its own.
- **Age** is ``today.year - birth_year`` (the age reached during the current year;
  only the birth year is recorded). Bands: ``under 18``, ``18-29``, ``30-39``,
  ``40-49``, ``50-59``, ``60+``.

A flag is a prompt to look closer (the groups differ in more than chance — occupations,
places, education — and the report does not control for that), not a verdict.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from lksmatch.errors import ValidationError

REPORT_COLUMNS = ["attribute", "group", "n", "selected", "rate", "ratio_to_best", "flagged", "note"]
SELECTION_COLUMNS = ["need_id", "person_id", "selected"]
SELECTED_OUTCOMES = frozenset({"hired", "interviewed"})
SELECTED_DECISIONS = frozenset({"accepted"})
UNKNOWN = "unknown"
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("under 18", 0, 18),
    ("18-29", 18, 30),
    ("30-39", 30, 40),
    ("40-49", 40, 50),
    ("50-59", 50, 60),
    ("60+", 60, None),
)
"""(label, lowest age included, lowest age excluded or ``None``)."""
FOUR_FIFTHS = (4, 5)
NOTE_TOO_FEW = "too_few"
NOTE_UNKNOWN = "unknown"


def selections(outcomes: pd.DataFrame | None = None, decisions: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per considered (need, person), saying whether the person was selected.

    Parameters
    ----------
    outcomes
        Columns ``need_id``, ``person_id``, ``outcome``. ``hired`` and ``interviewed``
        count as selected (an interview is the first selection a company makes).
    decisions
        Columns ``need_id``, ``person_id``, ``decision``, optionally ``created_at``.
        ``accepted`` counts as selected. When the team changed its mind, the latest
        decision counts (by ``created_at`` when given, else the last row).

    Returns
    -------
    pandas.DataFrame
        ``need_id``, ``person_id``, ``selected`` (bool), one row per pair found in
        either frame, sorted. A pair is selected when either source says so.
    """
    parts = [pd.DataFrame({c: pd.Series(dtype=object) for c in SELECTION_COLUMNS})]
    if outcomes is not None:
        _require(outcomes, "outcomes", ["need_id", "person_id", "outcome"])
        parts.append(_keyed(outcomes, _folded(outcomes["outcome"]).isin(SELECTED_OUTCOMES)))
    if decisions is not None:
        _require(decisions, "decisions", ["need_id", "person_id", "decision"])
        latest = decisions
        if "created_at" in decisions.columns:
            latest = decisions.sort_values("created_at", kind="stable")
        latest = latest.drop_duplicates(["need_id", "person_id"], keep="last")
        parts.append(_keyed(latest, _folded(latest["decision"]).isin(SELECTED_DECISIONS)))
    frame = pd.concat(parts, ignore_index=True)
    frame["selected"] = frame["selected"].astype(bool)
    out = frame.groupby(["need_id", "person_id"], sort=True)["selected"].any().reset_index()
    return pd.DataFrame(out[SELECTION_COLUMNS])


def fairness_report(
    selected: pd.DataFrame,
    seekers: pd.DataFrame,
    *,
    today: dt.date,
    min_group: int = 5,
) -> pd.DataFrame:
    """Selection rates by gender and age band, with four-fifths-rule flags.

    Parameters
    ----------
    selected
        ``person_id`` and ``selected`` (bool), e.g. from :func:`selections`; several
        rows per person are allowed (see the module docstring: a person counts once).
    seekers
        ``person_id``, ``gender``, ``birth_year``. Persons of ``selected`` that are
        missing here fall in the ``unknown`` groups.
    today
        The date that ages are computed for.
    min_group
        Groups with fewer persons are not judged and their outcome counts are hidden.

    Returns
    -------
    pandas.DataFrame
        ``attribute`` (``gender`` | ``age_band``), ``group``, ``n`` (persons
        considered), ``selected`` (persons selected; empty when too few), ``rate``,
        ``ratio_to_best`` (rate / the highest judged rate of the attribute),
        ``flagged`` (bool) and ``note`` (``""``, ``"too_few"`` or ``"unknown"``).
        Gender groups come first (sorted), then the age bands in age order, then
        ``unknown``.
    """
    _require(selected, "selected", ["person_id", "selected"])
    _require(seekers, "seekers", ["person_id", "gender", "birth_year"])
    if isinstance(min_group, bool) or not isinstance(min_group, int) or min_group < 1:
        raise ValidationError(f"`min_group` was {min_group!r} but is expected to be a positive integer")
    if selected["selected"].isna().any():
        raise ValidationError("`selected` has empty values in its column 'selected'; each must be true/false")

    flags = selected["selected"].astype(bool)
    per_person = flags.groupby(selected["person_id"].astype(str).to_numpy(), sort=True).any()
    people = seekers.assign(person_id=seekers["person_id"].astype(str)).drop_duplicates("person_id")
    people = people.set_index("person_id").reindex(per_person.index)
    frame = pd.DataFrame(
        {
            "selected": per_person.to_numpy(),
            "gender": _gender_groups(people["gender"]),
            "age_band": _age_bands(people["birth_year"], today),
        }
    )
    gender_order = sorted(g for g in frame["gender"].unique() if g != UNKNOWN) + [UNKNOWN]
    age_order = [label for label, _, _ in AGE_BANDS] + [UNKNOWN]
    blocks = [
        _attribute_block(frame, "gender", gender_order, min_group),
        _attribute_block(frame, "age_band", age_order, min_group),
    ]
    return pd.concat(blocks, ignore_index=True)[REPORT_COLUMNS]


def age_band(age: int) -> str:
    """The band label of an age in whole years (see :data:`AGE_BANDS`)."""
    for label, low, high in AGE_BANDS:
        if age >= low and (high is None or age < high):
            return label
    return AGE_BANDS[0][0]


def _gender_groups(values: pd.Series) -> np.ndarray:
    text = values.astype("string").str.strip().str.lower()
    return text.where(text.notna() & (text != ""), UNKNOWN).astype(object).to_numpy()


def _age_bands(birth_years: pd.Series, today: dt.date) -> np.ndarray:
    years = pd.to_numeric(birth_years, errors="coerce").to_numpy(dtype=float)
    out = np.full(len(years), UNKNOWN, dtype=object)
    known = np.isfinite(years) & (years <= today.year)
    out[known] = [age_band(int(today.year - y)) for y in years[known]]
    return out


def _attribute_block(frame: pd.DataFrame, attribute: str, order: list[str], min_group: int) -> pd.DataFrame:
    counts = frame.groupby(attribute)["selected"].agg(["size", "sum"])
    counts = counts.reindex([g for g in order if g in counts.index])
    n = counts["size"].to_numpy(dtype=np.int64)
    sel = counts["sum"].to_numpy(dtype=np.int64)
    groups = counts.index.to_numpy(dtype=object)
    unknown = groups == UNKNOWN
    too_few = n < min_group
    judged = ~unknown & ~too_few

    # the reference: the judged group with the highest rate sel/n, by exact cross-multiplication
    best_sel, best_n = 0, 1
    for s, m in zip(sel[judged], n[judged], strict=True):
        if s * best_n > best_sel * m:
            best_sel, best_n = int(s), int(m)
    num, den = FOUR_FIFTHS
    flagged = judged & (best_sel > 0) & (sel * best_n * den < best_sel * n * num)

    rate = np.where(n > 0, sel / np.maximum(n, 1), np.nan)
    ratio = rate / (best_sel / best_n) if best_sel > 0 else np.full(len(n), np.nan)
    note = np.where(too_few, NOTE_TOO_FEW, np.where(unknown, NOTE_UNKNOWN, ""))
    return pd.DataFrame(
        {
            "attribute": attribute,
            "group": groups,
            "n": n,
            "selected": pd.Series(sel, dtype="Int64").mask(too_few),
            "rate": np.where(too_few, np.nan, rate),
            "ratio_to_best": np.where(too_few, np.nan, ratio),
            "flagged": flagged.astype(bool),
            "note": note.astype(object),
        }
    )


def _folded(values: pd.Series) -> pd.Series:
    return values.astype(str).str.strip().str.lower()


def _keyed(frame: pd.DataFrame, selected: pd.Series) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "need_id": frame["need_id"].astype(str).to_numpy(),
            "person_id": frame["person_id"].astype(str).to_numpy(),
            "selected": selected.to_numpy(dtype=bool),
        }
    )


def _require(frame: pd.DataFrame, name: str, columns: list[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValidationError(f"`{name}` lacks the columns {missing}; it has {list(frame.columns)}")
