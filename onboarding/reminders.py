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
from membership.bodies.models import BodyRole
from membership.bodies.rules import active_role_filter
from membership.roster.models import Appointment
from onboarding.models import Assignee, ChecklistItem, ReminderKind, ReminderLog
from onboarding.selectors import DUE_SOON_DAYS


@dataclass
class Report:
    personal: int = 0
    digests: int = 0
    skipped: int = 0  # already sent today
    recipients: list[str] = field(default_factory=list)


def _global_secretariat() -> list[User]:
    group = Group.objects.filter(name=Role.SECRETARIAT.value).first()
    if group is None:
        return []
    return list(group.user_set.filter(is_active=True).exclude(email="").order_by("pk"))


def _body_role_holders(*roles: Role) -> dict[User, set[int]]:
    """Who holds one of ``roles`` in some body today, with the ids of those bodies."""
    holders: dict[User, set[int]] = defaultdict(set)
    for assignment in (
        BodyRole.objects.filter(active_role_filter(), role__in=[r.value for r in roles])
        .filter(user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id")
    ):
        holders[assignment.user].add(assignment.body_id)
    return holders


def _body_of(item: ChecklistItem) -> int:
    return item.checklist.appointment.cycle.body_id


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


def _send(
    report: Report, user: User, kind: str, today: datetime.date, subject: str, body: str, count: int
) -> None:
    if _send_once(user, kind, today, subject, body, count):
        if kind == ReminderKind.DIGEST:
            report.digests += 1
        else:
            report.personal += 1
        report.recipients.append(user.email)
    else:
        report.skipped += 1


def _member_reminder(
    user: User, own: list[ChecklistItem], today: datetime.date, base_url: str
) -> tuple[str, str]:
    overdue = [_line(i, today) for i in own if i.due_on < today]
    soon = [_line(i, today) for i in own if i.due_on >= today]
    body = _body(
        _("Hello %(name)s, these onboarding items need you:")
        % {"name": user.get_full_name() or user.email},
        [(_("Overdue:"), overdue), (_("Due soon:"), soon)],
        base_url,
    )
    return _("Your onboarding: %(n)s item(s) need you") % {"n": len(own)}, body


def _digest(
    secretariat_items: list[ChecklistItem],
    overdue_members: list[ChecklistItem],
    today: datetime.date,
    base_url: str,
) -> tuple[str, str]:
    stuck = sorted({i.checklist.appointment.person.name for i in overdue_members})
    boards = sorted(
        {i.checklist.appointment.cycle.body.slug for i in [*secretariat_items, *overdue_members]}
    )
    body = _body(
        _("Onboarding digest for %(date)s: %(n)s member(s) have overdue items.")
        % {"date": today.isoformat(), "n": len(stuck)},
        [
            (_("Secretariat tasks:"), [_line(i, today) for i in secretariat_items]),
            (_("Members' overdue items:"), [_line(i, today) for i in overdue_members]),
            (
                _("Board:"),
                [base_url + reverse("onboarding:board", kwargs={"body": slug}) for slug in boards],
            ),
        ],
        base_url,
    )
    return _("Onboarding digest: %(n)s overdue") % {"n": len(overdue_members)}, body


def reminders_send(*, today: datetime.date, base_url: str = "") -> Report:
    """Email everyone with onboarding items due within DUE_SOON_DAYS days or overdue: each
    member their own; each body's chair the chair's items of that body; the Secretariat a
    digest (the IGF Secretariat of every body, a body secretariat of its own)."""
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    items = list(
        ChecklistItem.objects.open()
        .filter(due_on__lte=soon, checklist__appointment__in=Appointment.objects.ongoing(today))
        .select_related(
            "checklist__appointment__person__user", "checklist__appointment__cycle__body"
        )
        .order_by("due_on", "pk")
    )
    report = Report()
    secretariat: dict[User, set[int] | None] = dict.fromkeys(_global_secretariat())
    for holder, held in _body_role_holders(Role.SECRETARIAT).items():
        if holder not in secretariat:
            secretariat[holder] = held
    by_member: dict[User, list[ChecklistItem]] = defaultdict(list)
    for item in items:
        owner = item.checklist.appointment.person.user
        if (
            item.assignee == Assignee.MEMBER
            and owner is not None
            and owner.is_active
            and owner.email
        ):
            by_member[owner].append(item)
    for user, own in by_member.items():
        if user in secretariat:
            continue  # folded into their digest below
        _send(
            report,
            user,
            ReminderKind.PERSONAL,
            today,
            *_member_reminder(user, own, today, base_url),
            len(own),
        )
    chair_items = [i for i in items if i.assignee == Assignee.CHAIR]
    for user, chaired in _body_role_holders(Role.CHAIR, Role.VICE_CHAIR).items():
        theirs = [i for i in chair_items if _body_of(i) in chaired]
        if not theirs or user in secretariat:
            continue
        body = _body(
            _("Hello %(name)s, these onboarding items are for the chair:")
            % {"name": user.get_full_name() or user.email},
            [(_("Items:"), [_line(i, today) for i in theirs])],
            base_url,
        )
        subject = _("Onboarding: %(n)s item(s) for the chair") % {"n": len(theirs)}
        _send(report, user, ReminderKind.PERSONAL, today, subject, body, len(theirs))
    for user, bodies in secretariat.items():
        mine = [i for i in items if bodies is None or _body_of(i) in bodies]
        tasks = [i for i in mine if i.assignee == Assignee.SECRETARIAT]
        overdue = [i for i in mine if i.assignee == Assignee.MEMBER and i.due_on < today]
        if tasks or overdue:
            subject, body = _digest(tasks, overdue, today, base_url)
            _send(
                report, user, ReminderKind.DIGEST, today, subject, body, len(tasks) + len(overdue)
            )
    return report
