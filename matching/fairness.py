"""Fairness audit: selection rates by gender and age band, the four-fifths rule, and chance.

Gender and birth year are never features of the ranking; they exist only for this
audit. :func:`selections` turns what was recorded — outcomes (``hired``,
``interviewed``, ``contacted``, ``not_hired``) and LKS decisions (``contacted``,
``accepted``, ``rejected``) — into one row per (need, person) that was considered,
with ``selected`` = the person was hired or interviewed, or the team accepted them,
and ``date`` = when the pair was first recorded. :func:`fairness_report` then
compares groups.

Rules
-----
- **Unit: a person.** A person considered for several needs counts once, as selected
  when selected for any of them, so a person suggested often does not weigh more
  than one suggested once, and one person's pairs (which share that person) are not
  counted as independent evidence. The report is person-level only. The rate so
  includes how often a person was suggested (each suggestion is a chance); when
  groups differ in that, it is the suggesting, not the selecting, that differs.
- **Rate** = selected persons / considered persons of the group, with a Wilson
  interval (``rate_low``, ``rate_high``; 95 % by default).
- **Four-fifths rule.** A group is ``flagged`` when its rate is below 4/5 of the
  highest rate of the same attribute (``ratio_to_best < 0.8``; exactly 0.8 is not
  flagged). The comparison is done on integer counts, so the boundary is exact. The
  flag is the rule as written: it says nothing about chance.
- **Chance.** ``ratio_low``/``ratio_high`` is a confidence interval of
  ``ratio_to_best`` (log-ratio, Katz; 0.5 added to the counts of both groups when the
  group selected nobody) and ``p_value`` tests "the group's rate equals the
  reference's" with the same statistic, so ``p_value < 1 - confidence`` exactly when
  the interval excludes 1. The reference is the *highest* of ``k`` rates, chosen after
  looking, so a plain 95 % interval would be too narrow; both are Bonferroni-adjusted
  for all ``k (k - 1) / 2`` pairs of judged groups of the attribute, which covers
  whichever pair turned out to be (lowest, highest). ``evidence`` then reads the
  interval against four fifths: ``"below"`` (the whole interval is under 0.8: the
  shortfall is not chance), ``"not_below"`` (the whole interval is at or above 0.8:
  chance cannot be hiding a shortfall), ``"unclear"`` (the interval contains 0.8:
  too few people to tell, whatever the flag says), ``"reference"`` (the highest
  group). A flagged group that is ``"unclear"`` may be noise; an unflagged one that
  is ``"unclear"`` is not cleared.
- **Too few to judge.** A group with fewer than ``min_group`` persons is listed with
  its ``n`` but its counts, rate, ratio and intervals are left empty and it is
  neither flagged nor used as the reference: with so few people a rate says nothing,
  and it would disclose individual outcomes to the regional staff who read the
  report. ``note`` is ``"too_few"``.
- **Unknown** gender or birth year forms its own group (``"unknown"``) that is
  reported (rate and rate interval, with the same suppression) but neither flagged,
  tested nor used as the reference (``note`` ``"unknown"``): it is not a group
  anyone belongs to by attribute.
- Gender values are compared stripped and case-folded (``"Kvinde"`` = ``"kvinde"``);
  any value is a group of its own.
- **Age** is the age at one date for everyone, the *age date*: the (lower) median of
  the recorded dates (the ``date`` column of ``selected``), or ``today`` when none is
  known; ``age = age date year - birth_year`` (only the birth year is recorded, so
  this is the age reached during that year). The age a decision can depend on is the
  age at the decision, not at the audit: an audit run years later would otherwise
  describe everyone as older than they were. It is not each person's own date,
  though: a person suggested often has an earlier first (and a later last) record
  than one suggested once, and is more often selected, so aging each person at their
  own first record moves the often-selected into the younger band at every band
  edge (in the demo data the persons first considered in 2025 had 1.32 suggestions
  and a rate of 0.34, those first considered in 2026 1.09 and 0.28). One date keeps
  band membership independent of the outcomes and is the age at the decision to
  within half the audited period. The report's ``attrs["age_date"]`` holds it.
  Bands: ``under 18``, ``18-29``, ``30-39``, ``40-49``, ``50-59``, ``60+``.

A flag is a prompt to look closer (the groups differ in more than chance — occupations,
places, education — and the report does not control for that), not a verdict.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from scipy.stats import norm

from lksmatch.errors import ValidationError

REPORT_COLUMNS = [
    "attribute",
    "group",
    "n",
    "selected",
    "rate",
    "rate_low",
    "rate_high",
    "ratio_to_best",
    "ratio_low",
    "ratio_high",
    "p_value",
    "flagged",
    "evidence",
    "note",
]
SELECTION_COLUMNS = ["need_id", "person_id", "selected", "date"]
SELECTED_OUTCOMES = frozenset({"hired", "interviewed"})
#: A decision that selects the person as far as an interview (as the outcome ``interviewed`` does).
SELECTED_DECISIONS = frozenset({"interview", "accepted"})
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
EVIDENCE_BELOW = "below"
EVIDENCE_NOT_BELOW = "not_below"
EVIDENCE_UNCLEAR = "unclear"
EVIDENCE_REFERENCE = "reference"


def selections(outcomes: pd.DataFrame | None = None, decisions: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per considered (need, person), saying whether the person was selected.

    Parameters
    ----------
    outcomes
        Columns ``need_id``, ``person_id``, ``outcome``, optionally ``date``.
        ``hired`` and ``interviewed`` count as selected (an interview is the first
        selection a company makes).
    decisions
        Columns ``need_id``, ``person_id``, ``decision``, optionally ``created_at``.
        ``accepted`` counts as selected. When the team changed its mind, the latest
        decision counts (by ``created_at`` when given, else the last row).

    Returns
    -------
    pandas.DataFrame
        ``need_id``, ``person_id``, ``selected`` (bool), ``date`` (the earliest
        ``date``/``created_at`` day of the pair's records, ``NaT`` when none is
        known), one row per pair found in either frame, sorted. A pair is selected
        when either source says so.
    """
    parts = []
    if outcomes is not None:
        _require(outcomes, "outcomes", ["need_id", "person_id", "outcome"])
        dates = _days(outcomes["date"]) if "date" in outcomes.columns else None
        parts.append(_keyed(outcomes, _folded(outcomes["outcome"]).isin(SELECTED_OUTCOMES), dates))
    if decisions is not None:
        _require(decisions, "decisions", ["need_id", "person_id", "decision"])
        first = None
        latest = decisions
        if "created_at" in decisions.columns:
            latest = decisions.sort_values("created_at", kind="stable")
            first = _keyed(decisions, pd.Series(False, index=decisions.index), _days(decisions["created_at"]))
        latest = latest.drop_duplicates(["need_id", "person_id"], keep="last")
        parts.append(_keyed(latest, _folded(latest["decision"]).isin(SELECTED_DECISIONS), None))
        if first is not None:  # the day of the pair's first decision, whatever was decided
            parts.append(first)
    if not parts:
        return _keyed(pd.DataFrame({"need_id": [], "person_id": []}), pd.Series([], dtype=bool), None)
    frame = pd.concat(parts, ignore_index=True)
    out = frame.groupby(["need_id", "person_id"], sort=True).agg(
        selected=("selected", "any"), date=("date", "min")
    )
    return pd.DataFrame(out.reset_index()[SELECTION_COLUMNS])


def fairness_report(
    selected: pd.DataFrame,
    seekers: pd.DataFrame,
    *,
    today: dt.date,
    min_group: int = 5,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Person-level selection rates by gender and age band, with four-fifths flags and intervals.

    Parameters
    ----------
    selected
        ``person_id``, ``selected`` (bool) and optionally ``date`` (when the row was
        recorded), e.g. from :func:`selections`; several rows per person are allowed
        (see the module docstring: a person counts once; ages are taken at the median
        ``date``).
    seekers
        ``person_id``, ``gender``, ``birth_year``. Persons of ``selected`` that are
        missing here fall in the ``unknown`` groups.
    today
        The date that ages are taken at when ``selected`` has no known ``date``.
    min_group
        Groups with fewer persons are not judged and their outcome counts are hidden.
    confidence
        The level of the rate intervals, and the family-wise level of the ratio
        intervals and tests of each attribute (``p_value`` is compared with
        ``1 - confidence``).

    Returns
    -------
    pandas.DataFrame
        :data:`REPORT_COLUMNS`: ``attribute`` (``gender`` | ``age_band``), ``group``,
        ``n`` (persons considered), ``selected`` (persons selected), ``rate`` with its
        Wilson interval ``rate_low``/``rate_high``, ``ratio_to_best`` (rate / the
        highest judged rate of the attribute) with its adjusted interval
        ``ratio_low``/``ratio_high``, ``p_value`` (adjusted, rate = reference rate),
        ``flagged`` (bool, the four-fifths rule), ``evidence`` (``"below"``,
        ``"not_below"``, ``"unclear"``, ``"reference"`` or ``""``) and ``note``
        (``""``, ``"too_few"`` or ``"unknown"``). Values that are not judged are
        empty. Gender groups come first (sorted), then the age bands in age order,
        then ``unknown``.
    """
    _require(selected, "selected", ["person_id", "selected"])
    _require(seekers, "seekers", ["person_id", "gender", "birth_year"])
    if isinstance(min_group, bool) or not isinstance(min_group, int) or min_group < 1:
        raise ValidationError(f"`min_group` was {min_group!r} but is expected to be a positive integer")
    if isinstance(confidence, bool) or not isinstance(confidence, float | int) or not 0 < confidence < 1:
        raise ValidationError(f"`confidence` was {confidence!r} but is expected to be a number in (0, 1)")
    if selected["selected"].isna().any():
        raise ValidationError("`selected` has empty values in its column 'selected'; each must be true/false")

    ids = selected["person_id"].astype(str).to_numpy()
    per_person = selected["selected"].astype(bool).groupby(ids, sort=True).any()
    age_date = _age_date(selected, today)
    year = np.full(len(per_person), float(age_date.year))
    people = seekers.assign(person_id=seekers["person_id"].astype(str)).drop_duplicates("person_id")
    people = people.set_index("person_id").reindex(per_person.index)
    frame = pd.DataFrame(
        {
            "selected": per_person.to_numpy(),
            "gender": _gender_groups(people["gender"]),
            "age_band": _age_bands(people["birth_year"], year),
        }
    )
    gender_order = sorted(g for g in frame["gender"].unique() if g != UNKNOWN) + [UNKNOWN]
    age_order = [label for label, _, _ in AGE_BANDS] + [UNKNOWN]
    blocks = [
        _attribute_block(frame, "gender", gender_order, min_group, float(confidence)),
        _attribute_block(frame, "age_band", age_order, min_group, float(confidence)),
    ]
    report = pd.concat(blocks, ignore_index=True)[REPORT_COLUMNS]
    report.attrs["age_date"] = age_date
    return report


def age_band(age: int) -> str:
    """The band label of an age in whole years (see :data:`AGE_BANDS`)."""
    for label, low, high in AGE_BANDS:
        if age >= low and (high is None or age < high):
            return label
    return AGE_BANDS[0][0]


def wilson_interval(
    selected: np.ndarray, n: np.ndarray, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """The Wilson score interval of ``selected / n`` (``NaN`` where ``n`` is 0)."""
    x = np.asarray(selected, dtype=float)
    m = np.asarray(n, dtype=float)
    z = float(norm.ppf(0.5 + confidence / 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / m
        centre = (p + z * z / (2 * m)) / (1 + z * z / m)
        half = z / (1 + z * z / m) * np.sqrt(p * (1 - p) / m + z * z / (4 * m * m))
    # the exact ends, and no rounding may push a bound past the rate it brackets
    low = np.where(x == 0, 0.0, np.minimum(np.clip(centre - half, 0.0, 1.0), p))
    high = np.where(x == m, 1.0, np.maximum(np.clip(centre + half, 0.0, 1.0), p))
    return np.where(m > 0, low, np.nan), np.where(m > 0, high, np.nan)


def _age_date(selected: pd.DataFrame, today: dt.date) -> dt.date:
    """The median recorded day of ``selected`` (one date for everyone), else ``today``."""
    if "date" not in selected.columns:
        return today
    days = _days(selected["date"]).dropna()
    if days.empty:
        return today
    return pd.Timestamp(days.sort_values().iloc[(len(days) - 1) // 2]).date()


def _gender_groups(values: pd.Series) -> np.ndarray:
    text = values.astype("string").str.strip().str.lower()
    return text.where(text.notna() & (text != ""), UNKNOWN).astype(object).to_numpy()


def _age_bands(birth_years: pd.Series, year: np.ndarray) -> np.ndarray:
    born = pd.to_numeric(birth_years, errors="coerce").to_numpy(dtype=float)
    out = np.full(len(born), UNKNOWN, dtype=object)
    known = np.isfinite(born) & (born <= year)
    lows = np.array([low for _, low, _ in AGE_BANDS[1:]])
    labels = np.array([label for label, _, _ in AGE_BANDS], dtype=object)
    out[known] = labels[np.searchsorted(lows, year[known] - born[known], side="right")]
    return out


def _attribute_block(
    frame: pd.DataFrame, attribute: str, order: list[str], min_group: int, confidence: float
) -> pd.DataFrame:
    counts = frame.groupby(attribute)["selected"].agg(["size", "sum"])
    counts = counts.reindex([g for g in order if g in counts.index])
    n = counts["size"].to_numpy(dtype=np.int64)
    sel = counts["sum"].to_numpy(dtype=np.int64)
    groups = counts.index.to_numpy(dtype=object)
    unknown = groups == UNKNOWN
    too_few = n < min_group
    judged = ~unknown & ~too_few

    # the reference: the judged group with the highest rate sel/n, by exact cross-multiplication
    best = -1
    for i in np.flatnonzero(judged):
        if best < 0 or sel[i] * n[best] > sel[best] * n[i]:
            best = int(i)
    best_sel, best_n = (int(sel[best]), int(n[best])) if best >= 0 else (0, 1)
    num, den = FOUR_FIFTHS
    flagged = judged & (best_sel > 0) & (sel * best_n * den < best_sel * n * num)

    rate = np.where(n > 0, sel / np.maximum(n, 1), np.nan)
    rate_low, rate_high = wilson_interval(sel, n, confidence)
    ratio = rate / (best_sel / best_n) if best_sel > 0 else np.full(len(n), np.nan)
    compared = judged & (best_sel > 0) & (np.arange(len(n)) != best)
    k = int(judged.sum())
    pairs = max(1, k * (k - 1) // 2)
    ratio_low, ratio_high, p_value = _ratio_interval(sel, n, best_sel, best_n, compared, confidence, pairs)

    evidence = np.full(len(n), "", dtype=object)
    evidence[compared & (ratio_high < num / den)] = EVIDENCE_BELOW
    evidence[compared & (ratio_low >= num / den)] = EVIDENCE_NOT_BELOW
    evidence[compared & (evidence == "")] = EVIDENCE_UNCLEAR
    if best >= 0 and best_sel > 0:
        evidence[best] = EVIDENCE_REFERENCE
    note = np.where(too_few, NOTE_TOO_FEW, np.where(unknown, NOTE_UNKNOWN, ""))
    return pd.DataFrame(
        {
            "attribute": attribute,
            "group": groups,
            "n": n,
            "selected": pd.Series(sel, dtype="Int64").mask(too_few),
            "rate": np.where(too_few, np.nan, rate),
            "rate_low": np.where(too_few, np.nan, rate_low),
            "rate_high": np.where(too_few, np.nan, rate_high),
            "ratio_to_best": np.where(too_few, np.nan, ratio),
            "ratio_low": ratio_low,
            "ratio_high": ratio_high,
            "p_value": p_value,
            "flagged": flagged.astype(bool),
            "evidence": evidence,
            "note": note.astype(object),
        }
    )


def _ratio_interval(
    sel: np.ndarray,
    n: np.ndarray,
    best_sel: int,
    best_n: int,
    compared: np.ndarray,
    confidence: float,
    pairs: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Katz log-ratio interval of (sel/n) / (best_sel/best_n) and its test, Bonferroni over ``pairs``.

    Rows not ``compared`` get ``NaN``.
    """
    x1, n1 = sel.astype(float), n.astype(float)
    x2, n2 = np.full(len(sel), float(best_sel)), np.full(len(sel), float(best_n))
    zero = x1 == 0  # log(0): the usual 0.5 added to the selected and the considered of both groups
    x1, n1 = np.where(zero, x1 + 0.5, x1), np.where(zero, n1 + 0.5, n1)
    x2, n2 = np.where(zero, x2 + 0.5, x2), np.where(zero, n2 + 0.5, n2)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_ratio = np.log(x1 / n1) - np.log(x2 / n2)
        se = np.sqrt(np.maximum(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2, 0.0))
        z_stat = np.where(se > 0, np.abs(log_ratio) / se, np.where(log_ratio == 0, 0.0, np.inf))
    alpha = (1 - confidence) / pairs
    z = float(norm.ppf(1 - alpha / 2))
    low = np.exp(log_ratio - z * se)
    high = np.exp(log_ratio + z * se)
    p = np.minimum(1.0, pairs * 2 * norm.sf(z_stat))
    # the plain ratio (without the 0.5) is reported; keep it inside its interval
    plain = np.where(compared, sel / np.maximum(n, 1) / (best_sel / best_n if best_sel else np.nan), np.nan)
    low, high = np.minimum(low, plain), np.maximum(high, plain)
    nan = np.full(len(sel), np.nan)
    return np.where(compared, low, nan), np.where(compared, high, nan), np.where(compared, p, nan)


def _folded(values: pd.Series) -> pd.Series:
    return values.astype(str).str.strip().str.lower()


def _days(values: pd.Series) -> pd.Series:
    """Dates, datetimes (naive = UTC) or ISO text as naive UTC days; ``NaT`` when missing or unreadable."""
    if values.empty:
        return pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    parsed = pd.to_datetime(values, errors="coerce", utc=True, format="mixed")
    return parsed.dt.tz_localize(None).dt.normalize().astype("datetime64[ns]")


def _keyed(frame: pd.DataFrame, selected: pd.Series, dates: pd.Series | None) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "need_id": frame["need_id"].astype(str).to_numpy(),
            "person_id": frame["person_id"].astype(str).to_numpy(),
            "selected": selected.to_numpy(dtype=bool),
            "date": (
                pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]") if dates is None else dates
            ).to_numpy(dtype="datetime64[ns]"),
        }
    )


def _require(frame: pd.DataFrame, name: str, columns: list[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValidationError(f"`{name}` lacks the columns {missing}; it has {list(frame.columns)}")
