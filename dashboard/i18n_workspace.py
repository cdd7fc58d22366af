"""Danish (and English) texts of the workspace pages: companies, a company, visits, needs.

Merged into :data:`dashboard.i18n.TEXTS`. :func:`problem_text` renders a validation
problem of a form (field and rule, as the service names them) as a Danish sentence.
"""

from __future__ import annotations

import re

#: The Match page's candidate cards (dashboard.candidate_view).
CANDIDATE_TEXTS: dict[str, dict[str, str]] = {
    "sort_rank": {"da": "Rangering", "en": "Rank"},
    "sort_distance": {"da": "Afstand", "en": "Distance"},
    "sort_skills": {"da": "Flest kompetencer", "en": "Most skills"},
    "sort_start": {"da": "Tidligste start", "en": "Earliest start"},
    "show_only": {"da": "Vis kun", "en": "Show only"},
    "filter_within_commute": {"da": "inden for egen pendlergrænse", "en": "within own commute limit"},
    "filter_education_met": {"da": "uddannelseskrav opfyldt", "en": "education minimum met"},
    "filter_available": {"da": "kan starte før fristen", "en": "can start before the deadline"},
    "no_candidates_filtered": {
        "da": "Ingen af de 100 bedste kandidater opfylder de valgte filtre.",
        "en": "None of the 100 best candidates passes the chosen filters.",
    },
    "fact_occupations": {"da": "Fag", "en": "Occupations"},
    "fact_skills": {"da": "Kompetencer", "en": "Skills"},
    "fact_education": {"da": "Uddannelse", "en": "Education"},
    "fact_start": {"da": "Kan starte", "en": "Can start"},
    "fact_distance": {"da": "Afstand", "en": "Distance"},
    "fact_course": {"da": "Kursus der lukker hullet", "en": "Course closing the gap"},
    "skills_n_of_k": {"da": "{n} af {k}", "en": "{n} of {k}"},
    "as_wording": {"da": "som", "en": "as"},
    "lacks": {"da": "mangler", "en": "lacks"},
    "met": {"da": "opfyldt", "en": "met"},
    "not_met": {"da": "ikke opfyldt", "en": "not met"},
    "not_given": {"da": "ikke oplyst", "en": "not given"},
    "minimum": {"da": "krav", "en": "minimum"},
    "no_minimum": {"da": "intet krav", "en": "no minimum"},
    "before_deadline": {"da": "før fristen {d}", "en": "before the deadline {d}"},
    "after_deadline": {"da": "efter fristen {d}", "en": "after the deadline {d}"},
    "no_deadline": {"da": "ingen frist", "en": "no deadline"},
    "now": {"da": "nu", "en": "now"},
    "max_km": {"da": "maks. {km} km", "en": "max {km} km"},
    "max_assumed": {"da": "grænse ikke oplyst, {km} km antaget", "en": "limit not given, {km} km assumed"},
    "no_course_needed": {"da": "Intet mangler.", "en": "Nothing is missing."},
    "no_course_found": {
        "da": "Intet kursus inden for pendlerafstand før fristen.",
        "en": "No course within commuting distance before the deadline.",
    },
    "ongoing": {"da": "løbende", "en": "ongoing"},
    "seats_n": {"da": "{n} ledige pladser", "en": "{n} seats left"},
    "score_after": {"da": "score efter kurset", "en": "score after the course"},
    "no_gain": {"da": "ingen forbedring", "en": "no gain"},
    "pick": {"da": "Vælg {p}", "en": "Pick {p}"},
    "state_none": {"da": "Ingen skridt endnu", "en": "No step yet"},
    "state_by": {"da": "{state} {when} af {who}", "en": "{state} {when} by {who}"},
    "waiting_days": {"da": "ingen næste skridt i {n} dage", "en": "no next step for {n} days"},
    "whole_explanation": {"da": "Hele begrundelsen", "en": "The whole explanation"},
    "n_candidates": {"da": "{n} kandidater", "en": "{n} candidates"},
    "n_candidate": {"da": "1 kandidat", "en": "1 candidate"},
    "area_map_company": {"da": "Virksomheden: {name}", "en": "The company: {name}"},
    "area_map": {
        "da": "Kort: virksomheden og kandidaternes hjemkommuner",
        "en": "Map: the company and the candidates' home municipalities",
    },
    "area_map_label": {
        "da": "Kort over {name} og de viste kandidaters hjemkommuner",
        "en": "Map of {name} and the home municipalities of the candidates shown",
    },
    "area_map_hint": {
        "da": "Kun kommunen, aldrig adressen. Samme tal som på kortet:",
        "en": "The municipality only, never the address. The same counts as on the map:",
    },
}


WORKSPACE_TEXTS: dict[str, dict[str, str]] = {
    "nav_virksomheder": {"da": "Virksomheder", "en": "Companies"},
    "companies_of": {"da": "Virksomheder i {lks}", "en": "Companies in {lks}"},
    "search": {"da": "Søg efter navn, CVR eller kommune", "en": "Search by name, CVR or municipality"},
    "only_open": {"da": "Kun virksomheder med åbne behov", "en": "Only companies with open needs"},
    "n_companies": {"da": "{n} virksomheder", "en": "{n} companies"},
    "showing": {
        "da": "Viser {first}–{last} af {n} virksomheder",
        "en": "Showing {first}–{last} of {n} companies",
    },
    "previous": {"da": "← Forrige", "en": "← Previous"},
    "next": {"da": "Næste →", "en": "Next →"},
    "sort_by": {"da": "Sortér efter", "en": "Sort by"},
    "more_follow_ups": {"da": "… og {n} flere", "en": "… and {n} more"},
    "follow_ups_summary": {"da": "{n} venter, heraf {late} overskredet", "en": "{n} waiting, {late} overdue"},
    "name": {"da": "Navn", "en": "Name"},
    "cvr": {"da": "CVR", "en": "CVR"},
    "municipality": {"da": "Kommune", "en": "Municipality"},
    "needs_open": {"da": "Åbne behov", "en": "Open needs"},
    "last_visit": {"da": "Seneste besøg", "en": "Last visit"},
    "visits": {"da": "Besøg", "en": "Visits"},
    "follow_ups": {"da": "Opfølgninger der venter", "en": "Follow-ups waiting"},
    "follow_ups_none": {
        "da": "Ingen opfølgninger de næste 14 dage.",
        "en": "No follow-ups in the next 14 days.",
    },
    "date_hint": {"da": "dd-mm-åååå", "en": "dd-mm-yyyy"},
    "follow_up": {"da": "Opfølgning", "en": "Follow-up"},
    "overdue": {"da": "overskredet", "en": "overdue"},
    "visit_date": {"da": "Besøgsdato", "en": "Date of visit"},
    "back_to_list": {"da": "← Alle virksomheder", "en": "← All companies"},
    "profile": {"da": "Virksomheden", "en": "The company"},
    "address": {"da": "Adresse", "en": "Address"},
    "industry": {"da": "Branchekode (DB07)", "en": "Industry (DB07)"},
    "employees": {"da": "Ansatte", "en": "Employees"},
    "growth_company": {"da": "Vækstvirksomhed", "en": "Growth company"},
    "yes": {"da": "Ja", "en": "Yes"},
    "no": {"da": "Nej", "en": "No"},
    "unknown": {"da": "Ukendt", "en": "Unknown"},
    "programmes": {"da": "Programmer", "en": "Programmes"},
    "programme_none": {"da": "Ingen endnu", "en": "None yet"},
    "placed_by": {"da": "Placeret efter", "en": "Placed by"},
    "no_pin": {
        "da": "Ingen koordinater: virksomheden er placeret efter kommune- eller postnummer.",
        "en": "No coordinates: the company is placed by municipality or postal code.",
    },
    "map_of": {"da": "Kort: {name}", "en": "Map: {name}"},
    "visits_timeline": {"da": "Besøg", "en": "Visits"},
    "no_visits": {"da": "Ingen besøg registreret endnu.", "en": "No visits recorded yet."},
    "sambesoeg": {"da": "Sambesøg", "en": "Joint visit"},
    "topics": {"da": "Emner (adskil med ;)", "en": "Topics (separate with ;)"},
    "note": {
        "da": "Note om virksomheden (aldrig CPR-numre eller personer)",
        "en": "Note about the company (never CPR numbers or people)",
    },
    "kind": {"da": "Form", "en": "Kind"},
    "systems": {"da": "Deltog", "en": "Took part"},
    "record_visit": {"da": "Registrér et besøg", "en": "Record a visit"},
    "save_visit": {"da": "Gem besøget", "en": "Save the visit"},
    "visit_saved": {"da": "Besøget er gemt.", "en": "The visit is saved."},
    "need_from_visit": {"da": "Opret behov fra besøget", "en": "Create a need from this visit"},
    "from_visit": {"da": "Fra besøg", "en": "From visit"},
    "no_visit": {"da": "Intet besøg", "en": "No visit"},
    "needs": {"da": "Behov", "en": "Needs"},
    "no_needs": {"da": "Ingen behov registreret endnu.", "en": "No needs recorded yet."},
    "new_need": {"da": "Registrér et behov", "en": "Register a need"},
    "edit_need": {"da": "Ret behov {id}", "en": "Edit need {id}"},
    "edit": {"da": "Ret", "en": "Edit"},
    "title": {"da": "Stillingsbetegnelse", "en": "Job title"},
    "occupation": {"da": "Stilling (ESCO)", "en": "Occupation (ESCO)"},
    "occupation_hint": {
        "da": "Skriv en titel; vælg derefter den stilling, der passer bedst.",
        "en": "Type a title, then choose the occupation that fits best.",
    },
    "occupation_as_typed": {"da": "Brug titlen som skrevet", "en": "Use the title as typed"},
    "skills": {"da": "Kompetencer (adskil med ;)", "en": "Skills (separate with ;)"},
    "count": {"da": "Antal", "en": "Count"},
    "need_kind": {"da": "Type", "en": "Kind"},
    "hire": {"da": "Ansættelse", "en": "Hire"},
    "upskill": {"da": "Opkvalificering", "en": "Upskilling"},
    "project": {"da": "Program", "en": "Programme"},
    "project_none": {"da": "Intet program", "en": "No programme"},
    "vaekst": {"da": "Vækstrettet kompetenceudvikling", "en": "Growth-oriented upskilling"},
    "erhvervsfaglig": {"da": "Erhvervsfaglige kompetencer", "en": "Vocational competences"},
    "education_level_min": {"da": "Mindste uddannelse", "en": "Minimum education"},
    "status": {"da": "Status", "en": "Status"},
    "status_open": {"da": "Åben", "en": "Open"},
    "status_overdue": {"da": "Åben, frist overskredet", "en": "Open, deadline passed"},
    "status_filled": {"da": "Besat", "en": "Filled"},
    "status_cancelled": {"da": "Annulleret", "en": "Cancelled"},
    "save_need": {"da": "Gem behovet", "en": "Save the need"},
    "need_saved": {"da": "Behovet {id} er gemt.", "en": "The need {id} is saved."},
    "new_need_clear": {"da": "Nyt behov", "en": "New need"},
    "good_candidates": {"da": "Gode kandidater", "en": "Good candidates"},
    "n_good": {"da": "{n} gode kandidater", "en": "{n} good candidates"},
    "outcome_hired": {"da": "Ansat", "en": "Hired"},
    "counts_only": {
        "da": "Jobcentret ser kandidaterne. Her er, hvad der er sket med behovet:",
        "en": "The jobcentre sees the candidates. This is what has happened with the need:",
    },
    "see_candidates": {"da": "Se kandidater", "en": "See candidates"},
    "form_problems": {"da": "Ret venligst:", "en": "Please correct:"},
    "fysisk": {"da": "Fysisk", "en": "In person"},
    "virtuelt": {"da": "Virtuelt", "en": "Online"},
    "telefon": {"da": "Telefon", "en": "Phone"},
    "jobcenter": {"da": "Jobcenter", "en": "Jobcentre"},
    "erhvervsservice": {"da": "Erhvervsservice", "en": "Business service"},
    "uddannelse": {"da": "Uddannelse", "en": "Education"},
    "date": {"da": "Dato", "en": "Date"},
    "actions": {"da": "Handlinger", "en": "Actions"},
    "nav_liste": {"da": "Fælles liste", "en": "Shortlist"},
    "shortlist_title": {
        "da": "LKS-listen: et forslag for alle åbne behov",
        "en": "The LKS shortlist: one plan for all open needs",
    },
    "shortlist_intro": {
        "da": "Hver person foreslås til højst ét behov, et behov får højst sit antal, og "
        "kursuspladser overholdes. Listen er et forslag, ikke en beslutning: tag et par, så "
        "registreres det som kontaktet.",
        "en": "Each person is suggested for one need at most, a need gets at most its count, and "
        "course seats are respected. The list is a suggestion, not a decision: take a pair and it "
        "is recorded as contacted.",
    },
    "shortlist_compute": {"da": "Beregn listen", "en": "Compute the list"},
    "shortlist_take": {"da": "Tag forslaget", "en": "Take the pair"},
    "shortlist_taken": {
        "da": "{person} er registreret som kontaktet til {need}.",
        "en": "{person} is recorded as contacted for {need}.",
    },
    "interview": {"da": "Til samtale", "en": "Interview"},
    "withdrawn": {"da": "Trukket sig", "en": "Withdrawn"},
    "hired": {"da": "Ansat", "en": "Hired"},
    "interviewed": {"da": "Har været til samtale", "en": "Interviewed"},
    "not_hired": {"da": "Ikke ansat", "en": "Not hired"},
    "outcome": {"da": "Udfald", "en": "Outcome"},
    "record_outcome": {"da": "Registrér udfald", "en": "Record an outcome"},
    "outcome_for_chosen": {
        "da": "For kandidaten valgt under Beslutning.",
        "en": "For the candidate chosen under Decision.",
    },
    "save_outcome": {"da": "Gem udfald", "en": "Save the outcome"},
    "outcome_saved": {"da": "Udfaldet er gemt.", "en": "The outcome is saved."},
    "outcome_known": {"da": "Udfaldet var allerede registreret.", "en": "The outcome was recorded before."},
    "pick_outcome": {"da": "Vælg kandidat og udfald", "en": "Choose a candidate and an outcome"},
    "history": {"da": "Forløb", "en": "History"},
    "upskill_no_candidates": {
        "da": "Et behov for opkvalificering af virksomhedens egne medarbejdere: se kurserne.",
        "en": "A need to upskill the company's own staff: see the courses.",
    },
    "no_history": {"da": "Intet registreret endnu.", "en": "Nothing recorded yet."},
    "when": {"da": "Hvornår", "en": "When"},
    "who": {"da": "Hvem", "en": "Who"},
    "what": {"da": "Hvad", "en": "What"},
    "why": {"da": "Begrundelse", "en": "Reason"},
    "waiting": {"da": "Det venter på os", "en": "What is waiting for us"},
    "waiting_none": {
        "da": "Ingen behov efter fristen og ingen kontakter uden næste skridt.",
        "en": "No need past its deadline and no contact without a next step.",
    },
    "overdue_needs": {"da": "Behov åbne efter fristen ({n})", "en": "Needs open after the deadline ({n})"},
    "overdue_days": {"da": "frist {d}, {n} dage over", "en": "deadline {d}, {n} days over"},
    "waiting_contacts": {
        "da": "Kontaktet for over 14 dage siden, intet næste skridt ({n})",
        "en": "Contacted more than 14 days ago, no next step ({n})",
    },
    "contacted_days": {"da": "(kontaktet for {n} dage siden)", "en": "(contacted {n} days ago)"},
    "n_people": {"da": "{n} personer", "en": "{n} people"},
    "n_person": {"da": "1 person", "en": "1 person"},
    "courses": {"da": "Kurser til virksomhedens medarbejdere", "en": "Courses for the company's staff"},
    "no_courses": {
        "da": "Ingen kurser i nærheden lærer de ønskede kompetencer før fristen.",
        "en": "No course nearby teaches the skills asked before the deadline.",
    },
    "provider": {"da": "Udbyder", "en": "Provider"},
    "course": {"da": "Kursus", "en": "Course"},
    "teaches": {"da": "Lærer", "en": "Teaches"},
    "distance": {"da": "Afstand", "en": "Distance"},
    "start": {"da": "Start", "en": "Start"},
    "seats_left": {"da": "Ledige pladser", "en": "Seats left"},
    "enrol": {"da": "Tilmeld medarbejdere", "en": "Enrol staff"},
    "staff": {"da": "Antal medarbejdere", "en": "Number of staff"},
    "agreement_signed": {
        "da": "Uddannelsesaftalen er underskrevet",
        "en": "The education agreement is signed",
    },
    "save_enrolment": {"da": "Gem tilmelding", "en": "Save the enrolment"},
    "enrolment_saved": {"da": "Tilmeldingen er gemt.", "en": "The enrolment is saved."},
    "enrolled": {"da": "Tilmeldt", "en": "Enrolled"},
    "skills_asked": {"da": "Efterspurgte kompetencer", "en": "Skills asked"},
    "edit_on_company": {
        "da": "Ret behovet på virksomhedens side",
        "en": "Edit the need on the company's page",
    },
    "staff_upskilled": {
        "da": "Opkvalificeret i programmet: {n} af {employees} ansatte",
        "en": "Upskilled in the programme: {n} of {employees} employees",
    },
    "field_topics": {"da": "Emner", "en": "Topics"},
    "field_note": {"da": "Note", "en": "Note"},
    "field_skills": {"da": "Kompetencer", "en": "Skills"},
}
_SHARED = set(CANDIDATE_TEXTS) & set(WORKSPACE_TEXTS)
assert not _SHARED, f"texts defined twice: {_SHARED}"
WORKSPACE_TEXTS.update(CANDIDATE_TEXTS)

#: The fields of the forms by their Danish names (problems are named by field).
FIELD_KEYS = {
    "date": "visit_date",
    "systems": "systems",
    "kind": "kind",
    "topics": "field_topics",
    "note": "field_note",
    "follow_up": "follow_up",
    "occupation": "occupation",
    "title": "title",
    "skills": "field_skills",
    "count": "count",
    "project": "project",
    "education_level_min": "education_level_min",
    "deadline": "deadline",
    "status": "status",
    "visit_id": "from_visit",
    "cvr": "cvr",
    "need_id": "need",
    "offer_id": "course",
    "staff": "staff",
    "agreement_signed": "agreement_signed",
}

#: Rules (as the import and the forms word them) -> Danish. First match wins.
_RULES_DA: tuple[tuple[str, str], ...] = (
    (r"a value is required", "skal udfyldes"),
    (r"is in the future", "ligger i fremtiden; et besøg registreres, når det har fundet sted"),
    (r"is before the visit's date", "ligger før besøgsdatoen"),
    (r"has passed", "er overskredet; et nyt behovs frist skal være i dag eller senere"),
    (r"is not a ;-list of one or more of", "vælg mindst ét af jobcenter, erhvervsservice og uddannelse"),
    (r"is not one of (.*)", r"skal være en af: \1"),
    (r"is not a positive whole number", "skal være et helt tal på mindst 1"),
    (r"is not a whole number of 0 or more", "skal være et helt tal på 0 eller mere"),
    (r"is not a (?:real )?date", "skal være en dato (dd-mm-åååå)"),
    (r"is not a valid CVR number", "er ikke et gyldigt CVR-nummer"),
    (r"contains control characters", "indeholder kontroltegn"),
    (r"only http and https links", "kun http- og https-links er tilladt"),
    (r"CPR", "indeholder noget, der ligner et CPR-nummer; skriv aldrig CPR-numre"),
    (r"line break", "må ikke indeholde linjeskift"),
    (r"refers to a visit_id that does not exist", "besøget findes ikke"),
    (r"is a visit to another company", "besøget er til en anden virksomhed"),
    (
        r"growth compan",
        "Vækstrettet kompetenceudvikling er kun for vækstvirksomheder, "
        "og virksomheden er ikke markeret som vækstvirksomhed",
    ),
    (r"cannot change", "kan ikke ændres: et behov hører til sin virksomhed"),
    (r"is taken", "findes allerede"),
    (r"longer than (\d+) characters", r"er længere end \1 tegn"),
    (r"is not a field", "er ikke et felt"),
    (r"is more than the (\d+) seat\(s\) left", r"er flere end de \1 ledige pladser"),
    (r"give either the number of staff or a person_id", "angiv antal medarbejdere"),
    (
        r"is required for erhvervsfaglig",
        "skal angives for Erhvervsfaglige kompetencer: er uddannelsesaftalen underskrevet?",
    ),
    (r"refers to an offer that does not exist", "kurset findes ikke"),
    (r"is not a whole number from 1 to", "skal være et helt tal på mindst 1"),
    (r"occupation value|not in the taxonomy", "findes ikke i ESCO/ISCO; skriv en titel i stedet"),
)


def problem_text(field: str | None, rule: str, lang: str = "da", label: str | None = None) -> str:
    """One problem of a form as a sentence: ``Frist: skal være en dato (åååå-mm-dd)``."""
    name = label or (field or "")
    if lang != "da":
        return f"{name}: {rule}"
    for pattern, danish in _RULES_DA:
        found = re.search(pattern, rule)
        if found:
            return f"{name}: {found.expand(danish) if found.groups() else danish}"
    return f"{name}: {rule}"


def rule_text(rule: str, lang: str = "da") -> str:
    """A rule of a validation problem (as the import words it) in ``lang``: Danish where it is known,
    else as worded (the import file's problem report, where the column has its own cell).
    """
    if lang == "da":
        for pattern, danish in _RULES_DA:
            found = re.search(pattern, rule)
            if found:
                return found.expand(danish) if found.groups() else danish
    return rule
