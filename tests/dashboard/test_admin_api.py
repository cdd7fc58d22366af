"""The administration's JSON API driven in-process: uploads, the audit log, access reports, erasure.

These tests change the data (they import and erase people), so they run on an app of their own.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from lksmatch.config import load_settings
from lksmatch.errors import UsageError
from store import repo

ORIGIN = "http://localhost"
Web = Any
UPLOAD_HEADERS = {"Origin": ORIGIN, "X-Requested-With": "lksmatch"}
GOOD_SEEKERS = (
    "person_id,municipality_code,occupations,skills,education_level,max_commute_km\n"
    "UP-0001,751,7212,svejsning;tig-svejsning,erhvervsfaglig,30\n"
    "UP-0002,740,5120,madlavning,grundskole,20\n"
)
# line 2: no municipality; line 3: a CPR number as the pseudonym; line 4: an unknown level
BAD_SEEKERS = (
    "person_id,municipality_code,education_level\n"
    "UP-0101,,grundskole\n"
    "010190-1234,751,grundskole\n"
    "UP-0103,751,doktorgrad\n"
)


@pytest.fixture(scope="module")
def admin_web(fresh_web: Web) -> Web:
    return fresh_web


@pytest.fixture
def client(admin_web: Web) -> Callable[[str | None], FlaskClient]:
    def make(username: str | None) -> FlaskClient:
        made = admin_web.app.server.test_client()
        if username is not None:
            assert admin_web.login(made, username) == 200
        return made

    return make


def _upload(
    client: FlaskClient,
    kind: str,
    content: str | bytes,
    name: str = "fil.csv",
    headers: dict[str, str] | None = None,
):  # type: ignore[no-untyped-def]
    data = content.encode() if isinstance(content, str) else content
    return client.post(
        f"/api/v1/imports/{kind}",
        data={"file": (io.BytesIO(data), name)},
        headers=UPLOAD_HEADERS if headers is None else headers,
        content_type="multipart/form-data",
    )


def _seekers(web: Web) -> int:
    with web.service.engine.connect() as connection:
        return repo.count(connection, "jobseekers")


def _upload_folders() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("lksmatch-upload-*")}


def test_a_bad_file_answers_every_problem_and_writes_nothing(admin_web: Web, client) -> None:  # type: ignore[no-untyped-def]
    before, folders = _seekers(admin_web), _upload_folders()
    response = _upload(client("admin"), "jobseekers", BAD_SEEKERS)
    assert response.status_code == 422
    body = response.get_json()
    assert body["ok"] is False
    where = {(p["line"], p["column"]) for p in body["problems"]}
    assert {(2, "municipality_code"), (3, "person_id"), (4, "education_level")} <= where
    assert all(p["rule"] for p in body["problems"])
    assert "010190-1234" not in response.get_data(as_text=True)  # the CPR-like value is masked
    assert _seekers(admin_web) == before
    assert _upload_folders() <= folders  # the upload is not kept on disk
    assert admin_web.audit_rows("upload", record_id="jobseekers")[-1]["detail"].startswith("refused")


def test_a_good_file_answers_the_counts_and_is_imported(admin_web: Web, client) -> None:  # type: ignore[no-untyped-def]
    before, folders = _seekers(admin_web), _upload_folders()
    response = _upload(client("admin"), "jobseekers", GOOD_SEEKERS)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert (body["ok"], body["rows"], body["inserted"]) == (True, 2, 2)
    assert sum(body["placement"].values()) == 2
    assert _seekers(admin_web) == before + 2
    assert _upload_folders() <= folders


@pytest.mark.parametrize(
    ("headers", "name", "status"),
    [
        ({"Origin": ORIGIN}, "fil.csv", 403),  # no X-Requested-With: what a cross-site form sends
        ({"Origin": "http://evil.example", "X-Requested-With": "lksmatch"}, "fil.csv", 403),
        (UPLOAD_HEADERS, "fil.exe", 400),
        (UPLOAD_HEADERS, "fil.xlsm", 400),
    ],
)
def test_an_upload_is_refused_before_it_is_read(  # type: ignore[no-untyped-def]
    admin_web: Web, client, headers: dict[str, str], name: str, status: int
) -> None:
    before = _seekers(admin_web)
    response = _upload(client("admin"), "jobseekers", GOOD_SEEKERS.replace("UP-", "X-"), name, headers)
    assert response.status_code == status
    assert "error" in response.get_json()
    assert _seekers(admin_web) == before


def test_an_upload_needs_the_file_field_and_a_known_kind(client) -> None:  # type: ignore[no-untyped-def]
    admin = client("admin")
    missing = admin.post(
        "/api/v1/imports/jobseekers",
        data={"other": "x"},
        headers=UPLOAD_HEADERS,
        content_type="multipart/form-data",
    )
    assert missing.status_code == 400
    assert _upload(admin, "persons", GOOD_SEEKERS).status_code == 400
    assert _upload(admin, "jobseekers", b"").status_code in (400, 422)


@pytest.mark.parametrize("user", ["region", "planner", "lks-home", "lks-es"])
def test_no_one_but_an_admin_may_use_the_administration(admin_web: Web, client, user: str) -> None:  # type: ignore[no-untyped-def]
    refused_before = len(admin_web.audit_rows("forbidden"))
    caller = client(user)
    person = sorted(admin_web.person_ids)[0]
    answers = [
        _upload(caller, "jobseekers", GOOD_SEEKERS).status_code,
        caller.get(f"/api/v1/audit?person_id={person}").status_code,
        caller.get(f"/api/v1/audit/persons/{person}").status_code,
        caller.get(f"/api/v1/audit/persons/{person}?format=csv").status_code,
        caller.delete(
            f"/api/v1/persons/{person}", headers={"Origin": ORIGIN}, content_type="application/json"
        ).status_code,
    ]
    assert answers == [403] * 5
    assert len(admin_web.audit_rows("forbidden")) == refused_before + 5
    assert person in admin_web.person_ids and _held(admin_web, person)


def test_anonymous_callers_get_401(admin_web: Web, client) -> None:  # type: ignore[no-untyped-def]
    anonymous = client(None)
    assert _upload(anonymous, "jobseekers", GOOD_SEEKERS).status_code == 401
    assert anonymous.get("/api/v1/audit").status_code == 401
    assert anonymous.get("/api/v1/audit/persons/P-1").status_code == 401


def _held(web: Web, person_id: str) -> bool:
    with web.service.engine.connect() as connection:
        return repo.get_row(connection, "jobseekers", person_id) is not None


def _read_candidates(web: Web, client) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """The jobcentre user reads a need's candidates and contacts the first; (need, person)."""
    caseworker = client("lks-home")
    ranked = caseworker.get(f"/api/v1/needs/{web.home_need}/candidates?top=5").get_json()["candidates"]
    person = ranked[0]["person_id"]
    answer = caseworker.post(
        f"/api/v1/needs/{web.home_need}/decisions",
        headers={"Origin": ORIGIN},
        json={"person_id": person, "decision": "contacted", "reason": "ringet op"},
    )
    assert answer.status_code == 201, answer.get_data(as_text=True)
    return web.home_need, person


def test_the_audit_search_filters_and_pages(admin_web: Web, client) -> None:  # type: ignore[no-untyped-def]
    need, person = _read_candidates(admin_web, client)
    admin = client("admin")
    found = admin.get(f"/api/v1/audit?person_id={person}").get_json()
    assert found["total"] >= 2 and {e["record_id"] for e in found["entries"]} == {person}
    assert {"read_candidate", "decision"} <= {e["action"] for e in found["entries"]}
    mine = admin.get("/api/v1/audit?username=lks-home&action=read_candidate&limit=2").get_json()
    assert len(mine["entries"]) == 2 and mine["total"] >= 5
    assert {(e["username"], e["action"]) for e in mine["entries"]} == {("lks-home", "read_candidate")}
    today = dt.date.today()
    day = admin.get(f"/api/v1/audit?since={today}&until={today}&action=decision").get_json()
    assert day["total"] >= 1
    tomorrow = today + dt.timedelta(days=1)
    assert admin.get(f"/api/v1/audit?since={tomorrow}&action=decision").get_json()["total"] == 0
    bad_filters = (
        "since=2026-13-40",
        "limit=0",
        "limit=abc",
        "person_id=a%20b",
        "since=2026-12-03&until=2026-12-01",
    )
    for bad in bad_filters:
        response = admin.get(f"/api/v1/audit?{bad}")
        assert response.status_code == 400, bad
        assert "error" in response.get_json()
    assert admin_web.audit_rows("audit_search", record_id=person)  # the search itself is logged


def test_an_access_report_shows_one_person_and_is_logged(admin_web: Web, client) -> None:  # type: ignore[no-untyped-def]
    need, person = _read_candidates(admin_web, client)
    admin = client("admin")
    report = admin.get(f"/api/v1/audit/persons/{person}").get_json()
    assert report["held"] is True
    whats = [(e["username"], e["what"]) for e in report["entries"]]
    assert ("lks-home", "read_candidate") in whats and ("lks-home", "decision: contacted") in whats
    assert any(e["need_id"] == need for e in report["entries"])
    assert report["decisions"][-1]["reason"] == "ringet op"
    others = admin_web.person_ids - {person}
    csv = admin.get(f"/api/v1/audit/persons/{person}?format=csv")
    assert csv.status_code == 200 and csv.headers["Content-Type"].startswith("text/csv")
    body = csv.get_data(as_text=True)
    assert body.lstrip("\ufeff").splitlines()[0] == "at,username,what,need_id,detail"  # BOM: for Excel
    assert "ringet op" in body and "lks-home" in body
    assert not [o for o in others if o in body]  # never another person
    assert len(admin_web.audit_rows("access_report", record_id=person)) >= 2


def test_erasure_removes_the_person_and_reports_the_counts(admin_web: Web, client) -> None:  # type: ignore[no-untyped-def]
    need, person = _read_candidates(admin_web, client)
    admin = client("admin")
    response = admin.delete(
        f"/api/v1/persons/{person}", headers={"Origin": ORIGIN}, content_type="application/json"
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["erased"] == 1 and body["derived"]["decisions"] >= 1 and body["audit_entries_redacted"] >= 2
    assert not _held(admin_web, person)
    after = admin.get(f"/api/v1/audit/persons/{person}").get_json()
    assert after["held"] is False and after["decisions"] == []
    assert [e for e in after["entries"] if e["what"] != "access_report"] == []
    again = admin.delete(
        f"/api/v1/persons/{person}", headers={"Origin": ORIGIN}, content_type="application/json"
    )
    assert again.status_code == 404


def test_the_log_keeps_its_retention_and_the_newest_entry_of_each_action(admin_web: Web) -> None:
    service = admin_web.service
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=400)
    with service.engine.begin() as connection:
        for _ in range(3):
            repo.audit(connection, "test_old_action", username="t", now=old)
        repo.audit(connection, "test_recent_action", username="t", now=old + dt.timedelta(days=300))
        version = repo.data_version(connection)
    removed = service.prune_audit_log(username="t")
    assert removed >= 2
    with service.engine.connect() as connection:
        left = connection.execute(
            text("SELECT action, COUNT(*) FROM audit_log WHERE action LIKE 'test_%' GROUP BY action")
        ).all()
        assert dict(left) == {"test_old_action": 1, "test_recent_action": 1}  # the newest of each stays
        assert repo.data_version(connection) == version
    assert admin_web.audit_rows("audit_log.pruned")


@pytest.mark.parametrize(
    ("raw", "ok"), [("183", True), ("1827", True), ("182", False), ("1828", False), ("seks", False)]
)
def test_the_log_retention_setting_is_six_months_to_five_years(raw: str, ok: bool) -> None:
    if ok:
        assert load_settings({"LKSMATCH_AUDIT_RETENTION_DAYS": raw}).audit_retention_days == int(raw)
    else:
        with pytest.raises(UsageError, match="LKSMATCH_AUDIT_RETENTION_DAYS"):
            load_settings({"LKSMATCH_AUDIT_RETENTION_DAYS": raw})
    assert load_settings({}).audit_retention_days == 183
