"""Roles: the IGF Secretariat is a global group made by a data migration; chair, vice-chair,
body secretariat and member are held in a body. Capabilities come from one table."""

from __future__ import annotations

import importlib

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from mag_portal.roles import (
    GLOBAL_ROLES,
    ROLE_CAPABILITIES,
    Capability,
    Role,
    global_capabilities,
    has_capability,
    home_role,
    requires_mfa,
    user_roles,
)
from membership.bodies.rules import can
from tests.factories import BodyFactory, UserFactory, mag

roles_migration = importlib.import_module("mag_portal.migrations.0001_roles")
body_roles_migration = importlib.import_module("mag_portal.migrations.0002_body_roles")


@pytest.mark.django_db
def test_migrations_leave_one_group_per_global_role() -> None:
    names = set(Group.objects.values_list("name", flat=True))
    assert {r.value for r in GLOBAL_ROLES} <= names
    assert not names & set(body_roles_migration.BODY_ROLE_GROUPS)


@pytest.mark.django_db
def test_body_role_groups_migration_reverses_and_reapplies() -> None:
    from django.apps import apps

    body_roles_migration.restore_groups(apps, None)
    assert Group.objects.filter(name__in=body_roles_migration.BODY_ROLE_GROUPS).count() == 2
    body_roles_migration.remove_groups(apps, None)
    assert not Group.objects.filter(name__in=body_roles_migration.BODY_ROLE_GROUPS).exists()
    roles_migration.create_roles(apps, None)  # the first migration is idempotent
    assert Group.objects.filter(name="Secretariat").count() == 1


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
        (Role.VICE_CHAIR, Capability.MANAGE_ROSTER, Capability.DRAFT_TOR),
    ],
)
@pytest.mark.django_db
def test_role_capabilities_follow_the_domain_table(
    role: Role, allowed: Capability, forbidden: Capability
) -> None:
    user = UserFactory(roles=[role])
    assert can(user, allowed, mag())
    assert not can(user, forbidden, mag())


@pytest.mark.django_db
def test_a_body_role_grants_nothing_in_another_body() -> None:
    panel = BodyFactory(slug="lp", kind="panel")
    chair = UserFactory(roles=[Role.CHAIR], roles__body=panel)
    assert can(chair, Capability.MANAGE_ROSTER, panel)
    assert not can(chair, Capability.MANAGE_ROSTER, mag())
    assert not has_capability(chair, Capability.MANAGE_ROSTER)  # nothing global


@pytest.mark.django_db
def test_the_igf_secretariat_acts_in_every_body() -> None:
    panel = BodyFactory(slug="lp", kind="panel")
    secretariat = UserFactory(roles=[Role.SECRETARIAT])
    assert Role.SECRETARIAT in GLOBAL_ROLES
    for body in (mag(), panel):
        assert can(secretariat, Capability.DRAFT_TOR, body)
        assert not can(secretariat, Capability.ADOPT_TOR, body)


@pytest.mark.django_db
def test_roles_of_several_bodies_add_up_and_the_chair_goes_home_first() -> None:
    panel = BodyFactory(slug="lp", kind="panel")
    user = UserFactory(roles=[Role.MEMBER])
    from membership.bodies.services import body_role_grant

    body_role_grant(actor=None, body=panel, user=user, role=Role.CHAIR)
    assert user_roles(user) == {Role.MEMBER, Role.CHAIR}
    assert home_role(user) is Role.CHAIR


@pytest.mark.django_db
def test_superuser_has_every_capability_and_needs_mfa() -> None:
    admin = UserFactory(is_superuser=True)
    assert global_capabilities(admin) == frozenset(Capability)
    assert requires_mfa(admin)


@pytest.mark.django_db
def test_only_chairs_and_secretariat_need_mfa() -> None:
    assert requires_mfa(UserFactory(roles=[Role.CHAIR]))
    assert requires_mfa(UserFactory(roles=[Role.VICE_CHAIR]))
    assert requires_mfa(UserFactory(roles=[Role.SECRETARIAT]))
    assert not requires_mfa(UserFactory(roles=[Role.MEMBER]))
    assert not requires_mfa(UserFactory())
    assert not requires_mfa(AnonymousUser())


def test_anonymous_user_has_no_roles_or_capabilities() -> None:
    assert user_roles(AnonymousUser()) == frozenset()
    assert global_capabilities(AnonymousUser()) == frozenset()
    assert home_role(AnonymousUser()) is None


@pytest.mark.django_db
def test_roles_are_read_once_per_request(django_assert_num_queries) -> None:
    user = UserFactory(roles=[Role.MEMBER])
    fresh = type(user).objects.get(pk=user.pk)
    body = mag()
    with django_assert_num_queries(3):  # groups, body roles, object permissions on those bodies
        user_roles(fresh)
        requires_mfa(fresh)
        can(fresh, Capability.ACKNOWLEDGE_TOR, body)
        can(fresh, Capability.COMMENT_ON_TOR, body)


@pytest.mark.django_db
def test_guardian_is_the_object_permission_backend() -> None:
    from guardian.shortcuts import assign_perm

    user = UserFactory(roles=[Role.SECRETARIAT])
    mine, other = Group.objects.create(name="WG mine"), Group.objects.create(name="WG other")
    assign_perm("auth.change_group", user, mine)
    assert user.has_perm("auth.change_group", mine)
    assert not user.has_perm("auth.change_group", other)
    assert not user.has_perm("auth.change_group")  # no model-wide permission came with it
