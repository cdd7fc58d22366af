"""Every callback of the administration pages refuses anyone but an admin, and logs the attempt.

The callbacks are found in the app's callback map (every output id starting ``admin-``), so a new
administration page's callback is checked without being listed here. Each is posted as Dash's
renderer would post it, with inputs that get past the callback's own checks (a click, a pseudonym
typed twice, an upload's answer), by a user of every other role.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from dashboard import ids
from dashboard.pages import admin_log

ORIGIN = "http://localhost"
PERSON = "P-000001"
#: Component ids whose ``data`` is not an upload's answer.
DATA = {admin_log.REPORT_SHOWN: PERSON, admin_log.OFFSET: 0, admin_log.INIT: True}
ANSWER = {
    "status": 422,
    "kind": "jobseekers",
    "name": "x.csv",
    "body": {"ok": False, "problems": [{"line": 2, "column": "person_id", "rule": "r", "value": None}]},
}


def _value(component: str, prop: str) -> Any:
    if component == ids.SHELL_LANG:
        return "da"
    if prop in ("n_clicks", "n_intervals", "n_submit"):
        return 1
    if prop == "data":
        return DATA.get(component, ANSWER)
    if prop in ("value", "search"):
        return PERSON
    if prop == "pathname":
        return "/admin"
    return None


def admin_callbacks(app: Any) -> list[str]:
    """The server callbacks whose outputs are on the administration pages."""
    found = []
    for key, spec in app.callback_map.items():
        outputs = [o for o in key.strip(".").split("...") if o]
        if all(o.split(".")[0].startswith("admin-") for o in outputs) and "callback" in spec:
            found.append(key)
    return sorted(found)


def _body(app: Any, key: str) -> dict[str, Any]:
    spec = app.callback_map[key]
    outputs = []
    for text in [o for o in key.strip(".").split("...") if o]:
        component, prop = text.split(".", 1)
        outputs.append({"id": component, "property": prop.split("@")[0]})
    inputs = [{**i, "value": _value(i["id"], i["property"])} for i in spec["inputs"]]
    state = [{**s, "value": _value(s["id"], s["property"])} for s in spec.get("state", [])]
    return {
        "output": key,
        "outputs": outputs if len(outputs) > 1 or key.startswith("..") else outputs[0],
        "inputs": inputs,
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
        "state": state,
    }


def test_the_administration_has_callbacks(web: Any) -> None:
    keys = admin_callbacks(web.app)
    assert any(admin_log.ERASED in k for k in keys) and any(admin_log.DOWNLOAD in k for k in keys)
    assert len(keys) >= 6


@pytest.mark.parametrize("user", ["region", "planner", "lks-home", "lks-es"])
def test_every_administration_callback_refuses_and_logs(
    web: Any, client_for: Callable[[str | None], FlaskClient], user: str
) -> None:
    client = client_for(user)
    silent = []
    for key in admin_callbacks(web.app):
        before = len(web.audit_rows("forbidden", username=user))
        response = client.post(
            "/_dash-update-component", json=_body(web.app, key), headers={"Origin": ORIGIN}
        )
        assert response.status_code in (200, 204), (
            key,
            response.status_code,
            response.get_data(as_text=True)[:200],
        )
        body = response.get_data(as_text=True)
        assert not [p for p in web.person_ids if p in body], key
        if len(web.audit_rows("forbidden", username=user)) != before + 1:
            silent.append(key)
    assert not silent, f"these callbacks did not refuse (and log) {user}: {silent}"


def test_an_admin_gets_the_report_and_an_erasure_needs_the_pseudonym_twice(
    web: Any, client_for: Callable[[str | None], FlaskClient]
) -> None:
    client = client_for("admin")
    person = sorted(web.person_ids)[0]
    report = next(k for k in admin_callbacks(web.app) if f"{admin_log.REPORT}.children" in k)
    body = _body(web.app, report)
    body["state"] = [
        {**s, "value": person} if s["id"] == admin_log.REPORT_PERSON else s for s in body["state"]
    ]
    answer = client.post("/_dash-update-component", json=body, headers={"Origin": ORIGIN})
    assert answer.status_code == 200 and f"Indsigtsrapport for {person}" in answer.get_data(as_text=True)
    erase = next(k for k in admin_callbacks(web.app) if f"{admin_log.ERASED}.children" in k and "hidden" in k)
    body = _body(web.app, erase)
    body["state"] = [
        {**s, "value": person} if s["id"] == admin_log.REPORT_SHOWN else
        {**s, "value": person + "x"} if s["id"] == admin_log.ERASE_CONFIRM else s
        for s in body["state"]
    ]  # fmt: skip
    refused = client.post("/_dash-update-component", json=body, headers={"Origin": ORIGIN})
    assert refused.status_code == 200 and "nøjagtigt" in json.dumps(refused.get_json(), ensure_ascii=False)
    with web.service.engine.connect() as connection:
        from store import repo

        assert repo.get_row(connection, "jobseekers", person) is not None  # nothing erased


@pytest.mark.parametrize("user", ["region", "planner", "lks-home"])
def test_opening_an_administration_page_is_refused_and_logged(
    web: Any, client_for: Callable[[str | None], FlaskClient], user: str
) -> None:
    route = next(k for k, spec in web.app.callback_map.items() if f"{ids.SHELL_PAGE}.children" in k)
    spec = web.app.callback_map[route]
    body = _body(web.app, route)
    body["inputs"] = [
        {**i, "value": "/admin/log" if i["property"] == "pathname" else "da"} for i in spec["inputs"]
    ]
    body["state"] = [{**s, "value": ""} for s in spec.get("state", [])]
    before = len(web.audit_rows("forbidden", username=user))
    response = client_for(user).post("/_dash-update-component", json=body, headers={"Origin": ORIGIN})
    assert response.status_code == 200
    assert "Ingen adgang" in response.get_data(as_text=True)
    assert "admin-log-search" not in response.get_data(as_text=True)
    assert len(web.audit_rows("forbidden", username=user)) == before + 1
