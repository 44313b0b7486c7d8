"""The Secretariat's overview: every body it manages in one table, read in a fixed number of
queries however many bodies there are (each app gives its part for all the bodies at once)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

from mag_portal.permissions import require
from mag_portal.types import Viewer
from membership.bodies import rules
from membership.bodies.models import Body
from membership.bodies.selectors import bodies_all
from membership.roster.balance import BalanceReport
from membership.roster.models import Cycle
from membership.roster.selectors import balance_by_body
from membership.tor.selectors import ConsultationState, consultations_by_body, policies_in_force
from onboarding.selectors import overdue_by_body


@dataclass
class BodyState:
    body: Body
    cycle: Cycle | None
    report: BalanceReport | None
    consultations: ConsultationState
    overdue_checklists: int

    @property
    def rules_broken(self) -> int:
        return len(self.report.hard_violations) if self.report else 0

    @property
    def needs_attention(self) -> bool:
        """A rule broken, a comment awaiting an answer, or a member's onboarding overdue."""
        return bool(
            self.rules_broken or self.consultations.awaiting_answer or self.overdue_checklists
        )

    @property
    def targets_missed(self) -> int:
        if self.report is None:
            return 0
        return sum(1 for v in self.report.target_violations if v.key != "open_seats")


STATE_CACHE_SECONDS = 24 * 60 * 60


def _state_key(body: Body, today: datetime.date) -> str:
    return f"bodies:state:{body.pk}:{body.version}:{today.isoformat()}"


def _states_of(bodies: list[Body], today: datetime.date) -> dict[int, BodyState]:
    """Each body's state, computed for all of them at once (a fixed number of queries)."""
    balances = balance_by_body(bodies, policies_in_force(bodies), today)
    consultations = consultations_by_body(bodies)
    overdue = overdue_by_body(bodies, today)
    states = {}
    for body in bodies:
        cycle, report = balances.get(body.pk) or (None, None)
        states[body.pk] = BodyState(
            body,
            cycle,
            report,
            consultations.get(body.pk, ConsultationState()),
            overdue.get(body.pk, 0),
        )
    return states


def cached_states(bodies: list[Body]) -> list[BodyState]:
    """Each body's state, from the cache where it holds it. The key carries the body's version
    (``Body.version``, bumped by every write to what the state shows) and the day, so a cached
    state never outlives a change; only the bodies missing are computed."""
    today = timezone.localdate()
    keys = {b.pk: _state_key(b, today) for b in bodies}
    found = cache.get_many(list(keys.values()))
    states = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [b for b in bodies if b.pk not in states]
    if missing:
        fresh = _states_of(missing, today)
        cache.set_many({keys[pk]: state for pk, state in fresh.items()}, STATE_CACHE_SECONDS)
        states.update(fresh)
    result = []
    for body in bodies:
        state = states[body.pk]
        state.body = body  # the one just read, not the cached copy
        result.append(state)
    return result


def manageable_bodies(user: Viewer, *, q: str = "", kind: str = "") -> list[Body]:
    """The bodies ``user`` manages: every one for the IGF Secretariat, else their own."""
    return [b for b in bodies_all(q=q, kind=kind) if rules.can_manage(user, b)]


def bodies_overview(
    *, user: Viewer, q: str = "", kind: str = "", attention: bool = False
) -> list[BodyState]:
    """The state of every body ``user`` manages (filtered by name, kind, and to those needing
    attention when asked), in a fixed number of queries however many bodies there are."""
    mine = manageable_bodies(user)
    require(bool(mine))
    states = cached_states(manageable_bodies(user, q=q, kind=kind) if q or kind else mine)
    if attention:
        states = [state for state in states if state.needs_attention]
    return states


def bodies_at_hand(states: list[BodyState], limit: int = 6) -> list[BodyState]:
    """The bodies a home page shows: all of them when there are few; else the default body
    and those needing attention most (rules broken, then comments awaiting an answer, then
    overdue onboarding), at most ``limit``. The overview lists every one."""
    if len(states) <= limit:
        return states
    default = [s for s in states if s.body.is_default]
    urgent = sorted(
        (s for s in states if s.needs_attention and not s.body.is_default),
        key=lambda s: (-s.rules_broken, -s.consultations.awaiting_answer, -s.overdue_checklists),
    )
    return (default + urgent)[:limit]
