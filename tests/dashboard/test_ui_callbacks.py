"""The Dash callbacks and the boundaries file, driven through the real app's Flask test client.

A callback is called as the browser calls it: a JSON POST to ``/_dash-update-component``.
Any client can post any input, so the forged ones (another LKS, another LKS's need, a
role that may not) must come back as "Ingen adgang" with no data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import pytest
from flask.testing import FlaskClient

from dashboard import ids
from dashboard.trend import month_label
from lksmatch.service import Service

#: The ``web`` fixture of tests/dashboard/conftest.py (its dataclass ``Web``).
Web = Any

Client = Callable[[str | None], FlaskClient]
UPDATE = "/_dash-update-component"


def call(
    client: FlaskClient,
    outputs: Sequence[tuple[str, str]],
    inputs: Sequence[tuple[str, str, Any]],
    state: Sequence[tuple[str, str, Any]] = (),
    *,
    lang: str | None = "da",
) -> tuple[int, dict[str, dict[str, Any]]]:
    """POST one callback; return the status and ``{component id: {property: value}}``.

    Every page callback reads the interface language as its last state; ``lang=None``
    leaves it out (the shell's routing callback has it as an input).
    """
    if lang is not None:
        state = [*state, (ids.SHELL_LANG, "value", lang)]
    multi = len(outputs) > 1
    payload = {
        "output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + ".."
        if multi
        else f"{outputs[0][0]}.{outputs[0][1]}",
        "outputs": [{"id": i, "property": p} for i, p in outputs]
        if multi
        else {"id": outputs[0][0], "property": outputs[0][1]},
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
        "changedPropIds": [f"{i}.{p}" for i, p, _ in inputs],
    }
    response = client.post(UPDATE, data=json.dumps(payload), content_type="application/json")
    body = response.get_json(silent=True) or {}
    return response.status_code, body.get("response", {})


def texts(node: Any) -> list[str]:
    """Every string in a serialised component tree."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [t for child in node for t in texts(child)]
    if isinstance(node, dict):
        return texts(node.get("props", {}).get("children"))
    return []


MAP_OUTPUTS = [
    (ids.OVERBLIK_AREAS, "url"),
    (ids.OVERBLIK_AREAS, "hideout"),
    (ids.OVERBLIK_LEGEND, "children"),
    (ids.OVERBLIK_MESSAGE, "children"),
    (ids.OVERBLIK_STAMP, "children"),
    (ids.OVERBLIK_SHOWN, "data"),
]


def show_measure(client: FlaskClient, level: str, measure: str) -> tuple[int, dict[str, dict[str, Any]]]:
    inputs = [(ids.OVERBLIK_LEVEL, "value", level), (ids.OVERBLIK_MEASURE, "value", measure),
              (ids.OVERBLIK_VERSION, "data", None)]
    return call(client, MAP_OUTPUTS, inputs)


# --- Overblik -----------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["region", "lks-home", "planner", "admin"])
def test_every_role_sees_the_map_of_15_lks(web: Web, client_for: Client, user: str) -> None:
    status, result = show_measure(client_for(user), "lks", "companies")
    assert status == 200
    hideout = result[ids.OVERBLIK_AREAS]["hideout"]
    assert len(hideout["fill"]) == 15 and hideout["measure"] == "companies"
    assert result[ids.OVERBLIK_AREAS]["url"] == "/geo/lks.geojson"
    status, table = call(
        client_for(user), [(ids.OVERBLIK_TABLE, "children")],
        [(ids.OVERBLIK_LEVEL, "value", "lks"), (ids.OVERBLIK_VERSION, "data", None)],
    )
    assert status == 200
    rows = table[ids.OVERBLIK_TABLE]["children"]["props"]["children"][1]["props"]["children"]
    assert len(rows) == 16 and "Region Midtjylland" in texts(rows[-1])


def test_changing_the_measure_sends_numbers_not_boundaries(web: Web, client_for: Client) -> None:
    client = client_for("region")
    _, companies = show_measure(client, "lks", "companies")
    status, jobseekers = show_measure(client, "lks", "jobseekers")
    assert status == 200
    assert jobseekers[ids.OVERBLIK_AREAS]["url"] == companies[ids.OVERBLIK_AREAS]["url"]
    raw = json.dumps(jobseekers)
    assert "coordinates" not in raw and len(raw) < 40_000
    shown = jobseekers[ids.OVERBLIK_AREAS]["hideout"]["shown"]
    assert all(v in ("<5", "x") or v.replace(".", "").isdigit() for v in shown.values())
    assert "Ledige (personer)" in texts(jobseekers[ids.OVERBLIK_LEGEND]["children"])


def test_municipality_level_has_19_areas(web: Web, client_for: Client) -> None:
    status, result = show_measure(client_for("region"), "municipality", "needs_open")
    assert status == 200
    assert len(result[ids.OVERBLIK_AREAS]["hideout"]["fill"]) == 19
    assert result[ids.OVERBLIK_AREAS]["url"] == "/geo/municipality.geojson"


def test_a_forged_level_or_measure_falls_back(web: Web, client_for: Client) -> None:
    status, result = show_measure(client_for("region"), "../../etc", "<script>")
    assert status == 200
    assert result[ids.OVERBLIK_AREAS]["url"] == "/geo/lks.geojson"
    assert result[ids.OVERBLIK_AREAS]["hideout"]["measure"] == "companies"


def test_clicking_an_area_shows_its_figures(web: Web, client_for: Client) -> None:
    feature = {"type": "Feature", "properties": {"area_id": web.home_lks, "area_name": "Aarhus"}}
    status, result = call(
        client_for("region"),
        [(ids.OVERBLIK_DETAILS, "children")],
        [
            (ids.OVERBLIK_AREAS, "clickData", feature),
            (ids.OVERBLIK_LEVEL, "value", "lks"),
            (ids.OVERBLIK_MEASURE, "value", "companies"),
        ],
        [],
    )
    assert status == 200
    shown = texts(result[ids.OVERBLIK_DETAILS]["children"])
    assert shown[0] == "Aarhus" and "Ledige" in shown
    # and the chosen measure month by month, from the stored snapshots (this month at least),
    # between the area's name and its figures
    month = month_label(web.service.stats_snapshot().stats_date.strftime("%Y-%m"))
    assert shown[1] == "Virksomheder pr. måned" and month in shown
    assert shown.index(month) < shown.index("Ledige")


def test_callbacks_need_a_session(web: Web, client_for: Client) -> None:
    status, result = show_measure(client_for(None), "lks", "companies")
    assert status == 401 and result == {}


# --- boundaries file ----------------------------------------------------------------------


def test_boundaries_are_a_cacheable_file(web: Web, client_for: Client) -> None:
    client = client_for("region")
    response = client.get("/geo/lks.geojson")
    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("private, max-age=")
    collection = json.loads(response.data)
    assert len(collection["features"]) == 15
    assert set(collection["features"][0]["properties"]) == {"area_id", "area_name", "label_lat", "label_lon"}
    again = client.get("/geo/lks.geojson", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    zipped = client.get("/geo/municipality.geojson", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert client.get("/geo/nowhere.geojson").status_code == 404


def test_boundaries_sit_behind_the_login(web: Web, client_for: Client) -> None:
    assert client_for(None).get("/geo/lks.geojson").status_code == 302


# --- shell --------------------------------------------------------------------------------


def route(client: FlaskClient, path: str, lang: str = "da") -> dict[str, dict[str, Any]]:
    outputs = [
        (ids.SHELL_PAGE, "children"),
        (ids.SHELL_NAV, "children"),
        (ids.SHELL_TITLE, "children"),
        (ids.SHELL_LOGOUT, "children"),
    ]
    inputs = [(ids.SHELL_URL, "pathname", path), (ids.SHELL_LANG, "value", lang)]
    status, result = call(client, outputs, inputs, [(ids.SHELL_URL, "search", "")], lang=None)
    assert status == 200
    return result


def test_navigation_follows_the_role(web: Web, client_for: Client) -> None:
    region = route(client_for("region"), "/match")
    assert texts(region[ids.SHELL_PAGE]["children"]) == ["Ingen adgang"]
    assert texts(region[ids.SHELL_NAV]["children"]) == ["Overblik", "Eksport"]
    lks = route(client_for("lks-home"), "/match")
    assert texts(lks[ids.SHELL_NAV]["children"]) == ["Overblik", "Virksomheder", "Match", "Fælles liste"]
    business = route(client_for("lks-es"), "/liste")  # a page of persons: not erhvervsservice's
    assert texts(business[ids.SHELL_NAV]["children"]) == ["Overblik", "Virksomheder", "Match"]
    assert texts(business[ids.SHELL_PAGE]["children"]) == ["Ingen adgang"]
    assert "Kandidater" in texts(lks[ids.SHELL_PAGE]["children"])
    assert texts(route(client_for("admin"), "/nowhere")[ids.SHELL_PAGE]["children"]) == ["Siden findes ikke"]


def test_the_english_toggle_translates_the_shell_and_pages(web: Web, client_for: Client) -> None:
    english = route(client_for("region"), "/", "en")
    assert texts(english[ids.SHELL_NAV]["children"]) == ["Overview", "Export"]
    assert english[ids.SHELL_LOGOUT]["children"] == "Log out"
    assert "Measure" in texts(english[ids.SHELL_PAGE]["children"])
    assert texts(route(client_for("region"), "/match", "xx")[ids.SHELL_PAGE]["children"]) == ["Ingen adgang"]


# --- Match --------------------------------------------------------------------------------


def companies(client: FlaskClient, lks_id: str) -> dict[str, dict[str, Any]]:
    outputs = [(ids.MATCH_COMPANY, "options"), (ids.MATCH_COMPANY, "value"), (ids.MATCH_MESSAGE, "children")]
    inputs, state = [(ids.MATCH_LKS, "value", lks_id)], [(ids.MATCH_INIT, "data", None)]
    status, result = call(client, outputs, inputs, state)
    assert status == 200
    return result


def test_lks_team_sees_the_companies_of_its_own_lks(web: Web, client_for: Client) -> None:
    result = companies(client_for("lks-home"), web.home_lks)
    assert result[ids.MATCH_COMPANY]["options"]
    assert result[ids.MATCH_MESSAGE]["children"] is None


@pytest.mark.parametrize(("user", "lks"), [("lks-home", "other"), ("region", "home"), ("planner", "home")])
def test_forged_lks_gets_no_access(web: Web, client_for: Client, user: str, lks: str) -> None:
    result = companies(client_for(user), web.other_lks if lks == "other" else web.home_lks)
    assert result[ids.MATCH_COMPANY]["options"] == []
    assert texts(result[ids.MATCH_MESSAGE]["children"]) == ["Ingen adgang"]


#: The Match page's candidates callback: its outputs, and its inputs after the need (filters, order,
#: the refresh counter, the decision status) and states before the language (the chosen person).
CANDIDATE_OUTPUTS = [
    (ids.MATCH_CANDIDATES, "children"), (ids.MATCH_PERSON, "options"), (ids.MATCH_PERSON, "value"),
    (f"{ids.MATCH_DECISION}-box", "hidden"), (f"{ids.MATCH_CANDIDATES}-controls", "hidden"),
]  # fmt: skip


def candidates(
    client: FlaskClient, need_id: str, filters: Sequence[str] = (), order: str = "rank"
) -> dict[str, dict[str, Any]]:
    inputs = [
        (ids.MATCH_NEED, "value", need_id), (ids.MATCH_FILTERS, "value", list(filters)),
        (ids.MATCH_SORT, "value", order), (ids.MATCH_REFRESH, "data", 0),
        (ids.MATCH_STATUS, "children", None),
    ]  # fmt: skip
    status, result = call(client, CANDIDATE_OUTPUTS, inputs, [(ids.MATCH_PERSON, "value", None)])
    assert status == 200
    return result


@pytest.mark.parametrize(("user", "need"), [("lks-home", "other"), ("region", "home"), ("planner", "home")])
def test_forged_need_gets_no_candidates(web: Web, client_for: Client, user: str, need: str) -> None:
    result = candidates(client_for(user), web.other_need if need == "other" else web.home_need)
    assert texts(result[ids.MATCH_CANDIDATES]["children"]) == ["Ingen adgang"]
    assert result[ids.MATCH_PERSON]["options"] == []


def test_candidates_of_an_own_need_are_pseudonymous_rows(web: Web, client_for: Client) -> None:
    result = candidates(client_for("lks-home"), web.home_need)
    options = result[ids.MATCH_PERSON]["options"]
    assert options and {o["value"] for o in options} <= web.person_ids
    shown = texts(result[ids.MATCH_CANDIDATES]["children"])
    assert "Kompetencer" in shown and "Afstand" in shown and "Hele begrundelsen" in shown


def test_the_filters_reach_the_service_and_a_forged_one_is_ignored(web: Web, client_for: Client) -> None:
    from lksmatch import rules

    client = client_for("lks-home")
    narrowed = candidates(client, web.home_need, filters=["within_commute", "education_met", "<script>"])
    ranked = web.service.candidates_for_need(web.home_need, top=100)
    keep = rules.candidate_filter(ranked, "within_commute") & rules.candidate_filter(ranked, "education_met")
    expected = ranked[keep].head(10)["person_id"].astype(str).tolist()
    assert [o["value"] for o in narrowed[ids.MATCH_PERSON]["options"]] == expected
    by_distance = candidates(client, web.home_need, order="distance")[ids.MATCH_CANDIDATES]["children"]
    assert "km" in " ".join(texts(by_distance))


def decide(client: FlaskClient, need_id: str, person_id: str) -> list[str]:
    state = [
        (ids.MATCH_NEED, "value", need_id),
        (ids.MATCH_PERSON, "value", person_id),
        (ids.MATCH_DECISION, "value", "rejected"),
        (ids.MATCH_REASON, "value", "<b>for langt væk</b>"),
    ]
    status, result = call(client, [(ids.MATCH_STATUS, "children")], [(ids.MATCH_SAVE, "n_clicks", 1)], state)
    assert status == 200
    return texts(result[ids.MATCH_STATUS]["children"])


def test_decisions_only_on_own_needs(web: Web, client_for: Client) -> None:
    team = client_for("lks-home")
    person = candidates(team, web.home_need)[ids.MATCH_PERSON]["options"][0]["value"]  # shown first
    assert decide(team, web.other_need, person) == ["Ingen adgang"]
    assert decide(client_for("region"), web.home_need, person) == ["Ingen adgang"]
    assert decide(team, web.home_need, person) == ["Beslutningen er gemt"]


def test_a_forged_decision_on_a_person_never_shown_is_refused(web: Web, client_for: Client) -> None:
    from sqlalchemy import text

    ranked = set(web.service.candidates_for_need(web.home_need, top=100)["person_id"].astype(str))
    person = sorted(web.person_ids - ranked)[0]  # never a candidate of this need, so never shown
    assert decide(client_for("lks-home"), web.home_need, person) == ["Ingen adgang"]
    with web.service.engine.connect() as connection:
        sql = text("SELECT COUNT(*) FROM decisions WHERE person_id = :p")
        assert connection.execute(sql, {"p": person}).scalar_one() == 0
    assert web.audit_rows("forbidden", username="lks-home", record_kind="person", record_id=person)


# --- Eksport ------------------------------------------------------------------------------


def export(client: FlaskClient, level: str, fmt: str, period: str = "now") -> dict[str, dict[str, Any]]:
    outputs = [(ids.EKSPORT_DOWNLOAD, "data"), (ids.EKSPORT_MESSAGE, "children")]
    state = [
        (ids.EKSPORT_LEVEL, "value", level),
        (ids.EKSPORT_PERIOD, "value", period),
        (ids.EKSPORT_FORMAT, "value", fmt),
    ]
    status, result = call(client, outputs, [(ids.EKSPORT_BUTTON, "n_clicks", 1)], state)
    assert status == 200
    return result


def test_planner_downloads_the_statistics(web: Web, client_for: Client) -> None:
    data = export(client_for("planner"), "municipality", "csv")[ids.EKSPORT_DOWNLOAD]["data"]
    assert data["filename"] == "lksmatch-municipality.csv" and data["base64"] is True


def test_planner_downloads_the_trend_by_month_with_a_period_column(web: Web, client_for: Client) -> None:
    import base64
    import io

    data = export(client_for("planner"), "lks", "csv", "month")[ids.EKSPORT_DOWNLOAD]["data"]
    assert data["filename"] == "lksmatch-lks-pr-maaned.csv"
    table = pd.read_csv(io.BytesIO(base64.b64decode(data["content"])), dtype=str, encoding="utf-8-sig")
    assert table.columns[0] == "period" and set(table["period"]) == {web.service.today().strftime("%Y-%m")}
    assert len(table) == 16  # the 15 areas and the region, for the one stored month
    mapped = export(client_for("planner"), "lks", "geojson", "month")
    assert mapped[ids.EKSPORT_DOWNLOAD]["data"] is None  # a map shows one period: said, not an error
    assert texts(mapped[ids.EKSPORT_MESSAGE]["children"])[0].startswith("Udviklingen pr. måned")
    forged = export(client_for("planner"), "lks", "csv", "year")
    assert texts(forged[ids.EKSPORT_MESSAGE]["children"]) == ["Ikke fundet"]


@pytest.mark.parametrize(("user", "level", "fmt"), [("lks-home", "lks", "csv"), ("planner", "../x", "csv")])
def test_export_refuses_lks_teams_and_forged_names(
    web: Web, client_for: Client, user: str, level: str, fmt: str
) -> None:
    result = export(client_for(user), level, fmt)
    assert result[ids.EKSPORT_DOWNLOAD]["data"] is None
    assert texts(result[ids.EKSPORT_MESSAGE]["children"]) in (["Ingen adgang"], ["Ikke fundet"])


# --- basemap ------------------------------------------------------------------------------


def _types(node: Any) -> list[str]:
    """The component types in a layout tree."""
    found = [type(node).__name__]
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list) else [children] if children is not None else []:
        found.extend(_types(child))
    return found


def test_the_map_draws_without_tiles_and_uses_a_configured_tile_url() -> None:
    from dashboard.pages import overblik

    def geo_url(level: str) -> str:
        return f"/geo/{level}.geojson"

    assert "TileLayer" not in _types(overblik.layout(geo_url, None))
    with_tiles = overblik.layout(geo_url, "https://tiles.example/{z}/{x}/{y}.png")
    assert "TileLayer" in _types(with_tiles) and "GeoJSON" in _types(with_tiles)


def test_the_match_page_says_which_ranker_ranked(web: Web, client_for: Client) -> None:
    """No model trained yet: the rule-based ranker, said on the page above the candidates."""
    shown = texts(candidates(client_for("lks-home"), web.home_need)[ids.MATCH_CANDIDATES]["children"])
    assert any("regelbaseret" in t for t in shown), shown
    assert not any("kan ikke bruges" in t for t in shown)


def test_a_damaged_model_is_announced_on_the_match_page_never_a_500(
    web: Web, tmp_path: Any, caplog: pytest.LogCaptureFixture
) -> None:
    from dataclasses import replace

    from dashboard.app import create_app

    (tmp_path / "ranker.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "ranker.joblib").write_bytes(b"not a model")
    settings = replace(web.settings, model_dir=tmp_path)
    service = Service(settings, strict_model=False)  # as `lksmatch serve` builds it
    try:
        client = create_app(settings, service).server.test_client()
        assert web.login(client, "lks-home") == 200
        result = candidates(client, web.home_need)
        shown = texts(result[ids.MATCH_CANDIDATES]["children"])
        assert any("kan ikke bruges" in t for t in shown), shown
        assert result[ids.MATCH_PERSON]["options"]  # the rule-based ranker still answers
        assert "ranker.json" in caplog.text  # the administrator's log says which file
        assert not any("ranker.json" in t for t in shown)  # the page does not show server paths
    finally:
        service.engine.dispose()


def test_the_map_says_from_when_its_figures_are_and_polls_for_newer(web: Web, client_for: Client) -> None:
    client = client_for("region")
    status, result = show_measure(client, "lks", "needs_open")
    assert status == 200
    stamp = result[ids.OVERBLIK_STAMP]["children"]
    assert re.fullmatch(r"Tal fra \d\d-\d\d-20\d\d kl\. \d\d:\d\d", stamp), stamp
    shown = result[ids.OVERBLIK_SHOWN]["data"]
    assert shown == web.service.stats_snapshot().snapshot_id
    poll = [(ids.OVERBLIK_VERSION, "data")]
    status, same = call(client, poll, [(ids.OVERBLIK_POLL, "n_intervals", 1)],
                        [(ids.OVERBLIK_SHOWN, "data", shown)], lang=None)
    assert status in (200, 204) and ids.OVERBLIK_VERSION not in same  # nothing newer: left alone
    status, newer = call(client, poll, [(ids.OVERBLIK_POLL, "n_intervals", 2)],
                         [(ids.OVERBLIK_SHOWN, "data", shown - 1)], lang=None)
    assert status == 200 and newer[ids.OVERBLIK_VERSION]["data"] == shown  # an older one shown: redraw
