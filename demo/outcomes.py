"""Outcomes: what happened to the job seekers an earlier tool suggested for the historical needs.

The generating model. One ``hire`` need in four or so is historical (deadline in the
past; ``outcomes / 8`` of them). Each got between four and a dozen suggested job
seekers, as a simple earlier tool would have picked them: 48 people drawn (half from the
need's trade), of whom the top ones by ``-d / 10 km + 3 * occ + 1.5 * skill + Gumbel
noise`` were suggested (terms below). Each suggested pair has a latent match quality

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

import numpy as np
import pandas as pd

from demo.common import dates, quota
from demo.companies import Companies
from demo.jobseekers import Seekers
from demo.needs import Needs
from demo.occupations import OccupationTable

_HIRED, _INTERVIEWED, _CONTACTED = 2.8, 2.1, 1.3
#: People an earlier tool drew per historical need before it kept the best few.
_DRAWS = 48


def make_outcomes(
    total: int,
    needs: Needs,
    seekers: Seekers,
    companies: Companies,
    occs: OccupationTable,
    day0: np.datetime64,
    rng: np.random.Generator,
    rng_noise: np.random.Generator,
) -> pd.DataFrame:
    """About ``total`` outcomes of suggested need/person pairs (the model of the module docstring).

    ``rng_noise`` draws only the noise ``e`` of the latent quality, ``rng`` everything else.
    """
    hist = np.flatnonzero(needs.historical)
    per_need = quota(total, rng.uniform(0.5, 1.5, len(hist)))
    cand = _candidates(hist, needs, seekers, occs, rng)
    quality = _quality(hist[:, None], cand, needs, seekers, companies, occs)
    chosen = _suggested(cand, quality, per_need, rng)
    q = (
        2.0 * quality["occ"]
        + 2.0 * quality["skill"]
        + quality["commute"]
        + 0.6 * quality["edu"]
        + rng_noise.normal(0.0, 0.7, cand.shape)
    )
    row, col = np.nonzero(chosen)
    frame = _outcome_per_pair(hist[row], cand[row, col], q[row, col], needs)
    date = needs.deadline[frame["need"].to_numpy()] - rng.integers(0, 60, len(frame))
    return pd.DataFrame(
        {
            "need_id": needs.frame["need_id"].to_numpy()[frame["need"].to_numpy()],
            "person_id": seekers.frame["person_id"].to_numpy()[frame["person"].to_numpy()],
            "outcome": frame["outcome"].to_numpy(dtype=str),
            "date": dates(np.minimum(date, day0 - 1)),
        }
    )


def _candidates(
    hist: np.ndarray, needs: Needs, seekers: Seekers, occs: OccupationTable, rng: np.random.Generator
) -> np.ndarray:
    """(historical needs, draws): people an earlier tool looked at, half from the need's trade."""
    need_trade = occs.trade[needs.occ[hist]]
    cand = rng.integers(0, len(seekers.trade), (len(hist), _DRAWS))
    for t in np.unique(need_trade):
        rows = np.flatnonzero(need_trade == t)
        pool = np.flatnonzero(seekers.trade == t)
        if len(pool):
            cand[rows, : _DRAWS // 2] = pool[rng.integers(0, len(pool), (len(rows), _DRAWS // 2))]
    return cand


def _suggested(
    cand: np.ndarray, quality: dict[str, np.ndarray], per_need: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """(historical needs, draws) boolean: the ``per_need`` distinct candidates the tool suggested."""
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
    return (rank < per_need[:, None]) & np.isfinite(key)


def _outcome_per_pair(
    need_rows: np.ndarray, person: np.ndarray, score: np.ndarray, needs: Needs
) -> pd.DataFrame:
    """The outcome of each suggested pair by its quality; a need hires at most ``count`` people."""
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
    return frame


def _quality(
    need: np.ndarray,
    person: np.ndarray,
    needs: Needs,
    seekers: Seekers,
    companies: Companies,
    occs: OccupationTable,
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
