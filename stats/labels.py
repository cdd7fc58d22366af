"""Display labels (Danish and English) of every column of the area statistics."""

from __future__ import annotations

from stats.columns import DURATION_BANDS, EDUCATION_LEVELS, ISCO_GROUPS, KINDS, PROGRAMMES

_ISCO_DA = {
    "0": "militært arbejde",
    "1": "ledelse",
    "2": "viden på højeste niveau",
    "3": "viden på mellemniveau",
    "4": "kontor og kundeservice",
    "5": "service og salg",
    "6": "landbrug, skovbrug og fiskeri",
    "7": "håndværk",
    "8": "operatør, montage og transport",
    "9": "andet manuelt arbejde",
    "unknown": "ukendt",
}
_ISCO_EN = {
    "0": "armed forces",
    "1": "managers",
    "2": "professionals",
    "3": "technicians and associate professionals",
    "4": "clerical support",
    "5": "service and sales",
    "6": "agriculture, forestry and fishery",
    "7": "craft and trades",
    "8": "operators and assemblers",
    "9": "elementary occupations",
    "unknown": "unknown",
}
_KIND_DA = {"hire": "ansættelse", "upskill": "opkvalificering"}
_PROGRAMME_DA = {
    "vaekst": "Vækstrettet kompetenceudvikling",
    "erhvervsfaglig": "Erhvervsfaglige kompetencer",
    "no_programme": "intet program",
}
_PROGRAMME_EN = {
    "vaekst": "growth-oriented upskilling",
    "erhvervsfaglig": "vocational competences",
    "no_programme": "no programme",
}
_BAND_DA = {
    "lt3m": "under 3 måneder",
    "3to12m": "3-12 måneder",
    "gt12m": "over 12 måneder",
    "unknown": "varighed ukendt",
}
_BAND_EN = {
    "lt3m": "less than 3 months",
    "3to12m": "3-12 months",
    "gt12m": "more than 12 months",
    "unknown": "duration unknown",
}
_EDU_EN = {
    "grundskole": "primary school",
    "gymnasial": "upper secondary",
    "erhvervsfaglig": "vocational",
    "kort_videregaaende": "short-cycle higher",
    "mellemlang_videregaaende": "medium-cycle higher",
    "lang_videregaaende": "long-cycle higher",
    "unknown": "education unknown",
}


def _labels(lang: str) -> dict[str, str]:
    da = lang == "da"
    labels = {
        "level": "Niveau" if da else "Level",
        "area_id": "Område-id" if da else "Area id",
        "area_name": "Område" if da else "Area",
        "lks_id": "LKS" if da else "LKS",
        "companies": "Virksomheder" if da else "Companies",
        "growth_companies": "Vækstvirksomheder" if da else "Growth companies",
        "companies_with_open_need": "Virksomheder med åbne behov" if da else "Companies with an open need",
        "needs_open": "Åbne behov" if da else "Open needs",
        "people_asked": "Efterspurgte personer" if da else "People asked for",
        "needs_with_candidate": "Åbne behov med mindst én god kandidat"
        if da
        else "Open needs with at least one good candidate",
        "coverage_rate": "Dækningsgrad" if da else "Coverage rate",
        "jobseekers": "Ledige" if da else "Job seekers",
        "offers": "Uddannelsestilbud" if da else "Education offers",
        "offers_open_to_unemployed": "Tilbud åbne for ledige" if da else "Offers open to the unemployed",
        "offer_seats_free": "Ledige pladser" if da else "Free seats",
        "decisions": "Registrerede beslutninger" if da else "Decisions recorded",
        "matches_accepted": "Accepterede match" if da else "Accepted matches",
        "visits_12m": "Besøg, seneste 12 måneder" if da else "Visits, last 12 months",
        "sambesoeg_12m": "Sambesøg, seneste 12 måneder" if da else "Joint visits (sambesøg), last 12 months",
        "share_visits_two_systems": "Andel besøg med mindst to systemer"
        if da
        else "Share of visits with at least two systems",
        "share_visits_three_systems": "Andel besøg med alle tre systemer"
        if da
        else "Share of visits with all three systems",
        "companies_visited_12m": "Besøgte virksomheder, seneste 12 måneder"
        if da
        else "Companies visited, last 12 months",
        "needs_filled": "Opfyldte behov" if da else "Filled needs",
        "people_hired": "Ansatte personer" if da else "People hired",
        "staff_enrolled": "Medarbejdere tilmeldt kurser" if da else "Staff enrolled on courses",
    }
    needs, asked = labels["needs_open"], labels["people_asked"]
    for group in ISCO_GROUPS:
        name = (_ISCO_DA if da else _ISCO_EN)[group]
        prefix = f"ISCO {group} {name}" if group != "unknown" else f"ISCO {name}"
        labels[f"needs_isco_{group}"] = f"{needs}, {prefix}"
        labels[f"people_asked_isco_{group}"] = f"{asked}, {prefix}"
    for kind in KINDS:
        name = _KIND_DA[kind] if da else ("hire" if kind == "hire" else "upskilling")
        labels[f"needs_{kind}"] = f"{needs}, {name}"
        labels[f"people_asked_{kind}"] = f"{asked}, {name}"
    for programme in (*PROGRAMMES, "no_programme"):
        name = (_PROGRAMME_DA if da else _PROGRAMME_EN)[programme]
        labels[f"needs_{programme}"] = f"{needs}, {name}"
        labels[f"people_asked_{programme}"] = f"{asked}, {name}"
        if programme in PROGRAMMES:
            labels[f"needs_filled_{programme}"] = f"{labels['needs_filled']}, {name}"
            labels[f"staff_enrolled_{programme}"] = f"{labels['staff_enrolled']}, {name}"
        if programme == "erhvervsfaglig":
            labels["people_hired_erhvervsfaglig"] = f"{labels['people_hired']}, {name}"
        if programme == "vaekst":
            labels["visits_12m_vaekst"] = f"{labels['visits_12m']}, {name}"
    for level, ident in (*EDUCATION_LEVELS.items(), ("uddannelse ukendt", "unknown")):
        labels[f"jobseekers_edu_{ident}"] = f"{labels['jobseekers']}, {level if da else _EDU_EN[ident]}"
    for band in DURATION_BANDS:
        sep = ", " if band == "unknown" else " "
        labels[f"jobseekers_unemployed_{band}"] = (
            f"{labels['jobseekers']}{sep}{(_BAND_DA if da else _BAND_EN)[band]}"
        )
    return labels


#: Danish display label of every column (identification and measures), for the UI and the map.
MEASURE_LABELS_DA: dict[str, str] = _labels("da")
#: English display label of every column.
MEASURE_LABELS_EN: dict[str, str] = _labels("en")

def unit(column: str, lang: str = "da") -> str:
    """The unit of a measure column for the legend's title: ``%`` for a ratio, ``personer`` for a
    count of people (:data:`stats.columns.PEOPLE_COLUMNS`), ``antal`` for any other count.
    """
    from stats.columns import PEOPLE_COLUMNS, RATIO_COLUMNS

    if column in RATIO_COLUMNS:
        return "%"
    if column in PEOPLE_COLUMNS or column.startswith("people_asked"):
        return "personer" if lang == "da" else "people"
    return "antal" if lang == "da" else "count"
