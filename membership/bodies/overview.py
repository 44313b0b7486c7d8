"""The Secretariat's overview: every body it manages in one table, read in a fixed number of
queries however many bodies there are (each app gives its part for all the bodies at once)."""

from __future__ import annotations

from dataclasses import dataclass

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
    def targets_missed(self) -> int:
        if self.report is None:
            return 0
        return sum(1 for v in self.report.target_violations if v.key != "open_seats")


def manageable_bodies(user: Viewer) -> list[Body]:
    """The bodies ``user`` manages: every one for the IGF Secretariat, else their own."""
    bodies = bodies_all()
    return [b for b in bodies if rules.can_manage(user, b)]


def bodies_overview(*, user: Viewer) -> list[BodyState]:
    bodies = manageable_bodies(user)
    require(bool(bodies))
    balances = balance_by_body(bodies, policies_in_force(bodies))
    consultations = consultations_by_body(bodies)
    overdue = overdue_by_body(bodies)
    states = []
    for body in bodies:
        cycle, report = balances.get(body.pk, (None, None))
        states.append(
            BodyState(
                body,
                cycle,
                report,
                consultations.get(body.pk, ConsultationState()),
                overdue.get(body.pk, 0),
            )
        )
    return states
