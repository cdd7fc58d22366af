"""Transparent features of a (need, job seeker) pair, vectorised over candidate arrays.

The inputs are two frames prepared by the service (see the column lists below) and
the pairs to describe. Only the columns of :data:`NEED_COLUMNS` and
:data:`SEEKER_COLUMNS` are ever read: gender and birth year (and anything else a
frame carries) cannot influence a feature.

The features (:data:`FEATURES`; the sign is the monotonic constraint the learned model
respects: +1 more never hurts, -1 more never helps, 0 free):

``same_occupation`` (+1)
    1 when one of the person's occupations is the need's ESCO concept (or ISCO group).
``isco_distance`` (-1)
    Closest distance in the ISCO-08 hierarchy between the need's code and the person's
    codes: 0 same unit group, 1 same minor group (3 digits), 2 same sub-major group,
    3 same major group, 4 unrelated; NaN when either side has no code.
``skill_coverage`` (+1)
    IDF-weighted share of the need's skills the person has (fuzzy, see
    :mod:`matching.skills`); NaN when the need lists none.
``missing_skills`` (-1)
    Number of the need's skills the person lacks.
``distance_km`` (-1)
    Straight-line distance from home to the company.
``commute_ratio`` (-1)
    ``distance_km / max_commute_km`` (the person's limit; :data:`DEFAULT_MAX_COMMUTE_KM`
    when not given): above 1 the job is beyond what the person will travel.
``within_commute`` (+1)
    1 when ``distance_km <= max_commute_km``.
``education_shortfall`` (-1)
    Levels of :data:`EDUCATION_LEVELS` the person lacks to reach the need's minimum (0
    when met or when there is no minimum); NaN when a minimum is set and the person's
    level is unknown.
``available_by_deadline`` (+1)
    1 when the person can start on or before the need's deadline (or either date is
    missing).

How long a person has been unemployed is deliberately not a feature: for historical
outcomes only today's ``unemployed_since`` is stored, not the value at suggestion time,
and it would let the ranking drift with the calendar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from lksmatch.errors import ValidationError
from lksmatch.rules import EDUCATION_LEVELS
from matching import text as tx
from matching.skills import SkillMatcher, split_skills

#: Needs columns that the features read (plus ``occupation``/``occupation_label`` for the text).
NEED_COLUMNS = ("need_id", "isco_code", "concept_uri", "skills", "education_level_min", "deadline", "x", "y")
#: Needs columns used only for the explanation text, when present.
NEED_TEXT_COLUMNS = ("occupation_label", "occupation")
#: Job-seeker columns that the features read. Nothing else (gender, birth year …) is looked at.
SEEKER_COLUMNS = (
    "person_id",
    "isco_codes",
    "concept_uris",
    "skills",
    "education_level",
    "max_commute_km",
    "available_from",
    "x",
    "y",
)
#: The commute limit assumed for a person who gave none (km).
DEFAULT_MAX_COMMUTE_KM = 30.0
#: Feature name -> monotonic constraint of the learned model.
MONOTONIC: dict[str, int] = {
    "same_occupation": 1,
    "isco_distance": -1,
    "skill_coverage": 1,
    "missing_skills": -1,
    "distance_km": -1,
    "commute_ratio": -1,
    "within_commute": 1,
    "education_shortfall": -1,
    "available_by_deadline": 1,
}
FEATURES: tuple[str, ...] = tuple(MONOTONIC)

_LEVEL = {tx.fold(name): i for i, name in enumerate(EDUCATION_LEVELS)}


@dataclass(frozen=True)
class MatchData:
    """Needs and job seekers as aligned arrays, ready for :func:`pair_features`."""

    need_ids: np.ndarray
    need_digits: np.ndarray
    """(needs, 4) ISCO digits, -1 where absent."""
    need_prefix: np.ndarray
    """(needs, 4) the code's first 1, 2, 3, 4 digits as integers, -1 where the code is shorter."""
    need_concept: np.ndarray
    need_xy: np.ndarray
    need_edu_min: np.ndarray
    need_deadline: np.ndarray
    need_req: np.ndarray
    """(needs, K) required skill concepts as columns of ``seeker_skills``, -1 = padding."""
    need_req_weight: np.ndarray
    need_req_text: list[list[str]]
    """The need's skills in its own wording, one per concept (order of ``need_req``)."""
    need_label: np.ndarray
    """The need's occupation as text for the explanation ('' when only a code was given)."""
    seeker_ids: np.ndarray
    seeker_digits: np.ndarray
    """(people, J, 4) ISCO digits of each listed occupation, -1 where absent."""
    seeker_prefix: np.ndarray
    """(people, J, 4) as ``need_prefix``, -2 where the code is shorter (never equal to a need's)."""
    seeker_concepts: np.ndarray
    seeker_xy: np.ndarray
    seeker_edu: np.ndarray
    seeker_commute: np.ndarray
    seeker_commute_given: np.ndarray
    seeker_available: np.ndarray
    seeker_skills: np.ndarray
    """(people, V) which required concepts each person has."""
    seeker_skill_text: np.ndarray
    """The person's ``skills`` cell (for naming matched skills in their wording)."""
    matcher: SkillMatcher
    vocabulary: list[str]
    seeker_cache: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)
    """What :mod:`matching.ranking` derives from the job seekers alone (blocking indexes), kept
    here on first use; shared with the :class:`SeekerArrays` the data was prepared from."""


@dataclass(frozen=True)
class SeekerArrays:
    """The job-seeker half of :class:`MatchData`, prepared once for many rankings.

    Built by :func:`seeker_arrays`; :func:`match_data` (and so
    :func:`matching.ranking.rank_candidates`) accepts it in place of the job-seeker frame
    and then only prepares the needs. This is what lets one need be ranked among 80,000
    people in milliseconds: the people's arrays, skill concepts and blocking indexes are
    not rebuilt for every question. The fields are those of :class:`MatchData` without
    the ``seeker_`` prefix, except the skills, which are kept per concept.
    """

    ids: np.ndarray
    digits: np.ndarray
    prefix: np.ndarray
    concepts: np.ndarray
    concept_code: dict[str, int]
    """Occupation concept URI -> the integer code used in ``concepts``."""
    xy: np.ndarray
    edu: np.ndarray
    commute: np.ndarray
    commute_given: np.ndarray
    available: np.ndarray
    skill_text: np.ndarray
    skill_rows: dict[str, np.ndarray]
    """Skill concept -> the (sorted) rows of the people who list it."""
    matcher: SkillMatcher
    cache: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)
    """Filled by :mod:`matching.ranking` on first use (see :attr:`MatchData.seeker_cache`)."""

    def __len__(self) -> int:
        return len(self.ids)

    def skill_indicator(self, vocabulary: Sequence[str]) -> np.ndarray:
        """As :meth:`SkillMatcher.indicator` of the people's ``skills`` cells: (people, len(vocabulary))."""
        out = np.zeros((len(self.ids), len(vocabulary)), dtype=bool)
        for j, concept in enumerate(vocabulary):
            rows = self.skill_rows.get(concept)
            if rows is not None:
                out[rows, j] = True
        return out


def _require(frame: pd.DataFrame, name: str, columns: Sequence[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValidationError(f"`{name}` lacks the column(s) {missing}; it has {list(frame.columns)}")


def _codes_list(value: object) -> list[str]:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(";") if v.strip()]
    return [str(v).strip() for v in value if str(v).strip()]  # type: ignore[attr-defined]


def _digits(codes: Sequence[str]) -> np.ndarray:
    out = np.full((len(codes), 4), -1, dtype=np.int8)
    for i, code in enumerate(codes):
        code = code.rsplit("/C", 1)[-1] if "/isco/" in code else code
        if code.isdigit():
            for j, ch in enumerate(code[:4]):
                out[i, j] = int(ch)
    return out


def _prefix(digits: np.ndarray, missing: int) -> np.ndarray:
    """Integer prefixes of 1–4 digits along the last axis (``missing`` past the code's end)."""
    out = np.full(digits.shape, missing, dtype=np.int16)
    value = np.zeros(digits.shape[:-1], dtype=np.int16)
    valid = np.ones(digits.shape[:-1], dtype=bool)
    for level in range(4):
        valid &= digits[..., level] >= 0
        value = value * 10 + np.maximum(digits[..., level], 0)
        out[..., level] = np.where(valid, value, missing)
    return out


def _levels(values: pd.Series) -> np.ndarray:
    def one(v: object) -> int:
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return -1
        if isinstance(v, int | np.integer):
            return int(v)
        return _LEVEL.get(tx.fold(str(v)), -1)

    seen: dict[tuple[type, object], int] = {}  # each distinct value folded once (1 and 1.0 kept apart)
    out = np.empty(len(values), dtype=np.int8)
    for i, v in enumerate(values):
        try:
            key = (type(v), v)
            found = seen.get(key)
            if found is None:
                found = seen[key] = one(v)
        except TypeError:  # unhashable
            found = one(v)
        out[i] = found
    return out


def _dates(values: pd.Series) -> np.ndarray:
    parsed = pd.to_datetime(values.replace("", None), errors="coerce", format="mixed")
    return np.asarray(parsed.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]"))


def _xy(frame: pd.DataFrame) -> np.ndarray:
    return np.column_stack(
        [
            pd.to_numeric(frame["x"], errors="coerce").to_numpy(dtype=float),
            pd.to_numeric(frame["y"], errors="coerce").to_numpy(dtype=float),
        ]
    )


def _labels(needs: pd.DataFrame) -> np.ndarray:
    """``occupation_label``, else ``occupation`` unless it is a code or a URI, else ''."""
    out = np.full(len(needs), "", dtype=object)
    for column in reversed(NEED_TEXT_COLUMNS):
        if column in needs.columns:
            text = needs[column].fillna("").astype(str).str.strip().to_numpy()
            usable = np.array([bool(t) and not t.replace(".", "").isdigit() and "://" not in t for t in text])
            out = np.where(usable, text, out)
    return out


def _unique_ids(frame: pd.DataFrame, name: str, key: str) -> None:
    dup = frame[key][frame[key].duplicated()]
    if len(dup):
        raise ValidationError(f"`{name}` repeats the {key}(s) {list(dup.unique()[:5])}")


def match_data(
    needs: pd.DataFrame, seekers: pd.DataFrame | SeekerArrays, matcher: SkillMatcher | None = None
) -> MatchData:
    """Turn the allow-listed columns of the two frames into arrays.

    ``matcher`` gives the skill concepts and IDF weights; by default one without a
    thesaurus (skills compared by spelling only) is fitted on the skills of both frames.
    For real use pass one built with the store's thesaurus (the service does).

    ``seekers`` may be :class:`SeekerArrays` from :func:`seeker_arrays` (then only the
    needs are prepared, and the matcher is the one the arrays were built with); the
    result is the same as with the frame.

    Raises
    ------
    ValidationError
        When a frame lacks a column or repeats an id.
    ValueError
        When ``seekers`` is prepared and ``matcher`` is a different matcher.
    """
    needs, seekers, matcher = _checked_inputs(needs, seekers, matcher)
    label = _labels(needs)
    needs = needs.loc[:, list(NEED_COLUMNS)].reset_index(drop=True)
    req_concepts, req_text = _required_skills(needs["skills"], matcher)
    vocabulary = sorted({c for cs in req_concepts for c in cs})
    column = {c: j for j, c in enumerate(vocabulary)}
    k = max((len(cs) for cs in req_concepts), default=0)
    req = np.full((len(needs), max(k, 1)), -1, dtype=np.int32)
    weight = np.zeros(req.shape)
    for i, cs in enumerate(req_concepts):
        req[i, : len(cs)] = [column[c] for c in cs]
        weight[i, : len(cs)] = [matcher.weight(c) for c in cs]
    side = seekers if isinstance(seekers, SeekerArrays) else _seeker_arrays(seekers, matcher)
    # occupations: concept URIs as integer codes shared by both sides (a need's URI that no
    # person lists gets a code of its own, which no person has)
    need_uris = needs["concept_uri"].fillna("").astype(str).to_numpy()
    only_needs = sorted(set(need_uris) - {""} - set(side.concept_code))
    own = {u: len(side.concept_code) + i for i, u in enumerate(only_needs)}
    need_digits = _digits(needs["isco_code"].fillna("").astype(str).tolist())
    return MatchData(
        need_ids=needs["need_id"].astype(str).to_numpy(),
        need_digits=need_digits,
        need_prefix=_prefix(need_digits, -1),
        need_concept=np.array([side.concept_code.get(u, own.get(u, -1)) for u in need_uris], dtype=np.int32),
        need_xy=_xy(needs),
        need_edu_min=_levels(needs["education_level_min"]),
        need_deadline=_dates(needs["deadline"]),
        need_req=req,
        need_req_weight=weight,
        need_req_text=req_text,
        need_label=label,
        seeker_ids=side.ids,
        seeker_digits=side.digits,
        seeker_prefix=side.prefix,
        seeker_concepts=side.concepts,
        seeker_xy=side.xy,
        seeker_edu=side.edu,
        seeker_commute=side.commute,
        seeker_commute_given=side.commute_given,
        seeker_available=side.available,
        seeker_skills=side.skill_indicator(vocabulary),
        seeker_skill_text=side.skill_text,
        matcher=matcher,
        vocabulary=vocabulary,
        seeker_cache=side.cache,
    )


def _checked_inputs(
    needs: pd.DataFrame, seekers: pd.DataFrame | SeekerArrays, matcher: SkillMatcher | None
) -> tuple[pd.DataFrame, pd.DataFrame | SeekerArrays, SkillMatcher]:
    """Validate the two sides of :func:`match_data`; reduce a frame of people to its allow-list
    and pick the matcher (the arrays' own, the one given, or one fitted on both frames).
    """
    _require(needs, "needs", NEED_COLUMNS)
    _unique_ids(needs, "needs", "need_id")
    if isinstance(seekers, SeekerArrays):
        if matcher is not None and matcher is not seekers.matcher:
            raise ValueError("`matcher` is not the matcher that the `seekers` arrays were prepared with")
        return needs, seekers, seekers.matcher
    _require(seekers, "seekers", SEEKER_COLUMNS)
    seekers = seekers.loc[:, list(SEEKER_COLUMNS)].reset_index(drop=True)
    _unique_ids(seekers, "seekers", "person_id")
    if matcher is None:
        matcher = SkillMatcher().fit([*needs["skills"].tolist(), *seekers["skills"].tolist()])
    return needs, seekers, matcher


def _required_skills(cells: pd.Series, matcher: SkillMatcher) -> tuple[list[list[str]], list[list[str]]]:
    """Per need: its distinct skill concepts and, for each, the need's first wording of it."""
    concepts_of: list[list[str]] = []
    texts_of: list[list[str]] = []
    for cell in cells:
        concepts, texts = [], []
        for skill in split_skills(cell):
            concept = matcher.concept(skill)
            if concept not in concepts:
                concepts.append(concept)
                texts.append(skill)
        concepts_of.append(concepts)
        texts_of.append(texts)
    return concepts_of, texts_of


def seeker_arrays(seekers: pd.DataFrame, matcher: SkillMatcher) -> SeekerArrays:
    """The job-seeker half of :func:`match_data`, to be reused for many rankings.

    Every person's skills are resolved to concepts of ``matcher`` now (in row order).
    The arrays must not outlive the frame's data: prepare them again when it changes.

    Raises
    ------
    ValidationError
        When the frame lacks a column of :data:`SEEKER_COLUMNS` or repeats a ``person_id``.
    """
    _require(seekers, "seekers", SEEKER_COLUMNS)
    seekers = seekers.loc[:, list(SEEKER_COLUMNS)].reset_index(drop=True)
    _unique_ids(seekers, "seekers", "person_id")
    return _seeker_arrays(seekers, matcher)


def _seeker_arrays(seekers: pd.DataFrame, matcher: SkillMatcher) -> SeekerArrays:
    """:func:`seeker_arrays` of a frame already reduced to :data:`SEEKER_COLUMNS` and checked."""
    seeker_codes = [_codes_list(v) for v in seekers["isco_codes"]]
    seeker_uris = [_codes_list(v) for v in seekers["concept_uris"]]
    uri_code = {u: i for i, u in enumerate(sorted({u for us in seeker_uris for u in us}))}
    j = max(1, max((len(c) for c in seeker_codes), default=1), max((len(u) for u in seeker_uris), default=1))
    s_digits = np.full((len(seekers), j, 4), -1, dtype=np.int8)
    s_concepts = np.full((len(seekers), j), -1, dtype=np.int32)
    digits_of: dict[tuple[str, ...], np.ndarray] = {}
    for i, (codes, uris) in enumerate(zip(seeker_codes, seeker_uris, strict=True)):
        if codes:
            key = tuple(codes)
            found = digits_of.get(key)
            if found is None:
                found = digits_of[key] = _digits(codes)
            s_digits[i, : len(codes)] = found
        if uris:
            s_concepts[i, : len(uris)] = [uri_code[u] for u in uris]
    commute = pd.to_numeric(seekers["max_commute_km"], errors="coerce").to_numpy(dtype=float)
    given = np.isfinite(commute) & (commute > 0)
    return SeekerArrays(
        ids=seekers["person_id"].astype(str).to_numpy(),
        digits=s_digits,
        prefix=_prefix(s_digits, -2),
        concepts=s_concepts,
        concept_code=uri_code,
        xy=_xy(seekers),
        edu=_levels(seekers["education_level"]),
        commute=np.where(given, commute, DEFAULT_MAX_COMMUTE_KM),
        commute_given=given,
        available=_dates(seekers["available_from"]),
        skill_text=seekers["skills"].fillna("").astype(str).to_numpy(),
        skill_rows=_skill_rows(seekers["skills"].tolist(), matcher),
        matcher=matcher,
    )


def _skill_rows(cells: Sequence[object], matcher: SkillMatcher) -> dict[str, np.ndarray]:
    """Concept -> rows listing it; read as :meth:`SkillMatcher.indicator` reads the cells."""
    rows: dict[str, list[int]] = {}
    seen: dict[str, set[str]] = {}
    for i, cell in enumerate(cells):
        key = "" if cell is None or isinstance(cell, float) else str(cell)
        concepts = seen.get(key)
        if concepts is None:
            concepts = seen[key] = set(matcher.concepts(split_skills(key)))
        for concept in concepts:
            rows.setdefault(concept, []).append(i)
    return {c: np.asarray(r, dtype=np.intp) for c, r in rows.items()}


def pair_features(data: MatchData, need: np.ndarray, person: np.ndarray) -> dict[str, np.ndarray]:
    """The :data:`FEATURES` of the pairs (``need[i]``, ``person[i]``) (row positions in ``data``)."""
    nd = data.need_prefix[need]
    sd = data.seeker_prefix[person]
    # equal 3-digit prefixes imply equal 1- and 2-digit ones: the count of equal prefixes is the common length
    common = (sd == nd[:, None, :]).sum(axis=2).max(axis=1)
    known = (nd[:, 0] >= 0) & (sd[:, :, 0] >= 0).any(axis=1)
    isco = np.where(known, 4.0 - common, np.nan)
    nc = data.need_concept[need]
    same = ((data.seeker_concepts[person] == nc[:, None]).any(axis=1) & (nc >= 0)) | (isco == 0)

    req = data.need_req[need]
    w = data.need_req_weight[need]
    listed = req >= 0
    if data.seeker_skills.shape[1]:
        has = data.seeker_skills[person[:, None], np.maximum(req, 0)] & listed
    else:
        has = np.zeros(req.shape, dtype=bool)
    total = w.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = np.where(total > 0, (has * w).sum(axis=1) / total, np.nan)
    missing = (listed & ~has).sum(axis=1)

    d = np.hypot(*(data.need_xy[need] - data.seeker_xy[person]).T) / 1000.0
    c = data.seeker_commute[person]
    ratio = d / c
    within = d <= c

    minimum = data.need_edu_min[need].astype(float)
    level = data.seeker_edu[person].astype(float)
    shortfall = np.where(minimum < 0, 0.0, np.where(level < 0, np.nan, np.maximum(minimum - level, 0.0)))

    deadline = data.need_deadline[need]
    available = data.seeker_available[person]
    on_time = np.isnat(deadline) | np.isnat(available) | (available <= deadline)
    return {
        "same_occupation": same.astype(float),
        "isco_distance": isco,
        "skill_coverage": coverage,
        "missing_skills": missing.astype(float),
        "distance_km": d,
        "commute_ratio": ratio,
        "within_commute": within.astype(float),
        "education_shortfall": shortfall,
        "available_by_deadline": on_time.astype(float),
    }


def build_features(
    needs: pd.DataFrame, seekers: pd.DataFrame, pairs: pd.DataFrame, *, matcher: SkillMatcher | None = None
) -> pd.DataFrame:
    """Features of each ``pairs`` row (columns ``need_id``, ``person_id``).

    Returns ``need_id``, ``person_id`` and the :data:`FEATURES`, one row per pair in the
    order of ``pairs``.

    Raises
    ------
    ValidationError
        When a frame lacks a column, or a pair names an unknown need or person.
    """
    _require(pairs, "pairs", ("need_id", "person_id"))
    data = match_data(needs, seekers, matcher)
    return features_for(data, pairs)


def features_for(data: MatchData, pairs: pd.DataFrame) -> pd.DataFrame:
    """:func:`build_features` on already prepared data."""
    need = pd.Index(data.need_ids).get_indexer(pairs["need_id"].astype(str))
    person = pd.Index(data.seeker_ids).get_indexer(pairs["person_id"].astype(str))
    for name, pos in (("need_id", need), ("person_id", person)):
        if (pos < 0).any():
            unknown = pairs[name].to_numpy()[pos < 0]
            raise ValidationError(
                f"`pairs` names {(pos < 0).sum()} unknown {name}(s), e.g. {list(unknown[:5])}"
            )
    out: dict[str, Any] = {"need_id": data.need_ids[need], "person_id": data.seeker_ids[person]}
    out.update(pair_features(data, need, person))
    return pd.DataFrame(out)


# --- resolving occupations (for the service) ------------------------------------------------
