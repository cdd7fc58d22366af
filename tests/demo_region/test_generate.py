"""The demo region: sizes, places, references, realism and reproducibility, on the real data."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from scipy.stats import chi2_contingency

from demo import (
    BASE_SIZES,
    COLUMNS,
    EDUCATION_LEVELS,
    HELD_OUT_SKILLS,
    POPULATION_2024,
    SEEKER_SKILL_MIX,
    SKILLS,
    demo_sizes,
    generate_demo,
    skill_wordings,
    spelling_variant,
)
from geo.assign import Assigner
from matching.skills import spelling_key
from store.files import write_table
from store.tabular import read_table
from store.validation import multiline_columns
from store.vocab import read_skill_thesaurus

#: The import-file columns as PRODUCT.md lists them.
CONTRACT = {
    "companies": ["cvr", "name", "p_number", "address", "postal_code", "municipality_code", "lat", "lon",
                  "industry_code", "employees", "growth_company"],
    "visits": ["visit_id", "cvr", "date", "systems", "kind", "topics", "note", "follow_up"],
    "needs": ["need_id", "cvr", "occupation", "title", "skills", "count", "kind", "project",
              "education_level_min", "deadline", "status", "visit_id"],
    "jobseekers": ["person_id", "municipality_code", "lat", "lon", "postal_code", "occupations", "skills",
                   "education_level", "max_commute_km", "unemployed_since", "available_from", "gender",
                   "birth_year"],
    "offers": ["offer_id", "provider", "title", "course_code", "skills", "municipality_code", "postal_code",
               "lat", "lon", "start_date", "duration_days", "seats", "kind", "open_to_unemployed"],
    "outcomes": ["need_id", "person_id", "outcome", "date"],
}
CPR_LIKE = re.compile(r"^\d{6}-?\d{4}$")
Frames = dict[str, pd.DataFrame]


def _filled(series: pd.Series) -> pd.Series:
    return series[series != ""]


# --- shape ------------------------------------------------------------------------------------


def test_sizes_at_scale_one_and_a_tenth(demo: Frames, small: Frames) -> None:
    assert {k: len(v) for k, v in demo.items()} == BASE_SIZES
    assert {k: len(v) for k, v in small.items()} == {
        "companies": 200, "visits": 180, "needs": 150, "jobseekers": 800, "offers": 40, "outcomes": 300,
    }


def test_scale_multiplies_every_count() -> None:
    assert demo_sizes(10) == {k: 10 * v for k, v in BASE_SIZES.items()}


@pytest.mark.parametrize("scale", [0, -1, float("nan"), float("inf"), "2"])
def test_a_scale_that_is_not_a_positive_number_is_refused(scale: object) -> None:
    with pytest.raises(ValueError, match="`scale` was"):
        demo_sizes(scale)  # type: ignore[arg-type]


def test_columns_are_exactly_the_import_contract_and_every_cell_is_text(demo: Frames) -> None:
    assert {k: list(v) for k, v in COLUMNS.items()} == CONTRACT
    assert list(COLUMNS) == list(CONTRACT)  # the import order: visits before the needs that name them
    assert list(demo) == list(COLUMNS)
    for kind, frame in demo.items():
        assert list(frame.columns) == CONTRACT[kind]
        assert not frame.isna().any().any(), kind
        assert all(isinstance(v, str) for col in frame.columns for v in frame[col]), kind


def test_frames_survive_a_csv_round_trip(demo: Frames, tmp_path: Path) -> None:
    for kind, frame in demo.items():
        path = write_table(frame, tmp_path / f"{kind}.csv")
        pd.testing.assert_frame_equal(
            read_table(path, multiline=multiline_columns(kind)), frame, check_dtype=False
        )


def test_frames_pass_the_import_validators(demo: Frames, raw_municipalities: gpd.GeoDataFrame) -> None:
    validation = pytest.importorskip("store.validation")
    codes = set(raw_municipalities["lau_1"].astype(str).str.zfill(3))
    known = {
        "cvr": set(demo["companies"]["cvr"]),
        "visit_id": set(demo["visits"]["visit_id"]),
        "need_id": set(demo["needs"]["need_id"]),
        "person_id": set(demo["jobseekers"]["person_id"]),
    }
    for kind, frame in demo.items():
        checked = validation.validate(kind, frame, valid_municipality_codes=codes, known_keys=known)
        assert len(checked) == len(frame) and not checked.warnings


# --- reproducibility --------------------------------------------------------------------------


def test_the_same_seed_gives_identical_frames(
    reference: dict[str, pd.DataFrame], small: Frames, today: datetime.date
) -> None:
    again = generate_demo(**reference, scale=0.1, seed=7, today=today)
    for kind in COLUMNS:
        pd.testing.assert_frame_equal(again[kind], small[kind])


def test_another_seed_gives_other_frames(
    reference: dict[str, pd.DataFrame], small: Frames, today: datetime.date
) -> None:
    other = generate_demo(**reference, scale=0.1, seed=8, today=today)
    for kind in ("companies", "visits", "needs", "jobseekers", "outcomes"):
        assert not other[kind].equals(small[kind]), kind


# --- places -----------------------------------------------------------------------------------


def test_people_and_companies_follow_the_population(demo: Frames) -> None:
    population = pd.Series(POPULATION_2024, dtype=float)
    expected = population / population.sum()
    people = demo["jobseekers"]["municipality_code"].value_counts(normalize=True)
    assert set(people.index) == set(POPULATION_2024)
    assert (people.reindex(expected.index) - expected).abs().max() < 0.002
    companies = _filled(demo["companies"]["municipality_code"]).value_counts(normalize=True)
    assert set(companies.index) == set(POPULATION_2024)
    assert (companies.reindex(expected.index) - expected).abs().max() < 0.03
    assert companies["751"] > 3 * companies["730"] > 10 * companies["741"]


def _metric(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    points = gpd.GeoSeries.from_xy(frame["lon"].astype(float), frame["lat"].astype(float), crs="EPSG:4326")
    metric = points.to_crs("EPSG:25832")
    return metric.x.to_numpy(), metric.y.to_numpy()


@pytest.mark.parametrize("kind", ["companies", "jobseekers", "offers"])
def test_every_coordinate_lies_in_its_municipality_and_postal_area(
    demo: Frames, kind: str, municipalities: gpd.GeoDataFrame, postal_areas: gpd.GeoDataFrame,
    region_munis: gpd.GeoDataFrame,
) -> None:
    frame = demo[kind]
    placed = frame[frame["lat"] != ""]
    assert len(placed) > 0.8 * len(frame)
    x, y = _metric(placed)
    points = shapely.points(x, y)
    muni = municipalities.set_index("municipality_code").geometry
    coded = placed["municipality_code"] != ""
    stated = muni.loc[placed["municipality_code"][coded]].to_numpy()
    distance = shapely.distance(stated, points[coded.to_numpy()])
    assert distance.max() <= 2000  # the assigner's coastal tolerance
    region = shapely.union_all(region_munis.geometry.to_numpy())
    assert shapely.distance(region, points).max() <= 2000
    postal = postal_areas.set_index("postal_code").geometry
    with_postal = (placed["postal_code"] != "").to_numpy()
    stated = postal.loc[placed["postal_code"][with_postal]].to_numpy()
    distance = shapely.distance(stated, points[with_postal])
    assert distance.max() <= 2000


@pytest.mark.parametrize("kind", ["companies", "jobseekers", "offers"])
def test_the_assigner_places_every_row_in_the_region_without_complaint(
    demo: Frames, kind: str, assigner: Assigner
) -> None:
    frame = demo[kind]
    out = assigner.assign(frame)
    assert (out["lks_id"] != "").all()
    assert (out["assign_note"] == "").all(), out["assign_note"][out["assign_note"] != ""].head().tolist()
    given = frame["municipality_code"] != ""
    assert (out["municipality_code"][given] == frame["municipality_code"][given]).all()
    if kind == "companies":  # a handful placed by each rule, to exercise the assigner
        counts = out["assign_method"].value_counts()
        assert counts["code"] > 0.7 * len(frame)
        assert counts["point"] >= 20 and counts["postal"] >= 20
        only_postal = (frame["municipality_code"] == "") & (frame["lat"] == "")
        only_coords = (frame["municipality_code"] == "") & (frame["postal_code"] == "")
        assert only_postal.sum() >= 20 and only_coords.sum() >= 20


# --- companies and needs ----------------------------------------------------------------------


def _cvr_valid(cvr: str) -> bool:
    return bool(re.fullmatch(r"[1-9]\d{7}", cvr)) and sum(
        int(d) * w for d, w in zip(cvr, (2, 7, 6, 5, 4, 3, 2, 1), strict=True)
    ) % 11 == 0


def test_every_cvr_is_valid_and_unique(demo: Frames) -> None:
    cvr = demo["companies"]["cvr"]
    assert cvr.map(_cvr_valid).all()
    assert cvr.is_unique
    p_numbers = _filled(demo["companies"]["p_number"])
    assert p_numbers.str.fullmatch(r"\d{10}").all() and p_numbers.is_unique


def test_companies_look_like_danish_smes(demo: Frames) -> None:
    companies = demo["companies"]
    assert companies["name"].str.endswith(" ApS").mean() > 0.4
    assert companies["name"].str.contains(" & Søn ").any()
    employees = _filled(companies["employees"]).astype(int)
    assert employees.min() >= 1 and employees.median() < 20 and (employees < 250).mean() > 0.98
    assert companies["industry_code"].str.fullmatch(r"\d{6}").all()
    assert set(companies["growth_company"]) == {"true", "false"}
    assert _filled(companies["postal_code"]).str.fullmatch(r"\d{4}").all()


def test_needs_refer_to_companies_and_keep_to_the_enumerations(demo: Frames) -> None:
    needs, companies = demo["needs"], demo["companies"]
    assert needs["need_id"].is_unique
    assert needs["cvr"].isin(companies["cvr"]).all()
    assert needs["count"].astype(int).between(1, 5).all() and (needs["count"] == "1").mean() > 0.6
    assert set(needs["kind"]) == {"hire", "upskill"}
    assert set(needs["project"]) <= {"vaekst", "erhvervsfaglig", ""}
    growth = needs["cvr"].map(companies.set_index("cvr")["growth_company"])
    assert (growth[needs["project"] == "vaekst"] == "true").all()  # vækstrettet: growth companies only
    assert set(_filled(needs["education_level_min"])) <= set(EDUCATION_LEVELS)
    for value in _filled(needs["deadline"]):
        datetime.date.fromisoformat(value)


def test_needs_write_occupations_the_way_users_do(demo: Frames, reference: dict[str, pd.DataFrame]) -> None:
    occupation = demo["needs"]["occupation"]
    esco = reference["occupations"]
    codes = occupation[occupation.str.fullmatch(r"\d{4}")]
    assert len(codes) > 100 and codes.isin(esco["ISCOGROUPCODE"]).all()
    uris = occupation[occupation.str.startswith("http://data.europa.eu/esco/occupation/")]
    assert len(uris) > 100 and uris.isin(esco["ORIGINURI"]).all()
    danish = set(reference["labels_da"]["label"].str.lower())
    titles = occupation[~occupation.str.fullmatch(r"\d{4}") & ~occupation.str.startswith("http")]
    assert titles.str.lower().isin(danish).sum() > 200
    assert titles.isin(esco["PREFERREDLABEL"]).sum() > 20  # English
    assert (titles.str.lower() == titles).sum() > 20 and titles.str.endswith("(m/k)").any()
    written = set(titles.str.lower()) | set(demo["needs"]["title"].str.lower())
    assert {"cnc-operatør", "svejser", "social- og sundhedshjælper", "kørselsleder", "lastbilchauffør"} <= (
        written
    )


def test_skills_vary_in_spelling_between_needs_and_job_seekers(demo: Frames) -> None:
    def tokens(frame: pd.DataFrame) -> set[str]:
        return {t for cell in _filled(frame["skills"]) for t in cell.split(";")}

    need_skills, seeker_skills = tokens(demo["needs"]), tokens(demo["jobseekers"])
    assert "" not in need_skills | seeker_skills
    assert {"truckcertifikat", "Truckkort"} <= seeker_skills
    assert {"svejsning (MIG/MAG)", "MIG-svejsning", "CNC-programmering"} <= need_skills | seeker_skills
    assert len({t.lower() for t in seeker_skills}) < len(seeker_skills)  # case variants


def test_skills_are_partly_written_in_words_the_thesaurus_does_not_hold(demo: Frames) -> None:
    """Guards against the circularity coming back: demo skills are not all thesaurus wordings."""
    thesaurus = read_skill_thesaurus()
    known = {w.casefold() for wordings in thesaurus.values() for w in wordings}
    held_out = {w.casefold() for wordings in HELD_OUT_SKILLS.values() for w in wordings}
    cells = pd.concat([_filled(demo["needs"]["skills"]), _filled(demo["jobseekers"]["skills"])])
    written = cells.str.split(";").explode().str.casefold()
    outside = ~written.isin(known)
    assert outside.mean() > 0.2
    assert written.isin(held_out).mean() > 0.1  # synonyms the thesaurus does not know
    assert (outside & ~written.isin(held_out)).mean() > 0.05  # spelling variants
    assert written.isin(known).mean() > 0.5


def test_held_out_synonyms_stay_out_of_the_thesaurus_and_the_usual_wordings_in_it() -> None:
    thesaurus = read_skill_thesaurus()
    owner = {spelling_key(w): key for key, wordings in thesaurus.items() for w in wordings}
    leaked = [w for wordings in HELD_OUT_SKILLS.values() for w in wordings if spelling_key(w) in owner]
    assert leaked == []
    assert set(HELD_OUT_SKILLS) <= set(SKILLS) == set(thesaurus)
    for key, wordings in SKILLS.items():
        assert {w.casefold() for w in wordings} <= {w.casefold() for w in thesaurus[key]}, key


@pytest.mark.parametrize(
    ("u", "v", "expected", "how"),
    [
        (0.0, 0.0, "TEGNINGSLÆSNING", "case"),
        (0.3, 0.0, "tegningslaesning", "letters"),
        (0.6, 0.0, "tgningslæsning", "typo"),
        (0.9, 0.0, "tegningslæsningen", "ending"),
    ],
)
def test_spelling_variants_keep_the_words(u: float, v: float, expected: str, how: str) -> None:
    assert spelling_variant("tegningslæsning", u, v) == (expected, how)
    assert spelling_variant("MIG-svejsning", 0.4, 0.0) == ("MIG svejsning", "separator")


def test_skill_wordings_are_reproducible_and_labelled() -> None:
    keys = list(SKILLS) * 5
    first = skill_wordings(keys, np.random.default_rng(3), mix=SEEKER_SKILL_MIX)
    assert first == skill_wordings(keys, np.random.default_rng(3), mix=SEEKER_SKILL_MIX)
    kinds = {k.split(":")[0] for k in first[1]}
    assert kinds == {"thesaurus", "variant", "held_out"}
    with pytest.raises(ValueError, match="unknown kind"):
        skill_wordings(keys, np.random.default_rng(3), mix={"typos": 1.0})


# --- job seekers ------------------------------------------------------------------------------


def test_job_seekers_are_pseudonymous_and_plausible(demo: Frames, today: datetime.date) -> None:
    seekers = demo["jobseekers"]
    assert seekers["person_id"].is_unique
    assert seekers["person_id"].str.fullmatch(r"P-\d{6}").all()
    assert not seekers["person_id"].str.replace(" ", "").str.fullmatch(CPR_LIKE.pattern).any()
    assert set(seekers["education_level"]) <= set(EDUCATION_LEVELS)
    assert _filled(seekers["max_commute_km"]).astype(int).between(5, 60).all()
    age = today.year - seekers["birth_year"].astype(int)
    assert age.between(18, 66).all() and age.nunique() > 40
    assert set(seekers["gender"]) <= {"female", "male", ""}
    for column in ("unemployed_since", "available_from"):
        dates = _filled(seekers[column]).map(datetime.date.fromisoformat)
        assert dates.min() > today - datetime.timedelta(days=3 * 366)
    assert (_filled(seekers["unemployed_since"]).map(datetime.date.fromisoformat) <= today).all()
    listed = _filled(seekers["occupations"]).str.split(";").explode()
    assert listed.str.fullmatch(r"\d{4}").mean() > 0.3 and (~listed.str.fullmatch(r"\d{4}")).mean() > 0.3


# --- offers -----------------------------------------------------------------------------------


def test_offers_are_courses_at_real_providers(demo: Frames) -> None:
    offers = demo["offers"]
    assert offers["offer_id"].is_unique
    assert set(offers["kind"]) <= {"AMU", "EUD", "other"} and (offers["kind"] == "AMU").mean() > 0.6
    amu = offers[offers["kind"] == "AMU"]
    assert amu["course_code"].str.fullmatch(r"\d{5}").all()
    assert {"AARHUS TECH", "Mercantec", "Tradium", "Learnmark Horsens"} <= set(offers["provider"])
    assert offers["title"].isin(["Truckcertifikat B", "Hygiejne i fødevarevirksomheder"]).any()
    assert (offers["seats"].astype(int) > 0).all() and (offers["duration_days"].astype(int) > 0).all()
    assert set(offers["open_to_unemployed"]) <= {"true", "false"}
    assert (_filled(offers["skills"]) != "").all()


# --- outcomes ---------------------------------------------------------------------------------


def test_outcomes_refer_to_generated_needs_and_people(demo: Frames, today: datetime.date) -> None:
    outcomes, needs = demo["outcomes"], demo["needs"]
    assert outcomes["need_id"].isin(needs["need_id"]).all()
    assert outcomes["person_id"].isin(demo["jobseekers"]["person_id"]).all()
    assert not outcomes.duplicated(["need_id", "person_id"]).any()
    assert set(outcomes["outcome"]) == {"hired", "interviewed", "contacted", "not_hired"}
    assert (outcomes["date"].map(datetime.date.fromisoformat) < today).all()
    per_need = outcomes[outcomes["outcome"] == "hired"].groupby("need_id").size()
    count = needs.set_index("need_id")["count"].astype(int)
    assert (per_need <= count.loc[per_need.index]).all()
    past = needs.set_index("need_id").loc[outcomes["need_id"].unique()]
    assert (past["kind"] == "hire").all()
    assert (past["deadline"].map(datetime.date.fromisoformat) < today).all()


def test_outcomes_carry_signal_a_ranking_model_can_learn(demo: Frames) -> None:
    """Candidates within their commute and with the need's occupation do better."""
    outcomes = demo["outcomes"]
    needs = demo["needs"].set_index("need_id")
    seekers = demo["jobseekers"].set_index("person_id")
    companies = demo["companies"].set_index("cvr")
    pairs = outcomes.assign(cvr=outcomes["need_id"].map(needs["cvr"]))
    pairs = pairs.join(companies[["lat", "lon"]], on="cvr").join(
        seekers[["lat", "lon", "max_commute_km", "occupations"]].add_suffix("_p"), on="person_id"
    )
    pairs = pairs[(pairs["lat"] != "") & (pairs["lat_p"] != "") & (pairs["max_commute_km_p"] != "")]
    x1, y1 = _metric(pairs[["lat", "lon"]])
    x2, y2 = _metric(pairs[["lat_p", "lon_p"]].set_axis(["lat", "lon"], axis=1))
    within = np.hypot(x1 - x2, y1 - y2) / 1000 <= pairs["max_commute_km_p"].astype(float).to_numpy()
    good = pairs["outcome"].isin(["hired", "interviewed"]).to_numpy()
    assert good[within].mean() > good[~within].mean() + 0.08
    coded = outcomes.assign(occupation=outcomes["need_id"].map(needs["occupation"]))
    coded = coded[coded["occupation"].str.fullmatch(r"\d{4}")]
    listed = coded["person_id"].map(seekers["occupations"])
    same = [o in p.split(";") for o, p in zip(coded["occupation"], listed, strict=True)]
    hired = (coded["outcome"] == "hired").to_numpy()
    assert hired[np.array(same)].mean() > 2 * hired[~np.array(same)].mean()


def test_gender_and_age_do_not_affect_outcomes(
    reference: dict[str, pd.DataFrame], today: datetime.date
) -> None:
    frames = generate_demo(**reference, scale=2.0, seed=11, today=today)
    seekers = frames["jobseekers"].set_index("person_id")
    outcomes = frames["outcomes"].join(seekers[["gender", "birth_year"]], on="person_id")
    by_gender = outcomes[outcomes["gender"] != ""]
    rates = by_gender.groupby("gender")["outcome"].apply(lambda s: (s == "hired").mean())
    assert abs(rates["female"] - rates["male"]) < 0.03
    assert chi2_contingency(pd.crosstab(by_gender["gender"], by_gender["outcome"])).pvalue > 0.001
    band = pd.cut(today.year - outcomes["birth_year"].astype(int), [17, 29, 49, 66])
    assert chi2_contingency(pd.crosstab(band, outcomes["outcome"])).pvalue > 0.001
    selected = outcomes["outcome"].isin(["hired", "interviewed"])
    selection = selected.groupby(band, observed=True).mean()
    assert selection.min() >= 0.8 * selection.max()  # the four-fifths rule holds
