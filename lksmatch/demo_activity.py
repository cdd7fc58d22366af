"""A few weeks of a jobcentre team's work on the demo region (``lksmatch demo``, a new demo database).

So that the demo's Match page, its company pages and "what is waiting for us" show a team at
work rather than an empty history, the demo jobcentre users open some of their LKS's open
hire needs, contact the best candidates, invite some to an interview and record an outcome -
through the same access-controlled service calls as the web app (every person shown is an
audited read; every decision has a reason and an author). Only the moments are set back
afterwards (3 to 30 days), which the web app never does: this module is for the demo database
only, and its reasons say "Demo".
"""

from __future__ import annotations

import datetime as dt
import random

from lksmatch import auth, rules
from lksmatch.access import SecureService
from lksmatch.service import Service
from store import waiting

#: The demo team members who work (username, LKS) and how many needs each opens.
TEAMS = (("aarhus-jc", "aarhus", 10), ("viborg-jc", "viborg", 6))


def seed_team_activity(service: Service, *, seed: int = 0) -> int:
    """Record the demo teams' steps; returns how many decisions and outcomes were recorded."""
    rng = random.Random(seed)
    today = service.today()
    recorded = 0
    for username, lks_id, n_needs in TEAMS:
        secure = SecureService(service, auth.Principal(username, rules.LKS, lks_id, rules.JOBCENTER))
        needs = secure.needs(lks_id)
        hire = needs[(needs["kind"].fillna("hire") == "hire") & rules.open_needs(needs, today)]
        for need_id in sorted(hire["need_id"].astype(str))[:n_needs]:
            shown = secure.candidates(need_id, 5, purpose="demo: a team's first look")
            for rank, person in enumerate(shown["person_id"].astype(str).head(3)):
                days = rng.randint(3, 30)
                secure.record_decision(need_id, person, "contacted", "Demo: ringet op, sendt jobopslaget")
                steps = [("contacted", days)]
                if rank == 0 and rng.random() < 0.6:
                    secure.record_decision(need_id, person, "interview", "Demo: samtale aftalt")
                    steps.append(("interview", max(days - rng.randint(1, 5), 1)))
                    if rng.random() < 0.4:
                        secure.record_outcome(need_id, person, "interviewed")
                        steps.append(("outcome", max(steps[-1][1] - 1, 0)))
                recorded += len(steps)
                with service.engine.begin() as connection:
                    for step, ago in steps:
                        at = dt.datetime.combine(today - dt.timedelta(days=ago), dt.time(9, 30), dt.UTC)
                        if step == "outcome":
                            waiting.set_outcome_time(connection, need_id, person, at + dt.timedelta(hours=5))
                        else:
                            waiting.set_decision_time(connection, need_id, person, step, at)
    return recorded
