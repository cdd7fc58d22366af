"""From need to outcome in a real Chromium (need-to-outcome issue): the jobcentre enrols two staff on
a course for an upskill need, contacts a candidate of a hire need, records the interview and the
hire, and reads the history with the authors; erhvervsservice sees the same need as counts only;
``train`` then counts the web's outcome."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .test_browser import _by_css, _text, _wait
from .test_workspace_flow import _xpath

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _upskill_need_with_a_course(live_app: Any, tmp_path: Path) -> str:
    """An open upskill need of the home LKS, and a course for it imported nearby (the import path)."""
    from store import repo

    service = live_app.service
    today = service.today()
    with service.engine.connect() as connection:
        needs = repo.load(connection, "needs", lks_id="aarhus")
    open_up = needs[(needs["kind"] == "upskill") & (needs["status"] == "open") & needs["skills"].notna()]
    open_up = open_up[open_up["deadline"].map(lambda d: d is None or d > today + dt.timedelta(days=40))]
    need = open_up.iloc[0]
    offers = tmp_path / "offers.csv"
    offers.write_text(
        "offer_id,provider,title,skills,municipality_code,start_date,duration_days,seats,kind,open_to_unemployed\n"
        f"O-BROWSER-1,AMU Østjylland,Kursus for virksomhedens medarbejdere,{need['skills']},751,"
        f"{(today + dt.timedelta(days=14)).isoformat()},5,12,AMU,true\n",
        encoding="utf-8",
    )
    service.import_file("offers", offers, username="test")
    return str(need["need_id"])


def _hire_need(live_app: Any) -> str:
    ranked = live_app.service.match_flow.candidates(lks_id="aarhus", top=3)
    return str(ranked["need_id"].iloc[-1])


def _live_text(browser: Any, css: str) -> str:
    """The text of the first element matching ``css``, read in the page in one step (the candidate
    cards are drawn again while a test looks: no stale element)."""
    script = "const n = document.querySelector(arguments[0]); return n ? n.textContent : '';"
    return str(browser.execute_script(script, css))


def _click_label(browser: Any, container: str, label: str) -> None:
    _wait(browser, lambda d: _xpath(d, f"//*[@id='{container}']//label[contains(., '{label}')]"))[0].click()


def test_the_jobcentre_enrols_staff_contacts_interviews_and_hires(
    live_app: Any, browser: Any, login: Callable[..., None], tmp_path: Path
) -> None:
    upskill = _upskill_need_with_a_course(live_app, tmp_path)
    login("lks-home", f"/match?need={upskill}")
    _wait(browser, lambda d: upskill in _text(d, "#match-need-panel h3"))
    _wait(browser, lambda d: "Kursus for virksomhedens medarbejdere" in _text(d, "#match-courses"))
    seats = _xpath(browser, "//*[@id='match-courses']//tr[contains(., 'Kursus for virksomhedens')]/td[6]")[
        0
    ].text
    _click_label(browser, "match-enrol-offer", "Kursus for virksomhedens medarbejdere")
    staff = browser.find_element("id", "match-enrol-staff")
    staff.clear()
    staff.send_keys("2")
    if _by_css(browser, f"#{'match-enrol-agreement-box'}:not([hidden])"):
        _click_label(browser, "match-enrol-agreement", "Ja")
    browser.find_element("id", "match-enrol-save").click()
    _wait(browser, lambda d: _text(d, "#match-enrol-status") == "Tilmeldingen er gemt.")
    row = "//*[@id='match-courses']//tr[contains(., 'Kursus for virksomhedens')]/td[6]"
    # read in the page, in one step: the table is drawn again while we look (no stale element)
    script = "const n = document.evaluate(arguments[0], document, null, 9, null).singleNodeValue;" \
        " return n ? n.textContent.trim() : '';"
    _wait(browser, lambda d: d.execute_script(script, row) == str(int(seats) - 2))

    hire = _hire_need(live_app)
    login("lks-home", f"/match?need={hire}")
    _wait(browser, lambda d: _by_css(d, "#match-candidates li.candidate"))
    # the profile, read in ten seconds: each fact against the need, said in words
    first = _live_text(browser, "#match-candidates li.candidate")
    for fact in ("Fag", "Kompetencer", "Uddannelse", "Kan starte", "Afstand", "Kursus der lukker hullet"):
        assert fact in first, first
    assert "opfyldt" in first and " km" in first and "Ingen skridt endnu" in first
    # narrowed to those within their own commute limit: every card says so (the service filters)
    _click_label(browser, "match-filters", "inden for egen pendlergrænse")
    signs = "return [...document.querySelectorAll('#match-candidates li.candidate dd:nth-of-type(5)')]" \
        ".map(n => n.textContent)"
    _wait(browser, lambda d: d.execute_script(signs) and all("✓" in t for t in d.execute_script(signs)))
    _click_label(browser, "match-filters", "inden for egen pendlergrænse")  # off again
    # the card's own button picks the person for the decision form
    pick = "#match-candidates li.candidate button.pick"
    _wait(browser, lambda d: _by_css(d, pick))

    def picked(d: Any) -> str | None:
        """Click the first card's button and say whom the form now holds; the list may still be
        drawn again after the filter went off (a click on the old list is lost), so click again."""
        name = _live_text(d, pick).removeprefix("Vælg ").strip()
        d.execute_script("const b = document.querySelector(arguments[0]); if (b) b.click();", pick)
        return name if name and name in _text(d, "#match-person") else None

    person = _wait(browser, picked)
    assert person.startswith("P-"), person
    # and the keyboard focus went on to the decision it is for
    focused = "return document.activeElement && document.activeElement.closest('#match-decision') !== null"
    _wait(browser, lambda d: d.execute_script(focused))
    for state, reason in (("Kontaktet", "ringet op"), ("Til samtale", "samtale mandag")):
        _click_label(browser, "match-decision", state)
        reason_box = browser.find_element("id", "match-reason")
        reason_box.clear()
        reason_box.send_keys(reason)
        browser.find_element("id", "match-save").click()
        _wait(browser, lambda d: "gemt" in _text(d, "#match-status"))
        _wait(browser, lambda d, r=reason: r in _text(d, "#match-history"))
    _click_label(browser, "match-outcome", "Ansat")
    browser.find_element("id", "match-outcome-save").click()
    _wait(browser, lambda d: _text(d, "#match-outcome-status") == "Udfaldet er gemt.")
    _wait(browser, lambda d: "Ansat" in _text(d, "#match-history"))
    # the card shows the person's state on the need now, with its author
    _wait(browser, lambda d: "Ansat" in _live_text(d, "#match-candidates"))
    assert "af lks-home" in _live_text(browser, "#match-candidates")
    history = _text(browser, "#match-history")
    assert history.count("lks-home") >= 3 and person in history
    for step in ("Kontaktet", "Til samtale", "Ansat", "ringet op", "samtale mandag"):
        assert step in history

    login("lks-es", f"/match?need={hire}")
    _wait(browser, lambda d: "Jobcentret ser kandidaterne" in _text(d, "#match-candidates"))
    _wait(browser, lambda d: "Ansat" in _text(d, "#match-history"))
    assert person not in browser.page_source
    assert "Ansat" in _text(browser, "#match-candidates")  # the hire, as a count

    sources = live_app.service.train()["sources"]
    assert sources.get("web_outcome", 0) >= 1


def test_the_shortlist_page_takes_a_pair_into_a_decision(
    live_app: Any, browser: Any, login: Callable[..., None]
) -> None:
    from sqlalchemy import text as sql

    login("lks-home", "/liste")
    _wait(browser, lambda d: _by_css(d, "#shortlist-compute"))[0].click()
    _wait(browser, lambda d: _by_css(d, "#shortlist-table table"), timeout=180)
    row = _by_css(browser, "#shortlist-table tbody tr")[0]
    need_id = row.find_elements("css selector", "td .hint")[0].text
    person = row.find_elements("css selector", "td")[2].text
    row.find_element("css selector", "button").click()
    _wait(browser, lambda d: "registreret som kontaktet" in _text(d, "#shortlist-status"))
    with live_app.service.engine.connect() as connection:
        decided = connection.execute(
            sql(
                "SELECT decision, reason, username FROM decisions "
                "WHERE need_id = :n AND person_id = :p ORDER BY id DESC"
            ),
            {"n": need_id, "p": person},
        ).first()
    assert tuple(decided) == ("contacted", "Forslag fra LKS-listen", "lks-home")
    login("lks-es", "/liste")
    _wait(browser, lambda d: "Ingen adgang" in _text(d, "#shell-page"))
