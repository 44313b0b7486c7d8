"""factory_boy factories shared by the whole suite."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group, User

from mag_portal.roles import Role
from membership.policy import default_policy

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a verified primary email. ``roles=[Role.CHAIR]`` adds groups;
    ``mfa=True`` switches on TOTP (the secret is kept on ``user.totp_secret``)."""

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
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=[role.value for role in extracted]))

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
        model = "membership.Document"
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"tor-{n}")
    title = "Terms of Reference for MAG members"
    is_main = False


class RevisionFactory(factory.django.DjangoModelFactory):
    """A revision saved directly (no service): for fixtures of any state."""

    class Meta:
        model = "membership.Revision"

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
        model = "membership.Comment"

    revision = factory.SubFactory(RevisionFactory, status="consultation")
    author = factory.SubFactory(UserFactory, roles=[Role.MEMBER])
    section_id = "sec-introduction"
    section_title = "Introduction"
    body = "Please say which meetings are in person."
