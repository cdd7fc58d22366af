"""The partnership measures per municipality: visits (sambesøg) in the last 12 months and filled needs.

:func:`partnership_measures` is pure, like the rest of :mod:`stats.measures` (which sums its
counts to the LKS areas and the region and turns them into shares, see
:data:`stats.columns.RATIOS`). These are counts of *companies'* visits and needs, not of
persons: :mod:`stats.disclosure` publishes them as they are.

Placement. A visit, like a need, counts in the municipality its company (``cvr``) is placed
in; a visit or need of a company placed outside the region, or unknown, is not counted.

What is counted, as of ``today``:

- a visit is *in the last 12 months* when its ``date`` is after ``today`` minus 12 calendar
  months and not after ``today`` (a visit dated in the future is not counted yet; one
  without a date is never counted);
- its ``systems`` is the ``;``-list of the systems that took part
  (:data:`lksmatch.rules.SYSTEMS`, in any order and case; a name listed twice counts once);
  with :data:`lksmatch.rules.SAMBESOEG_MIN_SYSTEMS` (two) or more it is a *sambesøg*;
- ``visits_12m_vaekst``: visits to a company with at least one need in the programme
  ``vaekst`` (Vækstrettet kompetenceudvikling), whatever that need's status;
- ``needs_filled*``: every stored need whose ``status`` is ``filled`` (there is no date of
  filling, so no time window), and those of each programme. A need without a programme is in
  ``needs_filled`` only.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from lksmatch import rules
from stats.columns import PROGRAMMES
from stats.inputs import as_text, breakdown, choice, company_places, counts, dates, records

#: The columns a visits frame must have (``kind``, ``topics``, ``note``: never read here).
VISIT_FIELDS = ("visit_id", "cvr", "date", "systems")


def partnership_measures(
    visits: pd.DataFrame | None,
    needs: pd.DataFrame,
    by_cvr: pd.Series,
    index: pd.Index,
    today: dt.date,
) -> pd.DataFrame:
    """The partnership counts per municipality of ``index`` (``int64``).

    Parameters
    ----------
    visits
        ``visit_id``, ``cvr``, ``date``, ``systems`` (as in the import file or the database);
        ``None`` or an empty frame means no visits.
    needs
        ``need_id``, ``cvr`` and, when present, ``status`` and ``project``.
    by_cvr
        cvr -> the region municipality the company is placed in (``""``: not counted).
    index
        The region's municipality codes.
    today
        The last day of the 12 months.

    Returns
    -------
    DataFrame
        Indexed like ``index``: ``visits_12m``, ``sambesoeg_12m``, ``visits_three_systems_12m``
        (the numerator of ``share_visits_three_systems``), ``companies_visited_12m``,
        ``visits_12m_vaekst``, ``needs_filled``, ``needs_filled_vaekst`` and
        ``needs_filled_erhvervsfaglig``.
    """
    visits = records(pd.DataFrame() if visits is None else visits, "visits", VISIT_FIELDS)
    needs = records(needs, "needs", ["need_id", "cvr"])
    keys = company_places(visits, by_cvr).where(_in_last_12_months(visits, today), "")
    systems = _system_counts(visits["systems"])
    cvrs = as_text(visits["cvr"])
    programme = _programmes(needs)
    vaekst_companies = set(as_text(needs["cvr"])[programme == "vaekst"])
    first_visit = ~pd.DataFrame({"key": keys, "cvr": cvrs}).duplicated()
    status = (
        choice(needs["status"], "status", rules.NEED_STATUSES, "open")
        if "status" in needs.columns
        else pd.Series("open", index=needs.index, dtype=object)
    )
    filled = company_places(needs, by_cvr).where(status == "filled", "")
    columns = {p: f"needs_filled_{p}" for p in PROGRAMMES}
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "visits_12m": counts(keys, index),
                    "sambesoeg_12m": counts(keys.where(systems >= rules.SAMBESOEG_MIN_SYSTEMS, ""), index),
                    "visits_three_systems_12m": counts(keys.where(systems >= len(rules.SYSTEMS), ""), index),
                    "companies_visited_12m": counts(keys.where(first_visit, ""), index),
                    "visits_12m_vaekst": counts(keys.where(cvrs.isin(vaekst_companies), ""), index),
                    "needs_filled": counts(filled, index),
                }
            ),
            breakdown(filled, programme, columns, index),
        ],
        axis=1,
    ).astype("int64")


def _in_last_12_months(visits: pd.DataFrame, today: dt.date) -> pd.Series:
    start = (pd.Timestamp(today) - pd.DateOffset(months=12)).date()
    inside = [d is not None and start < d <= today for d in dates(visits, "date")]
    return pd.Series(inside, index=visits.index, dtype=bool)


def _system_counts(systems: pd.Series) -> pd.Series:
    """How many distinct systems took part in each visit; an unknown system is refused."""
    named = [{s.strip().lower() for s in text.split(";")} - {""} for text in as_text(systems)]
    unknown = sorted({s for names in named for s in names} - set(rules.SYSTEMS))
    if unknown:
        raise ValueError(f"`systems` holds {unknown}; expected a ;-list of {list(rules.SYSTEMS)}")
    return pd.Series([len(s) for s in named], index=systems.index, dtype="int64")


def _programmes(needs: pd.DataFrame) -> pd.Series:
    if "project" not in needs.columns:
        return pd.Series("no_programme", index=needs.index, dtype=object)
    return choice(needs["project"], "project", (*PROGRAMMES, "no_programme"), "no_programme")
