"""The administration in a real browser: uploads, a person's access report and erasure, with axe.

An admin uploads a bad job-seeker file and reads the lines that are wrong, then a good one and
reads the counts; opens the log, reads one person's access report (the jobcentre's reads and
decision are in it), downloads it as CSV, and erases the person. A person of another LKS than
the one the other browser tests work in is used, so that they do not meet the erasure.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from lksmatch import auth
from lksmatch.access import SecureService
from store import repo

from .conftest import PASSWORD
from .test_accessibility import KNOWN, _violations, _wait

GOOD = (
    "person_id,municipality_code,occupations,skills,education_level,max_commute_km\n"
    "WEB-0001,751,7212,svejsning,erhvervsfaglig,30\n"
    "WEB-0002,740,5120,madlavning,grundskole,20\n"
    "WEB-0003,791,4110,kontorarbejde,gymnasial,25\n"
)
BAD = (
    "person_id,municipality_code,education_level\n"
    "WEB-0101,,grundskole\n"
    "WEB-0102,751,grundskole\n"
    "WEB-0103,751,doktorgrad\n"
)


def _el(driver: Any, css: str) -> Any:
    from selenium.webdriver.common.by import By

    return _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, css))[0]


def _text(driver: Any, css: str) -> str:
    from selenium.webdriver.common.by import By

    found = driver.find_elements(By.CSS_SELECTOR, css)
    return found[0].text if found else ""


def _clean(browser: Any) -> bool:
    """No axe violation beyond the ones the statement lists for Dash's radio groups (the language toggle)."""
    found = _violations(browser)
    assert set(found) <= KNOWN["eksport"], found
    return True


def _upload(browser: Any, path: Path) -> None:
    _el(browser, "#admin-upload-file").send_keys(str(path))
    _el(browser, "#admin-upload-form button[type=submit]").click()


def test_an_admin_uploads_files_reads_an_access_report_and_erases_the_person(
    live_app: Any, browser: Any, login: Any, tmp_path: Path
) -> None:
    service = live_app.service
    browser.set_script_timeout(60)
    login("admin", "/admin/upload")
    _el(browser, "#admin-upload-form")
    assert _clean(browser)

    bad = tmp_path / "ledige-fejl.csv"
    bad.write_text(BAD, encoding="utf-8")
    _upload(browser, bad)
    _wait(browser, lambda d: "blev ikke indlæst" in _text(d, "#admin-upload-report"))
    report = _text(browser, "#admin-upload-report")
    assert "2 problemer" in report
    rows = [r.text for r in browser.find_elements("css selector", "table.problems tbody tr")]
    assert any(r.startswith("2 municipality_code") for r in rows), rows
    assert any(r.startswith("4 education_level") for r in rows), rows
    assert _clean(browser)

    good = tmp_path / "ledige.csv"
    good.write_text(GOOD, encoding="utf-8")
    _upload(browser, good)
    _wait(browser, lambda d: "er indlæst" in _text(d, "#admin-upload-report"))
    assert "Nye\n3" in _text(browser, "#admin-upload-report").replace(" 3", "\n3")
    with service.engine.connect() as connection:  # type: ignore[attr-defined]
        assert repo.get_row(connection, "jobseekers", "WEB-0003") is not None

    # the jobcentre of another LKS read a need's candidates and contacted the first
    with service.engine.connect() as connection:  # type: ignore[attr-defined]
        needs = repo.load(connection, "needs")
    other = needs.loc[(needs["lks_id"] != "aarhus") & (needs["kind"] == "hire")].iloc[0]
    need, caseworker = str(other["need_id"]), f"jc-{other['lks_id']}"
    auth.add_user(service.engine, caseworker, PASSWORD, "lks", str(other["lks_id"]), system="jobcenter")  # type: ignore[attr-defined]
    team = SecureService(service, service.login(caseworker, PASSWORD).principal)  # type: ignore[arg-type, attr-defined]
    ranked = team.candidates(need, top=3)
    person = str(ranked["person_id"].iloc[0])
    team.record_decision(need, person, "contacted", "ringet op i test")

    browser.get(f"{live_app.url}/admin/log")
    _el(browser, "#admin-report-person").send_keys(person)
    _el(browser, "#admin-report-button").click()
    _wait(browser, lambda d: f"Indsigtsrapport for {person}" in _text(d, "#admin-report"))
    shown = _text(browser, "#admin-report")
    assert caseworker in shown and "vist som kandidat" in shown and "ringet op i test" in shown
    others = set(ranked["person_id"].astype(str)) - {person}
    assert not [o for o in others if o in shown], "the report shows another person"
    assert _clean(browser)

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    _el(browser, "#admin-report-csv").click()
    deadline = time.monotonic() + 30
    while not list(downloads.glob("*.csv")) and time.monotonic() < deadline:
        time.sleep(0.2)
    csv = next(downloads.glob("*.csv")).read_text(encoding="utf-8-sig")
    assert csv.startswith("at,username,what,need_id,detail") and "ringet op i test" in csv

    _el(browser, "#admin-erase-confirm").send_keys(person)
    _el(browser, "#admin-erase-button").click()
    _wait(browser, lambda d: "er slettet" in _text(d, "#admin-erase-result"))
    assert "1 beslutninger" in _text(browser, "#admin-erase-result")
    with service.engine.connect() as connection:  # type: ignore[attr-defined]
        assert repo.get_row(connection, "jobseekers", person) is None
