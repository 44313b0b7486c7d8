"""Who may do what on the roster: each predicate of ``membership.roster.rules`` by role and by
body, and a member's rights over their own record only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from membership.roster import rules
from tests.factories import PersonFactory, mag

pytestmark = pytest.mark.django_db


def test_capabilities_by_role(member, secretariat, chair, other_chair) -> None:
    body = mag()
    anonymous = AnonymousUser()
    viewers = (anonymous, member, secretariat, chair, other_chair)
    assert [rules.can_view_balance(u, body) for u in viewers] == [
        False,
        False,
        True,
        True,
        False,  # the Leadership Panel's chair, in the MAG
    ]
    assert [rules.can_manage_roster(u, body) for u in viewers] == [
        False,
        False,
        False,
        True,
        False,
    ]
    assert [rules.can_see_nominations(u, body) for u in viewers] == [
        False,
        False,
        True,
        True,
        False,
    ]
    assert [rules.can_manage_people(u) for u in (member, secretariat, chair)] == [
        False,
        True,
        True,
    ]


def test_a_chair_has_rights_only_in_their_own_body(chair, other_chair, panel) -> None:
    assert rules.can_manage_roster(other_chair, panel)
    assert not rules.can_manage_roster(chair, panel)
    assert not rules.can_manage_roster(other_chair, mag())


def test_a_member_sees_and_edits_only_their_own_record(
    member, other_member, chair, other_chair
) -> None:
    bodies = [mag()]
    own = PersonFactory(user=member)
    other = PersonFactory(user=other_member)
    unlinked = PersonFactory()
    assert rules.can_view_person(member, own, bodies)
    assert rules.can_edit_person(member, own, bodies)
    assert not rules.can_view_person(member, other, bodies)
    assert not rules.can_edit_person(member, unlinked, bodies)
    assert not rules.can_view_person(AnonymousUser(), own, bodies)
    assert rules.can_see_private(chair, other, bodies)
    # The chair of another body sees nothing private of someone who serves only the MAG.
    assert not rules.can_see_private(other_chair, other, bodies)
    assert not rules.can_edit_person(other_chair, other, bodies)


def test_imports_by_kind(secretariat, chair, other_chair) -> None:
    body = mag()
    assert rules.can_import(chair, body, "roster")
    assert not rules.can_import(chair, body, "nominations")
    assert rules.can_import(secretariat, body, "nominations")
    assert not rules.can_import(secretariat, body, "roster")
    assert not rules.can_import(chair, body, "something else")
    assert rules.can_import_any(secretariat, body)
    assert not rules.can_import_any(other_chair, body)
