"""The model card in a real Chromium: an admin trains a model in the background and sees the card change,
switches back to the previous model, opens the fairness report; axe-core checks each state.

The app here has a model folder of its own (``live_app`` is overridden for this module: training must
not write the checkout's model) and serves the fairness section even before ``admin.SECTIONS`` lists it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from .conftest import PASSWORD, USERS, LiveApp, _require_chromium
from .test_accessibility import KNOWN, _violations
from .test_browser import _by_css, _console_errors, _screenshot, _text, _wait

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: The page's violations may only be those the statement lists for every page of the app (the shell's
#: language toggle is a Dash radio group).
ALLOWED = KNOWN["eksport"]


@pytest.fixture(scope="module")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    """The real app over a small demo region, its own model folder, served on 127.0.0.1."""
    from reference import reference_data_dir
    from werkzeug.serving import make_server

    from dashboard.app import create_app
    from dashboard.pages import admin, admin_fairness
    from lksmatch import auth
    from lksmatch.config import Settings
    from lksmatch.service import Service

    _require_chromium()
    tmp = tmp_path_factory.mktemp("browser-model")
    settings = Settings(
        database_url=f"sqlite:///{tmp}/demo.db",
        data_dir=reference_data_dir(),
        cookie_secure=False,
        secret_key="browser",
        model_dir=tmp / "models",
    )
    service = Service(settings)
    service.load_demo_data(scale=0.05, seed=1, folder=tmp / "demo")
    for name, (role, lks_id, system) in USERS.items():
        auth.add_user(service.engine, name, PASSWORD, role, lks_id, system=system)
    with pytest.MonkeyPatch.context() as monkeypatch:
        if admin_fairness.SECTION not in admin.SECTIONS:  # until admin.py lists the section itself
            monkeypatch.setitem(
                admin.SECTIONS, admin_fairness.SECTION, ("model_nav_fairness", admin_fairness.layout)
            )
            registered = admin.register

            def register(app: Any, current: Any) -> None:
                registered(app, current)
                admin_fairness.register(app, current)

            monkeypatch.setattr(admin, "register", register)
        app = create_app(settings, service)
        server = make_server("127.0.0.1", 0, app.server, threaded=True)
        thread = threading.Thread(target=server.serve_forever, name="lksmatch-live-model", daemon=True)
        thread.start()
        try:
            yield LiveApp(url=f"http://127.0.0.1:{server.server_port}", service=service)
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)
            service.engine.dispose()


def _card_ready(driver: Any) -> bool:
    return bool(_text(driver, "#admin-model-card") and _text(driver, "#admin-model-in-use"))


def test_an_admin_trains_a_model_and_sees_the_card_change(
    live_app: Any, browser: Any, login: Callable[..., None], tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser.set_script_timeout(60)
    service = live_app.service
    release = threading.Event()
    real_train = service.match_flow.train

    def held(progress: Any = None) -> dict[str, Any]:  # the server's thread waits until the test has looked
        assert release.wait(120)
        return real_train(progress=progress)

    monkeypatch.setattr(service.match_flow, "train", held)

    login("admin", "/admin/model")
    _wait(browser, _card_ready)
    assert "Der er ikke trænet nogen model endnu." in _text(browser, "#admin-model-card")
    assert "regelbaseret" in _text(browser, "#admin-model-in-use")
    assert _by_css(browser, "#admin-model-restore")[0].get_attribute("disabled") is not None
    found = _violations(browser)
    assert set(found) <= ALLOWED, found

    _by_css(browser, "#admin-model-train")[0].click()
    _wait(browser, lambda d: _by_css(d, "#admin-model-progress"))
    assert _text(browser, "#admin-model-job").startswith("Træningens fremdrift")
    assert "Træner:" in _text(browser, "#admin-model-job")
    assert _by_css(browser, "#admin-model-train")[0].get_attribute("disabled") is not None
    # the page stays usable while the job runs: another page and back, the job is still shown
    _by_css(browser, "#admin-model-fairness-link")[0].click()
    _wait(browser, lambda d: _text(d, "#admin-fairness-verdict"))
    browser.back()
    _wait(browser, lambda d: _by_css(d, "#admin-model-progress"))
    found = _violations(browser)
    assert set(found) <= ALLOWED, found

    release.set()
    _wait(browser, lambda d: _text(d, "#admin-model-trained-at"))
    first = _text(browser, "#admin-model-trained-at")
    first_hash = _text(browser, "#admin-model-data-hash")
    assert len(first_hash) == 64 and "den trænede model" in _text(browser, "#admin-model-in-use")
    assert "Seneste træning blev færdig" in _text(browser, "#admin-model-job")
    assert "Kun stillingsbetegnelse" in _text(browser, "#admin-model-card")
    _wait(browser, lambda d: _by_css(d, "#admin-model-calibration .main-svg"))
    _screenshot(browser, tmp_path, "model-card.png")
    found = _violations(browser)
    assert set(found) <= ALLOWED, found

    first_meta = service.model_card()["current"]
    time.sleep(1.1)  # the card shows the training time to the minute, the metadata to the second
    _by_css(browser, "#admin-model-train")[0].click()
    _wait(browser, lambda d: service.model_card()["current"]["trained_at"] != first_meta["trained_at"])
    _wait(
        browser,
        lambda d: (
            "Seneste træning blev færdig" in _text(d, "#admin-model-job")
            and first_meta["artifact_sha256"] not in _text(d, "#admin-model-card")
        ),
    )
    assert first_meta["artifact_sha256"] in _text(browser, "#admin-model-previous")  # kept as the previous
    restore = _by_css(browser, "#admin-model-restore")[0]
    _wait(browser, lambda d: restore.get_attribute("disabled") is None)
    restore.click()
    _wait(browser, lambda d: "Der er skiftet tilbage" in _text(d, "#admin-model-restore-status"))
    _wait(browser, lambda d: first_meta["artifact_sha256"] in _text(d, "#admin-model-card"))
    assert _text(browser, "#admin-model-trained-at") == first
    assert service.match_flow.inputs().scorer.metadata["trained_at"] == first_meta["trained_at"]
    assert not _console_errors(browser)


def test_the_fairness_report_draws_its_intervals(
    live_app: Any, browser: Any, login: Callable[..., None], tmp_path: Any
) -> None:
    browser.set_script_timeout(60)
    login("admin", "/admin/retfaerdighed")
    _wait(browser, lambda d: _text(d, "#admin-fairness-verdict"))
    _wait(browser, lambda d: _by_css(d, "#admin-fairness-plot .main-svg"))
    assert _by_css(browser, "#admin-fairness-plot g.errorbar")  # the intervals, drawn
    assert "Fire femtedele" in _text(browser, "#admin-fairness-plot")
    assert "Grupperne" in _text(browser, "#admin-fairness-table")
    _screenshot(browser, tmp_path, "fairness.png")
    found = _violations(browser)
    assert set(found) <= ALLOWED, found


def test_a_non_admin_sees_no_access(live_app: Any, browser: Any, login: Callable[..., None]) -> None:
    login("lks-home", "/admin/model")
    _wait(browser, lambda d: "Ingen adgang" in _text(d, "main"))
    assert not _by_css(browser, "#admin-model-train")
