"""What came of the needs, per municipality: people hired and company staff enrolled on courses.

:func:`result_measures` is pure, like :mod:`stats.partnership`. Both are counts of *people*
that change with every outcome or enrolment recorded in the web app, so :mod:`stats.disclosure`
protects them as event counts (:data:`stats.disclosure.EVENT_COLUMNS`: published per LKS
area, an LKS with 1-4 as ``"<5"``, the region as the sum of what is shown).

Placement. An outcome or an enrolment counts in the municipality where the company of its
need (``need_id``) is placed; one for a need of a company outside the region, or of an
unknown need, is not counted.

What is counted:

- ``people_hired``: the (need, person) pairs with an outcome ``hired`` (a person hired twice for
  the same need counts once; every outcome ever recorded: there is no time window);
  ``people_hired_erhvervsfaglig``: those of needs in the programme ``erhvervsfaglig``
  (voksenlærlinge and others hired under an education agreement);
- ``staff_enrolled``: the company staff enrolled on a course for a need (the ``staff`` of
  every enrolment of staff; a job seeker enrolled is not staff), and per programme
  (``staff_enrolled_vaekst``, ``staff_enrolled_erhvervsfaglig``).
"""

from __future__ import annotations

import pandas as pd

from stats.inputs import as_text, company_places, counts, records


def result_measures(
    outcomes: pd.DataFrame | None,
    enrolments: pd.DataFrame | None,
    needs: pd.DataFrame,
    by_cvr: pd.Series,
    index: pd.Index,
) -> pd.DataFrame:
    """The result counts per municipality of ``index`` (``int64``).

    Parameters
    ----------
    outcomes
        ``need_id``, ``person_id``, ``outcome``; ``None`` or empty: none.
    enrolments
        ``need_id`` and ``staff`` (the number of staff; empty for an enrolled job seeker);
        ``None`` or empty: none.
    needs
        ``need_id``, ``cvr`` and, when present, ``project``.
    by_cvr
        cvr -> the region municipality the company is placed in (``""``: not counted).
    index
        The region's municipality codes.
    """
    all_needs = records(needs, "needs", ["need_id", "cvr"])
    need_ids = as_text(all_needs["need_id"]).to_numpy()
    places = pd.Series(company_places(all_needs, by_cvr).to_numpy(), index=need_ids)
    places = places[~places.index.duplicated()]
    project = (
        all_needs["project"].astype(object).where(all_needs["project"].notna(), "")
        if "project" in all_needs.columns
        else pd.Series("", index=all_needs.index, dtype=object)
    )
    programme = pd.Series(project.astype(str).to_numpy(), index=need_ids)
    programme = programme[~programme.index.duplicated()]

    done = records(
        pd.DataFrame() if outcomes is None else outcomes, "outcomes", ["need_id", "person_id", "outcome"]
    )
    hired = done[done["outcome"].astype(str) == "hired"]
    hired = hired.drop_duplicates(["need_id", "person_id"])
    hired_need = as_text(hired["need_id"])
    hired_keys = hired_need.map(places).fillna("").astype(object)
    hired_erhv = hired_keys.where(hired_need.map(programme).fillna("") == "erhvervsfaglig", "")

    taken = records(pd.DataFrame() if enrolments is None else enrolments, "enrolments", ["need_id", "staff"])
    staff = pd.to_numeric(taken["staff"], errors="coerce").fillna(0).astype("int64")
    taken_need = as_text(taken["need_id"])
    keys = taken_need.map(places).fillna("").astype(object)
    of = taken_need.map(programme).fillna("")
    return pd.DataFrame(
        {
            "people_hired": counts(hired_keys, index),
            "people_hired_erhvervsfaglig": counts(hired_erhv, index),
            "staff_enrolled": counts(keys, index, staff),
            "staff_enrolled_vaekst": counts(keys.where(of == "vaekst", ""), index, staff),
            "staff_enrolled_erhvervsfaglig": counts(keys.where(of == "erhvervsfaglig", ""), index, staff),
        }
    ).astype("int64")
