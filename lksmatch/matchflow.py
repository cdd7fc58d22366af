"""The matching use cases, wired from the store to the pure :mod:`matching` package.

:class:`MatchFlow` loads the stored records once per data version (an import or an
erasure starts a new one), prepares them (:mod:`lksmatch.prepare`), picks the scorer
(the trained model when ``lksmatch train`` has run, else the transparent rule-based
ranker), and answers: candidates for needs with suggested courses, one capacity-
respecting shortlist per LKS, and training.

The job seekers are prepared for ranking once per data version as well
(:class:`matching.features.SeekerArrays`, which also keeps the blocking indexes), and
rows are found by position, so the first ask of a single need — the Match page — costs
milliseconds, not a pass over every job seeker.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from lksmatch import prepare
from lksmatch.errors import NotFoundError, ValidationError
from matching import allocation, ranking
from matching.features import SeekerArrays, prepare_seekers
from matching.model import RuleBasedRanker, TrainedModel, train
from matching.offers import OfferIndex, seats_by_offer, suggest_for_upskill
from matching.skills import SkillMatcher, split_skills
from store import artifacts, repo

if TYPE_CHECKING:
    from lksmatch.service import Service

#: Columns of ``lksmatch match`` output (PRODUCT.md), in order.
MATCH_COLUMNS = ("need_id", "rank", "person_id", "score", "explanation", "missing_skills", "suggested_offers")


#: A good candidate: within their own commute limit, the same ISCO-08 minor group (3 digits) or
#: closer, and at least half of the need's skills (IDF-weighted). Used for the coverage measure.
#: How many single-need answers are kept (oldest dropped first).
ANSWER_CACHE_SIZE = 512

GOOD_CANDIDATE = {"isco_distance_max": 1, "skill_coverage_min": 0.5}


@dataclass
class MatchInputs:
    """Prepared frames of one data version and the scorer to use."""

    version: int
    needs: pd.DataFrame
    seekers: pd.DataFrame
    offers: pd.DataFrame
    scorer: TrainedModel | RuleBasedRanker
    matcher: SkillMatcher
    offer_index: OfferIndex
    model: str
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
    """Candidates, shortlists and training over the service's store and reference data."""

    def __init__(self, service: Service) -> None:
        self._service = service
        self._lock = threading.Lock()
        self._cached: MatchInputs | None = None
        self._good: tuple[int, pd.Series] | None = None
        self._answers: dict[tuple[int, dt.date, str, int], pd.DataFrame] = {}

    def inputs(self) -> MatchInputs:
        """The prepared data of the current data version (re-read after an import or erasure)."""
        svc = self._service
        with svc.engine.connect() as connection:
            version = repo.data_version(connection)
        with self._lock:
            if self._cached is not None and self._cached.version == version:
                return self._cached
            with svc.engine.connect() as connection:
                frames = {k: repo.load(connection, k) for k in ("companies", "needs", "jobseekers", "offers")}
            geo = svc.geography
            areas = {"municipalities": geo.municipalities, "postal_areas": geo.postal_areas}
            needs = prepare.prepare_needs(
                frames["needs"], frames["companies"], index=svc.occupations, **areas
            )
            seekers = prepare.prepare_seekers(frames["jobseekers"], index=svc.occupations, **areas)
            offer_frame = prepare.prepare_offers(frames["offers"], **areas)
            model = artifacts.load_model(svc.settings.model_dir)
            if isinstance(model, TrainedModel):
                scorer: TrainedModel | RuleBasedRanker = model
                matcher = model.matcher
                name = "trained"
            else:
                matcher = SkillMatcher(thesaurus=svc.skill_thesaurus).fit(
                    [*needs["skills"].tolist(), *seekers["skills"].tolist()]
                )
                scorer = RuleBasedRanker(matcher=matcher)
                name = "rule-based"
            offer_index = OfferIndex(offer_frame, matcher)
            need_index = pd.Index(needs["need_id"].astype(str))
            seeker_index = pd.Index(seekers["person_id"].astype(str))
            for index in (need_index, seeker_index):
                index.get_indexer(index[:1])  # build the hash table now, under the lock
            self._cached = MatchInputs(
                version,
                needs,
                seekers,
                offer_frame,
                scorer,
                matcher,
                offer_index,
                name,
                prepare_seekers(seekers, matcher),
                need_index,
                seeker_index,
            )
            return self._cached

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
            (data.version, self._service.today(), need_ids[0], top)
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
            needs = data.needs[prepare.is_open(data.needs, self._service.today())]
            if lks_id is not None:
                needs = needs[needs["lks_id"] == lks_id]
        hire = needs[needs["kind"].fillna("hire") == "hire"]
        if hire.empty:
            return pd.DataFrame(columns=[*MATCH_COLUMNS, "offer_ids", "score_after"])
        # the prepared people (with their blocking indexes) instead of the frame: the same answer, and
        # one need is ranked in milliseconds instead of re-preparing 80,000 people for every question
        ranked = ranking.rank_candidates(hire, data.seeker_arrays, data.scorer, top=top)
        return self._with_offers(ranked, data)

    def _with_offers(self, ranked: pd.DataFrame, data: MatchInputs) -> pd.DataFrame:
        today = self._service.today()
        # only the rows of the ranked needs and people (found by position: no scan of the whole frames)
        needs = data.needs.iloc[_positions(data.need_index, ranked["need_id"])]
        seekers = data.seekers.iloc[_positions(data.seeker_index, ranked["person_id"])]
        need_rows: dict[Any, dict[Any, Any]] = needs.set_index("need_id").to_dict("index")
        seeker_rows: dict[Any, dict[Any, Any]] = seekers.set_index("person_id").to_dict("index")
        texts: list[str] = []
        first_offer: list[str] = []
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
            today=self._service.today(),
            top=top,
        )

    def good_candidates(self) -> pd.Series:
        """Per open hire need: how many good candidates it has (see :data:`GOOD_CANDIDATE`).

        Computed once per data version (it ranks every open need).
        """
        data = self.inputs()
        if self._good is not None and self._good[0] == data.version:
            return self._good[1]
        ranked = self.candidates(top=10)
        good = ranked[
            ranked["within_commute"].astype(bool)
            & (ranked["isco_distance"] <= GOOD_CANDIDATE["isco_distance_max"])
            & (ranked["skill_coverage"] >= GOOD_CANDIDATE["skill_coverage_min"])
        ]
        counts = good.groupby("need_id").size()
        open_hire = data.needs[
            (data.needs["status"].fillna("open") == "open") & (data.needs["kind"] == "hire")
        ]
        result = counts.reindex(open_hire["need_id"], fill_value=0).astype(int)
        self._good = (data.version, result)
        return result

    # --- shortlist --------------------------------------------------------------------------

    def shortlist(self, lks_id: str, *, top: int = 20) -> pd.DataFrame:
        """One capacity-respecting allocation over all open hire needs of ``lks_id``."""
        if lks_id not in set(self._service.geography.lks_table["lks_id"]):
            raise NotFoundError(f"no LKS with id {lks_id!r}")
        cands = self.candidates(lks_id=lks_id, top=top)
        if cands.empty:
            return cands
        data = self.inputs()
        counts = data.needs.set_index("need_id")["count"].fillna(1).astype(int).to_dict()
        # A candidate who needs a course first uses one of its seats; the score then is the one after it.
        course = cands["offer_ids"] != ""
        pairs = pd.DataFrame(
            {
                "need_id": cands["need_id"],
                "person_id": cands["person_id"],
                "score": np.where(
                    course & cands["score_after"].notna(), cands["score_after"], cands["score"]
                ),
                "offer_id": cands["offer_ids"],
            }
        )
        chosen = allocation.allocate(
            pairs, {k: counts[k] for k in pairs["need_id"].unique()}, seats_by_offer(data.offers)
        )
        keep = chosen[["need_id", "person_id"]].merge(cands, on=["need_id", "person_id"], how="left")
        return keep.sort_values(["need_id", "rank"]).reset_index(drop=True)

    # --- training ---------------------------------------------------------------------------

    def train(self) -> dict[str, Any]:
        """Fit the ranking model on the recorded outcomes and decisions; save it; return its metadata."""
        data = self.inputs()
        with self._service.engine.connect() as connection:
            outcomes = repo.load(connection, "outcomes")[["need_id", "person_id", "outcome"]]
            decisions = repo.load_decisions(connection)
        # Decisions become outcomes: accepted ~ interviewed, rejected ~ not hired, contacted ~ contacted.
        mapped = decisions.assign(
            outcome=decisions["decision"].map(
                {"accepted": "interviewed", "rejected": "not_hired", "contacted": "contacted"}
            )
        )[["need_id", "person_id", "outcome"]]
        known = pd.concat([outcomes, mapped], ignore_index=True).drop_duplicates(
            ["need_id", "person_id"], keep="last"
        )
        if known.empty:
            raise ValidationError("there are no outcomes to train on; import outcomes first")
        model = train(data.needs, data.seekers, known, thesaurus=self._service.skill_thesaurus)
        artifacts.save_model(model, model.metadata, self._service.settings.model_dir)
        with self._lock:
            self._cached = None
        return model.metadata


def _positions(index: pd.Index, ids: pd.Series | list[str]) -> np.ndarray:
    """Sorted row positions of the (known) ``ids`` in ``index``, each once: the frame's order."""
    return np.unique(index.get_indexer(pd.Index(ids, dtype=str)))


def _float(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if np.isnan(number) else number
