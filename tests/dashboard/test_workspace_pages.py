"""The workspace pages' callbacks in-process: the company list, a company's page, the two forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from dashboard import ids
from dashboard.i18n import format_number, from_iso, to_iso

from .conftest import Web
from .test_ui_callbacks import call, texts

Client = Callable[[str | None], FlaskClient]
#: The app under test (set by the autouse fixture: the need form's callback is found in its map).
APP: list[Any] = []


@pytest.fixture(autouse=True)
def _app(web: Web) -> None:
    APP[:] = [web.app]


V = {name: ids.visit_field(name) for name in ids.VISIT_FIELDS}
N = {name: ids.need_field(name) for name in ids.NEED_FIELDS}
LIST_OUTPUTS_ALL = [
    (ids.COMPANIES_TABLE, "children"),
    (ids.COMPANIES_COUNT, "children"),
    (ids.COMPANIES_FOLLOW_UPS, "children"),
    (ids.COMPANIES_WAITING, "children"),
    (ids.COMPANIES_HEADING, "children"),
    (ids.COMPANIES_MESSAGE, "children"),
    (ids.COMPANIES_PREV, "disabled"),
    (ids.COMPANIES_NEXT, "disabled"),
]
PAGE_OUTPUTS = [
    (ids.COMPANY_HEADING, "children"),
    (ids.COMPANY_PROFILE, "children"),
    (ids.COMPANY_MAP, "children"),
    (ids.COMPANY_VISITS, "children"),
    (ids.COMPANY_NEEDS, "children"),
    (N["visit_id"], "options"),
    (ids.COMPANY_MESSAGE, "children"),
]
VISIT_OUTPUTS = [
    (ids.VISIT_STATUS, "children"),
    *[(ids.error_of(V[f]), "children") for f in ids.VISIT_FIELDS],
    (ids.COMPANY_REFRESH, "data"),
    (V["topics"], "value"),
    (V["note"], "value"),
    (V["follow_up"], "value"),
]
NEED_OUTPUTS = [
    (ids.NEED_STATUS_MESSAGE, "children"),
    *[(ids.error_of(N[f]), "children") for f in ids.NEED_FIELDS],
    (ids.COMPANY_REFRESH, "data"),
    (ids.NEED_EDITING, "data"),
    (ids.NEED_HEADING, "children"),
]


def company_list(
    client: FlaskClient,
    lks_id: str,
    query: str = "",
    only: list[str] | None = None,
    page: int = 0,
    sort: str = "name",
) -> Any:
    inputs = [(ids.COMPANIES_LKS, "value", lks_id), (ids.COMPANIES_PAGE, "data", page)]
    state = [
        (ids.COMPANIES_SEARCH, "value", query),
        (ids.COMPANIES_ONLY_OPEN, "value", only or []),
        (ids.COMPANIES_SORT, "value", sort),
    ]
    return call(client, LIST_OUTPUTS_ALL, inputs, state)


def company_page(client: FlaskClient, cvr: str) -> Any:
    return call(client, PAGE_OUTPUTS, [(ids.COMPANY_CVR, "data", cvr), (ids.COMPANY_REFRESH, "data", 0)])


def save_visit(client: FlaskClient, cvr: str, **fields: Any) -> Any:
    state = [
        (ids.COMPANY_CVR, "data", cvr),
        (ids.COMPANY_REFRESH, "data", 0),
        *[(V[f], "value", fields.get(f)) for f in ids.VISIT_FIELDS],
    ]
    return call(client, VISIT_OUTPUTS, [(ids.VISIT_SAVE, "n_clicks", 1)], state)


def dup_call(client: FlaskClient, app: Any, outputs: list[tuple[str, str]], inputs: Any, state: Any) -> Any:
    """:func:`call` for a callback whose outputs are ``allow_duplicate`` (Dash suffixes them ``@hash``)."""
    import json

    wanted = [f"{i}.{p}" for i, p in outputs]
    key = next(k for k in app.callback_map if [o.split("@")[0] for o in k.strip(".").split("...")] == wanted)
    parts = [o.rsplit(".", 1) for o in key.strip(".").split("...")]
    payload = {
        "output": key,
        "outputs": [{"id": i, "property": p} for i, p in parts],
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "state": [
            {"id": i, "property": p, "value": v} for i, p, v in [*state, (ids.SHELL_LANG, "value", "da")]
        ],
        "changedPropIds": [f"{i}.{p}" for i, p, _ in inputs],
    }
    response = client.post(
        "/_dash-update-component", data=json.dumps(payload), content_type="application/json"
    )
    body = response.get_json(silent=True) or {}
    found = {
        cid: {prop.split("@")[0]: v for prop, v in props.items()}
        for cid, props in body.get("response", {}).items()
    }
    return response.status_code, found


def save_need(client: FlaskClient, cvr: str, editing: str | None = None, **fields: Any) -> Any:
    state = [
        (ids.COMPANY_CVR, "data", cvr),
        (ids.NEED_EDITING, "data", editing),
        (ids.COMPANY_REFRESH, "data", 0),
        *[(N[f], "value", fields.get(f)) for f in ids.NEED_FIELDS],
    ]
    return dup_call(client, APP[0], NEED_OUTPUTS, [(ids.NEED_SAVE, "n_clicks", 1)], state)


@pytest.mark.parametrize("user", ["lks-home", "lks-es", "lks-udd", "admin"])
def test_the_company_list_of_the_own_lks(web: Web, client_for: Client, user: str) -> None:
    status, result = company_list(client_for(user), web.home_lks)
    assert status == 200
    table = result[ids.COMPANIES_TABLE]["children"]
    assert web.home_cvr in texts(table)
    assert result[ids.COMPANIES_HEADING]["children"].startswith("Virksomheder i ")
    assert result[ids.COMPANIES_MESSAGE]["children"] is None
    waiting = texts(result[ids.COMPANIES_WAITING]["children"])
    shown = " ".join(waiting)
    assert waiting and not any(p in shown for p in web.person_ids if user in ("lks-es", "lks-udd"))
    searched = company_list(client_for(user), web.home_lks, web.home_cvr)[1]
    assert texts(searched[ids.COMPANIES_COUNT]["children"]) == ["Viser 1–1 af 1 virksomheder"]
    assert searched[ids.COMPANIES_PREV]["disabled"] and searched[ids.COMPANIES_NEXT]["disabled"]


def test_the_company_list_pages_and_sorts(web: Web, client_for: Client) -> None:
    client = client_for("lks-es")
    first = company_list(client, web.home_lks)[1]
    total = int(texts(first[ids.COMPANIES_COUNT]["children"])[0].split(" af ")[1].split()[0].replace(".", ""))
    if total <= 25:
        pytest.skip(
            "the demo LKS has one page of companies"
        )  # pragma: no cover - the scale-0.05 demo has more
    assert first[ids.COMPANIES_PREV]["disabled"] and not first[ids.COMPANIES_NEXT]["disabled"]
    second = company_list(client, web.home_lks, page=1)[1]
    assert texts(second[ids.COMPANIES_COUNT]["children"])[0].startswith("Viser 26–")
    assert not set(texts(first[ids.COMPANIES_TABLE]["children"])) & set(
        t for t in texts(second[ids.COMPANIES_TABLE]["children"]) if t.isdigit() and len(t) == 8
    )
    by_needs = company_list(client, web.home_lks, sort="needs_open")[1]
    rows = by_needs[ids.COMPANIES_TABLE]["children"]["props"]["children"][1]["props"]["children"]
    open_counts = [int(texts(r["props"]["children"][3])[0]) for r in rows]
    assert open_counts == sorted(open_counts, reverse=True)


@pytest.mark.parametrize("user", ["lks-other", "region", "planner"])
def test_the_company_list_of_another_lks_is_refused(web: Web, client_for: Client, user: str) -> None:
    status, result = company_list(client_for(user), web.home_lks)
    assert status == 200
    assert texts(result[ids.COMPANIES_MESSAGE]["children"]) == ["Ingen adgang"]
    assert result[ids.COMPANIES_TABLE]["children"] is None


def test_a_company_page_shows_profile_visits_and_needs_without_persons(web: Web, client_for: Client) -> None:
    status, result = company_page(client_for("lks-es"), web.home_cvr)
    assert status == 200
    page = str(result)
    assert web.home_cvr in texts(result[ids.COMPANY_PROFILE]["children"])
    assert web.home_need in " ".join(texts(result[ids.COMPANY_NEEDS]["children"]))
    assert not any(person in page for person in web.person_ids)
    assert "Se kandidater" not in texts(result[ids.COMPANY_NEEDS]["children"])  # erhvervsservice: no persons
    jobcentre = company_page(client_for("lks-home"), web.home_cvr)[1]
    assert "Se kandidater" in texts(jobcentre[ids.COMPANY_NEEDS]["children"])
    refused = company_page(client_for("lks-other"), web.home_cvr)[1]
    assert texts(refused[ids.COMPANY_MESSAGE]["children"]) == ["Ingen adgang"]
    assert refused[ids.COMPANY_NEEDS]["children"] is None


def test_a_refused_visit_names_its_fields_in_danish_and_keeps_what_was_typed(
    web: Web, client_for: Client
) -> None:
    status, result = save_visit(
        client_for("lks-es"),
        web.home_cvr,
        date="1. december",
        systems=[],
        note="Ring til 010190-1234",
        topics="vækst",
    )
    assert status == 200
    errors = {f: result[ids.error_of(V[f])]["children"] for f in ids.VISIT_FIELDS}
    assert "skal være en dato" in errors["date"]
    assert errors["systems"] == "Deltog: skal udfyldes"
    assert "CPR" in errors["note"] and "010190" not in str(result)
    assert errors["kind"] is None
    assert ids.COMPANY_REFRESH not in result and V["note"] not in result  # nothing saved, nothing cleared
    assert texts(result[ids.VISIT_STATUS]["children"])[0] == "Ret venligst:"


def test_a_saved_visit_says_so_and_shows_on_the_page(web: Web, client_for: Client) -> None:
    client = client_for("lks-udd")
    status, result = save_visit(
        client,
        web.home_cvr,
        date="01-12-2026",
        systems=["uddannelse", "jobcenter"],
        kind="virtuelt",
        topics="lærlinge",
        note="Vil tage to lærlinge.",
    )
    assert status == 200
    assert texts(result[ids.VISIT_STATUS]["children"]) == ["Besøget er gemt."]
    assert result[ids.COMPANY_REFRESH]["data"] == 1 and result[V["note"]]["value"] == ""
    page = company_page(client, web.home_cvr)[1]
    shown = texts(page[ids.COMPANY_VISITS]["children"])
    assert "Vil tage to lærlinge." in shown and "Sambesøg" in shown and "1. dec. 2026" in shown


def test_a_need_typed_on_the_page_is_saved_or_its_problems_named(web: Web, client_for: Client) -> None:
    client = client_for("lks-es")
    status, refused = save_need(
        client,
        web.home_cvr,
        title="",
        occupation=None,
        count=0,
        kind="hire",
        project="",
        deadline="31-02-2027",
    )
    assert status == 200
    assert "skal udfyldes" in refused[ids.error_of(N["occupation"])]["children"]
    assert "helt tal" in refused[ids.error_of(N["count"])]["children"]
    assert "dato" in refused[ids.error_of(N["deadline"])]["children"]
    assert ids.NEED_EDITING not in refused
    status, saved = save_need(
        client,
        web.home_cvr,
        title="Svejser",
        occupation="__as_typed__",
        count=2,
        kind="hire",
        project="",
        skills="svejsning;MIG",
        deadline="01-06-2027",
    )
    message = texts(saved[ids.NEED_STATUS_MESSAGE]["children"])[0]
    need_id = saved[ids.NEED_EDITING]["data"]
    assert need_id and message == f"Behovet {need_id} er gemt."
    stored = web.service.need(need_id)
    assert (stored["occupation"], stored["title"], stored["count"], str(stored["deadline"])) == (
        "Svejser",
        "Svejser",
        2,
        "2027-06-01",
    )
    status, edited = save_need(
        client,
        web.home_cvr,
        need_id,
        title="Svejser",
        occupation="__as_typed__",
        count=2,
        kind="hire",
        project="",
        status="cancelled",
    )
    assert texts(edited[ids.NEED_STATUS_MESSAGE]["children"]) == [f"Behovet {need_id} er gemt."]
    assert web.service.need(need_id)["status"] == "cancelled"


def test_occupations_are_suggested_for_a_typed_title(web: Web, client_for: Client) -> None:
    outputs = [(N["occupation"], "options"), (N["occupation"], "value")]
    status, result = call(
        client_for("lks-es"), outputs, [(N["title"], "value", "svejser")], [(N["occupation"], "value", None)]
    )
    assert status == 200
    options = result[N["occupation"]]["options"]
    assert len(options) >= 2 and options[-1]["value"] == "__as_typed__"
    assert options[0]["value"].startswith("http") and result[N["occupation"]]["value"] == options[0]["value"]


@pytest.mark.parametrize(
    ("typed", "iso"),
    [
        ("2-12-2026", "2026-12-02"),
        ("02.12.2026", "2026-12-02"),
        ("2026-12-02", "2026-12-02"),
        ("i morgen", "i morgen"),
    ],
)
def test_dates_are_typed_the_danish_way(typed: str, iso: str) -> None:
    assert to_iso(typed) == iso
    assert from_iso("2026-12-02") == "02-12-2026"


def test_a_vaekst_company_shows_its_staff_upskilled_against_its_employees(
    web: Web, client_for: Client
) -> None:
    from store import repo

    service = web.service
    with service.engine.connect() as connection:
        companies = repo.load(connection, "companies", lks_id=web.home_lks).set_index("cvr")
    growth = companies[(companies["growth_company"] == True) & companies["employees"].notna()]  # noqa: E712
    cvr = str(growth.index[0])
    client = client_for("lks-es")
    saved = save_need(
        client,
        cvr,
        title="Opkvalificering i CNC",
        occupation="__as_typed__",
        count=3,
        kind="upskill",
        project="vaekst",
        skills="CNC",
    )[1]
    need_id = saved[ids.NEED_EDITING]["data"]
    assert need_id, saved
    with service.engine.begin() as connection:  # a course and three of the company's staff on it
        from sqlalchemy import text as sql

        connection.execute(
            sql("INSERT INTO offers (offer_id, provider, title, seats) VALUES ('O-V', 'AMU', 'CNC', 9)")
        )
    from lksmatch import auth
    from lksmatch.access import SecureService

    SecureService(service, auth.Principal("lks-es", "lks", web.home_lks, "erhvervsservice")).enrol(
        need_id, {"offer_id": "O-V", "staff": 3}
    )
    profile = texts(company_page(client, cvr)[1][ids.COMPANY_PROFILE]["children"])
    employees = int(companies.loc[cvr, "employees"])
    assert f"Opkvalificeret i programmet: 3 af {format_number(employees)} ansatte" in profile
