"""Roles are groups made by a data migration; capabilities come from one table."""

from __future__ import annotations

import importlib

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from mag_portal.roles import (
    ROLE_CAPABILITIES,
    Capability,
    Role,
    has_capability,
    home_role,
    requires_mfa,
    user_capabilities,
    user_roles,
)
from tests.factories import UserFactory

roles_migration = importlib.import_module("mag_portal.migrations.0001_roles")


@pytest.mark.django_db
def test_data_migration_creates_one_group_per_role() -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}
    assert set(roles_migration.ROLE_NAMES) == {r.value for r in Role}


@pytest.mark.django_db
def test_data_migration_reverses_and_reapplies() -> None:
    from django.apps import apps

    roles_migration.remove_roles(apps, None)
    assert not Group.objects.filter(name__in=[r.value for r in Role]).exists()
    roles_migration.create_roles(apps, None)
    roles_migration.create_roles(apps, None)  # idempotent
    assert Group.objects.filter(name__in=[r.value for r in Role]).count() == 3


def test_every_capability_belongs_to_a_role_and_has_a_label() -> None:
    granted = set().union(*ROLE_CAPABILITIES.values())
    assert granted == set(Capability)
    assert all(capability.label for capability in Capability)


@pytest.mark.parametrize(
    ("role", "allowed", "forbidden"),
    [
        (Role.MEMBER, Capability.ACKNOWLEDGE_TOR, Capability.MANAGE_ROSTER),
        (Role.MEMBER, Capability.COMMENT_ON_TOR, Capability.DRAFT_TOR),
        (Role.MEMBER, Capability.VIEW_OWN_CHECKLIST, Capability.VIEW_PRIVATE_MEMBER_DATA),
        (Role.SECRETARIAT, Capability.DRAFT_TOR, Capability.ADOPT_TOR),
        (Role.SECRETARIAT, Capability.MANAGE_NOMINATIONS, Capability.MANAGE_ROSTER),
        (Role.SECRETARIAT, Capability.MANAGE_CHECKLIST_TEMPLATES, Capability.RUN_SELECTION),
        (Role.CHAIR, Capability.ADOPT_TOR, Capability.DRAFT_TOR),
        (Role.CHAIR, Capability.MANAGE_ROSTER, Capability.MANAGE_CHECKLIST_TEMPLATES),
        (Role.CHAIR, Capability.VIEW_ALL_ONBOARDING, Capability.ACKNOWLEDGE_TOR),
    ],
)
@pytest.mark.django_db
def test_role_capabilities_follow_the_domain_table(
    role: Role, allowed: Capability, forbidden: Capability
) -> None:
    user = UserFactory(roles=[role])
    assert has_capability(user, allowed)
    assert not has_capability(user, forbidden)


@pytest.mark.django_db
def test_capabilities_of_several_roles_add_up() -> None:
    user = UserFactory(roles=[Role.CHAIR, Role.MEMBER])
    assert user_capabilities(user) == ROLE_CAPABILITIES[Role.CHAIR] | ROLE_CAPABILITIES[Role.MEMBER]
    assert home_role(user) is Role.CHAIR


@pytest.mark.django_db
def test_superuser_has_every_capability_and_needs_mfa() -> None:
    admin = UserFactory(is_superuser=True)
    assert user_capabilities(admin) == frozenset(Capability)
    assert requires_mfa(admin)


@pytest.mark.django_db
def test_only_chair_and_secretariat_need_mfa() -> None:
    assert requires_mfa(UserFactory(roles=[Role.CHAIR]))
    assert requires_mfa(UserFactory(roles=[Role.SECRETARIAT]))
    assert not requires_mfa(UserFactory(roles=[Role.MEMBER]))
    assert not requires_mfa(UserFactory())
    assert not requires_mfa(AnonymousUser())


def test_anonymous_user_has_no_roles_or_capabilities() -> None:
    assert user_roles(AnonymousUser()) == frozenset()
    assert user_capabilities(AnonymousUser()) == frozenset()
    assert home_role(AnonymousUser()) is None


@pytest.mark.django_db
def test_roles_are_read_once_per_request(django_assert_num_queries) -> None:
    user = UserFactory(roles=[Role.MEMBER])
    with django_assert_num_queries(1):
        user_roles(user)
        has_capability(user, Capability.ACKNOWLEDGE_TOR)
        requires_mfa(user)


@pytest.mark.django_db
def test_guardian_is_the_object_permission_backend() -> None:
    from guardian.shortcuts import assign_perm

    user = UserFactory(roles=[Role.SECRETARIAT])
    mine, other = Group.objects.create(name="WG mine"), Group.objects.create(name="WG other")
    assign_perm("auth.change_group", user, mine)
    assert user.has_perm("auth.change_group", mine)
    assert not user.has_perm("auth.change_group", other)
    assert not user.has_perm("auth.change_group")  # no model-wide permission came with it
