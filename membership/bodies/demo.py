"""Demo bodies for ``manage.py seed_demo``: besides the MAG (the default body), the IGF
Leadership Panel (two-year terms, five ex officio seats, the MAG chair among them), two MAG
working groups drawn from the MAG's current members, and three initiatives (a national, a
regional and a youth IGF), each with its Terms of Reference (whose policy is the body's) and a
roster. Idempotent: bodies are found again by address, people by email, appointments by person
and cycle. Development only."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from membership.bodies.models import Body, BodyKind
from membership.choices import SeatType
from membership.countries import countries
from membership.policy import MembershipPolicy, default_policy_for
from membership.roster.models import Appointment, AppointmentStatus, Cycle, Person
from membership.tor.models import Document, Revision, RevisionStatus


@dataclass(frozen=True)
class DemoBody:
    slug: str
    name: str
    short_name: str
    kind: str
    description: str
    parent: str = ""
    languages: tuple[str, ...] = ("en",)


BODIES = (
    DemoBody(
        "mag",
        "Multistakeholder Advisory Group",
        "MAG",
        BodyKind.ADVISORY_GROUP,
        "The Multistakeholder Advisory Group advises the United Nations Secretary-General on the "
        "programme and schedule of the Internet Governance Forum.",
        languages=("en", "fr", "es"),
    ),
    DemoBody(
        "lp",
        "IGF Leadership Panel",
        "LP",
        BodyKind.PANEL,
        "Ten members appointed by the Secretary-General and five ex officio members give "
        "strategic advice and raise the IGF's profile. Members serve two-year terms.",
    ),
    DemoBody(
        "wg-strategy",
        "MAG Working Group on IGF Strategy",
        "WG-Strategy",
        BodyKind.WORKING_GROUP,
        "Proposes how the IGF develops over the coming years. Re-approved by the MAG each year; "
        "its members are MAG members.",
        parent="mag",
    ),
    DemoBody(
        "wg-hybrid",
        "MAG Working Group on Hybrid Meetings",
        "WG-Hybrid",
        BodyKind.WORKING_GROUP,
        "Makes the annual meeting and the MAG's own meetings work for people in the room and "
        "online alike.",
        parent="mag",
    ),
    DemoBody(
        "kigf",
        "Kenya Internet Governance Forum",
        "KIGF",
        BodyKind.NATIONAL,
        "The national IGF of Kenya, run by a multistakeholder organising committee.",
        languages=("en", "sw"),
    ),
    DemoBody(
        "afigf",
        "African Internet Governance Forum",
        "AfIGF",
        BodyKind.REGIONAL,
        "The regional IGF of Africa, with a multistakeholder organising committee from across "
        "the continent.",
        languages=("en", "fr", "ar"),
    ),
    DemoBody(
        "yigf",
        "Youth Internet Governance Forum",
        "Youth IGF",
        BodyKind.YOUTH,
        "Young people's own IGF initiative, with an organising committee of young people from "
        "every region.",
    ),
)
GROUPS = ("government", "private_sector", "civil_society", "technical_academic")
# Seats of each body's rosters (the MAG's comes from the roster demo).
SEATS = {"lp": 10, "wg-strategy": 8, "wg-hybrid": 8, "kigf": 12, "afigf": 16, "yigf": 12}

FIRST = [
    "Amani",
    "Leila",
    "Tomás",
    "Mei",
    "Oluwaseun",
    "Ana",
    "Dmitri",
    "Priya",
    "Jonas",
    "Yasmin",
    "Kofi",
    "Lucía",
    "Hana",
    "Mateus",
    "Zanele",
    "Iman",
    "Pablo",
    "Aroha",
]
FAMILY = [
    "Otieno",
    "Haddad",
    "Ferreira",
    "Lin",
    "Adeyemi",
    "Novak",
    "Sokolov",
    "Iyer",
    "Berg",
    "Nasser",
    "Boateng",
    "Vargas",
    "Sato",
    "Costa",
    "Dlamini",
    "Karimi",
    "Ruiz",
    "Ngata",
]


def seed_bodies() -> list[Body]:
    """The demo bodies, made once (the MAG already exists: the default body)."""
    made: dict[str, Body] = {}
    for spec in BODIES:
        body = Body.objects.filter(slug=spec.slug).first()
        if body is None:
            body = Body(
                slug=spec.slug,
                name=spec.name,
                short_name=spec.short_name,
                kind=spec.kind,
                description=spec.description,
                parent=made.get(spec.parent),
                languages=list(spec.languages),
                is_default=spec.slug == "mag" and not Body.objects.filter(is_default=True).exists(),
            )
            body._change_reason = "Demo data"  # type: ignore[attr-defined]
            body.save()
        made[spec.slug] = body
    return list(made.values())


def _tor(body: Body, policy: MembershipPolicy, author: User) -> None:
    """The body's Terms of Reference, adopted, carrying its policy."""
    if Document.objects.filter(body=body, is_main=True).exists():
        return
    document = Document.objects.create(
        body=body, slug="tor", title=f"Terms of Reference of the {body.name}", is_main=True
    )
    now = timezone.now()
    Revision.objects.create(
        document=document,
        number=1,
        title=document.title,
        body=(
            f"# Purpose\n\n{body.description}\n\n# Membership\n\nMembers are appointed for "
            f"terms of {policy.term_length_years} year(s), renewable up to "
            f"{policy.max_consecutive_terms} consecutive terms.\n\n# Working methods\n\n"
            "The body meets regularly, online and in person, and publishes its summaries.\n"
        ),
        change_summary="First version, adopted.",
        author=author,
        policy=policy.to_dict(),
        status=RevisionStatus.ADOPTED,
        adopted_at=now,
        adopted_by=author,
        effective_date=datetime.date(now.year, 1, 1),
    )


def _cycle(body: Body, year: int, seats: int) -> Cycle:
    cycle, _ = Cycle.objects.get_or_create(
        body=body,
        year=year,
        defaults={
            "starts_on": datetime.date(year, 1, 1),
            "ends_on": datetime.date(year, 12, 31),
            "seat_count": seats,
        },
    )
    return cycle


def _appoint(
    person: Person, cycle: Cycle, group: str, years: int = 1, seat_type: str = SeatType.REGULAR
) -> None:
    if Appointment.objects.filter(person=person, cycle=cycle).exists():
        return
    ends = datetime.date(cycle.year + years - 1, 12, 31)
    appointment = Appointment(
        person=person,
        cycle=cycle,
        stakeholder_group=group,
        seat_type=seat_type,
        status=AppointmentStatus.CONFIRMED,
        starts_on=cycle.starts_on,
        ends_on=ends,
    )
    appointment._change_reason = "Demo data"  # type: ignore[attr-defined]
    appointment.save()


class _People:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
        self.codes = sorted(countries())

    def make(self, slug: str, n: int, country: str | None = None) -> Person:
        name = f"{self.rng.choice(FIRST)} {self.rng.choice(FAMILY)}"
        email = f"{slug}.{n}@people.demo.example"
        person, _ = Person.objects.get_or_create(
            email=email,
            defaults={
                "name": name,
                "country": country or self.rng.choice(self.codes),
                "gender": "woman" if n % 2 else "man",
                "affiliation": self.rng.choice(
                    ["Ministry of ICT", "University", "Digital rights network", "Telecom operator"]
                ),
            },
        )
        return person


def _panel(body: Body, people: _People) -> None:
    """Ten appointed members in staggered two-year terms (the chair is one of them), and five
    ex officio seats (the MAG chair among them), which count toward neither the seats nor
    balance."""
    for year in (2025, 2026):
        _cycle(body, year, SEATS["lp"])
    for n in range(SEATS["lp"] - 1):
        start = 2025 if n % 2 == 0 else 2026
        person = people.make("lp", n)
        _appoint(person, Cycle.objects.get(body=body, year=start), GROUPS[n % 4], years=2)
    chair = Person.objects.filter(
        email="panel.chair@demo.example"
    ).first() or Person.objects.create(
        name="Ingrid Larsen", email="panel.chair@demo.example", country="NO", gender="woman"
    )
    _link(chair, "panel.chair@demo.example")
    current = Cycle.objects.get(body=body, year=2026)
    _appoint(chair, current, "civil_society", years=2, seat_type=SeatType.CHAIR)
    ex_officio = list(Person.objects.filter(email="chair@demo.example"))
    ex_officio += [people.make("lp-exofficio", n) for n in range(4)]
    for n, person in enumerate(ex_officio):
        _appoint(person, current, GROUPS[n % 4], years=2, seat_type=SeatType.EX_OFFICIO)


def _link(person: Person, email: str) -> None:
    user = User.objects.filter(email=email).first()
    if (
        user is not None
        and person.user_id is None
        and not Person.objects.filter(user=user).exists()
    ):
        from membership.roster.services import person_link_account

        person_link_account(actor=None, person=person, user=user)


def _working_group(body: Body, mag: Body, people_from: list[Person]) -> None:
    """Members drawn from the MAG's current members (the working group's policy says so)."""
    cycle = _cycle(body, timezone.localdate().year, SEATS[body.slug])
    for n, person in enumerate(people_from[: SEATS[body.slug]]):
        _appoint(person, cycle, GROUPS[n % 4])


def _initiative(body: Body, people: _People, country: str | None) -> None:
    for year in (2025, 2026):
        _cycle(body, year, SEATS[body.slug])
    for n in range(SEATS[body.slug]):
        start = 2025 if n < SEATS[body.slug] // 2 else 2026
        person = people.make(body.slug, n, country)
        _appoint(person, Cycle.objects.get(body=body, year=start), GROUPS[n % 4], years=2)


def _member_roles(today: datetime.date) -> None:
    """Members with a login hold the member role of every body they serve, until their last
    term there ends (the demo writes appointments directly, so it does what the appointment
    services' receivers would)."""
    from membership.bodies.services import member_role_follow
    from membership.roster.selectors import member_until

    seen: set[tuple[int, int]] = set()
    for appointment in (
        Appointment.objects.ongoing(today)
        .filter(person__user__isnull=False)
        .select_related("person__user", "cycle__body")
    ):
        person, body = appointment.person, appointment.cycle.body
        if (person.pk, body.pk) in seen:
            continue
        seen.add((person.pk, body.pk))
        assert person.user is not None  # noqa: S101 - filtered above
        member_role_follow(
            body=body, user=person.user, until=member_until(person, body), reason="Demo data"
        )


def seed(*, stdout: Any) -> None:
    bodies = {body.slug: body for body in seed_bodies()}
    author = User.objects.get(username="secretariat@demo.example")
    people = _People(seed=2027)
    for slug, body in bodies.items():
        if slug != "mag":
            _tor(body, default_policy_for(body.kind, SEATS[slug]), author)
    _panel(bodies["lp"], people)
    today = timezone.localdate()
    mag_members = list(
        Person.objects.filter(
            appointments__in=Appointment.objects.current(today).filter(cycle__body=bodies["mag"])
        )
        .distinct()
        .order_by("name")
    )
    sofia = [p for p in mag_members if p.email == "member@demo.example"]
    others = [p for p in mag_members if p.email != "member@demo.example"]
    _working_group(bodies["wg-strategy"], bodies["mag"], others[:8])
    _working_group(bodies["wg-hybrid"], bodies["mag"], sofia + others[8:15])
    _initiative(bodies["kigf"], people, "KE")
    _initiative(bodies["afigf"], people, None)
    _initiative(bodies["yigf"], people, None)
    _member_roles(today)
    stdout.write(
        f"Bodies: {len(bodies)} ({', '.join(b.short_name or b.name for b in bodies.values())})."
    )
