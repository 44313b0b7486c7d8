"""factory_boy factories shared by the whole suite."""

from __future__ import annotations

import datetime

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group, User

from mag_portal.roles import GLOBAL_ROLES, Role, clear_role_cache
from membership.bodies.models import Body
from membership.bodies.services import body_role_grant
from membership.choices import Gender, StakeholderGroup
from membership.policy import default_policy
from membership.roster.models import Appointment, AppointmentStatus, Cycle, Nomination, Person
from onboarding.models import Assignee, Audience, ChecklistTemplate, ItemKind, TemplateItem

TEST_PASSWORD = "correct-horse-battery-staple"

MAG = {
    "name": "Multistakeholder Advisory Group",
    "short_name": "MAG",
    "kind": "advisory_group",
    "is_default": True,
}


def mag() -> Body:
    """The default body (transactional tests flush the one the data migration made)."""
    body, _ = Body.objects.get_or_create(slug="mag", defaults=MAG)
    return body


class BodyFactory(factory.django.DjangoModelFactory):
    """A body; by default the MAG (the default body)."""

    class Meta:
        model = Body
        django_get_or_create = ("slug",)

    slug = "mag"
    name = factory.LazyAttribute(lambda o: MAG["name"] if o.slug == "mag" else o.slug.upper())
    short_name = factory.LazyAttribute(lambda o: "MAG" if o.slug == "mag" else "")
    kind = "advisory_group"
    is_default = factory.LazyAttribute(lambda o: o.slug == "mag")


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a verified primary email. ``roles=[Role.CHAIR]`` gives roles: the IGF
    Secretariat's as a group, the others in ``body`` (default: the MAG) through the bodies
    service (with their object permissions); with ``roles__body`` given, every role is held
    in that body (a body's own Secretariat). ``mfa=True`` switches on TOTP (the secret is kept
    on ``user.totp_secret``)."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    username = factory.SelfAttribute("email")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def verified(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create:
            EmailAddress.objects.create(
                user=self, email=self.email, primary=True, verified=extracted is not False
            )

    @factory.post_generation
    def roles(self, create: bool, extracted: list[Role] | None, **kwargs: object) -> None:
        if not (create and extracted):
            return
        in_body = kwargs.get("body")
        body = in_body or mag()
        global_roles = [r for r in extracted if r in GLOBAL_ROLES and in_body is None]
        # get_or_create: transactional tests flush the groups the roles migration made.
        self.groups.set([Group.objects.get_or_create(name=r.value)[0] for r in global_roles])
        for role in extracted:
            if role not in global_roles:
                body_role_grant(actor=None, body=body, user=self, role=role)
        clear_role_cache(self)

    @factory.post_generation
    def mfa(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted:
            self.totp_secret = generate_totp_secret()
            TOTP.activate(self, self.totp_secret)


# Terms of Reference -------------------------------------------------------------------------

TOR_BODY = """# Introduction

The MAG advises the Secretary-General on the programme of the IGF.

## Responsibilities of the MAG

- Programme and schedule
- Workshop selection

## Individual responsibilities

Members engage year-round.
"""


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tor.Document"
        django_get_or_create = ("body", "slug")

    body = factory.LazyFunction(mag)
    slug = factory.Sequence(lambda n: f"tor-{n}")
    title = "Terms of Reference for MAG members"
    is_main = False


class RevisionFactory(factory.django.DjangoModelFactory):
    """A revision saved directly (no service): for fixtures of any state."""

    class Meta:
        model = "tor.Revision"

    document = factory.SubFactory(DocumentFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.SelfAttribute("document.title")
    body = TOR_BODY
    change_summary = "First draft."
    author = factory.SubFactory(UserFactory, roles=[Role.SECRETARIAT])
    policy = factory.LazyFunction(lambda: default_policy().to_dict())
    status = "draft"


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tor.Comment"

    revision = factory.SubFactory(RevisionFactory, status="consultation")
    author = factory.SubFactory(UserFactory, roles=[Role.MEMBER])
    section_id = "sec-introduction"
    section_title = "Introduction"
    body = "Please say which meetings are in person."


# Roster ----------------------------------------------------------------------------------


ROSTER_COUNTRIES = ("KE", "NG", "IN", "JP", "PL", "UA", "BR", "MX", "FR", "DE", "US", "EG")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"roster{n}@example.org")
    country = factory.Sequence(lambda n: ROSTER_COUNTRIES[n % len(ROSTER_COUNTRIES)])
    gender = factory.Sequence(lambda n: Gender.WOMAN if n % 2 else Gender.MAN)
    affiliation = factory.Faker("company")


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle
        django_get_or_create = ("body", "year")

    body = factory.LazyFunction(mag)
    year = 2026
    starts_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 1, 1))
    ends_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 12, 31))
    seat_count = 55


class AppointmentFactory(factory.django.DjangoModelFactory):
    """Created directly (no rule check): for setting up a roster in tests."""

    class Meta:
        model = Appointment

    person = factory.SubFactory(PersonFactory)
    cycle = factory.SubFactory(CycleFactory)
    stakeholder_group = StakeholderGroup.CIVIL_SOCIETY
    status = AppointmentStatus.CONFIRMED
    starts_on = factory.LazyAttribute(lambda o: o.cycle.starts_on)
    ends_on = factory.LazyAttribute(lambda o: o.cycle.ends_on)


def seat(user: User, *, cycle: Cycle | None = None, **appointment: object) -> Appointment:
    """A current seat for ``user``: a person record linked to the account and an appointment
    in ``cycle`` (the MAG's current one unless told). Who counts as a member comes from such
    appointments, never from roles or accounts."""
    person = Person.objects.filter(user=user).first() or PersonFactory(
        user=user, name=user.get_full_name() or user.email
    )
    return AppointmentFactory(person=person, cycle=cycle or CycleFactory(), **appointment)


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    person = factory.SubFactory(PersonFactory)
    cycle = factory.SubFactory(CycleFactory, year=2027)
    stakeholder_group = StakeholderGroup.CIVIL_SOCIETY
    nominated_by = "Self-nomination"
    score = 50


# onboarding --------------------------------------------------------------------------------


class ChecklistTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistTemplate

    body = factory.LazyFunction(mag)
    name = "New MAG members"
    audience = Audience.NEW
    is_active = True


class TemplateItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TemplateItem

    template = factory.SubFactory(ChecklistTemplateFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Task {n}")
    assignee = Assignee.MEMBER
    kind = ItemKind.PLAIN
    due_offset_days = 14


def onboarding_template(audience: str = Audience.NEW) -> ChecklistTemplate:
    """A small template like today's practice: accept the ToR, a declaration of interests
    (recurring), an orientation call, and choosing working groups after the call."""
    template = ChecklistTemplateFactory(audience=audience, name=f"{audience} members")
    TemplateItemFactory(
        template=template,
        title="Accept the Terms of Reference",
        kind=ItemKind.ACCEPT_TOR,
        due_offset_days=7,
    )
    TemplateItemFactory(
        template=template,
        title="Declaration of interests",
        kind=ItemKind.UPLOAD,
        due_offset_days=14,
        recurs_each_cycle=True,
    )
    call = TemplateItemFactory(
        template=template,
        title="Orientation call",
        kind=ItemKind.ATTEND_EVENT,
        event_date=datetime.date(2026, 2, 1),
        due_offset_days=31,
    )
    groups = TemplateItemFactory(
        template=template, title="Choose working groups", due_offset_days=45
    )
    groups.depends_on.add(call)
    TemplateItemFactory(
        template=template,
        title="Add to the MAG mailing list",
        assignee=Assignee.SECRETARIAT,
        due_offset_days=3,
    )
    return template


def checklist_for(user: User | None, *, cycle: Cycle | None = None, **person: object):
    """A confirmed appointment of ``user`` (via a Person linked to it) and its checklist, made
    by the service from the active template."""
    from onboarding.services import checklist_create

    cycle = cycle or CycleFactory()
    if user is not None:
        person.setdefault("user", user)
        person.setdefault("name", user.get_full_name() or user.email)
    appointment = AppointmentFactory(person=PersonFactory(**person), cycle=cycle)
    return checklist_create(appointment=appointment, actor=None)
