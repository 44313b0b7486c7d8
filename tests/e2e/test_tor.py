"""The whole Terms of Reference path in a browser: the Secretariat drafts and opens a
consultation, a member comments on a section, the Secretariat answers and closes it, the chair
adopts, the member accepts. axe-core runs on every page visited."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, BrowserContext, Page, expect

from membership.tor.models import Document
from tests.e2e.conftest import assert_accessible, log_in, screenshot
from tests.factories import mag, seat

BODY = """# Introduction

The MAG advises the Secretary-General on the programme of the IGF.

# Group procedures

Decisions are taken by consensus.
"""


@pytest.fixture
def document(site: str) -> Document:
    # Sofía holds a seat this year: who is asked to accept comes from the appointments.
    seat(User.objects.get(email="member@demo.example"))
    return Document.objects.create(
        body=mag(), slug="member-tor", title="Terms of Reference for MAG members", is_main=True
    )


@pytest.fixture
def new_page(browser: Browser, browser_context_args: dict) -> Iterator[Callable[[], Page]]:
    """One browser context per person; all closed before the live server stops."""
    contexts: list[BrowserContext] = []

    def make() -> Page:
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def test_draft_consult_adopt_accept(
    new_page: Callable[[], Page], site: str, document: Document
) -> None:
    secretariat = new_page()
    log_in(secretariat, site, "secretariat@demo.example", mfa=True)
    secretariat.goto(f"{site}/b/mag/tor/")
    expect(
        secretariat.get_by_text("No revision of this document has been adopted yet.")
    ).to_be_visible()
    assert_accessible(secretariat)

    # Draft revision 1.
    secretariat.get_by_role("link", name="Edit the working draft").click()
    secretariat.get_by_label("Text (Markdown)").fill(BODY)
    secretariat.get_by_label("Summary of changes").fill("First draft for comment.")
    assert_accessible(secretariat)
    secretariat.get_by_role("button", name="Save as a new revision").click()
    expect(secretariat.get_by_role("status")).to_contain_text("Revision 1 saved as a draft.")
    expect(secretariat.get_by_text("is a working draft, not in force")).to_be_visible()
    assert_accessible(secretariat)

    # Open the consultation.
    secretariat.get_by_role("link", name="Open a consultation").click()
    assert_accessible(secretariat)
    secretariat.get_by_role("button", name="Open the consultation").click()
    expect(secretariat.get_by_role("status")).to_contain_text("The consultation is open.")

    # A member comments on a section.
    member = new_page()
    log_in(member, site, "member@demo.example")
    member.goto(f"{site}/b/mag/tor/member-tor/r/1/")
    expect(member.get_by_text("is a draft for comment, not in force")).to_be_visible()
    assert_accessible(member)
    member.get_by_label("Section").select_option(label="Group procedures")
    member.get_by_label("Your comment").fill("Please circulate documents two weeks in advance.")
    member.get_by_role("button", name="Send comment").click()
    expect(member.get_by_role("status")).to_contain_text("your comment is recorded")
    expect(member.get_by_text("Awaiting an answer")).to_be_visible()
    assert_accessible(member)
    screenshot(member, "tor_consultation_member")

    # The Secretariat answers, reads the summary and closes the consultation.
    secretariat.reload()
    secretariat.get_by_role("link", name=re.compile("^Answer")).click()
    assert_accessible(secretariat)
    secretariat.get_by_label("Accepted").check()
    secretariat.get_by_label("Reply to the author").fill("Agreed; the next revision says so.")
    secretariat.get_by_role("button", name="Save the answer").click()
    expect(secretariat.get_by_role("status")).to_contain_text("Your answer is recorded")
    secretariat.get_by_role("link", name="Consultation summary").click()
    expect(secretariat.get_by_role("heading", name="Group procedures")).to_be_visible()
    assert_accessible(secretariat)
    screenshot(secretariat, "tor_summary")
    secretariat.get_by_role("link", name="Back to the revision").click()
    secretariat.get_by_role("button", name="Close the consultation now").click()
    expect(secretariat.get_by_role("status")).to_contain_text("The consultation is closed.")

    # The chair adopts.
    chair = new_page()
    log_in(chair, site, "chair@demo.example", mfa=True)
    chair.goto(f"{site}/b/mag/tor/member-tor/r/1/")
    assert_accessible(chair)
    chair.get_by_role("link", name="Adopt this revision").click()
    assert_accessible(chair)
    chair.get_by_label("Decision").fill("Agreed by the MAG.")
    chair.get_by_role("button", name="Adopt").click()
    expect(chair.get_by_role("status")).to_contain_text("Revision 1 is adopted and in force.")
    chair.get_by_role("link", name="History of revisions").click()
    expect(chair.get_by_text("Agreed by the MAG.")).to_be_visible()
    assert_accessible(chair)

    # The member sees the outcome and accepts the revision in force.
    member.goto(f"{site}/member/")
    expect(
        member.get_by_role("heading", name="Please read and accept the Terms of Reference")
    ).to_be_visible()
    assert_accessible(member)
    member.get_by_role("link", name="Read and accept").click()
    expect(member).to_have_url(re.compile(r"/tor/$"))
    assert_accessible(member)
    screenshot(member, "tor_public_member")
    member.get_by_role("button", name="I have read and accept revision 1").click()
    expect(member.get_by_role("status")).to_contain_text("You accepted revision 1")
    expect(member.get_by_text("You accepted this revision on")).to_be_visible()

    # The Secretariat sees who has accepted; the public sees the adopted text.
    secretariat.goto(f"{site}/b/mag/tor/member-tor/acknowledgements/")
    expect(secretariat.get_by_role("cell", name="Sofía Ramírez")).to_be_visible()
    assert_accessible(secretariat)

    anonymous = new_page()
    anonymous.goto(f"{site}/b/mag/tor/")
    expect(anonymous.get_by_role("heading", name="Group procedures")).to_be_visible()
    expect(anonymous.get_by_text("Please circulate documents")).to_have_count(0)
    assert_accessible(anonymous)
    screenshot(anonymous, "tor_public")


def test_compare_pages_are_accessible(new_page: Callable[[], Page], site: str) -> None:
    from io import StringIO

    from membership.tor.demo import seed

    seed(stdout=StringIO())
    page = new_page()
    log_in(page, site, "member@demo.example")
    page.goto(f"{site}/b/mag/tor/member-tor/compare/?from=1&to=2")
    expect(page.get_by_role("heading", name="Sections that changed")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "tor_compare_inline")
    page.get_by_label("Side by side").check()
    page.get_by_role("button", name="Compare").click()
    assert_accessible(page)
    screenshot(page, "tor_compare_side")
    page.goto(f"{site}/b/mag/tor/member-tor/r/2/")
    assert_accessible(page)
    screenshot(page, "tor_revision_consultation")


def test_policy_form_shows_field_errors(page: Page, site: str) -> None:
    from io import StringIO

    from membership.tor.demo import seed

    seed(stdout=StringIO())
    log_in(page, site, "secretariat@demo.example", mfa=True)
    page.goto(f"{site}/b/mag/tor/member-tor/policy/")
    assert_accessible(page)
    page.locator("#id_rules-0-max_percent").fill("140")
    page.get_by_label("Summary of changes").fill("Try an impossible share.")
    page.get_by_role("button", name="Save as a new revision").click()
    expect(page.get_by_text("Enter a number from 0 to 100.")).to_be_visible()
    expect(page.locator("#id_rules-0-max_percent")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    screenshot(page, "tor_policy_error")


def test_edit_conflict_keeps_the_text_and_shows_the_difference(
    new_page: Callable[[], Page], site: str
) -> None:
    from io import StringIO

    from membership.tor.demo import seed

    seed(stdout=StringIO())
    first = new_page()
    log_in(first, site, "secretariat@demo.example", mfa=True)
    second = first.context.new_page()
    for page in (first, second):
        page.goto(f"{site}/b/mag/tor/member-tor/edit/")
    second.get_by_label("Text (Markdown)").press("End")
    second.get_by_label("Text (Markdown)").fill("# Introduction\n\nA colleague's version.\n")
    second.get_by_label("Summary of changes").fill("Colleague's edit.")
    second.get_by_role("button", name="Save as a new revision").click()
    expect(second.get_by_role("status")).to_contain_text("Revision 4 saved as a draft.")

    first.get_by_label("Text (Markdown)").fill("# Introduction\n\nMy careful wording.\n")
    first.get_by_label("Summary of changes").fill("My edit.")
    first.get_by_role("button", name="Save as a new revision").click()
    expect(first.get_by_role("alert")).to_contain_text("Your text was not saved")
    expect(first.get_by_label("Text (Markdown)")).to_have_value(re.compile("My careful wording."))
    expect(first.locator(".conflict pre ins")).to_contain_text("My careful wording")
    assert_accessible(first)
    screenshot(first, "tor_edit_conflict")
    # Merged, saved again: it builds on the colleague's revision now.
    first.get_by_label("Text (Markdown)").fill(
        "# Introduction\n\nA colleague's version, with my careful wording.\n"
    )
    first.get_by_role("button", name="Save as a new revision").click()
    expect(first.get_by_role("status")).to_contain_text("Revision 5 saved as a draft.")
