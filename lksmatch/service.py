"""The one API that the dashboard, the JSON API and the CLI call.

The service wires the pure packages (:mod:`geo`, :mod:`matching`, :mod:`stats`) to the
store (:mod:`store`); the use cases that need more than a few lines live in modules beside
it (:mod:`lksmatch.imports`, :mod:`lksmatch.matchflow`, :mod:`lksmatch.exporting`,
:mod:`lksmatch.auth`), each taking what it needs explicitly. The service holds no global
state: build one per process (or per test) with :func:`build_service`. Reference data is
loaded lazily, once per service. The web layer never sees the database engine: sessions,
logins, logouts, users and the audit log all go through methods here (and, for a caller,
through :class:`lksmatch.access.SecureService`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import Engine

from lksmatch import imports, rules
from lksmatch.accounts import Accounts
from lksmatch.administration import Administration
from lksmatch.config import PROJECT_ROOT, Settings
from lksmatch.errors import NotFoundError, UsageError
from lksmatch.modelcard import ModelAdmin
from lksmatch.reference import ReferenceService
from store import db, erasure, files, refdata, repo, vocab

#: What an LKS team may export as a list: its companies and needs, never job seekers.
LIST_KINDS = ("companies", "needs")
#: Where ``demo-data`` writes the generated import files before importing them.
DEMO_DIR = PROJECT_ROOT / "data" / "demo"

if TYPE_CHECKING:  # the matching and statistics stacks load when first used: `assign` needs neither
    from lksmatch.matchflow import MatchFlow
    from lksmatch.needwork import NeedWork
    from lksmatch.statistics import StatisticsFlow, StatsSnapshot
    from lksmatch.workspace import Workspace
    from stats import disclosure

__all__ = ["DEMO_DIR", "LIST_KINDS", "Service", "build_service"]


class Service(ReferenceService, Accounts, Administration, ModelAdmin):
    """Application service: every use case of lksmatch is one method here (the users and sessions:
    :class:`lksmatch.accounts.Accounts`).
    """

    def __init__(
        self,
        settings: Settings,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        strict_model: bool = True,
        background_stats: bool = False,
    ) -> None:
        super().__init__(settings)
        self._today = today
        self._strict_model = strict_model
        self._background_stats = background_stats

    def today(self) -> dt.date:
        """Today's date (injectable for tests with a frozen clock)."""
        return self._today()

    # --- reference data ---------------------------------------------------------------------

    @cached_property
    def skill_thesaurus(self) -> dict[str, tuple[str, ...]]:
        """The curated skill thesaurus (``store/data/skill_thesaurus.csv``), read and validated once."""
        return vocab.read_skill_thesaurus()

    @cached_property
    def workspace(self) -> Workspace:
        """Companies, visits and needs of the LKS teams (:mod:`lksmatch.workspace`)."""
        from lksmatch.workspace import Workspace

        return Workspace(self.engine, municipality_codes=lambda: self.geography.municipality_codes,
                         municipality_names=lambda: self._municipality_names, today=self._today)

    @cached_property
    def needwork(self) -> NeedWork:
        """From need to outcome: history, outcomes, courses, enrolments (:mod:`lksmatch.needwork`)."""
        from lksmatch.needwork import NeedWork

        return NeedWork(
            self.engine, today=self._today,
            upskill_offers=lambda need_id, top: self.match_flow.upskill_offers(need_id, top=top),
            fill_if_placed=lambda c, need_id, user: self.workspace.fill_if_placed(c, need_id, username=user),
        )

    @cached_property
    def _municipality_names(self) -> dict[str, str]:
        return self.municipality_names()

    def skill_wordings(self) -> list[str]:
        """Every wording of the skill thesaurus (what people write; not the concept keys), sorted."""
        found = {w for wordings in self.skill_thesaurus.values() for w in wordings}
        return sorted(found, key=str.casefold)

    # --- database ---------------------------------------------------------------------------

    @cached_property
    def engine(self) -> Engine:
        """The database engine, its schema migrated to the newest revision on first use."""
        engine = db.make_engine(self.settings.database_url)
        db.upgrade(engine)
        return engine

    def import_file(self, kind: str, path: Path, *, username: str | None = None) -> imports.ImportReport:
        """Import one CSV/XLSX file of ``kind``: validated in full, placed, written all or nothing."""
        if not path.is_file():
            raise UsageError(f"the file {path} does not exist")
        return imports.import_file(
            self.engine,
            kind,
            path,
            valid_municipality_codes=self.geography.municipality_codes,
            place=self.assign_frame,
            username=username,
        )

    def erase_person(self, person_id: str, *, username: str | None = None) -> erasure.ErasureResult:
        """Remove a job seeker and everything derived from them; a tombstone stays in the audit log."""
        return erasure.erase_person(self.engine, person_id, username=username)

    def retention(self, older_than_days: int, *, username: str | None = None) -> erasure.ErasureResult:
        """Erase everyone whose unemployment ended more than ``older_than_days`` days ago."""
        if older_than_days < 0:
            raise UsageError(f"`--older-than` was {older_than_days} but is expected to be 0 or more days")
        return erasure.retention(self.engine, older_than_days, self._today(), username=username)

    def counts(self) -> dict[str, int]:
        """Rows per import kind in the database."""
        with self.engine.connect() as connection:
            return {kind: repo.count(connection, kind) for kind in repo.TABLES}

    def needs_for_lks(self, lks_id: str | None) -> pd.DataFrame:
        """The needs of one LKS (all when ``lks_id`` is None) with their company's name."""
        with self.engine.connect() as connection:
            needs = repo.load(connection, "needs", lks_id=lks_id)
            companies = repo.load(connection, "companies", lks_id=lks_id)
        names = companies[["cvr", "name"]].rename(columns={"name": "company_name"})
        return needs.merge(names, on="cvr", how="left")

    def companies_of(self, lks_id: str) -> pd.DataFrame:
        """The companies placed in one LKS."""
        with self.engine.connect() as connection:
            return repo.load(connection, "companies", lks_id=lks_id)

    def need(self, need_id: str) -> dict[str, object]:
        """One need by id; :class:`NotFoundError` when there is none."""
        with self.engine.connect() as connection:
            row = repo.get_row(connection, "needs", need_id)
        if row is None:
            raise NotFoundError(f"no need with id {need_id!r}")
        return row

    def record_decision(
        self, need_id: str, person_id: str, decision: str, reason: str | None, *, username: str
    ) -> None:
        """Record an LKS team's decision on a candidate (:meth:`.needwork.NeedWork.record_decision`)."""
        self.needwork.record_decision(need_id, person_id, decision, reason, username=username)

    def fairness_report(self, *, username: str | None = None) -> pd.DataFrame:
        """Person-level selection rates by gender and age band from outcomes and decisions.

        Four-fifths flags with intervals and adjusted tests; see :mod:`matching.fairness`.
        """
        from matching import fairness

        with self.engine.begin() as connection:
            outcomes = repo.load(connection, "outcomes")
            decisions = repo.load_decisions(connection)
            seekers = repo.load(connection, "jobseekers")[["person_id", "gender", "birth_year"]]
            repo.audit(
                connection, "fairness_audit", username=username, detail="gender and birth year, aggregated"
            )
        selected = fairness.selections(outcomes, decisions)
        return fairness.fairness_report(selected, seekers, today=self._today())

    # --- the audit log ----------------------------------------------------------------------

    def audit(
        self,
        action: str,
        *,
        username: str | None,
        record_kind: str | None = None,
        record_id: str | None = None,
        detail: str | None = None,
    ) -> None:
        """Write one entry to the audit log (who, when, what, on which record, why)."""
        with self.engine.begin() as connection:
            repo.audit(
                connection, action, username=username, record_kind=record_kind, record_id=record_id,
                detail=detail,
            )

    def audit_candidate_reads(
        self, need_id: str, person_ids: list[str], *, username: str, purpose: str
    ) -> None:
        """Log that ``username`` was shown ``person_ids`` as candidates of ``need_id`` (one entry each)."""
        with self.engine.begin() as connection:
            repo.audit_candidate_reads(connection, need_id, person_ids, username=username, purpose=purpose)

    def _log_reads(self, frame: pd.DataFrame, *, username: str | None, why: str) -> None:
        """Write one audit entry per job seeker in ``frame`` (every read of personal data is logged)."""
        with self.engine.begin() as connection:
            repo.audit_many(
                connection, "read_candidate", frame["person_id"].astype(str).tolist(), username=username,
                detail=why,
            )

    # --- demo data --------------------------------------------------------------------------

    def generate_demo_files(self, folder: Path, *, scale: float = 1.0, seed: int = 0) -> dict[str, Path]:
        """Generate the demo region and write it as the six import files in ``folder``."""
        from demo import generate as demo  # the generator loads with the demo, not with `assign`

        try:
            frames = demo.generate_demo(
                municipalities=refdata.read_municipalities(self.settings),
                postal_areas=refdata.read_postal_codes(self.settings),
                occupations=refdata.read_esco_occupations(self.settings),
                labels_da=refdata.read_esco_labels_da(self.settings),
                scale=scale,
                seed=seed,
                today=self._today(),
            )
        except ValueError as exc:
            raise UsageError(str(exc)) from exc
        return {kind: files.write_table(frames[kind], folder / f"{kind}.csv") for kind in demo.COLUMNS}

    def load_demo_data(
        self, *, scale: float = 1.0, seed: int = 0, folder: Path = DEMO_DIR, history_months: int = 0
    ) -> list[imports.ImportReport]:
        """Generate the demo region and import it through the ordinary import path.

        With ``history_months``, the months before this one are played first: at the end of each,
        what had happened by then (:mod:`lksmatch.demo_history`) is imported and that day's
        statistics are stored, so that the map's trends have months to show.
        """
        written = self.generate_demo_files(folder, scale=scale, seed=seed)
        if history_months:
            from lksmatch import demo_history

            demo_history.play_months(
                written, folder / "history", months=history_months, today=self.today(),
                import_file=lambda kind, path: self.import_file(kind, path, username="demo-data"),
                store_statistics=lambda day: self.statistics_flow(lambda: day).refresh(wait=True),
            )  # fmt: skip
        return [self.import_file(kind, written[kind], username="demo-data") for kind in written]

    # --- matching ---------------------------------------------------------------------------

    def build_match_flow(self) -> MatchFlow:
        """A new :class:`MatchFlow` over this service's database, reference data and model folder."""
        from lksmatch.matchflow import MatchFlow, MatchSources

        thesaurus: Callable[[], Mapping[str, tuple[str, ...]]] = lambda: self.skill_thesaurus  # noqa: E731
        return MatchFlow(
            MatchSources(
                engine=self.engine,
                geography=lambda: self.geography,
                occupations=lambda: self.occupations,
                thesaurus=thesaurus,
                model_dir=self.settings.model_dir,
                today=self._today,
                strict_model=self._strict_model,
            )
        )

    @cached_property
    def match_flow(self) -> MatchFlow:
        """Candidates, shortlists and training (prepared data cached per data version and model)."""
        return self.build_match_flow()

    def candidates_for_need(self, need_id: str, *, top: int = 10) -> pd.DataFrame:
        """Ranked candidates for one need, with explanation, missing skills and suggested courses."""
        if top < 1:
            raise UsageError(f"`top` was {top} but is expected to be 1 or more")
        self.need(need_id)  # NotFoundError for an unknown id
        return self.match_flow.candidates(need_ids=[need_id], top=top)

    def good_candidate_counts(self, need_ids: list[str]) -> dict[str, int]:
        """Per open hire need: how many of its ten best-ranked candidates are good (the coverage rule)."""
        from lksmatch.matchflow import GOOD_TOP

        if not need_ids:
            return {}
        ranked = self.match_flow.candidates(need_ids=need_ids, top=GOOD_TOP)
        if ranked.empty:
            return {}
        good = ranked[rules.good_candidates(ranked)].groupby("need_id").size()
        return {str(k): int(v) for k, v in good.items()}

    def healthy(self) -> bool:
        """Whether the database answers (``GET /healthz``; needs no session, reveals nothing)."""
        return db.ping(self.engine)

    def ranker(self) -> tuple[str, str | None]:
        """Which ranker answers (``trained`` or ``rule-based``) and why a trained one is not used."""
        data = self.match_flow.inputs()
        return data.model, data.model_problem

    def match(self, *, need_id: str | None, top: int = 10, username: str | None = "cli") -> pd.DataFrame:
        """Independent top-``top`` per open need (one need, or all): the columns of ``lksmatch match``."""
        from lksmatch.matchflow import MATCH_COLUMNS

        if top < 1:
            raise UsageError(f"`top` was {top} but is expected to be 1 or more")
        frame = self.match_flow.candidates(need_ids=[need_id] if need_id else None, top=top)
        self._log_reads(
            frame, username=username, why=f"lksmatch match {'--need ' + need_id if need_id else '--all'}"
        )
        return frame[list(MATCH_COLUMNS)]

    def upskill_offers(self, need_id: str, *, top: int = 3) -> pd.DataFrame:
        """Courses for a company's own staff, for an ``upskill`` need (no job seekers involved)."""
        self.need(need_id)
        return self.match_flow.upskill_offers(need_id, top=top)

    def shortlist(
        self, lks_id: str, *, top: int = 20, username: str | None = "cli", log: bool = True
    ) -> pd.DataFrame:
        """One capacity-respecting shortlist for all open needs of an LKS (a suggestion, not a decision).

        ``log=False``: the caller writes the reads itself (the web app, per need, so that a pair
        taken from the shortlist can be decided on).
        """
        from lksmatch.matchflow import MATCH_COLUMNS

        frame = self.match_flow.shortlist(lks_id, top=top)
        if log:
            self._log_reads(frame, username=username, why=f"lksmatch match --lks {lks_id} --assign")
        return frame[list(MATCH_COLUMNS)]

    def train(self) -> dict[str, object]:
        """Fit the ranking model on the outcomes (and recorded decisions); return its metadata."""
        return self.match_flow.train()

    # --- statistics and exports -------------------------------------------------------------

    @cached_property
    def statistics(self) -> StatisticsFlow:
        """The protected area statistics, computed once per data version and day."""
        return self.statistics_flow(self._today)

    def statistics_flow(self, today: Callable[[], dt.date]) -> StatisticsFlow:
        """A statistics flow over this service's data whose snapshots are for the day ``today`` says
        (the demo's monthly history stores past months' snapshots with one).
        """
        from lksmatch.statistics import StatisticsFlow

        return StatisticsFlow(
            engine=self.engine,
            geography=lambda: self.geography,
            occupations=lambda: self.occupations,
            good_candidates=lambda: self.match_flow.good_candidates(),
            today=today,
            background=self._background_stats,
        )

    def area_stats(self) -> disclosure.ProtectedStats:
        """Area statistics for both levels and the region, small people counts suppressed."""
        return self.statistics.area_stats()

    def stats_snapshot(self) -> StatsSnapshot:
        """The published statistics with when they were counted (and whether that is now)."""
        return self.statistics.snapshot()

    def stats_trend(self, level: str, measure: str) -> pd.DataFrame:
        """One published measure per area, month by month (:meth:`StatisticsFlow.trend`)."""
        if level not in rules.LEVELS:
            raise UsageError(f"`level` was {level!r} but is expected to be one of {list(rules.LEVELS)}")
        return self.statistics.trend(level, measure)

    def export_stats(
        self, level: str, fmt: str, out: Path, *, sep: str = ",", measure: str | None = None,
        history: str | None = None,
    ) -> Path:
        """Write the protected area statistics of ``level`` as ``fmt`` to ``out`` (``measure``: the
        one the HTML map colours, default open needs; ``history`` ``day``/``month``: every stored
        period's published table, CSV/XLSX only).
        """
        from lksmatch import exporting

        if level not in rules.LEVELS:
            raise UsageError(f"`level` was {level!r} but is expected to be one of {list(rules.LEVELS)}")
        if history is not None:
            self.stats_snapshot()  # today's figures are part of the history
            return exporting.write_history(
                self.statistics.periods(history), fmt, out, level=level, sep=sep, generated=self._today()
            )
        return exporting.write_stats(
            self.area_stats(),
            self.geography.areas_of(level),
            fmt,
            out,
            level=level,
            sep=sep,
            measure=measure or exporting.DEFAULT_MAP_MEASURE,
            tile_url=self.settings.tile_url,
            generated=self._today(),
        )

    def export_stats_bytes(self, level: str, fmt: str, *, history: str | None = None) -> bytes:
        """:meth:`export_stats` as the bytes of the file (for downloads)."""
        return files.to_bytes(
            lambda path: self.export_stats(level, fmt, path, history=history), f"stats_{level}.{fmt}"
        )

    def export_lks_list(self, lks_id: str, kind: str, fmt: str, out: Path) -> Path:
        """Write one LKS's ``companies`` or ``needs`` (never job seekers) as csv/xlsx, injection-safe."""
        from lksmatch import exporting

        if kind not in LIST_KINDS:
            raise UsageError(f"`kind` was {kind!r} but is expected to be one of {list(LIST_KINDS)}")
        frame = self.needs_for_lks(lks_id) if kind == "needs" else self.companies_of(lks_id)
        return exporting.write_list(frame, fmt, out)

    def export_lks_list_bytes(self, lks_id: str, kind: str, fmt: str) -> bytes:
        """:meth:`export_lks_list` as the bytes of the file (for downloads)."""
        return files.to_bytes(lambda path: self.export_lks_list(lks_id, kind, fmt, path), f"{kind}.{fmt}")


def build_service(
    settings: Settings, *, strict_model: bool = True, background_stats: bool = False
) -> Service:
    """Build the service for ``settings`` (the one place that constructs it).

    A server passes ``strict_model=False`` (a damaged model is announced, ranking falls back
    to rules) and ``background_stats=True`` (requests get the last statistics snapshot while a
    new one is computed).
    """
    return Service(settings, strict_model=strict_model, background_stats=background_stats)
