"""Who may do what on the roster: each predicate of ``membership.roster.rules`` by role, and
a member's rights over their own record only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from membership.roster import rules
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_capabilities_by_role(member, secretariat, chair) -> None:
    anonymous = AnonymousUser()
    assert [rules.can_view_balance(u) for u in (anonymous, member, secretariat, chair)] == [
        False,
        False,
        True,
        True,
    ]
    assert [rules.can_manage_roster(u) for u in (member, secretariat, chair)] == [
        False,
        False,
        True,
    ]
    assert [rules.can_see_nominations(u) for u in (member, secretariat, chair)] == [
        False,
        True,
        True,
    ]
    assert [rules.can_manage_people(u) for u in (member, secretariat, chair)] == [
        False,
        True,
        True,
    ]


def test_a_member_sees_and_edits_only_their_own_record(member, other_member, chair) -> None:
    own = PersonFactory(user=member)
    other = PersonFactory(user=other_member)
    unlinked = PersonFactory()
    assert rules.can_view_person(member, own)
    assert rules.can_edit_person(member, own)
    assert not rules.can_view_person(member, other)
    assert not rules.can_edit_person(member, unlinked)
    assert not rules.can_view_person(AnonymousUser(), own)
    assert rules.can_see_private(chair, other)


def test_imports_by_kind(secretariat, chair) -> None:
    assert rules.can_import(chair, "roster")
    assert not rules.can_import(chair, "nominations")
    assert rules.can_import(secretariat, "nominations")
    assert not rules.can_import(secretariat, "roster")
    assert not rules.can_import(chair, "something else")
    assert rules.can_import_any(secretariat)
