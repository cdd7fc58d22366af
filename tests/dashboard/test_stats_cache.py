"""The area statistics are computed once per data version, and a decision starts a new one."""

from __future__ import annotations

from typing import Any

from lksmatch import auth
from lksmatch.access import SecureService


def test_area_stats_are_cached_until_a_decision_is_recorded(web: Any) -> None:
    first = web.service.area_stats()
    assert web.service.area_stats() is first
    admin = SecureService(web.service, auth.Principal("admin", "admin"))
    person = str(admin.candidates(web.home_need, top=1)["person_id"].iloc[0])  # shown, so decidable
    web.service.record_decision(web.home_need, person, "contacted", "test", username="admin")
    after = web.service.area_stats()
    assert after is not first
    home = after.table[(after.table["level"] == "lks") & (after.table["area_id"] == web.home_lks)].iloc[0]
    assert home["decisions"] == "<5" or int(home["decisions"]) >= 5  # counted (hidden while 1-4)
