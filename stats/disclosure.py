"""Statistical disclosure control of the area statistics: primary and secondary suppression.

Counts of people (job seekers, decisions, accepted matches; see
:data:`stats.measures.PEOPLE_COLUMNS`) are protected; counts of companies, needs,
positions asked for (``people_asked`` counts positions a company wants to fill, not
identifiable persons), offers and the partnership's visits, and the ratios of such counts,
are published as they are. Zeros are not sensitive.

**Primary suppression.** A people count from 1 to 4 (below :data:`THRESHOLD`) is
published as :data:`PRIMARY_MARK` (``"<5"``).

**Secondary suppression.** The published tables have totals: in every row the job
seekers by education level, and again by unemployment duration, sum to ``jobseekers``
(:data:`ROW_GROUPS`); down every column an LKS is the sum of its municipalities and the
region row the sum of the LKS areas and of the municipalities (:func:`relations_of`).
Both levels are protected *together*, so a planner who exports the municipality table
and the LKS table cannot combine them either. A cell suppressed to protect another
one is published as :data:`SECONDARY_MARK` (``"x"``): its value is 5 or more, and
saying "<5" would be false. Only where no non-zero cell is left to hide does a zero
serve as a secondary suppression; it is published as ``"<5"``, which is true - zero is
fewer than five - and which is why ``"<5"`` is documented as "0-4" for readers.

The algorithm (:func:`suppression_pattern`) is deterministic and iterates to a fixed
point:

1. mark the primary cells;
2. *structural rule*: while some relation (a row group or a column sum) holds exactly
   one suppressed cell, suppress the smallest non-zero published cell of that
   relation (ties: the first in the relation's order, parts before the total; a zero
   only when no non-zero cell is left);
3. *audit*: an attacker knows every relation, every published value, that an ``x``
   cell is at least 5 and that a ``<5`` cell is 1-4 - or 0-4 within a group of
   linked suppressed cells that holds a suppressed zero. For each primary cell the
   audit solves two linear programmes (minimise and maximise the cell subject to all
   of that) over its connected group of suppressed cells. A cell whose feasible range
   holds a single whole number would be recovered - e.g. two ``<5`` cells in a row
   whose published total is 8 must both be 4, and a ``<5`` beside an ``x`` in a row
   whose hidden part is 6 must be 1. For each such cell, suppress another cell - the
   smallest non-zero published cell of one of its relations; else a published zero
   of one of them; else the same in a relation of its connected group - and go back
   to step 2.

The result never has exactly one suppressed cell in a relation, and no primary cell
is pinned to one value by the published table (the linear-programming audit used by
tau-ARGUS; a whole-number attacker could in rare cases narrow a range further).

**Counts that change with every decision** (:data:`EVENT_COLUMNS`: decisions and
accepted matches) are protected differently, because the tables are published again
after every decision and a reader who keeps yesterday's table can difference the two:
with Randers at 86 yesterday and hidden today (to protect Skive), today's region total
minus Aarhus minus yesterday's 86 is Skive's small count. No suppression pattern of one
table can stop that. So these counts are *coarsened by construction*: they are published
per LKS area only (an LKS with 1-4 is ``"<5"``; the municipality rows show
:data:`NOT_SHOWN_MARK`, ``".."``, not published at this level), and the region row is the
sum of the LKS figures that are shown (status :data:`PARTIAL` when an area was left
out). No published figure then depends on a count that is hidden - in any table, of any
day - so no sequence of published tables recovers one, and no secondary suppression
is needed for them (``tests/stats/test_differencing.py`` checks this over random
sequences of decisions). The price, documented in every export: the region's decision
count leaves out the areas with fewer than five.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.optimize import linprog

from stats.columns import (
    DECISION_COLUMNS,
    ID_COLUMNS,
    JOBSEEKER_DURATION_COLUMNS,
    JOBSEEKER_EDU_COLUMNS,
    MEASURES,
    PEOPLE_COLUMNS,
    RESULT_COLUMNS,
)
from stats.measures import level_rows

#: People counts from 1 to ``THRESHOLD - 1`` are suppressed.
THRESHOLD = 5
#: How a primary-suppressed cell (a count of 1-4 people) is published; also a zero hidden as a secondary.
PRIMARY_MARK = "<5"
#: How a secondary-suppressed cell (a count of 5 or more, hidden to protect another cell) is published.
SECONDARY_MARK = "x"
#: How a count that is not published at a level is shown (the event columns of a municipality).
NOT_SHOWN_MARK = ".."
#: Status of a cell in :attr:`ProtectedStats.status` (``SECONDARY_ZERO``: a zero shown as ``<5``).
PUBLISHED, PRIMARY, SECONDARY, SECONDARY_ZERO = "", "primary", "secondary", "secondary_zero"
#: Status of an event count not published at its level, and of a region total that leaves out hidden areas.
NOT_AT_LEVEL, PARTIAL = "not_at_level", "partial"
#: People counts that change with every decision: published per LKS, region = sum of what is shown.
EVENT_COLUMNS = (*DECISION_COLUMNS, *RESULT_COLUMNS)

#: Within every row: (total column, part columns) with total == sum(parts).
ROW_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("jobseekers", JOBSEEKER_EDU_COLUMNS),
    ("jobseekers", JOBSEEKER_DURATION_COLUMNS),
)

_FREE, _PRIMARY, _SECONDARY, _ZERO = 0, 1, 2, 3
_STATUS_NAMES = (PUBLISHED, PRIMARY, SECONDARY, SECONDARY_ZERO)
_MARKS = {_PRIMARY: PRIMARY_MARK, _SECONDARY: SECONDARY_MARK, _ZERO: PRIMARY_MARK}
_EPS = 1e-6


@dataclass(frozen=True)
class Relation:
    """A linear relation between cells of a table: ``total == sum(parts)`` (flat cell indices)."""

    total: int
    parts: tuple[int, ...]

    @property
    def cells(self) -> tuple[int, ...]:
        """The parts, then the total (the order in which secondary candidates are tried)."""
        return (*self.parts, self.total)


@dataclass(frozen=True)
class ProtectedStats:
    """Area statistics ready to publish: the one input of every export.

    table
        The statistics of :func:`stats.measures.compute_area_stats` with the people
        columns as object columns: a published count is an ``int``, a suppressed one
        :data:`PRIMARY_MARK` or :data:`SECONDARY_MARK`. The raw values are not kept.
    status
        :data:`~stats.measures.ID_COLUMNS` and one column per people column, holding
        :data:`PUBLISHED` (``""``), :data:`PRIMARY`, :data:`SECONDARY` or
        :data:`SECONDARY_ZERO`; for :data:`EVENT_COLUMNS` also :data:`NOT_AT_LEVEL`
        (municipality rows) and :data:`PARTIAL` (a region total that leaves out LKS areas
        with 1-4).
    """

    table: pd.DataFrame
    status: pd.DataFrame

    def level(self, level: str) -> pd.DataFrame:
        """The published rows of one level (``lks`` or ``municipality``) and the region row."""
        return level_rows(self.table, level)

    @property
    def people_columns(self) -> tuple[str, ...]:
        """The protected columns of this table."""
        return tuple(c for c in self.status.columns if c not in ID_COLUMNS)


def protect_area_stats(stats: pd.DataFrame) -> ProtectedStats:
    """Suppress the people counts of raw area statistics, both levels at once.

    Parameters
    ----------
    stats
        The raw output of :func:`stats.measures.compute_area_stats` (all levels).

    Returns
    -------
    ProtectedStats

    Raises
    ------
    ValueError
        When ``stats`` lacks the identification or job seeker columns, holds a negative
        count, or its totals do not add up (then it is not a table of that function).
    """
    missing = [c for c in (*ID_COLUMNS, "jobseekers") if c not in stats.columns]
    if missing:
        raise ValueError(f"`stats` lacks the columns {missing}; expected the output of compute_area_stats")
    stats = stats.reset_index(drop=True)
    every = [c for c in PEOPLE_COLUMNS if c in stats.columns]
    _check_adds_up(stats, every)
    columns = [c for c in every if c not in EVENT_COLUMNS]
    values = stats[columns].to_numpy(dtype="int64")
    pattern = suppression_pattern(values.ravel(), relations_of(stats, columns)).reshape(values.shape)
    table = stats.copy()
    status = stats[list(ID_COLUMNS)].copy()
    for j, column in enumerate(columns):
        shown: list[object] = []
        for value, state in zip(values[:, j], pattern[:, j], strict=True):
            shown.append(_MARKS.get(int(state), int(value)))
        table[column] = pd.Series(shown, dtype=object)
        status[column] = pd.Series([_STATUS_NAMES[s] for s in pattern[:, j]], dtype=object)
    for column in every:
        if column in EVENT_COLUMNS:
            table[column], status[column] = _coarsen_events(stats, column)
    return ProtectedStats(table=table, status=status[[*ID_COLUMNS, *every]])


def with_new_events(protected: ProtectedStats, stats: pd.DataFrame) -> ProtectedStats:
    """``protected`` with its :data:`EVENT_COLUMNS` coarsened again from the raw ``stats``.

    The event columns are protected on their own (see the module documentation), so after
    decisions only - nothing else changed - they can be replaced without counting or auditing
    the rest again. ``stats`` must hold the same rows in the same order (``level``, ``area_id``).
    """
    return with_recounted(protected, stats, [c for c in EVENT_COLUMNS if c in protected.table.columns])


def with_recounted(protected: ProtectedStats, stats: pd.DataFrame, columns: Sequence[str]) -> ProtectedStats:
    """``protected`` with ``columns`` taken again from the raw ``stats``, the rest as it was.

    Only columns that are protected on their own can be replaced so: the :data:`EVENT_COLUMNS`
    (coarsened again) and the columns that are no counts of people (published as they are,
    e.g. :data:`~stats.columns.PARTNERSHIP_COLUMNS`); the other people columns are suppressed
    together and need :func:`protect_area_stats`. A column that ``protected`` lacks (a table
    stored before it existed) is added; the columns keep the :data:`~stats.columns.MEASURES`
    order. ``stats`` must hold the same rows in the same order (``level``, ``area_id``).
    """
    stats = stats.reset_index(drop=True)
    same = [list(protected.table[c].astype(str)) == list(stats[c].astype(str)) for c in ("level", "area_id")]
    if not all(same):
        raise ValueError("`stats` does not hold the rows of `protected` in its order")
    joint = [c for c in columns if c in PEOPLE_COLUMNS and c not in EVENT_COLUMNS]
    if joint:
        raise ValueError(f"the people columns {joint} are suppressed together; protect the whole table")
    missing = [c for c in columns if c not in stats.columns]
    if missing:
        raise ValueError(f"`stats` lacks the columns {missing}")
    events = [c for c in columns if c in EVENT_COLUMNS]
    _check_adds_up(stats, events)
    table, status = protected.table.copy(), protected.status.copy()
    for column in columns:
        if column in EVENT_COLUMNS:
            table[column], status[column] = _coarsen_events(stats, column)
        else:
            table[column] = stats[column]
    measures = [c for c in MEASURES if c in table.columns]
    others = [c for c in table.columns if c not in ID_COLUMNS and c not in MEASURES]
    table = table[[*ID_COLUMNS, *measures, *others]]
    people = [c for c in measures if c in status.columns]
    return ProtectedStats(table=table, status=status[[*ID_COLUMNS, *people]])


def _check_adds_up(stats: pd.DataFrame, columns: Sequence[str]) -> None:
    values = stats[list(columns)].to_numpy(dtype="int64")
    if (values < 0).any():
        raise ValueError("`stats` holds negative people counts")
    flat = values.ravel()
    for relation in relations_of(stats, columns):
        if flat[relation.total] != flat[list(relation.parts)].sum():
            row, col = divmod(relation.total, len(columns))
            raise ValueError(
                f"`stats` does not add up: {columns[col]} of row {stats['area_id'][row]!r} "
                f"is {flat[relation.total]}, its parts sum to {flat[list(relation.parts)].sum()}"
            )


def _coarsen_events(stats: pd.DataFrame, column: str) -> tuple[pd.Series, pd.Series]:
    """An event column: LKS rows shown or ``<5``, municipalities ``..``, region = sum of the shown LKS."""
    shown: list[object] = []
    states: list[str] = []
    counted = 0
    left_out = False
    for level, value in zip(stats["level"], stats[column].astype("int64"), strict=True):
        if level == "lks":
            small = 1 <= value < THRESHOLD
            shown.append(PRIMARY_MARK if small else int(value))
            states.append(PRIMARY if small else PUBLISHED)
            counted += 0 if small else int(value)
            left_out = left_out or small
        elif level == "municipality":
            shown.append(NOT_SHOWN_MARK)
            states.append(NOT_AT_LEVEL)
        else:
            shown.append(None)  # the region: filled in below, once every LKS is counted
            states.append("")
    for i, level in enumerate(stats["level"]):
        if level == "region":
            shown[i] = counted
            states[i] = PARTIAL if left_out else PUBLISHED
    return pd.Series(shown, dtype=object), pd.Series(states, dtype=object)


def relations_of(stats: pd.DataFrame, columns: Sequence[str]) -> list[Relation]:
    """Every relation between the cells ``stats[columns]`` (cell = row * len(columns) + column).

    Row groups: :data:`ROW_GROUPS` in every row. Columns: each LKS row is the sum of the
    municipality rows with its ``lks_id``; the region row is the sum of the LKS rows and,
    again, of the municipality rows.
    """
    width = len(columns)
    position = {c: j for j, c in enumerate(columns)}

    def cell(row: int, column: str) -> int:
        return row * width + position[column]

    levels = stats["level"].to_numpy()
    lks_ids = stats["lks_id"].to_numpy()
    area_ids = stats["area_id"].to_numpy()
    munis = [i for i in range(len(stats)) if levels[i] == "municipality"]
    lks_rows = [i for i in range(len(stats)) if levels[i] == "lks"]
    regions = [i for i in range(len(stats)) if levels[i] == "region"]
    hierarchy: list[tuple[int, list[int]]] = []
    for row in lks_rows:
        members = [m for m in munis if lks_ids[m] == area_ids[row]]
        if members:
            hierarchy.append((row, members))
    for row in regions:
        if lks_rows:
            hierarchy.append((row, lks_rows))
        if munis:
            hierarchy.append((row, munis))
    relations: list[Relation] = []
    for row in range(len(stats)):
        for total, parts in ROW_GROUPS:
            if total in position and all(p in position for p in parts):
                relations.append(Relation(cell(row, total), tuple(cell(row, p) for p in parts)))
    for column in columns:
        for total_row, part_rows in hierarchy:
            relations.append(Relation(cell(total_row, column), tuple(cell(r, column) for r in part_rows)))
    return relations


def suppression_pattern(
    values: npt.ArrayLike, relations: Sequence[Relation], *, threshold: int = THRESHOLD
) -> npt.NDArray[np.int8]:
    """Which cells to suppress: 0 published, 1 primary, 2 secondary (see the module documentation).

    Parameters
    ----------
    values
        Non-negative whole counts, one per cell (a flattened table).
    relations
        The relations ``total == sum(parts)`` that hold between the cells.
    threshold
        Counts from 1 to ``threshold - 1`` are primary.
    """
    flat = np.asarray(values, dtype="int64").ravel()
    status = np.where((flat >= 1) & (flat < threshold), _PRIMARY, _FREE).astype(np.int8)
    member: dict[int, list[int]] = {}
    for k, relation in enumerate(relations):
        for c in relation.cells:
            member.setdefault(c, []).append(k)
    cache: dict[tuple[tuple[int, int], ...], list[int]] = {}
    while True:
        _apply_structural_rule(flat, status, relations)
        exposed = _audit(flat, status, relations, member, threshold, cache)
        if not exposed:
            return status
        touched: set[int] = set()
        for cell in exposed:
            if touched.intersection(member.get(cell, [])):
                continue  # a relation of this cell changed in this round; audit it again first
            own = [relations[k] for k in member.get(cell, [])]
            chosen = _pick(flat, status, own)
            if chosen is None:
                group = [relations[k] for k in _component_relations(cell, status, relations, member)]
                chosen = _pick(flat, status, group)
            if chosen is None:  # pragma: no cover - everything around the cell is suppressed already
                raise RuntimeError(f"cell {cell} cannot be protected: no published cell is left around it")
            status[chosen] = _SECONDARY if flat[chosen] > 0 else _ZERO
            touched.update(member.get(chosen, []))


def _apply_structural_rule(values: np.ndarray, status: np.ndarray, relations: Sequence[Relation]) -> None:
    """Until stable: a relation with exactly one suppressed cell gets a second one."""
    changed = True
    while changed:
        changed = False
        for relation in relations:
            if sum(1 for c in relation.cells if status[c] != _FREE) == 1:
                chosen = _pick(values, status, [relation])
                if chosen is None:  # pragma: no cover - a relation has at least two cells
                    raise RuntimeError(f"relation {relation} has one suppressed cell and nothing to add")
                status[chosen] = _SECONDARY if values[chosen] > 0 else _ZERO
                changed = True


def _pick(values: np.ndarray, status: np.ndarray, relations: Sequence[Relation]) -> int | None:
    """The next cell to suppress in ``relations``: the smallest non-zero one, else a zero."""
    chosen = _candidate(values, status, relations)
    return chosen if chosen is not None else _candidate(values, status, relations, zero=True)


def _candidate(
    values: np.ndarray, status: np.ndarray, relations: Sequence[Relation], *, zero: bool = False
) -> int | None:
    """The smallest non-zero published cell of ``relations`` (the first on ties); with
    ``zero``, the first published zero instead.
    """
    best: tuple[int, int] | None = None
    chosen: int | None = None
    order = 0
    for relation in relations:
        for c in relation.cells:
            order += 1
            if status[c] != _FREE or (values[c] == 0) != zero:
                continue
            if best is None or (int(values[c]), order) < best:
                best, chosen = (int(values[c]), order), c
    return chosen


def _components(status: np.ndarray, relations: Sequence[Relation]) -> list[tuple[list[int], list[int]]]:
    """Groups of suppressed cells linked by relations: (cells, relation indices)."""
    parent: dict[int, int] = {}

    def find(c: int) -> int:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    active: list[int] = []
    for k, relation in enumerate(relations):
        hidden = [c for c in relation.cells if status[c] != _FREE]
        if not hidden:
            continue
        active.append(k)
        for c in hidden:
            parent.setdefault(c, c)
        root = find(hidden[0])
        for c in hidden[1:]:
            parent[find(c)] = root
    cells: dict[int, list[int]] = {}
    for c in sorted(parent):
        cells.setdefault(find(c), []).append(c)
    rels: dict[int, list[int]] = {}
    for k in active:
        first = next(c for c in relations[k].cells if status[c] != _FREE)
        rels.setdefault(find(first), []).append(k)
    return [(cells[root], rels[root]) for root in sorted(cells, key=lambda r: cells[r][0])]


def _component_relations(
    cell: int, status: np.ndarray, relations: Sequence[Relation], member: dict[int, list[int]]
) -> list[int]:
    for cells, rels in _components(status, relations):
        if cell in cells:
            return rels
    return member.get(cell, [])


def _audit(
    values: np.ndarray,
    status: np.ndarray,
    relations: Sequence[Relation],
    member: dict[int, list[int]],
    threshold: int,
    cache: dict[tuple[tuple[int, int], ...], list[int]],
) -> list[int]:
    """The primary cells whose value the published table pins down (sorted)."""
    exposed: list[int] = []
    for cells, rels in _components(status, relations):
        key = tuple((c, int(status[c])) for c in cells)
        if key not in cache:
            cache[key] = _audit_component(values, status, relations, cells, rels, threshold)
        exposed.extend(cache[key])
    return sorted(exposed)


def _audit_component(
    values: np.ndarray,
    status: np.ndarray,
    relations: Sequence[Relation],
    cells: list[int],
    rels: list[int],
    threshold: int,
) -> list[int]:
    index = {c: i for i, c in enumerate(cells)}
    matrix = np.zeros((len(rels), len(cells)))
    rhs = np.zeros(len(rels))
    for r, k in enumerate(rels):
        relation = relations[k]
        for c, coefficient in ((relation.total, 1.0), *((p, -1.0) for p in relation.parts)):
            if status[c] == _FREE:
                rhs[r] -= coefficient * values[c]
            else:
                matrix[r, index[c]] += coefficient
    small = 0 if any(status[c] == _ZERO for c in cells) else 1  # "<5" is 1-4, or 0-4 beside a hidden zero
    bounds: list[tuple[int, int | None]] = [
        (threshold, None) if status[c] == _SECONDARY else (small, threshold - 1) for c in cells
    ]
    exposed = []
    for c in cells:
        if status[c] != _PRIMARY:
            continue
        objective = np.zeros(len(cells))
        objective[index[c]] = 1.0
        low = _solve(objective, matrix, rhs, bounds)
        high = -_solve(-objective, matrix, rhs, bounds)
        if math.floor(high + _EPS) - math.ceil(low - _EPS) < 1:
            exposed.append(c)
    return exposed


def _solve(
    objective: np.ndarray, matrix: np.ndarray, rhs: np.ndarray, bounds: Sequence[tuple[int, int | None]]
) -> float:
    result = linprog(objective, A_eq=matrix, b_eq=rhs, bounds=bounds, method="highs")
    if result.status != 0:  # pragma: no cover - the true values are always feasible
        raise RuntimeError(f"the disclosure audit failed: {result.message}")
    return float(result.fun)
