"""The demo data of all apps together: the onboarding demo uses the roster demo's members (no
seat over-filled), gives every confirmed member of the current cycle one checklist, and a
second run changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from membership.roster.models import Appointment, AppointmentStatus, Cycle, Person
from membership.tor.selectors import policy_in_force
from onboarding.demo import DEMO_PEOPLE, current_cycle
from onboarding.models import Checklist, ChecklistItem, ChecklistItemEvent
from tests.factories import mag

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", "--allow-without-debug", stdout=out)
    return out.getvalue()


def _counts() -> tuple[int, ...]:
    return (
        Person.objects.count(),
        Appointment.objects.count(),
        Checklist.objects.count(),
        ChecklistItem.objects.count(),
        ChecklistItem.objects.exclude(status="todo").count(),
        ChecklistItemEvent.objects.count(),
    )


def _assert_consistent() -> None:
    # No body's cycle has more counted seats than it has: terms spanning cycles (the
    # Leadership Panel's two years) hold a seat in each of their years; ex officio seats count
    # toward nothing.
    for cycle in Cycle.objects.select_related("body"):
        uncounted = policy_in_force(cycle.body).uncounted_seat_types
        seats = Appointment.objects.seats_of(cycle).filter(status=AppointmentStatus.CONFIRMED)
        counted = seats.exclude(seat_type__in=uncounted).count()
        assert counted <= cycle.seat_count, (cycle.body.slug, cycle.year)
    cycle = current_cycle(mag(), timezone.localdate())
    assert cycle is not None
    confirmed = Appointment.objects.filter(cycle=cycle, status=AppointmentStatus.CONFIRMED)
    assert confirmed.count() == cycle.seat_count
    per_appointment = confirmed.annotate(n=Count("checklist")).values_list("n", flat=True)
    assert set(per_appointment) == {1}
    assert Checklist.objects.filter(appointment__cycle=cycle).count() == confirmed.count()


def test_seed_demo_twice_keeps_seats_and_one_checklist_per_member() -> None:
    first = _seed()
    _assert_consistent()
    counts = _counts()
    second = _seed()
    _assert_consistent()
    assert _counts() == counts
    line = next(x for x in first.splitlines() if x.startswith("Onboarding:"))
    assert line == next(x for x in second.splitlines() if x.startswith("Onboarding:"))
    # The onboarding seeder made none of its own people: the roster demo has them all.
    assert not Person.objects.filter(email__in=[p[1] for p in DEMO_PEOPLE]).exists()
