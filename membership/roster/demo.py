"""Demo roster for ``manage.py seed_demo``: the MAG of 2024, 2025 and 2026 (55 seats each,
about a third rotating every year), renewals proposed for 2027 and about 150 nominations for
it. Invented names; a realistic spread of stakeholder groups, UN regional groups, genders and
countries. Idempotent: people are found again by email, appointments by person and cycle.

The demo accounts are linked: the chair holds the chair's seat (2025 and 2026), the member
(Sofía Ramírez) serves since 2025, the new member (Kenji Tanaka) was newly confirmed for 2026.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from membership.bodies.selectors import default_body
from membership.countries import countries
from membership.roster import services
from membership.roster.models import (
    Appointment,
    AppointmentStatus,
    Cycle,
    Nomination,
    NominationStatus,
    Person,
    SeatType,
)

YEARS = (2024, 2025, 2026)
NEXT_YEAR = 2027
SEATS = 55
ROTATING = 18
NOMINATIONS = 150
REGIONS = ("african", "asia_pacific", "eastern_european", "grulac", "weog")
# Government at most 40% (19 of 55 here), the other three groups in equal shares.
GROUP_SEQUENCE = ["government"] * 19 + [
    "private_sector",
    "civil_society",
    "technical_academic",
] * 12

FIRST = {
    "african": (
        ["Amara", "Nia", "Zainab", "Fatou", "Wanjiru", "Thandiwe", "Aisha", "Chiamaka", "Mariam"],
        ["Kwame", "Tunde", "Moussa", "Sipho", "Kofi", "Youssef", "Abebe", "Ibrahim", "Jomo"],
        ["Okafor", "Mensah", "Diop", "Nkosi", "Mwangi", "Haile", "Traoré", "Banda", "Ndiaye"],
    ),
    "asia_pacific": (
        ["Priya", "Mei", "Aiko", "Siti", "Farah", "Linh", "Ji-woo", "Ananya", "Leilani"],
        ["Arjun", "Wei", "Hiroshi", "Rizal", "Omar", "Minh", "Tenzin", "Sione", "Bilal"],
        ["Sharma", "Chen", "Sato", "Rahman", "Nguyen", "Kim", "Santos", "Fonoti", "Haddad"],
    ),
    "eastern_european": (
        ["Ana", "Katarzyna", "Olena", "Milica", "Irina", "Elena", "Jana", "Marta", "Nino"],
        ["Andrei", "Piotr", "Mykola", "Luka", "Tomas", "Dmitri", "Aleksandar", "Marek", "Giorgi"],
        ["Popescu", "Kowalska", "Shevchenko", "Jovanović", "Horváth", "Novak", "Petrov", "Berzina"],
    ),
    "grulac": (
        ["Camila", "Valentina", "Lucía", "Gabriela", "Renata", "Isabela", "Daniela", "Keisha"],
        ["Mateo", "Diego", "Joaquín", "Thiago", "Andrés", "Rafael", "Marlon", "Santiago"],
        ["González", "Silva", "Rojas", "Pereira", "Castillo", "Mendoza", "Baptiste", "Ortiz"],
    ),
    "weog": (
        ["Sophie", "Emma", "Ingrid", "Chiara", "Claire", "Hannah", "Maeve", "Noa", "Inês"],
        ["Lukas", "Pierre", "Erik", "Marco", "James", "Daniel", "Liam", "Yosef", "Tiago"],
        ["Müller", "Dubois", "Larsen", "Rossi", "Smith", "Keller", "Murphy", "Levi", "Costa"],
    ),
}
AFFILIATIONS = {
    "government": [
        "Ministry of Communications",
        "Ministry of Digital Affairs",
        "National Regulatory Authority",
        "Ministry of Foreign Affairs",
    ],
    "private_sector": ["Telecom operator", "Cloud services company", "ICT chamber of commerce"],
    "civil_society": ["Digital rights association", "Consumer network", "Youth IGF coalition"],
    "technical_academic": ["University", "Regional Internet Registry", "Research institute"],
}
GENDERS = ["woman", "man"] * 27 + ["non_binary"]


def _email(name: str, n: int) -> str:
    slug = "".join(ch for ch in name.lower().replace(" ", ".") if ch.isalnum() or ch == ".")
    return f"{slug}.{n}@people.demo.example"


class _People:
    """Invented people, deterministic: the same seed makes the same people every run."""

    def __init__(self) -> None:
        self.rng = random.Random(2026)  # noqa: S311 - demo data, not secrets
        self.count = 0
        self.names: set[str] = set()
        by_region: dict[str, list[str]] = {r: [] for r in REGIONS}
        for country in countries().values():
            by_region[country.region].append(country.code)
        self.countries = {r: sorted(codes) for r, codes in by_region.items()}

    def make(self, group: str, region: str, gender: str) -> Person:
        self.count += 1
        women, men, family = FIRST[region]
        first = self.rng.choice(women if gender == "woman" else men)
        name = f"{first} {self.rng.choice(family)}"
        # Invented names repeat; a middle initial tells two people apart on every page.
        initials = iter("ABCDEFGHJKLMNPRSTVW")
        while name in self.names:
            name = f"{first} {next(initials)}. {name.split()[-1]}"
        self.names.add(name)
        country = self.rng.choice(self.countries[region])
        email = _email(name, self.count)
        person, _created = Person.objects.get_or_create(
            email=email,
            defaults={
                "name": name,
                "country": country,
                "gender": gender,
                "affiliation": self.rng.choice(AFFILIATIONS[group]),
            },
        )
        return person


def _slots() -> list[tuple[str, str, str]]:
    return [
        (GROUP_SEQUENCE[i], REGIONS[i % 5], GENDERS[(i * 7) % len(GENDERS)]) for i in range(SEATS)
    ]


def _demo_person(email: str, **fields: Any) -> Person:
    user = User.objects.filter(email=email).first()
    person, _ = Person.objects.get_or_create(email=email, defaults=fields)
    if user is not None and person.user_id != user.pk:
        Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
        person = services.person_link_account(actor=None, person=person, user=user)
    return person


def _appoint(person: Person, cycle: Cycle, group: str, **extra: Any) -> None:
    appointment = Appointment.objects.filter(person=person, cycle=cycle).first()
    if appointment is None:
        fields = {
            "starts_on": cycle.starts_on,
            "ends_on": cycle.ends_on,
            "status": AppointmentStatus.CONFIRMED,
            **extra,
        }
        appointment = Appointment(person=person, cycle=cycle, stakeholder_group=group, **fields)
        appointment._change_reason = "Demo data"  # type: ignore[attr-defined]
        appointment.save()


def _mid_cycle_replacement(leaver: Person, newcomer: Person, cycle: Cycle, group: str) -> None:
    """The newest demo member took over a seat whose holder resigned: they joined days ago,
    so their onboarding has only just begun (the date follows today, within the cycle)."""
    today = timezone.localdate()
    joined = min(
        max(today - datetime.timedelta(days=5), cycle.starts_on + datetime.timedelta(days=30)),
        cycle.ends_on - datetime.timedelta(days=30),
    )
    _appoint(
        leaver,
        cycle,
        group,
        status=AppointmentStatus.ENDED_EARLY,
        ended_on=joined - datetime.timedelta(days=1),
        end_reason="Resigned on taking up a post in government.",
    )
    _appoint(newcomer, cycle, group, starts_on=joined)


def seed(*, stdout: Any) -> None:
    mag = default_body()
    assert mag is not None, "the bodies demo runs first"  # noqa: S101
    cycles = {}
    for year in (*YEARS, NEXT_YEAR):
        cycles[year], _ = Cycle.objects.get_or_create(
            body=mag,
            year=year,
            defaults={
                "starts_on": datetime.date(year, 1, 1),
                "ends_on": datetime.date(year, 12, 31),
                "seat_count": SEATS,
            },
        )
    people = _People()
    chair = _demo_person(
        "chair@demo.example",
        name="Amina Diallo",
        country="SN",
        gender="woman",
        affiliation="Senegalese Internet Society",
    )
    sofia = _demo_person(
        "member@demo.example",
        name="Sofía Ramírez",
        country="MX",
        gender="woman",
        affiliation="Red de Derechos Digitales",
    )
    kenji = _demo_person(
        "newmember@demo.example",
        name="Kenji Tanaka",
        country="JP",
        gender="man",
        affiliation="Japan Network Information Center",
    )
    slots = _slots()
    # Slot index -> (year joining, person, seat type) for the demo accounts.
    chair_slot = next(i for i, s in enumerate(slots) if s == ("civil_society", "african", "woman"))
    sofia_slot = next(i for i, s in enumerate(slots) if s == ("civil_society", "grulac", "woman"))
    kenji_slot = next(
        i for i, s in enumerate(slots) if s == ("technical_academic", "asia_pacific", "man")
    )
    joins = {2025: {chair_slot: chair, sofia_slot: sofia}, 2026: {kenji_slot: kenji}}
    demo_slots = {chair_slot, sofia_slot, kenji_slot}

    holders: list[Person] = [people.make(*slot) for slot in slots]
    terms = [1] * SEATS
    rng = random.Random(55)  # noqa: S311
    for year in YEARS:
        if year != YEARS[0]:
            forced = joins.get(year, {})
            at_limit = [i for i in range(SEATS) if terms[i] > 3 and i not in demo_slots]
            others = [i for i in range(SEATS) if i not in at_limit and i not in demo_slots]
            leaving = set(at_limit)
            leaving |= set(rng.sample(others, max(0, ROTATING - len(leaving) - len(forced))))
            leaving |= set(forced)
            for i in sorted(leaving):
                holders[i] = forced.get(i) or people.make(*slots[i])
                terms[i] = 1
        groups = [slot[0] for slot in slots]
        if year == YEARS[-1]:
            # Two continuing members swap stakeholder groups (private sector <-> civil
            # society): the group belongs to the appointment, not to the person.
            moving = [
                next(i for i in range(SEATS) if terms[i] > 1 and groups[i] == group)
                for group in ("private_sector", "civil_society")
            ]
            a, b = moving
            groups[a], groups[b] = groups[b], groups[a]
        for i, group in enumerate(groups):
            if holders[i] == kenji:
                continue  # joins mid-cycle, below
            seat_type = SeatType.CHAIR if holders[i] == chair else SeatType.REGULAR
            _appoint(holders[i], cycles[year], group, seat_type=seat_type)
        terms = [t + 1 for t in terms]
    _mid_cycle_replacement(
        people.make(*slots[kenji_slot]), kenji, cycles[YEARS[-1]], slots[kenji_slot][0]
    )

    # 2027: members who may serve again are proposed for renewal; the rest is open.
    current = Appointment.objects.filter(cycle=cycles[YEARS[-1]]).select_related("person")
    years_served: dict[int, int] = {}
    for person_id in Appointment.objects.filter(cycle__year__in=YEARS).values_list(
        "person_id", flat=True
    ):
        years_served[person_id] = years_served.get(person_id, 0) + 1
    renewed = 0
    for appointment in current:
        if years_served.get(appointment.person_id, 0) >= 3 or renewed >= 36:
            continue
        _appoint(
            appointment.person,
            cycles[NEXT_YEAR],
            appointment.stakeholder_group,
            seat_type=appointment.seat_type,
            status=AppointmentStatus.PROPOSED,
        )
        renewed += 1

    # About 150 nominations for 2027: government over-represented among nominees, Western
    # Europe the largest region, slightly fewer women than men, and a few "prefer not to say".
    nominee_rng = random.Random(2027)  # noqa: S311
    weights_group = {
        "government": 30,
        "private_sector": 22,
        "civil_society": 30,
        "technical_academic": 18,
    }
    weights_region = {
        "african": 22,
        "asia_pacific": 22,
        "eastern_european": 12,
        "grulac": 16,
        "weog": 28,
    }
    for n in range(NOMINATIONS):
        group = nominee_rng.choices(list(weights_group), list(weights_group.values()))[0]
        region = nominee_rng.choices(list(weights_region), list(weights_region.values()))[0]
        gender = nominee_rng.choices(["woman", "man", "prefer_not_to_say"], [46, 50, 4])[0]
        person = people.make(group, region, gender)
        Nomination.objects.get_or_create(
            cycle=cycles[NEXT_YEAR],
            person=person,
            defaults={
                "stakeholder_group": group,
                "nominated_by": "Self-nomination" if n % 3 else "Regional IGF initiative",
                "statement": "I would bring regional and stakeholder perspectives to the MAG.",
                "score": Decimal(nominee_rng.randrange(40, 100)),
                "status": NominationStatus.SHORTLISTED if n % 4 else NominationStatus.RECEIVED,
            },
        )
    stdout.write(
        f"Roster: cycles {', '.join(str(y) for y in (*YEARS, NEXT_YEAR))}; "
        f"{Appointment.objects.count()} appointments, {Nomination.objects.count()} nominations."
    )
