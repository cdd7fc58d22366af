"""A reproducible, realistic demo region: companies, needs, job seekers, offers, outcomes.

:func:`generate_demo` returns the five import files of PRODUCT.md as DataFrames of
strings (lists joined with ``;``, dates ``YYYY-MM-DD``, booleans ``true``/``false``,
``""`` for missing), ready to be written to CSV and imported. It is pure: it takes the
raw reference frames (boundaries, ESCO) and returns new frames; the same ``seed``,
``scale`` and ``today`` always give identical frames.

Places. Companies and job seekers are spread over Region Midtjylland's 19
municipalities in proportion to their populations (Danmarks Statistik, FOLK1A,
1 January 2024; see :data:`lksmatch.demodata_vocab.POPULATION_2024`). Within a
municipality a point is drawn inside one piece "postal area ∩ municipality" (main
towns get extra weight) by rejection sampling with ``shapely.contains_xy``, so
coordinates, postal code and kommunekode always agree. To exercise the assigner, a
few companies carry only a postal code (whose largest share lies in their
municipality), only coordinates, or only a kommunekode.

Skills. Needs and job seekers list skill *concepts* (the keys of
:data:`lksmatch.demodata_vocab.SKILLS`), and each is written as people write it
(:func:`skill_wordings`, shares :data:`NEED_SKILL_MIX` / :data:`SEEKER_SKILL_MIX`): a
wording the skill thesaurus knows, a spelling variant of one (case, hyphen or space,
æ/ø/å typed as ae/oe/aa, a typo, a Danish ending: :func:`spelling_variant`), or a real
synonym that the thesaurus deliberately does not hold
(:data:`lksmatch.demodata_vocab.HELD_OUT_SKILLS`, 15 % of the needs' skills and 20 % of
the job seekers'). The generator never reads the thesaurus file; a test checks that its
usual wordings are in it and its held-out ones are not. So the skill matching on demo
data is not perfect by construction: it has to recover concepts from wordings it was
not told about.

Outcomes (the generating model). One ``hire`` need in four or so is historical
(deadline in the past; ``outcomes / 8`` of them). Each got between four and a dozen
suggested job seekers, as a simple earlier tool would have picked them: 48 people drawn
(half from the need's trade), of whom the top ones by
``-d / 10 km + 3 * occ + 1.5 * skill + Gumbel noise`` were suggested (terms below).
Each suggested pair has a latent match quality

    q = 2.0 * occ + 2.0 * skill + commute + 0.6 * edu + e,   e ~ N(0, 0.7)

* ``occ`` (0..1): 1 when one of the person's listed occupations has the need's ISCO-08
  unit group, 0.6 the same minor group (3 digits), 0.3 the same trade, else 0;
* ``skill`` (0..1): the share of the need's listed skill concepts the person has
  (0.5 when the need lists none); the concepts are compared, not the wordings, so a
  skill written in a synonym the thesaurus does not know still counts here;
* ``commute``: 0.2 * (1 - d / c) within the person's ``max_commute_km`` c (30 km when
  missing), else -min(1.5, 2 * (d - c) / c), with d the straight-line distance from
  home to the company;
* ``edu``: -1 when the person's education is below the need's minimum, else 0.

``q`` is cut into ``hired`` (q >= 2.8), ``interviewed`` (>= 2.1), ``contacted``
(>= 1.3) and ``not_hired`` (at scale 1 about 11, 17, 18 and 54 %); a need hires at
most ``count`` people (the best ones; the others become ``interviewed``). Gender and
birth year are drawn independently of everything else (ages as of ``today``) and never
enter ``q``: any difference a fairness audit finds in a model trained on these outcomes
comes from the model or from chance, not from the data. Chance is not small: at scale 1
an age band holds about 400–900 outcomes (350–750 persons), and the four-fifths rule
flags at least one age band in about one seed in eight — the default seed 0 is one of
them (18–29 and 50–59); ``lksmatch audit fairness`` says so (its ``evidence`` column).
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from geo import boundaries
from lksmatch import demodata_vocab as vocab
from lksmatch.errors import ReferenceDataError

#: The import-file columns of PRODUCT.md, in order.
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
BASE_SIZES = {"companies": 2000, "needs": 1500, "jobseekers": 8000, "offers": 400, "outcomes": 3000}
#: Average number of recorded suggestions per historical need.
OUTCOMES_PER_NEED = 8
_HIRED, _INTERVIEWED, _CONTACTED = 2.8, 2.1, 1.3
_CVR_WEIGHTS = np.array([2, 7, 6, 5, 4, 3, 2])
_TOWN_SUFFIX = re.compile(r"\s+(C|N|V|J|S|Ø|NV|NØ|SV|SØ|Jylland|St\.)$")


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
    """Generate the demo region's five import files.

    Parameters
    ----------
    municipalities, postal_areas
        The raw national boundary files (:func:`store.refdata.read_municipalities`,
        :func:`store.refdata.read_postal_codes`).
    occupations, labels_da
        ESCO occupations and Danish labels (:func:`store.refdata.read_esco_occupations`,
        :func:`store.refdata.read_esco_labels_da`).
    scale
        Multiplies every count (1 = about 2,000 companies, 8,000 job seekers).
    seed
        Seed of the random generator; the same seed gives identical frames.
    today
        The reference date: deadlines, course starts and outcome dates are relative to it.

    Returns
    -------
    dict of str to DataFrame
        ``companies``, ``needs``, ``jobseekers``, ``offers``, ``outcomes``; each holds
        strings only, with exactly the columns of :data:`COLUMNS`.
    """
    sizes = demo_sizes(scale)
    if not isinstance(today, datetime.date):
        raise ValueError(f"`today` was {today!r} but is expected to be a datetime.date")
    places = _Places.build(municipalities, postal_areas)
    occs = _OccupationTable.build(occupations, labels_da)
    rng_c, rng_n, rng_j, rng_o, rng_h, rng_g = (
        np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(6)
    )
    day0 = np.datetime64(today, "D")
    companies = _make_companies(sizes["companies"], places, rng_c)
    needs = _make_needs(sizes["needs"], sizes["outcomes"], companies, occs, day0, rng_n)
    seekers = _make_jobseekers(sizes["jobseekers"], places, occs, day0, rng_j)
    offers = _make_offers(sizes["offers"], places, day0, rng_o)
    outcomes = _make_outcomes(sizes["outcomes"], needs, seekers, companies, occs, day0, rng_h, rng_g)
    frames = (companies.frame, needs.frame, seekers.frame, offers, outcomes)
    return {kind: _as_strings(frame, COLUMNS[kind]) for kind, frame in zip(COLUMNS, frames, strict=True)}


# --- places ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Places:
    """The region's municipalities and their "postal area ∩ municipality" pieces (EPSG:25832)."""

    codes: list[str]
    population: np.ndarray
    piece_muni: np.ndarray
    piece_postal: np.ndarray
    piece_town: np.ndarray
    piece_geom: np.ndarray
    piece_weight: np.ndarray
    piece_postal_only: np.ndarray
    """True where the postal code alone places the point in this municipality (share >= 90 %)."""
    to_wgs84: pyproj.Transformer

    @classmethod
    def build(cls, municipalities: gpd.GeoDataFrame, postal_areas: gpd.GeoDataFrame) -> _Places:
        munis = boundaries.clean_municipalities(municipalities)
        region = boundaries.region_municipalities(munis)
        postal = boundaries.clean_postal_areas(postal_areas)
        shares = boundaries.postal_municipality_shares(postal, munis)
        codes = sorted(region["municipality_code"])
        missing = sorted(set(vocab.POPULATION_2024) - set(codes))
        if missing or len(codes) != len(vocab.POPULATION_2024):
            raise ReferenceDataError(
                f"the region's municipalities in the boundary file are {codes}; "
                f"the demo data expects {sorted(vocab.POPULATION_2024)}"
            )
        top = shares.drop_duplicates("postal_code").set_index("postal_code")
        pieces = shares[shares["municipality_code"].isin(codes)].reset_index(drop=True)
        muni_geom = region.set_index("municipality_code").geometry
        postal_geom = postal.set_index("postal_code").geometry
        geoms = shapely.intersection(
            postal_geom.loc[pieces["postal_code"]].to_numpy(),
            muni_geom.loc[pieces["municipality_code"]].to_numpy(),
        )
        area = shapely.area(geoms) / 1e6
        keep = ((pieces["share"].to_numpy() >= 0.2) | (area >= 3.0)) & (area > 0.05)
        pieces, geoms, area = pieces[keep].reset_index(drop=True), geoms[keep], area[keep]
        shapely.prepare(geoms)
        muni = pieces["municipality_code"].to_numpy(dtype=str)
        code = pieces["postal_code"].to_numpy(dtype=str)
        main = np.array([c in vocab.MAIN_TOWNS.get(m, ()) for m, c in zip(muni, code, strict=True)])
        weight = np.sqrt(area)
        for m in codes:
            here = muni == m
            if not here.any():
                raise ReferenceDataError(f"no postal area lies in municipality {m}")
            in_town = here & main
            if in_town.any():  # the main towns hold 40 % of the municipality, the rest 60 %
                weight[in_town] *= 0.4 / weight[in_town].sum()
                weight[here & ~main] *= 0.6 / max(weight[here & ~main].sum(), 1e-9)
        alone = (top.loc[code, "municipality_code"].to_numpy(dtype=str) == muni) & (
            top.loc[code, "share"].to_numpy() >= 0.9
        )
        names = postal.set_index("postal_code")["postal_name"].loc[code].to_numpy(dtype=str)
        towns = np.array([_TOWN_SUFFIX.sub("", n) for n in names])
        return cls(
            codes=codes,
            population=np.array([vocab.POPULATION_2024[c] for c in codes], dtype=float),
            piece_muni=muni,
            piece_postal=code,
            piece_town=towns,
            piece_geom=geoms,
            piece_weight=weight,
            piece_postal_only=alone,
            to_wgs84=pyproj.Transformer.from_crs(boundaries.CRS_METRIC, boundaries.CRS_WEB, always_xy=True),
        )

    def choose_pieces(
        self, muni: np.ndarray, rng: np.random.Generator, *, postal_only: np.ndarray | None = None
    ) -> np.ndarray:
        """A piece for each row, inside the row's municipality (weighted by area and main towns)."""
        out = np.empty(len(muni), dtype=int)
        flags = np.zeros(len(muni), dtype=bool) if postal_only is None else postal_only
        for code in self.codes:
            for flag in (False, True):
                rows = np.flatnonzero((muni == code) & (flags == flag))
                if not len(rows):
                    continue
                ids = np.flatnonzero(self.piece_muni == code)
                if flag and self.piece_postal_only[ids].any():
                    ids = ids[self.piece_postal_only[ids]]
                w = self.piece_weight[ids]
                out[rows] = rng.choice(ids, size=len(rows), p=w / w.sum())
        return out

    def sample(self, piece: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """A uniform random point inside each row's piece: (n, 2) metric coordinates."""
        xy = np.empty((len(piece), 2))
        for pid in np.unique(piece):
            rows = np.flatnonzero(piece == pid)
            xy[rows] = _points_in(self.piece_geom[pid], len(rows), rng)
        return xy

    def lonlat(self, xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lon, lat = self.to_wgs84.transform(xy[:, 0], xy[:, 1])
        return np.asarray(lon), np.asarray(lat)


def _points_in(geom: shapely.Geometry, k: int, rng: np.random.Generator) -> np.ndarray:
    """``k`` uniform points inside a polygon by vectorised rejection sampling."""
    minx, miny, maxx, maxy = geom.bounds
    ratio = max(geom.area / ((maxx - minx) * (maxy - miny)), 0.01)
    found: list[np.ndarray] = []
    need = k
    while need > 0:
        m = int(need / ratio * 1.3) + 16
        x = rng.uniform(minx, maxx, m)
        y = rng.uniform(miny, maxy, m)
        ok = shapely.contains_xy(geom, x, y)
        found.append(np.column_stack([x[ok], y[ok]])[:need])
        need -= int(min(ok.sum(), need))
    return np.concatenate(found)


def _quota(total: int, weights: np.ndarray) -> np.ndarray:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder)."""
    exact = total * weights / weights.sum()
    out = np.floor(exact).astype(int)
    order = np.argsort(-(exact - out), kind="stable")
    out[order[: total - out.sum()]] += 1
    return out


# --- occupations and skills -------------------------------------------------------------------


@dataclass(frozen=True)
class _OccupationTable:
    """The vocabulary's occupations with their ESCO URI, Danish labels and skill profile."""

    specs: tuple[vocab.Occupation, ...]
    isco: np.ndarray
    trade: np.ndarray
    level: np.ndarray
    forms: list[dict[str, list[str]]]
    skill_keys: list[str]
    skill_prob: np.ndarray
    """(occupations, skills): the chance that a person of the occupation has the skill."""

    @classmethod
    def build(cls, occupations: pd.DataFrame, labels_da: pd.DataFrame) -> _OccupationTable:
        for name, frame, cols in (
            ("occupations", occupations, ["ORIGINURI", "ISCOGROUPCODE", "PREFERREDLABEL"]),
            ("labels_da", labels_da, ["concept_uri", "label_index", "label"]),
        ):
            missing = [c for c in cols if c not in frame.columns]
            if missing:
                raise ReferenceDataError(f"`{name}` lacks the columns {missing}; got {list(frame.columns)}")
        uri_of = {
            (str(r.PREFERREDLABEL), str(r.ISCOGROUPCODE)): str(r.ORIGINURI)
            for r in occupations[["PREFERREDLABEL", "ISCOGROUPCODE", "ORIGINURI"]].itertuples()
        }
        labels = labels_da.sort_values(["concept_uri", "label_index"], kind="stable")
        by_uri = labels.groupby("concept_uri", sort=False)["label"].agg(list).to_dict()
        specs = vocab.OCCUPATIONS
        forms = []
        for spec in specs:
            uri = uri_of.get((spec.esco, spec.isco)) if spec.esco else None
            group = by_uri.get(f"http://data.europa.eu/esco/isco/C{spec.isco}", [])
            da = by_uri.get(uri, []) if uri else []
            pref = da[0] if da else spec.da[0]
            alts = [a for a in (da[1:] if da else group[:1]) if a.lower() not in vocab.DA_ALT_DENY]
            forms.append(
                {
                    "code": [spec.isco],
                    "uri": [uri] if uri else [spec.isco],
                    "da": [pref],
                    "da_alt": alts or [pref],
                    "da_own": list(spec.da),
                    "en": ([spec.esco] if uri and spec.esco else []) + list(spec.en),
                }
            )
        keys = list(vocab.SKILLS)
        index = {k: i for i, k in enumerate(keys)}
        prob = np.full((len(specs), len(keys)), 0.0015)
        for i, spec in enumerate(specs):
            for other in specs:
                if other.trade == spec.trade:
                    prob[i, [index[k] for k in other.skills]] = 0.1
            for k in vocab.GENERAL_SKILLS:
                prob[i, index[k]] = max(prob[i, index[k]], 0.15)
            for pos, k in enumerate(spec.skills):
                prob[i, index[k]] = max(0.65 - 0.06 * pos, 0.3)
        return cls(
            specs=specs,
            isco=np.array([int(s.isco) for s in specs]),
            trade=np.array([s.trade for s in specs]),
            level=np.array([s.level for s in specs]),
            forms=forms,
            skill_keys=keys,
            skill_prob=prob,
        )

    def pick(self, trade: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """An occupation for each row, from the row's trade, by the vocabulary's weights."""
        out = np.empty(len(trade), dtype=int)
        for t in np.unique(trade):
            rows = np.flatnonzero(trade == t)
            ids = np.flatnonzero(self.trade == t)
            w = np.array([self.specs[i].weight for i in ids])
            out[rows] = rng.choice(ids, size=len(rows), p=w / w.sum())
        return out

    def write(
        self, occ: np.ndarray, mix: dict[str, float], rng: np.random.Generator, *, tag: float = 0.0
    ) -> list[str]:
        """The occupation as a user would write it: a code, a URI, a Danish or English title."""
        kinds = list(mix)
        kind = rng.choice(len(kinds), size=len(occ), p=np.array(list(mix.values())) / sum(mix.values()))
        u, case, extra = rng.random(len(occ)), rng.random(len(occ)), rng.random(len(occ))
        out = []
        for o, k, ui, ci, ei in zip(occ, kind, u, case, extra, strict=True):
            options = self.forms[o][kinds[k]] or self.forms[o]["da"]
            text = options[int(ui * len(options))]
            if kinds[k] in ("da", "da_alt", "da_own", "en"):
                text = text.lower() if ci < 0.2 else (text[:1].upper() + text[1:] if ci < 0.45 else text)
                if ei < tag:
                    text += " (m/k)"
            out.append(text)
        return out

    def write_skills(
        self, rows: np.ndarray, cols: np.ndarray, n: int, rng: np.random.Generator, *, mix: dict[str, float]
    ) -> list[str]:
        """Join the skills of each row (``rows``/``cols`` index a boolean matrix) as text.

        Each skill is written as :func:`skill_wordings` draws it with the shares ``mix``.
        """
        order = np.lexsort((rng.random(len(rows)), rows))
        rows, cols = rows[order], cols[order]
        texts, _ = skill_wordings([self.skill_keys[c] for c in cols], rng, mix=mix)
        out = [""] * n
        bounds = np.searchsorted(rows, np.arange(n + 1))
        for i in range(n):
            if bounds[i + 1] > bounds[i]:
                out[i] = ";".join(texts[bounds[i] : bounds[i + 1]])
        return out


# --- skill wordings ---------------------------------------------------------------------------

#: How the needs' skills are written (shares): the concept's usual wording, another wording
#: the thesaurus knows, a spelling variant of one (:func:`spelling_variant`), or a synonym the
#: thesaurus does not know (:data:`lksmatch.demodata_vocab.HELD_OUT_SKILLS`).
NEED_SKILL_MIX: dict[str, float] = {"usual": 0.45, "thesaurus": 0.2, "variant": 0.2, "held_out": 0.15}
#: The same for the job seekers (more varied than the needs, as in CVs).
SEEKER_SKILL_MIX: dict[str, float] = {"usual": 0.2, "thesaurus": 0.35, "variant": 0.25, "held_out": 0.2}
#: The kinds of spelling variant :func:`spelling_variant` makes.
VARIANT_KINDS = ("case", "separator", "letters", "typo", "ending")
_MIX_KINDS = ("usual", "thesaurus", "variant", "held_out")
_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
_SEPARATORS = (("-", " "), ("-", ""), ("/", " "), (" (", "("))
#: Last words that already carry an ending (or look as if they did) get no other.
_INFLECTED = ("en", "et", "ne", "s")
#: A neighbouring key on a Danish keyboard, for typos.
_NEIGHBOURS = dict(zip("abcdefghijklmnopqrstuvwxyz", "snvfrghjoklknmpowtdribecux", strict=True))


def skill_wordings(
    keys: Sequence[str], rng: np.random.Generator, *, mix: dict[str, float]
) -> tuple[list[str], list[str]]:
    """A written form of each skill concept key, and what kind of wording it is.

    ``mix`` gives the shares of ``usual``, ``thesaurus``, ``variant`` and ``held_out``
    (see :data:`NEED_SKILL_MIX`). The kinds returned are ``thesaurus`` (a wording of
    :data:`lksmatch.demodata_vocab.SKILLS`, which the thesaurus knows; a fifth of them
    lower-cased or capitalised), ``variant:<how>`` (a spelling variant of one, ``how`` in
    :data:`VARIANT_KINDS`) and ``held_out`` (a synonym the thesaurus does not know, cased
    as the others). The same ``rng`` state gives the same wordings.
    """
    unknown = set(mix) - set(_MIX_KINDS)
    if unknown:
        raise ValueError(f"`mix` has the unknown kind(s) {sorted(unknown)}; allowed: {list(_MIX_KINDS)}")
    table = _wording_table()
    concept = np.array([table.index[k] for k in keys], dtype=np.int64)
    m = len(concept)
    p = np.array([mix.get(k, 0.0) for k in _MIX_KINDS], dtype=float)
    kind = rng.choice(len(_MIX_KINDS), size=m, p=p / p.sum())
    u, v, w, case = rng.random((4, m))
    n_usual, n_held = table.n_usual[concept], table.n_held[concept]
    held = (kind == 3) & (n_held > 0)
    variant = (kind == 2) | ((kind == 3) & ~held)
    pos = np.where(
        held,
        table.held_start[concept] + (u * n_held).astype(np.int64),
        table.usual_start[concept] + np.where(kind == 0, 0, (u * n_usual).astype(np.int64)),
    )
    cased = np.where(case < 0.2, table.capital[pos], table.verbatim[pos])
    texts = np.where(case < 0.1, table.lower[pos], cased)
    kinds = np.where(held, "held_out", "thesaurus").astype(object)
    for i in np.flatnonzero(variant):
        texts[i], how = spelling_variant(table.verbatim[pos[i]], v[i], w[i])
        kinds[i] = f"variant:{how}"
    return texts.tolist(), kinds.tolist()


@dataclass(frozen=True)
class _WordingTable:
    """Every wording of :data:`~lksmatch.demodata_vocab.SKILLS` and ``HELD_OUT_SKILLS`` as flat arrays."""

    index: dict[str, int]
    verbatim: np.ndarray
    lower: np.ndarray
    capital: np.ndarray
    usual_start: np.ndarray
    n_usual: np.ndarray
    held_start: np.ndarray
    n_held: np.ndarray


@functools.cache
def _wording_table() -> _WordingTable:
    words: list[str] = []
    starts: dict[str, list[int]] = {"usual": [], "held": []}
    counts: dict[str, list[int]] = {"usual": [], "held": []}
    for key in vocab.SKILLS:
        for side, wordings in (("usual", vocab.SKILLS[key]), ("held", vocab.HELD_OUT_SKILLS.get(key, ()))):
            starts[side].append(len(words))
            counts[side].append(len(wordings))
            words.extend(wordings)
    verbatim = np.array(words, dtype=object)
    return _WordingTable(
        index={k: i for i, k in enumerate(vocab.SKILLS)},
        verbatim=verbatim,
        lower=np.array([t.lower() for t in words], dtype=object),
        capital=np.array([t[:1].upper() + t[1:] for t in words], dtype=object),
        usual_start=np.array(starts["usual"]),
        n_usual=np.array(counts["usual"]),
        held_start=np.array(starts["held"]),
        n_held=np.array(counts["held"]),
    )


def spelling_variant(text: str, u: float, v: float) -> tuple[str, str]:
    """A spelling variant of ``text`` that a careful reader sees as the same words, and its kind.

    ``u`` and ``v`` (uniform in [0, 1)) choose the kind among those that apply to the
    text and where it applies: ``case`` (lower, UPPER or Capitalised), ``separator`` (a
    hyphen as a space or dropped, ``/`` as a space, no space before a parenthesis),
    ``letters`` (æ/ø/å typed as ae/oe/aa), ``typo`` (one letter of the longest word of 5+
    letters dropped, doubled, swapped with the next or replaced by a keyboard neighbour)
    and ``ending`` (a Danish definite or plural ending on a last word of 4+ lower-case
    letters that has none yet).
    """
    options, cased, separators, longest, last = _variant_plan(text)
    if not options:
        return text, "none"
    how = options[int(u * len(options))]
    if how == "case":
        return cased[int(v * len(cased))], how
    if how == "separator":
        a, b = separators[int(v * len(separators))]
        return text.replace(a, b), how
    if how == "letters":
        return text.translate(_DANISH_LETTERS), how
    if how == "ending":
        endings: tuple[str, ...] = ("en", "er", "erne")
        if last.endswith("e"):
            endings = ("n", "r", "rne")
        elif last.endswith("er"):
            endings = ("ne",)
        return text + endings[int(v * len(endings))], how
    return text.replace(longest, _typo(longest, v), 1), how


@functools.cache
def _variant_plan(
    text: str,
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...], str, str]:
    """What :func:`spelling_variant` can do to ``text``: kinds, casings, separators, longest and last word."""
    words = text.split(" ")
    longest = max(words, key=lambda x: sum(ch.isalpha() for ch in x))
    last = words[-1]
    options: list[str] = []
    cased = tuple(c for c in (text.lower(), text.upper(), text[:1].upper() + text[1:].lower()) if c != text)
    if cased:
        options.append("case")
    separators = tuple((a, b) for a, b in _SEPARATORS if a in text)
    if separators:
        options.append("separator")
    if text != text.translate(_DANISH_LETTERS):
        options.append("letters")
    if sum(ch.isalpha() for ch in longest) >= 5:
        options.append("typo")
    if len(last) >= 4 and last.isalpha() and last.islower() and not last.endswith(_INFLECTED):
        options.append("ending")
    return tuple(options), cased, separators, longest, last


def _typo(word: str, v: float) -> str:
    """One slip of the finger inside ``word`` (never its first letter): ``v`` picks where and how."""
    slots = len(word) - 2  # positions 1 .. len-2
    scaled = v * 4 * slots
    how, i = int(scaled // slots), 1 + int(scaled % slots)
    ch = word[i]
    if how == 1:
        return word[:i] + ch + word[i:]
    if how == 2 and word[i + 1] != ch:
        return word[:i] + word[i + 1] + ch + word[i + 2 :]
    if how == 3 and ch.lower() in _NEIGHBOURS:
        near = _NEIGHBOURS[ch.lower()]
        return word[:i] + (near.upper() if ch.isupper() else near) + word[i + 1 :]
    return word[:i] + word[i + 1 :]


# --- the five kinds ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Companies:
    frame: pd.DataFrame
    trade: np.ndarray
    xy: np.ndarray
    weight: np.ndarray
    growth: np.ndarray


def _make_companies(n: int, places: _Places, rng: np.random.Generator) -> _Companies:
    trades = vocab.TRADES
    muni = rng.permutation(np.repeat(places.codes, _quota(n, places.population)))
    trade = rng.choice(len(trades), size=n, p=_norm([t.company_weight for t in trades]))
    # placement: full | code+postal | code only | coordinates only | coordinates+postal | postal only
    mode = rng.choice(6, size=n, p=[0.78, 0.05, 0.03, 0.05, 0.04, 0.05])
    piece = places.choose_pieces(muni, rng, postal_only=mode == 5)
    xy = places.sample(piece, rng)
    lon, lat = places.lonlat(xy)
    employees = np.clip(np.ceil(rng.lognormal(1.9, 1.1, n)), 1, 900).astype(int)
    growth = rng.random(n) < np.array([t.growth_rate for t in trades])[trade] * (1 + 0.3 * (employees >= 10))
    names, industry = _company_names(trade, places.piece_town[piece], rng)
    streets = [vocab.CENTRAL_STREETS if trades[t].central else vocab.INDUSTRIAL_STREETS for t in trade]
    s_u, number = rng.random(n), rng.integers(1, 150, n)
    address = [f"{s[int(u * len(s))]} {k}" for s, u, k in zip(streets, s_u, number, strict=True)]
    has_code = np.isin(mode, [0, 1, 2])
    has_xy = np.isin(mode, [0, 3, 4])
    has_postal = np.isin(mode, [0, 1, 4, 5])
    p_numbers = _unique_digits(n, 1_000_000_000, 2_000_000_000, rng)
    frame = pd.DataFrame(
        {
            "cvr": _cvr_numbers(n, rng).astype(str),
            "name": names,
            "p_number": np.where(rng.random(n) < 0.7, p_numbers.astype(str), ""),
            "address": np.where(rng.random(n) < 0.95, np.array(address), ""),
            "postal_code": np.where(has_postal, places.piece_postal[piece], ""),
            "municipality_code": np.where(has_code, muni, ""),
            "lat": _coords(lat, has_xy),
            "lon": _coords(lon, has_xy),
            "industry_code": industry,
            "employees": np.where(rng.random(n) < 0.95, employees.astype(str), ""),
            "growth_company": np.where(growth, "true", "false"),
        }
    )
    weight = employees**0.4 * np.where(growth, 1.5, 1.0)
    return _Companies(frame, trade, xy, weight, growth)


def _company_names(
    trade: np.ndarray, towns: np.ndarray, rng: np.random.Generator
) -> tuple[list[str], list[str]]:
    n = len(trade)
    pattern = rng.choice(7, size=n, p=[0.25, 0.2, 0.08, 0.2, 0.12, 0.08, 0.07])
    central = np.array([t.central for t in vocab.TRADES])[trade]
    pattern[central & (pattern == 2)] = 1  # "& Søn" is for crafts, not for IT or offices
    forms = vocab.COMPANY_FORMS
    form = rng.choice(len(forms), size=n, p=_norm([w for _, w in forms]))
    noun_u, sur, word = rng.random(n), rng.integers(0, len(vocab.SURNAMES), n), rng.integers(0, 14, n)
    letters = rng.choice(list("ABCDEFGHJKLMNOPRSTV"), size=(n, 2))
    names, codes = [], []
    for i in range(n):
        nouns = vocab.TRADES[trade[i]].nouns
        noun, db07 = nouns[int(noun_u[i] * len(nouns))]
        surname, town = vocab.SURNAMES[sur[i]], str(towns[i])
        core = (
            f"{town} {noun}",
            f"{surname} {noun}",
            f"{surname} & Søn {noun}",
            f"{vocab.REGION_WORDS[word[i] % len(vocab.REGION_WORDS)]} {noun}",
            f"{letters[i, 0]}{letters[i, 1]} {noun}",
            f"{surname}s {noun}",
            f"{noun} {town}",
        )[pattern[i]]
        names.append(core)
        codes.append(db07)
    repeated = pd.Series(names).duplicated().to_numpy()  # a second "Jensen VVS" gets its town
    return [
        (f"{core} {towns[i]}" if repeated[i] and str(towns[i]) not in core else core) + forms[form[i]][0]
        for i, core in enumerate(names)
    ], codes


def _cvr_numbers(n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` distinct valid CVR numbers (8 digits, modulus 11 with weights 2,7,6,5,4,3,2,1)."""
    found = np.empty(0, dtype=np.int64)
    while len(found) < n:
        prefix = rng.integers(1_000_000, 5_000_000, 2 * n + 16)
        digits = prefix[:, None] // 10 ** np.arange(6, -1, -1) % 10
        check = -(digits @ _CVR_WEIGHTS) % 11
        cvr = (prefix * 10 + check)[check < 10]
        found = _first_unique(np.concatenate([found, cvr]))
    return found[:n]


def _unique_digits(n: int, low: int, high: int, rng: np.random.Generator) -> np.ndarray:
    found = np.empty(0, dtype=np.int64)
    while len(found) < n:
        found = _first_unique(np.concatenate([found, rng.integers(low, high, n + 16)]))
    return found[:n]


def _first_unique(values: np.ndarray) -> np.ndarray:
    _, first = np.unique(values, return_index=True)
    return values[np.sort(first)]


@dataclass(frozen=True)
class _Needs:
    frame: pd.DataFrame
    company: np.ndarray
    occ: np.ndarray
    skills: np.ndarray
    """(needs, skills) boolean: the skill concepts the need lists."""
    min_level: np.ndarray
    """-1 = no minimum."""
    count: np.ndarray
    historical: np.ndarray
    deadline: np.ndarray


def _make_needs(
    n: int,
    n_outcomes: int,
    companies: _Companies,
    occs: _OccupationTable,
    day0: np.datetime64,
    rng: np.random.Generator,
) -> _Needs:
    company = rng.choice(len(companies.trade), size=n, p=companies.weight / companies.weight.sum())
    trade_keys = np.array([t.key for t in vocab.TRADES])
    cross = list(vocab.CROSS_TRADE_WEIGHTS)
    trade = np.where(
        rng.random(n) < 0.8,
        trade_keys[companies.trade[company]],
        np.array(cross)[rng.choice(len(cross), size=n, p=_norm(list(vocab.CROSS_TRADE_WEIGHTS.values())))],
    )
    occ = occs.pick(trade, rng)
    kind = np.where(rng.random(n) < 0.7, "hire", "upskill")
    hire = np.flatnonzero(kind == "hire")
    n_hist = min(len(hire), max(1, round(n_outcomes / OUTCOMES_PER_NEED)))
    historical = np.zeros(n, dtype=bool)
    historical[rng.choice(hire, size=n_hist, replace=False)] = True
    # skills: 0-4 concepts from the occupation's profile, the characteristic ones first
    n_skills = rng.choice(5, size=n, p=[0.1, 0.2, 0.3, 0.25, 0.15])
    skills = np.zeros((n, len(occs.skill_keys)), dtype=bool)
    index = {k: i for i, k in enumerate(occs.skill_keys)}
    for o in np.unique(occ):
        rows = np.flatnonzero(occ == o)
        profile = np.array([index[k] for k in occs.specs[o].skills])
        keys = rng.random((len(rows), len(profile))) * (1 + 0.25 * np.arange(len(profile)))
        rank = np.argsort(np.argsort(keys, axis=1), axis=1)
        chosen = rank < n_skills[rows, None]
        flat = chosen.ravel()
        skills[np.repeat(rows, len(profile))[flat], np.tile(profile, len(rows))[flat]] = True
    count = rng.choice([1, 2, 3, 4, 5], size=n, p=[0.7, 0.15, 0.08, 0.04, 0.03])
    growth = companies.growth[company]
    project = np.where(
        growth,
        np.array(["vaekst", "erhvervsfaglig", ""])[rng.choice(3, size=n, p=[0.6, 0.25, 0.15])],
        np.where(rng.random(n) < 0.7, "erhvervsfaglig", ""),
    )
    min_level = np.where(rng.random(n) < 0.5, np.maximum(occs.level[occ] - (rng.random(n) < 0.3), 0), -1)
    deadline = np.where(historical, day0 - rng.integers(14, 540, n), day0 + rng.integers(7, 180, n))
    has_deadline = historical | (rng.random(n) < 0.85)
    mix = {"code": 0.2, "uri": 0.15, "da": 0.25, "da_alt": 0.1, "da_own": 0.15, "en": 0.15}
    written = occs.write(occ, mix, rng, tag=0.04)
    titles = _titles(occ, kind, occs, rng)
    rows, cols = np.nonzero(skills)
    frame = pd.DataFrame(
        {
            "need_id": [f"N-{i:06d}" for i in range(1, n + 1)],
            "cvr": companies.frame["cvr"].to_numpy()[company],
            "occupation": written,
            "title": titles,
            "skills": occs.write_skills(rows, cols, n, rng, mix=NEED_SKILL_MIX),
            "count": count.astype(str),
            "kind": kind,
            "project": project,
            "education_level_min": np.where(min_level >= 0, np.array(vocab.EDUCATION_LEVELS)[min_level], ""),
            "deadline": np.where(has_deadline, _dates(deadline), ""),
        }
    )
    return _Needs(frame, company, occ, skills, min_level, count, historical, deadline)


def _titles(occ: np.ndarray, kind: np.ndarray, occs: _OccupationTable, rng: np.random.Generator) -> list[str]:
    n = len(occ)
    base = occs.write(occ, {"da": 0.4, "da_own": 0.6}, rng)
    u, keep = rng.random(n), rng.random(n) < 0.85
    out = []
    for t, k, ui, ki in zip(base, kind, u, keep, strict=True):
        templates = vocab.HIRE_TITLES if k == "hire" else vocab.UPSKILL_TITLES
        text = templates[int(ui * len(templates))].format(t=t)
        out.append(text[:1].upper() + text[1:] if ki else "")
    return out


@dataclass(frozen=True)
class _Seekers:
    frame: pd.DataFrame
    trade: np.ndarray
    occ: np.ndarray
    """(people, 3) occupations as listed, -1 = none."""
    skills: np.ndarray
    level: np.ndarray
    commute: np.ndarray
    xy: np.ndarray


def _make_jobseekers(
    n: int, places: _Places, occs: _OccupationTable, day0: np.datetime64, rng: np.random.Generator
) -> _Seekers:
    muni = rng.permutation(np.repeat(places.codes, _quota(n, places.population)))
    piece = places.choose_pieces(muni, rng)
    xy = places.sample(piece, rng)
    lon, lat = places.lonlat(xy)
    mode = rng.choice(3, size=n, p=[0.85, 0.1, 0.05])  # full | code+postal | code+coordinates
    trade_keys = np.array([t.key for t in vocab.TRADES])
    trade = trade_keys[rng.choice(len(trade_keys), size=n, p=_norm([t.seeker_weight for t in vocab.TRADES]))]
    occ = np.full((n, 3), -1)
    occ[:, 0] = occs.pick(trade, rng)
    for j, p in ((1, 0.35), (2, 0.1)):
        other = np.where(rng.random(n) < 0.8, trade, trade_keys[rng.integers(0, len(trade_keys), n)])
        more = (rng.random(n) < p) & (occ[:, j - 1] >= 0)
        occ[more, j] = occs.pick(other[more], rng)
        repeat = (occ[:, [j]] == occ[:, :j]).any(axis=1)
        occ[more & repeat, j] = -1
    occ[rng.random(n) < 0.08] = -1  # nothing on file
    latent = np.where(occ[:, 0] >= 0, occ[:, 0], occs.pick(trade, rng))
    prob = occs.skill_prob[latent]
    for j in (1, 2):
        has = occ[:, j] >= 0
        prob[has] = np.maximum(prob[has], 0.6 * occs.skill_prob[occ[has, j]])
    skills = rng.random(prob.shape, dtype=np.float32) < prob
    level = np.clip(occs.level[latent] + rng.choice([-2, -1, 0, 1], size=n, p=[0.05, 0.2, 0.6, 0.15]), 0, 5)
    commute = rng.choice(
        [5, 10, 15, 20, 25, 30, 35, 40, 50, 60], size=n, p=_norm([4, 10, 12, 16, 14, 14, 8, 10, 7, 5])
    )
    has_commute = rng.random(n) < 0.97
    unemployed = day0 - np.clip(rng.gamma(1.2, 120, n), 7, 900).astype(int)
    avail_kind = rng.choice(3, size=n, p=[0.55, 0.3, 0.15])
    available = np.where(avail_kind == 1, day0 + rng.integers(1, 60, n), unemployed)
    age = rng.choice(np.arange(18, 67), size=n, p=_norm(_age_weights()))
    gender = np.array(["female", "male", ""])[rng.choice(3, size=n, p=[0.49, 0.49, 0.02])]
    rows, cols = np.nonzero(skills)
    frame = pd.DataFrame(
        {
            "person_id": [f"P-{i:06d}" for i in range(1, n + 1)],
            "municipality_code": muni,
            "lat": _coords(lat, mode != 1),
            "lon": _coords(lon, mode != 1),
            "postal_code": np.where(mode != 2, places.piece_postal[piece], ""),
            "occupations": _occupation_lists(occ, occs, rng),
            "skills": occs.write_skills(rows, cols, n, rng, mix=SEEKER_SKILL_MIX),
            "education_level": np.array(vocab.EDUCATION_LEVELS)[level],
            "max_commute_km": np.where(has_commute, commute.astype(str), ""),
            "unemployed_since": _dates(unemployed),
            "available_from": np.where(avail_kind == 0, "", _dates(available)),
            "gender": gender,
            "birth_year": (day0.astype(object).year - age).astype(str),
        }
    )
    return _Seekers(frame, trade, occ, skills, level, np.where(has_commute, commute, 30), xy)


def _age_weights() -> np.ndarray:
    age = np.arange(18, 67)
    return 1.0 + 0.8 * np.exp(-(((age - 26) / 6) ** 2)) + 0.5 * np.exp(-(((age - 58) / 6) ** 2))


def _occupation_lists(occ: np.ndarray, occs: _OccupationTable, rng: np.random.Generator) -> list[str]:
    rows, cols = np.nonzero(occ >= 0)
    written = occs.write(occ[rows, cols], {"code": 0.45, "da": 0.3, "da_alt": 0.1, "da_own": 0.15}, rng)
    out = [""] * len(occ)
    for r, text in zip(rows, written, strict=True):
        out[r] = f"{out[r]};{text}" if out[r] else text
    return out


def _make_offers(n: int, places: _Places, day0: np.datetime64, rng: np.random.Generator) -> pd.DataFrame:
    campuses = [(p, postal, muni) for p in vocab.PROVIDERS for postal, muni in p.campuses]
    town_piece = []
    for _, postal, muni in campuses:
        found = np.flatnonzero((places.piece_postal == postal) & (places.piece_muni == muni))
        if not len(found):
            raise ReferenceDataError(f"the postal area {postal} does not lie in municipality {muni}")
        town_piece.append(int(found[0]))
    # one address per campus: the most central of a few random points of its town
    sites = []
    for pid in town_piece:
        points = _points_in(places.piece_geom[pid], 64, rng)
        centre = shapely.get_coordinates(shapely.centroid(places.piece_geom[pid]))[0]
        sites.append(points[np.argmin(((points - centre) ** 2).sum(axis=1))])
    # a trade by the region's demand, then a campus teaching it (larger towns more), then a course
    pop = dict(zip(places.codes, places.population, strict=True))
    trades = [t.key for t in vocab.TRADES]
    demand = _norm([t.company_weight + t.seeker_weight for t in vocab.TRADES])
    trade = rng.choice(len(trades), size=n, p=demand)
    campus, course = np.empty(n, dtype=int), np.empty(n, dtype=int)
    for t in np.unique(trade):
        rows = np.flatnonzero(trade == t)
        ids = [i for i, (p, _, _) in enumerate(campuses) if trades[t] in p.trades]
        w = np.array([np.sqrt(pop[campuses[i][2]]) / len(campuses[i][0].campuses) for i in ids])
        campus[rows] = rng.choice(ids, size=len(rows), p=w / w.sum())
        taught = [i for i, k in enumerate(vocab.COURSES) if k.trade == trades[t]]
        course[rows] = rng.choice(taught, size=len(rows))
    courses = [vocab.COURSES[i] for i in course]
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
    skill_text = [";".join(vocab.SKILLS[s][0] for s in k.skills) for k in courses]
    return pd.DataFrame(
        {
            "offer_id": [f"OF-{i:06d}" for i in range(1, n + 1)],
            "provider": [campuses[c][0].name for c in campus],
            "title": [k.title for k in courses],
            "course_code": [k.code for k in courses],
            "skills": skill_text,
            "municipality_code": np.where(mode <= 1, [campuses[c][2] for c in campus], ""),
            "postal_code": np.where(mode <= 2, [campuses[c][1] for c in campus], ""),
            "lat": _coords(lat, (mode == 0) | (mode == 3)),
            "lon": _coords(lon, (mode == 0) | (mode == 3)),
            "start_date": _dates(day0 + rng.integers(-30, 270, n)),
            "duration_days": np.array([str(k.days) for k in courses]),
            "seats": seats.astype(str),
            "kind": kind,
            "open_to_unemployed": np.where(rng.random(n) < open_share, "true", "false"),
        }
    )


def _make_outcomes(
    total: int,
    needs: _Needs,
    seekers: _Seekers,
    companies: _Companies,
    occs: _OccupationTable,
    day0: np.datetime64,
    rng: np.random.Generator,
    rng_noise: np.random.Generator,
) -> pd.DataFrame:
    hist = np.flatnonzero(needs.historical)
    per_need = _quota(total, rng.uniform(0.5, 1.5, len(hist)))
    draws = 48
    # candidates an earlier tool would have suggested: half from the need's trade, all nearby-ish
    need_trade = occs.trade[needs.occ[hist]]
    cand = rng.integers(0, len(seekers.trade), (len(hist), draws))
    for t in np.unique(need_trade):
        rows = np.flatnonzero(need_trade == t)
        pool = np.flatnonzero(seekers.trade == t)
        if len(pool):
            cand[rows, : draws // 2] = pool[rng.integers(0, len(pool), (len(rows), draws // 2))]
    quality = _quality(hist[:, None], cand, needs, seekers, companies, occs)
    key = -quality["distance"] / 10 + 3.0 * quality["occ"] + 1.5 * quality["skill"]
    key += rng.gumbel(size=cand.shape)
    order = np.argsort(cand, axis=1, kind="stable")
    in_order = np.take_along_axis(cand, order, axis=1)
    repeated = np.zeros(cand.shape, dtype=bool)
    repeated[:, 1:] = in_order[:, 1:] == in_order[:, :-1]
    duplicate = np.zeros(cand.shape, dtype=bool)
    np.put_along_axis(duplicate, order, repeated, axis=1)
    key[duplicate] = -np.inf
    rank = np.argsort(np.argsort(-key, axis=1, kind="stable"), axis=1, kind="stable")
    chosen = (rank < per_need[:, None]) & np.isfinite(key)
    q = (
        2.0 * quality["occ"]
        + 2.0 * quality["skill"]
        + quality["commute"]
        + 0.6 * quality["edu"]
        + rng_noise.normal(0.0, 0.7, cand.shape)
    )
    row, col = np.nonzero(chosen)
    need_rows, person, score = hist[row], cand[row, col], q[row, col]
    outcome = np.select(
        [score >= _HIRED, score >= _INTERVIEWED, score >= _CONTACTED],
        ["hired", "interviewed", "contacted"],
        "not_hired",
    ).astype(object)
    # a need hires at most `count` people: the best; the others were interviewed
    frame = pd.DataFrame({"need": need_rows, "person": person, "q": score, "outcome": outcome})
    frame["order"] = frame.groupby("need")["q"].rank(ascending=False, method="first")
    over = (frame["outcome"] == "hired") & (frame["order"] > needs.count[frame["need"].to_numpy()])
    frame.loc[over, "outcome"] = "interviewed"
    date = needs.deadline[frame["need"].to_numpy()] - rng.integers(0, 60, len(frame))
    return pd.DataFrame(
        {
            "need_id": needs.frame["need_id"].to_numpy()[frame["need"].to_numpy()],
            "person_id": seekers.frame["person_id"].to_numpy()[frame["person"].to_numpy()],
            "outcome": frame["outcome"].to_numpy(dtype=str),
            "date": _dates(np.minimum(date, day0 - 1)),
        }
    )


def _quality(
    need: np.ndarray,
    person: np.ndarray,
    needs: _Needs,
    seekers: _Seekers,
    companies: _Companies,
    occs: _OccupationTable,
) -> dict[str, np.ndarray]:
    """The terms of the latent match quality (see the module docstring) for need/person arrays."""
    n_occ = needs.occ[need]
    p_occ = seekers.occ[person]  # (..., 3)
    listed = p_occ >= 0
    isco_n, isco_p = occs.isco[n_occ][..., None], occs.isco[np.maximum(p_occ, 0)]
    same_trade = occs.trade[np.maximum(p_occ, 0)] == occs.trade[n_occ][..., None]
    closeness = np.select([isco_p == isco_n, isco_p // 10 == isco_n // 10, same_trade], [1.0, 0.6, 0.3], 0.0)
    occ = np.max(np.where(listed, closeness, 0.0), axis=-1)
    wanted = needs.skills[need]
    n_wanted = wanted.sum(axis=-1)
    have = (wanted & seekers.skills[person]).sum(axis=-1)
    skill = np.where(n_wanted > 0, have / np.maximum(n_wanted, 1), 0.5)
    d = np.linalg.norm(companies.xy[needs.company[need]] - seekers.xy[person], axis=-1) / 1000
    c = seekers.commute[person].astype(float)
    commute = np.where(d <= c, 0.2 * (1 - d / c), -np.minimum(1.5, 2 * (d - c) / c))
    minimum = needs.min_level[need]
    edu = np.where((minimum >= 0) & (seekers.level[person] < minimum), -1.0, 0.0)
    return {"occ": occ, "skill": skill, "commute": commute, "edu": edu, "distance": d}


# --- formatting -------------------------------------------------------------------------------


def _norm(weights: Sequence[float] | np.ndarray) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return w / w.sum()


def _coords(values: np.ndarray, present: np.ndarray) -> np.ndarray:
    return np.where(present, np.char.mod("%.6f", values), "")


def _dates(days: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(np.asarray(days).astype("datetime64[D]"), unit="D")


def _as_strings(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    return frame.loc[:, list(columns)].astype(str).reset_index(drop=True)
