"""Screenshots of every page of lksmatch at 1366×768, made in headless Chromium (not by hand).

Usage (from the repository root, after ``make venv browser``)::

    LKSMATCH_DATA_DIR=../shared/data .venv/bin/python docs/screenshots.py [--out docs/screenshots]

It builds a small demo region in a temporary SQLite database, serves the app on a free
loopback port, logs in as each kind of user and saves one PNG per page and state. The
pictures in the README come from here; run it again when a page changes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "skaermbillede-2026"
USERS = {
    "region": ("region", None, None),
    "planner": ("planner", None, None),
    "aarhus-jc": ("lks", "aarhus", "jobcenter"),
    "aarhus-es": ("lks", "aarhus", "erhvervsservice"),
    "admin": ("admin", None, None),
}
SIZE = (1366, 768)
WAIT = 120


def _serve(tmp: Path) -> tuple[str, Any, Callable[[], None]]:
    from werkzeug.serving import make_server

    from dashboard.app import create_app
    from lksmatch import auth
    from lksmatch.config import Settings, load_settings
    from lksmatch.service import Service

    data_dir = load_settings().data_dir
    settings = Settings(
        database_url=f"sqlite:///{tmp}/docs.db",
        data_dir=data_dir,
        cookie_secure=False,
        secret_key="docs",
        model_dir=tmp / "models",
    )
    service = Service(settings)
    service.load_demo_data(scale=0.3, seed=0, folder=tmp / "demo", history_months=5)
    for name, (role, lks_id, system) in USERS.items():
        auth.add_user(service.engine, name, PASSWORD, role, lks_id, system=system)
    from lksmatch.demo_activity import seed_team_activity

    seed_team_activity(service)  # a team at work: states on the cards, "what is waiting for us"
    server = make_server("127.0.0.1", 0, create_app(settings, service).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        service.engine.dispose()

    return f"http://127.0.0.1:{server.server_port}", service, stop


def _browser() -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service as DriverService

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--window-size={SIZE[0]},{SIZE[1]}",
        "--hide-scrollbars",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=DriverService("/usr/bin/chromedriver"), options=options)
    driver.set_window_size(*SIZE)
    return driver


def main() -> int:
    import logging

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access log on the console
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lksmatch-docs-") as folder:
        url, service, stop = _serve(Path(folder))
        driver = _browser()

        def wait(css: str) -> Any:
            return WebDriverWait(driver, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, css))

        def shot(name: str) -> None:
            time.sleep(1.0)  # let the last callback paint
            driver.save_screenshot(str(out / name))
            print(f"  {out / name}")

        def login(user: str, path: str = "/") -> None:
            driver.get(f"{url}/login?next={path}")
            driver.find_element(By.ID, "username").send_keys(user)
            driver.find_element(By.ID, "password").send_keys(PASSWORD)
            driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()

        try:
            driver.get(f"{url}/login")
            wait("form")
            shot("login.png")
            login("region")
            wait("#overblik-table table")
            wait("#overblik-map path.leaflet-interactive")
            shot("overblik.png")
            area = driver.find_elements(By.CSS_SELECTOR, "#overblik-map path.leaflet-interactive")[0]
            driver.execute_script(
                "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", area
            )
            wait("#overblik-details .trend-box")
            driver.find_element(By.ID, "overblik-measure").click()  # the trend follows the map's measure
            options = wait(".dash-dropdown-options [role=option]")
            next(o for o in options if o.text.strip() == "Åbne behov").click()
            time.sleep(1.5)
            driver.execute_script("document.querySelector('#overblik-details').scrollIntoView()")
            shot("overblik-trend.png")
            login("aarhus-es", "/virksomheder")
            wait("#companies-table table")
            shot("virksomheder.png")
            with service.engine.connect() as connection:
                from sqlalchemy import text

                cvr = (
                    connection.execute(
                        text(
                            "SELECT c.cvr FROM companies c JOIN visits v ON v.cvr = c.cvr "
                            "JOIN needs n ON n.cvr = c.cvr WHERE c.lks_id = 'aarhus' AND c.lat IS NOT NULL "
                            "GROUP BY c.cvr ORDER BY COUNT(*) DESC"
                        )
                    )
                    .scalars()
                    .first()
                )
            driver.get(f"{url}/virksomheder/{cvr}")
            wait("#company-profile dl")
            wait("#company-needs table")
            shot("virksomhed.png")
            driver.execute_script("document.getElementById('visit-save').scrollIntoView({block: 'center'})")
            date = driver.find_element(By.ID, "visit-date")
            from selenium.webdriver.common.keys import Keys

            date.send_keys(Keys.CONTROL, "a")
            date.send_keys("i går")
            driver.find_element(By.ID, "visit-save").click()
            wait("#visit-status .notice.warning")
            shot("virksomhed-formular.png")
            with service.engine.connect() as connection:
                decided = (
                    connection.execute(
                        text("SELECT need_id FROM decisions WHERE username = 'aarhus-jc' ORDER BY id")
                    )
                    .scalars()
                    .first()
                )
            login("aarhus-jc", f"/match?need={decided}")
            wait("#match-candidates li.candidate")
            driver.execute_script("document.querySelector('details.candidate-areas').open = true")
            time.sleep(2)  # the map's boundaries
            shot("match.png")
            driver.execute_script(
                "document.querySelector('#match-candidates li.candidate').scrollIntoView({block: 'start'})"
            )
            shot("match-kandidater.png")
            login("aarhus-jc", "/virksomheder")
            wait("#companies-waiting li")
            driver.execute_script("document.getElementById('companies-waiting').scrollIntoView()")
            shot("virksomheder-venter.png")
            login("planner", "/eksport")
            wait("#eksport-level")
            shot("eksport.png")
            login("admin", "/admin/upload")
            wait("#admin-upload-form")
            shot("admin-upload.png")
            driver.get(f"{url}/admin/brugere")
            wait("#admin-users-table table")
            shot("admin-brugere.png")
            with service.engine.connect() as connection:
                person = (
                    connection.execute(
                        text("SELECT person_id FROM decisions WHERE username = 'aarhus-jc' ORDER BY id")
                    )
                    .scalars()
                    .first()
                )
            driver.get(f"{url}/admin/log")
            wait("#admin-report-person")
            driver.find_element(By.ID, "admin-report-person").send_keys(person)
            driver.find_element(By.ID, "admin-report-button").click()
            wait("#admin-report table")
            driver.execute_script("document.getElementById('admin-report').scrollIntoView({block: 'start'})")
            shot("admin-indsigt.png")
            service.train()  # the model card of a trained model (the demo's outcomes)
            driver.get(f"{url}/admin/model")
            wait("#admin-model-card dl, #admin-model-card table")
            shot("admin-model.png")
            driver.get(f"{url}/admin/retfaerdighed")
            wait(".js-plotly-plot")
            shot("admin-retfaerdighed.png")
            driver.get(f"{url}/tilgaengelighed")
            wait("main")
            shot("tilgaengelighed.png")
        finally:
            driver.quit()
            stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
