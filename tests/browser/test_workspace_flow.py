"""The LKS workspace walked in a real Chromium, as the team would (company-and-visits issue).

Erhvervsservice finds a company, records a sambesøg with the jobcentre, creates a need from
it by typing a job title (and picking the ESCO occupation suggested), the jobcentre opens the
need on the Match page from its link, and the region sees the share of sambesøg move.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from .test_browser import _by_css, _screenshot, _text, _wait

#: What the Match page shows once a need is picked: cards, the counts table, or a notice.
SHOWN_CANDIDATES = "#match-candidates .candidate-list, #match-candidates table, #match-candidates .notice"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _xpath(driver: Any, path: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.XPATH, path)


def _region_share(browser: Any, login: Callable[..., None], area: str) -> str:
    login("region")
    cell = f"#overblik-table tr[data-area={area}] td.col-share_visits_two_systems"
    _wait(browser, lambda d: _text(d, cell))
    return _text(browser, cell)


def _a_company(live_app: Any) -> tuple[str, str]:
    """A company of the home LKS that has no need yet (so the new one is easy to find)."""
    from store import repo

    with live_app.service.engine.connect() as connection:
        companies = repo.load(connection, "companies", lks_id="aarhus")
        needs = repo.load(connection, "needs", lks_id="aarhus")
    free = companies[~companies["cvr"].isin(needs["cvr"])]
    row = free.iloc[0]
    return str(row["cvr"]), str(row["name"])


def test_erhvervsservice_records_a_sambesoeg_and_a_need_the_jobcentre_then_opens(
    live_app: Any, browser: Any, login: Callable[..., None], tmp_path: Any
) -> None:
    before = _region_share(browser, login, "aarhus")
    cvr, name = _a_company(live_app)

    login("lks-es", "/virksomheder")
    search = _wait(browser, lambda d: _by_css(d, "#companies-search"))[0]
    _wait(browser, lambda d: _by_css(d, "#companies-table table"))
    search.send_keys(cvr)
    _wait(browser, lambda d: _text(d, "#companies-count") == "Viser 1–1 af 1 virksomheder")
    _wait(browser, lambda d: _xpath(d, f"//div[@id='companies-table']//a[normalize-space()='{name}']"))[
        0
    ].click()
    _wait(browser, lambda d: _text(d, "#company-heading") == name)
    _screenshot(browser, tmp_path, "company.png")

    # a sambesøg: erhvervsservice (ticked already: the user's own system) and the jobcentre
    own = _wait(
        browser, lambda d: _xpath(d, "//*[@id='visit-systems']//label[contains(., 'Erhvervsservice')]//input")
    )
    _wait(browser, lambda d: own[0].is_selected())
    _xpath(browser, "//*[@id='visit-systems']//label[contains(., 'Jobcenter')]")[0].click()
    browser.find_element("id", "visit-topics").send_keys("rekruttering;automatisering")
    browser.find_element("id", "visit-note").send_keys("Mangler to svejsere til ny linje.\nRing i januar.")
    browser.find_element("id", "visit-save").click()
    _wait(browser, lambda d: _text(d, "#visit-status") == "Besøget er gemt.")
    _wait(browser, lambda d: "Mangler to svejsere til ny linje." in _text(d, "#company-visits"))
    assert "Sambesøg" in _text(browser, "#company-visits li.visit")

    # a need from that visit, with a typed title and the ESCO occupation suggested for it
    _wait(browser, lambda d: _xpath(d, "//*[@id='company-visits']//li[1]//button"))[0].click()
    _wait(browser, lambda d: _text(d, "#need-visit-id") != "")
    browser.find_element("id", "need-title").send_keys("Svejser")
    radios = _wait(browser, lambda d: _by_css(d, "#need-occupation input[type=radio]"))
    _wait(browser, lambda d: any(r.is_selected() for r in _by_css(d, "#need-occupation input[type=radio]")))
    assert len(radios) >= 2
    browser.find_element("id", "need-skills").send_keys("svejsning;MIG")
    count = browser.find_element("id", "need-count")
    count.clear()
    count.send_keys("2")
    deadline = (dt.date.today() + dt.timedelta(days=90)).strftime("%d-%m-%Y")
    browser.find_element("id", "need-deadline").send_keys(deadline)
    browser.find_element("id", "need-save").click()
    _wait(browser, lambda d: _text(d, "#need-status-message").endswith("er gemt."))
    need_id = _text(browser, "#need-status-message").split()[1]
    _wait(browser, lambda d: need_id in _text(d, "#company-needs"))
    _screenshot(browser, tmp_path, "company-after.png")
    stored = live_app.service.need(need_id)
    assert stored["title"] == "Svejser" and str(stored["occupation"]).startswith("http")
    assert stored["visit_id"] and stored["count"] == 2 and stored["cvr"] == cvr

    # the jobcentre opens it on the Match page from its link
    login("lks-home", f"/match?need={need_id}")
    _wait(browser, lambda d: need_id in _text(d, "#match-need"))
    _wait(browser, lambda d: _by_css(d, SHOWN_CANDIDATES))
    assert name in _text(browser, "#match-company")

    # the region sees the share of sambesøg change
    _wait(browser, lambda d: _region_share(d, login, "aarhus") != before, timeout=120)


def _tab_to(browser: Any, element_id: str, limit: int = 250) -> list[str]:
    """Press Tab until ``element_id`` has the focus; return the ids passed (fails if never reached)."""
    from selenium.webdriver.common.keys import Keys

    passed: list[str] = []
    for _ in range(limit):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        now = browser.switch_to.active_element.get_attribute("id") or ""
        passed.append(now)
        if now == element_id:
            return passed
    raise AssertionError(f"Tab never reached #{element_id} (a keyboard trap or an unreachable control)")


def test_keyboard_only_finds_a_company_and_records_a_visit(
    live_app: Any, browser: Any, login: Callable[..., None]
) -> None:
    from selenium.webdriver.common.keys import Keys

    cvr, name = _a_company(live_app)
    login("lks-udd", "/virksomheder")
    _wait(browser, lambda d: _by_css(d, "#companies-table table"))
    browser.find_element("tag name", "body").click()
    _tab_to(browser, "companies-search")
    browser.switch_to.active_element.send_keys(cvr)
    _wait(browser, lambda d: _text(d, "#companies-count") == "Viser 1–1 af 1 virksomheder")
    for _ in range(40):  # on to the company's link, then Enter follows it
        browser.switch_to.active_element.send_keys(Keys.TAB)
        if browser.switch_to.active_element.text.strip() == name:
            break
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    _wait(browser, lambda d: _text(d, "#company-heading") == name)

    _tab_to(browser, "visit-date")
    _tab_to(browser, "visit-topics", limit=20)  # through the systems and the kind, no trap
    browser.switch_to.active_element.send_keys("lærlinge")
    browser.switch_to.active_element.send_keys(Keys.TAB)
    browser.switch_to.active_element.send_keys("Telefonmøde om lærlinge til foråret.")
    _tab_to(browser, "visit-save", limit=5)
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    _wait(browser, lambda d: _text(d, "#visit-status") == "Besøget er gemt.")
    assert "Telefonmøde om lærlinge til foråret." in _text(browser, "#company-visits")
    assert "Uddannelse" in _text(browser, "#company-visits li.visit")  # the user's own system, ticked
