"""The JSON API /api/v1 driven in-process: every role x route, errors, CSRF, the audit trail."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

ORIGIN = "http://localhost"
ROLES = ("region", "planner", "lks-home", "lks-other", "lks-es", "lks-udd", "admin")
#: The routes that hand out persons: the home LKS's erhvervsservice and uddannelse users are refused
#: (403) where its jobcentre user is let in; elsewhere they are answered as the jobcentre user.
PERSON_ROUTES = (
    "candidates-home",
    "candidates-filtered",
    "decision-home",
    "decision-bad-enum",
    "outcome-home",
    "outcome-bad",
    "shortlist-home",
)

#: (name, method, path template, JSON body template, expected status per user)
MATRIX: list[tuple[str, str, str, dict[str, str] | None, dict[str, int]]] = [
    (
        "areas",
        "GET",
        "/api/v1/areas",
        None,
        {"region": 200, "planner": 200, "lks-home": 200, "lks-other": 200, "admin": 200},
    ),
    (
        "needs-home",
        "GET",
        "/api/v1/needs?lks={home_lks}",
        None,
        {"region": 403, "planner": 403, "lks-home": 200, "lks-other": 403, "admin": 200},
    ),
    (
        "needs-own-default",
        "GET",
        "/api/v1/needs",
        None,
        {"region": 403, "planner": 403, "lks-home": 200, "lks-other": 200, "admin": 400},
    ),
    (
        "needs-unknown-lks",
        "GET",
        "/api/v1/needs?lks=atlantis",
        None,
        {"region": 403, "planner": 403, "lks-home": 404, "lks-other": 404, "admin": 404},
    ),
    (
        "candidates-home",
        "GET",
        "/api/v1/needs/{home_need}/candidates?top=5",
        None,
        {"region": 403, "planner": 403, "lks-home": 200, "lks-other": 403, "admin": 200},
    ),
    (
        "candidates-unknown",
        "GET",
        "/api/v1/needs/NO-SUCH-NEED/candidates",
        None,
        {"region": 403, "planner": 403, "lks-home": 404, "lks-other": 404, "admin": 404},
    ),
    (
        "candidates-bad-top",
        "GET",
        "/api/v1/needs/{home_need}/candidates?top=many",
        None,
        {"region": 400, "planner": 400, "lks-home": 400, "lks-other": 400, "admin": 400},
    ),
    (
        "candidates-filtered",
        "GET",
        "/api/v1/needs/{home_need}/candidates?top=3&filter=within_commute,available",
        None,
        {"region": 403, "planner": 403, "lks-home": 200, "lks-other": 403, "admin": 200},
    ),
    (
        "candidates-bad-filter",
        "GET",
        "/api/v1/needs/{home_need}/candidates?filter=nearby",
        None,
        {"region": 400, "planner": 400, "lks-home": 400, "lks-other": 400, "admin": 400},
    ),
    (
        "waiting-home",
        "GET",
        "/api/v1/lks/{home_lks}/waiting",
        None,
        {"region": 403, "planner": 403, "lks-home": 200, "lks-other": 403, "admin": 200},
    ),
    (
        "decision-home",
        "POST",
        "/api/v1/needs/{home_need}/decisions",
        {"person_id": "{person}", "decision": "contacted", "reason": "test"},
        {"region": 403, "planner": 403, "lks-home": 201, "lks-other": 403, "admin": 201},
    ),
    (
        "decision-bad-enum",
        "POST",
        "/api/v1/needs/{home_need}/decisions",
        {"person_id": "{person}", "decision": "hired", "reason": "test"},
        {"region": 403, "planner": 403, "lks-home": 400, "lks-other": 403, "admin": 400},
    ),
    (
        "decision-unknown-need",
        "POST",
        "/api/v1/needs/NO-SUCH-NEED/decisions",
        {"person_id": "{person}", "decision": "rejected", "reason": "test"},
        {"region": 403, "planner": 403, "lks-home": 404, "lks-other": 404, "admin": 404},
    ),
    (
        "export-csv",
        "GET",
        "/api/v1/export/stats?level=lks&format=csv",
        None,
        {"region": 200, "planner": 200, "lks-home": 403, "lks-other": 403, "admin": 200},
    ),
    (
        "export-geojson",
        "GET",
        "/api/v1/export/stats?level=municipality&format=geojson",
        None,
        {"region": 200, "planner": 200, "lks-home": 403, "lks-other": 403, "admin": 200},
    ),
    (
        "export-xlsx",
        "GET",
        "/api/v1/export/stats?level=lks&format=xlsx",
        None,
        {"region": 200, "planner": 200, "lks-home": 403, "lks-other": 403, "admin": 200},
    ),
    (
        "export-bad-format",
        "GET",
        "/api/v1/export/stats?level=lks&format=exe",
        None,
        {"region": 400, "planner": 400, "lks-home": 400, "lks-other": 400, "admin": 400},
    ),
]

WORKSPACE_MATRIX: list[tuple[str, str, str, dict[str, str] | None, dict[str, int]]] = [
    (
        "companies-home",
        "GET",
        "/api/v1/companies?lks={home_lks}",
        None,
        {"region": 403, "planner": 403, "lks-home": 200, "lks-other": 403, "admin": 200},
    ),
    (
        "companies-search",
        "GET",
        "/api/v1/companies?q=a",
        None,
        {"region": 403, "planner": 403, "lks-home": 200, "lks-other": 200, "admin": 400},
    ),
    (
        "company-home",
        "GET",
        "/api/v1/companies/{home_cvr}",
        None,
        {"region": 403, "planner": 403, "lks-home": 200, "lks-other": 403, "admin": 200},
    ),
    (
        "company-unknown",
        "GET",
        "/api/v1/companies/99999999",
        None,
        {"region": 403, "planner": 403, "lks-home": 404, "lks-other": 404, "admin": 404},
    ),
    (
        "visits-home",
        "GET",
        "/api/v1/companies/{home_cvr}/visits",
        None,
        {"region": 403, "planner": 403, "lks-home": 200, "lks-other": 403, "admin": 200},
    ),
    (
        "visit-new",
        "POST",
        "/api/v1/companies/{home_cvr}/visits",
        {"date": "2026-11-02", "systems": "erhvervsservice;jobcenter", "kind": "fysisk"},
        {"region": 403, "planner": 403, "lks-home": 201, "lks-other": 403, "admin": 201},
    ),
    (
        "visit-bad",
        "POST",
        "/api/v1/companies/{home_cvr}/visits",
        {"date": "2026-11-02", "systems": "skolen"},
        {"region": 403, "planner": 403, "lks-home": 400, "lks-other": 403, "admin": 400},
    ),
    (
        "need-new",
        "POST",
        "/api/v1/needs",
        {"cvr": "{home_cvr}", "occupation": "7212", "title": "Smed"},
        {"region": 403, "planner": 403, "lks-home": 201, "lks-other": 403, "admin": 201},
    ),
    (
        "need-bad",
        "POST",
        "/api/v1/needs",
        {"cvr": "{home_cvr}", "occupation": "7212", "count": "0"},
        {"region": 403, "planner": 403, "lks-home": 400, "lks-other": 403, "admin": 400},
    ),
    (
        "need-change",
        "PATCH",
        "/api/v1/needs/{home_need}",
        {"title": "Smed (rettet)"},
        {"region": 403, "planner": 403, "lks-home": 200, "lks-other": 403, "admin": 200},
    ),
    (
        "need-change-unknown",
        "PATCH",
        "/api/v1/needs/NO-SUCH-NEED",
        {"title": "x"},
        {"region": 403, "planner": 403, "lks-home": 404, "lks-other": 404, "admin": 404},
    ),
    (
        "history-home",
        "GET",
        "/api/v1/needs/{home_need}/decisions",
        None,
        {"region": 403, "planner": 403, "lks-home": 200, "lks-other": 403, "admin": 200},
    ),
    (
        "outcome-home",
        "POST",
        "/api/v1/needs/{home_need}/outcomes",
        {"person_id": "{person}", "outcome": "interviewed"},
        {"region": 403, "planner": 403, "lks-home": 201, "lks-other": 403, "admin": 201},
    ),
    (
        "outcome-bad",
        "POST",
        "/api/v1/needs/{home_need}/outcomes",
        {"person_id": "{person}", "outcome": "promoted"},
        {"region": 403, "planner": 403, "lks-home": 400, "lks-other": 403, "admin": 400},
    ),
    (
        "offers-home",
        "GET",
        "/api/v1/needs/{home_need}/offers?top=3",
        None,
        {"region": 403, "planner": 403, "lks-home": 200, "lks-other": 403, "admin": 200},
    ),
    (
        "enrolments-home",
        "GET",
        "/api/v1/needs/{home_need}/enrolments",
        None,
        {"region": 403, "planner": 403, "lks-home": 200, "lks-other": 403, "admin": 200},
    ),
    (
        "enrol-bad",
        "POST",
        "/api/v1/needs/{home_need}/enrolments",
        {"offer_id": "NO-SUCH", "staff": "1"},
        {"region": 403, "planner": 403, "lks-home": 400, "lks-other": 403, "admin": 400},
    ),
    (
        "shortlist-home",
        "GET",
        "/api/v1/lks/{home_lks}/shortlist?top=3",
        None,
        {"region": 403, "planner": 403, "lks-home": 200, "lks-other": 403, "admin": 200},
    ),
    (
        "shortlist-unknown",
        "GET",
        "/api/v1/lks/atlantis/shortlist",
        None,
        {"region": 403, "planner": 403, "lks-home": 404, "lks-other": 404, "admin": 404},
    ),
    (
        "follow-ups",
        "GET",
        "/api/v1/follow-ups",
        None,
        {"region": 403, "planner": 403, "lks-home": 200, "lks-other": 200, "admin": 400},
    ),
    (
        "occupations",
        "GET",
        "/api/v1/occupations?q=svejser&top=3",
        None,
        {"region": 200, "planner": 200, "lks-home": 200, "lks-other": 200, "admin": 200},
    ),
    (
        "occupations-empty",
        "GET",
        "/api/v1/occupations?q=",
        None,
        {"region": 400, "planner": 400, "lks-home": 400, "lks-other": 400, "admin": 400},
    ),
]
MATRIX += WORKSPACE_MATRIX
for _name, _method, _path, _body, _expected in MATRIX:  # the two other systems of the home LKS team
    for _system_user in ("lks-es", "lks-udd"):
        _expected.setdefault(_system_user, 403 if _name in PERSON_ROUTES else _expected["lks-home"])
CASES = [
    pytest.param(name, method, path, body, user, expected[user], id=f"{name}-{user}")
    for name, method, path, body, expected in MATRIX
    for user in ROLES
]


#: How many candidates the ``clients`` fixture shows lks-home and admin for the home need.
SHOWN_TOP = 5


def _shown(web: Any) -> list[str]:
    """The candidates of the home need as the ``clients`` fixture was shown them (same ranking)."""
    return [str(p) for p in web.service.candidates_for_need(web.home_need, top=SHOWN_TOP)["person_id"]]


def _never_shown(web: Any) -> str:
    """A job seeker who is not among the home need's candidates at any ``top`` a caller may ask for."""
    ranked = set(web.service.candidates_for_need(web.home_need, top=100)["person_id"].astype(str))
    return sorted(web.person_ids - ranked)[0]


def _fill(template: str, web: Any) -> str:
    return template.format(
        home_lks=web.home_lks,
        other_lks=web.other_lks,
        home_need=web.home_need,
        other_need=web.other_need,
        home_cvr=web.home_cvr,
        person=_shown(web)[0],
    )


def _call(client: FlaskClient, web: Any, method: str, path: str, body: dict[str, str] | None) -> Any:
    url = _fill(path, web)
    if method == "GET":
        return client.get(url)
    payload = {k: _fill(v, web) for k, v in (body or {}).items()}
    send = client.patch if method == "PATCH" else client.post
    return send(url, json=payload, headers={"Origin": ORIGIN})


@pytest.fixture(scope="module")
def clients(web: Any) -> dict[str | None, FlaskClient]:
    """One logged-in client per standing user (module-wide: building sessions costs argon2 time)."""
    made: dict[str | None, FlaskClient] = {None: web.app.server.test_client()}
    for user in ROLES:
        client = web.app.server.test_client()
        assert web.login(client, user) == 200
        made[user] = client
    for user in ("lks-home", "admin"):  # a decision needs the person shown first, as in the workspace
        shown = made[user].get(f"/api/v1/needs/{web.home_need}/candidates?top={SHOWN_TOP}")
        assert [c["person_id"] for c in shown.get_json()["candidates"]] == _shown(web)
    return made


@pytest.mark.parametrize(("name", "method", "path", "body", "user", "expected"), CASES)
def test_role_route_matrix(
    web: Any,
    clients: dict[str | None, FlaskClient],
    name: str,
    method: str,
    path: str,
    body: dict[str, str] | None,
    user: str,
    expected: int,
) -> None:
    response = _call(clients[user], web, method, path, body)
    assert response.status_code == expected, response.get_data(as_text=True)[:500]
    if expected >= 400:
        assert response.mimetype == "application/json"
        assert isinstance(response.get_json()["error"], str)


@pytest.mark.parametrize(("name", "method", "path", "body"), [(m[0], m[1], m[2], m[3]) for m in MATRIX])
def test_every_route_needs_a_session(
    web: Any,
    clients: dict[str | None, FlaskClient],
    name: str,
    method: str,
    path: str,
    body: dict[str, str] | None,
) -> None:
    response = _call(clients[None], web, method, path, body)
    assert response.status_code == 401
    assert response.get_json() == {"error": "please log in"}


def test_needs_list_is_own_lks_with_company_names(web: Any, clients: dict[str | None, FlaskClient]) -> None:
    needs = clients["lks-home"].get("/api/v1/needs").get_json()["needs"]
    assert needs and {n["lks_id"] for n in needs} == {web.home_lks}
    assert all(n["company_name"] for n in needs)


def test_areas_are_the_15_lks(clients: dict[str | None, FlaskClient]) -> None:
    areas = clients["region"].get("/api/v1/areas").get_json()["areas"]
    assert len(areas) == 15
    assert all(a["area_name"] and a["level"] == "lks" for a in areas)


def test_forged_cross_lks_need_is_refused_and_logged(
    web: Any, clients: dict[str | None, FlaskClient]
) -> None:
    before = len(web.audit_rows("forbidden", username="lks-home", record_id=web.other_need))
    response = clients["lks-home"].get(f"/api/v1/needs/{web.other_need}/candidates")
    assert response.status_code == 403
    assert "error" in response.get_json()
    assert web.other_need not in response.get_data(as_text=True).replace(f"/{web.other_need}/", "")
    rows = web.audit_rows("forbidden", username="lks-home", record_id=web.other_need)
    assert len(rows) == before + 1
    assert rows[-1]["record_kind"] == "need"
    forged = clients["lks-home"].post(
        f"/api/v1/needs/{web.other_need}/decisions",
        headers={"Origin": ORIGIN},
        json={"person_id": sorted(web.person_ids)[0], "decision": "accepted"},
    )
    assert forged.status_code == 403
    assert len(web.audit_rows("forbidden", username="lks-home", record_id=web.other_need)) == before + 2


def test_each_candidate_read_is_audited(web: Any, clients: dict[str | None, FlaskClient]) -> None:
    response = clients["lks-home"].get(f"/api/v1/needs/{web.home_need}/candidates?top=3")
    assert response.status_code == 200
    candidates = response.get_json()["candidates"]
    assert 0 < len(candidates) <= 3
    for candidate in candidates:
        assert candidate["person_id"] in web.person_ids
        assert not {"gender", "birth_year", "lat", "lon"} & set(candidate)
        rows = web.audit_rows(
            "read_candidate", username="lks-home", record_kind="person", record_id=candidate["person_id"]
        )
        assert rows and web.home_need in str(rows[-1]["detail"])
        assert "match workspace" in str(rows[-1]["detail"])


def test_decision_is_recorded(web: Any, clients: dict[str | None, FlaskClient]) -> None:
    person = _shown(web)[1]
    response = clients["lks-home"].post(
        f"/api/v1/needs/{web.home_need}/decisions",
        headers={"Origin": ORIGIN},
        json={"person_id": person, "decision": "accepted", "reason": "passer godt"},
    )
    assert response.status_code == 201
    assert response.get_json()["decision"] == "accepted"
    assert web.audit_rows("decision", username="lks-home", record_id=person)


def _decision_count(web: Any) -> int:
    from sqlalchemy import text

    with web.service.engine.connect() as connection:
        return int(connection.execute(text("SELECT COUNT(*) FROM decisions")).scalar_one())


def test_decision_for_a_person_never_shown_is_refused_like_an_unknown_one(
    web: Any, clients: dict[str | None, FlaskClient]
) -> None:
    before = _decision_count(web)
    answers = {}
    for person in (_never_shown(web), "NOBODY"):
        response = clients["lks-home"].post(
            f"/api/v1/needs/{web.home_need}/decisions",
            headers={"Origin": ORIGIN},
            json={"person_id": person, "decision": "accepted"},
        )
        answers[person] = (response.status_code, response.get_json())
        rows = web.audit_rows("forbidden", username="lks-home", record_kind="person", record_id=person)
        assert rows and web.home_need in str(rows[-1]["detail"])
    (status, body), (unknown_status, unknown_body) = answers.values()
    assert status == unknown_status == 403
    assert body == unknown_body and "shown to you or your LKS team" in body["error"]
    assert _decision_count(web) == before


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [*map(str, value.keys()), *(s for v in value.values() for s in _strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [str(value)]


def test_region_never_receives_a_person(web: Any, clients: dict[str | None, FlaskClient]) -> None:
    client = clients["region"]
    bodies = [_call(client, web, method, path, body) for _, method, path, body, _ in MATRIX]
    bodies.append(client.get(f"/api/v1/needs/{web.other_need}/candidates"))
    bodies.append(client.get("/api/v1/needs?lks=" + web.other_lks))
    for response in bodies:
        text = (
            response.get_data(as_text=True)
            if response.mimetype != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            else ""
        )
        if response.mimetype in ("application/json", "application/geo+json"):
            strings = _strings(json.loads(text))
            assert "person_id" not in strings
            assert not web.person_ids.intersection(strings)
        assert "person_id" not in text
        assert not any(person in text for person in web.person_ids)


@pytest.mark.parametrize("headers", [{}, {"Origin": "https://evil.example"}, {"Origin": "null"}])
def test_api_post_without_same_origin_is_refused(
    web: Any, clients: dict[str | None, FlaskClient], headers: dict[str, str]
) -> None:
    response = clients["lks-home"].post(
        f"/api/v1/needs/{web.home_need}/decisions",
        headers=headers,
        json={"person_id": sorted(web.person_ids)[0], "decision": "accepted"},
    )
    assert response.status_code == 403
    assert "Origin" in response.get_json()["error"]


def test_api_post_must_be_json(web: Any, clients: dict[str | None, FlaskClient]) -> None:
    form = clients["lks-home"].post(
        f"/api/v1/needs/{web.home_need}/decisions",
        headers={"Origin": ORIGIN},
        data={"person_id": sorted(web.person_ids)[0], "decision": "accepted"},
    )
    assert form.status_code == 400
    assert "application/json" in form.get_json()["error"]
    plain = clients["lks-home"].post(
        "/api/v1/login",
        headers={"Origin": ORIGIN, "Content-Type": "text/plain"},
        data='{"username": "admin", "password": "korrekt-hest-batteri"}',
    )
    assert plain.status_code == 400


def test_malformed_json_body_is_400(web: Any, clients: dict[str | None, FlaskClient]) -> None:
    response = clients["lks-home"].post(
        f"/api/v1/needs/{web.home_need}/decisions",
        headers={"Origin": ORIGIN, "Content-Type": "application/json"},
        data="[1, 2",
    )
    assert response.status_code == 400
    assert "error" in response.get_json()


def test_unknown_api_route_is_json_404(clients: dict[str | None, FlaskClient]) -> None:
    response = clients["admin"].get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert "error" in response.get_json()


def test_export_is_a_download(clients: dict[str | None, FlaskClient]) -> None:
    response = clients["planner"].get("/api/v1/export/stats?level=municipality&format=csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # once, not twice
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.get_data(as_text=True).count("\n") >= 20


def test_api_responses_are_not_cached(clients: dict[str | None, FlaskClient]) -> None:
    response = clients["admin"].get("/api/v1/areas")
    assert response.headers["Cache-Control"] == "no-store"


def test_client_for_gives_fresh_sessions(client_for: Callable[[str | None], FlaskClient]) -> None:
    assert client_for("planner").get("/api/v1/areas").status_code == 200
    assert client_for(None).get("/api/v1/areas").status_code == 401


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("lks-home", 200),
        ("admin", 400),
        ("region", 403),
        ("planner", 403),
        (None, 401),
    ],
)
def test_list_export_is_for_lks_teams_only(
    clients: dict[str | None, FlaskClient], user: str | None, expected: int
) -> None:
    response = clients[user].get("/api/v1/export/lists?kind=needs&format=csv")
    assert response.status_code == expected  # admin must name the LKS: 400 without it


def test_list_export_of_own_lks_is_injection_safe_and_never_people(
    web: Any, clients: dict[str | None, FlaskClient]
) -> None:
    response = clients["lks-home"].get("/api/v1/export/lists?kind=companies&format=csv")
    assert response.status_code == 200
    body = response.data.decode("utf-8-sig")
    assert "person_id" not in body
    rows = body.splitlines()
    assert len(rows) > 1 and "cvr" in rows[0]
    assert not any(line.startswith(("=", "+", "@")) for line in rows)
    other = clients["lks-home"].get(f"/api/v1/export/lists?kind=needs&format=csv&lks={web.other_lks}")
    assert other.status_code == 403
    assert clients["lks-home"].get("/api/v1/export/lists?kind=jobseekers").status_code == 400


def test_the_waiting_list_names_people_for_the_jobcentre_only(
    web: Any, clients: dict[str | None, FlaskClient]
) -> None:
    import datetime as dt

    from sqlalchemy import text

    from lksmatch import auth
    from lksmatch.access import SecureService
    from store import waiting

    # a contact three weeks old with no next step (the waiting list has one whatever ran before)
    team = SecureService(web.service, auth.Principal("lks-home", "lks", web.home_lks, "jobcenter"))
    person = str(team.candidates(web.home_need, top=SHOWN_TOP)["person_id"].iloc[-1])
    team.record_decision(web.home_need, person, "contacted", "ringet op")
    old = dt.datetime.combine(web.service.today() - dt.timedelta(days=21), dt.time(9), dt.UTC)
    with web.service.engine.begin() as connection:
        waiting.set_decision_time(connection, web.home_need, person, "contacted", old)
        # still open, whatever the other tests recorded on it (a filled need waits for no one)
        connection.execute(
            text("UPDATE needs SET status = 'open', deadline = NULL WHERE need_id = :n"), {"n": web.home_need}
        )
    jobcentre = clients["lks-home"].get(f"/api/v1/lks/{web.home_lks}/waiting").get_json()
    business = clients["lks-es"].get(f"/api/v1/lks/{web.home_lks}/waiting").get_json()
    assert set(jobcentre) == set(business) == {"lks_id", "overdue_needs", "waiting_contacts"}
    mine = [r for r in jobcentre["waiting_contacts"] if r["need_id"] == web.home_need]
    assert person in {r["person_id"] for r in mine} and all(r["days"] > 14 for r in mine)
    counted = [r for r in business["waiting_contacts"] if r["need_id"] == web.home_need]
    assert counted and counted[0]["n"] == len(mine) and "person_id" not in counted[0]
    assert person not in json.dumps(business)
    overdue = [r["need_id"] for r in jobcentre["overdue_needs"]]
    assert overdue == [r["need_id"] for r in business["overdue_needs"]]
