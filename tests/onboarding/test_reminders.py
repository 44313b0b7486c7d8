"""The daily reminder command: one email per person per day, a Secretariat digest, idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from onboarding.models import ReminderLog
from onboarding.services import checklist_item_complete
from tests.factories import checklist_for, onboarding_template

# Items of a 2026 checklist: Accept ToR due Jan 8, mailing list (Secretariat) Jan 4,
# Declaration Jan 15, Orientation call Feb 1, Working groups Feb 15.
TODAY = "2026-01-10"


@pytest.fixture
def checklists(member, other_member, secretariat, chair):
    onboarding_template()
    return checklist_for(member), checklist_for(other_member)


def _run(day: str = TODAY) -> str:
    out = StringIO()
    call_command("send_onboarding_reminders", "--date", day, stdout=out)
    return out.getvalue()


def test_one_email_per_person_and_a_digest(checklists, member, other_member, secretariat):
    output = _run()
    assert "2 reminder(s), 1 digest(s) sent" in output
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {member.email, other_member.email, secretariat.email}
    personal = by_recipient[member.email].body
    assert "Overdue:" in personal
    assert "Accept the Terms of Reference" in personal
    assert "Due soon:" in personal
    assert "Declaration of interests" in personal
    assert "Orientation call" not in personal  # due in three weeks
    assert "Add to the MAG mailing list" not in personal  # the Secretariat's
    digest = by_recipient[secretariat.email].body
    assert "2 member(s) have overdue items" in digest
    assert "Add to the MAG mailing list" in digest


def test_running_twice_a_day_sends_nothing_twice(checklists):
    _run()
    sent = len(mail.outbox)
    assert sent == 3
    output = _run()
    assert len(mail.outbox) == sent
    assert "0 reminder(s), 0 digest(s) sent; 3 already sent today" in output
    assert ReminderLog.objects.count() == 3
    _run("2026-01-11")
    assert len(mail.outbox) == 2 * sent


def test_nothing_due_nothing_sent(checklists, member, other_member):
    _run("2025-12-01")
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()


def test_settled_items_are_not_reminded(checklists, member):
    mine, _theirs = checklists
    checklist_item_complete(item=mine.items.get(title="Orientation call"), actor=member)
    _run("2026-01-30")
    personal = next(m for m in mail.outbox if m.to == [member.email]).body
    assert "Orientation call" not in personal


def test_bad_date_is_a_clear_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--date must look like"):
        _run("31/01/2026")


def test_ended_cycle_is_not_reminded(member, secretariat):
    from tests.factories import CycleFactory

    onboarding_template()
    checklist_for(member, cycle=CycleFactory(year=2024))
    _run()
    assert mail.outbox == []
