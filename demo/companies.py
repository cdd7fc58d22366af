"""Companies: Danish SMEs of the region's trades, with valid CVR numbers and plausible names."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from demo import vocab_companies
from demo.common import coords, norm, quota
from demo.places import Places

_CVR_WEIGHTS = np.array([2, 7, 6, 5, 4, 3, 2])


@dataclass(frozen=True)
class Companies:
    """The generated companies: their import rows and what the later kinds draw on."""

    frame: pd.DataFrame
    trade: np.ndarray
    xy: np.ndarray
    weight: np.ndarray
    growth: np.ndarray


def make_companies(n: int, places: Places, rng: np.random.Generator) -> Companies:
    """``n`` companies spread over the region by population, a few with a partial address."""
    trades = vocab_companies.TRADES
    muni = rng.permutation(np.repeat(places.codes, quota(n, places.population)))
    trade = rng.choice(len(trades), size=n, p=norm([t.company_weight for t in trades]))
    # placement: full | code+postal | code only | coordinates only | coordinates+postal | postal only
    mode = rng.choice(6, size=n, p=[0.78, 0.05, 0.03, 0.05, 0.04, 0.05])
    piece = places.choose_pieces(muni, rng, postal_only=mode == 5)
    xy = places.sample(piece, rng)
    lon, lat = places.lonlat(xy)
    employees = np.clip(np.ceil(rng.lognormal(1.9, 1.1, n)), 1, 900).astype(int)
    growth = rng.random(n) < np.array([t.growth_rate for t in trades])[trade] * (1 + 0.3 * (employees >= 10))
    names, industry = _company_names(trade, places.piece_town[piece], rng)
    address = _addresses(trade, rng)
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
            "lat": coords(lat, has_xy),
            "lon": coords(lon, has_xy),
            "industry_code": industry,
            "employees": np.where(rng.random(n) < 0.95, employees.astype(str), ""),
            "growth_company": np.where(growth, "true", "false"),
        }
    )
    weight = employees**0.4 * np.where(growth, 1.5, 1.0)
    return Companies(frame, trade, xy, weight, growth)


def _addresses(trade: np.ndarray, rng: np.random.Generator) -> list[str]:
    """A street and number for each company: town-centre streets for offices, else industrial ones."""
    trades = vocab_companies.TRADES
    central, industrial = vocab_companies.CENTRAL_STREETS, vocab_companies.INDUSTRIAL_STREETS
    streets = [central if trades[t].central else industrial for t in trade]
    s_u, number = rng.random(len(trade)), rng.integers(1, 150, len(trade))
    return [f"{s[int(u * len(s))]} {k}" for s, u, k in zip(streets, s_u, number, strict=True)]


def _company_names(
    trade: np.ndarray, towns: np.ndarray, rng: np.random.Generator
) -> tuple[list[str], list[str]]:
    """A name (town, surname, region word or initials with a trade noun) and DB07 code per company."""
    n = len(trade)
    pattern = rng.choice(7, size=n, p=[0.25, 0.2, 0.08, 0.2, 0.12, 0.08, 0.07])
    central = np.array([t.central for t in vocab_companies.TRADES])[trade]
    pattern[central & (pattern == 2)] = 1  # "& Søn" is for crafts, not for IT or offices
    forms = vocab_companies.COMPANY_FORMS
    form = rng.choice(len(forms), size=n, p=norm([w for _, w in forms]))
    surnames, region_words = vocab_companies.SURNAMES, vocab_companies.REGION_WORDS
    noun_u, sur, word = rng.random(n), rng.integers(0, len(surnames), n), rng.integers(0, 14, n)
    letters = rng.choice(list("ABCDEFGHJKLMNOPRSTV"), size=(n, 2))
    names, codes = [], []
    for i in range(n):
        nouns = vocab_companies.TRADES[trade[i]].nouns
        noun, db07 = nouns[int(noun_u[i] * len(nouns))]
        surname, town = surnames[sur[i]], str(towns[i])
        core = (
            f"{town} {noun}",
            f"{surname} {noun}",
            f"{surname} & Søn {noun}",
            f"{region_words[word[i] % len(region_words)]} {noun}",
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
    """``n`` distinct random integers in [low, high)."""
    found = np.empty(0, dtype=np.int64)
    while len(found) < n:
        found = _first_unique(np.concatenate([found, rng.integers(low, high, n + 16)]))
    return found[:n]


def _first_unique(values: np.ndarray) -> np.ndarray:
    """``values`` without repeats, each kept where it first occurs."""
    _, first = np.unique(values, return_index=True)
    return values[np.sort(first)]
