"""The dashboard in a real headless Chromium: map, measures, a need, candidates, a decision.

Set ``LKSMATCH_SCREENSHOT_DIR`` to keep the screenshots the tests take.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WAIT = 90  # seconds: the first statistics of a fresh database take a while
AREAS = "#overblik-map path.leaflet-interactive"


def _wait(driver: Any, condition: Callable[[Any], object], timeout: float = WAIT) -> Any:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # a page that re-renders between finding an element and reading it: look again
    ignored = [StaleElementReferenceException]
    return WebDriverWait(driver, timeout, ignored_exceptions=ignored).until(condition)


def _by_css(driver: Any, selector: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def _text(driver: Any, selector: str) -> str:
    """The text of the first element matching ``selector`` ("" when there is none yet)."""
    found = _by_css(driver, selector)
    return found[0].text.strip() if found else ""


def _choose(driver: Any, dropdown_id: str, label: str | None = None) -> str:
    """Open a Dash dropdown and click the option labelled ``label`` (the first when None)."""
    _wait(driver, lambda d: _by_css(d, f"#{dropdown_id}"))[0].click()
    options = _wait(driver, lambda d: _by_css(d, ".dash-dropdown-options [role=option]"))
    option = options[0] if label is None else next(o for o in options if o.text.strip() == label)
    chosen = option.text.strip()
    option.click()
    _wait(driver, lambda d: _text(d, f"#{dropdown_id}-value") == chosen)
    return chosen


def _screenshot(driver: Any, tmp_path: Path, name: str) -> Path:
    folder = Path(os.environ.get("LKSMATCH_SCREENSHOT_DIR", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    driver.save_screenshot(str(path))
    return path


def _console_errors(driver: Any) -> list[dict[str, Any]]:
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def test_map_shows_15_areas_and_switches_measure_and_level(
    live_app: Any, browser: Any, login: Callable[..., None], tmp_path: Path
) -> None:
    login("region")
    _wait(browser, lambda d: len(_by_css(d, AREAS)) == 15)
    _wait(browser, lambda d: _text(d, "#overblik-table.sel-companies th.col-companies") == "Virksomheder")
    _wait(browser, lambda d: len({p.get_attribute("fill") for p in _by_css(d, AREAS)}) > 1)  # coloured
    rows = _by_css(browser, "#overblik-table tbody tr")
    assert len(rows) == 16 and rows[-1].text.startswith("Region Midtjylland")
    shot = _screenshot(browser, tmp_path, "overblik.png")
    assert shot.stat().st_size > 10_000

    _choose(browser, "overblik-measure", "Ledige")
    _wait(browser, lambda d: _text(d, "#overblik-table.sel-jobseekers th.col-jobseekers") == "Ledige")
    _wait(browser, lambda d: _text(d, "#overblik-legend h4") == "Ledige (personer)")
    assert len(_by_css(browser, AREAS)) == 15

    _by_css(browser, "#overblik-level input[value=municipality]")[0].click()
    _wait(browser, lambda d: len(_by_css(d, AREAS)) == 19)
    _wait(browser, lambda d: len(_by_css(d, "#overblik-table tbody tr")) == 20)
    _screenshot(browser, tmp_path, "overblik-kommuner-ledige.png")

    clickable = browser.execute_script(  # an area whose middle is not covered by another shape
        "return [...document.querySelectorAll(arguments[0])].find(p => { const r = p.getBoundingClientRect();"
        " return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === p; });",
        AREAS,
    )
    clickable.click()
    _wait(browser, lambda d: _by_css(d, "#overblik-details h3"))
    # the area's trend is that of the map's measure, and follows it when the measure changes
    _wait(browser, lambda d: "pr. måned" in _text(d, "#overblik-details .trend-box h4"))
    chosen = _choose(browser, "overblik-measure", "Åbne behov")
    _wait(browser, lambda d: _text(d, "#overblik-details .trend-box h4") == f"{chosen} pr. måned")
    assert _console_errors(browser) == []


def test_lks_team_opens_a_need_sees_candidates_and_decides(
    live_app: Any, browser: Any, login: Callable[..., None], tmp_path: Path
) -> None:
    login("lks-home", "/match")
    _wait(browser, lambda d: _text(d, "#match-lks-value") == "Aarhus")
    _choose(browser, "match-company")
    _choose(browser, "match-need")
    _wait(browser, lambda d: _by_css(d, "#match-candidates .candidate-list, #match-candidates .notice"))
    notices = [n.text for n in _by_css(browser, "#match-candidates .notice")]
    assert _by_css(browser, "#match-candidates .candidate-list"), f"no candidates: {notices}"
    assert len(_by_css(browser, "#match-candidates li.candidate")) >= 1
    _screenshot(browser, tmp_path, "match.png")

    person = _choose(browser, "match-person").split(". ", 1)[1]
    _by_css(browser, "#match-decision input[value=contacted]")[0].click()
    _by_css(browser, "#match-reason")[0].send_keys("Ringet op; møde aftalt")
    _by_css(browser, "#match-save")[0].click()
    _wait(browser, lambda d: "gemt" in _text(d, "#match-status"))
    with live_app.service.engine.connect() as connection:
        found = connection.execute(
            text("SELECT decision, reason FROM decisions WHERE person_id = :p"), {"p": person}
        ).fetchall()
    assert ("contacted", "Ringet op; møde aftalt") in [tuple(r) for r in found]
    assert _console_errors(browser) == []


def test_region_user_gets_no_match_page(live_app: Any, browser: Any, login: Callable[..., None]) -> None:
    login("region", "/match")
    _wait(browser, lambda d: _by_css(d, "#shell-page .notice"))
    assert _by_css(browser, "#shell-page .notice")[0].text == "Ingen adgang"
    assert "Match" not in [a.text for a in _by_css(browser, "#shell-nav a")]
    assert _console_errors(browser) == []


def test_map_is_coloured_when_the_numbers_arrive_before_the_boundaries(
    live_app: Any, browser: Any, login: Callable[..., None]
) -> None:
    live_app.service.area_stats()  # warm: the colours are answered at once, the boundaries come later
    login("planner")
    _wait(browser, lambda d: len(_by_css(d, AREAS)) == 15)
    _wait(browser, lambda d: len({p.get_attribute("fill") for p in _by_css(d, AREAS)}) > 1)
    assert _console_errors(browser) == []


def test_the_map_is_usable_by_keyboard(live_app: Any, browser: Any, login: Callable[..., None]) -> None:
    """Every area is a focusable button named by the area and its figure; Enter shows its figures
    beside the map, as a click does (WCAG 2.1.1)."""
    from selenium.webdriver.common.keys import Keys

    login("region")
    _wait(browser, lambda d: len(_by_css(d, AREAS)) == 15)
    _wait(browser, lambda d: all(p.get_attribute("tabindex") == "0" for p in _by_css(d, AREAS)))
    names = [p.get_attribute("aria-label") for p in _by_css(browser, AREAS)]
    assert all(n and ":" in n for n in names), names  # "Aarhus: 2.345"
    browser.execute_script("arguments[0].focus()", _by_css(browser, AREAS)[0])
    focused = browser.switch_to.active_element
    assert focused.get_attribute("role") == "button"
    area = focused.get_attribute("aria-label").split(":")[0]
    focused.send_keys(Keys.ENTER)
    _wait(browser, lambda d: area in _text(d, "#overblik-details h3"))
    assert _console_errors(browser) == []


def test_the_map_writes_the_area_names(live_app: Any, browser: Any, login: Callable[..., None]) -> None:
    """LKS names at LKS level, municipality names at municipality level: hover is not needed to know
    which area is which."""
    login("region")
    names = ".leaflet-tooltip.area-name"
    _wait(browser, lambda d: len(_by_css(d, names)) == 15)
    labels = [n.text.split("\n") for n in _by_css(browser, names)]
    assert {"Aarhus", "Odder-Samsø", "Ringkøbing-Skjern"} <= {label[0] for label in labels}
    # each area's figure is written under its name (the colour is never needed to read it)
    assert all(len(label) == 2 and label[1].strip() for label in labels), labels
    _by_css(browser, "#overblik-level input[value=municipality]")[0].click()
    _wait(browser, lambda d: len(_by_css(d, names)) == 19)
    assert "Samsø" in {n.text.split("\n")[0] for n in _by_css(browser, names)}
