"""Where the demo region's people and companies live: populations and main towns.

Plain data (see :mod:`demo.places`, which draws from it). Nothing here is random.
"""

from __future__ import annotations

#: Population of Region Midtjylland's 19 municipalities on 1 January 2024.
#: Source: Danmarks Statistik, Statistikbanken table FOLK1A ("Folketal den 1. i kvartalet
#: efter område, køn, alder og civilstand"), quarter 2024K1, total of both sexes and all ages.
#: Aarhus (367,095) is checked against published figures (361,544 on 1 January 2023 plus the
#: 5,551 growth of 2023). The other 18 are approximations to the nearest 100 that could not be
#: checked against Statistikbanken from this (offline) workplace; their sum, 1.36 million, is
#: consistent with the region's published total (1,320,678 in 2019, growing ~8,000 a year).
#: Only the proportions are used (how many companies and job seekers each municipality gets),
#: so an error of a few per cent changes the demo, not the product. Check them at
#: statistikbanken.dk/FOLK1A before using the demo for anything but a demonstration.
POPULATION_2024: dict[str, int] = {
    "751": 367_095,  # Aarhus
    "740": 100_400,  # Silkeborg
    "730": 100_200,  # Randers
    "615": 97_900,  # Horsens
    "791": 97_800,  # Viborg
    "657": 90_000,  # Herning
    "746": 64_000,  # Skanderborg
    "661": 59_000,  # Holstebro
    "760": 55_800,  # Ringkøbing-Skjern
    "710": 50_200,  # Favrskov
    "766": 47_300,  # Hedensted
    "779": 45_600,  # Skive
    "706": 43_300,  # Syddjurs
    "756": 41_800,  # Ikast-Brande
    "707": 36_900,  # Norddjurs
    "727": 23_400,  # Odder
    "671": 20_500,  # Struer
    "665": 19_200,  # Lemvig
    "741": 3_700,  # Samsø
}

#: The main towns' postal codes per municipality: a larger share of the companies and
#: people of a municipality live there than the area alone would give.
MAIN_TOWNS: dict[str, tuple[str, ...]] = {
    "615": ("8700",),
    "657": ("7400",),
    "661": ("7500",),
    "665": ("7620",),
    "671": ("7600",),
    "706": ("8400", "8410", "8543"),
    "707": ("8500",),
    "710": ("8370", "8382", "8450"),
    "727": ("8300",),
    "730": ("8900", "8920", "8930", "8940", "8960"),
    "740": ("8600",),
    "741": ("8305",),
    "746": ("8660", "8680", "8464"),
    "751": ("8000", "8200", "8210", "8220", "8230", "8240", "8260", "8270"),
    "756": ("7430", "7330"),
    "760": ("6950", "6900", "6880"),
    "766": ("8722", "7130", "7160"),
    "779": ("7800",),
    "791": ("8800", "8850"),
}
