"""Needs: what the companies want, hiring or upskilling, some of them historical (with outcomes)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from demo import vocab_companies, vocab_occupations
from demo.common import dates, norm
from demo.companies import Companies
from demo.occupations import OccupationTable
from demo.wordings import NEED_SKILL_MIX

#: Average number of recorded suggestions per historical need.
OUTCOMES_PER_NEED = 8
#: Shares of all needs whose status is ``filled`` and ``cancelled`` (the others are ``open``).
FILLED_SHARE, CANCELLED_SHARE = 0.08, 0.04


@dataclass(frozen=True)
class Needs:
    """The generated needs: their import rows and what the outcomes are drawn from."""

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


def make_needs(
    n: int,
    n_outcomes: int,
    companies: Companies,
    occs: OccupationTable,
    day0: np.datetime64,
    rng: np.random.Generator,
) -> Needs:
    """``n`` needs of the companies; ``n_outcomes / OUTCOMES_PER_NEED`` hiring ones are historical."""
    company = rng.choice(len(companies.trade), size=n, p=companies.weight / companies.weight.sum())
    trade_keys = np.array([t.key for t in vocab_companies.TRADES])
    cross = vocab_companies.CROSS_TRADE_WEIGHTS
    trade = np.where(
        rng.random(n) < 0.8,
        trade_keys[companies.trade[company]],
        np.array(list(cross))[rng.choice(len(cross), size=n, p=norm(list(cross.values())))],
    )
    occ = occs.pick(trade, rng)
    kind = np.where(rng.random(n) < 0.7, "hire", "upskill")
    historical = _historical(kind, n_outcomes, rng)
    skills = _need_skills(occ, occs, rng)
    count = rng.choice([1, 2, 3, 4, 5], size=n, p=[0.7, 0.15, 0.08, 0.04, 0.03])
    project = _projects(companies.growth[company], rng)
    min_level = np.where(rng.random(n) < 0.5, np.maximum(occs.level[occ] - (rng.random(n) < 0.3), 0), -1)
    deadline = np.where(historical, day0 - rng.integers(14, 540, n), day0 + rng.integers(7, 180, n))
    has_deadline = historical | (rng.random(n) < 0.85)
    mix = {"code": 0.2, "uri": 0.15, "da": 0.25, "da_alt": 0.1, "da_own": 0.15, "en": 0.15}
    written = occs.write(occ, mix, rng, tag=0.04)
    titles = _titles(occ, kind, occs, rng)
    rows, cols = np.nonzero(skills)
    levels = np.array(vocab_occupations.EDUCATION_LEVELS)
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
            "education_level_min": np.where(min_level >= 0, levels[min_level], ""),
            "deadline": np.where(has_deadline, dates(deadline), ""),
        }
    )
    return Needs(frame, company, occ, skills, min_level, count, historical, deadline)


def need_statuses(needs: Needs, hired: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Each need's status: ``open``, ``filled`` or ``cancelled``; ``hired``: which needs hired someone.

    Filled needs are historical ones (those that hired four times as likely); cancelled ones
    are any of the rest (those whose deadline has passed twice as likely).
    """
    n = len(needs.historical)
    status = np.full(n, "open", dtype=object)
    past = np.flatnonzero(needs.historical)
    filled = rng.choice(past, size=min(len(past), round(FILLED_SHARE * n)), replace=False,
                        p=norm(np.where(hired[past], 4.0, 1.0)))  # fmt: skip
    status[filled] = "filled"
    rest = np.flatnonzero(status == "open")
    cancelled = rng.choice(rest, size=min(len(rest), round(CANCELLED_SHARE * n)), replace=False,
                           p=norm(np.where(needs.historical[rest], 2.0, 1.0)))  # fmt: skip
    status[cancelled] = "cancelled"
    return status


def _historical(kind: np.ndarray, n_outcomes: int, rng: np.random.Generator) -> np.ndarray:
    """Which needs are historical: ``n_outcomes / OUTCOMES_PER_NEED`` of the hiring ones, at least one."""
    hire = np.flatnonzero(kind == "hire")
    n_hist = min(len(hire), max(1, round(n_outcomes / OUTCOMES_PER_NEED)))
    historical = np.zeros(len(kind), dtype=bool)
    historical[rng.choice(hire, size=n_hist, replace=False)] = True
    return historical


def _need_skills(occ: np.ndarray, occs: OccupationTable, rng: np.random.Generator) -> np.ndarray:
    """(needs, skills) boolean: 0-4 concepts from the occupation's profile, the characteristic ones first."""
    n = len(occ)
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
    return skills


def _projects(growth: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The project a need belongs to: ``vaekst`` (growth companies only), ``erhvervsfaglig`` or none."""
    n = len(growth)
    return np.where(
        growth,
        np.array(["vaekst", "erhvervsfaglig", ""])[rng.choice(3, size=n, p=[0.6, 0.25, 0.15])],
        np.where(rng.random(n) < 0.7, "erhvervsfaglig", ""),
    )


def _titles(occ: np.ndarray, kind: np.ndarray, occs: OccupationTable, rng: np.random.Generator) -> list[str]:
    """A job-ad title for each need (``""`` for a few), from the occupation's Danish title."""
    n = len(occ)
    base = occs.write(occ, {"da": 0.4, "da_own": 0.6}, rng)
    u, keep = rng.random(n), rng.random(n) < 0.85
    out = []
    for t, k, ui, ki in zip(base, kind, u, keep, strict=True):
        templates = vocab_companies.HIRE_TITLES if k == "hire" else vocab_companies.UPSKILL_TITLES
        text = templates[int(ui * len(templates))].format(t=t)
        out.append(text[:1].upper() + text[1:] if ki else "")
    return out
