"""Every HTML page of the permission matrix, opened in Chromium by someone allowed to see it,
passes axe-core (WCAG 2.2 A/AA). The capability tests walk through the pages with rich data;
this sweep makes sure no page is left out. Django's own admin is not ours to fix and is skipped.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import Browser, Page

from mag_portal.roles import Role
from tests.e2e.conftest import assert_accessible
from tests.factories import UserFactory
from tests.paths import reverse
from tests.test_permission_matrix import EXPECTED, OK, World, _url_for

# Who opens each page: the first of these whom the matrix lets see it.
VISITORS = ("chair", "secretariat", "member", "anonymous")


@pytest.fixture
def world(site: str) -> World:
    users = {u.email: u for u in User.objects.filter(email__endswith="@demo.example")}
    return World(
        member=users["member@demo.example"],
        other_member=users["newmember@demo.example"],
        secretariat=users["secretariat@demo.example"],
        chair=users["chair@demo.example"],
        chair_without_mfa=UserFactory(roles=[Role.CHAIR]),
        other_chair=users["panel.chair@demo.example"],
    )


def _page_for(browser: Browser, context_args: dict, site: str, user: User | None) -> Page:
    context = browser.new_context(**context_args)
    if user is not None:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site}])
    return context.new_page()


def _pages() -> list[tuple[str, str]]:
    """(URL key, visitor) for every non-admin row someone may open."""
    chosen = []
    for key in sorted(EXPECTED):
        if key.startswith("admin"):
            continue
        visitor = next((v for v in VISITORS if EXPECTED[key].expected(v, key) == OK), None)
        if visitor is not None:
            chosen.append((key, visitor))
    return chosen


PAGES = _pages()


def test_the_sweep_covers_the_portal() -> None:
    assert len(PAGES) > 60, PAGES


@pytest.mark.parametrize(("key", "visitor"), PAGES)
def test_page_passes_axe(
    key: str, visitor: str, site: str, world: World, browser: Browser, browser_context_args: dict
) -> None:
    row = EXPECTED[key]
    url = _url_for(key, row, world)
    user = None if visitor == "anonymous" else getattr(world, visitor)
    page = _page_for(browser, browser_context_args, site, user)
    try:
        # Ask first (with the same cookies): downloads (CSV, PDF, iCal) are not pages.
        head = page.request.get(site + url, max_redirects=0)
        assert head.status == 200, f"{visitor} GET {url}: {head.status}"
        if "text/html" not in head.headers.get("content-type", ""):
            pytest.skip(f"{url} is a {head.headers.get('content-type')} download, not a page")
        page.goto(site + url)
        assert_accessible(page)
    finally:
        page.context.close()


# Pages of the other demo bodies, opened by who runs them: the Leadership Panel (two-year terms,
# ex officio seats), a working group of the MAG and a national initiative.
OTHER_BODIES = [
    ("bodies:detail", "lp", "anonymous"),
    ("tor:public", "lp", "anonymous"),
    ("roster:public", "lp", "anonymous"),
    ("roster:balance_current", "lp", "other_chair"),
    ("roster:rotation_plan", "lp", "other_chair"),
    ("bodies:detail", "wg-strategy", "anonymous"),
    ("roster:balance_current", "wg-strategy", "secretariat"),
    ("roster:public", "kigf", "anonymous"),
    ("onboarding:board", "lp", "secretariat"),
]


@pytest.fixture
def demo(site: str) -> None:
    """The whole demo (`make demo`): rosters, documents and onboarding of every body."""
    call_command("seed_demo", "--allow-without-debug", stdout=StringIO())


@pytest.mark.parametrize(("key", "body", "visitor"), OTHER_BODIES)
def test_other_bodies_pass_axe(
    key: str,
    body: str,
    visitor: str,
    site: str,
    demo: None,
    world: World,
    browser: Browser,
    browser_context_args: dict,
) -> None:
    kwargs = {"year": 2026} if key == "roster:rotation_plan" else {}
    url = reverse(key, kwargs=kwargs, body=body) if key != "bodies:detail" else f"/b/{body}/"
    user = None if visitor == "anonymous" else getattr(world, visitor)
    page = _page_for(browser, browser_context_args, site, user)
    try:
        response = page.goto(site + url)
        assert response is not None
        assert response.status == 200, f"{visitor} GET {url}: {response.status}"
        assert_accessible(page)
    finally:
        page.context.close()
