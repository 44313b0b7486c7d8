"""Who may do what on a checklist: each predicate of ``onboarding.rules``, by who is asking
and the item's kind and state."""

from __future__ import annotations

import pytest
from django.utils import timezone

from onboarding import rules
from onboarding.models import ChecklistItem, ItemKind, ItemStatus
from tests.factories import TemplateItemFactory, checklist_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def checklist(member):
    template_item = TemplateItemFactory(title="Orientation call")
    TemplateItemFactory(template=template_item.template, title="Declaration", kind="upload")
    TemplateItemFactory(template=template_item.template, title="Accept", kind="accept_tor")
    TemplateItemFactory(template=template_item.template, title="List", assignee="secretariat")
    return checklist_for(member)


def _item(checklist, title: str) -> ChecklistItem:
    return checklist.items.get(title=title)


def test_the_member_sees_and_acts_on_their_own_checklist_only(
    checklist, member, other_member, secretariat, chair
) -> None:
    assert rules.can_view_checklist(member, checklist)
    assert not rules.can_view_checklist(other_member, checklist)
    assert rules.can_view_checklist(chair, checklist)
    plain = _item(checklist, "Orientation call")
    assert rules.can_act_on(member, plain)
    assert not rules.can_act_on(other_member, plain)
    assert rules.can_act_on(secretariat, plain)
    assert not rules.can_act_on(member, _item(checklist, "List"))


def test_one_click_completion_only_for_plain_open_unblocked_items(checklist, member) -> None:
    plain = _item(checklist, "Orientation call")
    assert rules.can_complete(member, plain, blocked=False)
    assert not rules.can_complete(member, plain, blocked=True)
    assert not rules.can_complete(member, _item(checklist, "Declaration"), blocked=False)
    assert rules.can_upload(member, _item(checklist, "Declaration"), blocked=False)
    assert not rules.can_complete(member, _item(checklist, "Accept"), blocked=False)
    assert rules.can_accept_tor(member, _item(checklist, "Accept"), blocked=False)


def test_undo_and_waive(checklist, member, secretariat) -> None:
    plain = _item(checklist, "Orientation call")
    assert not rules.can_undo(member, plain)  # still to do
    assert rules.can_waive(secretariat, plain)
    assert not rules.can_waive(member, plain)
    plain.status, plain.completed_at = ItemStatus.DONE, timezone.now()
    assert rules.can_undo(member, plain)
    accepted = _item(checklist, "Accept")
    accepted.status, accepted.completed_at = ItemStatus.DONE, timezone.now()
    assert accepted.kind == ItemKind.ACCEPT_TOR
    assert not rules.can_undo(secretariat, accepted)  # an acceptance is a record of its own
    plain.status = ItemStatus.WAIVED
    assert not rules.can_undo(member, plain)
    assert rules.can_undo(secretariat, plain)
