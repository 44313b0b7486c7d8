"""Bodies and the roles held in them: who may create and manage a body, roles that carry
their django-guardian permissions and lose them when they end, and a member's role that
follows their terms."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from guardian.shortcuts import assign_perm, get_perms

from mag_portal.roles import Capability, Role, clear_role_cache
from membership.bodies import rules, services
from membership.bodies.models import BodyRole
from membership.roster.models import AppointmentStatus
from membership.roster.services import (
    appointment_create,
    appointment_end_early,
    person_link_account,
)
from tests.factories import BodyFactory, CycleFactory, PersonFactory, UserFactory, mag

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _wg(actor, **fields):
    fields = {
        "name": "Working Group on Strategy",
        "short_name": "WG-Strategy",
        "slug": "wg-strategy",
        "kind": "working_group",
        "parent": mag(),
        "description": "",
        "languages": ["en"],
        "roster_is_public": True,
        **fields,
    }
    return services.body_create(actor=actor, **fields)


def test_only_the_igf_secretariat_creates_bodies(secretariat, chair, other_chair) -> None:
    for user in (chair, other_chair):
        with pytest.raises(PermissionDenied):
            _wg(user)
    body = _wg(secretariat)
    assert body.parent == mag()
    assert body.history.first().history_user == secretariat


def test_a_working_group_belongs_to_a_body_and_no_body_to_itself(secretariat) -> None:
    with pytest.raises(ValidationError) as error:
        _wg(secretariat, parent=None)
    assert "parent" in error.value.message_dict
    wg = _wg(secretariat)
    with pytest.raises(ValidationError) as error:
        services.body_update(actor=secretariat, body=mag(), parent=wg)
    assert error.value.message_dict["parent"] == ["A body cannot be part of itself."]
    mag().refresh_from_db()
    assert mag().parent is None


def test_slugs_are_unique_and_checked_before_saving(secretariat) -> None:
    _wg(secretariat)
    with pytest.raises(ValidationError) as error:
        _wg(secretariat, name="Another")
    assert "slug" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _wg(secretariat, slug="Not a slug!")
    assert "slug" in error.value.message_dict


def test_a_role_carries_its_permissions_and_loses_them_when_it_ends(secretariat) -> None:
    user = UserFactory()
    body = BodyFactory(slug="kigf", kind="national")
    role = services.body_role_grant(actor=secretariat, body=body, user=user, role=Role.CHAIR)
    assert (
        services.body_role_grant(actor=secretariat, body=body, user=user, role=Role.CHAIR) == role
    )
    assert "manage_roster" in get_perms(user, body)
    assert rules.can(user, Capability.MANAGE_ROSTER, body)
    assert not rules.can(user, Capability.MANAGE_ROSTER, mag())

    with pytest.raises(ValidationError):
        services.body_role_end(actor=secretariat, assignment=role, reason=" ")
    services.body_role_end(actor=secretariat, assignment=role, reason="Term over")
    clear_role_cache(user)
    assert get_perms(user, body) == []
    assert not rules.can(user, Capability.MANAGE_ROSTER, body)
    with pytest.raises(ValidationError, match="already ended"):
        services.body_role_end(actor=secretariat, assignment=role, reason="Again")


def test_can_needs_both_the_role_and_the_permission(secretariat) -> None:
    user = UserFactory()
    body = BodyFactory(slug="kigf", kind="national")
    # A permission left behind by hand, without a role held today, grants nothing.
    assign_perm("bodies.manage_roster", user, body)
    assert not rules.can(user, Capability.MANAGE_ROSTER, body)
    # A role row without its permission grants nothing either.
    BodyRole.objects.create(body=body, user=user, role=Role.VICE_CHAIR, starts_on=TODAY)
    clear_role_cache(user)
    assert not rules.can(user, Capability.VIEW_BALANCE, body)
    # Through the service, both are there.
    services.body_role_grant(actor=secretariat, body=body, user=user, role=Role.CHAIR)
    assert rules.can(user, Capability.VIEW_BALANCE, body)


def test_a_role_that_starts_later_grants_nothing_until_it_starts(secretariat) -> None:
    user = UserFactory()
    body = BodyFactory(slug="kigf", kind="national")
    later = TODAY + datetime.timedelta(days=10)
    services.body_role_grant(
        actor=secretariat, body=body, user=user, role=Role.CHAIR, starts_on=later
    )
    assert not rules.can(user, Capability.MANAGE_ROSTER, body)
    assert "manage_roster" in get_perms(user, body)  # ready for the day it starts


def test_a_body_secretariat_manages_its_own_body_only(secretariat) -> None:
    kigf, afigf = BodyFactory(slug="kigf", kind="national"), BodyFactory(slug="afigf")
    coordinator = UserFactory(roles=[Role.SECRETARIAT], roles__body=kigf)
    other = UserFactory()
    services.body_role_grant(actor=coordinator, body=kigf, user=other, role=Role.CHAIR)
    with pytest.raises(PermissionDenied):
        services.body_role_grant(actor=coordinator, body=afigf, user=other, role=Role.CHAIR)
    with pytest.raises(PermissionDenied):
        services.body_update(actor=coordinator, body=afigf, name="Renamed")
    services.body_update(actor=coordinator, body=kigf, name="Kenya IGF")
    kigf.refresh_from_db()
    assert kigf.name == "Kenya IGF"
    assert not rules.can_create_bodies(coordinator)


def test_the_member_role_follows_the_terms(chair) -> None:
    cycle = CycleFactory(year=TODAY.year)
    user = UserFactory()
    person = PersonFactory(user=user)
    appointment = appointment_create(
        actor=chair,
        person=person,
        cycle=cycle,
        stakeholder_group="civil_society",
        status=AppointmentStatus.CONFIRMED,
    )
    role = BodyRole.objects.get(user=user, body=mag(), role=Role.MEMBER)
    # Held until the day after the term ends: a term that runs out ends the role by itself.
    assert role.ends_on == appointment.ends_on + datetime.timedelta(days=1)
    assert rules.is_member(user, mag())
    assert rules.roles_in(user, mag()) == {Role.MEMBER}

    appointment_end_early(actor=chair, appointment=appointment, reason="Resigned")
    clear_role_cache(user)
    role.refresh_from_db()
    assert role.ends_on == TODAY
    assert not rules.is_member(user, mag())
    assert not rules.can(user, Capability.COMMENT_ON_TOR, mag())


def test_a_role_comes_with_the_account_linked_later(chair) -> None:
    cycle = CycleFactory(year=TODAY.year)
    person = PersonFactory()
    appointment_create(
        actor=chair,
        person=person,
        cycle=cycle,
        stakeholder_group="government",
        status=AppointmentStatus.CONFIRMED,
    )
    user = UserFactory()
    assert not BodyRole.objects.filter(user=user).exists()
    person_link_account(actor=chair, person=person, user=user)
    assert rules.is_member(user, mag())
