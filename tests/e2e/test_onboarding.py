"""Onboarding in the browser: a new member accepts the ToR, uploads a declaration and completes a
task from their home page; the Secretariat follows progress on the board and waives an item."""

from __future__ import annotations

import datetime
import re
from io import StringIO
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import assert_accessible, log_in, screenshot
from tests.factories import DocumentFactory, RevisionFactory


@pytest.fixture
def onboarding_site(site: str) -> str:
    """The demo accounts, an adopted ToR in force, and the onboarding demo data."""
    from onboarding.demo import seed

    RevisionFactory(
        document=DocumentFactory(slug="member-tor", is_main=True),
        number=1,
        status="adopted",
        adopted_at=timezone.now(),
        effective_date=datetime.date(2026, 1, 1),
    )
    seed(stdout=StringIO())
    return site


def test_new_member_onboards_and_secretariat_follows(
    page: Page, browser: Browser, onboarding_site: str, tmp_path: Path
) -> None:
    site = onboarding_site
    log_in(page, site, "newmember@demo.example")
    expect(page).to_have_url(re.compile(r"/member/$"))
    checklist = page.get_by_role("region", name="Your onboarding")
    expect(checklist).to_contain_text("0 of 7 done (0%)")
    expect(checklist).to_contain_text("Next:")
    expect(checklist).to_contain_text("Waiting for: Orientation call")
    assert_accessible(page)
    screenshot(page, "onboarding_member_start")

    # Accept the ToR in force from the checklist (htmx swaps the checklist in place).
    page.get_by_label(re.compile(r"I have read revision 1 of")).check()
    page.get_by_role("button", name="Accept revision 1").click()
    expect(checklist).to_contain_text("You accepted revision 1 of the Terms of Reference.")
    expect(checklist).to_contain_text("1 of 7 done")
    assert_accessible(page)

    # Upload the declaration of interests; a file that is not a PDF is refused first.
    fake = tmp_path / "declaration.pdf"
    fake.write_bytes(b"<html>not a pdf</html>")
    page.get_by_label("Document (PDF, PNG or JPEG, at most 5 MB)").set_input_files(fake)
    page.get_by_role("button", name="Upload — Declaration of interests").click()
    expect(checklist).to_contain_text("is not a PDF, PNG or JPEG file")
    expect(checklist).to_contain_text("1 of 7 done")
    real = tmp_path / "declaration-of-interests.pdf"
    real.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    page.get_by_label("Document (PDF, PNG or JPEG, at most 5 MB)").set_input_files(real)
    page.get_by_role("button", name="Upload — Declaration of interests").click()
    expect(checklist).to_contain_text("Thank you: “declaration-of-interests.pdf” is uploaded.")
    expect(checklist).to_contain_text("2 of 7 done")
    expect(page.get_by_role("link", name="Download declaration-of-interests.pdf")).to_be_visible()

    # Complete a task in one click.
    page.get_by_role("button", name="Mark as done — Complete your profile and photo").click()
    expect(checklist).to_contain_text("3 of 7 done")
    assert_accessible(page)
    screenshot(page, "onboarding_member_progress")

    # A private calendar link for the due dates.
    page.get_by_role("link", name="Subscribe to your onboarding calendar").click()
    page.get_by_role("button", name="Make my calendar link").click()
    expect(page.get_by_label("Your private calendar link")).to_have_value(
        re.compile(r"/onboarding/calendar/[\w-]+\.ics$")
    )
    assert_accessible(page)
    screenshot(page, "onboarding_calendar")

    # The Secretariat, in another browser session.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en")
    staff = context.new_page()
    log_in(staff, site, "secretariat@demo.example", mfa=True)
    expect(staff).to_have_url(re.compile(r"/secretariat/$"))
    expect(staff.get_by_role("region", name="Onboarding")).to_contain_text(
        "Kenji Tanaka: 3 of 7 done"
    )
    assert_accessible(staff)
    screenshot(staff, "onboarding_secretariat_home")
    staff.get_by_role("link", name="Onboarding board — MAG").click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Onboarding board")
    row = staff.get_by_role("row", name=re.compile("Kenji Tanaka"))
    expect(row).to_contain_text("3 of 7")
    assert_accessible(staff)
    screenshot(staff, "onboarding_board")

    staff.get_by_label("Status").select_option("overdue")
    staff.get_by_role("button", name="Filter").click()
    expect(staff.get_by_role("row", name=re.compile("Kenji Tanaka"))).to_have_count(0)
    expect(staff.get_by_role("row", name=re.compile("Anna Kowalska"))).to_have_count(1)

    staff.goto(f"{site}/b/mag/onboarding/board/")
    staff.get_by_role("link", name="Kenji Tanaka").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Onboarding of Kenji Tanaka")
    assert_accessible(staff)
    staff.get_by_role("link", name="Waive — Orientation call").click()
    staff.get_by_label("Why is this item waived?").fill("Joined the call of the previous cycle.")
    assert_accessible(staff)
    staff.get_by_role("button", name="Waive this item").click()
    expect(staff.get_by_role("status").first).to_contain_text("“Orientation call” is waived.")
    expect(staff.locator("#main")).to_contain_text(
        "Waived by Lucas Moreau: Joined the call of the previous cycle."
    )
    expect(staff.locator("#main")).to_contain_text("4 of 7 done")
    assert_accessible(staff)
    screenshot(staff, "onboarding_checklist_waived")

    # Templates: the Secretariat reads and edits what new members are asked.
    staff.goto(f"{site}/secretariat/")
    staff.get_by_role("link", name="Checklist templates").click()
    assert_accessible(staff)
    staff.get_by_role("link", name="New MAG members").click()
    expect(staff.get_by_role("row", name=re.compile("Choose your working groups"))).to_contain_text(
        "Orientation call"
    )
    assert_accessible(staff)
    screenshot(staff, "onboarding_template")
    staff.get_by_role("link", name="Workshop-evaluation training").click()
    staff.get_by_label("Due, in days after the appointment starts").fill("75")
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("status").first).to_contain_text("Checklists already made keep")
    assert_accessible(staff)
    context.close()
