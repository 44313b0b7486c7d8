"""Chair and Secretariat accounts cannot use the portal until MFA is on (allauth has no
per-role rule; mag_portal.middleware adds it)."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from mag_portal.adapters import MFAAdapter
from mag_portal.roles import Role
from tests.conftest import login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.CHAIR, Role.SECRETARIAT])
def test_privileged_role_without_mfa_is_sent_to_set_it_up(client: Client, role: Role) -> None:
    login(client, UserFactory(roles=[role]))
    for url in ("/", "/chair/", "/secretariat/", "/member/", "/accounts/email/"):
        response = client.get(url)
        assert response.status_code == HTTPStatus.FOUND, url
        assert response["Location"] == reverse("mfa_activate_totp"), url
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("must use two-factor authentication" in m for m in messages)


def test_privileged_role_without_mfa_may_reach_set_up_pages_and_sign_out(client: Client) -> None:
    login(client, UserFactory(roles=[Role.CHAIR]))
    assert client.get(reverse("mfa_index")).status_code == HTTPStatus.OK
    # allauth asks for the password again before MFA changes; that page is allowed too.
    activate = client.get(reverse("mfa_activate_totp"))
    assert activate["Location"].startswith(reverse("account_reauthenticate"))
    assert client.get(reverse("account_reauthenticate")).status_code == HTTPStatus.OK
    assert client.post(reverse("account_logout")).status_code == HTTPStatus.FOUND
    assert "_auth_user_id" not in client.session


def test_writes_and_htmx_requests_are_refused_not_redirected(client: Client) -> None:
    login(client, UserFactory(roles=[Role.SECRETARIAT]))
    assert client.post("/secretariat/").status_code == HTTPStatus.FORBIDDEN
    response = client.get("/secretariat/", headers={"HX-Request": "true"})
    assert response.status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize("role", [Role.CHAIR, Role.SECRETARIAT])
def test_switching_mfa_on_opens_the_portal(client: Client, role: Role) -> None:
    user = UserFactory(roles=[role])
    login(client, user)
    assert client.get("/").status_code == HTTPStatus.FOUND
    TOTP.activate(user, generate_totp_secret())
    home = client.get("/", follow=True)
    assert home.status_code == HTTPStatus.OK
    assert home.redirect_chain[-1][0] == reverse(f"{role.name.lower()}_home")


def test_recovery_codes_alone_do_not_count_as_mfa(client: Client) -> None:
    user = UserFactory(roles=[Role.CHAIR])
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x", "used_mask": 0}
    )
    login(client, user)
    assert client.get("/chair/")["Location"] == reverse("mfa_activate_totp")


def test_members_are_not_asked_for_mfa(client: Client) -> None:
    login(client, UserFactory(roles=[Role.MEMBER]))
    assert client.get("/member/").status_code == HTTPStatus.OK


def test_privileged_roles_cannot_delete_their_authenticator_app() -> None:
    adapter = MFAAdapter()
    chair = UserFactory(roles=[Role.CHAIR], mfa=True)
    member = UserFactory(roles=[Role.MEMBER], mfa=True)
    chair_totp = Authenticator.objects.get(user=chair, type=Authenticator.Type.TOTP)
    member_totp = Authenticator.objects.get(user=member, type=Authenticator.Type.TOTP)
    assert not adapter.can_delete_authenticator(chair_totp)
    assert adapter.can_delete_authenticator(member_totp)
