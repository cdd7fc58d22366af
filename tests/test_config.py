from __future__ import annotations

from pathlib import Path

import pytest

from lksmatch.config import DEFAULT_DATABASE_URL, load_settings
from lksmatch.errors import UsageError


def test_defaults_when_environment_is_empty() -> None:
    settings = load_settings({})
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.data_dir is None
    assert settings.cookie_secure is True
    assert settings.tile_url is None


def test_environment_and_overrides(tmp_path: Path) -> None:
    env = {
        "LKSMATCH_DATABASE_URL": "sqlite:///x.db",
        "LKSMATCH_DATA_DIR": str(tmp_path),
        "LKSMATCH_COOKIE_SECURE": "false",
        "LKSMATCH_TILE_URL": "https://tiles.example/{z}/{x}/{y}.png",
    }
    settings = load_settings(env, database_url="postgresql+psycopg://u@h/db")
    assert settings.database_url == "postgresql+psycopg://u@h/db"
    assert settings.data_dir == tmp_path.resolve()
    assert settings.cookie_secure is False
    assert settings.tile_url == "https://tiles.example/{z}/{x}/{y}.png"


def test_bad_boolean_names_the_setting() -> None:
    with pytest.raises(UsageError, match="LKSMATCH_COOKIE_SECURE"):
        load_settings({"LKSMATCH_COOKIE_SECURE": "perhaps"})
