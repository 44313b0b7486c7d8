"""Daily onboarding reminders: each person gets at most one email a day listing their items due
soon and overdue; each Secretariat person gets a digest instead (their own items and every
member's overdue items). ``ReminderLog`` records what was sent, so a second run the same day
sends nothing twice."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from mag_portal.roles import Role
from membership.roster.models import Appointment
from onboarding.models import Assignee, ChecklistItem, ReminderKind, ReminderLog
from onboarding.selectors import DUE_SOON_DAYS


@dataclass
class Report:
    personal: int = 0
    digests: int = 0
    skipped: int = 0  # already sent today
    recipients: list[str] = field(default_factory=list)


def _role_users(role: Role) -> list[User]:
    group = Group.objects.filter(name=role.value).first()
    if group is None:
        return []
    return list(group.user_set.filter(is_active=True).exclude(email="").order_by("pk"))


def _line(item: ChecklistItem, today: datetime.date) -> str:
    person = item.checklist.appointment.person.name
    if item.due_on < today:
        when = _("overdue since %(date)s") % {"date": item.due_on.isoformat()}
    else:
        when = _("due %(date)s") % {"date": item.due_on.isoformat()}
    return f"- {item.title} ({person}): {when}"


def _body(intro: str, sections: list[tuple[str, list[str]]], base_url: str) -> str:
    parts = [intro, ""]
    for heading, lines in sections:
        if lines:
            parts += [heading, *lines, ""]
    parts.append(_("Open the portal: %(url)s") % {"url": base_url + reverse("home")})
    return "\n".join(parts)


def _send_once(
    user: User, kind: str, today: datetime.date, subject: str, body: str, count: int
) -> bool:
    """Send unless something was already sent to ``user`` today; the log row and the email go
    together (if sending fails, the row is rolled back and the next run tries again)."""
    try:
        with transaction.atomic():
            _log, created = ReminderLog.objects.get_or_create(
                user=user, sent_on=today, defaults={"kind": kind, "item_count": count}
            )
            if not created:
                return False
            EmailMessage(
                subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
                body=body,
                to=[user.email],
            ).send()
    except IntegrityError:  # a concurrent run logged it first
        return False
    return True


def reminders_send(*, today: datetime.date, base_url: str = "") -> Report:
    """Email everyone with onboarding items due within DUE_SOON_DAYS days or overdue."""
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    items = list(
        ChecklistItem.objects.open()
        .filter(due_on__lte=soon, checklist__appointment__in=Appointment.objects.ongoing(today))
        .select_related("checklist__appointment__person__user")
        .order_by("due_on", "pk")
    )
    report = Report()
    by_member: dict[User, list[ChecklistItem]] = defaultdict(list)
    for item in items:
        user = item.checklist.appointment.person.user
        if item.assignee == Assignee.MEMBER and user is not None and user.is_active and user.email:
            by_member[user].append(item)
    secretariat = _role_users(Role.SECRETARIAT)
    chair_items = [i for i in items if i.assignee == Assignee.CHAIR]
    for user, own in by_member.items():
        if user in secretariat:
            continue  # folded into their digest below
        lines = [_line(i, today) for i in own]
        body = _body(
            _("Hello %(name)s, these onboarding items need you:")
            % {"name": user.get_full_name() or user.email},
            [
                (
                    _("Overdue:"),
                    [line for i, line in zip(own, lines, strict=True) if i.due_on < today],
                ),
                (
                    _("Due soon:"),
                    [line for i, line in zip(own, lines, strict=True) if i.due_on >= today],
                ),
            ],
            base_url,
        )
        subject = _("Your onboarding: %(n)s item(s) need you") % {"n": len(own)}
        if _send_once(user, ReminderKind.PERSONAL, today, subject, body, len(own)):
            report.personal += 1
            report.recipients.append(user.email)
        else:
            report.skipped += 1
    for user in _role_users(Role.CHAIR):
        if not chair_items or user in secretariat:
            continue
        body = _body(
            _("Hello %(name)s, these onboarding items are for the chair:")
            % {"name": user.get_full_name() or user.email},
            [(_("Items:"), [_line(i, today) for i in chair_items])],
            base_url,
        )
        subject = _("Onboarding: %(n)s item(s) for the chair") % {"n": len(chair_items)}
        if _send_once(user, ReminderKind.PERSONAL, today, subject, body, len(chair_items)):
            report.personal += 1
            report.recipients.append(user.email)
        else:
            report.skipped += 1
    secretariat_items = [i for i in items if i.assignee == Assignee.SECRETARIAT]
    overdue_members = [i for i in items if i.assignee == Assignee.MEMBER and i.due_on < today]
    if secretariat_items or overdue_members:
        stuck = sorted({i.checklist.appointment.person.name for i in overdue_members})
        for user in secretariat:
            body = _body(
                _("Onboarding digest for %(date)s: %(n)s member(s) have overdue items.")
                % {"date": today.isoformat(), "n": len(stuck)},
                [
                    (_("Secretariat tasks:"), [_line(i, today) for i in secretariat_items]),
                    (_("Members' overdue items:"), [_line(i, today) for i in overdue_members]),
                    (_("Board:"), [base_url + reverse("onboarding:board")]),
                ],
                base_url,
            )
            count = len(secretariat_items) + len(overdue_members)
            subject = _("Onboarding digest: %(n)s overdue") % {"n": len(overdue_members)}
            if _send_once(user, ReminderKind.DIGEST, today, subject, body, count):
                report.digests += 1
                report.recipients.append(user.email)
            else:
                report.skipped += 1
    return report
