"""Close the gap: education offers that teach a candidate's missing skills.

An offer is suggested for a person's missing skills when it

1. **teaches** at least one of them — the offer's ``skills`` and the missing skills are
   compared as skill concepts of the :class:`~matching.skills.SkillMatcher` (so
   ``"Truckkort"`` is taught by an offer listing ``"truckcertifikat (B)"``), the same
   rule as :meth:`SkillMatcher.teaches`;
2. is **reachable**: the straight-line distance between the person's home and the
   offer (EPSG:25832 metres / 1000) is at most the person's ``max_commute_km``, or
   :data:`DEFAULT_COMMUTE_KM` when that is unknown;
3. is **in time**: it starts on or after ``today`` (a course that has begun cannot be
   joined) and, when the need has a deadline, ends — ``start_date + duration_days`` —
   on or before the deadline, so that the person is qualified when the company needs
   them. ``finish_by_deadline=False`` relaxes this to "starts on or before the
   deadline" (for a hire with an education agreement, where training follows
   hiring). An offer without a ``start_date`` has continuous intake: it is taken to
   start ``today``. An empty ``duration_days`` counts 0;
4. has **free seats** (``seats_free`` > 0; empty counts 0, as in the area statistics);
5. is **open to unemployed people** (``open_to_unemployed`` true; empty counts
   false) — required for job seekers, not for a company's own staff.

Suggestions are ranked by the number of missing skills taught (most first), then
distance (nearest first), then start date (soonest first), then ``offer_id``.

:func:`suggest_offers` answers one question; :class:`OfferIndex` is built once per
batch (``match --all`` asks for every ranked candidate): it keeps the offers as
arrays and an inverted index from skill concept to offers, so a query touches only
the offers that teach something missing (about 30 µs a query with 800 offers);
:meth:`OfferIndex.suggest_rows` returns plain tuples for such loops.
:func:`suggest_for_upskill` does the same for an ``upskill`` need around the company.
:func:`score_after_course` and :func:`with_scores_after` report the score a candidate
would have after a course, through a ``rescore`` callable from the caller (who owns
the scoring).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

from lksmatch.errors import ValidationError
from matching.skills import SkillMatcher, split_skills

DEFAULT_COMMUTE_KM = 30.0
"""Reach of a job seeker whose ``max_commute_km`` is unknown (about 30 minutes by car)."""
DEFAULT_UPSKILL_RADIUS_KM = 50.0
"""How far from the company staff are sent for an ``upskill`` need."""
RESULT_COLUMNS = ["offer_id", "title", "provider", "teaches", "distance_km", "start_date", "seats_free"]
REQUIRED_COLUMNS = [
    "offer_id",
    "title",
    "provider",
    "skills",
    "x",
    "y",
    "start_date",
    "duration_days",
    "seats_free",
    "open_to_unemployed",
]
_TRUE = frozenset({"true", "1", "yes", "ja", "t", "y"})
_EPOCH = dt.date(1970, 1, 1)


class Suggestion(NamedTuple):
    """One suggested offer (the fields are :data:`RESULT_COLUMNS`)."""

    offer_id: str
    title: str
    provider: str
    teaches: str
    distance_km: float
    start_date: dt.date | None
    seats_free: int


class OfferIndex:
    """Education offers prepared for many suggestion queries.

    Parameters
    ----------
    offers
        One row per offer with the columns :data:`REQUIRED_COLUMNS` (``x``/``y`` in
        EPSG:25832 metres; ``skills`` ``;``-separated). Offers without a location are
        never suggested (their reach cannot be checked).
    matcher
        The skill matcher of the ranking, so that "missing" and "taught" use the same
        notion of a skill.
    """

    def __init__(self, offers: pd.DataFrame, matcher: SkillMatcher) -> None:
        missing = [c for c in REQUIRED_COLUMNS if c not in offers.columns]
        if missing:
            raise ValidationError(f"`offers` lacks the columns {missing}; it has {list(offers.columns)}")
        self.matcher = matcher
        self._ids = offers["offer_id"].astype(str).to_numpy()
        self._titles = offers["title"].fillna("").astype(str).to_numpy()
        self._providers = offers["provider"].fillna("").astype(str).to_numpy()
        self._x = pd.to_numeric(offers["x"], errors="coerce").to_numpy(dtype=float)
        self._y = pd.to_numeric(offers["y"], errors="coerce").to_numpy(dtype=float)
        self._start = _day_numbers(offers["start_date"])  # NaN = continuous intake
        duration = pd.to_numeric(offers["duration_days"], errors="coerce").fillna(0)
        self._duration = duration.clip(lower=0).to_numpy(dtype=float)
        self._seats = pd.to_numeric(offers["seats_free"], errors="coerce").fillna(0).to_numpy(dtype=float)
        self._open = np.array([_flag(v) for v in offers["open_to_unemployed"]], dtype=bool)
        self._concepts: list[frozenset[str]] = [
            frozenset(matcher.concepts(split_skills(cell))) for cell in offers["skills"]
        ]
        by_concept: dict[str, list[int]] = {}
        for i, concepts in enumerate(self._concepts):
            for concept in concepts:
                by_concept.setdefault(concept, []).append(i)
        self._by_concept = {c: np.asarray(ix, dtype=np.intp) for c, ix in by_concept.items()}

    def __len__(self) -> int:
        return len(self._ids)

    def suggest_rows(
        self,
        missing_skills: Sequence[str],
        xy: tuple[float, float],
        *,
        max_km: float | None,
        deadline: dt.date | None,
        today: dt.date,
        for_unemployed: bool = True,
        finish_by_deadline: bool = True,
        top: int = 3,
    ) -> list[Suggestion]:
        """The best ``top`` offers for ``missing_skills`` around ``xy``, best first.

        See the module docstring for the rules; ``max_km`` ``None`` (or NaN) means
        :data:`DEFAULT_COMMUTE_KM`. A point that is not finite gets no suggestions.
        """
        if isinstance(top, bool) or not isinstance(top, int) or top < 1:
            raise ValidationError(f"`top` was {top!r} but is expected to be a positive integer")
        wording = self._missing_by_concept(missing_skills)
        x, y = (float(v) for v in xy)
        if not wording or not (math.isfinite(x) and math.isfinite(y)):
            return []
        hits = np.concatenate([self._by_concept[c] for c in wording if c in self._by_concept] or [_NONE])
        if not len(hits):
            return []
        offers, taught = np.unique(hits, return_counts=True)

        reach = DEFAULT_COMMUTE_KM if max_km is None or not math.isfinite(max_km) else float(max_km)
        distance = np.hypot(self._x[offers] - x, self._y[offers] - y) / 1000.0
        day = float((today - _EPOCH).days)
        start = np.where(np.isnan(self._start[offers]), day, self._start[offers])
        keep = (distance <= reach) & (start >= day) & (self._seats[offers] > 0)
        if deadline is not None:
            last = float((deadline - _EPOCH).days)
            keep &= (start + self._duration[offers] <= last) if finish_by_deadline else (start <= last)
        if for_unemployed:
            keep &= self._open[offers]
        offers, taught, distance, start = offers[keep], taught[keep], distance[keep], start[keep]

        order = np.lexsort((self._ids[offers], start, distance, -taught))[:top]
        return [self._suggestion(int(offers[k]), float(distance[k]), wording) for k in order]

    def _missing_by_concept(self, missing_skills: Sequence[str]) -> dict[str, str]:
        """Concept -> the first wording of it among the missing skills (order kept)."""
        wording: dict[str, str] = {}
        for skill in missing_skills:
            if skill and skill.strip():
                wording.setdefault(self.matcher.concept(skill), skill)
        return wording

    def _suggestion(self, i: int, distance_km: float, wording: dict[str, str]) -> Suggestion:
        teaches = [skill for concept, skill in wording.items() if concept in self._concepts[i]]
        start = self._start[i]
        return Suggestion(
            offer_id=str(self._ids[i]),
            title=str(self._titles[i]),
            provider=str(self._providers[i]),
            teaches=";".join(teaches),
            distance_km=round(distance_km, 1),
            start_date=None if np.isnan(start) else _EPOCH + dt.timedelta(days=int(start)),
            seats_free=int(self._seats[i]),
        )


def suggest_offers(
    missing_skills: Sequence[str],
    person_xy: tuple[float, float],
    max_commute_km: float | None,
    deadline: dt.date | None,
    offers: pd.DataFrame | OfferIndex,
    matcher: SkillMatcher,
    *,
    today: dt.date,
    for_unemployed: bool = True,
    finish_by_deadline: bool = True,
    top: int = 3,
) -> pd.DataFrame:
    """Education offers that close a job seeker's skill gap for one need.

    Parameters
    ----------
    missing_skills
        The need's skills the person lacks (their wording is kept in ``teaches``).
    person_xy
        The person's home in EPSG:25832 metres.
    max_commute_km
        The person's limit; ``None``/NaN means :data:`DEFAULT_COMMUTE_KM`.
    deadline
        The need's deadline, or ``None``.
    offers
        The offers frame (see :class:`OfferIndex`), or an index built once for many
        calls (then ``matcher`` is not used again).
    matcher
        The ranking's skill matcher.
    today
        The date of the question.
    for_unemployed
        Only offers open to unemployed people (true for job seekers).
    finish_by_deadline
        The course must end by the deadline (default) or only start by it.
    top
        How many offers to return at most.

    Returns
    -------
    pandas.DataFrame
        :data:`RESULT_COLUMNS`, best first: ``teaches`` lists the missing skills the
        offer teaches, ``;``-separated; ``distance_km`` rounded to 0.1 km.
    """
    index = offers if isinstance(offers, OfferIndex) else OfferIndex(offers, matcher)
    rows = index.suggest_rows(
        missing_skills,
        person_xy,
        max_km=max_commute_km,
        deadline=deadline,
        today=today,
        for_unemployed=for_unemployed,
        finish_by_deadline=finish_by_deadline,
        top=top,
    )
    return suggestions_frame(rows)


def suggest_for_upskill(
    need_skills: Sequence[str],
    company_xy: tuple[float, float],
    deadline: dt.date | None,
    offers: pd.DataFrame | OfferIndex,
    matcher: SkillMatcher,
    *,
    today: dt.date,
    radius_km: float = DEFAULT_UPSKILL_RADIUS_KM,
    finish_by_deadline: bool = True,
    top: int = 3,
) -> pd.DataFrame:
    """Offers that teach an ``upskill`` need's skills to the company's own staff.

    Every skill of the need counts as missing; offers are looked for within
    ``radius_km`` of the company and need not be open to unemployed people. Otherwise
    as :func:`suggest_offers`.
    """
    return suggest_offers(
        need_skills,
        company_xy,
        radius_km,
        deadline,
        offers,
        matcher,
        today=today,
        for_unemployed=False,
        finish_by_deadline=finish_by_deadline,
        top=top,
    )


def score_after_course(rescore: Callable[[list[str]], float], teaches: str | Sequence[str]) -> float:
    """The candidate's score with the skills an offer teaches added.

    Parameters
    ----------
    rescore
        From the caller: the candidate's score with ``extra_skills`` added to their
        skills (e.g. the coverage recomputed and the model re-applied).
    teaches
        The taught skills, as a list or a ``;``-separated cell.
    """
    extra = split_skills(teaches) if isinstance(teaches, str) else [s for s in teaches if s]
    return float(rescore(extra))


def with_scores_after(suggestions: pd.DataFrame, rescore: Callable[[list[str]], float]) -> pd.DataFrame:
    """``suggestions`` with a column ``score_after``: the score after each offer.

    ``rescore`` is called once per distinct set of taught skills.
    """
    cache: dict[str, float] = {}
    scores = []
    for cell in suggestions["teaches"].fillna("").astype(str):
        if cell not in cache:
            cache[cell] = score_after_course(rescore, cell)
        scores.append(cache[cell])
    return suggestions.assign(score_after=np.asarray(scores, dtype=float))


def seats_by_offer(offers: pd.DataFrame) -> dict[str, int]:
    """``offer_id`` -> free seats (empty counts 0), for :func:`matching.allocation.allocate`."""
    seats = pd.to_numeric(offers["seats_free"], errors="coerce").fillna(0).clip(lower=0).astype(int)
    return dict(zip(offers["offer_id"].astype(str), seats.tolist(), strict=True))


_NONE: npt.NDArray[np.intp] = np.zeros(0, dtype=np.intp)


def suggestions_frame(rows: Sequence[Suggestion]) -> pd.DataFrame:
    """Suggestions as a DataFrame with the columns :data:`RESULT_COLUMNS` (typed when empty)."""
    if rows:
        return pd.DataFrame(rows, columns=RESULT_COLUMNS)
    dtypes = {"distance_km": float, "seats_free": int}
    return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, object)) for c in RESULT_COLUMNS})


def _day_numbers(values: pd.Series) -> npt.NDArray[np.float64]:
    """Days since 1970-01-01 of each date (NaN when empty or unreadable)."""
    stamps = pd.to_datetime(values, errors="coerce")
    days = (stamps - pd.Timestamp(_EPOCH)).dt.days
    return np.asarray(days.to_numpy(dtype=float, na_value=np.nan), dtype=np.float64)


def _flag(value: object) -> bool:
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return False
    return str(value).strip().lower() in _TRUE
