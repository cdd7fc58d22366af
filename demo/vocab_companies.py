"""The demo region's trades and what its companies and their needs are called.

Plain data: the trades (how common, company-name nouns with their DB07 codes, growth
rates), need title templates, surnames, region words, company forms and street names
(see :mod:`demo.companies` and :mod:`demo.needs`, which draw from it). Nothing here is
random.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Trade:
    """One of the region's trades: how common it is and what its companies are called."""

    key: str
    company_weight: float
    seeker_weight: float
    nouns: tuple[tuple[str, str], ...]
    """Company-name nouns, each with the DB07 industry code it implies."""
    central: bool
    """True for trades whose companies sit in town centres (offices), not on industrial estates."""
    growth_rate: float
    """Share of the trade's companies that are growth companies (vækstvirksomheder)."""


TRADES: tuple[Trade, ...] = (
    Trade(
        "industri",
        0.22,
        0.17,
        (
            ("Maskinfabrik", "282900"),
            ("Stål", "251100"),
            ("Staalindustri", "251100"),
            ("Metal", "256200"),
            ("Smedie", "251100"),
            ("Industri", "289900"),
            ("Plast", "222900"),
            ("CNC-Teknik", "256200"),
            ("Maskinværksted", "256200"),
            ("Landbrugsmaskiner", "283000"),
        ),
        False,
        0.3,
    ),
    Trade(
        "bygge",
        0.20,
        0.14,
        (
            ("Tømrer", "433200"),
            ("Byg", "412000"),
            ("Tømrer & Snedker", "433200"),
            ("El-Service", "432100"),
            ("El", "432100"),
            ("VVS", "432200"),
            ("Murerfirma", "412000"),
            ("Entreprise", "412000"),
            ("Malerfirma", "433400"),
            ("Anlæg", "431200"),
        ),
        False,
        0.2,
    ),
    Trade(
        "transport",
        0.12,
        0.15,
        (
            ("Transport", "494100"),
            ("Vognmandsforretning", "494100"),
            ("Logistik", "521000"),
            ("Fragt", "494100"),
            ("Spedition", "522900"),
            ("Lager & Logistik", "521000"),
            ("Distribution", "494100"),
        ),
        False,
        0.2,
    ),
    Trade(
        "foedevarer",
        0.10,
        0.10,
        (
            ("Slagteri", "101100"),
            ("Pølsefabrik", "101300"),
            ("Bageri", "107100"),
            ("Mejeri", "105100"),
            ("Fødevarer", "108900"),
            ("Kødindustri", "101300"),
            ("Storkøkken", "562900"),
        ),
        False,
        0.2,
    ),
    Trade(
        "omsorg",
        0.10,
        0.16,
        (
            ("Hjemmepleje", "881000"),
            ("Omsorg", "881000"),
            ("Plejeservice", "881000"),
            ("Sundhed & Omsorg", "869000"),
            ("Plejehjem", "873000"),
        ),
        True,
        0.15,
    ),
    Trade(
        "it",
        0.11,
        0.08,
        (
            ("IT", "620200"),
            ("Data", "631100"),
            ("Software", "620100"),
            ("Digital", "620100"),
            ("Systems", "620200"),
            ("IT-Partner", "620200"),
            ("Solutions", "620100"),
        ),
        True,
        0.45,
    ),
    Trade(
        "kontor",
        0.15,
        0.20,
        (
            ("Revision", "692000"),
            ("Regnskab", "692000"),
            ("Administration", "821100"),
            ("Bogføring", "692000"),
            ("Rådgivning", "702200"),
            ("Kontorservice", "821100"),
            ("Consult", "702200"),
            ("Handel", "469000"),
        ),
        True,
        0.2,
    ),
)

#: Where a company's needs fall outside its own trade (an office job in a factory…).
CROSS_TRADE_WEIGHTS: dict[str, float] = {"kontor": 0.5, "transport": 0.3, "it": 0.2}

#: Title templates for a need (``{t}`` = the Danish title as written).
HIRE_TITLES: tuple[str, ...] = (
    "{t}",
    "{t}",
    "Erfaren {t}",
    "{t} søges",
    "{t} – fuldtid",
    "{t} til fast stilling",
    "{t} (vikariat)",
    "Voksenlærling som {t}",
)
UPSKILL_TITLES: tuple[str, ...] = (
    "Opkvalificering: {t}",
    "Efteruddannelse af medarbejdere – {t}",
    "Kompetenceløft, {t}",
    "{t} – nye kompetencer",
)

SURNAMES: tuple[str, ...] = (
    "Nielsen",
    "Jensen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Christiansen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
    "Knudsen",
    "Jakobsen",
    "Mikkelsen",
    "Frandsen",
    "Lund",
    "Holm",
    "Bach",
    "Dahl",
    "Skov",
    "Kjær",
    "Vestergaard",
    "Østergaard",
    "Nørgaard",
    "Bundgaard",
    "Bisgaard",
    "Damgaard",
    "Søgaard",
    "Overgaard",
    "Kirkegaard",
    "Lauridsen",
    "Iversen",
    "Bertelsen",
    "Thygesen",
    "Graversen",
    "Riis",
    "Brask",
    "Hedegaard",
)
REGION_WORDS: tuple[str, ...] = (
    "Vestjysk",
    "Midtjysk",
    "Østjysk",
    "Jysk",
    "Nordvestjysk",
    "Gudenå",
    "Limfjords",
    "Djurs",
    "Salling",
    "Hede",
    "Fjord",
    "Kyst",
    "Skov",
    "Søhøjlandets",
)
#: Company suffixes and their weights (most Danish SMEs are ApS).
COMPANY_FORMS: tuple[tuple[str, float], ...] = (
    (" ApS", 0.56),
    (" A/S", 0.18),
    (" I/S", 0.05),
    ("", 0.18),
    (" K/S", 0.015),
    (" P/S", 0.015),
)
INDUSTRIAL_STREETS: tuple[str, ...] = (
    "Industrivej",
    "Erhvervsvej",
    "Håndværkervej",
    "Fabriksvej",
    "Smedevej",
    "Værkstedsvej",
    "Transportvej",
    "Industriparken",
    "Mekanikervej",
    "Tømrervej",
    "Murervej",
    "Lagervej",
    "Logistikvej",
    "Blomstervej",
)
CENTRAL_STREETS: tuple[str, ...] = (
    "Vestergade",
    "Søndergade",
    "Østergade",
    "Nørregade",
    "Torvet",
    "Jernbanegade",
    "Banegårdsgade",
    "Kirkegade",
    "Bredgade",
    "Skolegade",
    "Parkvej",
    "Stationsvej",
    "Havnegade",
    "Grønnegade",
)
