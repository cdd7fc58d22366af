"""Plain-Danish explanations of a ranked candidate, readable in ten seconds.

One explanation is five short sentences in a fixed order — occupation, skills,
distance, education, availability — for example::

    Samme fag (Svejser). Har 3 af 4 ønskede kompetencer: MIG-svejsning, Truckkort
    (som truckcertifikat), Lean; mangler: CNC-programmering. 12 km hjemmefra (max 30 km).
    Uddannelse: erhvervsfaglig (krav: erhvervsfaglig). Kan starte før fristen.

Skills are named in the need's wording; where the person wrote a matched skill
differently (a synonym), their wording follows in parentheses so the caseworker can
check the match. ``reasons`` is a short ``;``-list of the main points, strongest first.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from matching.features import EDUCATION_LEVELS, MatchData
from matching.skills import normalise_skill, split_skills

_MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)
_RELATED = {1: "Nært beslægtet fag", 2: "Beslægtet fag", 3: "Fjernt beslægtet fag", 4: "Andet fag"}
#: At most this many skills are named per list; the rest become "…".
MAX_NAMED = 4


def danish_number(value: float, decimals: int = 0) -> str:
    """``12``, ``3,5``: a Danish decimal comma."""
    return f"{value:.{decimals}f}".replace(".", ",")


def danish_km(km: float) -> str:
    """Distance as a caseworker says it: ``under 1 km``, ``3,5 km``, ``12 km``."""
    if not np.isfinite(km):
        return "ukendt afstand"
    if km < 1:
        return "under 1 km"
    return f"{danish_number(km, 1 if km < 10 else 0)} km"


def danish_date(day: np.datetime64 | dt.date) -> str:
    """``5. januar 2027``."""
    value = day.astype(dt.date) if isinstance(day, np.datetime64) else day
    return f"{value.day}. {_MONTHS[value.month - 1]} {value.year}"


def _names(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_NAMED])
    return shown + (", …" if len(items) > MAX_NAMED else "")


def _occupation(isco: float, same: float, label: str) -> tuple[str, str]:
    if same >= 1 or isco == 0:
        return (f"Samme fag ({label})." if label else "Samme fag."), "samme fag"
    if not np.isfinite(isco):
        return "Fag ikke oplyst.", "fag ukendt"
    text = _RELATED[int(isco)]
    return (f"{text} (behov: {label})." if label else f"{text}."), text.lower()


def _own_wording(skill: str, theirs: dict[str, str], data: MatchData) -> str:
    """The person's wording of a matched ``skill`` when it differs from the asked one, else ``""``."""
    own = theirs.get(data.matcher.concept(skill))
    return own if own is not None and normalise_skill(own) != normalise_skill(skill) else ""


def _skills(
    required: list[str], has: np.ndarray, theirs: dict[str, str], data: MatchData
) -> tuple[str, list[str], list[str], str]:
    if not required:
        return "Behovet nævner ingen kompetencer.", [], [], ""
    matched = [s for s, h in zip(required, has, strict=False) if h]
    missing = [s for s, h in zip(required, has, strict=False) if not h]
    shown = []
    for skill in matched:
        own = _own_wording(skill, theirs, data)
        shown.append(f"{skill} (som {own})" if own else skill)
    k = len(required)
    if matched:
        text = f"Har {len(matched)} af {k} ønskede kompetencer: {_names(shown)}"
    else:
        text = f"Har ingen af de {k} ønskede kompetencer" if k > 1 else "Har ikke den ønskede kompetence"
    if missing:
        text += f"; mangler: {_names(missing)}"
    share = len(matched) / k
    reason = (
        "alle kompetencer"
        if share == 1
        else "de fleste kompetencer"
        if share >= 0.5
        else "få af kompetencerne"
        if matched
        else "ingen af kompetencerne"
    )
    return text + ".", matched, missing, reason


def _distance(d: float, limit: float, given: bool, within: bool) -> tuple[str, str]:
    cap = f"max {danish_km(limit)}" if given else f"max ikke oplyst, {danish_km(limit)} antaget"
    if within:
        return f"{danish_km(d)} hjemmefra ({cap}).", (
            "tæt på" if d <= 0.5 * limit else "inden for pendlerafstand"
        )
    return f"{danish_km(d)} hjemmefra – længere end personens {cap}.", "over pendlergrænsen"


def _education(level: int, minimum: int) -> tuple[str, str]:
    name = EDUCATION_LEVELS[level] if 0 <= level < len(EDUCATION_LEVELS) else ""
    need = EDUCATION_LEVELS[minimum] if 0 <= minimum < len(EDUCATION_LEVELS) else ""
    if need and not name:
        return f"Uddannelse ikke oplyst (krav: {need}).", "uddannelse ukendt"
    if need and level < minimum:
        return f"Uddannelse: {name} – under kravet ({need}).", "uddannelse under kravet"
    if need:
        return f"Uddannelse: {name} (krav: {need}).", ""
    return (f"Uddannelse: {name}." if name else ""), ""


def _availability(available: np.datetime64, deadline: np.datetime64) -> tuple[str, str]:
    if np.isnat(deadline):
        return ("" if np.isnat(available) else f"Kan starte fra {danish_date(available)}."), ""
    if np.isnat(available) or available <= deadline:
        return "Kan starte før fristen.", ""
    return (
        f"Kan først starte {danish_date(available)}, efter fristen ({danish_date(deadline)}).",
        "kan ikke starte før fristen",
    )


def explain_pairs(
    data: MatchData, need: np.ndarray, person: np.ndarray, feats: dict[str, np.ndarray]
) -> dict[str, list[str]]:
    """``explanation``, ``reasons``, ``matched_skills``, ``matched_as`` and ``missing_skills`` of each pair.

    ``matched_as`` is aligned with ``matched_skills`` (both ``;``-lists): the person's own
    wording of each matched skill, empty where it is the asked wording (case and spacing aside).
    """
    out: dict[str, list[str]] = {
        "explanation": [], "reasons": [], "matched_skills": [], "matched_as": [], "missing_skills": []
    }  # fmt: skip
    req = data.need_req[need]
    if req.size and data.seeker_skills.shape[1]:
        has = data.seeker_skills[person[:, None], np.maximum(req, 0)] & (req >= 0)
    else:  # no skill concept is shared by the needs and the job seekers at all
        has = np.zeros(req.shape, dtype=bool)
    wording: dict[int, dict[str, str]] = {}  # person -> concept -> their wording
    for i, (n, p) in enumerate(zip(need, person, strict=True)):
        required = data.need_req_text[n]
        theirs = wording.get(p)
        if theirs is None:
            theirs = {}
            if required and has[i].any():
                for own in split_skills(data.seeker_skill_text[p]):
                    theirs.setdefault(data.matcher.concept(own), own)
                wording[p] = theirs
        occ_text, occ_reason = _occupation(
            feats["isco_distance"][i], feats["same_occupation"][i], str(data.need_label[n])
        )
        skill_text, matched, missing, skill_reason = _skills(required, has[i], theirs, data)
        own_words = [_own_wording(skill, theirs, data) for skill in matched]
        dist_text, dist_reason = _distance(
            feats["distance_km"][i],
            data.seeker_commute[p],
            bool(data.seeker_commute_given[p]),
            bool(feats["within_commute"][i]),
        )
        edu_text, edu_reason = _education(int(data.seeker_edu[p]), int(data.need_edu_min[n]))
        avail_text, avail_reason = _availability(data.seeker_available[p], data.need_deadline[n])
        parts = [occ_text, skill_text, dist_text, edu_text, avail_text]
        out["explanation"].append(" ".join(t for t in parts if t))
        reasons = [occ_reason, skill_reason, dist_reason, edu_reason, avail_reason]
        good = [r for r in reasons if r in _GOOD]
        out["reasons"].append(";".join(good + [r for r in reasons if r and r not in _GOOD]))
        out["matched_skills"].append(";".join(matched))
        out["matched_as"].append(";".join(own_words) if any(own_words) else "")
        out["missing_skills"].append(";".join(missing))
    return out


_GOOD = frozenset(
    {
        "samme fag",
        "nært beslægtet fag",
        "alle kompetencer",
        "de fleste kompetencer",
        "tæt på",
        "inden for pendlerafstand",
    }
)
