"""Bodies in the browser: the Secretariat creates a working group of the MAG and gives the
MAG's chair its chair role; the chair sets up its cycle and appoints two current MAG members
(nobody else is offered); the working group then shows on their home pages. axe-core on every
page visited, at desktop and phone widths."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext, Page, expect

from membership.bodies.models import Body, BodyRole
from membership.roster.models import Appointment
from tests.e2e.conftest import assert_accessible, log_in, screenshot

WG = "Working Group on Youth Engagement"


@pytest.fixture
def demo(site: str) -> None:
    call_command("seed_demo", "--allow-without-debug", stdout=StringIO())


@pytest.fixture
def new_page(browser: Browser, browser_context_args: dict) -> Iterator[Callable[..., Page]]:
    contexts: list[BrowserContext] = []

    def make(**overrides: object) -> Page:
        context = browser.new_context(**{**browser_context_args, **overrides})
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def test_secretariat_creates_a_working_group_the_chair_fills_it(
    new_page: Callable[..., Page], site: str, demo: None
) -> None:
    staff = new_page()
    log_in(staff, site, "secretariat@demo.example", mfa=True)
    staff.goto(f"{site}/b/")
    assert_accessible(staff)
    staff.get_by_role("link", name="New body").first.click()
    staff.get_by_label("Name:", exact=True).fill(WG)
    staff.get_by_label("Short name:", exact=True).fill("WG-Youth")
    staff.get_by_label("Short name for the address").fill("wg-youth")
    staff.get_by_label("Kind").select_option("working_group")
    staff.get_by_role("button", name="Save").click()
    # A working group without the body it belongs to is refused, on the field.
    expect(staff.locator("#main")).to_contain_text("A working group belongs to a body")
    assert_accessible(staff)
    staff.get_by_label("Part of").select_option(label="Multistakeholder Advisory Group (MAG)")
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text(WG)
    expect(staff.locator("#main")).to_contain_text("part of Multistakeholder Advisory Group")
    assert_accessible(staff)
    screenshot(staff, "bodies_working_group")

    staff.get_by_role("link", name="Roles").click()
    staff.get_by_label("Account").select_option(label="Amina Diallo (chair@demo.example)")
    staff.get_by_label("Role:", exact=True).select_option("Chair")
    staff.get_by_role("button", name="Give the role").click()
    expect(staff.get_by_role("status").first).to_contain_text("The role was given.")
    expect(staff.get_by_role("cell", name="Amina Diallo", exact=True)).to_be_visible()
    assert_accessible(staff)
    assert BodyRole.objects.filter(body__slug="wg-youth", role="Chair").count() == 1

    chair = new_page()
    log_in(chair, site, "chair@demo.example", mfa=True)
    expect(chair).to_have_url(re.compile(r"/chair/$"))
    expect(chair.locator("#main")).to_contain_text("WG-Youth")
    chair.get_by_role("link", name="Balance dashboard — WG-Youth").click()
    chair.get_by_role("link", name="Set up a cycle").click()
    chair.get_by_label("Year").fill("2026")
    chair.get_by_label("Seats").fill("6")
    chair.get_by_role("button", name="Create the cycle").click()
    expect(chair.get_by_role("heading", level=1)).to_contain_text("2026")

    chair.get_by_role("link", name="Appoint someone").click()
    assert_accessible(chair)
    offered = chair.get_by_label("Person").locator("option").all_inner_texts()
    mag_members = set(
        Appointment.objects.current()
        .filter(cycle__body__slug="mag")
        .values_list("person__name", flat=True)
    )
    assert offered
    assert set(offered) <= mag_members  # only the MAG's current members
    for name, group in (("Sofía Ramírez", "civil_society"), ("Kenji Tanaka", "technical_academic")):
        chair.get_by_label("Person").select_option(label=name)
        chair.get_by_label("Stakeholder group").select_option(group)
        chair.get_by_label("Status").select_option("confirmed")
        chair.get_by_role("button", name="Save").click()
        expect(chair.get_by_role("status").first).to_contain_text(f"{name} was appointed.")
        if name == "Sofía Ramírez":
            chair.get_by_role("link", name="Appoint someone").click()
    assert_accessible(chair)
    screenshot(chair, "bodies_working_group_balance")

    # Sofía, on her phone, finds the working group among the bodies she serves.
    member = new_page(viewport={"width": 360, "height": 780})
    log_in(member, site, "member@demo.example")
    expect(member).to_have_url(re.compile(r"/member/$"))
    serving = member.get_by_role("region", name="Where you serve")
    expect(serving.get_by_role("link", name=WG)).to_be_visible()
    assert_accessible(member)
    screenshot(member, "bodies_member_home_phone")
    assert member.evaluate("document.documentElement.scrollWidth") <= 360
    member.get_by_role("link", name=WG).click()
    expect(member.get_by_role("heading", level=1)).to_contain_text(WG)
    assert_accessible(member)
    assert Body.objects.get(slug="wg-youth").cycles.get().appointments.count() == 2
