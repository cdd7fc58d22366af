"""Imports end to end on a real database: placement, all-or-nothing, idempotent re-import."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import Engine

from geo.assign import Assigner
from lksmatch.errors import UsageError, ValidationError
from lksmatch.imports import ImportReport, import_file
from store import repo
from store.db import checkpoint, make_engine, upgrade
from store.files import write_table

from .conftest import write_csv

CVR_A, CVR_B = "10000009", "29403473"
COMPANIES = (
    ["cvr", "name", "municipality_code", "lat", "lon", "postal_code", "kontaktperson"],
    [
        [CVR_A, "Smed A/S", "751", "", "", "", "Anne"],
        [CVR_B, "Bager ApS", "", "", "", "8600", "Bo"],
    ],
)
VISITS = (
    ["visit_id", "cvr", "date", "systems", "kind", "topics", "note", "follow_up"],
    [
        ["V1", CVR_A, "2026-01-05", "Jobcenter; erhvervsservice", "fysisk", "svejsning;rekruttering",
         "Mangler to svejsere.\nRing igen i marts.", "2026-03-01"],
        ["V2", CVR_B, "2026-01-07", "uddannelse", "", "", "", ""],
    ],
)
NEEDS = (
    ["need_id", "cvr", "occupation", "skills", "count", "deadline", "visit_id"],
    [
        ["N1", CVR_A, "7212", "svejsning;MIG", "2", "2026-09-01", "V1"],
        ["N2", CVR_B, "Bager", "", "", "", ""],
    ],
)
JOBSEEKERS = (
    [
        "person_id",
        "municipality_code",
        "postal_code",
        "education_level",
        "unemployed_since",
        "unemployment_ended",
        "birth_year",
    ],
    [
        ["P1", "751", "8000", "erhvervsfaglig", "2025-01-06", "", "1980"],
        ["P2", "740", "", "", "", "2025-03-01", ""],
    ],
)
OUTCOMES = (
    ["need_id", "person_id", "outcome", "date"],
    [
        ["N1", "P1", "contacted", "2025-05-01"],
        ["N1", "P1", "hired", "2025-06-01"],
    ],
)
OFFERS = (
    ["offer_id", "provider", "title", "municipality_code", "seats", "kind", "open_to_unemployed"],
    [
        ["O1", "AMU Midt", "Svejsning MAG", "730", "12", "AMU", "true"],
    ],
)


def run(
    engine: Engine, kind: str, path: Path, codes: frozenset[str], assigner: Assigner | None = None
) -> ImportReport:
    return import_file(
        engine,
        kind,
        path,
        valid_municipality_codes=codes,
        place=assigner.assign if assigner else None,
        now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )


def load_all(engine: Engine, tmp_path: Path, codes: frozenset[str], assigner: Assigner) -> None:
    for kind, (header, rows) in [
        ("companies", COMPANIES),
        ("visits", VISITS),
        ("needs", NEEDS),
        ("jobseekers", JOBSEEKERS),
        ("offers", OFFERS),
        ("outcomes", OUTCOMES),
    ]:
        run(engine, kind, write_csv(tmp_path / f"{kind}.csv", header, rows), codes, assigner)


def snapshot(engine: Engine) -> dict[str, pd.DataFrame]:
    with engine.connect() as connection:
        return {kind: repo.load(connection, kind) for kind in repo.TABLES}


def test_import_places_and_stores_every_kind(
    engine: Engine, tmp_path: Path, municipality_codes: frozenset[str], assigner: Assigner
) -> None:
    path = write_csv(tmp_path / "companies.csv", *COMPANIES)
    report = run(engine, "companies", path, municipality_codes, assigner)
    assert (report.rows, report.inserted, report.updated, report.unchanged) == (2, 2, 0, 0)
    assert report.warnings == ("column 'kontaktperson' is not part of the companies contract and is ignored",)
    assert report.placement == {"code": 1, "postal": 1}
    load_all(engine, tmp_path, municipality_codes, assigner)
    data = snapshot(engine)
    companies = data["companies"].set_index("cvr")
    assert companies.loc[
        CVR_A, ["municipality_code", "placed_municipality_code", "lks_id", "assign_method"]
    ].tolist() == ["751", "751", "aarhus", "code"]
    assert pd.isna(companies.loc[CVR_B, "municipality_code"])
    assert companies.loc[CVR_B, "assign_method"] == "postal" and companies.loc[CVR_B, "lks_id"]
    needs = data["needs"].set_index("need_id")
    assert needs.loc["N1", "lks_id"] == "aarhus" and needs.loc["N1", "count"] == 2
    assert needs.loc["N2", ["count", "kind", "status"]].tolist() == [1, "hire", "open"]
    assert needs.loc["N1", "deadline"] == dt.date(2026, 9, 1)
    seekers = data["jobseekers"].set_index("person_id")
    assert seekers.loc["P2", "unemployment_ended"] == dt.date(2025, 3, 1)
    assert seekers.loc["P1", "birth_year"] == 1980 and seekers.loc["P1", "lks_id"] == "aarhus"
    assert data["offers"].loc[0, ["seats", "kind", "open_to_unemployed"]].tolist() == [12, "AMU", True]
    assert sorted(data["outcomes"]["outcome"]) == ["contacted", "hired"]
    visits = data["visits"].set_index("visit_id")
    assert visits.loc["V1", ["systems", "kind", "lks_id", "follow_up"]].tolist() == [
        "jobcenter;erhvervsservice", "fysisk", "aarhus", dt.date(2026, 3, 1)]
    assert visits.loc["V1", "note"] == "Mangler to svejsere.\nRing igen i marts."
    assert visits.loc["V2", "lks_id"] == companies.loc[CVR_B, "lks_id"]
    assert needs.loc["N1", "visit_id"] == "V1" and pd.isna(needs.loc["N2", "visit_id"])


def test_reimport_changes_nothing_and_updates_only_what_changed(
    engine: Engine, tmp_path: Path, municipality_codes: frozenset[str], assigner: Assigner
) -> None:
    load_all(engine, tmp_path, municipality_codes, assigner)
    before = snapshot(engine)
    for kind in repo.TABLES:
        report = run(engine, kind, tmp_path / f"{kind}.csv", municipality_codes, assigner)
        assert (report.inserted, report.updated, report.unchanged) == (0, 0, report.rows)
    after = snapshot(engine)
    for kind in repo.TABLES:
        pd.testing.assert_frame_equal(before[kind], after[kind])
    header, rows = JOBSEEKERS
    changed = write_csv(tmp_path / "changed.csv", header, [rows[0], [*rows[1][:2], "7400", *rows[1][3:]]])
    report = run(engine, "jobseekers", changed, municipality_codes, assigner)
    assert (report.inserted, report.updated, report.unchanged) == (0, 1, 1)


def test_company_move_updates_its_needs_lks(
    engine: Engine, tmp_path: Path, municipality_codes: frozenset[str], assigner: Assigner
) -> None:
    load_all(engine, tmp_path, municipality_codes, assigner)
    moved = write_csv(
        tmp_path / "moved.csv", ["cvr", "name", "municipality_code"], [[CVR_A, "Smed A/S", "730"]]
    )
    run(engine, "companies", moved, municipality_codes, assigner)
    needs = snapshot(engine)["needs"].set_index("need_id")
    assert needs.loc["N1", "lks_id"] == "randers"


def test_references_are_checked_against_the_database(
    engine: Engine, tmp_path: Path, municipality_codes: frozenset[str]
) -> None:
    needs = write_csv(tmp_path / "needs.csv", *NEEDS)
    with pytest.raises(ValidationError) as exc:
        run(engine, "needs", needs, municipality_codes)
    assert [(p.row, p.column) for p in exc.value.problems] == [(2, "cvr"), (2, "visit_id"), (3, "cvr")]
    outcomes = write_csv(tmp_path / "outcomes.csv", *OUTCOMES)
    with pytest.raises(ValidationError) as exc:
        run(engine, "outcomes", outcomes, municipality_codes)
    assert {p.column for p in exc.value.problems} == {"need_id", "person_id"}


def test_one_bad_row_in_ten_thousand_writes_nothing(
    engine: Engine, tmp_path: Path, municipality_codes: frozenset[str]
) -> None:
    header, rows = JOBSEEKERS
    run(engine, "jobseekers", write_csv(tmp_path / "first.csv", header, rows), municipality_codes)
    before = snapshot(engine)
    many = [[f"Q{i:05d}", "751", "", "", "", "", ""] for i in range(10_000)]
    many[7_777][0] = "010190-1234"
    with pytest.raises(ValidationError) as exc:
        run(engine, "jobseekers", write_csv(tmp_path / "many.csv", header, many), municipality_codes)
    assert [(p.row, p.column, p.value) for p in exc.value.problems] == [(7_779, "person_id", "******-****")]
    assert "010190" not in str(exc.value)
    after = snapshot(engine)
    for kind in repo.TABLES:
        pd.testing.assert_frame_equal(before[kind], after[kind])
    with engine.connect() as connection:
        assert repo.count(connection, "jobseekers") == 2


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_rejected_file_leaves_sqlite_file_byte_for_byte_unchanged(
    tmp_path: Path, municipality_codes: frozenset[str], assigner: Assigner
) -> None:
    db = tmp_path / "x.db"
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    load_all(engine, tmp_path, municipality_codes, assigner)
    checkpoint(engine)
    engine.dispose()
    digest = _sha256(db)
    engine = make_engine(f"sqlite:///{db}")
    header, rows = COMPANIES
    bad = write_csv(tmp_path / "bad.csv", header, [*rows, ["12345678", "Forkert", "751", "", "", "", ""]])
    with pytest.raises(ValidationError):
        run(engine, "companies", bad, municipality_codes, assigner)
    xlsm = tmp_path / "macro.xlsm"
    xlsm.write_bytes(b"PK\x03\x04")
    with pytest.raises(ValidationError):
        run(engine, "companies", xlsm, municipality_codes, assigner)
    checkpoint(engine)
    engine.dispose()
    assert _sha256(db) == digest


def test_xlsx_import_keeps_text(engine: Engine, tmp_path: Path, municipality_codes: frozenset[str]) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["offer_id", "provider", "title", "postal_code", "start_date", "seats"])
    sheet.append(["007", "AMU Midt", "Truck", "0800", dt.datetime(2026, 8, 3), 12])
    workbook.save(tmp_path / "offers.xlsx")
    report = run(engine, "offers", tmp_path / "offers.xlsx", municipality_codes)
    assert report.inserted == 1 and report.placement == {}
    offer = snapshot(engine)["offers"].iloc[0]
    assert (offer["offer_id"], offer["postal_code"], offer["start_date"], offer["seats"]) == (
        "007",
        "0800",
        dt.date(2026, 8, 3),
        12,
    )


def test_usage_errors(engine: Engine, tmp_path: Path, municipality_codes: frozenset[str]) -> None:
    with pytest.raises(UsageError, match="kind"):
        run(engine, "people", tmp_path / "x.csv", municipality_codes)
    with pytest.raises(UsageError, match="does not exist"):
        run(engine, "companies", tmp_path / "missing.csv", municipality_codes)


def test_import_is_audited_without_personal_data(
    engine: Engine, tmp_path: Path, municipality_codes: frozenset[str]
) -> None:
    run(engine, "jobseekers", write_csv(tmp_path / "js.csv", *JOBSEEKERS), municipality_codes)
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT action, record_kind, record_id, detail FROM audit_log"
        ).all()
    assert [tuple(r) for r in rows] == [
        ("import", "jobseekers", None, "js.csv: 2 rows; 2 inserted, 0 updated, 0 unchanged")
    ]


def test_unbalanced_quote_rejects_the_file_and_writes_nothing(
    engine: Engine, tmp_path: Path, municipality_codes: frozenset[str]
) -> None:
    path = tmp_path / "companies.csv"
    path.write_text(
        "cvr,name,address,postal_code,municipality_code\n"
        '43744844,"Poulsen & Søn VVS,Hovedgaden 1,8000,751\n'
        "10000009,Smed A/S,Vej 2,8000,751\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as exc:
        run(engine, "companies", path, municipality_codes)
    ((row, column),) = [(p.row, p.column) for p in exc.value.problems]
    assert (row, column) == (2, "name") and "never closed" in str(exc.value)
    with engine.connect() as connection:
        assert repo.count(connection, "companies") == 0


def test_cpr_number_in_a_company_file_is_rejected_and_never_echoed(
    engine: Engine, tmp_path: Path, municipality_codes: frozenset[str]
) -> None:
    header, rows = COMPANIES
    bad = [rows[0], [CVR_B, "Bager ApS (ejer 010190-1234)", "", "", "", "0101901234", "Bo"]]
    with pytest.raises(ValidationError) as exc:
        run(engine, "companies", write_csv(tmp_path / "c.csv", header, bad), municipality_codes)
    assert [(p.row, p.column) for p in exc.value.problems] == [(3, "name"), (3, "postal_code")]
    assert "1234" not in str(exc.value) and "010190" not in str(exc.value)
    with engine.connect() as connection:
        assert repo.count(connection, "companies") == 0


def test_a_file_with_many_problems_lists_the_first_and_counts_all_and_writes_nothing(
    engine: Engine, tmp_path: Path, municipality_codes: frozenset[str], assigner: Assigner
) -> None:
    load_all(engine, tmp_path, municipality_codes, assigner)
    before = snapshot(engine)
    header, rows = COMPANIES
    many = [rows[0]] + [[f"C{i}", "", "751", "", "", "", ""] for i in range(3_000)]  # 2 problems a row
    with pytest.raises(ValidationError) as exc:
        run(engine, "companies", write_csv(tmp_path / "many.csv", header, many), municipality_codes, assigner)
    assert len(exc.value.problems) == 1_001 and exc.value.problems[0].row == 3
    assert "6,000 problems" in str(exc.value) and "5,000 more problems" in exc.value.problems[-1].rule
    after = snapshot(engine)
    for kind in repo.TABLES:
        pd.testing.assert_frame_equal(before[kind], after[kind])


def test_a_file_written_by_lksmatch_imports_back_unchanged(
    engine: Engine, tmp_path: Path, municipality_codes: frozenset[str]
) -> None:
    frame = pd.DataFrame(
        {"cvr": [CVR_A, CVR_B], "name": ["=Smed A/S", "-Bager ApS"], "address": ["'Hjørnet'", "@x"]}
    )
    for suffix in (".csv", ".xlsx"):
        path = write_table(frame, tmp_path / f"companies{suffix}")
        if suffix == ".csv":
            assert "'=Smed A/S" in path.read_text(encoding="utf-8-sig")  # neutralised in the file
        run(engine, "companies", path, municipality_codes)
        stored = snapshot(engine)["companies"].set_index("cvr")
        assert stored.loc[[CVR_A, CVR_B], "name"].tolist() == ["=Smed A/S", "-Bager ApS"]
        assert stored.loc[[CVR_A, CVR_B], "address"].tolist() == ["'Hjørnet'", "@x"]


@pytest.mark.parametrize(
    ("row", "column", "rule"),
    [
        (["V9", CVR_A, "2026-01-05", "jobcenter;skolen", "", "", "", ""], "systems", "is not a ;-list"),
        (["V9", CVR_A, "2026-01-05", "jobcenter;jobcenter", "", "", "", ""], "systems", "is not a ;-list"),
        (["V9", CVR_A, "2026-01-05", "", "", "", "", ""], "systems", "a value is required"),
        (["V9", CVR_A, "", "jobcenter", "", "", "", ""], "date", "a value is required"),
        (["V9", CVR_A, "2026-01-05", "jobcenter", "i bilen", "", "", ""], "kind", "is not one of fysisk"),
        (["V9", "12345678", "2026-01-05", "jobcenter", "", "", "", ""], "cvr", "CVR"),
        (["V9", "29403473", "2026-01-05", "jobcenter", "", "", "", ""], "cvr", "does not exist"),
        (["V9", CVR_A, "2026-01-05", "jobcenter", "", "", "Talte med 010190-1234 om job", ""], "note", "CPR"),
    ],
)
def test_a_bad_visit_names_line_column_and_rule_and_nothing_is_written(
    engine: Engine, tmp_path: Path, municipality_codes: frozenset[str], assigner: Assigner,
    row: list[str], column: str, rule: str,
) -> None:
    header, _ = COMPANIES
    companies = write_csv(tmp_path / "c.csv", header, [COMPANIES[1][0]])
    run(engine, "companies", companies, municipality_codes, assigner)
    good = ["V8", CVR_A, "2026-01-04", "erhvervsservice", "telefon", "", "", ""]
    path = write_csv(tmp_path / "visits.csv", VISITS[0], [good, row])
    with pytest.raises(ValidationError) as caught:
        run(engine, "visits", path, municipality_codes, assigner)
    problems = [(p.row, p.column) for p in caught.value.problems]
    assert (3, column) in problems
    assert any(rule.lower() in p.rule.lower() for p in caught.value.problems if p.column == column)
    assert all("010190-1234" not in str(p.value) for p in caught.value.problems)
    with engine.connect() as connection:
        assert repo.count(connection, "visits") == 0


def test_a_need_naming_an_unknown_visit_is_refused(
    engine: Engine, tmp_path: Path, municipality_codes: frozenset[str], assigner: Assigner
) -> None:
    run(engine, "companies", write_csv(tmp_path / "c.csv", *COMPANIES), municipality_codes, assigner)
    path = write_csv(tmp_path / "n.csv", NEEDS[0], [["N1", CVR_A, "7212", "", "", "", "V404"]])
    with pytest.raises(ValidationError) as caught:
        run(engine, "needs", path, municipality_codes, assigner)
    assert [(p.row, p.column, p.value) for p in caught.value.problems] == [(2, "visit_id", "V404")]


def test_a_vaekst_need_of_a_company_that_is_not_a_growth_company_is_refused(
    engine: Engine, tmp_path: Path, municipality_codes: frozenset[str], assigner: Assigner
) -> None:
    header = ["cvr", "name", "municipality_code", "growth_company"]
    companies = write_csv(tmp_path / "c.csv", header, [[CVR_A, "Vækst A/S", "751", "true"],
                                                        [CVR_B, "Stille ApS", "751", "false"]])
    run(engine, "companies", companies, municipality_codes, assigner)
    needs_header = ["need_id", "cvr", "occupation", "project"]
    good = write_csv(tmp_path / "ok.csv", needs_header, [["N1", CVR_A, "7212", "vaekst"],
                                                          ["N2", CVR_B, "7212", "erhvervsfaglig"]])
    assert run(engine, "needs", good, municipality_codes).inserted == 2
    bad = write_csv(tmp_path / "bad.csv", needs_header, [["N3", CVR_B, "7212", "vaekst"]])
    with pytest.raises(ValidationError) as caught:
        run(engine, "needs", bad, municipality_codes)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (2, "project", "vaekst")
    assert "growth compan" in problem.rule
