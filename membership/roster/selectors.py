"""Reads of the roster, with their permission checks: out of scope raises Http404, in scope
but forbidden raises PermissionDenied. Gender and contact details reach only the person, the
chair and the Secretariat."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from mag_portal.permissions import require
from mag_portal.types import Viewer
from membership.choices import StakeholderGroup
from membership.policy import MembershipPolicy
from membership.roster import rules
from membership.roster.balance import BalanceReport, Seat, evaluate
from membership.roster.models import (
    Appointment,
    AppointmentStatus,
    Cycle,
    Nomination,
    Person,
)
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


def current_stakeholder_group(user: Viewer) -> str | None:
    """The stakeholder group of ``user``'s current appointment (a ``StakeholderGroup`` value),
    or None when they hold none. ToR comments show it beside the author's name."""
    if not user.is_authenticated:
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


def cycles() -> list[Cycle]:
    """Every cycle, newest first."""
    return list(Cycle.objects.order_by("-year"))


def latest_cycle() -> Cycle | None:
    return Cycle.objects.order_by("-year").first()


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


def cycle_balance(*, user: Viewer, cycle: Cycle) -> CycleBalance:
    """The balance of a cycle's seat-holding appointments (proposed and confirmed) against the
    policy in force, with the cycle's seat count; and every chair override recorded. Chair and
    Secretariat. A fixed number of queries whatever the roster's size."""
    require(rules.can_view_balance(user))
    policy = policy_in_force()
    appointments = list(
        Appointment.objects.holding_seats()
        .filter(cycle=cycle)
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


# People ---------------------------------------------------------------------------------


def person_for_viewer(*, user: Viewer, pk: int) -> Person:
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
    if person is None or not rules.can_view_person(user, person):
        raise Http404
    return person


def own_person(user: Viewer) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user_id=user.pk).first()


def people_page(*, user: Viewer, page: str | None) -> Page[Person]:
    """Everyone on record, 100 a page, for the chair and the Secretariat."""
    require(rules.can_see_private_data(user))
    people = Person.objects.order_by("name", "pk").only(
        "name", "country", "is_organisation", "email", "affiliation"
    )
    return Paginator(people, 100).get_page(page)


def appointment_for_change(*, user: Viewer, pk: int) -> Appointment:
    """An appointment the chair is about to change or end (404 when there is none)."""
    require(rules.can_manage_roster(user))
    appointment = Appointment.objects.select_related("person", "cycle").filter(pk=pk).first()
    if appointment is None:
        raise Http404
    return appointment


@dataclass
class TimelineEntry:
    when: datetime.datetime
    what: str
    who: str
    why: str


def _entry(row: Any, what: str) -> TimelineEntry:
    return TimelineEntry(
        row.history_date, what, _who(row.history_user), row.history_change_reason or ""
    )


def person_timeline(person: Person) -> list[TimelineEntry]:
    """Every recorded change to the person, their appointments and nominations, newest first
    (three queries)."""
    profile = {"+": _("Profile created"), "~": _("Profile changed"), "-": _("Profile deleted")}
    entries = [
        _entry(row, profile.get(row.history_type, ""))
        for row in person.history.select_related("history_user")
    ]
    for row in Appointment.history.filter(person_id=person.pk).select_related(
        "history_user", "cycle"
    ):
        what = _appointment_event(row.history_type) % {
            "year": row.cycle.year,
            "status": row.get_status_display(),
            "group": row.get_stakeholder_group_display(),
        }
        entries.append(_entry(row, what))
    for row in Nomination.history.filter(person_id=person.pk).select_related(
        "history_user", "cycle"
    ):
        what = _nomination_event(row.history_type) % {
            "year": row.cycle.year,
            "status": row.get_status_display(),
        }
        entries.append(_entry(row, what))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def _appointment_event(history_type: str) -> str:
    if history_type == "+":
        return _("%(year)s appointment created: %(status)s, %(group)s")
    if history_type == "-":
        return _("%(year)s appointment deleted: %(status)s, %(group)s")
    return _("%(year)s appointment changed: %(status)s, %(group)s")


def _nomination_event(history_type: str) -> str:
    if history_type == "+":
        return _("%(year)s nomination created: %(status)s")
    if history_type == "-":
        return _("%(year)s nomination deleted: %(status)s")
    return _("%(year)s nomination changed: %(status)s")


def _who(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


# Nominations ----------------------------------------------------------------------------


def nominations_for(*, user: Viewer, cycle: Cycle) -> list[Nomination]:
    """A cycle's nominations; the Secretariat and the chair."""
    require(rules.can_see_nominations(user))
    return list(
        Nomination.objects.filter(cycle=cycle)
        .select_related("person")
        .order_by("-score", "person__name")
    )


def nomination_for_change(*, user: Viewer, pk: int) -> Nomination:
    """A nomination the Secretariat is about to screen (404 when there is none)."""
    require(rules.can_manage_nominations(user))
    nomination = Nomination.objects.select_related("cycle", "person").filter(pk=pk).first()
    if nomination is None:
        raise Http404
    return nomination


def nominations_chosen(*, user: Viewer, cycle: Cycle, pks: Sequence[str]) -> list[Nomination]:
    """The nominations of ``cycle`` among ``pks`` (the chair's accepted proposal)."""
    require(rules.can_run_selection(user))
    keys = [int(k) for k in pks if k.isdigit()]
    return list(Nomination.objects.filter(cycle=cycle, pk__in=keys).select_related("person"))
