"""Demo data for onboarding (``manage.py seed_demo``): the default templates built from how the
Secretariat onboards members today, and a checklist for every confirmed member of the current
cycle: most have finished, a handful are at different stages (some overdue), the demo member is
part-way and the demo new member has not started.

It runs after the roster demo and uses its appointments; it creates people and appointments
only when there is no roster at all (the onboarding seeder run on its own, as in some tests).
Idempotent: running it again adds nothing twice."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from membership.bodies.models import Body
from membership.bodies.selectors import default_body
from membership.choices import StakeholderGroup
from membership.roster.models import Appointment, AppointmentStatus, Cycle, Person
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

# Without the roster demo only: invented members who joined the current cycle at different
# dates. (name, email, country, stakeholder group, days since the appointment started, done)
DEMO_PEOPLE = [
    ("Grace Wanjiru", "grace.wanjiru@demo.example", "KE", "civil_society", 90, 7),
    ("Mateus Oliveira", "mateus.oliveira@demo.example", "BR", "private_sector", 75, 4),
    ("Anna Kowalska", "anna.kowalska@demo.example", "PL", "government", 60, 1),
    ("Rahul Mehta", "rahul.mehta@demo.example", "IN", "technical_academic", 50, 0),
    ("Fatou Ndiaye", "fatou.ndiaye@demo.example", "SN", "government", 20, 2),
    ("Lena Schmidt", "lena.schmidt@demo.example", "DE", "technical_academic", 5, 0),
]


def _template(
    body: Body, name: str, audience: str, items: list[dict[str, Any]], today: Any
) -> None:
    if ChecklistTemplate.objects.filter(body=body, audience=audience, is_active=True).exists():
        return
    template = ChecklistTemplate.objects.create(
        body=body, name=name, audience=audience, is_active=True
    )
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


def _cycle(body: Body, today: datetime.date) -> Cycle:
    cycle = Cycle.objects.filter(body=body, starts_on__lte=today, ends_on__gte=today).first()
    if cycle is None:
        cycle, _ = Cycle.objects.get_or_create(
            body=body,
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


def _progress(
    checklist: Checklist,
    done: int | None,
    actor: User,
    *,
    by_member: User | None,
    paper_last: bool = False,
) -> None:
    """Settle the first ``done`` open items in order (all of them when ``done`` is None),
    waiving uploads and ToR acceptance, which need a file or an adopted ToR. With
    ``paper_last``, tasks the member can do in one click go first, so a demo account keeps the
    upload and the ToR acceptance to try. Called on a checklist just made, so a second run of
    the seeder adds no progress."""
    items = list(checklist.items.filter(status=ItemStatus.TODO).order_by("position", "pk"))
    if paper_last:
        items.sort(key=lambda i: i.kind in (ItemKind.UPLOAD, ItemKind.ACCEPT_TOR))
    for item in items if done is None else items[:done]:
        if item.kind in (ItemKind.UPLOAD, ItemKind.ACCEPT_TOR):
            services.checklist_item_waive(item=item, actor=actor, reason="Handled on paper (demo).")
        else:
            who = by_member if by_member and item.assignee == Assignee.MEMBER else actor
            services.checklist_item_complete(item=item, actor=who)


def current_cycle(body: Body, today: datetime.date) -> Cycle | None:
    """The cycle of ``body`` the demo onboards: the one running today when it has confirmed
    members, else the latest started cycle that has (the demo roster's years are fixed). None
    when there is no confirmed appointment at all (the roster demo has not run)."""
    confirmed = Cycle.objects.filter(
        body=body, starts_on__lte=today, appointments__status=AppointmentStatus.CONFIRMED
    ).distinct()
    running = confirmed.filter(ends_on__gte=today).first()
    return running or confirmed.order_by("-starts_on").first()


# In progress among the roster's members (ordered by name): every fourth one, at these
# stages in turn (share of their items settled); everyone else has finished.
IN_PROGRESS_EVERY = 4
STAGES = (0.0, 0.25, 0.5, 0.75)


def _seed_roster(cycle: Cycle, secretariat: User) -> None:
    """Checklists for every confirmed member of ``cycle``; creates no person or appointment."""
    appointments = list(
        Appointment.objects.filter(cycle=cycle, status=AppointmentStatus.CONFIRMED)
        .select_related("person__user")
        .order_by("person__name", "pk")
    )
    existing = set(
        Checklist.objects.filter(appointment__in=appointments).values_list(
            "appointment_id", flat=True
        )
    )
    others = 0
    for appointment in appointments:
        user = appointment.person.user
        email = user.email if user is not None else ""
        is_new = appointment.pk not in existing
        checklist = services.checklist_create(appointment=appointment, actor=secretariat)
        if email == "newmember@demo.example":
            # A fresh checklist, nothing done, with the Secretariat as buddy.
            services.checklist_buddy_assign(
                checklist=checklist, buddy=secretariat, actor=secretariat
            )
            continue
        if not is_new:
            continue
        if email == "member@demo.example":
            # Part-way: one-click tasks done first; the upload (and the ToR, unless she
            # accepted it in the ToR demo) left for her to try.
            total = checklist.items.count()
            _progress(checklist, max(1, total // 2), secretariat, by_member=user, paper_last=True)
            continue
        position, others = others, others + 1
        # The chair has finished; the handful in progress are roster members without accounts.
        if email != "chair@demo.example" and position % IN_PROGRESS_EVERY == IN_PROGRESS_EVERY - 1:
            stage = STAGES[(position // IN_PROGRESS_EVERY) % len(STAGES)]
            total = checklist.items.count()
            done = min(round(total * stage), total - 1)
            _progress(checklist, done, secretariat, by_member=user)
        else:
            _progress(checklist, None, secretariat, by_member=user)


def _seed_alone(body: Body, today: datetime.date, secretariat: User) -> Cycle:
    """Without the roster demo (the onboarding seeder run on its own, as in tests): the demo
    accounts and a few invented members join the current cycle at different dates."""
    cycle = _cycle(body, today)
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
        is_new = not Checklist.objects.filter(appointment=appointment).exists()
        checklist = services.checklist_create(appointment=appointment, actor=secretariat)
        if is_new:
            _progress(checklist, done, secretariat, by_member=user)
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
        is_new = not Checklist.objects.filter(appointment=appointment).exists()
        checklist = services.checklist_create(appointment=appointment, actor=secretariat)
        if is_new:
            _progress(checklist, done, secretariat, by_member=None)
    return cycle


def summary(cycle: Cycle, today: datetime.date) -> dict[str, int]:
    """How the checklists of ``cycle`` stand: all, complete, in progress, with overdue items."""
    rows = (
        Checklist.objects.filter(appointment__cycle=cycle)
        .annotate(
            open=Count("items", filter=Q(items__status=ItemStatus.TODO)),
            late=Count("items", filter=Q(items__status=ItemStatus.TODO, items__due_on__lt=today)),
        )
        .values_list("open", "late")
    )
    counts = {"checklists": 0, "complete": 0, "in_progress": 0, "overdue": 0}
    for open_items, late in rows:
        counts["checklists"] += 1
        counts["complete" if open_items == 0 else "in_progress"] += 1
        counts["overdue"] += late > 0
    return counts


@transaction.atomic
def seed(*, stdout: Any) -> None:
    today = timezone.localdate()
    secretariat = User.objects.get(username="secretariat@demo.example")
    # Event dates count from the day the templates are made: the next call is in two weeks.
    mag = default_body()
    assert mag is not None, "the bodies demo runs first"  # noqa: S101
    _template(mag, "New MAG members", Audience.NEW, NEW_ITEMS, today)
    _template(mag, "Returning MAG members", Audience.RETURNING, RETURNING_ITEMS, today)
    cycle = current_cycle(mag, today)
    if cycle is not None:
        _seed_roster(cycle, secretariat)
    else:
        cycle = _seed_alone(mag, today, secretariat)
    counts = summary(cycle, today)
    templates = ChecklistTemplate.objects.filter(is_active=True).count()
    stdout.write(
        f"Onboarding: {templates} templates, {counts['checklists']} checklists in {cycle.year} "
        f"({counts['complete']} complete, {counts['in_progress']} in progress, "
        f"{counts['overdue']} with overdue items)."
    )
