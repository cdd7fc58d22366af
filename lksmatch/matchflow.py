"""The matching use cases, wired from the store to the pure :mod:`matching` package.

:class:`MatchFlow` loads the stored records once per data version (an import, an erasure
or a newly trained model starts a new one), prepares them (:mod:`lksmatch.matchframes`),
picks the scorer
(the trained model when ``lksmatch train`` has run, else the transparent rule-based
ranker), and answers: candidates for needs with suggested courses, one capacity-
respecting shortlist per LKS, and training. It is built from :class:`MatchSources` - the
engine, the reference data and the model folder - not from a whole service, so a test can
build one over a small database of its own.

The job seekers are prepared for ranking once per data version as well
(:class:`matching.features.SeekerArrays`, which also keeps the blocking indexes), and
rows are found by position, so the first ask of a single need — the Match page — costs
milliseconds, not a pass over every job seeker.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from lksmatch import matchframes, rules
from lksmatch.errors import NotFoundError, ReferenceDataError, ValidationError
from lksmatch.geography import Geography
from matching import allocation, ranking
from matching.features import DEFAULT_MAX_COMMUTE_KM, SeekerArrays, seeker_arrays
from matching.model import RuleBasedRanker, TrainedModel, train
from matching.occupations import OccupationIndex
from matching.offers import OfferIndex, seats_by_offer, suggest_for_upskill
from matching.skills import SkillMatcher, split_skills
from store import artifacts, repo

#: Columns of ``lksmatch match`` output (PRODUCT.md), in order.
MATCH_COLUMNS = ("need_id", "rank", "person_id", "score", "explanation", "missing_skills", "suggested_offers")
#: How many single-need answers are kept (oldest dropped first).
ANSWER_CACHE_SIZE = 512
#: How many of the best-ranked candidates of a need count towards its good candidates (coverage measure).
GOOD_TOP = 10
_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class MatchSources:
    """What :class:`MatchFlow` reads: the database, the reference data (built lazily) and the model.

    The lazy parts are callables so that a flow can be built before the reference data is
    read; each is called at most once per data version and may cache its result.
    """

    engine: Engine
    geography: Callable[[], Geography]
    occupations: Callable[[], OccupationIndex]
    thesaurus: Callable[[], Mapping[str, tuple[str, ...]]]
    model_dir: Path
    today: Callable[[], dt.date] = dt.date.today
    strict_model: bool = True
    """A damaged model file raises (the CLI: exit code 2); when false it is logged as a warning
    and the rule-based ranker is used, announced in :attr:`MatchInputs.model_problem` (the server)."""


@dataclass
class MatchInputs:
    """Prepared frames of one data version and the scorer to use."""

    version: tuple[int, str | None]
    """The data version and the model file's stamp (:func:`store.artifacts.model_stamp`)."""
    needs: pd.DataFrame
    seekers: pd.DataFrame
    offers: pd.DataFrame
    scorer: TrainedModel | RuleBasedRanker
    matcher: SkillMatcher
    offer_index: OfferIndex
    model: str
    """``trained`` or ``rule-based``."""
    model_problem: str | None
    """Why the trained model in the model folder is not used (a damaged file), else ``None``."""
    seeker_arrays: SeekerArrays
    """The job seekers prepared for ranking once (and their blocking indexes, built on first use)."""
    need_index: pd.Index
    """``needs["need_id"]`` as strings: id -> row position."""
    seeker_index: pd.Index
    """``seekers["person_id"]`` as strings: id -> row position."""


def _date(value: object) -> dt.date | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


class MatchFlow:
    """Candidates, shortlists and training over the store and the reference data of ``sources``."""

    def __init__(self, sources: MatchSources) -> None:
        self._sources = sources
        self._lock = threading.Lock()
        self._cached: MatchInputs | None = None
        self._good: tuple[tuple[int, str | None], dt.date, pd.Series] | None = None
        self._answers: dict[tuple[tuple[int, str | None], dt.date, str, int], pd.DataFrame] = {}

    def _version(self) -> tuple[int, str | None]:
        with self._sources.engine.connect() as connection:
            data = repo.data_version(connection)
        return data, artifacts.model_stamp(self._sources.model_dir)

    def inputs(self) -> MatchInputs:
        """The prepared data of the current data version and model (re-read after an import, an
        erasure or a newly trained model).
        """
        version = self._version()
        with self._lock:
            if self._cached is None or self._cached.version != version:
                self._cached = self._prepare(version)
            return self._cached

    def _prepare(self, version: tuple[int, str | None]) -> MatchInputs:
        src = self._sources
        with src.engine.connect() as connection:
            frames = {k: repo.load(connection, k) for k in ("companies", "needs", "jobseekers", "offers")}
        geo, index = src.geography(), src.occupations()
        areas = {"municipalities": geo.municipalities, "postal_areas": geo.postal_areas}
        needs = matchframes.need_frame(frames["needs"], frames["companies"], index=index, **areas)
        seekers = matchframes.seeker_frame(frames["jobseekers"], index=index, **areas)
        offers = matchframes.offer_frame(frames["offers"], **areas)
        model, problem = self._load_model()
        if model is not None:
            scorer: TrainedModel | RuleBasedRanker = model
            matcher = model.matcher
        else:
            matcher = SkillMatcher(thesaurus=dict(src.thesaurus())).fit(
                [*needs["skills"].tolist(), *seekers["skills"].tolist()]
            )
            scorer = RuleBasedRanker(matcher=matcher)
        need_index = pd.Index(needs["need_id"].astype(str))
        seeker_index = pd.Index(seekers["person_id"].astype(str))
        for ids in (need_index, seeker_index):
            ids.get_indexer(ids[:1])  # build the hash table now, under the lock
        return MatchInputs(
            version=version,
            needs=needs,
            seekers=seekers,
            offers=offers,
            scorer=scorer,
            matcher=matcher,
            offer_index=OfferIndex(offers, matcher),
            model="trained" if model is not None else "rule-based",
            model_problem=problem,
            seeker_arrays=seeker_arrays(seekers, matcher),
            need_index=need_index,
            seeker_index=seeker_index,
        )

    def _load_model(self) -> tuple[TrainedModel | None, str | None]:
        """The trained model (``None`` when never trained) and why it cannot be used, if so."""
        try:
            model = artifacts.load_model(self._sources.model_dir)
            if model is not None and not isinstance(model, TrainedModel):
                raise ReferenceDataError(
                    f"the model file in {self._sources.model_dir} holds a {type(model).__name__}, "
                    "not a trained ranking model; run `lksmatch train` again"
                )
        except ReferenceDataError as exc:
            if self._sources.strict_model:
                raise
            _LOG.warning("the ranking model cannot be used, the rule-based ranker is used: %s", exc)
            return None, exc.message
        return model, None

    # --- candidates -------------------------------------------------------------------------

    def candidates(
        self, *, need_ids: list[str] | None = None, lks_id: str | None = None, top: int = 10
    ) -> pd.DataFrame:
        """Top-``top`` candidates per open need with explanations and suggested courses.

        The answer for a single need is kept per data version (the match workspace asks again
        and again while a team works through a need).
        """
        data = self.inputs()
        key = (
            (data.version, self._sources.today(), need_ids[0], top)
            if need_ids and len(need_ids) == 1
            else None
        )
        if key is not None and key in self._answers:
            return self._answers[key].copy()
        result = self._candidates(data, need_ids=need_ids, lks_id=lks_id, top=top)
        if key is not None:
            with self._lock:
                if len(self._answers) >= ANSWER_CACHE_SIZE:
                    self._answers.pop(next(iter(self._answers)))
                self._answers[key] = result
        return result.copy()

    def _candidates(
        self, data: MatchInputs, *, need_ids: list[str] | None, lks_id: str | None, top: int
    ) -> pd.DataFrame:
        if need_ids is not None:  # asked by id: open or not (and whatever ``lks_id`` says)
            positions = data.need_index.get_indexer(pd.Index(need_ids, dtype=str))
            if (positions < 0).any():
                unknown = sorted(n for n, p in zip(need_ids, positions, strict=True) if p < 0)
                raise NotFoundError(f"no need with id {unknown[0]!r}")
            needs = data.needs.iloc[np.unique(positions)]  # in the frame's order, each once
        else:
            needs = data.needs[rules.open_needs(data.needs, self._sources.today())]
            if lks_id is not None:
                needs = needs[needs["lks_id"] == lks_id]
        hire = needs[needs["kind"].fillna("hire") == "hire"]
        if hire.empty:
            return pd.DataFrame(columns=list(CANDIDATE_COLUMNS))
        # the prepared people (with their blocking indexes) instead of the frame: the same answer, and
        # one need is ranked in milliseconds instead of re-preparing 80,000 people for every question
        ranked = ranking.rank_candidates(hire, data.seeker_arrays, data.scorer, top=top)
        return self._with_offers(ranked, data)

    def _with_offers(self, ranked: pd.DataFrame, data: MatchInputs) -> pd.DataFrame:
        today = self._sources.today()
        # only the rows of the ranked needs and people (found by position: no scan of the whole frames)
        needs = data.needs.iloc[_positions(data.need_index, ranked["need_id"])]
        seekers = data.seekers.iloc[_positions(data.seeker_index, ranked["person_id"])]
        # the few columns the course search reads (a row dict of every column costs more than the search)
        need_rows: dict[Any, dict[Any, Any]] = needs.set_index("need_id")[["deadline"]].to_dict("index")
        read = ["x", "y", *(["max_commute_km"] if "max_commute_km" in seekers.columns else [])]
        seeker_rows: dict[Any, dict[Any, Any]] = seekers.set_index("person_id")[read].to_dict("index")
        texts: list[str] = []
        first_offer: list[str] = []
        course: list[tuple[str, str, str, str | None, float]] = []  # title, provider, teaches, start, seats
        extra: list[list[str]] = []
        for row in ranked.itertuples(index=False):
            missing = split_skills(row.missing_skills)
            person = seeker_rows[str(row.person_id)]
            need = need_rows[str(row.need_id)]
            found = (
                data.offer_index.suggest_rows(
                    missing,
                    (float(person["x"]), float(person["y"])),
                    max_km=_float(person.get("max_commute_km")),
                    deadline=_date(need.get("deadline")),
                    today=today,
                )
                if missing
                else []
            )
            texts.append("; ".join(f"{s.title} ({s.provider}, {s.start_date or 'løbende'})" for s in found))
            first_offer.append(found[0].offer_id if found else "")
            best = found[0] if found else None
            course.append(
                (best.title, best.provider, best.teaches, _iso(best.start_date), float(best.seats_free))
                if best is not None
                else ("", "", "", None, np.nan)
            )
            extra.append(split_skills(found[0].teaches) if found else [])
        with_course = np.array([bool(e) for e in extra])
        after = np.full(len(ranked), np.nan)
        if with_course.any():
            pairs = pd.DataFrame(
                {
                    "need_id": ranked["need_id"].to_numpy()[with_course],
                    "person_id": ranked["person_id"].to_numpy()[with_course],
                    "extra_skills": [e for e in extra if e],
                }
            )
            after[with_course] = ranking.score_pairs(needs, seekers, data.scorer, pairs, matcher=data.matcher)
        out = ranked.copy()
        out["suggested_offers"] = texts
        out["offer_ids"] = first_offer
        out["score_after"] = after
        course_columns = ("offer_title", "offer_provider", "offer_teaches", "offer_start", "offer_seats")
        for i, name in enumerate(course_columns):
            out[name] = [c[i] for c in course]
        out = _with_profile(out, data)
        out["occupations"] = _readable_occupations(out["occupations"].tolist(), self._sources.occupations())
        return out

    def upskill_offers(self, need_id: str, *, top: int = 3) -> pd.DataFrame:
        """Courses for the company's own staff for an ``upskill`` need."""
        data = self.inputs()
        rows = data.needs[data.needs["need_id"] == need_id]
        if rows.empty:
            raise NotFoundError(f"no need with id {need_id!r}")
        need = rows.iloc[0]
        return suggest_for_upskill(
            split_skills(need["skills"]),
            (float(need["x"]), float(need["y"])),
            _date(need["deadline"]),
            data.offer_index,
            data.matcher,
            today=self._sources.today(),
            top=top,
        )

    def good_candidates(self) -> pd.Series:
        """Per open hire need: how many good candidates it has (:func:`lksmatch.rules.good_candidates`).

        Computed once per data version and day (it ranks every open need).
        """
        data, today = self.inputs(), self._sources.today()
        if self._good is not None and self._good[:2] == (data.version, today):
            return self._good[2]
        ranked = self.candidates(top=GOOD_TOP)
        counts = ranked[rules.good_candidates(ranked)].groupby("need_id").size()
        needs = data.needs
        open_hire = needs[rules.open_needs(needs, today) & (needs["kind"].fillna("hire") == "hire")]
        result = counts.reindex(open_hire["need_id"], fill_value=0).astype(int)
        self._good = (data.version, today, result)
        return result

    # --- shortlist --------------------------------------------------------------------------

    def shortlist(self, lks_id: str, *, top: int = 20) -> pd.DataFrame:
        """One capacity-respecting allocation over all open hire needs of ``lks_id``."""
        if lks_id not in self._sources.geography().lks_ids:
            raise NotFoundError(f"no LKS with id {lks_id!r}")
        cands = self.candidates(lks_id=lks_id, top=top)
        if cands.empty:
            return cands
        data = self.inputs()
        counts = data.needs.set_index("need_id")["count"].fillna(1).astype(int).to_dict()
        pairs = allocation.shortlist_pairs(cands)
        chosen = allocation.allocate(
            pairs, {k: counts[k] for k in pairs["need_id"].unique()}, seats_by_offer(data.offers)
        )
        keep = chosen[["need_id", "person_id"]].merge(cands, on=["need_id", "person_id"], how="left")
        return keep.sort_values(["need_id", "rank"]).reset_index(drop=True)

    # --- training ---------------------------------------------------------------------------

    def train(self, progress: Callable[[float, str], None] | None = None) -> dict[str, Any]:
        """Fit the ranking model on the recorded outcomes and decisions; save it; return its metadata.

        ``progress`` (optional) is called as ``progress(fraction, step)`` along the way: ``"preparing
        data"``, ``"reading outcomes"``, the steps of :func:`matching.model.train` and ``"saving"``.
        """

        def report(fraction: float, step: str) -> None:
            if progress is not None:
                progress(fraction, step)

        report(0.0, "preparing data")
        data = self.inputs()
        report(0.1, "reading outcomes")
        with self._sources.engine.connect() as connection:
            outcomes = repo.load(connection, "outcomes")
            decisions = repo.load_decisions(connection)
        outcomes = outcomes.assign(
            source=outcomes["recorded_by"].map(
                lambda r: "imported" if r is None or r != r else "web_outcome"
            ),
            at=[_moment(r, d) for r, d in zip(outcomes["recorded_at"], outcomes["date"], strict=True)],
        )
        latest = decisions.drop_duplicates(["need_id", "person_id"], keep="last")  # the person's state
        mapped = latest.assign(
            outcome=latest["decision"].map(rules.DECISION_AS_OUTCOME),
            source="web_decision",
            at=[_moment(t, None) for t in latest["created_at"]],
        )
        mapped = mapped[mapped["outcome"].notna()]  # ``withdrawn``: no training row
        columns = ["need_id", "person_id", "outcome", "source"]
        # a pair's latest word is its label: a hire recorded after the interview decision wins, and
        # a team's decision after an imported outcome of the same pair wins over it
        known = (
            pd.concat([outcomes[[*columns, "at"]], mapped[[*columns, "at"]]], ignore_index=True)
            .sort_values("at", kind="stable")
            .drop_duplicates(["need_id", "person_id"], keep="last")
        )
        if known.empty:
            raise ValidationError("there are no outcomes to train on; import outcomes first")
        model = train(
            data.needs, data.seekers, known[columns[:3]], thesaurus=dict(self._sources.thesaurus()),
            progress=lambda fraction, step: report(0.15 + 0.75 * fraction, step),
        )
        #: where the labelled pairs came from (a pair's last word wins: a web decision over an import)
        model.metadata["sources"] = {k: int(v) for k, v in known["source"].value_counts().items()}
        report(0.92, "saving")
        artifacts.save_model(model, model.metadata, self._sources.model_dir)
        with self._lock:
            self._cached = None
        return model.metadata


#: The profile of a candidate beside the ranking (PRODUCT.md "From need to outcome"): what the
#: person can do and when, never who they are (no name, gender, birth year or address).
PROFILE_COLUMNS = {
    "municipality_code": "municipality_code",  # the home area, never finer (the candidates' map)
    "occupations": "occupations",
    "skills": "skills",
    "education_level": "education_level",
    "available_from": "available_from",
    "max_commute_km": "max_commute_km",
}
#: The need's side of the profile: what the candidate is measured against.
NEED_PROFILE_COLUMNS = {"education_level_min": "education_level_min", "deadline": "deadline"}


#: Every column of :meth:`MatchFlow.candidates` (an empty answer has them too).
CANDIDATE_COLUMNS = (
    *ranking.RESULT_COLUMNS,
    "suggested_offers", "offer_ids", "score_after",
    "offer_title", "offer_provider", "offer_teaches", "offer_start", "offer_seats",
    *PROFILE_COLUMNS.values(), *NEED_PROFILE_COLUMNS.values(), "commute_limit_km",
)  # fmt: skip


def _with_profile(ranked: pd.DataFrame, data: MatchInputs) -> pd.DataFrame:
    """``ranked`` with each candidate's profile and the need's minimum and deadline (row for row)."""
    out = ranked.copy()
    people = data.seeker_index.get_indexer(pd.Index(ranked["person_id"], dtype=str))
    asked = data.need_index.get_indexer(pd.Index(ranked["need_id"], dtype=str))
    for frame, rows, columns in (
        (data.seekers, people, PROFILE_COLUMNS), (data.needs, asked, NEED_PROFILE_COLUMNS)
    ):  # fmt: skip
        for source, name in columns.items():  # one column's rows at a time: no copy of the wide frame
            values = frame[source].to_numpy()[rows].tolist() if source in frame else [None] * len(rows)
            out[name] = [_iso(v) if isinstance(v, dt.date) else v for v in values]
    given = pd.to_numeric(pd.Series(out["max_commute_km"], index=out.index), errors="coerce")
    out["commute_limit_km"] = given.fillna(DEFAULT_MAX_COMMUTE_KM)  # the limit the ranker applied
    return out


def _readable_occupations(cells: list[object], index: OccupationIndex) -> list[str]:
    """Each ``;``-list of occupations with a code or a URI replaced by its ESCO/ISCO label."""
    parts = [split_skills(c) if isinstance(c, str) else [] for c in cells]
    coded = sorted({p for ps in parts for p in ps if p.isdigit() or p.startswith("http")})
    labels = dict(zip(coded, (row[2] for row in index.best_many(coded)), strict=True))
    return [";".join(labels.get(p) or p for p in ps) for ps in parts]


def _iso(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    return str(value)[:10] or None


def _moment(at: object, day: object) -> float:
    """A label's time for ordering (seconds): a recorded moment, else an imported date's noon, else 0."""
    if isinstance(at, dt.datetime) and not pd.isna(at):
        return (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).timestamp()
    if isinstance(day, dt.date) and not pd.isna(day):
        return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC).timestamp()
    return 0.0


def _positions(index: pd.Index, ids: pd.Series | list[str]) -> np.ndarray:
    """Sorted row positions of the (known) ``ids`` in ``index``, each once: the frame's order."""
    return np.unique(index.get_indexer(pd.Index(ids, dtype=str)))


def _float(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if np.isnan(number) else number
