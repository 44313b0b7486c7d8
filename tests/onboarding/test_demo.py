"""The onboarding demo data: templates from today's practice, members at different stages."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from onboarding.models import Checklist, ChecklistItem, ChecklistTemplate, ItemStatus

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", "--allow-without-debug", stdout=out)
    return out.getvalue()


def test_seed_is_idempotent_with_members_at_different_stages() -> None:
    assert "Onboarding: 2 templates, 8 checklists" in _seed()
    counts = (
        ChecklistTemplate.objects.count(),
        Checklist.objects.count(),
        ChecklistItem.objects.count(),
    )
    _seed()
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
    today = timezone.localdate()
    open_items = ChecklistItem.objects.filter(status=ItemStatus.TODO)
    assert open_items.filter(due_on__lt=today).exists()  # some overdue
    assert open_items.filter(due_on__gte=today).exists()  # some still ahead
    settled = {
        c.pk: c.items.exclude(status=ItemStatus.TODO).count() for c in Checklist.objects.all()
    }
    assert 0 in settled.values()
    assert 7 in settled.values()  # one member has finished
    newcomer = Checklist.objects.get(appointment__person__user__email="newmember@demo.example")
    secretariat = newcomer.appointment.person.user.__class__.objects.get(
        email="secretariat@demo.example"
    )
    assert secretariat.has_perm("onboarding.view_checklist", newcomer)  # buddy
