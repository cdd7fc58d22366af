"""Every Dash component id of the interface, in one place, prefixed by page."""

# shell (every page)
SHELL_URL = "shell-url"
SHELL_NAV = "shell-nav"
SHELL_PAGE = "shell-page"
SHELL_LANG = "shell-lang"
SHELL_TITLE = "shell-title"
SHELL_LOGOUT = "shell-logout"
SHELL_LANG_SET = "shell-lang-set"

# Overblik (coverage map)
OVERBLIK_LEVEL = "overblik-level"
OVERBLIK_MEASURE = "overblik-measure"
OVERBLIK_MAP = "overblik-map"
OVERBLIK_AREAS = "overblik-areas"
OVERBLIK_LEGEND = "overblik-legend"
OVERBLIK_DETAILS = "overblik-details"
OVERBLIK_TABLE = "overblik-table"
OVERBLIK_MESSAGE = "overblik-message"
OVERBLIK_STAMP = "overblik-stamp"
OVERBLIK_SHOWN = "overblik-shown"
OVERBLIK_VERSION = "overblik-version"
OVERBLIK_POLL = "overblik-poll"

# Match (LKS workspace)
MATCH_INIT = "match-init"
MATCH_LKS = "match-lks"
MATCH_COMPANY = "match-company"
MATCH_NEED = "match-need"
MATCH_CANDIDATES = "match-candidates"
MATCH_PERSON = "match-person"
MATCH_DECISION = "match-decision"
MATCH_REASON = "match-reason"
MATCH_SAVE = "match-save"
MATCH_STATUS = "match-status"
MATCH_MESSAGE = "match-message"

# Eksport
EKSPORT_LEVEL = "eksport-level"
EKSPORT_FORMAT = "eksport-format"
EKSPORT_PERIOD = "eksport-period"
EKSPORT_BUTTON = "eksport-button"
EKSPORT_DOWNLOAD = "eksport-download"
EKSPORT_MESSAGE = "eksport-message"

# Virksomheder (the company list of an LKS)
COMPANIES_INIT = "companies-init"
COMPANIES_LKS = "companies-lks"
COMPANIES_HEADING = "companies-heading"
COMPANIES_SEARCH = "companies-search"
COMPANIES_ONLY_OPEN = "companies-only-open"
COMPANIES_COUNT = "companies-count"
COMPANIES_TABLE = "companies-table"
COMPANIES_FOLLOW_UPS = "companies-follow-ups"
COMPANIES_MESSAGE = "companies-message"
COMPANIES_SORT = "companies-sort"
COMPANIES_PAGE = "companies-page"
COMPANIES_PREV = "companies-prev"
COMPANIES_NEXT = "companies-next"

# Virksomhed (one company's page)
COMPANY_CVR = "company-cvr"
COMPANY_REFRESH = "company-refresh"
COMPANY_HEADING = "company-heading"
COMPANY_PROFILE = "company-profile"
COMPANY_MAP = "company-map"
COMPANY_VISITS = "company-visits"
COMPANY_NEEDS = "company-needs"
COMPANY_MESSAGE = "company-message"
#: The visit form; its fields are ``visit-<field>``, their errors ``visit-<field>-error``.
VISIT_FIELDS = ("date", "systems", "kind", "topics", "note", "follow_up")
VISIT_SAVE = "visit-save"
VISIT_STATUS = "visit-status"
#: The need form; its fields are ``need-<field>``, their errors ``need-<field>-error``.
NEED_FIELDS = ("title", "occupation", "skills", "count", "kind", "project", "education_level_min",
               "deadline", "visit_id", "status")
NEED_EDITING = "need-editing"
NEED_HEADING = "need-heading"
NEED_SKILL_WORDS = "need-skill-words"
NEED_SAVE = "need-save"
NEED_NEW = "need-new"
NEED_STATUS_MESSAGE = "need-status-message"
#: Pattern-matching ids of the buttons in lists (``{"type": ..., "index": record id}``).
NEED_EDIT_BUTTON = "need-edit-button"
VISIT_NEED_BUTTON = "visit-need-button"


def visit_field(name: str) -> str:
    """The id of a field of the visit form."""
    return f"visit-{name.replace('_', '-')}"


def need_field(name: str) -> str:
    """The id of a field of the need form."""
    return f"need-{name.replace('_', '-')}"


def error_of(field_id: str) -> str:
    """The id of the message under a form field."""
    return f"{field_id}-error"

# Match: the need's panel, courses and enrolment, outcome, history
MATCH_NEED_PANEL = "match-need-panel"
MATCH_REFRESH = "match-refresh"
MATCH_COURSES = "match-courses"
MATCH_ENROL_BOX = "match-enrol-box"
MATCH_ENROL_OFFER = "match-enrol-offer"
MATCH_ENROL_STAFF = "match-enrol-staff"
MATCH_ENROL_AGREEMENT = "match-enrol-agreement"
MATCH_ENROL_AGREEMENT_BOX = "match-enrol-agreement-box"
MATCH_ENROL_SAVE = "match-enrol-save"
MATCH_ENROL_STATUS = "match-enrol-status"
MATCH_OUTCOME_BOX = "match-outcome-box"
MATCH_OUTCOME = "match-outcome"
MATCH_OUTCOME_SAVE = "match-outcome-save"
MATCH_OUTCOME_STATUS = "match-outcome-status"
MATCH_HISTORY = "match-history"
MATCH_FILTERS = "match-filters"
MATCH_SORT = "match-sort"
COMPANIES_WAITING = "companies-waiting"
MATCH_PICKED = "match-picked"
