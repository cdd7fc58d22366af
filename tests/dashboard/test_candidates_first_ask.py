"""The Match page's first ask of a need: the fast path answers exactly as the plain one.

``MatchFlow.candidates(need_ids=[one])`` ranks over job seekers prepared once per data
version (with their blocking indexes kept) and looks rows up by position. Here every
need of the small demo is asked once, in a shuffled order, and each answer is compared
with the straightforward computation from the frames: ``rank_candidates`` on the need's
row and all job seekers, ``suggest_offers`` for each candidate's course and
``score_pairs`` for the score after it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest

from lksmatch import matchframes
from lksmatch.matchflow import MatchInputs
from matching.offers import suggest_offers
from matching.ranking import RESULT_COLUMNS, rank_candidates, score_pairs
from matching.skills import split_skills
from store import repo

#: The ``web`` fixture of tests/dashboard/conftest.py (its dataclass ``Web``).
Web = Any

#: Compared exactly (the scores within 1e-9).
RANKED = tuple(c for c in RESULT_COLUMNS if c != "score")


def straightforward(data: MatchInputs, need_id: str, top: int, today: dt.date) -> pd.DataFrame:
    """The candidates of one need computed from the whole frames, nothing prepared or kept."""
    need = data.needs[data.needs["need_id"] == need_id]
    hire = need[need["kind"].fillna("hire") == "hire"]
    if hire.empty:
        return pd.DataFrame(columns=[*RANKED, "score", "offer_ids", "score_after"])
    ranked = rank_candidates(hire, data.seekers, data.scorer, top=top, matcher=data.matcher)
    deadline = hire["deadline"].iloc[0]
    offer_ids, extra = [], []
    for person_id, missing in zip(ranked["person_id"], ranked["missing_skills"], strict=True):
        person = data.seekers[data.seekers["person_id"] == person_id].iloc[0]
        found = suggest_offers(
            split_skills(missing),
            (float(person["x"]), float(person["y"])),
            float(person["max_commute_km"]),
            dt.date.fromisoformat(str(deadline)[:10]) if deadline else None,
            data.offer_index,
            data.matcher,
            today=today,
        )
        offer_ids.append(str(found["offer_id"].iloc[0]) if len(found) and missing else "")
        extra.append(split_skills(found["teaches"].iloc[0]) if len(found) and missing else [])
    after = np.full(len(ranked), np.nan)
    course = np.array([bool(e) for e in extra], dtype=bool)
    if course.any():
        pairs = pd.DataFrame(
            {
                "need_id": ranked["need_id"][course],
                "person_id": ranked["person_id"][course],
                "extra_skills": [e for e in extra if e],
            }
        )
        after[course] = score_pairs(data.needs, data.seekers, data.scorer, pairs, matcher=data.matcher)
    return ranked.assign(offer_ids=offer_ids, score_after=after)


def assert_same(fast: pd.DataFrame, plain: pd.DataFrame) -> None:
    fast, plain = fast.reset_index(drop=True), plain.reset_index(drop=True)
    assert len(fast) == len(plain)
    if plain.empty:  # not a hire need: nobody (and the columns of an empty answer)
        return
    for column in (*RANKED, "offer_ids"):
        assert fast[column].astype(str).tolist() == plain[column].astype(str).tolist(), column
    for column in ("score", "score_after"):
        np.testing.assert_allclose(
            fast[column].to_numpy(dtype=float), plain[column].to_numpy(dtype=float), rtol=0, atol=1e-9
        )


@pytest.mark.parametrize("offers", ["as imported", "always open"])
def test_first_asks_answer_as_the_plain_ranking(
    web: Web, offers: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if offers == "always open":  # the small demo's courses rarely fit: open them all, so many get one
        imported = matchframes.offer_frame
        monkeypatch.setattr(
            matchframes,
            "offer_frame",
            lambda frame, **areas: imported(frame, **areas).assign(
                start_date=None, duration_days=0, seats_free=10, open_to_unemployed="true"
            ),
        )
    flow = web.service.build_match_flow()  # its own inputs and answer cache: every ask below is a first ask
    data = flow.inputs()
    ranked = with_course = 0
    for need_id in np.random.default_rng(0).permutation(data.needs["need_id"].astype(str).to_numpy()):
        fast = flow.candidates(need_ids=[need_id], top=10)
        assert_same(fast, straightforward(data, need_id, 10, web.service.today()))
        ranked += bool(len(fast))
        with_course += int(fast["score_after"].notna().sum()) if len(fast) else 0
    assert ranked > 10 and (with_course > 10 or offers == "as imported")  # a score after a course
    assert data.seeker_arrays.cache  # ranked over the blocking indexes kept from the earlier asks


def test_a_new_data_version_prepares_the_people_again(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    flow = web.service.build_match_flow()
    first = flow.inputs()
    need_id = str(first.needs.loc[first.needs["kind"] == "hire", "need_id"].iloc[0])
    before = flow.candidates(need_ids=[need_id])
    monkeypatch.setattr(repo, "data_version", lambda connection: first.version[0] + 1)
    second = flow.inputs()
    assert second.version == (first.version[0] + 1, first.version[1])
    assert second.seeker_arrays is not first.seeker_arrays and not second.seeker_arrays.cache
    pd.testing.assert_frame_equal(flow.candidates(need_ids=[need_id]), before)
