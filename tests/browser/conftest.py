"""A real server and a real headless Chromium for the browser tests.

The app runs in a werkzeug server on a free loopback port, over a fresh SQLite demo
database; Chromium is Debian's ``chromium`` driven by ``chromium-driver`` through
selenium. Without them the tests skip with a message (``make test`` installs them).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("LKSMATCH_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("LKSMATCH_CHROMEDRIVER", "/usr/bin/chromedriver"))
PASSWORD = "korrekt-hest-batteri"
HOME_LKS = "aarhus"
#: username -> (role, lks, system)
USERS = {
    "region": ("region", None, None),
    "planner": ("planner", None, None),
    "admin": ("admin", None, None),
    "lks-home": ("lks", HOME_LKS, "jobcenter"),
    "lks-es": ("lks", HOME_LKS, "erhvervsservice"),
    "lks-udd": ("lks", HOME_LKS, "uddannelse"),
}
CHROME_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,900",
)


@dataclass(frozen=True)
class LiveApp:
    """The running app: its base URL and the service behind it."""

    url: str
    service: object


def _require_chromium() -> None:
    """Skip (with the reason) when Chromium, its driver or selenium is missing; under CI, fail."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        message = f"Chromium not installed ({CHROMIUM}, {CHROMEDRIVER}): install chromium chromium-driver"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    pytest.importorskip("selenium.webdriver", reason="selenium is not installed")


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    """The real app over a small demo region, served on 127.0.0.1 by a real HTTP server."""
    from reference import reference_data_dir
    from werkzeug.serving import make_server

    from dashboard.app import create_app
    from lksmatch import auth
    from lksmatch.config import Settings
    from lksmatch.service import Service

    _require_chromium()  # before the demo data: no browser, no need for a server
    data_dir = reference_data_dir()
    tmp = tmp_path_factory.mktemp("browser")
    settings = Settings(
        database_url=f"sqlite:///{tmp}/demo.db", data_dir=data_dir, cookie_secure=False, secret_key="browser",
        model_dir=tmp / "models",  # never the checkout's trained model
    )
    service = Service(settings)
    service.load_demo_data(scale=0.05, seed=1, folder=tmp / "demo")
    for name, (role, lks_id, system) in USERS.items():
        auth.add_user(service.engine, name, PASSWORD, role, lks_id, system=system)
    app = create_app(settings, service)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="lksmatch-live", daemon=True)
    thread.start()
    try:
        yield LiveApp(url=f"http://127.0.0.1:{server.server_port}", service=service)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        service.engine.dispose()


@pytest.fixture
def browser() -> Iterator[object]:
    """A fresh headless Chromium (own profile) that records the browser console."""
    _require_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service as DriverService

    profile = tempfile.mkdtemp(prefix="lksmatch-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in CHROME_ARGS:
        options.add_argument(argument)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=DriverService(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def login(live_app: LiveApp, browser: object) -> Callable[[str, str], None]:
    """Log ``browser`` in as a user through the HTML form, landing on ``next_path``."""
    from selenium.webdriver.common.by import By

    def go(username: str, next_path: str = "/") -> None:
        browser.get(f"{live_app.url}/login?next={next_path}")  # type: ignore[attr-defined]
        browser.find_element(By.ID, "username").send_keys(username)  # type: ignore[attr-defined]
        browser.find_element(By.ID, "password").send_keys(PASSWORD)  # type: ignore[attr-defined]
        browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()  # type: ignore[attr-defined]

    return go
