"""The pure functions of the dashboard: colours, legend, tables and Danish formats."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from dash import html

from dashboard import components
from dashboard.i18n import format_date, format_measure, format_number, text
from stats.maps import NO_VALUE_FILL, PALETTE


def level_table(jobseekers: list[object], companies: list[int] | None = None) -> pd.DataFrame:
    """A small published level table: areas a, b, c, ... and the region row."""
    n = len(jobseekers)
    companies = companies or list(range(1, n + 1))
    rows = pd.DataFrame(
        {
            "level": ["lks"] * n,
            "area_id": [chr(ord("a") + i) for i in range(n)],
            "area_name": [f"Område {chr(ord('A') + i)}" for i in range(n)],
            "companies": companies,
            "jobseekers": pd.Series(jobseekers, dtype=object),
            "coverage_rate": [0.5] * n,
        }
    )
    region = pd.DataFrame(
        {
            "level": ["region"],
            "area_id": ["DK-82"],
            "area_name": ["Region Midtjylland"],
            "companies": [sum(companies)],
            "jobseekers": pd.Series([999], dtype=object),
            "coverage_rate": [0.5],
        }
    )
    return pd.concat([rows, region], ignore_index=True)


def texts(component: object) -> list[str]:
    """Every string in a component tree, depth first."""
    if isinstance(component, str):
        return [component]
    if isinstance(component, list | tuple):
        return [t for child in component for t in texts(child)]
    children = getattr(component, "children", None)
    return texts(children) if children is not None else []


# --- Danish formats ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234, None, "1.234"),
        (1234.5, None, "1.234,5"),
        (1234567.891, 2, "1.234.567,89"),
        (0, None, "0"),
        (-1500, None, "-1.500"),
        (0.25, 2, "0,25"),
        ("<5", None, "<5"),
        ("x", None, "x"),
        (None, None, ""),
        (math.nan, None, ""),
    ],
)
def test_format_number_is_danish(value: object, decimals: int | None, expected: str) -> None:
    assert format_number(value, decimals) == expected


def test_format_measure_shows_coverage_as_percent_and_keeps_marks() -> None:
    assert format_measure("coverage_rate", 0.534) == "53 %"
    assert format_measure("coverage_rate", "x") == "x"
    assert format_measure("jobseekers", "<5") == "<5"
    assert format_measure("companies", 12000) == "12.000"


def test_format_date_short_and_long() -> None:
    day = dt.date(2026, 11, 27)
    assert format_date(day) == "27-11-2026"
    assert format_date(day, long=True) == "27. nov. 2026"
    assert format_date("2026-05-03", long=True) == "3. maj 2026"
    assert format_date("2026-05-03T10:00:00") == "03-05-2026"
    assert format_date(None) == ""
    assert format_date("not a date") == "not a date"


def test_text_falls_back_to_danish() -> None:
    assert text("no_access") == "Ingen adgang"
    assert text("no_access", "en") == "No access"
    assert text("no_access", "fr") == "Ingen adgang"


# --- map colours and legend -------------------------------------------------------------


def test_hideout_colours_every_area_by_the_measure() -> None:
    table = level_table([10, 20, 30], companies=[1, 2, 3])
    hideout = components.map_hideout(table, "companies")
    assert hideout["measure"] == "companies"
    assert set(hideout["fill"]) == {"a", "b", "c"}  # the region row is not on the map
    assert hideout["fill"]["a"] == PALETTE[0]
    assert hideout["fill"]["c"] == PALETTE[-1]
    assert hideout["shown"] == {"a": "1", "b": "2", "c": "3"}


def test_hideout_changes_with_the_measure() -> None:
    table = level_table([30, 20, 10], companies=[1, 2, 3])
    by_companies = components.map_hideout(table, "companies")["fill"]
    by_jobseekers = components.map_hideout(table, "jobseekers")["fill"]
    assert by_companies["a"] == by_jobseekers["c"] and by_companies["c"] == by_jobseekers["a"]


def test_suppressed_values_are_grey_and_shown_as_marks() -> None:
    table = level_table([7, "<5", "x", 12])
    hideout = components.map_hideout(table, "jobseekers")
    assert hideout["fill"]["b"] == NO_VALUE_FILL
    assert hideout["fill"]["c"] == NO_VALUE_FILL
    assert hideout["fill"]["a"] != NO_VALUE_FILL
    assert hideout["shown"]["b"] == "<5" and hideout["shown"]["c"] == "x"


def test_unknown_measure_is_refused_with_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match="`measure` was 'bogus'"):
        components.map_hideout(level_table([1, 2]), "bogus")


def test_legend_has_at_most_five_bins_in_order_and_a_hidden_entry() -> None:
    table = level_table([5, 6, 7, 8, 9, 10, 11, 12, "<5"], companies=list(range(100, 1000, 100)))
    entries = components.legend_entries(table, "jobseekers")
    colours = [c for c, _ in entries]
    assert len(entries) <= len(PALETTE) + 1
    assert entries[-1] == (NO_VALUE_FILL, text("no_value"))
    assert colours[:-1] == sorted(colours[:-1], key=PALETTE.index)
    assert entries[0][1].startswith("5")
    companies = components.legend_entries(table, "companies")
    assert companies[-1][1].endswith("900") and all(c != NO_VALUE_FILL for c, _ in companies)


def test_legend_uses_danish_numbers_and_percent() -> None:
    table = level_table([1, 2], companies=[1500, 2500])
    assert components.legend_entries(table, "companies") == [(PALETTE[0], "1.500"), (PALETTE[-1], "2.500")]
    assert components.legend_entries(table, "coverage_rate") == [(PALETTE[2], "50 %")]
    assert texts(components.legend(table, "companies"))[0].startswith("Virksomheder")


def test_measure_options_offer_only_present_measures() -> None:
    values = [o["value"] for o in components.measure_options(level_table([1]))]
    assert values == ["companies", "jobseekers", "coverage_rate"]


# --- tables -------------------------------------------------------------------------------


def test_stats_table_has_a_row_per_area_and_the_total_last() -> None:
    table = level_table([7, "<5", "x"])
    component = components.stats_table(table)
    body = component.children[1]
    assert len(body.children) == 4
    assert body.children[-1].className == "total"
    shown = texts(component)
    assert "<5" in shown and "x" in shown and "Region Midtjylland" in shown
    heads = component.children[0].children.children
    coverage = next(h for h in heads if h.children == "Dækning")
    assert coverage.title == "Dækningsgrad" and coverage.className == "col-coverage_rate"
    assert body.children[0].children[2].className == "num col-jobseekers"


def test_the_chosen_column_is_a_class_of_the_table_wrapper() -> None:
    assert components.selected_column_class("jobseekers") == "scroll sel-jobseekers"
    assert components.selected_column_class("<script>") == "scroll"


def test_text_from_data_stays_text() -> None:
    table = level_table([1])
    table.loc[0, "area_name"] = "<img src=x onerror=alert(1)>"
    cell = components.stats_table(table).children[1].children[0].children[0]
    assert isinstance(cell, html.Td) and cell.children == "<img src=x onerror=alert(1)>"


def test_area_details_lists_every_figure_or_a_hint() -> None:
    table = level_table([7, "<5"])
    details = components.area_details(table, "b")
    shown = texts(details)
    assert shown[0] == "Område B" and "<5" in shown and "50 %" in shown
    assert texts(components.area_details(table, "nope")) == [text("area_hint")]
    assert texts(components.area_details(components.EMPTY_TABLE, None)) == [text("area_hint")]


def test_candidates_table_joins_lists_and_formats_scores() -> None:
    candidates = pd.DataFrame(
        {
            "rank": [1, 2],
            "person_id": ["p-1", "p-2"],
            "score": [0.8765, 0.5],
            "explanation": ["samme fag", "nær"],
            "missing_skills": [["svejsning", "truckkort"], []],
            "suggested_offers": ["AMU 123", None],
        }
    )
    component = components.candidates_table(candidates)
    shown = texts(component)
    assert "0,88" in shown and "svejsning, truckkort" in shown and "p-2" in shown
    assert components.person_options(candidates)[0] == {"label": "1. p-1", "value": "p-1"}
    assert texts(components.candidates_table(candidates.iloc[0:0])) == [text("no_candidates")]


def test_company_and_need_options() -> None:
    needs = pd.DataFrame(
        {
            "need_id": ["n1", "n2", "n3"],
            "cvr": ["11111111", "11111111", "22222222"],
            "company_name": ["Beta ApS", "Beta ApS", "Alfa A/S"],
            "title": ["Svejser", "", "Smed"],
            "occupation": ["7212", "7233", "7221"],
            "deadline": ["2026-12-01", None, ""],
        }
    )
    assert components.company_options(needs) == [
        {"label": "Alfa A/S", "value": "22222222"},
        {"label": "Beta ApS", "value": "11111111"},
    ]
    assert components.need_options(needs, "11111111") == [
        {"label": "Svejser (n1) – frist 01-12-2026", "value": "n1"},
        {"label": "7233 (n2)", "value": "n2"},
    ]
    assert components.need_options(needs, None) == []
    assert components.lks_options(pd.DataFrame({"area_id": ["aarhus"], "area_name": ["Aarhus"]})) == [
        {"label": "Aarhus", "value": "aarhus"}
    ]


def test_legend_classes_never_collapse_when_many_areas_share_a_value() -> None:
    """Ten areas at 0 and five spread values: the classes are cut on the distinct values, so each
    holds values of its own (quantiles of all 15 values gave 0, 0, 0, 7, 90: three classes)."""
    values = [0] * 10 + [3, 7, 20, 50, 90]
    table = level_table(values, companies=values)
    entries = components.legend_entries(table, "companies")
    assert len(entries) == len(PALETTE)
    assert len({shown for _, shown in entries}) == len(entries)  # no two classes alike
    assert entries[0][1].startswith("0") and entries[-1][1].endswith("90")


def test_the_legend_title_names_the_unit() -> None:
    table = level_table([1, 2], companies=[1500, 2500])
    assert "Virksomheder (antal)" in texts(components.legend(table, "companies"))
    assert "Dækningsgrad (%)" in texts(components.legend(table, "coverage_rate"))
    assert "Job seekers (people)" in texts(components.legend(table, "jobseekers", "en"))


def test_legend_classes_are_natural_breaks_close_values_stay_together() -> None:
    """The issue's legend had ``144 – 145`` beside ``147 – 538``: quantiles cut a cluster in two
    and threw the outlier in with it. Natural breaks keep 132-147 together and 538 alone."""
    from stats.maps import class_breaks

    values = [39, 61, 67, 69, 74, 82, 94, 118, 132, 143, 144, 145, 147, 147, 538]
    assert class_breaks(values) == [39.0, 82.0, 118.0, 147.0, 538.0]
    table = level_table(values, companies=values)
    shown = [text_ for _, text_ in components.legend_entries(table, "companies")]
    assert shown == ["39", "61 – 82", "94 – 118", "132 – 147", "538"]
