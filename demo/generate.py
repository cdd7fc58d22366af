"""The demo region's six import files: companies, visits, needs, job seekers, offers, outcomes.

:func:`generate_demo` returns the six import files of PRODUCT.md as DataFrames of
strings (lists joined with ``;``, dates ``YYYY-MM-DD``, booleans ``true``/``false``,
``""`` for missing), ready to be written to CSV and imported. It is pure: it takes the
raw reference frames (boundaries, ESCO) and returns new frames; the same ``seed``,
``scale`` and ``today`` always give identical frames. Where the rows are placed is
described in :mod:`demo.places`, how skills are written in :mod:`demo.wordings`, and the
model that generates the outcomes in :mod:`demo.outcomes`, the visits (and which needs
came from them) in :mod:`demo.visits`. :data:`COLUMNS` is also the order of import:
visits after companies and before the needs that name them.
"""

from __future__ import annotations

import datetime

import geopandas as gpd
import numpy as np
import pandas as pd

from demo.common import as_strings
from demo.companies import make_companies
from demo.jobseekers import make_jobseekers
from demo.needs import make_needs, need_statuses
from demo.occupations import OccupationTable
from demo.offers import make_offers
from demo.outcomes import make_outcomes
from demo.places import Places
from demo.visits import make_visits

#: The import-file columns of PRODUCT.md, in the order the kinds are imported.
COLUMNS: dict[str, tuple[str, ...]] = {
    "companies": (
        "cvr",
        "name",
        "p_number",
        "address",
        "postal_code",
        "municipality_code",
        "lat",
        "lon",
        "industry_code",
        "employees",
        "growth_company",
    ),
    "visits": ("visit_id", "cvr", "date", "systems", "kind", "topics", "note", "follow_up"),
    "needs": (
        "need_id",
        "cvr",
        "occupation",
        "title",
        "skills",
        "count",
        "kind",
        "project",
        "education_level_min",
        "deadline",
        "status",
        "visit_id",
    ),
    "jobseekers": (
        "person_id",
        "municipality_code",
        "lat",
        "lon",
        "postal_code",
        "occupations",
        "skills",
        "education_level",
        "max_commute_km",
        "unemployed_since",
        "available_from",
        "gender",
        "birth_year",
    ),
    "offers": (
        "offer_id",
        "provider",
        "title",
        "course_code",
        "skills",
        "municipality_code",
        "postal_code",
        "lat",
        "lon",
        "start_date",
        "duration_days",
        "seats",
        "kind",
        "open_to_unemployed",
    ),
    "outcomes": ("need_id", "person_id", "outcome", "date"),
}
#: Rows of each kind at ``scale=1``.
BASE_SIZES = {
    "companies": 2000,
    "visits": 1800,
    "needs": 1500,
    "jobseekers": 8000,
    "offers": 400,
    "outcomes": 3000,
}


def demo_sizes(scale: float) -> dict[str, int]:
    """Rows per kind for ``scale`` (``BASE_SIZES`` times ``scale``, at least one each)."""
    if not (isinstance(scale, int | float) and np.isfinite(scale) and scale > 0):
        raise ValueError(f"`scale` was {scale!r} but is expected to be a number > 0")
    return {kind: max(1, round(base * scale)) for kind, base in BASE_SIZES.items()}


def generate_demo(
    *,
    municipalities: gpd.GeoDataFrame,
    postal_areas: gpd.GeoDataFrame,
    occupations: pd.DataFrame,
    labels_da: pd.DataFrame,
    scale: float = 1.0,
    seed: int = 0,
    today: datetime.date,
) -> dict[str, pd.DataFrame]:
    """Generate the demo region's six import files.

    Parameters
    ----------
    municipalities, postal_areas
        The raw national boundary files (:func:`store.refdata.read_municipalities`,
        :func:`store.refdata.read_postal_codes`).
    occupations, labels_da
        ESCO occupations and Danish labels (:func:`store.refdata.read_esco_occupations`,
        :func:`store.refdata.read_esco_labels_da`).
    scale
        Multiplies every count (1 = about 2,000 companies, 1,800 visits, 8,000 job seekers).
    seed
        Seed of the random generator; the same seed gives identical frames.
    today
        The reference date: visits, deadlines, course starts and outcome dates are relative to it.

    Returns
    -------
    dict of str to DataFrame
        ``companies``, ``visits``, ``needs``, ``jobseekers``, ``offers``, ``outcomes``; each holds
        strings only, with exactly the columns of :data:`COLUMNS`.
    """
    sizes = demo_sizes(scale)
    if not isinstance(today, datetime.date):
        raise ValueError(f"`today` was {today!r} but is expected to be a datetime.date")
    places = Places.build(municipalities, postal_areas)
    occs = OccupationTable.build(occupations, labels_da)
    rng_c, rng_n, rng_j, rng_o, rng_h, rng_g, rng_v, rng_s = (
        np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(8)
    )
    day0 = np.datetime64(today, "D")
    companies = make_companies(sizes["companies"], places, rng_c)
    needs = make_needs(sizes["needs"], sizes["outcomes"], companies, occs, day0, rng_n)
    seekers = make_jobseekers(sizes["jobseekers"], places, occs, day0, rng_j)
    offers = make_offers(sizes["offers"], places, day0, rng_o)
    outcomes = make_outcomes(sizes["outcomes"], needs, seekers, companies, occs, day0, rng_h, rng_g)
    visits, visit_of_need = make_visits(sizes["visits"], companies, needs, day0, rng_v)
    hired = needs.frame["need_id"].isin(outcomes.loc[outcomes["outcome"] == "hired", "need_id"]).to_numpy()
    needs_frame = needs.frame.assign(status=need_statuses(needs, hired, rng_s), visit_id=visit_of_need)
    frames = {
        "companies": companies.frame,
        "visits": visits,
        "needs": needs_frame,
        "jobseekers": seekers.frame,
        "offers": offers,
        "outcomes": outcomes,
    }
    return {kind: as_strings(frames[kind], columns) for kind, columns in COLUMNS.items()}
