"""Browser tests: pytest-playwright driving Debian's Chromium (/usr/bin/chromium).

Where Chromium is missing they skip with the reason, except under CI=true, where a missing
browser is an error: CI must install it (see .ci/run). Never run `playwright install`.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from playwright.sync_api import Page, expect

from mag_portal.demo import DEMO_PASSWORD, current_totp_code, seed_accounts

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).parent / "screenshots"
AXE_JS = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures
# here are ordinary synchronous calls, not calls from async code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    e2e_items = [item for item in items if here in Path(str(item.fspath)).parents]
    for item in e2e_items:
        item.add_marker(pytest.mark.e2e)
    if CHROMIUM.exists() or not e2e_items:
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(
            f"Browser tests need Chromium at {CHROMIUM}, and CI=true forbids skipping them: "
            "install Debian's chromium package (apt-get install chromium)."
        )
    skip = pytest.mark.skip(
        reason=f"Chromium not found at {CHROMIUM}: apt-get install chromium to run browser tests"
    )
    for item in e2e_items:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "en"}


@pytest.fixture
def demo_accounts(transactional_db: None) -> None:
    """The demo accounts of `make demo`, in the live server's database.

    The cache is cleared first: allauth remembers used TOTP codes per user id there, and user
    ids repeat from one test's fresh database to the next."""
    cache.clear()
    seed_accounts()


@pytest.fixture
def site(live_server, demo_accounts) -> str:
    return live_server.url


def log_in(page: Page, site: str, email: str, *, mfa: bool = False) -> None:
    """Sign in through allauth's forms, answering the TOTP challenge when ``mfa``."""
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    if mfa:
        expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
        page.get_by_label("Code").fill(current_totp_code())
        page.get_by_role("button", name="Sign In").click()


def assert_accessible(page: Page) -> None:
    """Run the vendored axe-core on the page: no WCAG 2.2 A/AA violations allowed.

    ``evaluate`` runs through the DevTools protocol, so the page's CSP (no inline scripts)
    does not block it."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [node["target"] for node in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
    assert violations == [], f"axe-core found violations on {page.url}:\n" + json.dumps(
        violations, indent=2
    )


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
