"""Offers: courses (AMU, EUD, other) at the region's real education providers' campuses."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from demo import vocab_companies, vocab_offers, vocab_skills
from demo.common import coords, dates, norm
from demo.places import Places, points_in
from lksmatch.errors import ReferenceDataError

_Campus = tuple[vocab_offers.Provider, str, str]
"""A provider, and the postal code and kommunekode of one of its campuses."""


def make_offers(n: int, places: Places, day0: np.datetime64, rng: np.random.Generator) -> pd.DataFrame:
    """``n`` offers: a trade by the region's demand, a campus teaching it, a course of the trade."""
    campuses = [(p, postal, muni) for p in vocab_offers.PROVIDERS for postal, muni in p.campuses]
    town_piece = _campus_pieces(campuses, places)
    sites = _campus_sites(town_piece, places, rng)
    campus, course = _campuses_and_courses(n, campuses, places, rng)
    courses = [vocab_offers.COURSES[i] for i in course]
    kind = np.array([k.kind for k in courses])
    xy = np.array(sites)[campus]
    lon, lat = places.lonlat(xy)
    mode = rng.choice(4, size=n, p=[0.8, 0.1, 0.05, 0.05])  # full | code+postal | postal | coordinates
    mode[(mode == 2) & ~places.piece_postal_only[np.array(town_piece)[campus]]] = 1
    seats = np.where(
        kind == "AMU",
        rng.integers(8, 21, n),
        np.where(kind == "EUD", rng.integers(4, 13, n), rng.integers(10, 31, n)),
    )
    open_share = np.where(kind == "AMU", 0.9, np.where(kind == "EUD", 0.7, 0.5))
    skill_text = [";".join(vocab_skills.SKILLS[s][0] for s in k.skills) for k in courses]
    return pd.DataFrame(
        {
            "offer_id": [f"OF-{i:06d}" for i in range(1, n + 1)],
            "provider": [campuses[c][0].name for c in campus],
            "title": [k.title for k in courses],
            "course_code": [k.code for k in courses],
            "skills": skill_text,
            "municipality_code": np.where(mode <= 1, [campuses[c][2] for c in campus], ""),
            "postal_code": np.where(mode <= 2, [campuses[c][1] for c in campus], ""),
            "lat": coords(lat, (mode == 0) | (mode == 3)),
            "lon": coords(lon, (mode == 0) | (mode == 3)),
            "start_date": dates(day0 + rng.integers(-30, 270, n)),
            "duration_days": np.array([str(k.days) for k in courses]),
            "seats": seats.astype(str),
            "kind": kind,
            "open_to_unemployed": np.where(rng.random(n) < open_share, "true", "false"),
        }
    )


def _campus_pieces(campuses: list[_Campus], places: Places) -> list[int]:
    """The place piece of each campus's town (its postal area within its municipality)."""
    town_piece = []
    for _, postal, muni in campuses:
        found = np.flatnonzero((places.piece_postal == postal) & (places.piece_muni == muni))
        if not len(found):
            raise ReferenceDataError(f"the postal area {postal} does not lie in municipality {muni}")
        town_piece.append(int(found[0]))
    return town_piece


def _campus_sites(town_piece: list[int], places: Places, rng: np.random.Generator) -> list[np.ndarray]:
    """One address per campus: the most central of a few random points of its town (metric)."""
    sites = []
    for pid in town_piece:
        points = points_in(places.piece_geom[pid], 64, rng)
        centre = shapely.get_coordinates(shapely.centroid(places.piece_geom[pid]))[0]
        sites.append(points[np.argmin(((points - centre) ** 2).sum(axis=1))])
    return sites


def _campuses_and_courses(
    n: int, campuses: list[_Campus], places: Places, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """A trade by the region's demand, then a campus teaching it (larger towns more), then a course."""
    pop = dict(zip(places.codes, places.population, strict=True))
    trades = [t.key for t in vocab_companies.TRADES]
    demand = norm([t.company_weight + t.seeker_weight for t in vocab_companies.TRADES])
    trade = rng.choice(len(trades), size=n, p=demand)
    campus, course = np.empty(n, dtype=int), np.empty(n, dtype=int)
    for t in np.unique(trade):
        rows = np.flatnonzero(trade == t)
        ids = [i for i, (p, _, _) in enumerate(campuses) if trades[t] in p.trades]
        w = np.array([np.sqrt(pop[campuses[i][2]]) / len(campuses[i][0].campuses) for i in ids])
        campus[rows] = rng.choice(ids, size=len(rows), p=w / w.sum())
        taught = [i for i, k in enumerate(vocab_offers.COURSES) if k.trade == trades[t]]
        course[rows] = rng.choice(taught, size=len(rows))
    return campus, course
