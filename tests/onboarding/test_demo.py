"""The onboarding demo data: templates from today's practice, members at different stages."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from mag_portal.demo import seed_accounts
from membership.roster.models import Appointment
from onboarding import demo
from onboarding.models import (
    Audience,
    Checklist,
    ChecklistItem,
    ChecklistTemplate,
    ItemKind,
    ItemStatus,
)

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", "--allow-without-debug", stdout=out)
    return out.getvalue()


def _settled(checklist: Checklist) -> int:
    return checklist.items.exclude(status=ItemStatus.TODO).count()


def test_seed_is_idempotent_with_members_at_different_stages() -> None:
    output = _seed()
    match = re.search(
        r"Onboarding: 2 templates, (\d+) checklists in (\d+) \((\d+) complete, (\d+) in progress, "
        r"(\d+) with overdue items\)\.",
        output,
    )
    assert match, output
    total, year, complete, in_progress, overdue = map(int, match.groups())
    assert total == Checklist.objects.count() == 55
    assert complete + in_progress == total
    assert 0.6 * total <= complete <= 0.85 * total  # most have finished
    assert 0 < overdue <= in_progress
    counts = (
        ChecklistTemplate.objects.count(),
        Checklist.objects.count(),
        ChecklistItem.objects.count(),
    )
    assert f"checklists in {year} ({complete} complete" in _seed()
    assert (
        ChecklistTemplate.objects.count(),
        Checklist.objects.count(),
        ChecklistItem.objects.count(),
    ) == counts
    titles = set(
        ChecklistTemplate.objects.get(audience="new", is_active=True).items.values_list(
            "title", flat=True
        )
    )
    assert {
        "Accept the Terms of Reference",
        "Declaration of interests",
        "Complete your profile and photo",
        "Orientation call",
        "Subscribe to the MAG mailing list",
        "Choose your working groups",
        "Workshop-evaluation training",
    } <= titles
    # New and returning members get their own template; finished ones settled everything.
    assert {c.audience for c in Checklist.objects.all()} == {Audience.NEW, Audience.RETURNING}
    settled = {c.pk: _settled(c) for c in Checklist.objects.all()}
    assert 7 in settled.values()  # a new member has finished
    # Settled as the assignee requires: uploads and ToR acceptances waived, the rest done.
    # (The demo member accepted the ToR in the ToR demo: her item completed itself.)
    paper = ChecklistItem.objects.filter(kind__in=(ItemKind.UPLOAD, ItemKind.ACCEPT_TOR))
    assert set(
        paper.filter(status=ItemStatus.DONE).values_list(
            "checklist__appointment__person__user__email", flat=True
        )
    ) <= {"member@demo.example"}
    assert set(paper.filter(status=ItemStatus.WAIVED).values_list("waived_reason", flat=True)) == {
        "Handled on paper (demo)."
    }
    # The demo accounts: the member part-way, the new member not started, with a buddy.
    member = Checklist.objects.get(appointment__person__user__email="member@demo.example")
    assert 0 < _settled(member) < member.items.count()
    assert member.items.filter(kind=ItemKind.UPLOAD, status=ItemStatus.TODO).exists()
    newcomer = Checklist.objects.get(appointment__person__user__email="newmember@demo.example")
    assert newcomer.audience == Audience.NEW
    assert _settled(newcomer) == 0
    secretariat = User.objects.get(email="secretariat@demo.example")
    assert secretariat.has_perm("onboarding.view_checklist", newcomer)  # buddy


def test_onboarding_seed_alone_makes_its_own_members() -> None:
    """Without the roster demo the seeder makes a few members who joined at different dates."""
    seed_accounts()
    out = StringIO()
    demo.seed(stdout=out)
    assert "Onboarding: 2 templates, 8 checklists" in out.getvalue()
    demo.seed(stdout=StringIO())
    assert Checklist.objects.count() == Appointment.objects.count() == 8
    today = timezone.localdate()
    open_items = ChecklistItem.objects.filter(status=ItemStatus.TODO)
    assert open_items.filter(due_on__lt=today).exists()  # some overdue
    assert open_items.filter(due_on__gte=today).exists()  # some still ahead
    settled = {c.pk: _settled(c) for c in Checklist.objects.all()}
    assert 0 in settled.values()
    assert 7 in settled.values()  # one member has finished
    newcomer = Checklist.objects.get(appointment__person__user__email="newmember@demo.example")
    secretariat = User.objects.get(email="secretariat@demo.example")
    assert secretariat.has_perm("onboarding.view_checklist", newcomer)  # buddy
