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
from django.db.models import Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from mag_portal.permissions import require
from mag_portal.roles import Capability, has_capability
from mag_portal.types import Viewer
from membership.bodies.models import Body
from membership.bodies.rules import body_roles
from membership.choices import StakeholderGroup
from membership.countries import region_of
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

# A term that starts within this long after the previous one ended follows it (a renewal).
TERM_GAP = datetime.timedelta(days=31)

Term = tuple[datetime.date, datetime.date]


def appointable_people(cycle: Cycle) -> QuerySet[Person]:
    """Whom the appointment form offers for ``cycle``: for a body that draws on its parent's
    members (a working group), the parent's members on the day the cycle starts (or today);
    else everyone on record. The service checks it again."""
    people = Person.objects.order_by("name", "pk")
    body = cycle.body
    if body.parent_id is not None and policy_in_force(body).members_from_parent:
        on = max(cycle.starts_on, timezone.localdate())
        serving = Appointment.objects.current(on).filter(cycle__body_id=body.parent_id)
        people = people.filter(pk__in=serving.values("person_id"))
    return people


def member_until(person: Person, body: Body) -> datetime.date | None:
    """The day ``person`` stops being a member of ``body``: the day after their last ongoing
    term there ends (None when no term is ongoing). The member role follows it."""
    last = (
        Appointment.objects.ongoing()
        .filter(person_id=person.pk, cycle__body_id=body.pk)
        .aggregate(last=Max("ends_on"))["last"]
    )
    return last + datetime.timedelta(days=1) if last is not None else None


def terms_of(
    person_ids: Iterable[int], *, body_id: int, before: datetime.date
) -> dict[int, list[Term]]:
    """Each person's terms in a body (start and appointed end) that started before ``before``,
    oldest first; any status (a term ended early was served)."""
    terms: dict[int, list[Term]] = {}
    rows = (
        Appointment.objects.filter(
            person_id__in=list(person_ids), cycle__body_id=body_id, starts_on__lt=before
        )
        .order_by("starts_on")
        .values_list("person_id", "starts_on", "ends_on")
    )
    for person_id, starts_on, ends_on in rows:
        terms.setdefault(person_id, []).append((starts_on, ends_on))
    return terms


def consecutive_terms(
    person_id: int, starts_on: datetime.date, terms: dict[int, list[Term]]
) -> int:
    """How many consecutive terms a term starting on ``starts_on`` makes, counting it: each
    earlier term that ended at most ``TERM_GAP`` before the next one began adds one."""
    count, start = 1, starts_on
    for earlier_start, earlier_end in reversed(terms.get(person_id, [])):
        if earlier_start >= start:
            continue
        if start - earlier_end > TERM_GAP:
            break
        count, start = count + 1, earlier_start
    return count


def seats_of(appointments: Iterable[Appointment], body_id: int) -> list[Seat]:
    """Balance seats for appointments of one body (persons selected with them), each with the
    consecutive terms it makes."""
    appointments = list(appointments)
    latest = max((a.starts_on for a in appointments), default=timezone.localdate())
    terms = terms_of([a.person_id for a in appointments], body_id=body_id, before=latest)
    return [
        Seat(
            key=str(a.person_id),
            stakeholder_group=a.stakeholder_group,
            region=a.person.region,
            gender=a.person.gender or "prefer_not_to_say",
            country=a.person.country,
            consecutive_terms=consecutive_terms(a.person_id, a.starts_on, terms),
            label=a.person.name,
            seat_type=a.seat_type,
        )
        for a in appointments
    ]


def current_stakeholder_group(user: Viewer, body: Body) -> str | None:
    """The stakeholder group of ``user``'s current appointment in ``body`` (a
    ``StakeholderGroup`` value), or None when they hold none. ToR comments show it beside the
    author's name."""
    if not user.is_authenticated:
        return None
    return (
        Appointment.objects.current()
        .filter(person__user_id=user.pk, cycle__body=body)
        .values_list("stakeholder_group", flat=True)
        .first()
    )


def current_cycle(body: Body, today: datetime.date | None = None) -> Cycle | None:
    """The body's cycle running today; else its latest that has started; else its earliest."""
    today = today or timezone.localdate()
    cycles = Cycle.objects.filter(body=body).select_related("body")
    return (
        cycles.filter(starts_on__lte=today).order_by("-starts_on").first()
        or cycles.order_by("starts_on").first()
    )


def cycles(body: Body) -> list[Cycle]:
    """Every cycle of the body, newest first."""
    return list(Cycle.objects.filter(body=body).order_by("-year"))


def latest_cycle(body: Body) -> Cycle | None:
    return Cycle.objects.filter(body=body).order_by("-year").first()


def cycle_by_year(body: Body, year: int) -> Cycle:
    cycle = Cycle.objects.filter(body=body, year=year).select_related("body").first()
    if cycle is None:
        raise Http404
    return cycle


# Public roster --------------------------------------------------------------------------


@dataclass
class RosterGroup:
    group: str
    label: str
    appointments: list[Appointment]


def public_roster(
    *, user: Viewer, body: Body, cycle: Cycle | None = None
) -> tuple[Cycle | None, list[RosterGroup]]:
    """Confirmed members of the body's current cycle by stakeholder group, with only public
    fields loaded (name, country, affiliation; never email or gender). Two queries."""
    require(rules.can_see_roster(user, body))
    cycle = cycle or current_cycle(body)
    if cycle is None:
        return None, []
    appointments = (
        Appointment.objects.seats_of(cycle)
        .filter(status=AppointmentStatus.CONFIRMED)
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


def cycle_balance(*, user: Viewer, cycle: Cycle) -> CycleBalance:
    """The balance of a cycle's seat-holding appointments (proposed and confirmed) against the
    policy in force, with the cycle's seat count; and every chair override recorded. Chair and
    Secretariat. A fixed number of queries whatever the roster's size."""
    require(rules.can_view_balance(user, cycle.body))
    policy = policy_in_force(cycle.body)
    appointments = list(
        Appointment.objects.seats_of(cycle).select_related("person").order_by("person__name")
    )
    report = evaluate(
        seats_of(appointments, cycle.body_id),
        policy,
        seat_count=cycle.seat_count,
        draft=cycle.starts_on > timezone.localdate(),
    )
    overrides = [a for a in appointments if a.override_reason]
    return CycleBalance(cycle, policy, report, appointments, overrides)


# People ---------------------------------------------------------------------------------


def person_bodies(person: Person) -> list[Body]:
    """The bodies ``person`` served in or was nominated for (one query)."""
    return list(
        Body.objects.filter(
            Q(cycles__appointments__person=person) | Q(cycles__nominations__person=person)
        ).distinct()
    )


def person_for_viewer(*, user: Viewer, pk: int) -> Person:
    """A person's page, with every appointment in every body: the person, the IGF
    Secretariat, and the chair and Secretariat of a body they serve or were nominated for
    (others: out of scope, 404)."""
    person = (
        Person.objects.filter(pk=pk)
        .prefetch_related(
            Prefetch(
                "appointments",
                queryset=Appointment.objects.select_related("cycle__body").order_by(
                    "-starts_on", "cycle__body__name"
                ),
            )
        )
        .first()
    )
    if person is None or not rules.can_view_person(user, person, person_bodies(person)):
        raise Http404
    return person


def own_person(user: Viewer) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user_id=user.pk).first()


def people_page(*, user: Viewer, page: str | None) -> Page[Person]:
    """People on record, 100 a page: everyone for the IGF Secretariat; for a body's chair or
    Secretariat, the people of the bodies where they see private data."""
    require(rules.can_list_people(user))
    people = Person.objects.order_by("name", "pk").only(
        "name", "country", "is_organisation", "email", "affiliation"
    )
    if not has_capability(user, Capability.VIEW_PRIVATE_MEMBER_DATA):
        bodies = list(Body.objects.filter(pk__in=list(body_roles(user))))
        visible = [b.pk for b in bodies if rules.can_see_private_data(user, b)]
        people = people.filter(
            Q(appointments__cycle__body_id__in=visible) | Q(nominations__cycle__body_id__in=visible)
        ).distinct()
    return Paginator(people, 100).get_page(page)


def appointment_for_change(*, user: Viewer, body: Body, pk: int) -> Appointment:
    """An appointment of ``body`` the chair is about to change or end (404 when there is
    none)."""
    require(rules.can_manage_roster(user, body))
    appointment = (
        Appointment.objects.select_related("person", "cycle__body")
        .filter(pk=pk, cycle__body=body)
        .first()
    )
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
    require(rules.can_see_nominations(user, cycle.body))
    return list(
        Nomination.objects.filter(cycle=cycle)
        .select_related("person")
        .order_by("-score", "person__name")
    )


def nomination_for_change(*, user: Viewer, body: Body, pk: int) -> Nomination:
    """A nomination of ``body`` the Secretariat is about to screen (404 when there is none)."""
    require(rules.can_manage_nominations(user, body))
    nomination = (
        Nomination.objects.select_related("cycle__body", "person")
        .filter(pk=pk, cycle__body=body)
        .first()
    )
    if nomination is None:
        raise Http404
    return nomination


def nominations_chosen(*, user: Viewer, cycle: Cycle, pks: Sequence[str]) -> list[Nomination]:
    """The nominations of ``cycle`` among ``pks`` (the chair's accepted proposal)."""
    require(rules.can_run_selection(user, cycle.body))
    keys = [int(k) for k in pks if k.isdigit()]
    return list(Nomination.objects.filter(cycle=cycle, pk__in=keys).select_related("person"))


# Across bodies -----------------------------------------------------------------------------


@dataclass
class CompositionRow:
    cycle: Cycle
    counts: dict[str, int]
    total: int
    uncounted: int = 0  # seats of a type that counts toward nothing (ex officio)


def composition_by_cycle(
    body: Body, uncounted_types: frozenset[str] = frozenset()
) -> list[CompositionRow]:
    """The body's seats served in each cycle by stakeholder group, newest first: its
    composition over the years. A term counts in every cycle it ran into (two-year terms), up
    to the day it ended if ended early; seats of ``uncounted_types`` are counted apart. Two
    queries."""
    cycles_ = list(Cycle.objects.filter(body=body).order_by("-year"))
    terms = list(
        Appointment.objects.filter(
            cycle__body=body,
            status__in=(AppointmentStatus.CONFIRMED, AppointmentStatus.ENDED_EARLY),
        ).values_list("starts_on", "ends_on", "ended_on", "stakeholder_group", "seat_type")
    )
    rows = []
    for cycle in cycles_:
        counts: dict[str, int] = {}
        uncounted = 0
        for starts_on, ends_on, ended_on, group, seat_type in terms:
            last_day = min(ends_on, ended_on) if ended_on else ends_on
            if starts_on > cycle.ends_on or last_day < cycle.starts_on:
                continue
            if seat_type in uncounted_types:
                uncounted += 1
            else:
                counts[group] = counts.get(group, 0) + 1
        if counts or uncounted:
            rows.append(CompositionRow(cycle, counts, sum(counts.values()), uncounted))
    return rows


def current_cycles(bodies: list[Body], today: datetime.date | None = None) -> dict[int, Cycle]:
    """Each body's current cycle, as ``current_cycle`` chooses it (one query)."""
    today = today or timezone.localdate()
    chosen: dict[int, Cycle] = {}
    earliest: dict[int, Cycle] = {}
    for cycle in Cycle.objects.filter(body__in=bodies).order_by("body_id", "-starts_on"):
        earliest[cycle.body_id] = cycle
        if cycle.body_id not in chosen and cycle.starts_on <= today:
            chosen[cycle.body_id] = cycle
    return {**earliest, **chosen}


def balance_by_body(
    bodies: list[Body], policies: dict[int, MembershipPolicy], today: datetime.date | None = None
) -> dict[int, tuple[Cycle, BalanceReport]]:
    """Each body's current cycle and its balance against the body's policy: the Secretariat's
    overview. Three queries, however many bodies and cycles."""
    today = today or timezone.localdate()
    current = current_cycles(bodies, today)
    if not current:
        return {}
    low = min(c.starts_on for c in current.values())
    high = max(c.ends_on for c in current.values())
    seats_by_body: dict[int, list[tuple[Any, ...]]] = {}
    for row in (
        Appointment.objects.holding_seats()
        .filter(cycle__body__in=bodies, starts_on__lte=high, ends_on__gte=low)
        .values_list(
            "cycle__body_id",
            "person_id",
            "stakeholder_group",
            "seat_type",
            "starts_on",
            "ends_on",
            "person__country",
            "person__is_organisation",
            "person__gender",
            "person__name",
        )
    ):
        cycle = current.get(row[0])
        if cycle is not None and row[4] <= cycle.ends_on and row[5] >= cycle.starts_on:
            seats_by_body.setdefault(row[0], []).append(row)
    people = {row[1] for rows in seats_by_body.values() for row in rows}
    terms: dict[tuple[int, int], list[Term]] = {}
    for person_id, body_id, starts_on, ends_on in (
        Appointment.objects.filter(person_id__in=people, cycle__body__in=bodies, starts_on__lt=high)
        .order_by("starts_on")
        .values_list("person_id", "cycle__body_id", "starts_on", "ends_on")
    ):
        terms.setdefault((body_id, person_id), []).append((starts_on, ends_on))
    result = {}
    for body_id, cycle in current.items():
        seats = [
            Seat(
                key=str(person_id),
                stakeholder_group=group,
                region=region_of(None if is_organisation else country),
                gender=gender or "prefer_not_to_say",
                country=country,
                consecutive_terms=consecutive_terms(
                    person_id, starts_on, {person_id: terms.get((body_id, person_id), [])}
                ),
                label=name,
                seat_type=seat_type,
            )
            for (
                _body,
                person_id,
                group,
                seat_type,
                starts_on,
                _ends,
                country,
                is_organisation,
                gender,
                name,
            ) in seats_by_body.get(body_id, [])
        ]
        report = evaluate(
            seats, policies[body_id], seat_count=cycle.seat_count, draft=cycle.starts_on > today
        )
        result[body_id] = (cycle, report)
    return result
