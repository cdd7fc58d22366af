"""Rank job seekers for each need: block, score in batches, keep the top K, explain.

Scoring every (need, person) pair of a large region is wasteful: a caseworker would
never look at a welder for a nurse's job 90 km away. :func:`candidate_pairs` *blocks*:

1. A person is a candidate for a need when the company lies within the person's own
   ``max_commute_km`` and the person lists an occupation of the need's ISCO-08 minor
   group (3 digits). The search uses one KD-tree over the homes of each group's
   members, with the largest commute limit of the group as radius.
2. A need with fewer than ``min_pool`` such candidates widens to the sub-major group
   (2 digits), then the major group (1 digit), then everyone within their commute
   (a need without an occupation code starts there).
3. A need that still has fewer than ``top`` candidates gets the ``min_pool`` people
   living nearest to the company, whatever their commute limit; they can only ever
   rank below the candidates within their commute.

Within a need, candidates are ordered by ``(within_commute desc, score desc,
distance asc)``: a person beyond their own commute limit never ranks above one within
it, whatever the score. Needs and people without coordinates (``x``/``y`` NaN) get no
candidates and are never candidates: without a place, the commute cannot be judged.

Scoring runs in batches of whole needs (``batch_size`` pairs), so memory stays bounded
however many pairs the blocking lets through; only each batch's top K are kept.

The blocking indexes (each group's members and the KD-tree of their homes) depend on the
job seekers alone. Given people prepared once (:func:`matching.features.seeker_arrays`),
:func:`rank_candidates` keeps them with the people, so asking about one need after another
builds each index once: the web app ranks one need among 80,000 people in milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from lksmatch.errors import NotFoundError
from matching import explain
from matching.features import FEATURES, MatchData, SeekerArrays, match_data, pair_features
from matching.skills import SkillMatcher, split_skills

#: The ISCO-08 prefix lengths tried in turn (0 = any occupation).
ISCO_PREFIX_LENGTHS = (3, 2, 1, 0)
#: Needs are searched in chunks of about ``_MAX_DISTANCES / group size`` (memory bound).
_MAX_DISTANCES = 10_000_000
#: The columns of :func:`rank_candidates`' result, in order.
RESULT_COLUMNS = (
    "need_id",
    "rank",
    "person_id",
    "score",
    "within_commute",
    "distance_km",
    "skill_coverage",
    "isco_distance",
    "matched_skills",
    "matched_as",
    "missing_skills",
    "reasons",
    "explanation",
)


class PairScorer(Protocol):
    """Anything that scores feature rows: higher is a better match."""

    def score(self, features: pd.DataFrame) -> np.ndarray:
        """One score per row of ``features`` (the columns of :data:`matching.features.FEATURES`)."""
        ...


@dataclass(frozen=True)
class Candidates:
    """The blocked candidate pairs (positions in :class:`MatchData`), sorted by need."""

    need: np.ndarray
    person: np.ndarray
    level: np.ndarray
    """Per need: the ISCO prefix length its candidates came from (0 = any, -1 = nearest people)."""

    @property
    def n_pairs(self) -> int:
        """Number of candidate pairs."""
        return len(self.need)


def _prefixes(digits: np.ndarray, level: int) -> np.ndarray:
    """Integer prefix of ``level`` digits per code (-1 where the code is shorter or absent)."""
    if level == 0:
        return np.where(digits[..., 0] >= 0, 0, -1)
    part = digits[..., :level].astype(np.int32)
    value = np.zeros(part.shape[:-1], dtype=np.int32)
    for i in range(level):
        value = value * 10 + part[..., i]
    return np.where((part >= 0).all(axis=-1), value, -1)


def _members(data: MatchData, level: int, key: int) -> tuple[np.ndarray, cKDTree | None, np.ndarray]:
    """The people of ISCO-08 group ``key`` at prefix length ``level`` (0 = everyone) who have a place.

    Returns their positions, a KD-tree of their homes (``None`` when there is nobody) and
    their commute limits in metres. Depends on the job seekers only, so it is kept in
    ``data.seeker_cache`` and shared by every ranking over the same prepared people.
    """
    cache_key = ("members", level, int(key))
    found = data.seeker_cache.get(cache_key)
    if found is None:
        if level == 0:
            members = np.arange(len(data.seeker_ids))
        else:
            members = np.flatnonzero((_seeker_prefixes(data, level) == key).any(axis=1))
        members = members[np.isfinite(data.seeker_xy[members]).all(axis=1)]
        tree = cKDTree(data.seeker_xy[members]) if len(members) else None
        found = (members, tree, data.seeker_commute[members] * 1000.0)
        data.seeker_cache[cache_key] = found
    return found


def _seeker_prefixes(data: MatchData, level: int) -> np.ndarray:
    """``_prefixes`` of every person's codes at ``level`` (kept in ``data.seeker_cache``)."""
    found = data.seeker_cache.get(("prefixes", level))
    if found is None:
        found = data.seeker_cache[("prefixes", level)] = _prefixes(data.seeker_digits, level)
    return np.asarray(found)


def _within_pairs(data: MatchData, needs: np.ndarray, level: int, key: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (need, person) of ``needs`` × the group's members with the company within the person's commute.

    Needs and people without coordinates have no pairs. The needs are searched in chunks
    so that a large group (or level 0, everyone) never materialises more than a few
    million candidate distances at once.
    """
    needs = needs[np.isfinite(data.need_xy[needs]).all(axis=1)]
    members, tree, limit = _members(data, level, key)
    if not len(needs) or tree is None:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    radius = float(data.seeker_commute[members].max()) * 1000.0
    chunk = max(1, _MAX_DISTANCES // len(members))
    out_n, out_p = [], []
    for start in range(0, len(needs), chunk):
        part = needs[start : start + chunk]
        found = cKDTree(data.need_xy[part]).sparse_distance_matrix(tree, radius, output_type="ndarray")
        keep = found["v"] <= limit[found["j"]]
        out_n.append(part[found["i"][keep]].astype(np.int64))
        out_p.append(members[found["j"][keep]].astype(np.int64))
    return np.concatenate(out_n), np.concatenate(out_p)


def candidate_pairs(
    data: MatchData, *, top: int = 10, min_pool: int | None = None, needs: np.ndarray | None = None
) -> Candidates:
    """Block the pairs to score (see the module docstring); ``needs`` = positions to rank (default all)."""
    min_pool = max(5 * top, 50) if min_pool is None else min_pool
    todo = np.arange(len(data.need_ids)) if needs is None else np.asarray(needs, dtype=np.int64)
    chunks_n: list[np.ndarray] = []
    chunks_p: list[np.ndarray] = []
    level_of = np.full(len(data.need_ids), -2, dtype=np.int8)
    for level in ISCO_PREFIX_LENGTHS:
        if not len(todo):
            break
        need_key = _prefixes(data.need_digits[todo], level) if level else np.zeros(len(todo), dtype=np.int32)
        found_n, found_p = [], []
        for key in np.unique(need_key):
            group = todo[need_key == key]
            if key < 0:
                continue  # no code of this length: try the next level
            n, p = _within_pairs(data, group, level, int(key))
            found_n.append(n)
            found_p.append(p)
        n = np.concatenate(found_n) if found_n else np.empty(0, dtype=np.int64)
        p = np.concatenate(found_p) if found_p else np.empty(0, dtype=np.int64)
        counts = np.bincount(n, minlength=len(data.need_ids))
        enough = counts[todo] >= (min_pool if level else top)
        if level:  # the others widen to the next level and are found again there
            keep = np.zeros(len(data.need_ids), dtype=bool)
            keep[todo[enough]] = True
            n, p = n[keep[n]], p[keep[n]]
        else:  # too few even within commute: add the nearest people, once each
            short = todo[~enough]
            near_n, near_p = _nearest(data, short, min_pool)
            key = np.unique(
                np.r_[n[np.isin(n, short)], near_n] * len(data.seeker_ids)
                + np.r_[p[np.isin(n, short)], near_p]
            )
            rest = ~np.isin(n, short)
            n = np.r_[n[rest], key // len(data.seeker_ids)]
            p = np.r_[p[rest], key % len(data.seeker_ids)]
            level_of[short] = -1
            enough[:] = True
        chunks_n.append(n)
        chunks_p.append(p)
        level_of[todo[enough] if level else todo[level_of[todo] != -1]] = level
        todo = todo[~enough]
    need = np.concatenate(chunks_n) if chunks_n else np.empty(0, dtype=np.int64)
    person = np.concatenate(chunks_p) if chunks_p else np.empty(0, dtype=np.int64)
    order = np.argsort(need, kind="stable")  # each (need, person) pair occurs once: a need ends at one level
    return Candidates(need[order], person[order], level_of)


def _nearest(data: MatchData, needs: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` people living nearest to each need's company."""
    members, tree, _ = _members(data, 0, 0)  # everyone with a place
    needs = needs[np.isfinite(data.need_xy[needs]).all(axis=1)]
    k = min(k, len(members))
    if not len(needs) or k == 0 or tree is None:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    _, j = tree.query(data.need_xy[needs], k=k)
    j = np.asarray(j).reshape(len(needs), k)
    return np.repeat(needs, k).astype(np.int64), members[j.ravel()].astype(np.int64)


def _batches(candidates: Candidates, size: int) -> Iterator[slice]:
    """Slices of the pair arrays holding whole needs, about ``size`` pairs each."""
    total = candidates.n_pairs
    bounds = np.r_[np.flatnonzero(np.diff(candidates.need)) + 1, total]
    start = 0
    while start < total:
        stop = int(bounds[np.searchsorted(bounds, min(start + size, total))])
        yield slice(start, stop)
        start = stop


def top_k(
    need: np.ndarray,
    within: np.ndarray,
    score: np.ndarray,
    distance: np.ndarray,
    top: int,
) -> np.ndarray:
    """Positions of each need's ``top`` best pairs, in rank order (the hard commute rule applied)."""
    # one float key per pair: the need, then within commute, then the score (scaled to [0, 1)); scores
    # equal to six decimals go nearest first; equal keys keep the (deterministic) candidate order
    low, high = float(np.nanmin(score, initial=0.0)), float(np.nanmax(score, initial=1.0))
    scaled = (np.nan_to_num(score, nan=low) - low) / (high - low or 1.0)
    near = np.nan_to_num(distance, nan=1e6) / max(float(np.nanmax(distance, initial=1.0)), 1.0)
    key = need * 4.0 + (1.0 - within) * 2.0 + (1.0 - scaled) * (1 - 1e-6) + 1e-6 * np.minimum(near, 1.0)
    order = np.argsort(key, kind="stable")
    sorted_need = need[order]
    first = np.r_[0, np.flatnonzero(np.diff(sorted_need)) + 1]
    rank = np.arange(len(order)) - np.repeat(first, np.diff(np.r_[first, len(order)]))
    return np.asarray(order[rank < top])


def rank_candidates(
    needs: pd.DataFrame,
    seekers: pd.DataFrame | SeekerArrays,
    scorer: PairScorer,
    *,
    top: int = 10,
    need_ids: list[str] | None = None,
    matcher: SkillMatcher | None = None,
    min_pool: int | None = None,
    batch_size: int = 1_000_000,
    stats: dict[str, Any] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Independent top-``top`` job seekers for each need.

    Parameters
    ----------
    needs, seekers
        The frames described in :mod:`matching.features` (resolved occupation codes,
        ``x``/``y`` in EPSG:25832). ``seekers`` may also be
        :class:`matching.features.SeekerArrays` (:func:`matching.features.seeker_arrays`):
        the same answer, but the people are not prepared again, and their blocking indexes
        are built once and kept with the arrays — for asking about one need after another.
    scorer
        :class:`matching.model.TrainedModel` or :class:`matching.model.RuleBasedRanker`.
    need_ids
        Rank only these needs (default: every row of ``needs``).
    matcher
        Skill matcher; default the one of prepared ``seekers``, else the scorer's
        ``matcher`` if it has one, else one fitted on the two frames.
    min_pool
        Candidates a need should have before the blocking stops widening
        (default ``max(5 * top, 50)``).
    batch_size
        Pairs scored at once (whole needs per batch).
    stats
        If given, filled with ``pairs_scored``, ``pairs_total`` and ``needs_by_level``
        (how many needs found their candidates at each ISCO prefix length; -1 = nearest).
    progress
        Called with (pairs scored so far, pairs to score) after each batch.

    Returns
    -------
    DataFrame
        ``need_id``, ``rank`` (1 = best), ``person_id``, ``score``, ``within_commute``,
        ``distance_km``, ``skill_coverage``, ``isco_distance``, ``matched_skills``,
        ``matched_as`` (the person's wording of each matched skill, ``""`` where the same),
        ``missing_skills`` (``;``-separated, the need's wording), ``reasons`` and
        ``explanation`` (Danish). ``score`` is the scorer's: for a trained model the
        calibrated probability of an interview or a hire.

    Raises
    ------
    NotFoundError
        When ``need_ids`` names a need that is not in ``needs``.
    ValueError
        When ``top`` is not a positive integer, or ``matcher`` is not the one that
        prepared ``seekers``.
    """
    if not isinstance(top, int | np.integer) or top < 1:
        raise ValueError(f"`top` was {top!r} but is expected to be an integer >= 1")
    if matcher is None and not isinstance(seekers, SeekerArrays):
        matcher = getattr(scorer, "matcher", None)
    data = match_data(needs, seekers, matcher)
    positions = _need_positions(data, need_ids)
    candidates = candidate_pairs(data, top=top, min_pool=min_pool, needs=positions)
    kept_pairs = _score_in_batches(data, candidates, scorer, top, batch_size, progress)
    if stats is not None:
        ranked = len(data.need_ids) if positions is None else len(positions)
        levels, counts = np.unique(candidates.level[candidates.level > -2], return_counts=True)
        stats.update(
            pairs_scored=candidates.n_pairs,
            pairs_total=ranked * len(data.seeker_ids),
            needs_by_level={int(k): int(v) for k, v in zip(levels, counts, strict=True)},
        )
    return _assemble(data, kept_pairs, top)


def _need_positions(data: MatchData, need_ids: list[str] | None) -> np.ndarray | None:
    """Row positions of ``need_ids`` in ``data`` (``None``: every need); unknown ids are an error."""
    if need_ids is None:
        return None
    positions = pd.Index(data.need_ids).get_indexer(pd.Index(need_ids, dtype=str))
    if (positions < 0).any():
        unknown = [n for n, p in zip(need_ids, positions, strict=True) if p < 0]
        raise NotFoundError(f"`need_ids` names {len(unknown)} unknown need(s): {unknown[:5]}")
    return positions


_Kept = tuple[np.ndarray, np.ndarray, dict[str, np.ndarray], np.ndarray]


def _score_in_batches(
    data: MatchData,
    candidates: Candidates,
    scorer: PairScorer,
    top: int,
    batch_size: int,
    progress: Callable[[int, int], None] | None,
) -> list[_Kept]:
    """Score the candidate pairs batch by batch, keeping each need's best ``top`` of every batch."""
    kept_pairs: list[_Kept] = []
    done = 0
    for part in _batches(candidates, batch_size):
        n, p = candidates.need[part], candidates.person[part]
        feats = pair_features(data, n, p)
        score = np.asarray(scorer.score(pd.DataFrame({f: feats[f] for f in FEATURES})), dtype=float)
        best = top_k(n, feats["within_commute"], score, feats["distance_km"], top)
        kept_pairs.append((n[best], p[best], {k: v[best] for k, v in feats.items()}, score[best]))
        done += len(n)
        if progress is not None:
            progress(done, candidates.n_pairs)
    return kept_pairs


def _assemble(
    data: MatchData, kept: list[tuple[np.ndarray, np.ndarray, dict[str, np.ndarray], np.ndarray]], top: int
) -> pd.DataFrame:
    if not kept or not sum(len(k[0]) for k in kept):
        return pd.DataFrame(columns=list(RESULT_COLUMNS))
    need = np.concatenate([k[0] for k in kept])
    person = np.concatenate([k[1] for k in kept])
    feats = {f: np.concatenate([k[2][f] for k in kept]) for f in kept[0][2]}
    score = np.concatenate([k[3] for k in kept])
    first = np.r_[0, np.flatnonzero(np.diff(need)) + 1]
    rank = np.arange(len(need)) - np.repeat(first, np.diff(np.r_[first, len(need)])) + 1
    texts = explain.explain_pairs(data, need, person, feats)
    return pd.DataFrame(
        {
            "need_id": data.need_ids[need],
            "rank": rank.astype(int),
            "person_id": data.seeker_ids[person],
            "score": np.round(score, 4),
            "within_commute": feats["within_commute"].astype(bool),
            "distance_km": np.round(feats["distance_km"], 1),
            "skill_coverage": np.round(feats["skill_coverage"], 3),
            "isco_distance": feats["isco_distance"],
            "matched_skills": texts["matched_skills"],
            "matched_as": texts["matched_as"],
            "missing_skills": texts["missing_skills"],
            "reasons": texts["reasons"],
            "explanation": texts["explanation"],
        }
    )


def score_pair(
    needs: pd.DataFrame,
    seekers: pd.DataFrame,
    scorer: PairScorer,
    need_id: str,
    person_id: str,
    *,
    extra_skills: Sequence[str] = (),
    matcher: SkillMatcher | None = None,
) -> float:
    """The score of one (need, person) pair, optionally as if the person also had ``extra_skills``.

    For "the score after the course": pass the skills an education offer teaches (see
    :func:`matching.offers.with_scores_after`). Only the two rows are read.

    Raises
    ------
    NotFoundError
        When the need or the person is not in the frames.
    """
    need_rows = needs[needs["need_id"].astype(str) == str(need_id)]
    person_rows = seekers[seekers["person_id"].astype(str) == str(person_id)]
    if need_rows.empty or person_rows.empty:
        missing = f"need {need_id!r}" if need_rows.empty else f"person {person_id!r}"
        raise NotFoundError(f"cannot score the pair: the {missing} is unknown")
    person_rows = person_rows.head(1).copy()
    if extra_skills:
        own = split_skills(person_rows["skills"].iloc[0])
        person_rows["skills"] = ";".join([*own, *extra_skills])
    chosen = matcher if matcher is not None else getattr(scorer, "matcher", None)
    data = match_data(need_rows.head(1), person_rows, chosen)
    feats = pair_features(data, np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.int64))
    return float(np.asarray(scorer.score(pd.DataFrame({f: feats[f] for f in FEATURES})))[0])


def score_pairs(
    needs: pd.DataFrame,
    seekers: pd.DataFrame,
    scorer: PairScorer,
    pairs: pd.DataFrame,
    *,
    matcher: SkillMatcher | None = None,
) -> np.ndarray:
    """Vectorised :func:`score_pair`: one score per row of ``pairs``.

    ``pairs`` has ``need_id``, ``person_id`` and ``extra_skills`` (a list of skills the
    person is scored as also having, e.g. what a course teaches; empty for none). Each
    row gets its own copy of the person, so different extra skills never mix.
    """
    if pairs.empty:
        return np.zeros(0)
    need_ids = pairs["need_id"].astype(str)
    person_ids = pairs["person_id"].astype(str)
    # only the rows the pairs name are copied (the frames may hold a whole region)
    needs = needs[needs["need_id"].astype(str).isin(set(need_ids))].drop_duplicates("need_id")
    seekers = seekers[seekers["person_id"].astype(str).isin(set(person_ids))].drop_duplicates("person_id")
    need_rows = needs.set_index(needs["need_id"].astype(str))
    person_rows = seekers.set_index(seekers["person_id"].astype(str))
    unknown = sorted(set(need_ids) - set(need_rows.index)) or sorted(set(person_ids) - set(person_rows.index))
    if unknown:
        raise NotFoundError(f"cannot score the pairs: {unknown[0]!r} is unknown")
    used_needs = need_rows.loc[sorted(set(need_ids))].reset_index(drop=True)
    copies = person_rows.loc[person_ids.to_list()].reset_index(drop=True)
    copies["skills"] = [
        ";".join([*split_skills(own), *extra])
        for own, extra in zip(copies["skills"], pairs["extra_skills"], strict=True)
    ]
    copies["person_id"] = [f"{pid}#{i}" for i, pid in enumerate(person_ids)]
    chosen = matcher if matcher is not None else getattr(scorer, "matcher", None)
    data = match_data(used_needs, copies, chosen)
    need_index = {nid: i for i, nid in enumerate(used_needs["need_id"].astype(str))}
    need_pos = np.array([need_index[n] for n in need_ids], dtype=np.int64)
    feats = pair_features(data, need_pos, np.arange(len(copies), dtype=np.int64))
    return np.asarray(scorer.score(pd.DataFrame({f: feats[f] for f in FEATURES})), dtype=float)
