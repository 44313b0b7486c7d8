"""Benchmark: the portal with 200 bodies, each with 60 seats over 10 cycles (about 48,000
people, 120,000 appointments, 12,000 checklists of 5 items), run on PostgreSQL
(``DATABASE_URL=postgres://... make bench``).

Pages timed, each the median of 7 warm requests: the Secretariat's overview of every body and
its home page, the directory, a body's page, the MAG's balance dashboard, public roster and
rotation plan, and the onboarding board. Target: each under 150 ms on a 2-core machine.
Query counts are asserted by the unit tests (``tests/bodies``, ``tests/roster/test_scale``)."""

from __future__ import annotations

import datetime
import statistics
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone

from mag_portal.roles import Role
from membership.bodies.models import Body
from membership.policy import default_policy_for
from membership.roster.models import Appointment, Cycle, Person
from onboarding.models import Checklist, ChecklistItem
from tests.conftest import login
from tests.factories import UserFactory, mag

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

BODIES, SEATS, CYCLES = 200, 60, 10
GROUPS = ("government", "private_sector", "civil_society", "technical_academic")
COUNTRIES = ("KE", "IN", "PL", "BR", "FR", "JP", "NG", "MX", "UA", "DE", "EG", "AR")
TARGET = 0.150


def _build(count: int = BODIES) -> int:
    """``count`` bodies (the MAG first) and their rosters, by bulk inserts; returns the current
    year."""
    from membership.tor.models import Document, Revision

    year = timezone.localdate().year
    first = year - CYCLES + 1
    others = Body.objects.bulk_create(
        Body(
            slug=f"nri-{i:03}",
            name=f"National IGF {i:03}",
            kind="working_group" if i < 20 else "national",
            parent=mag() if i < 20 else None,
        )
        for i in range(count - 1)
    )
    bodies = [mag(), *others]
    author = UserFactory(email="author@example.org")
    documents = Document.objects.bulk_create(
        Document(body=b, slug="tor", title=f"ToR of {b.name}", is_main=True) for b in bodies
    )
    Revision.objects.bulk_create(
        Revision(
            document=d,
            number=1,
            title=d.title,
            body="# Purpose\n\nText.",
            author=author,
            status="adopted",
            adopted_at=timezone.now(),
            effective_date=datetime.date(first, 1, 1),
            policy=default_policy_for(d.body.kind, SEATS).to_dict(),
        )
        for d in documents
    )
    cycles = Cycle.objects.bulk_create(
        Cycle(
            body=b,
            year=y,
            starts_on=datetime.date(y, 1, 1),
            ends_on=datetime.date(y, 12, 31),
            seat_count=SEATS,
        )
        for b in bodies
        for y in range(first, year + 1)
    )
    by_body: dict[int, list[Cycle]] = {}
    for cycle in cycles:
        by_body.setdefault(cycle.body_id, []).append(cycle)
    appointments = []
    n = 0
    for body in bodies:
        # Each year a third of the seats rotate: 60 people, then 20 new ones a year.
        seat_people = []
        for k, cycle in enumerate(by_body[body.pk]):
            fresh = SEATS if k == 0 else SEATS // 3
            people = Person.objects.bulk_create(
                Person(
                    name=f"Person {n + i:06}",
                    country=COUNTRIES[(n + i) % len(COUNTRIES)],
                    gender="woman" if (n + i) % 2 else "man",
                )
                for i in range(fresh)
            )
            n += fresh
            seat_people = (seat_people[fresh:] + people)[-SEATS:] if k else people
            appointments += [
                Appointment(
                    person=p,
                    cycle=cycle,
                    stakeholder_group=GROUPS[i % 4],
                    status="confirmed",
                    starts_on=cycle.starts_on,
                    ends_on=cycle.ends_on,
                )
                for i, p in enumerate(seat_people)
            ]
    created = Appointment.objects.bulk_create(appointments, batch_size=5000)
    current = [a for a in created if a.starts_on.year == year]
    checklists = Checklist.objects.bulk_create(
        (Checklist(appointment=a, audience="new") for a in current), batch_size=5000
    )
    today = timezone.localdate()
    ChecklistItem.objects.bulk_create(
        (
            ChecklistItem(
                checklist=c,
                position=k,
                title=f"Task {k}",
                assignee="member",
                kind="plain",
                due_on=today + datetime.timedelta(days=(k - 2) * 10 + i % 3),
                status="done" if k < i % 3 else "todo",
                completed_at=timezone.now() if k < i % 3 else None,
            )
            for i, c in enumerate(checklists)
            for k in range(5)
        ),
        batch_size=5000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return year


def _median(client: Client, url: str, runs: int = 7) -> float:
    assert client.get(url).status_code == 200, url  # warm
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, url
    return statistics.median(times)


@pytest.mark.parametrize("count", [1, BODIES])
def test_pages_stay_fast_with_200_bodies(count: int) -> None:
    started = time.perf_counter()
    year = _build(count)
    print(f"\nbuilt {Body.objects.count()} bodies, {Person.objects.count()} people, "
          f"{Appointment.objects.count()} appointments, {Checklist.objects.count()} checklists "
          f"in {time.perf_counter() - started:.0f} s on {connection.vendor}")  # fmt: skip
    secretariat = login(Client(), UserFactory(roles=[Role.SECRETARIAT], mfa=True))
    chair = login(Client(), UserFactory(roles=[Role.CHAIR], mfa=True))
    public = Client()
    pages = [
        ("overview (Secretariat)", secretariat, "/b/overview/"),
        ("Secretariat home", secretariat, "/secretariat/"),
        ("directory", public, "/b/"),
        ("body page", public, "/b/mag/"),
        ("balance dashboard (chair)", chair, f"/b/mag/roster/balance/{year}/"),
        ("public roster", public, "/b/mag/roster/"),
        ("rotation plan (chair)", chair, f"/b/mag/roster/rotation/{year}/"),
        ("onboarding board (Secretariat)", secretariat, "/b/mag/onboarding/board/"),
    ]
    secretariat.get("/secretariat/")  # the process warmed up (templates, URLs), then
    cache.clear()  # every body's state computed afresh
    cold = time.perf_counter()
    secretariat.get("/b/overview/")
    print(f"  overview with nothing cached: {(time.perf_counter() - cold) * 1000:.0f} ms")
    slow = []
    for label, client, url in pages:
        took = _median(client, url)
        print(f"  {label:32} {url:32} {took * 1000:6.1f} ms")
        if took > TARGET:
            slow.append(f"{label}: {took * 1000:.0f} ms")
    assert not slow, f"over {TARGET * 1000:.0f} ms: {slow}"
