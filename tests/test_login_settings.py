"""The login-throttling settings (LKSMATCH_LOGIN_*, LKSMATCH_TRUSTED_PROXIES) and their limits."""

from __future__ import annotations

import datetime as dt

import pytest

from lksmatch import auth
from lksmatch.config import load_settings
from lksmatch.errors import UsageError


def test_defaults() -> None:
    settings = load_settings({})
    assert (settings.login_max_failures_per_user, settings.login_max_failures_per_address) == (5, 20)
    assert settings.login_window_minutes == 15 and settings.trusted_proxies == 0
    assert auth.LoginLimits.from_settings(settings) == auth.LoginLimits()


def test_from_the_environment() -> None:
    settings = load_settings({
        "LKSMATCH_LOGIN_MAX_FAILURES_PER_USER": "3",
        "LKSMATCH_LOGIN_MAX_FAILURES_PER_ADDRESS": " 50 ",
        "LKSMATCH_LOGIN_WINDOW_MINUTES": "60",
        "LKSMATCH_TRUSTED_PROXIES": "1",
    })
    assert auth.LoginLimits.from_settings(settings) == auth.LoginLimits(3, 50, dt.timedelta(hours=1))
    assert settings.trusted_proxies == 1


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LKSMATCH_LOGIN_MAX_FAILURES_PER_USER", "0"),
        ("LKSMATCH_LOGIN_MAX_FAILURES_PER_USER", "five"),
        ("LKSMATCH_LOGIN_MAX_FAILURES_PER_ADDRESS", "-1"),
        ("LKSMATCH_LOGIN_WINDOW_MINUTES", "1.5"),
        ("LKSMATCH_TRUSTED_PROXIES", "²"),
    ],
)
def test_bad_values_name_the_setting(name: str, value: str) -> None:
    with pytest.raises(UsageError, match=name):
        load_settings({name: value})
