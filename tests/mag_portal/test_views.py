"""Home pages per role, navigation per role, and the shared pages."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from mag_portal.roles import Role
from tests.conftest import login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_public_home_invites_to_sign_in(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Multistakeholder Advisory Group" in html
    assert 'href="/accounts/login/"' in html


def test_user_without_role_sees_an_explanation(client: Client, no_role_user) -> None:
    login(client, no_role_user)
    response = client.get("/")
    assert response.status_code == HTTPStatus.OK
    assert "Your account has no role yet" in response.content.decode()


@pytest.mark.parametrize(
    ("roles", "visible", "hidden"),
    [
        ([Role.MEMBER], ["/member/"], ["/chair/", "/secretariat/", "/admin/"]),
        ([Role.SECRETARIAT], ["/secretariat/"], ["/chair/", "/member/"]),
        ([Role.CHAIR], ["/chair/"], ["/secretariat/", "/member/"]),
        ([Role.CHAIR, Role.MEMBER], ["/chair/", "/member/"], ["/secretariat/"]),
    ],
)
def test_navigation_shows_each_role_what_it_may_use(
    client: Client, roles: list[Role], visible: list[str], hidden: list[str]
) -> None:
    user = UserFactory(roles=roles, mfa=True)
    login(client, user)
    html = client.get(reverse("mfa_index")).content.decode()
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>")]
    for url in visible:
        assert f'href="{url}"' in nav
    for url in hidden:
        assert f'href="{url}"' not in nav


def test_current_page_is_marked_in_navigation(member_client: Client) -> None:
    html = member_client.get("/member/").content.decode()
    assert '<a href="/member/" aria-current="page">' in html


def test_member_home_lists_what_a_member_may_do(member_client: Client) -> None:
    html = member_client.get("/member/").content.decode()
    assert "Accept the Terms of Reference in force" in html
    assert "Appoint, renew and end appointments" not in html


def test_chair_home_shows_mfa_on(chair_client: Client) -> None:
    html = chair_client.get("/chair/").content.decode()
    assert "Chair&#x27;s overview" in html or "Chair's overview" in html
    assert "badge--ok" in html


def test_messages_are_announced(client: Client) -> None:
    UserFactory(email="ada@example.org", roles=[Role.MEMBER])
    client.post(
        reverse("account_login"),
        {"login": "ada@example.org", "password": "correct-horse-battery-staple"},
    )
    html = client.get("/member/").content.decode()
    assert '<div class="messages" role="status"' in html
    assert "Successfully signed in as ada@example.org" in html


def test_forbidden_page_explains_itself(member_client: Client) -> None:
    response = member_client.get("/chair/")
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "You do not have access to this page" in response.content.decode()


def test_not_found_page_uses_the_site_layout(client: Client) -> None:
    for user in (None, UserFactory(roles=[Role.MEMBER])):
        if user:
            login(client, user)
        response = client.get("/no-such-page/")
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert 'class="skip-link"' in response.content.decode()
        assert "Page not found" in response.content.decode()


def test_healthz_checks_the_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "ok"}


def test_home_redirect_is_not_a_loop_for_post(client: Client) -> None:
    assert client.post("/").status_code == HTTPStatus.METHOD_NOT_ALLOWED
