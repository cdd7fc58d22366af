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
    "admin_nav_model": {"da": "Model", "en": "Model"},
}

MODEL_TEXTS: dict[str, dict[str, str]] = {}

USER_TEXTS: dict[str, dict[str, str]] = {}
