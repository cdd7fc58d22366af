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
of its municipalities, the region row the sum of the LKS rows (only ``coverage_rate``,
a ratio, is recomputed per row). :func:`level_rows` picks one level plus the region row.

Placement. A company, job seeker or offer counts in the municipality it was placed in:
``placed_municipality_code`` when the frame has it (the database column), else
``municipality_code`` (the column :meth:`geo.assign.Assigner.assign` writes). A
record placed outside the region, or not at all, is not counted anywhere, so the
region row is exactly the sum of the areas. A need counts where its company (``cvr``)
is placed; a decision where its need counts.

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
  with an ``accepted`` decision.

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
counts of companies, needs and offers). ``kort_videregaaende``,
``mellemlang_videregaaende`` and ``lang_videregaaende`` spell the Danish education
levels in ASCII. The two coverage columns exist only when ``good_candidates`` is given.

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

The edu columns and the duration columns each sum to ``jobseekers``; the ISCO, kind
and programme columns sum to ``needs_open`` (``people_asked_*`` to ``people_asked``).
:data:`MEASURE_LABELS_DA` and :data:`MEASURE_LABELS_EN` hold a display label for
every column.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence

import pandas as pd

from geo.lks import normalise_municipality_code
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
    REGION_ID,
    REGION_NAME,
)

_TRUE = {"true", "1", "yes", "ja", "y", "t"}
_FALSE = {"false", "0", "no", "nej", "n", "f", ""}
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
        The reference date of the unemployment bands and of the offers still open.

    Returns
    -------
    DataFrame
        :data:`ID_COLUMNS` and the measures in :data:`MEASURES` order (without the
        coverage columns when ``needs`` has no ``good_candidates``): the
        municipalities, then the LKS areas, then the region row; default index. Counts
        are ``int64``; ``coverage_rate`` is a float (NaN when there is no open need).

    Raises
    ------
    ValueError
        When a frame lacks a required column or holds a value outside the data contract.
    """
    if not isinstance(today, dt.date) or isinstance(today, dt.datetime):
        raise ValueError(f"`today` was {today!r} but is expected to be a datetime.date")
    areas = _areas(lks_table, municipalities)
    index = pd.Index(areas["municipality_code"], name="municipality_code")
    companies = _records(companies, "companies", ["cvr"])
    company_places = _places(companies, "companies", index)
    by_cvr = pd.Series(company_places.to_numpy(), index=_text(companies["cvr"]).to_numpy())
    by_cvr = by_cvr[~by_cvr.index.duplicated()]
    parts = [
        _company_measures(companies, company_places, needs, index, today),
        _need_measures(needs, by_cvr, index, today),
        _jobseeker_measures(jobseekers, index, today),
        _offer_measures(offers, index, today),
        _decision_measures(decisions, needs, by_cvr, index),
    ]
    per_muni = pd.concat(parts, axis=1).astype("int64")
    has_coverage = "needs_with_candidate" in per_muni.columns
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
    if has_coverage:
        with_candidate = table["needs_with_candidate"].to_numpy(dtype=float)
        open_needs = table["needs_open"].to_numpy(dtype=float)
        rate = [
            round(w / n, 3) if n > 0 else math.nan for w, n in zip(with_candidate, open_needs, strict=True)
        ]
        table["coverage_rate"] = pd.Series(rate, dtype="float64")
    columns = [c for c in MEASURES if c in table.columns]
    return table[[*ID_COLUMNS, *columns]]


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
    _require(lks_table, "lks_table", ["lks_id", "lks_name", "municipality_code"])
    _require(municipalities, "municipalities", ["municipality_code", "municipality_name"])
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


def _require(frame: pd.DataFrame, name: str, columns: Sequence[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"`{name}` lacks the columns {missing}; it has {list(frame.columns)}")


def _records(frame: pd.DataFrame, name: str, required: Sequence[str]) -> pd.DataFrame:
    """``frame`` itself, or an empty frame with ``required`` when it has no rows and no columns."""
    if len(frame) == 0 and not all(c in frame.columns for c in required):
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in required})
    _require(frame, name, required)
    return frame


def _text(series: pd.Series) -> pd.Series:
    """Values as stripped text; missing values as ``""``."""
    return series.map(lambda v: "" if _missing(v) else str(v).strip()).astype(object)


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _places(frame: pd.DataFrame, name: str, index: pd.Index) -> pd.Series:
    """The region municipality each record counts in (``""`` = not counted), index-aligned."""
    if len(frame) == 0:
        return pd.Series([], index=frame.index, dtype=object)
    placed = (
        "placed_municipality_code" if "placed_municipality_code" in frame.columns else "municipality_code"
    )
    if placed not in frame.columns:
        raise ValueError(
            f"`{name}` lacks the placement column `municipality_code` (or `placed_municipality_code`)"
        )
    codes = frame[placed].map(normalise_municipality_code)
    return codes.where(codes.isin(index), "").fillna("").astype(object)


def _flags(series: pd.Series, name: str) -> pd.Series:
    def parse(value: object) -> bool:
        if isinstance(value, bool):
            return value
        if _missing(value):
            return False
        if isinstance(value, int | float):
            return value != 0
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError(f"`{name}` holds {value!r}; expected true/false")

    return series.map(parse).astype(bool)


def _integers(series: pd.Series, name: str, default: int) -> pd.Series:
    def parse(value: object) -> int:
        if _missing(value) or (isinstance(value, str) and not value.strip()):
            return default
        try:
            number = float(str(value).strip())
        except ValueError:
            raise ValueError(f"`{name}` holds {value!r}; expected a whole number") from None
        if not number.is_integer():
            raise ValueError(f"`{name}` holds {value!r}; expected a whole number")
        return int(number)

    return series.map(parse).astype("int64")


def _dates(frame: pd.DataFrame, name: str) -> list[dt.date | None]:
    """The dates of column ``name`` (``None`` where empty, or everywhere when there is no such column)."""
    if name not in frame.columns:
        return [None] * len(frame)

    def parse(value: object) -> dt.date | None:
        if _missing(value):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            raise ValueError(f"`{name}` holds {value!r}; expected a date YYYY-MM-DD") from None

    return [parse(v) for v in frame[name]]


def _choice(series: pd.Series, name: str, allowed: Sequence[str], empty: str) -> pd.Series:
    values = _text(series).str.lower().replace("", empty)
    bad = sorted(set(values) - set(allowed))
    if bad:
        raise ValueError(f"`{name}` holds {bad}; expected one of {list(allowed)}")
    return values


def _counts(keys: pd.Series, index: pd.Index, weights: pd.Series | None = None) -> pd.Series:
    counted = keys != ""
    if weights is None:
        result = keys[counted].value_counts()
    else:
        result = weights[counted].groupby(keys[counted]).sum()
    return result.reindex(index, fill_value=0).astype("int64")


def _breakdown(
    keys: pd.Series,
    categories: pd.Series,
    columns: dict[str, str],
    index: pd.Index,
    weights: pd.Series | None = None,
) -> pd.DataFrame:
    """Counts (or sums of ``weights``) per area and category; ``columns`` maps category -> column."""
    counted = keys != ""
    values = pd.Series(1, index=keys.index, dtype="int64") if weights is None else weights
    frame = pd.DataFrame({"key": keys[counted], "cat": categories[counted], "value": values[counted]})
    table = frame.pivot_table(index="key", columns="cat", values="value", aggfunc="sum", fill_value=0)
    table = table.reindex(index=index, columns=list(columns), fill_value=0).fillna(0).astype("int64")
    table.columns = list(columns.values())
    return table


# --- measures -----------------------------------------------------------------------------------


def _company_measures(
    companies: pd.DataFrame, places: pd.Series, needs: pd.DataFrame, index: pd.Index, today: dt.date
) -> pd.DataFrame:
    companies = _records(companies, "companies", ["cvr"])
    growth = (
        _flags(companies["growth_company"], "growth_company")
        if "growth_company" in companies.columns
        else pd.Series(False, index=companies.index)
    )
    open_needs = _open_needs(needs, today)
    asking = set(_text(open_needs["cvr"]))
    with_need = _text(companies["cvr"]).isin(asking)
    return pd.DataFrame(
        {
            "companies": _counts(places, index),
            "growth_companies": _counts(places.where(growth, ""), index),
            "companies_with_open_need": _counts(places.where(with_need, ""), index),
        }
    )


def _open_needs(needs: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    needs = _records(needs, "needs", ["need_id", "cvr"])
    if "status" in needs.columns:
        _choice(needs["status"], "status", rules.NEED_STATUSES, "open")  # an unknown status is an error
    return needs[rules.open_needs(needs, today)]


def _need_places(needs: pd.DataFrame, by_cvr: pd.Series) -> pd.Series:
    """The municipality each need counts in: its company's (``""`` when not counted)."""
    return _text(needs["cvr"]).map(by_cvr).fillna("").astype(object)


def _need_measures(needs: pd.DataFrame, by_cvr: pd.Series, index: pd.Index, today: dt.date) -> pd.DataFrame:
    open_needs = _open_needs(needs, today)
    keys = _need_places(open_needs, by_cvr)
    count = (
        _integers(open_needs["count"], "count", 1)
        if "count" in open_needs.columns
        else pd.Series(1, index=open_needs.index, dtype="int64")
    )
    kind = (
        _choice(open_needs["kind"], "kind", KINDS, "hire")
        if "kind" in open_needs.columns
        else pd.Series("hire", index=open_needs.index, dtype=object)
    )
    programme = (
        _choice(open_needs["project"], "project", (*PROGRAMMES, "no_programme"), "no_programme")
        if "project" in open_needs.columns
        else pd.Series("no_programme", index=open_needs.index, dtype=object)
    )
    isco = _isco_groups(open_needs)
    parts = [
        pd.DataFrame({"needs_open": _counts(keys, index), "people_asked": _counts(keys, index, count)}),
        _breakdown(keys, isco, dict(zip(ISCO_GROUPS, NEEDS_ISCO_COLUMNS, strict=True)), index),
        _breakdown(keys, isco, dict(zip(ISCO_GROUPS, PEOPLE_ASKED_ISCO_COLUMNS, strict=True)), index, count),
        _breakdown(keys, kind, dict(zip(KINDS, NEEDS_KIND_COLUMNS, strict=True)), index),
        _breakdown(keys, kind, dict(zip(KINDS, PEOPLE_ASKED_KIND_COLUMNS, strict=True)), index, count),
    ]
    programmes = (*PROGRAMMES, "no_programme")
    parts.append(
        _breakdown(keys, programme, dict(zip(programmes, NEEDS_PROGRAMME_COLUMNS, strict=True)), index)
    )
    parts.append(
        _breakdown(
            keys, programme, dict(zip(programmes, PEOPLE_ASKED_PROGRAMME_COLUMNS, strict=True)), index, count
        )
    )
    if "good_candidates" in open_needs.columns:
        good = _flags(open_needs["good_candidates"], "good_candidates")
        parts.append(pd.DataFrame({"needs_with_candidate": _counts(keys.where(good, ""), index)}))
    return pd.concat(parts, axis=1)


def _isco_groups(needs: pd.DataFrame) -> pd.Series:
    source = needs["isco_code"] if "isco_code" in needs.columns else needs.get("occupation")
    if source is None:
        return pd.Series("unknown", index=needs.index, dtype=object)
    codes = _text(source)
    return codes.map(lambda c: c[0] if _ISCO_CODE.fullmatch(c) else "unknown").astype(object)


def _jobseeker_measures(jobseekers: pd.DataFrame, index: pd.Index, today: dt.date) -> pd.DataFrame:
    frame = _records(jobseekers, "jobseekers", ["person_id", "municipality_code"])
    keys = _places(frame, "jobseekers", index)
    since = _dates(frame, "unemployed_since")
    ended = _dates(frame, "unemployment_ended")
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
        _choice(frame["education_level"], "education_level", list(levels), "unknown")
        if "education_level" in frame.columns
        else pd.Series("unknown", index=frame.index, dtype=object)
    )
    return pd.concat(
        [
            pd.DataFrame({"jobseekers": _counts(keys, index)}),
            _breakdown(keys, education, dict(zip(levels, JOBSEEKER_EDU_COLUMNS, strict=True)), index),
            _breakdown(
                keys, bands, dict(zip(DURATION_BANDS, JOBSEEKER_DURATION_COLUMNS, strict=True)), index
            ),
        ],
        axis=1,
    )


def _offer_measures(offers: pd.DataFrame, index: pd.Index, today: dt.date) -> pd.DataFrame:
    frame = _records(offers, "offers", ["offer_id", "municipality_code"])
    keys = _places(frame, "offers", index)
    start = _dates(frame, "start_date")
    days = (
        _integers(frame["duration_days"], "duration_days", 0)
        if "duration_days" in frame.columns
        else pd.Series(0, index=frame.index, dtype="int64")
    )
    running = [s is None or s + dt.timedelta(days=int(d)) >= today for s, d in zip(start, days, strict=True)]
    keys = keys.where(pd.Series(running, index=frame.index, dtype=bool), "")
    seats = (
        _integers(frame["seats"], "seats", 0)
        if "seats" in frame.columns
        else pd.Series(0, index=frame.index, dtype="int64")
    )
    open_to = (
        _flags(frame["open_to_unemployed"], "open_to_unemployed")
        if "open_to_unemployed" in frame.columns
        else pd.Series(False, index=frame.index)
    )
    return pd.DataFrame(
        {
            "offers": _counts(keys, index),
            "offers_open_to_unemployed": _counts(keys.where(open_to, ""), index),
            "offer_seats_free": _counts(keys, index, seats),
        }
    )


def _decision_measures(
    decisions: pd.DataFrame, needs: pd.DataFrame, by_cvr: pd.Series, index: pd.Index
) -> pd.DataFrame:
    frame = _records(decisions, "decisions", ["need_id", "person_id", "decision"])
    all_needs = _records(needs, "needs", ["need_id", "cvr"])
    need_places = _need_places(all_needs, by_cvr)
    by_need = pd.Series(need_places.to_numpy(), index=_text(all_needs["need_id"]).to_numpy())
    by_need = by_need[~by_need.index.duplicated()]
    keys = _text(frame["need_id"]).map(by_need).fillna("").astype(object)
    kind = _choice(frame["decision"], "decision", ("contacted", "accepted", "rejected"), "")
    pairs = pd.DataFrame({"need": _text(frame["need_id"]), "person": _text(frame["person_id"])})
    accepted = kind == "accepted"
    first = accepted & ~pairs.where(accepted).duplicated()
    return pd.DataFrame(
        {
            "decisions": _counts(keys, index),
            "matches_accepted": _counts(keys.where(first, ""), index),
        }
    )
