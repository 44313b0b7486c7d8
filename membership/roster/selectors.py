"""Reads of the roster, with their permission checks: out of scope raises Http404, in scope
but forbidden raises PermissionDenied. Gender and contact details reach only the person, the
chair and the Secretariat."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from mag_portal.permissions import require_capability
from mag_portal.roles import Capability, has_capability
from membership.choices import Gender, Region, StakeholderGroup
from membership.policy import GROUPS, Dimension, MembershipPolicy
from membership.roster.balance import BalanceReport, Seat, evaluate
from membership.roster.models import (
    SEAT_HOLDING,
    Appointment,
    AppointmentStatus,
    Cycle,
    Nomination,
    NominationStatus,
    Person,
)
from membership.roster.selection import Candidate, SelectionResult, select
from membership.tor.selectors import policy_in_force

# Terms and seats ------------------------------------------------------------------------


def consecutive_terms(person_id: int, year: int, years_by_person: dict[int, set[int]]) -> int:
    """How many consecutive terms a seat in ``year`` would make, counting it."""
    years = years_by_person.get(person_id, set())
    count = 1
    while year - count in years:
        count += 1
    return count


def appointment_years(person_ids: Iterable[int], *, before_year: int) -> dict[int, set[int]]:
    """Years in which each person held an appointment (any status: ended early is a term
    served), before ``before_year``."""
    years: dict[int, set[int]] = {}
    rows = Appointment.objects.filter(
        person_id__in=list(person_ids), cycle__year__lt=before_year
    ).values_list("person_id", "cycle__year")
    for person_id, year in rows:
        years.setdefault(person_id, set()).add(year)
    return years


def seats_of(appointments: Iterable[Appointment], year: int) -> list[Seat]:
    """Balance seats for appointments of one cycle (persons selected with them)."""
    appointments = list(appointments)
    years = appointment_years([a.person_id for a in appointments], before_year=year)
    return [
        Seat(
            key=str(a.person_id),
            stakeholder_group=a.stakeholder_group,
            region=a.person.region,
            gender=a.person.gender or "prefer_not_to_say",
            country=a.person.country,
            consecutive_terms=consecutive_terms(a.person_id, year, years),
            label=a.person.name,
        )
        for a in appointments
    ]


def current_stakeholder_group(user: User) -> str | None:
    """The stakeholder group of ``user``'s current appointment (a ``StakeholderGroup`` value),
    or None when they hold none. ToR comments show it beside the author's name."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Appointment.objects.current()
        .filter(person__user_id=user.pk)
        .values_list("stakeholder_group", flat=True)
        .first()
    )


def current_cycle(today: datetime.date | None = None) -> Cycle | None:
    """The cycle running today; else the latest one that has started; else the earliest."""
    today = today or timezone.localdate()
    return (
        Cycle.objects.filter(starts_on__lte=today).order_by("-starts_on").first()
        or Cycle.objects.order_by("starts_on").first()
    )


def can_see_private(user: User | AnonymousUser, person: Person | None = None) -> bool:
    if has_capability(user, Capability.VIEW_PRIVATE_MEMBER_DATA):
        return True
    return person is not None and person.user_id is not None and person.user_id == user.pk


# Public roster --------------------------------------------------------------------------


@dataclass
class RosterGroup:
    group: str
    label: str
    appointments: list[Appointment]


def public_roster(cycle: Cycle | None = None) -> tuple[Cycle | None, list[RosterGroup]]:
    """Confirmed members of the current cycle by stakeholder group, with only public fields
    loaded (name, country, affiliation; never email or gender). One query."""
    cycle = cycle or current_cycle()
    if cycle is None:
        return None, []
    appointments = (
        Appointment.objects.filter(cycle=cycle, status=AppointmentStatus.CONFIRMED)
        .select_related("person")
        .only(
            "stakeholder_group",
            "seat_type",
            "person__name",
            "person__country",
            "person__is_organisation",
            "person__affiliation",
        )
        .order_by("person__name")
    )
    by_group: dict[str, list[Appointment]] = {g: [] for g in StakeholderGroup.values}
    for appointment in appointments:
        by_group.setdefault(appointment.stakeholder_group, []).append(appointment)
    groups = [
        RosterGroup(value, str(label), by_group[value])
        for value, label in StakeholderGroup.choices
        if by_group[value]
    ]
    return cycle, groups


# Balance --------------------------------------------------------------------------------


@dataclass
class CycleBalance:
    cycle: Cycle
    policy: MembershipPolicy
    report: BalanceReport
    appointments: list[Appointment]
    overrides: list[Appointment] = field(default_factory=list)


def cycle_by_year(year: int) -> Cycle:
    cycle = Cycle.objects.filter(year=year).first()
    if cycle is None:
        raise Http404
    return cycle


def cycle_balance(*, user: Any, cycle: Cycle) -> CycleBalance:
    """The balance of a cycle's seat-holding appointments (proposed and confirmed) against the
    policy in force, with the cycle's seat count; and every chair override recorded. Chair and
    Secretariat. A fixed number of queries whatever the roster's size."""
    require_capability(user, Capability.VIEW_BALANCE)
    policy = policy_in_force()
    appointments = list(
        Appointment.objects.filter(cycle=cycle, status__in=SEAT_HOLDING)
        .select_related("person")
        .order_by("person__name")
    )
    report = evaluate(
        seats_of(appointments, cycle.year),
        policy,
        seat_count=cycle.seat_count,
        draft=cycle.starts_on > timezone.localdate(),
    )
    overrides = [a for a in appointments if a.override_reason]
    return CycleBalance(cycle, policy, report, appointments, overrides)


def draft_balance(*, user: Any, cycle: Cycle, seats: list[Seat]) -> BalanceReport:
    require_capability(user, Capability.VIEW_BALANCE)
    return evaluate(seats, policy_in_force(), seat_count=cycle.seat_count)


# Rotation planning ----------------------------------------------------------------------


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


def rotation_plan(*, user: Any, cycle: Cycle) -> RotationPlan:
    """For the cycle after ``cycle``: who reaches the consecutive-term limit, who may be
    renewed, and how many seats each group needs once the leavers are gone (counting every
    eligible member as staying). Chair and Secretariat."""
    require_capability(user, Capability.VIEW_BALANCE)
    policy = policy_in_force()
    next_cycle = Cycle.objects.filter(year=cycle.year + 1).first()
    seat_count = next_cycle.seat_count if next_cycle else cycle.seat_count
    appointments = list(
        Appointment.objects.filter(cycle=cycle, status__in=SEAT_HOLDING)
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
            label_of(rule.dimension, rule.group),
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
                    label_of(equal.dimension, group_key),
                    count,
                    max(0, largest - equal.tolerance_seats - count),
                )
            )
    return RotationPlan(
        cycle, cycle.year + 1, seat_count, leaving, eligible, needs, report, equal_needs
    )


# People ---------------------------------------------------------------------------------


def person_for_viewer(*, user: Any, pk: int) -> Person:
    """A person's page: the chair and the Secretariat see anyone; a member sees only their
    own record (others are out of scope: 404)."""
    person = (
        Person.objects.filter(pk=pk)
        .prefetch_related(
            Prefetch(
                "appointments",
                queryset=Appointment.objects.select_related("cycle").order_by("-cycle__year"),
            )
        )
        .first()
    )
    if person is None:
        raise Http404
    if has_capability(user, Capability.VIEW_PRIVATE_MEMBER_DATA):
        return person
    if person.user_id is not None and person.user_id == user.pk:
        return person
    raise Http404


def own_person(user: Any) -> Person | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user_id=user.pk).first()


@dataclass
class TimelineEntry:
    when: datetime.datetime
    what: str
    who: str
    why: str


def person_timeline(person: Person) -> list[TimelineEntry]:
    """Every recorded change to the person and their appointments, newest first."""
    entries: list[TimelineEntry] = []
    person_history = person.history.select_related("history_user").order_by("-history_date")
    labels = {"+": "created", "~": "changed", "-": "deleted"}
    for row in person_history:
        entries.append(
            TimelineEntry(
                row.history_date,
                f"Profile {labels.get(row.history_type, '')}",
                _who(row.history_user),
                row.history_change_reason or "",
            )
        )
    appointment_history = (
        Appointment.history.filter(person_id=person.pk)
        .select_related("history_user", "cycle")
        .order_by("-history_date")
    )
    for row in appointment_history:
        entries.append(
            TimelineEntry(
                row.history_date,
                f"{row.cycle.year} appointment {labels.get(row.history_type, '')}: "
                f"{row.get_status_display()}, {row.get_stakeholder_group_display()}",
                _who(row.history_user),
                row.history_change_reason or "",
            )
        )
    nomination_history = (
        Nomination.history.filter(person_id=person.pk)
        .select_related("history_user", "cycle")
        .order_by("-history_date")
    )
    for row in nomination_history:
        entries.append(
            TimelineEntry(
                row.history_date,
                f"{row.cycle.year} nomination {labels.get(row.history_type, '')}: "
                f"{row.get_status_display()}",
                _who(row.history_user),
                row.history_change_reason or "",
            )
        )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def _who(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


# Nominations and selection --------------------------------------------------------------


def nominations_for(*, user: Any, cycle: Cycle) -> list[Nomination]:
    """A cycle's nominations; the Secretariat and the chair."""
    if not (
        has_capability(user, Capability.MANAGE_NOMINATIONS)
        or has_capability(user, Capability.RUN_SELECTION)
    ):
        raise PermissionDenied
    return list(
        Nomination.objects.filter(cycle=cycle)
        .select_related("person")
        .order_by("-score", "person__name")
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


def selection_for(
    *,
    user: Any,
    cycle: Cycle,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    policy: MembershipPolicy | None = None,
) -> tuple[SelectionResult, dict[str, Nomination]]:
    """Run balanced selection for ``cycle``: its seat-holding appointments are the continuing
    members, its open nominations the pool. The chair. ``policy`` defaults to the one in
    force (a caller that needs it too passes it, saving a query)."""
    require_capability(user, Capability.RUN_SELECTION)
    policy = policy or policy_in_force()
    holding = list(
        Appointment.objects.filter(cycle=cycle, status__in=SEAT_HOLDING).select_related("person")
    )
    held = {a.person_id for a in holding}
    nominations = [
        n
        for n in Nomination.objects.filter(cycle=cycle, status__in=OPEN_NOMINATION).select_related(
            "person"
        )
        if n.person_id not in held
    ]
    years = appointment_years(
        [a.person_id for a in holding] + [n.person_id for n in nominations],
        before_year=cycle.year,
    )
    candidates = [
        Candidate(
            key=f"a{a.pk}",
            stakeholder_group=a.stakeholder_group,
            region=a.person.region,
            gender=a.person.gender or "prefer_not_to_say",
            country=a.person.country,
            continuing=True,
            prior_terms=consecutive_terms(a.person_id, cycle.year, years) - 1,
            label=a.person.name,
        )
        for a in holding
    ]
    by_key = {f"n{n.pk}": n for n in nominations}
    candidates += [
        Candidate(
            key=key,
            stakeholder_group=n.stakeholder_group,
            region=n.person.region,
            gender=n.person.gender or "prefer_not_to_say",
            country=n.person.country,
            score=float(n.score or 0),
            prior_terms=consecutive_terms(n.person_id, cycle.year, years) - 1,
            label=n.person.name,
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


def group_name(dimension: Dimension, group: str) -> str:
    return GROUPS[dimension].get(group, group)


def label_of(dimension: Dimension, group: str) -> str:
    """The translated label of a group (the choices' label), for the interface."""
    choices = {
        Dimension.STAKEHOLDER_GROUP: StakeholderGroup,
        Dimension.REGION: Region,
        Dimension.GENDER: Gender,
    }[dimension]
    return str(dict(choices.choices).get(group, group))
