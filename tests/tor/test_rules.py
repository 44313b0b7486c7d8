"""Who may do what with a revision: each predicate of ``membership.tor.rules`` against each
role and each state of a revision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from membership.tor import rules
from tests.factories import RevisionFactory

pytestmark = pytest.mark.django_db


def _revision(status: str, *, open_now: bool = False):
    now = timezone.now()
    fields = {}
    if status == "consultation":
        fields = {
            "consultation_opens_at": now - dt.timedelta(days=1),
            "consultation_closes_at": now + dt.timedelta(days=1 if open_now else -0.5),
        }
    if status in ("adopted", "superseded"):
        fields = {"adopted_at": now, "effective_date": now.date()}
    return RevisionFactory(status=status, **fields)


@pytest.mark.parametrize(
    ("status", "anonymous_reads", "member_reads", "staff_reads"),
    [
        ("draft", False, False, True),
        ("consultation", False, True, True),
        ("adopted", True, True, True),
        ("superseded", True, True, True),
        ("withdrawn", False, False, True),
    ],
)
def test_reading_follows_the_role_table(
    status, anonymous_reads, member_reads, staff_reads, member, secretariat, chair
) -> None:
    revision = _revision(status, open_now=True)
    assert rules.can_read(AnonymousUser(), revision) is anonymous_reads
    assert rules.can_read(member, revision) is member_reads
    assert rules.can_read(secretariat, revision) is staff_reads
    assert rules.can_read(chair, revision) is staff_reads


def test_lifecycle_actions_need_both_the_role_and_the_state(member, secretariat, chair) -> None:
    draft = _revision("draft")
    open_consultation = _revision("consultation", open_now=True)
    closed_consultation = _revision("consultation", open_now=False)
    adopted = _revision("adopted")

    assert rules.can_open_consultation(secretariat, draft)
    assert not rules.can_open_consultation(secretariat, open_consultation)
    assert not rules.can_open_consultation(chair, draft)

    assert rules.can_close_consultation(secretariat, open_consultation)
    assert not rules.can_close_consultation(secretariat, closed_consultation)

    assert rules.can_adopt(chair, draft)
    assert rules.can_adopt(chair, closed_consultation)
    assert not rules.can_adopt(chair, open_consultation)  # close it first
    assert not rules.can_adopt(chair, adopted)
    assert not rules.can_adopt(secretariat, draft)

    assert rules.can_comment(member, open_consultation)
    assert not rules.can_comment(member, closed_consultation)
    assert not rules.can_comment(chair, open_consultation)

    assert rules.can_withdraw(secretariat, closed_consultation)
    assert not rules.can_withdraw(secretariat, adopted)

    assert rules.can_acknowledge(member, adopted)
    assert not rules.can_acknowledge(member, draft)
    assert not rules.can_acknowledge(secretariat, adopted)


def test_revision_actions_gather_the_predicates(member, chair) -> None:
    closed = _revision("consultation", open_now=False)
    chair_actions = rules.revision_actions(chair, closed)
    assert chair_actions.adopt
    assert chair_actions.see_summary
    assert chair_actions.any_staff_action
    member_actions = rules.revision_actions(member, closed)
    assert not member_actions.any_staff_action
    assert not member_actions.comment
