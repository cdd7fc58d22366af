"""User management in a real Chromium: an admin creates an erhvervsservice user of an LKS, reads
the one-time link, logs out; the user opens the link, chooses a password, lands logged in and
sees no person. The users page (with a refused form and with the link shown) is checked by axe.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lksmatch import auth
from store import repo

from .test_accessibility import KNOWN, _violations
from .test_browser import _by_css, _choose, _screenshot, _text, _wait

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NAME = "es-nyansat"
NEW_PASSWORD = "min-egen-hest-og-stald"
#: What the Match page shows once a need is picked: cards, the counts table, or a notice.
SHOWN = "#match-candidates .candidate-list, #match-candidates table, #match-candidates .notice"


def _xpath(driver: Any, path: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.XPATH, path)


def _clean(browser: Any) -> None:
    """No axe violation beyond the ones the statement lists for Dash's radio groups and dropdowns."""
    browser.set_script_timeout(60)
    found = _violations(browser)
    assert set(found) <= KNOWN["eksport"], {k: v for k, v in found.items() if k not in KNOWN["eksport"]}


def _radio(browser: Any, group: str, label: str) -> None:
    _wait(browser, lambda d: _xpath(d, f"//*[@id='{group}']//label[contains(., '{label}')]"))[0].click()


def test_an_admin_creates_an_erhvervsservice_user_who_logs_in_through_the_link(
    live_app: Any, browser: Any, login: Callable[..., None], tmp_path: Path
) -> None:
    service = live_app.service
    lks_name = str(service.geography.lks_table.set_index("lks_id").loc["aarhus", "lks_name"])
    login("admin", "/admin/brugere")
    _wait(browser, lambda d: _by_css(d, "#admin-users-table table"))
    assert "lks-es" in _text(browser, "#admin-users-table table")
    _clean(browser)

    # a refused form names the problem at its field
    _by_css(browser, "#admin-users-new-save")[0].click()
    _wait(browser, lambda d: _text(d, "#admin-users-new-username-error"))
    assert "Brugernavn" in _text(browser, "#admin-users-new-status")
    _clean(browser)

    _by_css(browser, "#admin-users-new-username")[0].send_keys(NAME)
    _radio(browser, "admin-users-new-role", "LKS-medarbejder")
    _choose(browser, "admin-users-new-lks", lks_name)
    _radio(browser, "admin-users-new-system", "Erhvervsservice")
    _by_css(browser, "#admin-users-new-save")[0].click()
    field = _wait(browser, lambda d: _by_css(d, "#admin-users-link-url"))[0]
    link = str(field.get_attribute("value"))
    assert "/aktiver?token=" in link
    assert "én gang i 24 timer" in _text(browser, "#admin-users-link")
    _wait(browser, lambda d: NAME in _text(d, "#admin-users-table table"))
    _screenshot(browser, tmp_path, "admin-users.png")
    _clean(browser)
    made = service.user(NAME)
    assert (made["role"], made["lks_id"], made["system"], made["link_pending"]) == (
        "lks",
        "aarhus",
        "erhvervsservice",
        True,
    )

    # the admin logs out; the new user opens the link and chooses a password
    browser.get(f"{live_app.url}/logout")
    _wait(browser, lambda d: _by_css(d, "button[type=submit]"))[0].click()
    _wait(browser, lambda d: _by_css(d, "#username") and "/login" in d.current_url)
    browser.get(link)
    _wait(browser, lambda d: _by_css(d, "#password"))
    assert browser.find_element("id", "username").get_attribute("value") == NAME
    _screenshot(browser, tmp_path, "activation.png")
    _clean(browser)
    browser.find_element("id", "password").send_keys(NEW_PASSWORD)
    browser.find_element("id", "password2").send_keys(NEW_PASSWORD)
    browser.find_element("css selector", "button[type=submit]").click()
    _wait(browser, lambda d: _by_css(d, "#shell-nav a"))
    assert browser.current_url.rstrip("/") == live_app.url
    cookie = browser.get_cookie("lksmatch_session")
    assert cookie is not None
    principal = auth.principal_for_token(service.engine, cookie["value"])
    assert principal == auth.Principal(NAME, "lks", "aarhus", "erhvervsservice")
    nav = _text(browser, "#shell-nav")
    assert "Match" in nav and "Administration" not in nav and "Liste" not in nav

    # and sees no person: the Match page of one of its LKS's needs shows counts only
    with service.engine.connect() as connection:
        needs = repo.load(connection, "needs", lks_id="aarhus")
        people = set(repo.load(connection, "jobseekers")["person_id"].astype(str))
    need = str(needs.loc[needs["kind"] == "hire", "need_id"].iloc[0])
    browser.get(f"{live_app.url}/match?need={need}")
    _wait(browser, lambda d: _by_css(d, SHOWN))
    source = browser.page_source
    assert not [p for p in people if p in source]
    browser.get(link)  # the link worked once
    _wait(browser, lambda d: "Linket virker ikke" in d.page_source)
