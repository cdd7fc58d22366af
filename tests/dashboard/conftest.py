"""Fixtures for the web tests: one real app over a real service and a small demo region.

Building the service (reference data, demo data, migrations) takes seconds, so the app
is built once per test session; tests that change state (logout, disabling a user)
create their own users.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import dash
import pytest
from flask.testing import FlaskClient
from reference import reference_data_dir
from sqlalchemy import text

from dashboard.app import create_app
from lksmatch import auth
from lksmatch.config import Settings
from lksmatch.service import Service
from store import repo

PASSWORD = "korrekt-hest-batteri"
ORIGIN = "http://localhost"
HOME_LKS = "aarhus"


@dataclass(frozen=True)
class Web:
    """The app under test and what the tests need to know about its data."""

    app: dash.Dash
    service: Service
    settings: Settings
    home_lks: str
    other_lks: str
    home_need: str
    other_need: str
    #: The company of ``home_need``.
    home_cvr: str
    person_ids: frozenset[str]
    #: username -> role of the standing users (one per role; two lks users).
    users: dict[str, str]
    password: str = PASSWORD
    origin: str = ORIGIN

    def login(self, client: FlaskClient, username: str, password: str = PASSWORD) -> int:
        """Log ``client`` in through the JSON API; return the status code."""
        response = client.post("/api/v1/login", json={"username": username, "password": password},
                               headers={"Origin": self.origin})
        return response.status_code

    def audit_rows(self, action: str, **where: str) -> list[dict[str, object]]:
        """Audit log entries of ``action`` (optionally filtered by column values)."""
        clauses = " AND ".join(f"{column} = :{column}" for column in where)
        sql = "SELECT * FROM audit_log WHERE action = :action" + (f" AND {clauses}" if clauses else "")
        with self.service.engine.connect() as connection:
            return [dict(r._mapping) for r in connection.execute(text(sql), {"action": action, **where})]

    def session_rows(self, username: str) -> int:
        """How many session rows a user has (live or not)."""
        sql = "SELECT COUNT(*) FROM sessions JOIN users ON users.id = sessions.user_id WHERE username = :u"
        with self.service.engine.connect() as connection:
            return int(connection.execute(text(sql), {"u": username}).scalar_one())


def _settings(tmp: Path, *, cookie_secure: bool = False) -> Settings:
    data_dir = reference_data_dir()
    return Settings(database_url=f"sqlite:///{tmp}/t.db", data_dir=data_dir, cookie_secure=cookie_secure,
                    secret_key="test", model_dir=tmp / "models")  # never the checkout's trained model


def build_web(tmp: Path) -> Web:
    """A new app over a new demo database in ``tmp`` with one standing user per role."""
    settings = _settings(tmp)
    service = Service(settings)
    service.load_demo_data(scale=0.05, seed=1, folder=tmp / "demo")
    with service.engine.connect() as connection:
        needs = repo.load(connection, "needs")
        people = repo.load(connection, "jobseekers")
    counts = needs["lks_id"].value_counts()
    assert counts.get(HOME_LKS, 0) > 0, "the demo region has no needs in the home LKS"
    other = next(str(lks) for lks in counts.index if lks != HOME_LKS)
    users = {"region": "region", "planner": "planner", "admin": "admin",
             "lks-home": "lks", "lks-other": "lks", "lks-es": "lks", "lks-udd": "lks"}
    systems = {"lks-es": "erhvervsservice", "lks-udd": "uddannelse"}  # the other lks users: jobcenter
    for name, role in users.items():
        lks_id = other if name == "lks-other" else HOME_LKS if role == "lks" else None
        auth.add_user(service.engine, name, PASSWORD, role, lks_id, system=systems.get(name))
    app = create_app(settings, service)
    return Web(
        app=app,
        service=service,
        settings=settings,
        home_lks=HOME_LKS,
        other_lks=other,
        home_need=str(needs.loc[needs["lks_id"] == HOME_LKS, "need_id"].iloc[0]),
        home_cvr=str(needs.loc[needs["lks_id"] == HOME_LKS, "cvr"].iloc[0]),
        other_need=str(needs.loc[needs["lks_id"] == other, "need_id"].iloc[0]),
        person_ids=frozenset(people["person_id"].astype(str)),
        users=users,
    )


@pytest.fixture(scope="session")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    """The app most web tests share (tests that change much build their own with :func:`build_web`)."""
    built = build_web(tmp_path_factory.mktemp("web"))
    yield built
    built.service.engine.dispose()


@pytest.fixture
def client_for(web: Web) -> Callable[[str | None], FlaskClient]:
    """A fresh test client, logged in as ``username`` (or anonymous for ``None``)."""

    def make(username: str | None) -> FlaskClient:
        client = web.app.server.test_client()
        if username is not None:
            assert web.login(client, username) == 200
        return client

    return make



@pytest.fixture(scope="module")
def fresh_web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    """An app of the test module's own, for tests that change much (imports, erasures)."""
    built = build_web(tmp_path_factory.mktemp("fresh-web"))
    yield built
    built.service.engine.dispose()
