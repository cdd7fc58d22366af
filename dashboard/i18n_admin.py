"""Danish (and English) texts of the administration pages, merged into :data:`dashboard.i18n.TEXTS`.

One dictionary per part, so that the parts can grow apart: :data:`ADMIN_TEXTS` (the admin hub,
uploads, the audit log, the access report, erasure), :data:`MODEL_TEXTS` (the model card,
training, fairness) and :data:`USER_TEXTS` (users and one-time links).
"""

from __future__ import annotations

ADMIN_TEXTS: dict[str, dict[str, str]] = {
    "nav_admin": {"da": "Administration", "en": "Administration"},
    "admin_intro": {
        "da": "Vælg en opgave ovenfor: indlæs filer, brugere, loggen og indsigt, modellen og dens "
        "retfærdighed.",
        "en": "Pick a task above: upload files, users, the log and access reports, the model and its "
        "fairness.",
    },
    "admin_nav_users": {"da": "Brugere", "en": "Users"},
    "admin_nav_upload": {"da": "Indlæs filer", "en": "Upload files"},
    "admin_nav_log": {"da": "Log og indsigt", "en": "Log and access"},
    # uploads
    "upload_title": {"da": "Indlæs en fil", "en": "Upload a file"},
    "upload_intro": {
        "da": "Filen kontrolleres i sin helhed og indlæses kun, hvis alle rækker er i orden (alt eller "
              "intet, som lksmatch import). CSV (UTF-8) eller XLSX med kolonnerne i README; højst 50 MiB. "
              "Filen gemmes ikke.",
        "en": "The file is checked in full and imported only when every row is valid (all or nothing, "
              "like lksmatch import). CSV (UTF-8) or XLSX with the README's columns; at most 50 MiB. "
              "The file is not kept.",
    },
    "upload_kind": {"da": "Slags", "en": "Kind"},
    "upload_kind_jobseekers": {"da": "Ledige (jobcentrets fil)", "en": "Job seekers (the jobcentre's file)"},
    "upload_kind_companies": {"da": "Virksomheder", "en": "Companies"},
    "upload_kind_needs": {"da": "Behov", "en": "Needs"},
    "upload_kind_offers": {"da": "Uddannelsestilbud", "en": "Education offers"},
    "upload_kind_outcomes": {"da": "Udfald", "en": "Outcomes"},
    "upload_kind_visits": {"da": "Besøg", "en": "Visits"},
    "upload_file": {"da": "Fil", "en": "File"},
    "upload_file_help": {"da": ".csv eller .xlsx, højst 50 MiB", "en": ".csv or .xlsx, at most 50 MiB"},
    "upload_send": {"da": "Kontrollér og indlæs", "en": "Check and import"},
    "upload_no_file": {"da": "Vælg en fil først.", "en": "Choose a file first."},
    "upload_sending": {"da": "Sender filen: {pct} %", "en": "Sending the file: {pct} %"},
    "upload_importing": {"da": "Kontrollerer og indlæser …", "en": "Checking and importing …"},
    "upload_progress": {"da": "Fremdrift", "en": "Progress"},
    "upload_done": {"da": "{name} er indlæst som {kind}.", "en": "{name} was imported as {kind}."},
    "upload_counts": {"da": "Rækker skrevet", "en": "Rows written"},
    "upload_rows": {"da": "Rækker", "en": "Rows"},
    "upload_inserted": {"da": "Nye", "en": "New"},
    "upload_updated": {"da": "Ændrede", "en": "Changed"},
    "upload_unchanged": {"da": "Uændrede", "en": "Unchanged"},
    "upload_placement": {"da": "Placering i kommune og LKS", "en": "Placement in municipality and LKS"},
    "upload_method": {"da": "Placeret efter", "en": "Placed by"},
    "upload_method_code": {"da": "kommunekode", "en": "municipality code"},
    "upload_method_point": {"da": "koordinater", "en": "coordinates"},
    "upload_method_nearest": {"da": "nærmeste kommune (punkt lige uden for grænsen)",
                              "en": "nearest municipality (a point just outside the border)"},
    "upload_method_postal": {"da": "postnummer", "en": "postal code"},
    "upload_method_none": {"da": "ikke placeret", "en": "not placed"},
    "upload_refused": {
        "da": "{name} blev ikke indlæst: {n} problemer. Intet er skrevet; ret filen og prøv igen.",
        "en": "{name} was not imported: {n} problems. Nothing was written; fix the file and try again.",
    },
    "upload_problems": {"da": "Problemer i filen", "en": "Problems in the file"},
    "upload_line": {"da": "Linje", "en": "Line"},
    "upload_column": {"da": "Kolonne", "en": "Column"},
    "upload_rule": {"da": "Regel", "en": "Rule"},
    "upload_value": {"da": "Værdi (maskeret)", "en": "Value (masked)"},
    "upload_more_problems": {"da": "… og {n} problemer mere i rapporten.",
                             "en": "… and {n} more problems in the report."},
    "upload_download_problems": {"da": "Hent problemrapporten (CSV)",
                                 "en": "Download the problem report (CSV)"},
    "upload_too_large": {"da": "Filen er større end 50 MiB; del den i mindre filer.",
                         "en": "The file is larger than 50 MiB; split it into smaller files."},
    "upload_failed": {"da": "Filen blev ikke indlæst: {reason}", "en": "The file was not imported: {reason}"},
    "upload_no_answer": {"da": "serveren svarede ikke", "en": "the server did not answer"},
    "admin_nav_model": {"da": "Model", "en": "Model"},
}

MODEL_TEXTS: dict[str, dict[str, str]] = {}

USER_TEXTS: dict[str, dict[str, str]] = {
    "users_title": {"da": "Brugere", "en": "Users"},
    "users_intro": {
        "da": "Opret brugere, ret deres rolle, LKS og system, og deaktiver dem. En ny bruger (eller en, der "
              "har glemt sin adgangskode) får et engangslink og vælger selv sin adgangskode; appen viser og "
              "sender aldrig en adgangskode.",
        "en": "Create users, change their role, LKS and system, and disable them. A new user (or one who "
              "forgot the password) gets a one-time link and chooses the password; the app never shows or "
              "sends a password.",
    },
    "users_table": {"da": "Brugerne", "en": "The users"},
    "users_username": {"da": "Brugernavn", "en": "Username"},
    "users_role": {"da": "Rolle", "en": "Role"},
    "users_lks": {"da": "LKS-område", "en": "LKS area"},
    "users_system": {"da": "System", "en": "System"},
    "users_active": {"da": "Aktiv", "en": "Active"},
    "users_link_pending": {"da": "Link venter", "en": "Link pending"},
    "users_created_at": {"da": "Oprettet", "en": "Created"},
    "users_actions": {"da": "Handlinger", "en": "Actions"},
    "users_yes": {"da": "ja", "en": "yes"},
    "users_no": {"da": "nej", "en": "no"},
    "users_none": {"da": "Ingen brugere endnu.", "en": "No users yet."},
    "users_role_region": {"da": "Region (kun tal)", "en": "Region (figures only)"},
    "users_role_lks": {"da": "LKS-medarbejder", "en": "LKS staff"},
    "users_role_planner": {"da": "Planlægger", "en": "Planner"},
    "users_role_admin": {"da": "Administrator", "en": "Administrator"},
    "users_system_jobcenter": {"da": "Jobcenter", "en": "Jobcentre"},
    "users_system_erhvervsservice": {"da": "Erhvervsservice", "en": "Business service"},
    "users_system_uddannelse": {"da": "Uddannelse", "en": "Education"},
    "users_lks_hint": {
        "da": "Kun for LKS-medarbejdere. Systemet afgør, hvad brugeren ser: kun jobcentret ser de ledige "
              "som personer; erhvervsservice og uddannelse ser kun antal.",
        "en": "For LKS staff only. The system decides what the user sees: only the jobcentre sees job "
              "seekers as persons; business service and education see counts only.",
    },
    "users_new": {"da": "Ny bruger", "en": "New user"},
    "users_create": {"da": "Opret bruger og link", "en": "Create user and link"},
    "users_created": {"da": "Brugeren {name} er oprettet.", "en": "The user {name} was created."},
    "users_link_title": {"da": "Engangslink til {name}", "en": "One-time link for {name}"},
    "users_link_text": {
        "da": "Giv linket til brugeren; det virker én gang i 24 timer (til {when}). Brugeren vælger selv "
              "sin adgangskode.",
        "en": "Give the link to the user; it works once, for 24 hours (until {when}). The user chooses "
              "the password.",
    },
    "users_link_label": {"da": "Link", "en": "Link"},
    "users_link_once": {
        "da": "Linket vises kun nu og gemmes ikke. Bliver det væk, så lav et nyt; et nyt link gør de "
              "gamle ugyldige.",
        "en": "The link is shown only now and is not kept. If it is lost, make a new one; a new link "
              "makes the old ones void.",
    },
    "users_edit": {"da": "Ret", "en": "Edit"},
    "users_edit_of": {"da": "Ret {name}", "en": "Edit {name}"},
    "users_disable": {"da": "Deaktiver", "en": "Disable"},
    "users_disable_of": {"da": "Deaktiver {name}", "en": "Disable {name}"},
    "users_enable": {"da": "Aktiver", "en": "Enable"},
    "users_enable_of": {"da": "Aktiver {name}", "en": "Enable {name}"},
    "users_new_link": {"da": "Nyt link", "en": "New link"},
    "users_new_link_of": {"da": "Nyt engangslink til {name}", "en": "New one-time link for {name}"},
    "users_disabled": {
        "da": "{name} er deaktiveret; brugerens sessioner er afsluttet.",
        "en": "{name} was disabled; the user's sessions have ended.",
    },
    "users_enabled": {"da": "{name} er aktiveret igen.", "en": "{name} was enabled again."},
    "users_edit_title": {"da": "Ret bruger", "en": "Edit user"},
    "users_edit_title_of": {"da": "Ret brugeren {name}", "en": "Edit the user {name}"},
    "users_edit_hint": {
        "da": "Vælg »Ret« ud for en bruger i tabellen.",
        "en": "Choose “Edit” next to a user in the table.",
    },
    "users_save": {"da": "Gem ændringer", "en": "Save changes"},
    "users_saved": {"da": "Ændringerne af {name} er gemt.", "en": "The changes to {name} were saved."},
    "users_problems": {"da": "Ret venligst:", "en": "Please correct:"},
    "users_err_username": {
        "da": "skal være 1-100 tegn uden mellemrum først eller sidst",
        "en": "must be 1-100 characters without leading or trailing spaces",
    },
    "users_err_taken": {"da": "er allerede i brug", "en": "is already taken"},
    "users_err_role": {"da": "vælg en af rollerne", "en": "choose one of the roles"},
    "users_err_lks": {"da": "vælg et LKS-område", "en": "choose an LKS area"},
    "users_err_system": {"da": "vælg et system", "en": "choose a system"},
    "users_err_last_admin": {
        "da": "er den sidste aktive administrator; gør først en anden bruger til administrator",
        "en": "is the last active administrator; make another user an administrator first",
    },
    "users_err_disabled": {
        "da": "brugeren er deaktiveret; aktiver brugeren først",
        "en": "the user is disabled; enable the user first",
    },
}
