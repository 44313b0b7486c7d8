"""allauth flows as configured here: email login, mandatory verification, MFA, rate limits,
password reset, and the admin login behind allauth."""

from __future__ import annotations

import re
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from mag_portal.demo import current_totp_code
from mag_portal.roles import Role
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def _login(client: Client, email: str, password: str = TEST_PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_member_logs_in_with_email_and_password(client: Client) -> None:
    UserFactory(email="ada@example.org", roles=[Role.MEMBER])
    response = _login(client, "ada@example.org")
    assert response.status_code == HTTPStatus.FOUND
    assert client.get(response["Location"], follow=True).request["PATH_INFO"] == "/member/"


def test_wrong_password_is_refused_with_a_message(client: Client) -> None:
    UserFactory(email="ada@example.org", roles=[Role.MEMBER])
    response = _login(client, "ada@example.org", "not-the-password")
    assert response.status_code == HTTPStatus.OK
    assert "not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_unverified_email_cannot_log_in_and_gets_a_verification_mail(client: Client) -> None:
    UserFactory(email="new@example.org", roles=[Role.MEMBER], verified=False)
    response = _login(client, "new@example.org")
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.org"]
    assert mail.outbox[0].subject.startswith("[MAG Portal]")


def test_following_the_verification_link_verifies_the_address(client: Client) -> None:
    UserFactory(email="new@example.org", roles=[Role.MEMBER], verified=False)
    _login(client, "new@example.org")
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mail.outbox[0].body)
    assert link is not None
    client.post(link.group(1))
    assert EmailAddress.objects.get(email="new@example.org").verified
    assert _login(client, "new@example.org")["Location"] == reverse("home")


def test_chair_must_answer_the_totp_challenge(client: Client) -> None:
    chair = UserFactory(email="chair@example.org", roles=[Role.CHAIR], mfa=True)
    response = _login(client, "chair@example.org")
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == HTTPStatus.OK
    assert "Incorrect code" in wrong.content.decode()
    assert "_auth_user_id" not in client.session

    right = client.post(reverse("mfa_authenticate"), {"code": current_totp_code(chair.totp_secret)})
    assert right.status_code == HTTPStatus.FOUND
    assert client.get("/chair/").status_code == HTTPStatus.OK


def test_failed_logins_are_rate_limited(client: Client) -> None:
    UserFactory(email="ada@example.org", roles=[Role.MEMBER])
    for _ in range(5):
        assert _login(client, "ada@example.org", "guess").status_code == HTTPStatus.OK
    # The right password no longer gets in: the account is throttled for five minutes.
    response = _login(client, "ada@example.org")
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_password_reset_by_email(client: Client) -> None:
    user = UserFactory(email="ada@example.org", roles=[Role.MEMBER])
    client.post(reverse("account_reset_password"), {"email": "ada@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)
    assert link is not None
    form_url = client.get(link.group(1))["Location"]
    new_password = "a-brand-new-long-password-2026"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_password_reset_for_unknown_address_reveals_nothing(client: Client) -> None:
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("account_reset_password_done")


def test_admin_login_goes_through_allauth(client: Client) -> None:
    response = client.get(reverse("admin:login"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_with_mfa_reaches_the_admin_after_allauth_login(client: Client) -> None:
    staff = UserFactory(email="ops@example.org", is_staff=True, is_superuser=True, mfa=True)
    _login(client, "ops@example.org")
    client.post(reverse("mfa_authenticate"), {"code": current_totp_code(staff.totp_secret)})
    assert client.get(reverse("admin:index")).status_code == HTTPStatus.OK


def test_signup_requires_email_verification(client: Client) -> None:
    response = client.post(
        reverse("account_signup"),
        {
            "email": "nominee@example.org",
            "password1": "long-enough-pass-2026",
            "password2": "long-enough-pass-2026",
        },
    )
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert User.objects.get(email="nominee@example.org").groups.count() == 0
    assert len(mail.outbox) == 1


def test_signup_can_be_closed(client: Client, settings) -> None:
    settings.ACCOUNT_ALLOW_SIGNUPS = False
    response = client.get(reverse("account_signup"))
    assert "Sign Up Closed" in response.content.decode()
    client.post(
        reverse("account_signup"),
        {
            "email": "x@example.org",
            "password1": "long-enough-pass-2026",
            "password2": "long-enough-pass-2026",
        },
    )
    assert not User.objects.filter(email="x@example.org").exists()
