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
EKSPORT_BUTTON = "eksport-button"
EKSPORT_DOWNLOAD = "eksport-download"
EKSPORT_MESSAGE = "eksport-message"
