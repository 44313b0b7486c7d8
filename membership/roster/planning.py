"""Reads that plan the next cycle, with their permission checks (the chair and the
Secretariat): rotation planning (who leaves at the term limit, what balance needs) and balanced
selection from the nominees."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from mag_portal.permissions import require
from mag_portal.types import Viewer
from membership.policy import Dimension, MembershipPolicy
from membership.policy_text import group_label
from membership.roster import rules
from membership.roster.balance import BalanceReport, evaluate
from membership.roster.models import Appointment, Cycle, Nomination, NominationStatus, Person
from membership.roster.selection import Candidate, SelectionResult, select
from membership.roster.selectors import consecutive_terms, seats_of, terms_of
from membership.tor.selectors import policy_in_force


@dataclass
class MemberPlan:
    appointment: Appointment
    terms: int  # consecutive terms including the current one
    reaches_limit: bool
    continues: bool = False  # the term runs on into the next cycle (a two-year term)


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
    continuing: list[MemberPlan] = field(default_factory=list)


def next_cycle_of(cycle: Cycle) -> Cycle | None:
    """The body's cycle that starts after ``cycle`` ends, if it was set up."""
    return (
        Cycle.objects.filter(body_id=cycle.body_id, starts_on__gt=cycle.ends_on)
        .order_by("starts_on")
        .first()
    )


def _plans(
    appointments: list[Appointment], cycle: Cycle, limit: int, unlimited: frozenset[str]
) -> list[MemberPlan]:
    latest = max((a.starts_on for a in appointments), default=cycle.starts_on)
    terms = terms_of([a.person_id for a in appointments], body_id=cycle.body_id, before=latest)
    plans = []
    for a in appointments:
        served = consecutive_terms(a.person_id, a.starts_on, terms)
        continues = a.ends_on > cycle.ends_on
        reaches = not continues and a.seat_type not in unlimited and served >= limit
        plans.append(MemberPlan(a, served, reaches, continues))
    return plans


def rotation_plan(*, user: Viewer, cycle: Cycle) -> RotationPlan:
    """For the cycle after ``cycle``: who reaches the consecutive-term limit, who may be
    renewed, who continues a longer term, and how many seats each group needs once the
    leavers are gone (counting every eligible member as staying). Chair and Secretariat."""
    require(rules.can_view_balance(user, cycle.body))
    policy = policy_in_force(cycle.body)
    following = next_cycle_of(cycle)
    seat_count = following.seat_count if following else cycle.seat_count
    appointments = list(
        Appointment.objects.seats_of(cycle).select_related("person").order_by("person__name")
    )
    plans = _plans(appointments, cycle, policy.max_consecutive_terms, policy.unlimited_seat_types)
    leaving = [p for p in plans if p.reaches_limit]
    eligible = [p for p in plans if not p.reaches_limit and not p.continues]
    continuing = [p for p in plans if p.continues]
    staying_seats = [
        replace(seat, consecutive_terms=plan.terms + (0 if plan.continues else 1))
        for plan, seat in zip(plans, seats_of(appointments, cycle.body_id), strict=True)
        if not plan.reaches_limit
    ]
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
        cycle,
        following.year if following else cycle.ends_on.year + 1,
        seat_count,
        leaving,
        eligible,
        needs,
        report,
        equal_needs,
        continuing,
    )


def represented_countries(cycle: Cycle) -> dict[str, int]:
    """How many earlier cycles of the body each country held a seat in."""
    counts: dict[str, int] = {}
    rows = (
        Appointment.objects.filter(cycle__body_id=cycle.body_id, cycle__year__lt=cycle.year)
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
    require(rules.can_run_selection(user, cycle.body))
    policy = policy or policy_in_force(cycle.body)
    holding = list(Appointment.objects.seats_of(cycle).select_related("person"))
    held = {a.person_id for a in holding}
    open_nominations = Nomination.objects.filter(cycle=cycle, status__in=OPEN_NOMINATION)
    nominations = [n for n in open_nominations.select_related("person") if n.person_id not in held]
    terms = terms_of(
        [a.person_id for a in holding] + [n.person_id for n in nominations],
        body_id=cycle.body_id,
        before=cycle.starts_on,
    )

    def prior(person_id: int, starts_on: datetime.date = cycle.starts_on) -> int:
        return consecutive_terms(person_id, starts_on, terms) - 1

    by_key = {f"n{n.pk}": n for n in nominations}
    candidates = [
        _candidate(
            f"a{a.pk}",
            a.person,
            a.stakeholder_group,
            prior(a.person_id, a.starts_on),
            continuing=True,
        )
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
        country_history=represented_countries(cycle),
        include=[k for k in include if k in by_key],
        exclude=[k for k in exclude if k in by_key],
    )
    return result, by_key
