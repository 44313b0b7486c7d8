"""The roster in the browser: the public roster, the chair appointing past the government
limit and overriding with a reason, balanced selection with a swap and acceptance, and the
other roster pages; axe-core on each."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from playwright.sync_api import Page, expect

from membership.roster.demo import seed
from membership.roster.models import Appointment, Cycle, Person
from tests.e2e.conftest import assert_accessible, log_in, screenshot


@pytest.fixture
def roster(demo_accounts) -> None:
    seed(stdout=StringIO())


def test_public_roster(page: Page, site: str, roster) -> None:
    page.goto(f"{site}/b/mag/roster/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Members of the Multistakeholder")
    expect(page.get_by_role("heading", name=re.compile("^Government"))).to_be_visible()
    expect(page.get_by_text("@people.demo.example")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "roster_public")


def test_chair_overrides_the_government_limit_then_selects_and_accepts(
    page: Page, site: str, roster
) -> None:
    cycle = Cycle.objects.get(year=2026)
    government = Appointment.objects.filter(cycle=cycle, stakeholder_group="government")
    # Fill the government seats up to the 40% limit (22 of 55) by moving others into it.
    for appointment in Appointment.objects.filter(cycle=cycle).exclude(
        stakeholder_group="government"
    )[: 22 - government.count()]:
        appointment.stakeholder_group = "government"
        appointment.save()
    # Free one seat, so that only the government limit stands in the way.
    leaver = Appointment.objects.filter(cycle=cycle).exclude(stakeholder_group="government").first()
    leaver.status = "ended_early"
    leaver.end_reason = "Resigned"
    leaver.save()
    newcomer = Person.objects.create(name="Zara Newcomer", country="KE", gender="woman")

    log_in(page, site, "chair@demo.example", mfa=True)
    page.goto(f"{site}/b/mag/roster/2026/appoint/")
    assert_accessible(page)
    page.get_by_label("Person").select_option(label="Zara Newcomer")
    page.get_by_label("Stakeholder group").select_option("government")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Government would hold 23 of 55 seats (41.8%), above the 40% limit"
    )
    assert_accessible(page)
    screenshot(page, "roster_appoint_refused")
    page.get_by_label("Reason for overriding a rule").fill("Host-country agreement for 2026")
    page.get_by_role("button", name="Save with override").click()
    expect(page).to_have_url(re.compile(r"/roster/balance/2026/$"))
    expect(page.get_by_role("heading", name="Rules overridden by the chair")).to_be_visible()
    expect(page.get_by_text("Host-country agreement for 2026")).to_be_visible()
    assert Appointment.objects.get(person=newcomer).override_reason
    assert_accessible(page)
    screenshot(page, "roster_balance_2026")

    page.goto(f"{site}/b/mag/roster/2027/selection/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Balanced selection for 2027")
    assert_accessible(page)
    first = page.locator("#proposal tbody tr").first
    name = first.locator("td").first.inner_text().strip()
    first.get_by_role("button", name=re.compile("Swap out")).click()
    expect(page.locator("#proposal").get_by_text("swapped out")).to_be_visible()
    expect(page.locator("#proposal table").first).not_to_contain_text(name)
    screenshot(page, "roster_selection_2027")
    page.get_by_role("button", name="Accept into proposed appointments").click()
    expect(page).to_have_url(re.compile(r"/roster/balance/2027/$"))
    expect(page.get_by_role("status").first).to_contain_text("proposed appointments were created")
    assert Appointment.objects.filter(cycle__year=2027).count() == 55
    assert_accessible(page)


@pytest.mark.parametrize(
    "path",
    [
        "/b/mag/roster/balance/",
        "/b/mag/roster/rotation/2026/",
        "/b/mag/roster/2027/nominations/",
        "/people/",
        "/b/mag/roster/2026/import/",
        "/b/mag/roster/cycles/new/",
        "/people/new/",
        "/b/mag/roster/2026/appoint/",
    ],
)
def test_chair_pages_are_accessible(page: Page, site: str, roster, path: str) -> None:
    log_in(page, site, "chair@demo.example", mfa=True)
    page.goto(f"{site}{path}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "roster" + path.replace("/", "_").rstrip("_"))


def test_member_sees_own_profile_with_history(page: Page, site: str, roster) -> None:
    log_in(page, site, "member@demo.example")
    page.goto(f"{site}/people/me/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sofía Ramírez")
    expect(page.get_by_text("member@demo.example", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Edit profile").click()
    assert_accessible(page)
    screenshot(page, "roster_member_profile_edit")


def test_secretariat_records_a_nomination(page: Page, site: str, roster) -> None:
    log_in(page, site, "secretariat@demo.example", mfa=True)
    page.goto(f"{site}/b/mag/roster/2027/nominations/new/")
    assert_accessible(page)
    page.get_by_label("Nominee's name").fill("Omar Q. Nominee")
    page.get_by_label("Country").select_option("LB")
    page.get_by_label("Stakeholder group").select_option("civil_society")
    page.get_by_label("Nominated by").fill("Arab IGF")
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_role("status").first).to_contain_text("The nomination was recorded")
    expect(page.get_by_role("link", name="Omar Q. Nominee")).to_be_visible()
