"""Danish texts of the dashboard, and numbers and dates in Danish format.

Every text the interface shows lives in :data:`TEXTS` (Danish, with English beside it
for the optional toggle); :func:`text` picks one. Numbers use ``.`` for thousands and
``,`` for decimals (``1.234,5``); dates are ``27-11-2026`` (short) or ``27. nov. 2026``
(long). A suppressed count (``<5`` or ``x``) is shown as it is.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from zoneinfo import ZoneInfo

from dashboard.i18n_admin import ADMIN_TEXTS, MODEL_TEXTS, USER_TEXTS
from dashboard.i18n_workspace import WORKSPACE_TEXTS
from stats.columns import RATIO_COLUMNS

#: Languages of the interface; the first is the default.
LANGUAGES = ("da", "en")

TEXTS: dict[str, dict[str, str]] = {
    "app_title": {
        "da": "lksmatch — Kompetenceforsyning Midt",
        "en": "lksmatch — competence supply, Central Denmark",
    },
    "nav_overblik": {"da": "Overblik", "en": "Overview"},
    "nav_match": {"da": "Match", "en": "Match"},
    "nav_eksport": {"da": "Eksport", "en": "Export"},
    "logout": {"da": "Log ud", "en": "Log out"},
    "language": {"da": "Sprog / Language", "en": "Language / Sprog"},
    "no_access": {"da": "Ingen adgang", "en": "No access"},
    "login_needed": {"da": "Log ind for at se siden", "en": "Log in to see this page"},
    "not_found": {"da": "Ikke fundet", "en": "Not found"},
    "page_missing": {"da": "Siden findes ikke", "en": "This page does not exist"},
    "level": {"da": "Niveau", "en": "Level"},
    "level_lks": {"da": "LKS-områder (15)", "en": "LKS areas (15)"},
    "level_municipality": {"da": "Kommuner (19)", "en": "Municipalities (19)"},
    "measure": {"da": "Mål", "en": "Measure"},
    "legend": {"da": "Signatur", "en": "Legend"},
    "suppressed_note": {
        "da": "<5: færre end 5 personer. x: skjult, så et lille tal ikke kan regnes ud. "
        "..: beslutninger tælles pr. LKS-område; regionens tal er summen af de viste områder.",
        "en": "<5: fewer than 5 people. x: hidden so that a small count cannot be worked out. "
        "..: decisions are counted per LKS area; the region's figure is the sum of the areas shown.",
    },
    "table_region": {"da": "Tabel med områdernes tal", "en": "Table of the areas' figures"},
    "stats_from": {"da": "Tal fra {when}", "en": "Figures as of {when}"},
    "stats_refreshing": {
        "da": "nye tal beregnes og vises, når de er klar",
        "en": "new figures are being counted and will show when ready",
    },
    "ranked_by_model": {
        "da": "Rangeret af den trænede model (lært af tidligere udfald).",
        "en": "Ranked by the trained model (learnt from earlier outcomes).",
    },
    "ranked_by_rules": {
        "da": "Rangeret regelbaseret: kompetencer, uddannelse, afstand og ledighed vægtet efter faste regler "
        "(ingen model er trænet endnu).",
        "en": "Ranked by fixed rules: skills, education, distance and unemployment weighted by set rules "
        "(no model has been trained yet).",
    },
    "model_unusable": {
        "da": "Den trænede model kan ikke bruges, så kandidaterne er rangeret regelbaseret. "
        "Bed en administrator om at træne modellen igen.",
        "en": "The trained model cannot be used, so the candidates are ranked by fixed rules. "
        "Ask an administrator to train the model again.",
    },
    "no_value": {"da": "skjult (<5 / x) eller ingen værdi", "en": "hidden (<5 / x) or no value"},
    "area_hint": {"da": "Peg på eller klik et område for at se dets tal.", "en": "Hover or click an area."},
    "region_total": {"da": "Hele regionen", "en": "Whole region"},
    "lks": {"da": "LKS", "en": "LKS"},
    "company": {"da": "Virksomhed", "en": "Company"},
    "need": {"da": "Behov", "en": "Need"},
    "choose": {"da": "Vælg …", "en": "Choose …"},
    "candidates": {"da": "Kandidater", "en": "Candidates"},
    "no_candidates": {"da": "Ingen kandidater", "en": "No candidates"},
    "rank": {"da": "Nr.", "en": "Rank"},
    "person": {"da": "Person (pseudonym)", "en": "Person (pseudonym)"},
    "person_id": {"da": "Person (pseudonym)", "en": "Person (pseudonym)"},
    "score": {"da": "Score", "en": "Score"},
    "explanation": {"da": "Begrundelse", "en": "Explanation"},
    "missing_skills": {"da": "Manglende kompetencer", "en": "Missing skills"},
    "suggested_offers": {"da": "Foreslåede kurser", "en": "Suggested courses"},
    "decision": {"da": "Beslutning", "en": "Decision"},
    "contacted": {"da": "Kontaktet", "en": "Contacted"},
    "accepted": {"da": "Accepteret", "en": "Accepted"},
    "rejected": {"da": "Afvist", "en": "Rejected"},
    "reason": {"da": "Begrundelse for beslutningen", "en": "Reason for the decision"},
    "save": {"da": "Gem beslutning", "en": "Save decision"},
    "saved": {"da": "Beslutningen er gemt", "en": "The decision is saved"},
    "pick_all": {"da": "Vælg kandidat og beslutning", "en": "Choose a candidate and a decision"},
    "format": {"da": "Format", "en": "Format"},
    "download": {"da": "Hent fil", "en": "Download"},
    "export_period": {"da": "Periode", "en": "Period"},
    "export_period_now": {"da": "De seneste tal", "en": "The latest figures"},
    "export_period_month": {"da": "Pr. måned (udviklingen)", "en": "By month (the trend)"},
    "export_period_day": {"da": "Pr. dag", "en": "By day"},
    "export_period_hint": {
        "da": "Pr. måned og pr. dag giver én række pr. område og periode med kolonnen period (CSV og "
        "Excel). Små tal er skjult i hver periode, så de ikke kan regnes ud af forskellen mellem to.",
        "en": "By month and by day give one row per area and period with the column period (CSV and "
        "Excel). Small counts are hidden in every period so that they cannot be worked out from the "
        "difference of two.",
    },
    "export_period_tables": {
        "da": "Udviklingen pr. måned eller dag findes som CSV eller Excel; et kort viser én periode.",
        "en": "The trend by month or day comes as CSV or Excel; a map shows one period.",
    },
    "export_intro": {
        "da": "Områdestatistik med små tal skjult (<5 / x).",
        "en": "Area statistics with small counts suppressed (<5 / x).",
    },
    "deadline": {"da": "Frist", "en": "Deadline"},
    "trend_title": {"da": "{measure} pr. måned", "en": "{measure} by month"},
    "trend_hidden": {"da": "skjult (små tal)", "en": "hidden (small counts)"},
    "trend_one": {
        "da": "Kun én måned er gemt endnu; udviklingen vises, når der er tal fra flere måneder.",
        "en": "Only one month is stored yet; the trend shows once there are figures from more months.",
    },
    "trend_table": {"da": "Vis tallene", "en": "Show the figures"},
    "trend_month": {"da": "Måned", "en": "Month"},
}
for _more in (WORKSPACE_TEXTS, ADMIN_TEXTS, MODEL_TEXTS, USER_TEXTS):
    _CLASH = set(TEXTS) & set(_more)
    assert not _CLASH, f"texts defined twice: {_CLASH}"
    TEXTS.update(_more)


def language(value: object) -> str:
    """``value`` when it is a language of the interface, else the default (Danish)."""
    return value if isinstance(value, str) and value in LANGUAGES else LANGUAGES[0]


def text(key: str, lang: str = "da") -> str:
    """The interface text ``key`` in ``lang`` (Danish when the language is unknown)."""
    entry = TEXTS[key]
    return entry.get(lang, entry["da"])


def format_number(value: object, decimals: int | None = None) -> str:
    """A number in Danish format: ``1.234``, ``1.234,5``; text (``<5``, ``x``) as it is; ``""`` if missing.

    Parameters
    ----------
    value
        An int, float, ``None`` or a string (a suppression mark is returned unchanged).
    decimals
        Decimal places; ``None`` = none for whole numbers, else one.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    number = float(value)  # type: ignore[arg-type]
    if math.isnan(number):
        return ""
    if decimals is None:
        decimals = 0 if number.is_integer() else 1
    english = f"{number:,.{decimals}f}"
    return english.replace(",", "_").replace(".", ",").replace("_", ".")


def format_measure(column: str, value: object) -> str:
    """A published measure as Danish text; a share (0-1: ``coverage_rate``, the visit shares) as a
    percentage ``53 %``.
    """
    if column in RATIO_COLUMNS and not isinstance(value, str) and value is not None:
        number = float(value)  # type: ignore[arg-type]
        return "" if math.isnan(number) else f"{format_number(number * 100, 0)} %"
    return format_number(value)


MONTHS_DA = ("jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec.")


#: The time zone the interface shows times in.
LOCAL_ZONE = ZoneInfo("Europe/Copenhagen")


def format_moment(value: dt.datetime) -> str:
    """A moment as Danish local time: ``02-12-2026 kl. 07:14``."""
    local = value.astimezone(LOCAL_ZONE)
    return f"{format_date(local.date())} kl. {local:%H:%M}"


def format_date(value: dt.date | str | None, *, long: bool = False) -> str:
    """A date as ``27-11-2026`` or (``long``) ``27. nov. 2026``; ISO text is parsed; ``""`` if missing."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return str(value)
    if long:
        return f"{value.day}. {MONTHS_DA[value.month - 1]} {value.year}"
    return f"{value.day:02d}-{value.month:02d}-{value.year}"


def to_iso(value: object) -> object:
    """A date typed as ``2-12-2026``, ``02.12.2026`` or ``2026-12-02`` as ISO text; anything else as it is
    (the service then names the field and the rule).
    """
    if not isinstance(value, str):
        return value
    found = re.fullmatch(r"\s*(\d{1,2})[-./](\d{1,2})[-./](\d{4})\s*", value)
    if found:
        day, month, year = (int(g) for g in found.groups())
        return f"{year:04d}-{month:02d}-{day:02d}"
    return value.strip()


def from_iso(value: object) -> str:
    """An ISO date as the form shows it (``02-12-2026``)."""
    text_ = "" if value is None else str(value)[:10]
    found = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text_)
    return f"{found.group(3)}-{found.group(2)}-{found.group(1)}" if found else text_
