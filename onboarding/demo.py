"""Demo data for onboarding (``manage.py seed_demo``): the default templates built from how the
Secretariat onboards members today, and members of the current cycle at different stages, some
overdue. Idempotent: running it again adds nothing twice."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from membership.choices import StakeholderGroup
from membership.models import Appointment, AppointmentStatus, Cycle, Person
from onboarding import services
from onboarding.models import (
    Assignee,
    Audience,
    Checklist,
    ChecklistTemplate,
    ItemKind,
    ItemStatus,
    TemplateItem,
)

NEW_ITEMS: list[dict[str, Any]] = [
    {
        "title": "Subscribe to the MAG mailing list",
        "assignee": Assignee.SECRETARIAT,
        "due_offset_days": 7,
        "description": "The Secretariat adds the new member to the MAG mailing list.",
    },
    {
        "title": "Accept the Terms of Reference",
        "kind": ItemKind.ACCEPT_TOR,
        "due_offset_days": 14,
        "description": "Read the **Terms of Reference for MAG members** in force and accept "
        "them. They set out year-round engagement, the bi/tri-annual meetings, the fortnightly "
        "virtual meetings and outreach to your stakeholder group.",
    },
    {
        "title": "Declaration of interests",
        "kind": ItemKind.UPLOAD,
        "due_offset_days": 21,
        "recurs_each_cycle": True,
        "description": "Fill in, sign and upload the declaration of interests (PDF, or a PNG "
        "or JPEG scan). It is asked again every year.",
    },
    {
        "title": "Complete your profile and photo",
        "kind": ItemKind.COMPLETE_PROFILE,
        "due_offset_days": 14,
        "description": "Check your affiliation and short biography, and add a photo for the "
        "public roster.",
    },
    {
        "title": "Orientation call",
        "kind": ItemKind.ATTEND_EVENT,
        "due_offset_days": 30,
        "event_offset_days": 14,
        "description": "The Secretariat's orientation call for incoming members: how the MAG "
        "works, the year's calendar, and introductions before the first meeting.",
    },
    {
        "title": "Choose your working groups",
        "due_offset_days": 45,
        "depends_on": ["Orientation call"],
        "description": "Join one or more MAG working groups; the orientation call presents them.",
    },
    {
        "title": "Workshop-evaluation training",
        "due_offset_days": 60,
        "depends_on": ["Orientation call"],
        "description": "Learn the workshop-evaluation platform before workshop selection.",
    },
]

RETURNING_ITEMS: list[dict[str, Any]] = [
    NEW_ITEMS[1],
    NEW_ITEMS[2],
    {
        "title": "Review your working groups",
        "due_offset_days": 30,
        "description": "Stay in, leave or join MAG working groups for the new cycle.",
    },
]

# (name, email, country, stakeholder group, days since the appointment started, items done)
DEMO_PEOPLE = [
    ("Grace Wanjiru", "grace.wanjiru@demo.example", "KE", "civil_society", 90, 7),
    ("Mateus Oliveira", "mateus.oliveira@demo.example", "BR", "private_sector", 75, 4),
    ("Anna Kowalska", "anna.kowalska@demo.example", "PL", "government", 60, 1),
    ("Rahul Mehta", "rahul.mehta@demo.example", "IN", "technical_academic", 50, 0),
    ("Fatou Ndiaye", "fatou.ndiaye@demo.example", "SN", "government", 20, 2),
    ("Lena Schmidt", "lena.schmidt@demo.example", "DE", "technical_academic", 5, 0),
]


def _template(name: str, audience: str, items: list[dict[str, Any]], today: Any) -> None:
    if ChecklistTemplate.objects.filter(audience=audience, is_active=True).exists():
        return
    template = ChecklistTemplate.objects.create(name=name, audience=audience, is_active=True)
    by_title: dict[str, TemplateItem] = {}
    for position, spec in enumerate(items, start=1):
        spec = dict(spec)
        depends = spec.pop("depends_on", [])
        event_offset = spec.pop("event_offset_days", None)
        item = TemplateItem.objects.create(
            template=template,
            position=position,
            event_date=today + datetime.timedelta(days=event_offset) if event_offset else None,
            **spec,
        )
        item.depends_on.set([by_title[t] for t in depends])
        by_title[item.title] = item


def _cycle(today: datetime.date) -> Cycle:
    cycle = Cycle.objects.filter(starts_on__lte=today, ends_on__gte=today).first()
    if cycle is None:
        cycle, _ = Cycle.objects.get_or_create(
            year=today.year,
            defaults={
                "starts_on": datetime.date(today.year, 1, 1),
                "ends_on": datetime.date(today.year, 12, 31),
                "seat_count": 55,
            },
        )
    return cycle


def _appointment(person: Person, cycle: Cycle, group: str, started: datetime.date) -> Appointment:
    appointment = Appointment.objects.filter(person=person, cycle=cycle).first()
    if appointment is None:
        appointment = Appointment.objects.create(
            person=person,
            cycle=cycle,
            stakeholder_group=group,
            status=AppointmentStatus.CONFIRMED,
            starts_on=max(started, cycle.starts_on),
            ends_on=cycle.ends_on,
        )
    return appointment


def _progress(checklist: Checklist, done: int, actor: User, *, by_member: User | None) -> None:
    """Settle the first ``done`` items in order (waiving uploads and ToR acceptance, which need
    a file or an adopted ToR), unless the checklist already shows progress."""
    if checklist.items.exclude(status=ItemStatus.TODO).exists():
        return
    for item in checklist.items.order_by("position")[:done]:
        if item.kind in (ItemKind.UPLOAD, ItemKind.ACCEPT_TOR):
            services.checklist_item_waive(item=item, actor=actor, reason="Handled on paper (demo).")
        else:
            who = by_member if by_member and item.assignee == Assignee.MEMBER else actor
            services.checklist_item_complete(item=item, actor=who)


@transaction.atomic
def seed(*, stdout: Any) -> None:
    today = timezone.localdate()
    secretariat = User.objects.get(username="secretariat@demo.example")
    # Event dates count from the day the templates are made: the next call is in two weeks.
    _template("New MAG members", Audience.NEW, NEW_ITEMS, today)
    _template("Returning MAG members", Audience.RETURNING, RETURNING_ITEMS, today)
    cycle = _cycle(today)
    made = 0
    accounts: list[tuple[str, str, str, int, int]] = [
        ("member@demo.example", "MX", StakeholderGroup.CIVIL_SOCIETY, 35, 3),
        ("newmember@demo.example", "JP", StakeholderGroup.TECHNICAL_ACADEMIC, 3, 0),
    ]
    for email, country, group, days_ago, done in accounts:
        user = User.objects.get(username=email)
        person = Person.objects.filter(user=user).first() or Person.objects.create(
            user=user, name=user.get_full_name(), email=email, country=country
        )
        appointment = _appointment(person, cycle, group, today - datetime.timedelta(days=days_ago))
        if appointment.status != AppointmentStatus.CONFIRMED:
            continue
        checklist = services.checklist_create(appointment=appointment, actor=secretariat)
        _progress(checklist, done, secretariat, by_member=user)
        made += 1
        if email == "newmember@demo.example":
            services.checklist_buddy_assign(
                checklist=checklist, buddy=secretariat, actor=secretariat
            )
    for name, email, country, group, days_ago, done in DEMO_PEOPLE:
        person = Person.objects.filter(email=email).first() or Person.objects.create(
            name=name, email=email, country=country
        )
        appointment = _appointment(person, cycle, group, today - datetime.timedelta(days=days_ago))
        if appointment.status != AppointmentStatus.CONFIRMED:
            continue
        checklist = services.checklist_create(appointment=appointment, actor=secretariat)
        _progress(checklist, done, secretariat, by_member=None)
        made += 1
    stdout.write(f"Onboarding: 2 templates, {made} checklists in {cycle.year}.")
