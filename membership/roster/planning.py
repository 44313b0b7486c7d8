"""Reads that plan the next cycle, with their permission checks (the chair and the
Secretariat): rotation planning (who leaves at the term limit, what balance needs) and balanced
selection from the nominees."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from mag_portal.permissions import require
from mag_portal.types import Viewer
from membership.policy import Dimension, MembershipPolicy
from membership.policy_text import group_label
from membership.roster import rules
from membership.roster.balance import BalanceReport, evaluate
from membership.roster.models import Appointment, Cycle, Nomination, NominationStatus, Person
from membership.roster.selection import Candidate, SelectionResult, select
from membership.roster.selectors import appointment_years, consecutive_terms, seats_of
from membership.tor.selectors import policy_in_force


@dataclass
class MemberPlan:
    appointment: Appointment
    terms: int  # consecutive terms including this cycle's
    reaches_limit: bool


@dataclass
class Need:
    dimension: Dimension
    group: str
    name: str
    staying: int
    low: int
    high: int
    hard: bool

    @property
    def needed(self) -> int:
        return max(0, self.low - self.staying)

    @property
    def room(self) -> int:
        return max(0, self.high - self.staying)


@dataclass
class RotationPlan:
    cycle: Cycle
    next_year: int
    next_seat_count: int
    leaving: list[MemberPlan]
    eligible: list[MemberPlan]
    needs: list[Need]
    report: BalanceReport
    equal_needs: list[tuple[str, int, int]] = field(default_factory=list)


def rotation_plan(*, user: Viewer, cycle: Cycle) -> RotationPlan:
    """For the cycle after ``cycle``: who reaches the consecutive-term limit, who may be
    renewed, and how many seats each group needs once the leavers are gone (counting every
    eligible member as staying). Chair and Secretariat."""
    require(rules.can_view_balance(user))
    policy = policy_in_force()
    next_cycle = Cycle.objects.filter(year=cycle.year + 1).first()
    seat_count = next_cycle.seat_count if next_cycle else cycle.seat_count
    appointments = list(
        Appointment.objects.holding_seats()
        .filter(cycle=cycle)
        .select_related("person")
        .order_by("person__name")
    )
    years = appointment_years([a.person_id for a in appointments], before_year=cycle.year)
    plans = [
        MemberPlan(
            a,
            consecutive_terms(a.person_id, cycle.year, years),
            consecutive_terms(a.person_id, cycle.year, years) >= policy.max_consecutive_terms,
        )
        for a in appointments
    ]
    leaving = [p for p in plans if p.reaches_limit]
    eligible = [p for p in plans if not p.reaches_limit]
    staying_seats = seats_of([p.appointment for p in eligible], cycle.year + 1)
    report = evaluate(staying_seats, policy, seat_count=seat_count)
    needs = [
        Need(
            rule.dimension,
            rule.group,
            group_label(rule.dimension, rule.group),
            report.count(rule.dimension, rule.group),
            *rule.bounds(seat_count),
            rule.hard,
        )
        for rule in policy.rules
    ]
    # Groups sharing seats equally: each needs enough to come within the tolerance of the
    # largest of them (name, staying, at least this many more).
    equal_needs = []
    for equal in policy.equal_shares:
        staying = {g: report.count(equal.dimension, g) for g in equal.groups}
        largest = max(staying.values(), default=0)
        for group_key, count in staying.items():
            equal_needs.append(
                (
                    group_label(equal.dimension, group_key),
                    count,
                    max(0, largest - equal.tolerance_seats - count),
                )
            )
    return RotationPlan(
        cycle, cycle.year + 1, seat_count, leaving, eligible, needs, report, equal_needs
    )


def represented_countries(before_year: int) -> dict[str, int]:
    """How many cycles each country held a seat in, before ``before_year``."""
    counts: dict[str, int] = {}
    rows = (
        Appointment.objects.filter(cycle__year__lt=before_year)
        .values_list("person__country", "cycle__year")
        .distinct()
    )
    for country, _year in rows:
        if country:
            counts[country] = counts.get(country, 0) + 1
    return counts


OPEN_NOMINATION = (
    NominationStatus.RECEIVED,
    NominationStatus.SHORTLISTED,
    NominationStatus.PROPOSED,
)


def _candidate(
    key: str,
    person: Person,
    stakeholder_group: str,
    prior_terms: int,
    *,
    continuing: bool = False,
    score: float = 0.0,
) -> Candidate:
    return Candidate(
        key=key,
        stakeholder_group=stakeholder_group,
        region=person.region,
        gender=person.gender or "prefer_not_to_say",
        country=person.country,
        score=score,
        continuing=continuing,
        prior_terms=prior_terms,
        label=person.name,
    )


def selection_for(
    *,
    user: Viewer,
    cycle: Cycle,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    policy: MembershipPolicy | None = None,
) -> tuple[SelectionResult, dict[str, Nomination]]:
    """Run balanced selection for ``cycle``: its seat-holding appointments are the continuing
    members, its open nominations the pool. The chair. ``policy`` defaults to the one in
    force (a caller that needs it too passes it, saving a query)."""
    require(rules.can_run_selection(user))
    policy = policy or policy_in_force()
    holding = list(Appointment.objects.holding_seats().filter(cycle=cycle).select_related("person"))
    held = {a.person_id for a in holding}
    open_nominations = Nomination.objects.filter(cycle=cycle, status__in=OPEN_NOMINATION)
    nominations = [n for n in open_nominations.select_related("person") if n.person_id not in held]
    years = appointment_years(
        [a.person_id for a in holding] + [n.person_id for n in nominations],
        before_year=cycle.year,
    )

    def prior(person_id: int) -> int:
        return consecutive_terms(person_id, cycle.year, years) - 1

    by_key = {f"n{n.pk}": n for n in nominations}
    candidates = [
        _candidate(f"a{a.pk}", a.person, a.stakeholder_group, prior(a.person_id), continuing=True)
        for a in holding
    ] + [
        _candidate(
            key, n.person, n.stakeholder_group, prior(n.person_id), score=float(n.score or 0)
        )
        for key, n in by_key.items()
    ]
    result = select(
        candidates,
        policy,
        seat_count=cycle.seat_count,
        country_history=represented_countries(cycle.year),
        include=[k for k in include if k in by_key],
        exclude=[k for k in exclude if k in by_key],
    )
    return result, by_key
