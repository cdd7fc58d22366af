"""Visits: the LKS teams' visits to the companies over the last 18 months, and the needs found on them.

About nine visits per ten companies at every scale. A share of the needs
(:data:`LINKED_SHARE`) name the visit they were found on; each of their companies gets
one visit first, the other visits go to companies by size, growth and whether they have
needs at all - so some companies are visited several times and many not at all. Visits
fall on weekdays, fewer in July and around Christmas. Who took part follows
:data:`demo.vocab_visits.SYSTEM_MIX` exactly (largest remainder); a company's first visit
is mostly in person, a later one more often virtual or by phone. Topics are drawn from
what the systems present and the company's trade bring up (a growth company's more often
its growth plan), and the note is made of sentences about them - about the company only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from demo import vocab_companies, vocab_visits
from demo.common import dates, norm, quota
from demo.companies import Companies
from demo.needs import Needs

#: Share of the needs that name the visit they were found on.
LINKED_SHARE = 0.4
#: How far back the visits go (about 18 months), in days.
HISTORY_DAYS = 548
#: Shares of the visits with a note and with a follow-up date.
NOTE_SHARE, FOLLOW_UP_SHARE = 0.88, 0.35
#: A follow-up that fell due longer ago than this was carried out (a team keeps up with most of its
#: follow-ups), so the demo gives only the newer visits one that can still be waiting; a few overdue.
FOLLOW_UP_KEPT_DAYS = 30


def make_visits(
    n: int, companies: Companies, needs: Needs, day0: np.datetime64, rng: np.random.Generator
) -> tuple[pd.DataFrame, np.ndarray]:
    """``n`` visits (import rows, by date) and, per need, the ``visit_id`` it came from (``""`` for none)."""
    n_companies = len(companies.trade)
    n_needs = len(needs.company)
    linked = np.sort(rng.choice(n_needs, size=round(LINKED_SHARE * n_needs), replace=False))
    seeded = np.unique(needs.company[linked])
    if len(seeded) > n:  # a tiny region: fewer visits than companies to seed
        seeded = np.sort(rng.choice(seeded, size=n, replace=False))
        linked = linked[np.isin(needs.company[linked], seeded)]
    has_need = np.bincount(needs.company, minlength=n_companies) > 0
    propensity = companies.weight * np.where(has_need, 1.5, 0.4) * np.where(companies.growth, 1.3, 1.0)
    company = np.concatenate([seeded, rng.choice(n_companies, size=n - len(seeded), p=norm(propensity))])
    date = _visit_days(n, day0, rng)
    order = np.lexsort((company, date))
    company, date = company[order], date[order]
    first = ~pd.Series(company).duplicated().to_numpy()
    mix = vocab_visits.SYSTEM_MIX
    combo = rng.permutation(np.repeat(np.arange(len(mix)), quota(n, np.array([w for _, w in mix]))))
    kind = _kinds(first, rng)
    trade = companies.trade[company]
    topics, ranked, n_topics = _topics(combo, trade, companies.growth[company], rng)
    follow_up = date + rng.integers(14, 120, n)
    still_waiting = follow_up >= day0 - np.timedelta64(FOLLOW_UP_KEPT_DAYS, "D")
    follow = (rng.random(n) < FOLLOW_UP_SHARE) & still_waiting
    notes = _notes(kind, ranked, n_topics, follow, rng)
    visit_ids = np.array([f"V{i:05d}" for i in range(1, n + 1)])
    frame = pd.DataFrame(
        {
            "visit_id": visit_ids,
            "cvr": companies.frame["cvr"].to_numpy()[company],
            "date": dates(date),
            "systems": np.array([s for s, _ in mix])[combo],
            "kind": kind,
            "topics": topics,
            "note": np.where(rng.random(n) < NOTE_SHARE, notes, ""),
            "follow_up": np.where(follow, dates(follow_up), ""),
        }
    )
    return frame, _visit_of_needs(needs.company, linked, company, visit_ids, rng)


def _visit_days(n: int, day0: np.datetime64, rng: np.random.Generator) -> np.ndarray:
    """``n`` weekdays in the :data:`HISTORY_DAYS` before ``day0``, fewer in July and around Christmas."""
    days = day0 - np.arange(1, HISTORY_DAYS + 1)
    weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    month = days.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day_of_month = (days - days.astype("datetime64[M]")).astype(np.int64) + 1
    christmas = ((month == 12) & (day_of_month >= 20)) | ((month == 1) & (day_of_month <= 3))
    weight = np.where(weekday < 5, 1.0, 0.0) * np.where(month == 7, 0.3, 1.0) * np.where(christmas, 0.1, 1.0)
    return days[rng.choice(len(days), size=n, p=norm(weight))]


def _kinds(first: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """How each visit was made (a few not recorded): the first one mostly in person."""
    p_first, p_later = np.cumsum(vocab_visits.KIND_FIRST), np.cumsum(vocab_visits.KIND_LATER)
    bounds = np.where(first[:, None], p_first / p_first[-1], p_later / p_later[-1])
    pick = (rng.random(len(first))[:, None] > bounds).sum(axis=1)
    kind = np.array(vocab_visits.KINDS)[np.minimum(pick, len(vocab_visits.KINDS) - 1)]
    return np.where(rng.random(len(first)) < 0.03, "", kind)


def _topics(
    combo: np.ndarray, trade: np.ndarray, growth: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``;``-joined topics per visit, all topics ranked per visit, and how many were listed (0-3)."""
    names = vocab_visits.TOPICS
    column = {t: i for i, t in enumerate(names)}

    def row(weights: dict[str, float]) -> np.ndarray:
        out = np.zeros(len(names))
        for topic, w in weights.items():
            out[column[topic]] += w
        return out

    by_combo = np.array(
        [sum((row(vocab_visits.SYSTEM_TOPICS[s]) for s in systems.split(";")), np.zeros(len(names)))
         for systems, _ in vocab_visits.SYSTEM_MIX]
    )  # fmt: skip
    by_trade = np.array([row(vocab_visits.TRADE_TOPICS[t.key]) for t in vocab_companies.TRADES])
    weight = 0.3 + by_combo[combo] + by_trade[trade] + np.outer(growth, row({"vækstplan": 1.5}))
    n = len(combo)
    ranked = np.argsort(rng.exponential(size=(n, len(names))) / weight, axis=1)  # an exponential race
    n_topics = rng.choice(4, size=n, p=[0.05, 0.35, 0.42, 0.18])
    top = np.array(names, dtype=object)[ranked[:, :3]]
    topics = np.where(n_topics >= 1, top[:, 0], "")
    for j in (1, 2):
        topics = topics + np.where(n_topics > j, ";" + top[:, j], "")
    return topics, ranked, n_topics


def _notes(
    kind: np.ndarray, ranked: np.ndarray, n_topics: np.ndarray, follow: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """A short note per visit: how it was made, a sentence on each of its first two topics, what next.

    The follow-up sentence is on a line of its own in some notes (notes may span lines).
    """
    n = len(kind)
    u = rng.random((n, 4))
    people = rng.integers(2, 7, n) - 2
    new_line = rng.random(n) < 0.4
    kinds = np.where(kind == "", "fysisk", kind)
    openings = _pick(vocab_visits.OPENINGS, kinds, u[:, 0], 0)
    sentences = {t: vocab_visits.TOPIC_SENTENCES[t] for t in vocab_visits.TOPICS}
    names = np.array(vocab_visits.TOPICS)
    first = _pick(sentences, names[ranked[:, 0]], u[:, 1], people)
    second = _pick(sentences, names[ranked[:, 1]], u[:, 2], people)
    next_step = _pick({"": vocab_visits.FOLLOW_UPS}, np.full(n, ""), u[:, 3], 0)
    text = openings + np.where(n_topics >= 1, " " + first, "") + np.where(n_topics >= 2, " " + second, "")
    return text + np.where(follow, np.where(new_line, "\n", " ") + next_step, "")


def _pick(
    table: dict[str, tuple[str, ...]], keys: np.ndarray, u: np.ndarray, people: np.ndarray | int
) -> np.ndarray:
    """Per row, one of ``table[key]``'s sentences (by ``u``) with ``{k}`` = ``people + 2``."""
    flat = [[s.format(k=k) for k in range(2, 7)] for said in table.values() for s in said]
    count = np.array([len(said) for said in table.values()])
    row = pd.Index(list(table)).get_indexer(pd.Index(keys))
    start = (np.cumsum(count) - count)[row]
    return np.array(flat, dtype=object)[start + (u * count[row]).astype(int), people]


def _visit_of_needs(
    need_company: np.ndarray,
    linked: np.ndarray,
    company: np.ndarray,
    visit_ids: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Per need, the id of one of its company's visits for the ``linked`` needs, else ``""``."""
    by_company = np.argsort(company, kind="stable")
    grouped = company[by_company]
    wanted = need_company[linked]
    start = np.searchsorted(grouped, wanted, side="left")
    count = np.searchsorted(grouped, wanted, side="right") - start
    pick = by_company[start + (rng.random(len(linked)) * count).astype(int)]
    out = np.full(len(need_company), "", dtype=object)
    out[linked] = visit_ids[pick]
    return out
