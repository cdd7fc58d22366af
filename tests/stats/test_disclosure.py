"""Primary and secondary suppression: small counts hidden, and not recoverable from any total."""

from __future__ import annotations

import datetime as dt
import itertools

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from stats.columns import (
    EDUCATION_LEVELS,
    ID_COLUMNS,
    JOBSEEKER_DURATION_COLUMNS,
    JOBSEEKER_EDU_COLUMNS,
    PEOPLE_COLUMNS,
    REGION_ID,
)
from stats.disclosure import (
    EVENT_COLUMNS,
    NOT_AT_LEVEL,
    NOT_SHOWN_MARK,
    PARTIAL,
    PRIMARY,
    PRIMARY_MARK,
    SECONDARY,
    SECONDARY_MARK,
    SECONDARY_ZERO,
    ProtectedStats,
    Relation,
    protect_area_stats,
    relations_of,
    suppression_pattern,
)
from stats.measures import compute_area_stats

TODAY = dt.date(2025, 3, 1)
SINCE = {"lt3m": "2025-02-01", "3to12m": "2024-09-01", "gt12m": "2023-01-01"}


# --- an independent attacker --------------------------------------------------------------------


def pinned(values: np.ndarray, status: np.ndarray, relations: list[Relation]) -> list[int]:
    """Primary cells that a linear programme over the whole table pins to a single whole number.

    Status: 0 published, 1 primary, 2 secondary ("x"), 3 a zero shown as "<5".
    """
    hidden = [c for c in range(len(values)) if status[c]]
    if not hidden:
        return []
    col = {c: i for i, c in enumerate(hidden)}
    rows, rhs = [], []
    for r in relations:
        coefficients = np.zeros(len(hidden))
        constant = 0.0
        for c, sign in [(r.total, 1), *((p, -1) for p in r.parts)]:
            if status[c]:
                coefficients[col[c]] += sign
            else:
                constant -= sign * values[c]
        if coefficients.any():
            rows.append(coefficients)
            rhs.append(constant)
    # "x" is 5 or more; "<5" is 1-4, or 0-4 once a zero is hidden somewhere (status 3)
    small = 0 if (np.asarray(status) == 3).any() else 1
    bounds = [(5, None) if status[c] == 2 else (small, 4) for c in hidden]
    out = []
    for c in hidden:
        if status[c] != 1:
            continue
        objective = np.zeros(len(hidden))
        objective[col[c]] = 1
        low = linprog(objective, A_eq=np.array(rows), b_eq=rhs, bounds=bounds).fun
        high = -linprog(-objective, A_eq=np.array(rows), b_eq=rhs, bounds=bounds).fun
        if np.floor(high + 1e-6) - np.ceil(low - 1e-6) < 1:
            out.append(c)
    return out


def hidden_counts(status: np.ndarray, relations: list[Relation]) -> list[int]:
    return [sum(1 for c in r.cells if status[c]) for r in relations]


def grid(parts: np.ndarray) -> tuple[np.ndarray, list[Relation]]:
    """A table with row totals, column totals and a grand total (last row/column), flattened."""
    n, m = parts.shape
    full = np.zeros((n + 1, m + 1), dtype=int)
    full[:n, :m] = parts
    full[:n, m] = parts.sum(axis=1)
    full[n, :] = full[:n, :].sum(axis=0)
    width = m + 1
    relations = [Relation(i * width + m, tuple(i * width + j for j in range(m))) for i in range(n + 1)]
    relations += [Relation(n * width + j, tuple(i * width + j for i in range(n))) for j in range(m + 1)]
    return full.ravel(), relations


# --- the algorithm on small tables --------------------------------------------------------------


def test_primary_cells_are_exactly_the_counts_from_1_to_4() -> None:
    values, relations = grid(np.array([[0, 1, 4, 5], [9, 12, 30, 7]]))
    status = suppression_pattern(values, relations)
    assert [int(v) for v in values[status == 1]] == [1, 4]
    assert not ((values == 0) & (status > 0)).any()  # zeros are never sensitive


def test_a_cell_recoverable_from_the_total_gets_a_partner() -> None:
    # total 20 = 3 + 9 + 8: with only the 3 hidden, 20 - 9 - 8 gives it away
    status = suppression_pattern([20, 3, 9, 8], [Relation(0, (1, 2, 3))])
    assert status.tolist() == [0, 1, 0, 2]  # the next-smallest non-zero cell, 8, goes too


def test_two_small_cells_that_fill_the_total_are_not_enough() -> None:
    # 8 = 4 + 4 + 0: both are "<5", so both must be 4 - the total has to go
    status = suppression_pattern([8, 4, 4, 0], [Relation(0, (1, 2, 3))])
    assert status.tolist() == [2, 1, 1, 0]


def test_a_partner_of_exactly_five_does_not_protect_a_one() -> None:
    # 16 = 1 + 5 + 10: with 1 and 5 hidden, "x" >= 5 and 1 + x = 6 pin both
    status = suppression_pattern([16, 1, 5, 10], [Relation(0, (1, 2, 3))])
    assert status.tolist() == [0, 1, 2, 2]


def test_a_zero_is_hidden_when_nothing_else_is_left() -> None:
    # 4 = 1 + 1 + 1 + 1 + 0 + 0: five "<5" cells, each at least 1, pin each other
    status = suppression_pattern([4, 1, 1, 1, 1, 0, 0], [Relation(0, (1, 2, 3, 4, 5, 6))])
    assert status.tolist() == [1, 1, 1, 1, 1, 3, 0]  # the first zero is shown as "<5" too


def test_rows_and_columns() -> None:
    values, relations = grid(np.array([[2, 10, 12], [20, 30, 40], [15, 8, 25]]))
    status = suppression_pattern(values, relations)
    assert all(h != 1 for h in hidden_counts(status, relations))
    assert pinned(values, status, relations) == []
    assert status[0] == 1  # the 2


@pytest.mark.parametrize("seed", range(25))
def test_random_tables_are_protected(seed: int) -> None:
    rng = np.random.default_rng(seed)
    shape = (int(rng.integers(2, 5)), int(rng.integers(2, 6)))
    parts = rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 15, 40], size=shape, p=[0.2, 0.1, 0.1, 0.1, 0.1] + [0.08] * 5)
    values, relations = grid(parts)
    status = suppression_pattern(values, relations)
    np.testing.assert_array_equal(status == 1, (values >= 1) & (values <= 4))
    assert all(h != 1 for h in hidden_counts(status, relations))
    assert pinned(values, status, relations) == []
    np.testing.assert_array_equal(suppression_pattern(values, relations), status)  # deterministic


def test_brute_force_agrees_on_a_small_table() -> None:
    values, relations = grid(np.array([[1, 6], [7, 2]]))
    status = suppression_pattern(values, relations)
    assert status.reshape(3, 3)[:2, :2].all()  # the four inner cells
    hidden = [c for c in range(len(values)) if status[c]]
    ranges = [range(1, 5) if status[c] == 1 else range(5, int(values.max()) + 1) for c in hidden]
    solutions = []
    for guess in itertools.product(*ranges):
        trial = values.copy()
        trial[hidden] = guess
        if all(trial[r.total] == trial[list(r.parts)].sum() for r in relations):
            solutions.append(guess)
    for i, c in enumerate(hidden):
        if status[c] == 1:
            assert len({s[i] for s in solutions}) > 1, f"cell {c} is recoverable"


# --- the area statistics ------------------------------------------------------------------------


def seekers(counts: dict[tuple[str, str, str], int]) -> pd.DataFrame:
    """Job seekers: ``counts[(municipality, education_level, band)]`` people each."""
    rows = []
    for (code, level, band), n in counts.items():
        rows += [[f"P{code}{level[:3]}{band}{i}", code, level, SINCE[band]] for i in range(n)]
    return pd.DataFrame(
        rows, columns=["person_id", "municipality_code", "education_level", "unemployed_since"]
    )


def raw_stats(
    lks_table: pd.DataFrame,
    munis: gpd.GeoDataFrame,
    jobseekers: pd.DataFrame,
    decisions: pd.DataFrame | None = None,
    needs: pd.DataFrame | None = None,
    companies: pd.DataFrame | None = None,
) -> pd.DataFrame:
    return compute_area_stats(
        lks_table=lks_table,
        municipalities=munis,
        companies=companies if companies is not None else pd.DataFrame(),
        needs=needs if needs is not None else pd.DataFrame(),
        jobseekers=jobseekers,
        offers=pd.DataFrame(),
        decisions=decisions if decisions is not None else pd.DataFrame(),
        today=TODAY,
    )


def even_region(lks_table: pd.DataFrame, per_cell: int = 10) -> dict[tuple[str, str, str], int]:
    return {
        (code, level, band): per_cell
        for code in lks_table["municipality_code"]
        for level in ("grundskole", "gymnasial", "erhvervsfaglig")
        for band in ("lt3m", "3to12m")
    }


def audited(protected: ProtectedStats) -> list[str]:
    """The people columns protected by suppression (the event columns are coarsened instead)."""
    return [c for c in protected.people_columns if c not in EVENT_COLUMNS]


def check_relations(protected: ProtectedStats) -> None:
    columns = audited(protected)
    status = protected.status[columns].to_numpy() != ""
    for relation in relations_of(protected.status, columns):
        hidden = sum(1 for c in relation.cells if status.ravel()[c])
        assert hidden != 1, relation


def cell(protected: ProtectedStats, area_id: str, column: str) -> object:
    return protected.table.loc[protected.table["area_id"] == area_id, column].item()


def test_nothing_small_nothing_hidden(lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame) -> None:
    raw = raw_stats(lks_table, region_munis, seekers(even_region(lks_table)))
    protected = protect_area_stats(raw)
    assert (protected.status[audited(protected)] == "").all().all()
    municipal = protected.status["level"] == "municipality"
    for column in EVENT_COLUMNS:
        assert (protected.status.loc[municipal, column] == NOT_AT_LEVEL).all()
        assert (protected.table.loc[municipal, column] == NOT_SHOWN_MARK).all()
        assert (protected.status.loc[~municipal, column] == "").all()
    kept = [c for c in raw.columns if c not in EVENT_COLUMNS]
    pd.testing.assert_frame_equal(
        protected.table[kept].astype({c: "int64" for c in audited(protected)}), raw[kept]
    )
    shown = ~municipal
    for column in EVENT_COLUMNS:
        assert (protected.table.loc[shown, column].astype("int64") == raw.loc[shown, column]).all()


def test_herning_small_education_cell(lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame) -> None:
    counts = even_region(lks_table)
    counts[("657", "grundskole", "lt3m")] = 3  # Herning: grundskole = 3 + 10
    counts[("657", "grundskole", "3to12m")] = 0
    raw = raw_stats(lks_table, region_munis, seekers(counts))
    herning = raw.loc[raw["area_id"] == "657"].iloc[0]
    # unprotected, the small cell is the row total minus the other education levels
    others = [c for c in JOBSEEKER_EDU_COLUMNS if c != "jobseekers_edu_grundskole"]
    assert herning["jobseekers"] - herning[others].sum() == 3
    protected = protect_area_stats(raw)
    for area in ("657", "herning"):
        assert cell(protected, area, "jobseekers_edu_grundskole") == PRIMARY_MARK
        row = protected.table.loc[protected.table["area_id"] == area, list(JOBSEEKER_EDU_COLUMNS)].iloc[0]
        assert (row == SECONDARY_MARK).sum() >= 1  # a partner in the row...
    column = protected.table.loc[protected.table["level"] == "lks", "jobseekers_edu_grundskole"]
    assert (column == SECONDARY_MARK).sum() >= 1  # ...and one down the column to the region total
    check_relations(protected)
    # the duration band of those 3 people is small too
    assert cell(protected, "657", "jobseekers_unemployed_lt3m") == 10 * 2 + 3
    assert cell(protected, REGION_ID, "jobseekers") == raw.loc[raw["level"] == "region", "jobseekers"].item()


def test_small_cells_in_a_shared_lks_cannot_be_recovered_from_the_other_level(
    lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame
) -> None:
    counts = even_region(lks_table)
    counts[("707", "gymnasial", "lt3m")] = 2  # Norddjurs, in LKS Djursland with Syddjurs
    counts[("707", "gymnasial", "3to12m")] = 0
    raw = raw_stats(lks_table, region_munis, seekers(counts))
    protected = protect_area_stats(raw)
    assert cell(protected, "707", "jobseekers_edu_gymnasial") == PRIMARY_MARK
    # Djursland's 22 is published in the LKS table: Syddjurs' 20 must not be, or 22 - 20 = 2
    related = [cell(protected, a, "jobseekers_edu_gymnasial") for a in ("706", "707", "djursland")]
    assert related[0] == SECONDARY_MARK or related[2] == SECONDARY_MARK
    check_relations(protected)


def test_small_region_total(lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame) -> None:
    companies = pd.DataFrame({"cvr": ["10000001", "10000002"], "municipality_code": ["657", "751"]})
    needs = pd.DataFrame({"need_id": ["N1", "N2"], "cvr": ["10000001", "10000002"]})
    decisions = pd.DataFrame(
        {
            "need_id": ["N1", "N1", "N2"],
            "person_id": ["P1", "P2", "P3"],
            "decision": ["accepted", "contacted", "accepted"],
        }
    )
    raw = raw_stats(lks_table, region_munis, seekers(even_region(lks_table)), decisions, needs, companies)
    protected = protect_area_stats(raw)
    for area in ("herning", "aarhus"):
        assert cell(protected, area, "decisions") == PRIMARY_MARK
        assert cell(protected, area, "matches_accepted") == PRIMARY_MARK
    for area in ("657", "751", "740"):  # decisions are counted per LKS, not per municipality
        assert cell(protected, area, "decisions") == NOT_SHOWN_MARK
    assert cell(protected, "silkeborg", "decisions") == 0
    # the region counts only what is shown: 0, and says it left areas out
    assert cell(protected, REGION_ID, "decisions") == 0
    assert protected.status.loc[protected.table["area_id"] == REGION_ID, "decisions"].item() == PARTIAL
    assert cell(protected, REGION_ID, "companies") == 2  # companies are not people
    check_relations(protected)


def test_status_matches_the_marks_and_other_columns_are_untouched(
    lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame
) -> None:
    counts = even_region(lks_table, per_cell=3)
    raw = raw_stats(lks_table, region_munis, seekers(counts))
    protected = protect_area_stats(raw)
    for column in audited(protected):
        status = protected.status[column].replace(SECONDARY_ZERO, PRIMARY)
        marks = protected.table[column].map({PRIMARY_MARK: PRIMARY, SECONDARY_MARK: SECONDARY}).fillna("")
        assert (marks == status).all()
        assert (raw[column][protected.status[column] == SECONDARY_ZERO] == 0).all()
        shown = protected.table[column][protected.status[column] == ""]
        assert (shown.astype("int64") == raw[column][shown.index]).all()
        hidden = protected.table[column][protected.status[column] == PRIMARY].index
        assert raw[column][hidden].between(1, 4).all()
    others = [c for c in raw.columns if c not in PEOPLE_COLUMNS]
    pd.testing.assert_frame_equal(protected.table[others], raw[others])
    assert list(protected.status.columns[: len(ID_COLUMNS)]) == list(ID_COLUMNS)
    check_relations(protected)
    values = raw[audited(protected)].to_numpy().ravel()
    states = protected.status[audited(protected)].to_numpy().ravel()
    code = np.array([{"": 0, PRIMARY: 1, SECONDARY: 2, SECONDARY_ZERO: 3}[s] for s in states])
    assert pinned(values, code, relations_of(raw, audited(protected))) == []


def test_level_tables(lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame) -> None:
    protected = protect_area_stats(raw_stats(lks_table, region_munis, seekers(even_region(lks_table))))
    assert len(protected.level("lks")) == 16 and len(protected.level("municipality")) == 20
    assert protected.people_columns == tuple(c for c in PEOPLE_COLUMNS)


def test_tables_that_do_not_add_up_are_refused(
    lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame
) -> None:
    raw = raw_stats(lks_table, region_munis, seekers(even_region(lks_table)))
    broken = raw.copy()
    broken.loc[0, "jobseekers_edu_grundskole"] += 1
    with pytest.raises(ValueError, match="does not add up"):
        protect_area_stats(broken)
    with pytest.raises(ValueError, match="lacks the columns"):
        protect_area_stats(raw.drop(columns="level"))


def test_every_people_column_is_in_a_relation() -> None:
    assert set(JOBSEEKER_EDU_COLUMNS) | set(JOBSEEKER_DURATION_COLUMNS) < set(PEOPLE_COLUMNS)
    assert len(EDUCATION_LEVELS) + 1 == len(JOBSEEKER_EDU_COLUMNS)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_sparse_region_is_protected(
    lks_table: pd.DataFrame, region_munis: gpd.GeoDataFrame, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    counts = {
        (code, level, band): int(rng.choice([0, 0, 1, 2, 3, 6]))
        for code in lks_table["municipality_code"]
        for level in EDUCATION_LEVELS
        for band in ("lt3m", "3to12m", "gt12m")
    }
    raw = raw_stats(lks_table, region_munis, seekers(counts))
    protected = protect_area_stats(raw)
    check_relations(protected)
    columns = audited(protected)
    states = protected.status[columns].to_numpy().ravel()
    code = np.array([{"": 0, PRIMARY: 1, SECONDARY: 2, SECONDARY_ZERO: 3}[s] for s in states])
    assert pinned(raw[columns].to_numpy().ravel(), code, relations_of(raw, columns)) == []
