"""Roster services and selectors: rule checks on every appointment write, overrides, history,
consecutive terms, rotation planning, selection into proposed appointments, countries."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from membership.choices import StakeholderGroup
from membership.countries import countries, region_of
from membership.policy import Dimension
from membership.roster.models import Appointment, AppointmentStatus, NominationStatus, Person
from membership.roster.planning import rotation_plan, selection_for
from membership.roster.selectors import (
    current_stakeholder_group,
    cycle_balance,
    person_for_viewer,
    person_timeline,
)
from membership.roster.services import (
    RuleViolationError,
    appointment_create,
    appointment_end_early,
    appointment_update,
    person_create,
    selection_accept,
)
from tests.factories import (
    AppointmentFactory,
    CycleFactory,
    NominationFactory,
    PersonFactory,
    mag,
)

GOV = StakeholderGroup.GOVERNMENT


def test_every_un_member_state_maps_to_one_regional_group() -> None:
    table = countries()
    assert len(table) == 193
    assert {c.region for c in table.values()} == {
        "african",
        "asia_pacific",
        "eastern_european",
        "grulac",
        "weog",
    }
    assert region_of("KE") == "african"
    assert region_of("br") == "grulac"
    assert region_of("") == "none"


@pytest.mark.django_db
def test_an_organisation_has_no_country_and_no_region(chair) -> None:
    igo = person_create(actor=chair, name="ITU", is_organisation=True, country="CH")
    assert igo.country == ""
    assert igo.region == "none"


@pytest.mark.django_db
def test_only_the_chair_appoints(member, secretariat) -> None:
    cycle = CycleFactory(seat_count=10)
    person = PersonFactory()
    for user in (member, secretariat):
        with pytest.raises(PermissionDenied):
            appointment_create(actor=user, person=person, cycle=cycle, stakeholder_group=GOV)


@pytest.mark.django_db
def test_appointment_breaking_the_government_limit_is_refused_with_the_rule(chair) -> None:
    cycle = CycleFactory(seat_count=10)  # 40% of 10: at most 4 government seats
    for _ in range(4):
        AppointmentFactory(cycle=cycle, stakeholder_group=GOV)
    with pytest.raises(RuleViolationError) as caught:
        appointment_create(actor=chair, person=PersonFactory(), cycle=cycle, stakeholder_group=GOV)
    assert caught.value.messages == [
        "Government would hold 5 of 10 seats (50.0%), above the 40% limit (at most 4)"
    ]
    assert Appointment.objects.filter(cycle=cycle).count() == 4


@pytest.mark.django_db
def test_the_chair_overrides_with_a_reason_that_is_recorded(chair) -> None:
    cycle = CycleFactory(seat_count=10)
    for _ in range(4):
        AppointmentFactory(cycle=cycle, stakeholder_group=GOV)
    appointment = appointment_create(
        actor=chair,
        person=PersonFactory(name="Rosa Vega"),
        cycle=cycle,
        stakeholder_group=GOV,
        override_reason="Host country government seat agreed by the Secretary-General",
    )
    assert appointment.override_reason.startswith("Host country government seat")
    (overridden,) = appointment.overridden_rules
    assert (overridden["code"], overridden["group"], overridden["count"]) == (
        "share_above_max",
        "government",
        5,
    )
    balance = cycle_balance(user=chair, cycle=cycle)
    assert [a.pk for a in balance.overrides] == [appointment.pk]
    last = appointment.history.first()
    assert last.history_user == chair
    assert last.history_change_reason.startswith("Appointed, overriding: Host country")


@pytest.mark.django_db
def test_an_appointment_that_keeps_the_rules_is_saved_with_history(chair) -> None:
    cycle = CycleFactory(seat_count=10)
    appointment = appointment_create(
        actor=chair, person=PersonFactory(), cycle=cycle, stakeholder_group=GOV
    )
    assert appointment.status == AppointmentStatus.PROPOSED
    assert appointment.override_reason == ""
    assert appointment.history.count() == 1


@pytest.mark.django_db
def test_changing_group_into_government_is_checked_too(chair) -> None:
    cycle = CycleFactory(seat_count=10)
    for _ in range(4):
        AppointmentFactory(cycle=cycle, stakeholder_group=GOV)
    other = AppointmentFactory(cycle=cycle)
    with pytest.raises(RuleViolationError):
        appointment_update(actor=chair, appointment=other, stakeholder_group=GOV)


@pytest.mark.django_db
def test_a_fourth_consecutive_term_is_refused(chair) -> None:
    person = PersonFactory(name="Old Hand")
    for year in (2023, 2024, 2025):
        AppointmentFactory(person=person, cycle=CycleFactory(year=year))
    cycle = CycleFactory(year=2026)
    with pytest.raises(RuleViolationError) as caught:
        appointment_create(
            actor=chair, person=person, cycle=cycle, stakeholder_group="civil_society"
        )
    assert caught.value.messages == ["Old Hand would serve a 4th consecutive term; the limit is 3"]


@pytest.mark.django_db
def test_too_many_seats_is_refused(chair) -> None:
    cycle = CycleFactory(seat_count=2)
    AppointmentFactory(cycle=cycle)
    AppointmentFactory(cycle=cycle, stakeholder_group="private_sector")
    with pytest.raises(RuleViolationError, match="3 seats, 1 more than the 2"):
        appointment_create(
            actor=chair, person=PersonFactory(), cycle=cycle, stakeholder_group="technical_academic"
        )


@pytest.mark.django_db
def test_end_early_needs_a_reason_frees_the_seat_and_keeps_the_row(chair) -> None:
    cycle = CycleFactory(seat_count=10)
    appointment = AppointmentFactory(cycle=cycle, stakeholder_group=GOV)
    with pytest.raises(ValidationError):
        appointment_end_early(actor=chair, appointment=appointment, reason="  ")
    ended = appointment_end_early(
        actor=chair, appointment=appointment, reason="Resigned", ended_on=datetime.date(2026, 6, 30)
    )
    assert ended.status == AppointmentStatus.ENDED_EARLY
    assert ended.ended_on == datetime.date(2026, 6, 30)
    assert ended.ends_on == appointment.ends_on  # the term as appointed stays on record
    assert Appointment.objects.filter(pk=appointment.pk).exists()
    balance = cycle_balance(user=chair, cycle=cycle)
    assert balance.report.count(Dimension.STAKEHOLDER_GROUP, "government") == 0
    assert ended.history.first().history_change_reason == "Ended early: Resigned"


@pytest.mark.django_db
def test_current_stakeholder_group_follows_the_current_appointment(member) -> None:
    today = datetime.date.today()
    assert current_stakeholder_group(member, mag()) is None
    person = PersonFactory(user=member)
    AppointmentFactory(
        person=person,
        cycle=CycleFactory(year=today.year, starts_on=today.replace(month=1, day=1)),
        stakeholder_group="technical_academic",
    )
    assert current_stakeholder_group(member, mag()) == "technical_academic"


@pytest.mark.django_db
def test_balance_is_for_chair_and_secretariat(member, secretariat, chair) -> None:
    cycle = CycleFactory()
    with pytest.raises(PermissionDenied):
        cycle_balance(user=member, cycle=cycle)
    assert cycle_balance(user=secretariat, cycle=cycle).report.filled == 0


@pytest.mark.django_db
def test_a_member_sees_only_their_own_person_page(member, other_member, chair, other_chair) -> None:
    mine = PersonFactory(user=member)
    assert person_for_viewer(user=member, pk=mine.pk) == mine
    with pytest.raises(Http404):  # the chair sees the people of their body, not everyone
        person_for_viewer(user=chair, pk=mine.pk)
    AppointmentFactory(person=mine, cycle=CycleFactory())
    assert person_for_viewer(user=chair, pk=mine.pk) == mine
    for outsider in (other_member, other_chair):
        with pytest.raises(Http404):
            person_for_viewer(user=outsider, pk=mine.pk)


@pytest.mark.django_db
def test_timeline_shows_who_and_why(chair) -> None:
    person = person_create(actor=chair, name="Lea Novak", country="SI", reason="Nominated")
    appointment_create(
        actor=chair, person=person, cycle=CycleFactory(seat_count=10), stakeholder_group=GOV
    )
    timeline = person_timeline(person)
    assert [e.why for e in timeline] == ["Appointed", "Nominated"]
    assert {e.who for e in timeline} == {chair.get_full_name()}


@pytest.mark.django_db
def test_rotation_plan_lists_leavers_and_needs(chair) -> None:
    veteran = PersonFactory(name="Veteran", gender="woman", country="KE")
    for year in (2024, 2025):
        AppointmentFactory(person=veteran, cycle=CycleFactory(year=year))
    cycle = CycleFactory(year=2026, seat_count=10)
    AppointmentFactory(person=veteran, cycle=cycle)
    AppointmentFactory(cycle=cycle, person=PersonFactory(gender="man", country="FR"))
    plan = rotation_plan(user=chair, cycle=cycle)
    assert [p.appointment.person.name for p in plan.leaving] == ["Veteran"]
    assert len(plan.eligible) == 1
    women = next(n for n in plan.needs if n.group == "woman")
    assert women.staying == 0
    assert women.needed == 4  # 40% of 10


@pytest.mark.django_db
def test_selection_fills_open_seats_and_is_accepted_into_proposed_appointments(chair) -> None:
    cycle = CycleFactory(year=2027, seat_count=6)
    AppointmentFactory(cycle=cycle, stakeholder_group=GOV)
    groups = ["government", "private_sector", "civil_society", "technical_academic"]
    for i in range(12):
        NominationFactory(
            cycle=cycle,
            stakeholder_group=groups[i % 4],
            score=i,
            person=PersonFactory(country=["KE", "IN", "PL", "BR", "FR"][i % 5]),
        )
    result, by_key = selection_for(user=chair, cycle=cycle)
    assert len(result.selected) == 5
    assert result.meets_hard_rules
    chosen = [by_key[c.key] for c in result.selected]
    created = selection_accept(actor=chair, cycle=cycle, nominations=chosen)
    assert len(created) == 5
    assert all(a.status == AppointmentStatus.PROPOSED for a in created)
    assert {n.status for n in cycle.nominations.filter(pk__in=[n.pk for n in chosen])} == {
        NominationStatus.PROPOSED
    }


@pytest.mark.django_db
def test_only_the_chair_runs_selection(secretariat) -> None:
    with pytest.raises(PermissionDenied):
        selection_for(user=secretariat, cycle=CycleFactory(year=2027))


@pytest.mark.django_db
def test_people_are_not_deleted_while_they_have_appointments() -> None:
    from django.db.models import ProtectedError

    appointment = AppointmentFactory()
    with pytest.raises(ProtectedError):
        Person.objects.filter(pk=appointment.person_id).delete()


@pytest.mark.django_db
def test_confirming_a_proposed_appointment_marks_the_nomination_appointed(chair) -> None:
    cycle = CycleFactory(year=2027, seat_count=5)
    nomination = NominationFactory(cycle=cycle)
    (appointment,) = selection_accept(actor=chair, cycle=cycle, nominations=[nomination])
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.PROPOSED
    appointment_update(actor=chair, appointment=appointment, status=AppointmentStatus.CONFIRMED)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.APPOINTED
    assert nomination.history.first().history_change_reason == "Appointment confirmed"


@pytest.mark.django_db
def test_rotation_plan_says_what_the_equal_share_groups_need(chair) -> None:
    cycle = CycleFactory(year=2026, seat_count=20)
    for _ in range(6):
        AppointmentFactory(cycle=cycle, stakeholder_group="private_sector")
    AppointmentFactory(cycle=cycle, stakeholder_group="civil_society")
    plan = rotation_plan(user=chair, cycle=cycle)
    needs = {name: (staying, needed) for name, staying, needed in plan.equal_needs}
    assert needs["Private sector"] == (6, 0)
    assert needs["Civil society"] == (1, 3)  # within 2 of 6: at least 4
    assert needs["Technical and academic community"] == (0, 4)
