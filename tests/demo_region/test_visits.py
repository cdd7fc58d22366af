"""The demo region's visits (sambesøg) and what its needs say of them: status, the visit found on."""

from __future__ import annotations

import datetime
from pathlib import Path

import pandas as pd
import pytest

from demo import COLUMNS, demo_sizes, generate_demo
from lksmatch.config import Settings
from store import models, repo
from store.tabular import read_table
from store.validation import contains_cpr, multiline_columns

Frames = dict[str, pd.DataFrame]

TOPICS = {"rekruttering", "opkvalificering", "vækstplan", "fastholdelse", "lærlinge", "grøn omstilling",
          "automatisering", "digitalisering", "generationsskifte", "eksport", "praktikplads", "løntilskud",
          "efteruddannelse"}  # fmt: skip


def _filled(series: pd.Series) -> pd.Series:
    return series[series != ""]


def _systems(visits: pd.DataFrame) -> pd.Series:
    return visits["systems"].str.split(";")


def test_visits_refer_to_companies_and_keep_to_the_contract(demo: Frames) -> None:
    visits, companies = demo["visits"], demo["companies"]
    assert visits["visit_id"].is_unique and visits["visit_id"].str.fullmatch(r"V\d{5}").all()
    assert visits["cvr"].isin(companies["cvr"]).all()
    for systems in _systems(visits):
        assert systems == [s for s in models.SYSTEMS if s in systems]  # known, each once, in order
    assert set(visits["kind"]) == set(models.VISIT_KINDS) | {""}
    assert (visits["kind"] == "fysisk").mean() > 0.6 and (visits["kind"] == "").mean() < 0.05
    topics = _filled(visits["topics"]).str.split(";").explode()
    assert set(topics) == TOPICS
    per_visit = visits["topics"].str.count(";") + (visits["topics"] != "")
    assert per_visit.between(0, 3).all() and per_visit.mean() > 1.5


def test_visits_fall_on_weekdays_over_the_last_eighteen_months(demo: Frames, today: datetime.date) -> None:
    visits = demo["visits"]
    day = pd.to_datetime(visits["date"])
    now = pd.Timestamp(today)
    assert (day < now).all() and (day >= now - pd.Timedelta(days=550)).all()
    assert (day.max() - day.min()).days > 500
    assert (day.dt.day_of_week < 5).all()
    assert (day.dt.month == 7).mean() < 0.05  # the summer holiday
    assert visits["visit_id"].is_monotonic_increasing and day.is_monotonic_increasing  # ids by date
    follow = visits["follow_up"] != ""
    recent = day >= now - pd.Timedelta(days=14)  # every follow-up of these can still be waiting
    assert 0.25 < follow[recent].mean() < 0.45
    follow_up = pd.to_datetime(visits["follow_up"][follow])
    assert (follow_up > day[follow]).all()
    assert (follow_up < now).any() and (follow_up > now).any()
    assert (follow_up >= now - pd.Timedelta(days=30)).all()  # older ones were carried out


def test_not_every_company_is_visited_and_some_more_than_once(demo: Frames) -> None:
    per_company = demo["visits"]["cvr"].value_counts()
    assert 0.3 < len(per_company) / len(demo["companies"]) < 0.8
    assert (per_company >= 2).sum() > 100 and per_company.max() <= 15


@pytest.mark.parametrize("frames", ["demo", "small"])
def test_about_half_the_visits_are_sambesoeg_and_a_fifth_with_all_three(
    frames: str, request: pytest.FixtureRequest
) -> None:
    visits = request.getfixturevalue(frames)["visits"]
    systems = _systems(visits).str.len()
    assert 0.35 <= (systems >= 2).mean() <= 0.65
    assert (systems == 3).sum() >= 1 and 0.15 <= (systems == 3).mean() <= 0.25
    single = visits["systems"][systems == 1].value_counts()
    assert single["erhvervsservice"] > single["jobcenter"] > single["uddannelse"] > 0


def test_notes_are_short_danish_text_about_the_company(demo: Frames) -> None:
    notes = _filled(demo["visits"]["note"])
    assert len(notes) > 0.8 * len(demo["visits"])
    assert not notes.map(contains_cpr).any()
    assert not notes.str.contains(r"\d{3}").any()  # at most a small number, never a CPR-like one
    assert notes.str.contains("\n").any() and notes.str.contains("æ|ø|å").mean() > 0.5
    assert notes.str.len().max() < 400
    assert not notes.str.match(r"[=+\-@\s]").any()


@pytest.mark.parametrize("frames", ["demo", "small"])
def test_needs_name_a_visit_of_their_own_company(frames: str, request: pytest.FixtureRequest) -> None:
    generated = request.getfixturevalue(frames)
    needs = generated["needs"]
    linked = needs[needs["visit_id"] != ""]
    assert 0.35 <= len(linked) / len(needs) <= 0.45
    visit_cvr = generated["visits"].set_index("visit_id")["cvr"]
    assert linked["visit_id"].isin(visit_cvr.index).all()
    assert (linked["visit_id"].map(visit_cvr) == linked["cvr"]).all()


def test_most_needs_are_open_some_filled_and_a_few_cancelled(demo: Frames, today: datetime.date) -> None:
    needs = demo["needs"]
    shares = needs["status"].value_counts(normalize=True)
    assert set(shares.index) == set(models.NEED_STATUSES)
    assert shares["open"] > 0.8 and 0.06 <= shares["filled"] <= 0.10 and 0.02 <= shares["cancelled"] <= 0.06
    filled = needs[needs["status"] == "filled"]
    assert (filled["deadline"].map(datetime.date.fromisoformat) < today).all()  # they are the past ones
    hired = set(demo["outcomes"]["need_id"][demo["outcomes"]["outcome"] == "hired"])
    assert filled["need_id"].isin(hired).mean() > 0.5


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_vaekst_needs_are_only_for_growth_companies(
    reference: dict[str, pd.DataFrame], seed: int, today: datetime.date
) -> None:
    frames = generate_demo(**reference, scale=0.3, seed=seed, today=today)
    needs, companies = frames["needs"], frames["companies"]
    growth = needs["cvr"].map(companies.set_index("cvr")["growth_company"])
    assert (growth[needs["project"] == "vaekst"] == "true").all()
    assert (needs["project"] == "vaekst").sum() > 10 and (needs["project"][growth == "false"] != "").any()


def test_the_generated_files_pass_the_real_import(tmp_path: Path) -> None:
    from reference import reference_data_dir

    from lksmatch.service import Service

    service = Service(Settings(database_url=f"sqlite:///{tmp_path}/t.db", data_dir=reference_data_dir(),
                               cookie_secure=False, secret_key="test"))  # fmt: skip
    try:
        reports = service.load_demo_data(scale=0.05, seed=3, folder=tmp_path / "demo")
        sizes = demo_sizes(0.05)
        assert [r.kind for r in reports] == list(COLUMNS)
        for report in reports:
            assert report.rows == report.inserted == sizes[report.kind] and not report.warnings, report
        written = read_table(tmp_path / "demo" / "visits.csv", multiline=multiline_columns("visits"))
        with service.engine.connect() as connection:
            visits = repo.load(connection, "visits")
            needs = repo.load(connection, "needs")
    finally:
        service.engine.dispose()
    assert len(visits) == sizes["visits"] and set(visits["cvr"]) <= set(written["cvr"])
    notes = visits.set_index("visit_id")["note"].fillna("")
    assert (notes.loc[written["visit_id"]].to_numpy() == written["note"].to_numpy()).all()  # line breaks kept
    assert notes.str.contains("\n").any()
    assert needs["visit_id"].notna().sum() == round(0.4 * sizes["needs"])
    assert set(needs["status"]) == set(models.NEED_STATUSES)
