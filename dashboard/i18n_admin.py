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
    # the audit log, the access report, erasure
    "log_title": {"da": "Auditlog", "en": "Audit log"},
    "log_retention": {
        "da": "Loggen gemmer hver post i {days} dage (LKSMATCH_AUDIT_RETENTION_DAYS; mindst 6 måneder, højst "
              "5 år); ældre poster slettes af lksmatch retention.",
        "en": "The log keeps each entry for {days} days (LKSMATCH_AUDIT_RETENTION_DAYS; at least 6 months, "
              "at most 5 years); older entries are deleted by lksmatch retention.",
    },
    "log_person": {"da": "Pseudonym", "en": "Pseudonym"},
    "log_user": {"da": "Bruger", "en": "User"},
    "log_action": {"da": "Handling", "en": "Action"},
    "log_since": {"da": "Fra dato", "en": "From date"},
    "log_until": {"da": "Til og med dato", "en": "Up to and including"},
    "log_search": {"da": "Søg i loggen", "en": "Search the log"},
    "log_previous": {"da": "Nyere", "en": "Newer"},
    "log_next": {"da": "Ældre", "en": "Older"},
    "log_none": {"da": "Ingen poster passer til søgningen.", "en": "No entries match the search."},
    "log_count": {"da": "{total} poster; viser {first}–{last}, nyeste først.",
                  "en": "{total} entries; showing {first}–{last}, newest first."},
    "log_when": {"da": "Tidspunkt", "en": "When"},
    "log_subject": {"da": "Emne", "en": "Subject"},
    "log_need": {"da": "Behov", "en": "Need"},
    "log_detail": {"da": "Detaljer", "en": "Details"},
    "report_title": {"da": "Indsigt for én person (GDPR art. 15)",
                     "en": "Access report for one person (GDPR Art. 15)"},
    "report_intro": {
        "da": "Hvem har læst personens oplysninger, hvornår og hvorfor, og hvad er besluttet og registreret. "
              "Rapporten viser kun denne person, og at den er lavet, skrives i loggen.",
        "en": "Who read the person's data, when and why, and what was decided and recorded. The report shows "
              "this person only, and that it was made is written to the log.",
    },
    "report_show": {"da": "Vis indsigtsrapport", "en": "Show the access report"},
    "report_heading": {"da": "Indsigtsrapport for {person}", "en": "Access report for {person}"},
    "report_made": {"da": "Udarbejdet af {by} {at}.", "en": "Made by {by} {at}."},
    "report_held": {"da": "Personen er registreret i lksmatch.", "en": "The person is held in lksmatch."},
    "report_not_held": {"da": "Personen er ikke (længere) registreret i lksmatch.",
                        "en": "The person is not (or no longer) held in lksmatch."},
    "report_counts": {"da": "Vist som kandidat {reads} gange; {decisions} beslutninger; {outcomes} udfald.",
                      "en": "Shown as a candidate {reads} times; {decisions} decisions; "
                            "{outcomes} outcomes."},
    "report_caption": {"da": "Alle hændelser, ældste først", "en": "Every event, oldest first"},
    "report_what": {"da": "Hvad", "en": "What"},
    "report_why": {"da": "Hvorfor / begrundelse", "en": "Why / reason"},
    "report_empty": {"da": "Ingen hændelser.", "en": "No events."},
    "report_footer": {
        "da": "Tider i dansk tid. Rangeringen er et forslag til jobcentret; en medarbejder træffer hver "
              "beslutning.",
        "en": "Times in Danish time. The ranking is a suggestion to the jobcentre; a caseworker makes every "
              "decision.",
    },
    "report_print": {"da": "Udskriv", "en": "Print"},
    "report_csv": {"da": "Hent som CSV", "en": "Download as CSV"},
    "erase_title": {"da": "Slet personen (GDPR art. 17)", "en": "Erase the person (GDPR Art. 17)"},
    "erase_intro": {
        "da": "Sletter personen og alt afledt (udfald, beslutninger, beregnede match, tilmeldinger), fjerner "
              "pseudonymet fra loggen og fritekst. Kan ikke fortrydes.",
        "en": "Erases the person and everything derived (outcomes, decisions, computed matches, enrolments), "
              "removes the pseudonym from the log and free text. Cannot be undone.",
    },
    "erase_confirm": {"da": "Skriv pseudonymet igen for at bekræfte",
                      "en": "Type the pseudonym again to confirm"},
    "erase_button": {"da": "Slet personen", "en": "Erase the person"},
    "erase_mismatch": {"da": "Skriv personens pseudonym nøjagtigt for at bekræfte sletningen.",
                       "en": "Type the person's pseudonym exactly to confirm the erasure."},
    "erase_done": {
        "da": "{person} er slettet: {counts}; {redacted} logposter anonymiseret; {scrubbed} fritekster "
              "renset.",
        "en": "{person} was erased: {counts}; {redacted} log entries redacted; {scrubbed} free texts "
              "scrubbed.",
    },
    "action_read_candidate": {"da": "vist som kandidat", "en": "shown as a candidate"},
    "action_decision": {"da": "beslutning", "en": "decision"},
    "action_outcome": {"da": "udfald", "en": "outcome"},
    "action_enrolment": {"da": "tilmelding", "en": "enrolment"},
    "action_access_report": {"da": "indsigtsrapport", "en": "access report"},
    "action_audit_search": {"da": "søgning i loggen", "en": "log search"},
    "action_forbidden": {"da": "afvist adgang", "en": "access refused"},
    "action_person_erased": {"da": "person slettet", "en": "person erased"},
    "action_retention_erased": {"da": "slettet efter opbevaringsfrist", "en": "erased by retention"},
    "action_upload": {"da": "fil indlæst", "en": "file uploaded"},
    "action_import": {"da": "import", "en": "import"},
    "action_login": {"da": "login", "en": "login"},
    "action_logout": {"da": "log ud", "en": "logout"},
    "erase_decisions": {"da": "beslutninger", "en": "decisions"},
    "erase_outcomes": {"da": "udfald", "en": "outcomes"},
    "erase_match_scores": {"da": "beregnede match", "en": "computed matches"},
    "erase_enrolments": {"da": "tilmeldinger", "en": "enrolments"},
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

MODEL_TEXTS: dict[str, dict[str, str]] = {
    # the model card
    "model_title": {"da": "Modellen", "en": "The model"},
    "model_intro": {
        "da": "Rangeringsmodellen lærer af registrerede udfald og teamenes beslutninger. Her ses, hvilken "
              "rangering der bruges nu, hvad den nuværende model er trænet på, og hvor god den er målt mod "
              "den regelbaserede rangering og en rangering efter stillingsbetegnelse alene.",
        "en": "The ranking model learns from recorded outcomes and the teams' decisions. This shows which "
              "ranking is used now, what the current model was trained on, and how good it is measured "
              "against the rule-based ranking and a ranking by job title alone.",
    },
    "model_in_use": {"da": "Rangering i brug nu", "en": "Ranking in use now"},
    "model_in_use_trained": {
        "da": "Kandidaterne rangeres af den trænede model (trænet {when}).",
        "en": "Candidates are ranked by the trained model (trained {when}).",
    },
    "model_in_use_rules": {
        "da": "Kandidaterne rangeres regelbaseret: der er ingen trænet model.",
        "en": "Candidates are ranked by fixed rules: there is no trained model.",
    },
    "model_in_use_broken": {
        "da": "Den gemte model kan ikke bruges, så kandidaterne rangeres regelbaseret. Træn en ny model "
              "eller skift tilbage til den forrige.",
        "en": "The saved model cannot be used, so candidates are ranked by fixed rules. Train a new model "
              "or switch back to the previous one.",
    },
    "model_current": {"da": "Nuværende model", "en": "Current model"},
    "model_none": {"da": "Der er ikke trænet nogen model endnu.", "en": "No model has been trained yet."},
    "model_damaged": {
        "da": "Modelfilerne er beskadigede og kan ikke læses.",
        "en": "The model files are damaged and cannot be read.",
    },
    "model_trained_at": {"da": "Trænet", "en": "Trained"},
    "model_data": {"da": "Træningsdata", "en": "Training data"},
    "model_data_counts": {
        "da": "{pairs} par (person og behov) for {needs} behov; {positive} til samtale eller ansat",
        "en": "{pairs} pairs (person and need) for {needs} needs; {positive} interviewed or hired",
    },
    "model_sources": {"da": "Kilder", "en": "Sources"},
    "model_source_imported": {"da": "indlæste udfald", "en": "imported outcomes"},
    "model_source_web_outcome": {"da": "udfald registreret i appen", "en": "outcomes recorded in the app"},
    "model_source_web_decision": {"da": "beslutninger i appen", "en": "decisions in the app"},
    "model_data_hash": {"da": "Datahash (SHA-256)", "en": "Data hash (SHA-256)"},
    "model_file_hash": {"da": "Modelfilens hash (SHA-256)", "en": "Model file hash (SHA-256)"},
    "model_versions": {"da": "Biblioteker", "en": "Libraries"},
    "model_quality": {"da": "Krydsvalideret kvalitet", "en": "Cross-validated quality"},
    "model_quality_caption": {
        "da": "Målt på de samme {folds} fold for alle tre (et behov er altid i én fold). Højere er bedre; "
              "AUC 0,5 er tilfældigt.",
        "en": "Measured on the same {folds} folds for all three (a need is always in one fold). Higher is "
              "better; AUC 0.5 is chance.",
    },
    "model_ranker": {"da": "Rangering", "en": "Ranking"},
    "model_ranker_model": {"da": "Trænet model", "en": "Trained model"},
    "model_ranker_rule_based": {"da": "Regelbaseret", "en": "Rule-based"},
    "model_ranker_title_only": {"da": "Kun stillingsbetegnelse", "en": "Job title only"},
    "model_ndcg": {"da": "nDCG@10", "en": "nDCG@10"},
    "model_recall": {"da": "Recall@10", "en": "Recall@10"},
    "model_auc": {"da": "AUC", "en": "AUC"},
    "model_not_measured": {"da": "ikke målt", "en": "not measured"},
    "model_calibration": {"da": "Kalibrering", "en": "Calibration"},
    "model_calibration_caption": {
        "da": "Forudsagt sandsynlighed mod den faktiske andel til samtale eller ansat, for de udeladte "
              "par i krydsvalideringen. Punkter nær den stiplede linje er velkalibrerede. Tallene står i "
              "tabellen nedenfor.",
        "en": "Predicted probability against the observed share interviewed or hired, for the held-out "
              "pairs of the cross-validation. Points near the dashed line are well calibrated. The "
              "figures are in the table below.",
    },
    "model_calibration_table": {"da": "Kalibreringstabel", "en": "Calibration table"},
    "model_bin": {"da": "Forudsagt interval", "en": "Predicted range"},
    "model_bin_count": {"da": "Par", "en": "Pairs"},
    "model_mean_predicted": {"da": "Gns. forudsagt", "en": "Mean predicted"},
    "model_observed": {"da": "Faktisk andel", "en": "Observed share"},
    "model_perfect": {"da": "Perfekt kalibreret", "en": "Perfectly calibrated"},
    "model_no_calibration": {
        "da": "Modellen blev trænet, før kalibreringen blev gemt; træn igen for at se den.",
        "en": "The model was trained before calibration was kept; train again to see it.",
    },
    "model_features": {"da": "Oplysninger modellen bruger", "en": "What the model uses"},
    "model_features_used": {"da": "Bruges", "en": "Used"},
    "model_features_never": {"da": "Bruges aldrig", "en": "Never used"},
    "model_features_never_note": {
        "da": "Køn og fødselsår bruges kun i retfærdighedskontrollen, aldrig i rangeringen.",
        "en": "Gender and birth year are only used in the fairness check, never in the ranking.",
    },
    "model_feature_same_occupation": {"da": "samme stilling", "en": "same occupation"},
    "model_feature_isco_distance": {"da": "afstand i ISCO-stillingskoder", "en": "distance in ISCO codes"},
    "model_feature_skill_coverage": {"da": "andel af kompetencerne", "en": "share of the skills"},
    "model_feature_missing_skills": {"da": "manglende kompetencer", "en": "missing skills"},
    "model_feature_distance_km": {"da": "afstand i km", "en": "distance in km"},
    "model_feature_commute_ratio": {"da": "afstand i forhold til pendlegrænsen",
                                    "en": "distance relative to the commute limit"},
    "model_feature_within_commute": {"da": "inden for pendlegrænsen", "en": "within the commute limit"},
    "model_feature_education_shortfall": {"da": "manglende uddannelsesniveau", "en": "education shortfall"},
    "model_feature_available_by_deadline": {"da": "ledig inden fristen", "en": "available by the deadline"},
    "model_feature_gender": {"da": "køn", "en": "gender"},
    "model_feature_birth_year": {"da": "fødselsår", "en": "birth year"},
    # training
    "model_training": {"da": "Træning", "en": "Training"},
    "model_train": {"da": "Træn ny model", "en": "Train a new model"},
    "model_train_hint": {
        "da": "Træningen kører i baggrunden; siden kan bruges imens. Den nuværende model gemmes som den "
              "forrige.",
        "en": "Training runs in the background; the page stays usable. The current model is kept as the "
              "previous one.",
    },
    "model_progress": {"da": "Træningens fremdrift", "en": "Training progress"},
    "model_job_running": {"da": "Træner: {step} ({pct} %)", "en": "Training: {step} ({pct} %)"},
    "model_job_done": {"da": "Seneste træning blev færdig {when}.",
                       "en": "The latest training finished {when}."},
    "model_job_failed": {"da": "Seneste træning mislykkedes: {error}",
                         "en": "The latest training failed: {error}"},
    "model_job_none": {"da": "Der er ikke startet nogen træning fra appen.",
                       "en": "No training has been started from the app."},
    "model_job_busy": {"da": "Der kører allerede en træning; vent, til den er færdig.",
                       "en": "A training is running already; wait for it to finish."},
    "model_job_stale": {
        "da": "træningen holdt op med at melde tilbage (serveren blev måske genstartet); start den igen",
        "en": "the training stopped reporting (the server may have restarted); start it again",
    },
    "model_step_queued": {"da": "venter", "en": "queued"},
    "model_step_preparing_data": {"da": "forbereder data", "en": "preparing data"},
    "model_step_reading_outcomes": {"da": "læser udfald og beslutninger",
                                    "en": "reading outcomes and decisions"},
    "model_step_building_features": {"da": "beregner par-oplysninger", "en": "building features"},
    "model_step_cross_validating": {"da": "krydsvaliderer", "en": "cross-validating"},
    "model_step_fitting": {"da": "træner på alle data", "en": "fitting on all data"},
    "model_step_saving": {"da": "gemmer", "en": "saving"},
    "model_step_done": {"da": "færdig", "en": "done"},
    # the previous model
    "model_previous": {"da": "Forrige model", "en": "Previous model"},
    "model_previous_none": {"da": "Der er ingen forrige model.", "en": "There is no previous model."},
    "model_restore": {"da": "Skift tilbage", "en": "Switch back"},
    "model_restore_hint": {
        "da": "Gør den forrige model til den nuværende (og den nuværende til den forrige).",
        "en": "Makes the previous model the current one (and the current one the previous).",
    },
    "model_restored": {"da": "Der er skiftet tilbage til modellen trænet {when}.",
                       "en": "Switched back to the model trained {when}."},
    "model_fairness_link": {"da": "Se retfærdighedsrapporten (køn og alder)",
                            "en": "See the fairness report (gender and age)"},
    # fairness
    "model_nav_fairness": {"da": "Retfærdighed", "en": "Fairness"},
    "model_fairness_title": {"da": "Retfærdighed: udvælgelse efter køn og alder",
                             "en": "Fairness: selection by gender and age"},
    "model_fairness_intro": {
        "da": "Andelen af personer, der kom til samtale, blev ansat eller blev accepteret af teamet, pr. "
              "gruppe, sammenlignet med gruppen med den højeste andel. Fire femtedele-reglen: en gruppe "
              "under 0,8 af den højeste markeres. Intervallerne er 95 %, justeret for antallet af "
              "sammenligninger. En markering er en anledning til at se nærmere efter, ikke en dom.",
        "en": "The share of persons who were interviewed, hired or accepted by the team, per group, "
              "compared with the group with the highest share. The four-fifths rule: a group below 0.8 of "
              "the highest is flagged. The intervals are 95 %, adjusted for the number of comparisons. A "
              "flag is a prompt to look closer, not a verdict.",
    },
    "model_fairness_verdict": {"da": "Vurdering", "en": "Verdict"},
    "model_verdict_below": {
        "da": "Mindst én gruppe ligger under fire femtedele, og forskellen er ikke tilfældig.",
        "en": "At least one group is below four fifths, and the gap is not chance.",
    },
    "model_verdict_unclear": {
        "da": "Uafklaret: for få personer til at udelukke, at en gruppe ligger under fire femtedele.",
        "en": "Unclear: too few persons to rule out that a group is below four fifths.",
    },
    "model_verdict_not_below": {
        "da": "Ingen gruppe ligger under fire femtedele, heller ikke når tilfældighed regnes med.",
        "en": "No group is below four fifths, even allowing for chance.",
    },
    "model_verdict_too_few": {
        "da": "For få personer i grupperne til at vurdere noget endnu.",
        "en": "Too few persons in the groups to judge anything yet.",
    },
    "model_reading_beyond_chance": {
        "da": "{where}: {ratio} af den højeste (interval {low}–{high}): under fire femtedele, ikke "
              "tilfældigt.",
        "en": "{where}: {ratio} of the highest (interval {low}–{high}): under four fifths, beyond chance.",
    },
    "model_reading_gap_reaches_four_fifths": {
        "da": "{where}: {ratio} af den højeste (interval {low}–{high}): en forskel ud over tilfældighed, men "
              "intervallet når op til fire femtedele.",
        "en": "{where}: {ratio} of the highest (interval {low}–{high}): a gap beyond chance, but its "
              "interval reaches four fifths.",
    },
    "model_reading_maybe_chance": {
        "da": "{where}: {ratio} af den højeste (interval {low}–{high}): markeret, men kan være tilfældigt.",
        "en": "{where}: {ratio} of the highest (interval {low}–{high}): flagged, but this may be chance.",
    },
    "model_reading_not_cleared": {
        "da": "{where}: {ratio} af den højeste (interval {low}–{high}): ikke markeret, men ikke afklaret.",
        "en": "{where}: {ratio} of the highest (interval {low}–{high}): not flagged, but not cleared.",
    },
    "model_fairness_plot": {"da": "Forhold til den højeste gruppe", "en": "Ratio to the highest group"},
    "model_fairness_plot_caption": {
        "da": "Hver gruppes andel i forhold til den højeste i samme egenskab, med 95 %-interval. Den "
              "stiplede linje er fire femtedele (0,8). Symbolet viser vurderingen; tallene står i tabellen "
              "nedenfor.",
        "en": "Each group's share relative to the highest of the same attribute, with its 95 % interval. "
              "The dashed line is four fifths (0.8). The symbol shows the reading; the figures are in the "
              "table below.",
    },
    "model_four_fifths": {"da": "Fire femtedele (0,8)", "en": "Four fifths (0.8)"},
    "model_fairness_table": {"da": "Grupperne", "en": "The groups"},
    "model_fairness_age_date": {
        "da": "Alder er den alder, personen når i {year} (året for midten af de registrerede datoer).",
        "en": "Age is the age reached in {year} (the year of the middle of the recorded dates).",
    },
    "model_fairness_none": {"da": "Der er endnu ingen udfald eller beslutninger at vurdere.",
                            "en": "There are no outcomes or decisions to judge yet."},
    "model_attribute": {"da": "Egenskab", "en": "Attribute"},
    "model_attribute_gender": {"da": "Køn", "en": "Gender"},
    "model_attribute_age_band": {"da": "Alder", "en": "Age"},
    "model_group": {"da": "Gruppe", "en": "Group"},
    "model_group_female": {"da": "kvinde", "en": "female"},
    "model_group_male": {"da": "mand", "en": "male"},
    "model_group_unknown": {"da": "ukendt", "en": "unknown"},
    "model_group_years": {"da": "{band} år", "en": "{band} years"},
    "model_persons": {"da": "Personer", "en": "Persons"},
    "model_selected": {"da": "Udvalgt", "en": "Selected"},
    "model_rate": {"da": "Andel udvalgt", "en": "Share selected"},
    "model_ratio": {"da": "Forhold til højeste", "en": "Ratio to highest"},
    "model_interval": {"da": "95 %-interval", "en": "95 % interval"},
    "model_p_value": {"da": "p-værdi", "en": "p-value"},
    "model_flagged": {"da": "Markeret", "en": "Flagged"},
    "model_evidence": {"da": "Vurdering", "en": "Reading"},
    "model_yes": {"da": "ja", "en": "yes"},
    "model_no": {"da": "nej", "en": "no"},
    "model_evidence_below": {"da": "under 0,8 (ikke tilfældigt)", "en": "below 0.8 (not chance)"},
    "model_evidence_not_below": {"da": "ikke under 0,8", "en": "not below 0.8"},
    "model_evidence_unclear": {"da": "uafklaret (intervallet rummer 0,8)",
                               "en": "unclear (the interval contains 0.8)"},
    "model_evidence_reference": {"da": "højeste (sammenligningsgrundlag)", "en": "highest (the reference)"},
    "model_note_too_few": {"da": "for få til at vurdere", "en": "too few to judge"},
    "model_note_unknown": {"da": "ukendt – vurderes ikke", "en": "unknown – not judged"},
    "model_back_to_card": {"da": "Tilbage til modelkortet", "en": "Back to the model card"},
}

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
    "users_new_link_of": {"da": "Nyt link til {name}", "en": "New link for {name}"},
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
