"""Measures per area: what the region has, wants and offers, per municipality and LKS.

:func:`compute_area_stats` is pure: it takes the records as DataFrames shaped like the
import files of PRODUCT.md (text as in a file, or typed values as read from the
database) and returns **raw** counts for every municipality of the region, every LKS
and the region as a whole. Raw counts contain small counts of people and must never
be published as they are: :func:`stats.disclosure.protect_area_stats` suppresses
them, and every export is written from its result.

Rows. One row per municipality of the region (``level = "municipality"``, sorted by
kommunekode), one per LKS (``"lks"``, sorted by ``lks_id``) and one region total
(``"region"``, ``area_id = "DK-82"``). Every count is additive: an LKS row is the sum
of its municipalities, the region row the sum of the LKS rows (only the ratios -
``coverage_rate`` and the shares of visits, :data:`~stats.columns.RATIOS` - are recomputed
per row from the row's counts). :func:`level_rows` picks one level plus the region row.

Placement. A company, job seeker or offer counts in the municipality it was placed in:
``placed_municipality_code`` when the frame has it (the database column), else
``municipality_code`` (the column :meth:`geo.assign.Assigner.assign` writes). A
record placed outside the region, or not at all, is not counted anywhere, so the
region row is exactly the sum of the areas. A need counts where its company (``cvr``)
is placed, and so does a visit; a decision counts where its need counts.

What is counted, as of the ``today`` parameter:

- companies: every placed company; needs: the open ones (:func:`lksmatch.rules.open_needs`:
  ``status`` ``open`` - a frame without ``status`` holds open needs only, an empty status is
  open - and a ``deadline`` that has not passed);
- job seekers: those unemployed on ``today`` — ``unemployed_since`` empty or not after
  ``today``, and ``unemployment_ended`` (when the frame has it) empty or after
  ``today``. Duration bands use calendar months: ``lt3m`` = since after ``today``
  minus 3 months; ``3to12m`` = since between ``today`` minus 12 months and ``today``
  minus 3 months, both included; ``gt12m`` = before ``today`` minus 12 months;
- offers: those not yet over — no ``start_date``, or ``start_date`` +
  ``duration_days`` (0 when empty) not before ``today``; an empty ``seats`` counts 0;
- decisions: every decision on a need that is counted in the area, whatever the
  need's status; accepted matches are distinct (``need_id``, ``person_id``) pairs
  with an ``accepted`` decision;
- visits and filled needs (the partnership measures, :mod:`stats.partnership`): the visits
  dated in the 12 months up to ``today`` (after ``today`` minus 12 months, not after
  ``today``), those with two or more systems (a *sambesøg*), the distinct companies
  visited; every need with ``status`` ``filled`` (no time window: a need has no date of
  filling).

The ISCO major group of a need is the first digit of the ``isco_code`` column (which
the service fills with the occupation matcher's resolution of ``occupation``; ``""``
= unknown). Without that column a need whose ``occupation`` is itself a 1-4 digit
ISCO code uses it; every other need is ``unknown``. ``needs_with_candidate`` and
``coverage_rate`` are computed only when the needs frame has a ``good_candidates``
column (a boolean or a count of good candidates per need); without it the two columns
are absent, never zero.

Columns
-------

Identification: ``level`` (``municipality`` | ``lks`` | ``region``), ``area_id``
(kommunekode, ``lks_id`` or ``DK-82``), ``area_name``, ``lks_id`` (the LKS of a
municipality; the id itself on an LKS row; empty on the region row).

The measures, in table order. ``P`` marks the counts of persons that
:mod:`stats.disclosure` suppresses; ``people_asked`` counts the *positions* the
companies ask for, not identifiable persons, and is published as it is (as are the
counts of companies, needs, offers and visits, and the shares of visits).
``kort_videregaaende``, ``mellemlang_videregaaende`` and ``lang_videregaaende`` spell the
Danish education levels in ASCII. The two coverage columns exist only when ``good_candidates`` is given.

| column | label (da) | meaning | P |
|---|---|---|---|
| `companies` | Virksomheder | companies placed in the area | |
| `growth_companies` | Vækstvirksomheder | companies with `growth_company` true | |
| `companies_with_open_need` | Virksomheder med åbne behov | companies with at least one open need | |
| `needs_open` | Åbne behov | open needs | |
| `people_asked` | Efterspurgte personer | sum of `count` over the open needs | |
| `needs_isco_0` | Åbne behov, ISCO 0 militært arbejde | open needs, ISCO group 0 | |
| `needs_isco_1` | Åbne behov, ISCO 1 ledelse | open needs, ISCO group 1 | |
| `needs_isco_2` | Åbne behov, ISCO 2 viden på højeste niveau | open needs, ISCO group 2 | |
| `needs_isco_3` | Åbne behov, ISCO 3 viden på mellemniveau | open needs, ISCO group 3 | |
| `needs_isco_4` | Åbne behov, ISCO 4 kontor og kundeservice | open needs, ISCO group 4 | |
| `needs_isco_5` | Åbne behov, ISCO 5 service og salg | open needs, ISCO group 5 | |
| `needs_isco_6` | Åbne behov, ISCO 6 landbrug, skovbrug og fiskeri | open needs, ISCO group 6 | |
| `needs_isco_7` | Åbne behov, ISCO 7 håndværk | open needs, ISCO group 7 | |
| `needs_isco_8` | Åbne behov, ISCO 8 operatør, montage og transport | open needs, ISCO group 8 | |
| `needs_isco_9` | Åbne behov, ISCO 9 andet manuelt arbejde | open needs, ISCO group 9 | |
| `needs_isco_unknown` | Åbne behov, ISCO ukendt | open needs, ISCO group unknown | |
| `people_asked_isco_0` | Efterspurgte personer, ISCO 0 militært arbejde | positions, group 0 | |
| `people_asked_isco_1` | Efterspurgte personer, ISCO 1 ledelse | positions, group 1 | |
| `people_asked_isco_2` | Efterspurgte personer, ISCO 2 viden på højeste niveau | positions, group 2 | |
| `people_asked_isco_3` | Efterspurgte personer, ISCO 3 viden på mellemniveau | positions, group 3 | |
| `people_asked_isco_4` | Efterspurgte personer, ISCO 4 kontor og kundeservice | positions, group 4 | |
| `people_asked_isco_5` | Efterspurgte personer, ISCO 5 service og salg | positions, group 5 | |
| `people_asked_isco_6` | Efterspurgte personer, ISCO 6 landbrug, skovbrug og fiskeri | positions, group 6 | |
| `people_asked_isco_7` | Efterspurgte personer, ISCO 7 håndværk | positions, group 7 | |
| `people_asked_isco_8` | Efterspurgte personer, ISCO 8 operatør, montage og transport | group 8 | |
| `people_asked_isco_9` | Efterspurgte personer, ISCO 9 andet manuelt arbejde | positions, group 9 | |
| `people_asked_isco_unknown` | Efterspurgte personer, ISCO ukendt | positions, group unknown | |
| `needs_hire` | Åbne behov, ansættelse | open needs, kind hire | |
| `needs_upskill` | Åbne behov, opkvalificering | open needs, kind upskill | |
| `people_asked_hire` | Efterspurgte personer, ansættelse | positions, hire | |
| `people_asked_upskill` | Efterspurgte personer, opkvalificering | positions, upskill | |
| `needs_vaekst` | Åbne behov, Vækstrettet kompetenceudvikling | open needs, project vaekst | |
| `needs_erhvervsfaglig` | Åbne behov, Erhvervsfaglige kompetencer | open needs, project erhvervsfaglig | |
| `needs_no_programme` | Åbne behov, intet program | open needs, no project | |
| `people_asked_vaekst` | Efterspurgte personer, Vækstrettet kompetenceudvikling | positions, vaekst | |
| `people_asked_erhvervsfaglig` | Efterspurgte personer, Erhvervsfaglige kompetencer | positions, erhv. | |
| `people_asked_no_programme` | Efterspurgte personer, intet program | positions, no project | |
| `needs_with_candidate` | Åbne behov med mindst én god kandidat | open needs with a good candidate | |
| `coverage_rate` | Dækningsgrad | needs_with_candidate / needs_open (0-1) | |
| `jobseekers` | Ledige | unemployed on `today` | P |
| `jobseekers_edu_grundskole` | Ledige, grundskole | by `education_level` | P |
| `jobseekers_edu_gymnasial` | Ledige, gymnasial | by `education_level` | P |
| `jobseekers_edu_erhvervsfaglig` | Ledige, erhvervsfaglig | by `education_level` | P |
| `jobseekers_edu_kort_videregaaende` | Ledige, kort videregående | by `education_level` | P |
| `jobseekers_edu_mellemlang_videregaaende` | Ledige, mellemlang videregående | by `education_level` | P |
| `jobseekers_edu_lang_videregaaende` | Ledige, lang videregående | by `education_level` | P |
| `jobseekers_edu_unknown` | Ledige, uddannelse ukendt | no `education_level` | P |
| `jobseekers_unemployed_lt3m` | Ledige under 3 måneder | unemployed < 3 months | P |
| `jobseekers_unemployed_3to12m` | Ledige 3-12 måneder | 3-12 months | P |
| `jobseekers_unemployed_gt12m` | Ledige over 12 måneder | > 12 months | P |
| `jobseekers_unemployed_unknown` | Ledige, varighed ukendt | no `unemployed_since` | P |
| `offers` | Uddannelsestilbud | education offers not yet over | |
| `offers_open_to_unemployed` | Tilbud åbne for ledige | offers `open_to_unemployed` | |
| `offer_seats_free` | Ledige pladser | sum of `seats` | |
| `decisions` | Registrerede beslutninger | decisions on the area's needs | P |
| `matches_accepted` | Accepterede match | accepted (need, person) pairs | P |
| `people_hired` | Ansatte personer | (need, person) pairs with outcome `hired` | P |
| `people_hired_erhvervsfaglig` | Ansatte personer, Erhvervsfaglige kompetencer | hired, project erhv. | P |
| `staff_enrolled` | Medarbejdere tilmeldt kurser | staff enrolled for the area's needs | P |
| `staff_enrolled_vaekst` | Medarbejdere tilmeldt kurser, Vækstrettet kompetenceudvikling | vaekst | P |
| `staff_enrolled_erhvervsfaglig` | Medarbejdere tilmeldt kurser, Erhvervsfaglige kompetencer | erhv. | P |
| `visits_12m` | Besøg, seneste 12 måneder | visits in the 12 months up to `today` | |
| `sambesoeg_12m` | Sambesøg, seneste 12 måneder | of them with two or more systems | |
| `share_visits_two_systems` | Andel besøg med mindst to systemer | sambesoeg_12m / visits_12m (0-1) | |
| `share_visits_three_systems` | Andel besøg med alle tre systemer | all three systems / visits_12m (0-1) | |
| `companies_visited_12m` | Besøgte virksomheder, seneste 12 måneder | distinct companies of `visits_12m` | |
| `visits_12m_vaekst` | Besøg, seneste 12 måneder, Vækstrettet kompetenceudvikling | to vaekst companies | |
| `needs_filled` | Opfyldte behov | needs with status `filled` | |
| `needs_filled_vaekst` | Opfyldte behov, Vækstrettet kompetenceudvikling | filled, project vaekst | |
| `needs_filled_erhvervsfaglig` | Opfyldte behov, Erhvervsfaglige kompetencer | filled, project erhv. | |

The edu columns and the duration columns each sum to ``jobseekers``; the ISCO, kind
and programme columns sum to ``needs_open`` (``people_asked_*`` to ``people_asked``);
``needs_filled_vaekst`` and ``needs_filled_erhvervsfaglig`` leave out the filled needs of no
programme. ``visits_12m_vaekst`` counts the visits to a company with a need (of any status)
in ``vaekst``. The two shares of visits are NaN in a row without visits.
:data:`MEASURE_LABELS_DA` and :data:`MEASURE_LABELS_EN` hold a display label for
every column.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd

from lksmatch import rules
from stats.columns import (
    DURATION_BANDS,
    EDUCATION_LEVELS,
    ID_COLUMNS,
    ISCO_GROUPS,
    JOBSEEKER_DURATION_COLUMNS,
    JOBSEEKER_EDU_COLUMNS,
    KINDS,
    LEVELS,
    MEASURES,
    NEEDS_ISCO_COLUMNS,
    NEEDS_KIND_COLUMNS,
    NEEDS_PROGRAMME_COLUMNS,
    PEOPLE_ASKED_ISCO_COLUMNS,
    PEOPLE_ASKED_KIND_COLUMNS,
    PEOPLE_ASKED_PROGRAMME_COLUMNS,
    PROGRAMMES,
    RATIOS,
    REGION_ID,
    REGION_NAME,
)
from stats.inputs import (
    as_text,
    breakdown,
    choice,
    company_places,
    counts,
    dates,
    flags,
    integers,
    places,
    records,
    require,
)
from stats.partnership import partnership_measures
from stats.results import result_measures

_ISCO_CODE = re.compile(r"\d{1,4}")


def compute_area_stats(
    *,
    lks_table: pd.DataFrame,
    municipalities: pd.DataFrame,
    companies: pd.DataFrame,
    needs: pd.DataFrame,
    jobseekers: pd.DataFrame,
    offers: pd.DataFrame,
    decisions: pd.DataFrame,
    today: dt.date,
    visits: pd.DataFrame | None = None,
    outcomes: pd.DataFrame | None = None,
    enrolments: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Count every measure per municipality, per LKS and for the region (raw, unprotected).

    Parameters
    ----------
    lks_table
        ``lks_id``, ``lks_name``, ``municipality_code``: the validated grouping
        (:func:`geo.lks.validate_lks_table`); it defines the region's municipalities.
    municipalities
        ``municipality_code``, ``municipality_name`` for (at least) those municipalities,
        e.g. ``Geography.region``.
    companies, needs, jobseekers, offers, decisions
        Records as described in the module documentation; an empty frame (even one
        without columns) means no records. ``decisions`` has ``need_id``,
        ``person_id`` and ``decision`` (``contacted`` | ``accepted`` | ``rejected``).
    today
        The reference date of the unemployment bands, of the offers still open and of the
        visits in the last 12 months.
    visits
        The partnership's visits (:mod:`stats.partnership`: ``visit_id``, ``cvr``,
        ``date``, ``systems``); ``None`` (the default) means no visits were recorded.
    outcomes, enrolments
        What came of the needs (:mod:`stats.results`: outcomes with ``need_id``,
        ``person_id``, ``outcome``; enrolments with ``need_id``, ``staff``); ``None``: none.

    Returns
    -------
    DataFrame
        :data:`ID_COLUMNS` and the measures in :data:`MEASURES` order (without the
        coverage columns when ``needs`` has no ``good_candidates``): the
        municipalities, then the LKS areas, then the region row; default index. Counts
        are ``int64``; the ratios (:data:`~stats.columns.RATIO_COLUMNS`) are floats (NaN
        where the denominator is 0).

    Raises
    ------
    ValueError
        When a frame lacks a required column or holds a value outside the data contract.
    """
    if not isinstance(today, dt.date) or isinstance(today, dt.datetime):
        raise ValueError(f"`today` was {today!r} but is expected to be a datetime.date")
    areas = _areas(lks_table, municipalities)
    index = pd.Index(areas["municipality_code"], name="municipality_code")
    companies = records(companies, "companies", ["cvr"])
    placed = places(companies, "companies", index)
    by_cvr = pd.Series(placed.to_numpy(), index=as_text(companies["cvr"]).to_numpy())
    by_cvr = by_cvr[~by_cvr.index.duplicated()]
    parts = [
        _company_measures(companies, placed, needs, index, today),
        _need_measures(needs, by_cvr, index, today),
        _jobseeker_measures(jobseekers, index, today),
        _offer_measures(offers, index, today),
        _decision_measures(decisions, needs, by_cvr, index),
        result_measures(outcomes, enrolments, needs, by_cvr, index),
        partnership_measures(visits, needs, by_cvr, index, today),
    ]
    per_muni = pd.concat(parts, axis=1).astype("int64")
    per_lks = per_muni.groupby(areas.set_index("municipality_code")["lks_id"], sort=True).sum()
    region = per_muni.sum().to_frame().T
    lks_names = areas.drop_duplicates("lks_id").set_index("lks_id")["lks_name"]
    ids = pd.concat(
        [
            pd.DataFrame(
                {
                    "level": "municipality",
                    "area_id": areas["municipality_code"],
                    "area_name": areas["municipality_name"],
                    "lks_id": areas["lks_id"],
                }
            ),
            pd.DataFrame(
                {
                    "level": "lks",
                    "area_id": per_lks.index,
                    "area_name": lks_names.reindex(per_lks.index),
                    "lks_id": per_lks.index,
                }
            ),
            pd.DataFrame(
                {"level": ["region"], "area_id": [REGION_ID], "area_name": [REGION_NAME], "lks_id": [""]}
            ),
        ],
        ignore_index=True,
    ).astype(str)
    values = pd.concat([per_muni, per_lks, region], ignore_index=True).astype("int64")
    table = pd.concat([ids, values], axis=1)
    for ratio, (numerator, denominator) in RATIOS.items():
        if numerator in table.columns:
            table[ratio] = _ratio(table[numerator], table[denominator])
    columns = [c for c in MEASURES if c in table.columns]
    return table[[*ID_COLUMNS, *columns]]


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """``numerator / denominator`` per row, rounded to three decimals; NaN where the denominator is 0."""
    pairs = zip(numerator.to_numpy(dtype=float), denominator.to_numpy(dtype=float), strict=True)
    return pd.Series([round(a / b, 3) if b > 0 else math.nan for a, b in pairs], dtype="float64")


def level_rows(table: pd.DataFrame, level: str) -> pd.DataFrame:
    """The rows of one ``level`` (``lks`` or ``municipality``) and the region row.

    Works on a raw or a published table; ``lks_id`` is dropped at LKS level (it
    repeats ``area_id``). The result has a default index.
    """
    if level not in LEVELS:
        raise ValueError(f"`level` was {level!r} but is expected to be in {list(LEVELS)}")
    rows = table[table["level"].isin([level, "region"])].reset_index(drop=True)
    return rows.drop(columns="lks_id") if level == "lks" else rows


# --- inputs -------------------------------------------------------------------------------------


def _areas(lks_table: pd.DataFrame, municipalities: pd.DataFrame) -> pd.DataFrame:
    require(lks_table, "lks_table", ["lks_id", "lks_name", "municipality_code"])
    require(municipalities, "municipalities", ["municipality_code", "municipality_name"])
    names = pd.DataFrame(
        {
            "municipality_code": municipalities["municipality_code"].astype(str),
            "municipality_name": municipalities["municipality_name"].astype(str),
        }
    )
    table = pd.DataFrame({c: lks_table[c].astype(str) for c in ("lks_id", "lks_name", "municipality_code")})
    areas = table.merge(names.drop_duplicates("municipality_code"), on="municipality_code", how="left")
    missing = areas.loc[areas["municipality_name"].isna(), "municipality_code"].tolist()
    if missing:
        raise ValueError(f"`municipalities` lacks the municipalities {missing} named in `lks_table`")
    return areas.sort_values("municipality_code").reset_index(drop=True)


# --- measures -----------------------------------------------------------------------------------


def _company_measures(
    companies: pd.DataFrame, placed: pd.Series, needs: pd.DataFrame, index: pd.Index, today: dt.date
) -> pd.DataFrame:
    companies = records(companies, "companies", ["cvr"])
    growth = (
        flags(companies["growth_company"], "growth_company")
        if "growth_company" in companies.columns
        else pd.Series(False, index=companies.index)
    )
    open_needs = _open_needs(needs, today)
    asking = set(as_text(open_needs["cvr"]))
    with_need = as_text(companies["cvr"]).isin(asking)
    return pd.DataFrame(
        {
            "companies": counts(placed, index),
            "growth_companies": counts(placed.where(growth, ""), index),
            "companies_with_open_need": counts(placed.where(with_need, ""), index),
        }
    )


def _open_needs(needs: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    needs = records(needs, "needs", ["need_id", "cvr"])
    if "status" in needs.columns:
        choice(needs["status"], "status", rules.NEED_STATUSES, "open")  # an unknown status is an error
    return needs[rules.open_needs(needs, today)]


def _need_measures(needs: pd.DataFrame, by_cvr: pd.Series, index: pd.Index, today: dt.date) -> pd.DataFrame:
    open_needs = _open_needs(needs, today)
    keys = company_places(open_needs, by_cvr)
    count = (
        integers(open_needs["count"], "count", 1)
        if "count" in open_needs.columns
        else pd.Series(1, index=open_needs.index, dtype="int64")
    )
    kind = (
        choice(open_needs["kind"], "kind", KINDS, "hire")
        if "kind" in open_needs.columns
        else pd.Series("hire", index=open_needs.index, dtype=object)
    )
    programme = (
        choice(open_needs["project"], "project", (*PROGRAMMES, "no_programme"), "no_programme")
        if "project" in open_needs.columns
        else pd.Series("no_programme", index=open_needs.index, dtype=object)
    )
    isco = _isco_groups(open_needs)
    parts = [
        pd.DataFrame({"needs_open": counts(keys, index), "people_asked": counts(keys, index, count)}),
        breakdown(keys, isco, dict(zip(ISCO_GROUPS, NEEDS_ISCO_COLUMNS, strict=True)), index),
        breakdown(keys, isco, dict(zip(ISCO_GROUPS, PEOPLE_ASKED_ISCO_COLUMNS, strict=True)), index, count),
        breakdown(keys, kind, dict(zip(KINDS, NEEDS_KIND_COLUMNS, strict=True)), index),
        breakdown(keys, kind, dict(zip(KINDS, PEOPLE_ASKED_KIND_COLUMNS, strict=True)), index, count),
    ]
    programmes = (*PROGRAMMES, "no_programme")
    parts.append(
        breakdown(keys, programme, dict(zip(programmes, NEEDS_PROGRAMME_COLUMNS, strict=True)), index)
    )
    parts.append(
        breakdown(
            keys, programme, dict(zip(programmes, PEOPLE_ASKED_PROGRAMME_COLUMNS, strict=True)), index, count
        )
    )
    if "good_candidates" in open_needs.columns:
        good = flags(open_needs["good_candidates"], "good_candidates")
        parts.append(pd.DataFrame({"needs_with_candidate": counts(keys.where(good, ""), index)}))
    return pd.concat(parts, axis=1)


def _isco_groups(needs: pd.DataFrame) -> pd.Series:
    source = needs["isco_code"] if "isco_code" in needs.columns else needs.get("occupation")
    if source is None:
        return pd.Series("unknown", index=needs.index, dtype=object)
    codes = as_text(source)
    return codes.map(lambda c: c[0] if _ISCO_CODE.fullmatch(c) else "unknown").astype(object)


def _jobseeker_measures(jobseekers: pd.DataFrame, index: pd.Index, today: dt.date) -> pd.DataFrame:
    frame = records(jobseekers, "jobseekers", ["person_id", "municipality_code"])
    keys = places(frame, "jobseekers", index)
    since = dates(frame, "unemployed_since")
    ended = dates(frame, "unemployment_ended")
    current = [
        (s is None or s <= today) and (e is None or e > today) for s, e in zip(since, ended, strict=True)
    ]
    keys = keys.where(pd.Series(current, index=frame.index, dtype=bool), "")
    three = (pd.Timestamp(today) - pd.DateOffset(months=3)).date()
    twelve = (pd.Timestamp(today) - pd.DateOffset(months=12)).date()

    def band(day: dt.date | None) -> str:
        if day is None:
            return "unknown"
        if day > three:
            return "lt3m"
        return "3to12m" if day >= twelve else "gt12m"

    bands = pd.Series([band(d) for d in since], index=frame.index, dtype=object)
    levels = {**EDUCATION_LEVELS, "unknown": "unknown"}
    education = (
        choice(frame["education_level"], "education_level", list(levels), "unknown")
        if "education_level" in frame.columns
        else pd.Series("unknown", index=frame.index, dtype=object)
    )
    return pd.concat(
        [
            pd.DataFrame({"jobseekers": counts(keys, index)}),
            breakdown(keys, education, dict(zip(levels, JOBSEEKER_EDU_COLUMNS, strict=True)), index),
            breakdown(
                keys, bands, dict(zip(DURATION_BANDS, JOBSEEKER_DURATION_COLUMNS, strict=True)), index
            ),
        ],
        axis=1,
    )


def _offer_measures(offers: pd.DataFrame, index: pd.Index, today: dt.date) -> pd.DataFrame:
    frame = records(offers, "offers", ["offer_id", "municipality_code"])
    keys = places(frame, "offers", index)
    start = dates(frame, "start_date")
    days = (
        integers(frame["duration_days"], "duration_days", 0)
        if "duration_days" in frame.columns
        else pd.Series(0, index=frame.index, dtype="int64")
    )
    running = [s is None or s + dt.timedelta(days=int(d)) >= today for s, d in zip(start, days, strict=True)]
    keys = keys.where(pd.Series(running, index=frame.index, dtype=bool), "")
    seats = (
        integers(frame["seats"], "seats", 0)
        if "seats" in frame.columns
        else pd.Series(0, index=frame.index, dtype="int64")
    )
    open_to = (
        flags(frame["open_to_unemployed"], "open_to_unemployed")
        if "open_to_unemployed" in frame.columns
        else pd.Series(False, index=frame.index)
    )
    return pd.DataFrame(
        {
            "offers": counts(keys, index),
            "offers_open_to_unemployed": counts(keys.where(open_to, ""), index),
            "offer_seats_free": counts(keys, index, seats),
        }
    )


def _decision_measures(
    decisions: pd.DataFrame, needs: pd.DataFrame, by_cvr: pd.Series, index: pd.Index
) -> pd.DataFrame:
    frame = records(decisions, "decisions", ["need_id", "person_id", "decision"])
    all_needs = records(needs, "needs", ["need_id", "cvr"])
    need_places = company_places(all_needs, by_cvr)
    by_need = pd.Series(need_places.to_numpy(), index=as_text(all_needs["need_id"]).to_numpy())
    by_need = by_need[~by_need.index.duplicated()]
    keys = as_text(frame["need_id"]).map(by_need).fillna("").astype(object)
    kind = choice(frame["decision"], "decision", rules.DECISIONS, "")
    pairs = pd.DataFrame({"need": as_text(frame["need_id"]), "person": as_text(frame["person_id"])})
    accepted = kind == "accepted"
    first = accepted & ~pairs.where(accepted).duplicated()
    return pd.DataFrame(
        {
            "decisions": counts(keys, index),
            "matches_accepted": counts(keys.where(first, ""), index),
        }
    )
