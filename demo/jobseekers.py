"""Job seekers: pseudonymous people of the region, their occupations, skills and availability."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from demo import vocab_companies, vocab_occupations
from demo.common import coords, dates, norm, quota
from demo.occupations import OccupationTable
from demo.places import Places
from demo.wordings import SEEKER_SKILL_MIX


@dataclass(frozen=True)
class Seekers:
    """The generated job seekers: their import rows and what the outcomes are drawn from."""

    frame: pd.DataFrame
    trade: np.ndarray
    occ: np.ndarray
    """(people, 3) occupations as listed, -1 = none."""
    skills: np.ndarray
    level: np.ndarray
    commute: np.ndarray
    xy: np.ndarray


def make_jobseekers(
    n: int, places: Places, occs: OccupationTable, day0: np.datetime64, rng: np.random.Generator
) -> Seekers:
    """``n`` job seekers spread over the region by population (gender and age drawn independently)."""
    muni = rng.permutation(np.repeat(places.codes, quota(n, places.population)))
    piece = places.choose_pieces(muni, rng)
    xy = places.sample(piece, rng)
    lon, lat = places.lonlat(xy)
    mode = rng.choice(3, size=n, p=[0.85, 0.1, 0.05])  # full | code+postal | code+coordinates
    trades = vocab_companies.TRADES
    trade_keys = np.array([t.key for t in trades])
    trade = trade_keys[rng.choice(len(trade_keys), size=n, p=norm([t.seeker_weight for t in trades]))]
    occ = _listed_occupations(trade, trade_keys, occs, rng)
    skills, level = _skills_and_level(occ, trade, occs, rng)
    commute = rng.choice(
        [5, 10, 15, 20, 25, 30, 35, 40, 50, 60], size=n, p=norm([4, 10, 12, 16, 14, 14, 8, 10, 7, 5])
    )
    has_commute = rng.random(n) < 0.97
    unemployed, avail_kind, available = _availability(n, day0, rng)
    age = rng.choice(np.arange(18, 67), size=n, p=norm(_age_weights()))
    gender = np.array(["female", "male", ""])[rng.choice(3, size=n, p=[0.49, 0.49, 0.02])]
    rows, cols = np.nonzero(skills)
    frame = pd.DataFrame(
        {
            "person_id": [f"P-{i:06d}" for i in range(1, n + 1)],
            "municipality_code": muni,
            "lat": coords(lat, mode != 1),
            "lon": coords(lon, mode != 1),
            "postal_code": np.where(mode != 2, places.piece_postal[piece], ""),
            "occupations": _occupation_lists(occ, occs, rng),
            "skills": occs.write_skills(rows, cols, n, rng, mix=SEEKER_SKILL_MIX),
            "education_level": np.array(vocab_occupations.EDUCATION_LEVELS)[level],
            "max_commute_km": np.where(has_commute, commute.astype(str), ""),
            "unemployed_since": dates(unemployed),
            "available_from": np.where(avail_kind == 0, "", dates(available)),
            "gender": gender,
            "birth_year": (day0.astype(object).year - age).astype(str),
        }
    )
    return Seekers(frame, trade, occ, skills, level, np.where(has_commute, commute, 30), xy)


def _listed_occupations(
    trade: np.ndarray, trade_keys: np.ndarray, occs: OccupationTable, rng: np.random.Generator
) -> np.ndarray:
    """(people, 3): up to three occupations per person, mostly of their trade; -1 = none listed."""
    n = len(trade)
    occ = np.full((n, 3), -1)
    occ[:, 0] = occs.pick(trade, rng)
    for j, p in ((1, 0.35), (2, 0.1)):
        other = np.where(rng.random(n) < 0.8, trade, trade_keys[rng.integers(0, len(trade_keys), n)])
        more = (rng.random(n) < p) & (occ[:, j - 1] >= 0)
        occ[more, j] = occs.pick(other[more], rng)
        repeat = (occ[:, [j]] == occ[:, :j]).any(axis=1)
        occ[more & repeat, j] = -1
    occ[rng.random(n) < 0.08] = -1  # nothing on file
    return occ


def _skills_and_level(
    occ: np.ndarray, trade: np.ndarray, occs: OccupationTable, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """(people, skills) boolean and the education level, from the (first or latent) occupation."""
    n = len(trade)
    latent = np.where(occ[:, 0] >= 0, occ[:, 0], occs.pick(trade, rng))
    prob = occs.skill_prob[latent]
    for j in (1, 2):
        has = occ[:, j] >= 0
        prob[has] = np.maximum(prob[has], 0.6 * occs.skill_prob[occ[has, j]])
    skills = rng.random(prob.shape, dtype=np.float32) < prob
    level = np.clip(occs.level[latent] + rng.choice([-2, -1, 0, 1], size=n, p=[0.05, 0.2, 0.6, 0.15]), 0, 5)
    return skills, level


def _availability(
    n: int, day0: np.datetime64, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unemployed since, kind of availability (0 none given, 1 later, 2 since then), available from."""
    unemployed = day0 - np.clip(rng.gamma(1.2, 120, n), 7, 900).astype(int)
    avail_kind = rng.choice(3, size=n, p=[0.55, 0.3, 0.15])
    available = np.where(avail_kind == 1, day0 + rng.integers(1, 60, n), unemployed)
    return unemployed, avail_kind, available


def _age_weights() -> np.ndarray:
    """Relative frequency of the ages 18-66: more people in their twenties and late fifties."""
    age = np.arange(18, 67)
    return 1.0 + 0.8 * np.exp(-(((age - 26) / 6) ** 2)) + 0.5 * np.exp(-(((age - 58) / 6) ** 2))


def _occupation_lists(occ: np.ndarray, occs: OccupationTable, rng: np.random.Generator) -> list[str]:
    """Each person's listed occupations as written text joined with ``;``."""
    rows, cols = np.nonzero(occ >= 0)
    written = occs.write(occ[rows, cols], {"code": 0.45, "da": 0.3, "da_alt": 0.1, "da_own": 0.15}, rng)
    out = [""] * len(occ)
    for r, text in zip(rows, written, strict=True):
        out[r] = f"{out[r]};{text}" if out[r] else text
    return out
