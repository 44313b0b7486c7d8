"""Each body's own policy: the Leadership Panel's two-year terms span cycles and its ex
officio seats count toward nothing; a working group draws only on its parent's members; one
term at a time in a body, any number across bodies."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mag_portal.roles import Role
from membership.policy import Dimension, default_policy_for
from membership.roster.models import Appointment, AppointmentStatus
from membership.roster.planning import rotation_plan
from membership.roster.selectors import cycle_balance
from membership.roster.services import RuleViolationError, appointment_create
from tests.factories import (
    AppointmentFactory,
    BodyFactory,
    CycleFactory,
    PersonFactory,
    UserFactory,
    mag,
)

pytestmark = pytest.mark.django_db
CONFIRMED = AppointmentStatus.CONFIRMED


@pytest.fixture
def lp_cycles(panel):
    return {year: CycleFactory(body=panel, year=year, seat_count=4) for year in (2025, 2026, 2027)}


def _appoint(actor, person, cycle, group="civil_society", **kwargs):
    return appointment_create(
        actor=actor, person=person, cycle=cycle, stakeholder_group=group, status=CONFIRMED, **kwargs
    )


def test_a_panel_term_lasts_two_years_and_holds_a_seat_in_both(other_chair, lp_cycles) -> None:
    person = PersonFactory()
    term = _appoint(other_chair, person, lp_cycles[2025])
    assert (term.starts_on, term.ends_on) == (
        datetime.date(2025, 1, 1),
        datetime.date(2026, 12, 31),
    )
    assert list(Appointment.objects.seats_of(lp_cycles[2026])) == [term]
    assert not Appointment.objects.seats_of(lp_cycles[2027]).exists()
    # One term at a time: no second appointment while the first runs.
    with pytest.raises(ValidationError, match="already has an appointment"):
        _appoint(other_chair, person, lp_cycles[2026])
    balance_2026 = cycle_balance(user=other_chair, cycle=lp_cycles[2026])
    assert balance_2026.report.filled == 1


def test_a_two_year_term_is_checked_against_the_later_cycle_too(other_chair, lp_cycles) -> None:
    lp_cycles[2026].seat_count = 1
    lp_cycles[2026].save()
    _appoint(other_chair, PersonFactory(), lp_cycles[2026])
    # 2025 has room, but the term would run into 2026, which is full.
    with pytest.raises(RuleViolationError, match="2 seats, 1 more than the 1"):
        _appoint(other_chair, PersonFactory(), lp_cycles[2025], group="government")


def test_ex_officio_seats_count_toward_nothing(other_chair, lp_cycles) -> None:
    cycle = lp_cycles[2026]
    for group in ("government", "private_sector"):
        _appoint(other_chair, PersonFactory(), cycle, group=group)
    # More ex officio seats than the cycle has: none of them takes a seat.
    for _ in range(5):
        _appoint(other_chair, PersonFactory(), cycle, group="government", seat_type="ex_officio")
    report = cycle_balance(user=other_chair, cycle=cycle).report
    assert (report.filled, report.seat_count, report.uncounted) == (2, 4, 5)
    assert report.count(Dimension.STAKEHOLDER_GROUP, "government") == 1


def test_consecutive_terms_span_cycles_and_the_panel_limit_is_two(other_chair, panel) -> None:
    cycles = {y: CycleFactory(body=panel, year=y, seat_count=10) for y in range(2021, 2028)}
    person = PersonFactory()
    AppointmentFactory(
        person=person,
        cycle=cycles[2023],
        ends_on=datetime.date(2024, 12, 31),
    )
    AppointmentFactory(
        person=person,
        cycle=cycles[2025],
        ends_on=datetime.date(2026, 12, 31),
    )
    plan = rotation_plan(user=other_chair, cycle=cycles[2026])
    assert default_policy_for("panel").max_consecutive_terms == 2
    leaving = {p.appointment.person_id: p.terms for p in plan.leaving}
    assert leaving == {person.pk: 2}
    # In 2025 the same term continues into 2026: it is neither leaving nor up for renewal.
    plan_2025 = rotation_plan(user=other_chair, cycle=cycles[2025])
    assert [p.appointment.person_id for p in plan_2025.continuing] == [person.pk]
    assert not plan_2025.leaving


def test_a_working_group_draws_only_on_its_parents_current_members(chair) -> None:
    wg = BodyFactory(slug="wg-hybrid", kind="working_group", parent=mag())
    facilitator = UserFactory(roles=[Role.CHAIR], roles__body=wg)
    year = datetime.date.today().year
    wg_cycle = CycleFactory(body=wg, year=year, seat_count=8)
    mag_member = AppointmentFactory(cycle=CycleFactory(year=year)).person
    outsider = PersonFactory(name="Not On The MAG")
    with pytest.raises(ValidationError, match="not a current member of MAG"):
        _appoint(facilitator, outsider, wg_cycle)
    assert _appoint(facilitator, mag_member, wg_cycle).cycle.body == wg
    with pytest.raises(PermissionDenied):  # the MAG's chair does not run the working group
        _appoint(chair, PersonFactory(), wg_cycle)


def test_one_person_serves_several_bodies(chair, other_chair, lp_cycles) -> None:
    person = PersonFactory()
    _appoint(chair, person, CycleFactory(year=2026))
    _appoint(other_chair, person, lp_cycles[2026], seat_type="ex_officio")
    assert Appointment.objects.filter(person=person).count() == 2
