"""Fixtures for the whole suite: one user per role, logged-in clients."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation

from mag_portal.roles import Role
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English: a request in another language (LocaleMiddleware) leaves
    that language active in the thread, which would leak into the next test."""
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _default_body(request):
    """The default body (the MAG) exists in every test that uses the database: transactional
    tests flush what the data migration made."""
    fixtures = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not fixtures & {"db", "transactional_db", "live_server"}:
        return
    transactional = fixtures & {"transactional_db", "live_server"} or (
        marker is not None and marker.kwargs.get("transaction")
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    from tests.factories import mag

    mag()


@pytest.fixture
def member(db) -> User:
    return UserFactory(email="member@example.org", roles=[Role.MEMBER])


@pytest.fixture
def other_member(db) -> User:
    return UserFactory(email="other.member@example.org", roles=[Role.MEMBER])


@pytest.fixture
def secretariat(db) -> User:
    return UserFactory(email="secretariat@example.org", roles=[Role.SECRETARIAT], mfa=True)


@pytest.fixture
def chair(db) -> User:
    return UserFactory(email="chair@example.org", roles=[Role.CHAIR], mfa=True)


@pytest.fixture
def panel(db):
    """A second body: the Leadership Panel."""
    from tests.factories import BodyFactory

    return BodyFactory(slug="lp", name="IGF Leadership Panel", kind="panel")


@pytest.fixture
def other_chair(panel) -> User:
    """The chair of the Leadership Panel: no rights in the MAG."""
    return UserFactory(
        email="lp.chair@example.org", roles=[Role.CHAIR], roles__body=panel, mfa=True
    )


@pytest.fixture
def chair_without_mfa(db) -> User:
    return UserFactory(email="chair.nomfa@example.org", roles=[Role.CHAIR])


@pytest.fixture
def no_role_user(db) -> User:
    return UserFactory(email="nobody@example.org")


def login(client: Client, user: User) -> Client:
    """Log ``user`` in without the forms (allauth's own flow, MFA included, is tested in
    tests/mag_portal/test_accounts.py). Like a fresh login, it is not a *re*authentication,
    so allauth asks for the password again before MFA settings change."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def member_client(client: Client, member: User) -> Client:
    return login(client, member)


@pytest.fixture
def secretariat_client(client: Client, secretariat: User) -> Client:
    return login(client, secretariat)


@pytest.fixture
def chair_client(client: Client, chair: User) -> Client:
    return login(client, chair)
