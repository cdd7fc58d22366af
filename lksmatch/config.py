"""Settings, read from the environment in one place.

Every setting is documented here and in the README's "Settings" table.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from lksmatch.errors import UsageError

#: The repository root (where ``data/`` lives for a checkout or an editable install).
PROJECT_ROOT = Path(__file__).resolve().parents[1]

DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'data' / 'lksmatch.db'}"
DEFAULT_CACHE_DIR = PROJECT_ROOT / "data" / "cache"
DEFAULT_LKS_TABLE = PROJECT_ROOT / "data" / "boundaries" / "lks.csv"
DEFAULT_MODEL_DIR = PROJECT_ROOT / "data" / "models"

DEFAULT_LOGIN_MAX_FAILURES_PER_USER = 5
DEFAULT_LOGIN_MAX_FAILURES_PER_ADDRESS = 20
DEFAULT_LOGIN_WINDOW_MINUTES = 15
#: The audit log is kept at least six months (EU AI Act Art. 26(6) for a high-risk system's
#: deployer) and at most five years; the default is the minimum.
AUDIT_RETENTION_MIN_DAYS = 183
AUDIT_RETENTION_MAX_DAYS = 1827

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class Settings:
    """All settings of one running lksmatch.

    database_url
        ``LKSMATCH_DATABASE_URL``: SQLAlchemy URL; default the SQLite file ``data/lksmatch.db``.
    data_dir
        ``LKSMATCH_DATA_DIR``: a folder that already holds the reference data files
        (``boundaries/…``, ``taxonomy/…``); when unset they are downloaded and cached.
    cache_dir
        ``LKSMATCH_CACHE_DIR``: where downloaded reference data and the prepared geography are cached
        (default ``data/cache``).
    lks_table
        ``LKSMATCH_LKS_TABLE``: the CSV that groups municipalities into LKS areas
        (default ``data/boundaries/lks.csv``).
    secret_key
        ``LKSMATCH_SECRET_KEY``: signs session cookies; a random key per process when unset.
    cookie_secure
        ``LKSMATCH_COOKIE_SECURE``: send cookies only over https (default true).
    tile_url
        ``LKSMATCH_TILE_URL``: optional basemap tile URL template; none = no basemap.
    model_dir
        ``LKSMATCH_MODEL_DIR``: where ``lksmatch train`` keeps the fitted ranking model
        (default ``data/models``).
    login_max_failures_per_user
        ``LKSMATCH_LOGIN_MAX_FAILURES_PER_USER``: failed logins for one username within the
        window after which further attempts for it are refused without checking the password
        (default 5).
    login_max_failures_per_address
        ``LKSMATCH_LOGIN_MAX_FAILURES_PER_ADDRESS``: distinct usernames failing from one client
        address within the window after which that address is refused (default 20; an IPv6
        address counts as its /64 network). Usernames, not attempts, so that colleagues behind
        one office NAT do not lock each other out with their typos.
    login_window_minutes
        ``LKSMATCH_LOGIN_WINDOW_MINUTES``: the sliding window both limits count in (default 15).
    trusted_proxies
        ``LKSMATCH_TRUSTED_PROXIES``: how many reverse proxies in front of the app append to
        ``X-Forwarded-For``; the client address is the entry that many places from the right.
        Default 0: the header is ignored and the socket's address is used (anyone can send
        the header, so only set this when such proxies are really there).
    audit_retention_days
        ``LKSMATCH_AUDIT_RETENTION_DAYS``: how long the audit log keeps an entry; ``lksmatch
        retention`` deletes older ones. From 183 (six months, the default) to 1827 (five years).
    """

    database_url: str = DEFAULT_DATABASE_URL
    data_dir: Path | None = None
    cache_dir: Path = DEFAULT_CACHE_DIR
    lks_table: Path = DEFAULT_LKS_TABLE
    secret_key: str | None = None
    cookie_secure: bool = True
    tile_url: str | None = None
    model_dir: Path = DEFAULT_MODEL_DIR
    login_max_failures_per_user: int = DEFAULT_LOGIN_MAX_FAILURES_PER_USER
    login_max_failures_per_address: int = DEFAULT_LOGIN_MAX_FAILURES_PER_ADDRESS
    login_window_minutes: int = DEFAULT_LOGIN_WINDOW_MINUTES
    trusted_proxies: int = 0
    audit_retention_days: int = AUDIT_RETENTION_MIN_DAYS


def _parse_bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise UsageError(f"`{name}` was {raw!r} but is expected to be one of true/false")


def _parse_int(name: str, raw: str, minimum: int) -> int:
    value = raw.strip()
    if not re.fullmatch(r"[0-9]{1,9}", value) or int(value) < minimum:
        raise UsageError(f"`{name}` was {raw!r} but is expected to be a whole number of {minimum} or more")
    return int(value)


#: Whole-number settings: (environment variable, field, smallest allowed value).
_INT_SETTINGS = (
    ("LKSMATCH_LOGIN_MAX_FAILURES_PER_USER", "login_max_failures_per_user", 1),
    ("LKSMATCH_LOGIN_MAX_FAILURES_PER_ADDRESS", "login_max_failures_per_address", 1),
    ("LKSMATCH_LOGIN_WINDOW_MINUTES", "login_window_minutes", 1),
    ("LKSMATCH_TRUSTED_PROXIES", "trusted_proxies", 0),
)


def load_settings(environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
    """Build :class:`Settings` from the environment; keyword overrides win (CLI options)."""
    env = os.environ if environ is None else environ
    values: dict[str, object] = {}
    if env.get("LKSMATCH_DATABASE_URL"):
        values["database_url"] = env["LKSMATCH_DATABASE_URL"]
    if env.get("LKSMATCH_DATA_DIR"):
        values["data_dir"] = Path(env["LKSMATCH_DATA_DIR"]).expanduser().resolve()
    if env.get("LKSMATCH_CACHE_DIR"):
        values["cache_dir"] = Path(env["LKSMATCH_CACHE_DIR"]).expanduser().resolve()
    if env.get("LKSMATCH_LKS_TABLE"):
        values["lks_table"] = Path(env["LKSMATCH_LKS_TABLE"]).expanduser().resolve()
    if env.get("LKSMATCH_SECRET_KEY"):
        values["secret_key"] = env["LKSMATCH_SECRET_KEY"]
    if env.get("LKSMATCH_COOKIE_SECURE"):
        values["cookie_secure"] = _parse_bool("LKSMATCH_COOKIE_SECURE", env["LKSMATCH_COOKIE_SECURE"])
    if env.get("LKSMATCH_TILE_URL"):
        values["tile_url"] = env["LKSMATCH_TILE_URL"]
    if env.get("LKSMATCH_MODEL_DIR"):
        values["model_dir"] = Path(env["LKSMATCH_MODEL_DIR"]).expanduser().resolve()
    for name, field, minimum in _INT_SETTINGS:
        if env.get(name):
            values[field] = _parse_int(name, env[name], minimum)
    if env.get("LKSMATCH_AUDIT_RETENTION_DAYS"):
        raw = env["LKSMATCH_AUDIT_RETENTION_DAYS"]
        days = _parse_int("LKSMATCH_AUDIT_RETENTION_DAYS", raw, AUDIT_RETENTION_MIN_DAYS)
        if days > AUDIT_RETENTION_MAX_DAYS:
            raise UsageError(
                f"`LKSMATCH_AUDIT_RETENTION_DAYS` was {raw!r} but is expected to be from "
                f"{AUDIT_RETENTION_MIN_DAYS} (six months) to {AUDIT_RETENTION_MAX_DAYS} days (five years)"
            )
        values["audit_retention_days"] = days
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)  # type: ignore[arg-type]
