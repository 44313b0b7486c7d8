"""Each demo role logs in and lands on its own home page; every page passes axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, log_in, screenshot


def test_public_home(page: Page, site: str) -> None:
    page.goto(site)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Multistakeholder Advisory Group")
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "public_home")


def test_login_page_is_accessible(page: Page, site: str) -> None:
    page.goto(f"{site}/accounts/login/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign In").click()  # empty form: browser validation
    page.get_by_label("Email").fill("member@demo.example")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Sign In").click()
    expect(
        page.get_by_text("The email address and/or password you specified are not correct.")
    ).to_be_visible()
    assert_accessible(page)
    screenshot(page, "login_error")


@pytest.mark.parametrize(
    ("email", "mfa", "path", "heading"),
    [
        ("chair@demo.example", True, "/chair/", "Chair's overview"),
        ("secretariat@demo.example", True, "/secretariat/", "Secretariat workspace"),
        ("member@demo.example", False, "/member/", "Welcome, Sofía Ramírez"),
        ("newmember@demo.example", False, "/member/", "Welcome, Kenji Tanaka"),
    ],
)
def test_each_role_reaches_its_home(
    page: Page, site: str, email: str, mfa: bool, path: str, heading: str
) -> None:
    log_in(page, site, email, mfa=mfa)
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("status")).to_contain_text("Successfully signed in")
    assert_accessible(page)
    screenshot(page, f"home_{email.split('@')[0]}")


def test_chair_cannot_skip_mfa_challenge(page: Page, site: str) -> None:
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Email").fill("chair@demo.example")
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    assert_accessible(page)
    # Until the code is given the chair is not signed in: the chair's page stays out of reach.
    page.goto(f"{site}/chair/")
    expect(page).not_to_have_url(re.compile(r"/chair/$"))
    expect(page.get_by_role("heading", name="Chair's overview")).to_have_count(0)


def test_language_switcher_without_javascript(page: Page, site: str) -> None:
    page.goto(site)
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change language").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("link", name="Aller au contenu principal")).to_be_attached()
    assert_accessible(page)
