"""The demo roster: three cycles of 55 seats with rotation, renewals and nominations for the
next cycle, the demo accounts linked to their records; idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User

from mag_portal.demo import seed_accounts
from membership.roster.demo import seed
from membership.roster.models import Appointment, Cycle, Nomination, Person, SeatType
from membership.roster.selectors import cycle_balance

pytestmark = pytest.mark.django_db


def test_demo_roster_is_balanced_rotates_and_is_idempotent() -> None:
    seed_accounts()
    seed(stdout=StringIO())
    counts = (Person.objects.count(), Appointment.objects.count(), Nomination.objects.count())
    seed(stdout=StringIO())
    assert (Person.objects.count(), Appointment.objects.count(), Nomination.objects.count()) == (
        counts
    )
    chair = User.objects.get(email="chair@demo.example")
    for year in (2024, 2025, 2026):
        balance = cycle_balance(user=chair, cycle=Cycle.objects.get(year=year))
        assert balance.report.filled == 55
        assert balance.report.meets_hard_rules
    members_2025 = set(
        Appointment.objects.filter(cycle__year=2025).values_list("person_id", flat=True)
    )
    members_2026 = set(
        Appointment.objects.filter(cycle__year=2026).values_list("person_id", flat=True)
    )
    assert 15 <= len(members_2026 - members_2025) <= 21  # about a third rotates
    assert Nomination.objects.filter(cycle__year=2027).count() >= 150


def test_demo_accounts_are_linked_to_their_records() -> None:
    seed_accounts()
    seed(stdout=StringIO())
    member = User.objects.get(email="member@demo.example")
    newmember = User.objects.get(email="newmember@demo.example")
    chair = User.objects.get(email="chair@demo.example")
    assert member.person.name == "Sofía Ramírez"
    assert (
        Appointment.objects.filter(person__user=member, cycle__year__in=[2025, 2026]).count() == 2
    )
    kenji_years = Appointment.objects.filter(person__user=newmember).values_list(
        "cycle__year", flat=True
    )
    assert min(kenji_years) == 2026  # newly appointed for 2026
    assert Appointment.objects.get(person__user=chair, cycle__year=2026).seat_type == SeatType.CHAIR
