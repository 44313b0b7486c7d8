"""Onboarding pages: what members, the Secretariat and the chair see and can do."""

from __future__ import annotations

import csv
import datetime
import io
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from membership.choices import StakeholderGroup
from membership.files import sniff
from onboarding.models import (
    CalendarFeedToken,
    ChecklistItem,
    EvidenceFile,
    ItemStatus,
)
from onboarding.services import calendar_token_rotate, checklist_buddy_assign
from tests.conftest import login
from tests.factories import (
    DocumentFactory,
    RevisionFactory,
    checklist_for,
    onboarding_template,
)
from tests.paths import reverse

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def checklist(member):
    onboarding_template()
    return checklist_for(member)


def _item(checklist, title: str) -> ChecklistItem:
    return checklist.items.get(title=title)


def test_member_home_shows_progress_next_item_and_blockers(member_client, checklist):
    response = member_client.get(reverse("member_home"))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Your onboarding" in html
    assert "0 of 5 done (0%)" in html
    assert "Next:" in html
    assert "Waiting for:" in html
    assert "Orientation call" in html


def test_member_home_without_checklist(member_client):
    response = member_client.get(reverse("member_home"))
    assert "appears here once your appointment is confirmed" in response.content.decode()


def test_one_click_complete_plain_form(member_client, checklist):
    item = _item(checklist, "Orientation call")
    response = member_client.post(
        reverse("onboarding:item_complete", kwargs={"pk": item.pk}),
        {"next": reverse("member_home")},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("member_home")
    assert "“Orientation call” is done." in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE


def test_one_click_complete_htmx_returns_the_partial(member_client, checklist):
    item = _item(checklist, "Orientation call")
    response = member_client.post(
        reverse("onboarding:item_complete", kwargs={"pk": item.pk}),
        {"next": reverse("member_home")},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "<html" not in html
    assert f'id="checklist-{checklist.pk}"' in html
    assert "1 of 5 done (20%)" in html
    assert "is done." in html


def test_blocked_item_is_refused_with_a_reason(member_client, checklist):
    item = _item(checklist, "Choose working groups")
    response = member_client.post(
        reverse("onboarding:item_complete", kwargs={"pk": item.pk}),
        headers={"HX-Request": "true"},
    )
    assert "waits for: “Orientation call”" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.TODO


def test_next_url_elsewhere_is_ignored(member_client, checklist):
    item = _item(checklist, "Orientation call")
    response = member_client.post(
        reverse("onboarding:item_complete", kwargs={"pk": item.pk}),
        {"next": "https://evil.example/"},
    )
    assert response["Location"] == checklist.get_absolute_url()


def test_other_member_cannot_act_on_my_items(client, other_member, checklist):
    login(client, other_member)
    item = _item(checklist, "Orientation call")
    response = client.post(reverse("onboarding:item_complete", kwargs={"pk": item.pk}))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_member_cannot_do_secretariat_items(member_client, checklist):
    item = _item(checklist, "Add to the MAG mailing list")
    response = member_client.post(reverse("onboarding:item_complete", kwargs={"pk": item.pk}))
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_accept_tor_from_the_checklist(member_client, member, checklist):
    revision = RevisionFactory(
        document=DocumentFactory(slug="member-tor", is_main=True),
        status="adopted",
        adopted_at=timezone.now(),
        effective_date=datetime.date(2026, 1, 1),
    )
    item = _item(checklist, "Accept the Terms of Reference")
    url = reverse("onboarding:item_accept_tor", kwargs={"pk": item.pk})
    response = member_client.post(url, follow=True)
    assert "Tick the box" in response.content.decode()
    response = member_client.post(url, {"confirm": "1"}, follow=True)
    assert f"You accepted revision {revision.number}" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE
    assert member.tor_acknowledgements.get().revision == revision


def test_secretariat_waives_with_a_reason(secretariat_client, secretariat, checklist):
    item = _item(checklist, "Declaration of interests")
    url = reverse("onboarding:item_waive", kwargs={"pk": item.pk})
    assert secretariat_client.get(url).status_code == HTTPStatus.OK
    response = secretariat_client.post(url, {"reason": ""})
    assert "This field is required" in response.content.decode()
    response = secretariat_client.post(url, {"reason": "Declared on paper"}, follow=True)
    assert "is waived" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.WAIVED
    assert item.completed_by == secretariat


def test_buddy_sees_the_checklist_on_their_home(secretariat_client, secretariat, checklist):
    home = reverse("secretariat_home")
    assert "nobody's onboarding buddy" in secretariat_client.get(home).content.decode()
    response = secretariat_client.post(
        reverse("onboarding:buddy_assign", kwargs={"pk": checklist.pk}),
        {"buddy": secretariat.pk},
        follow=True,
    )
    assert "onboarding buddy" in response.content.decode()
    html = secretariat_client.get(home).content.decode()
    assert checklist.appointment.person.name in html
    assert "0 of 5 done" in html


# Evidence files -----------------------------------------------------------------------------


def _upload(client, item, name: str, content: bytes, content_type: str = "application/pdf"):
    return client.post(
        reverse("onboarding:evidence_upload", kwargs={"pk": item.pk}),
        {"file": SimpleUploadedFile(name, content, content_type)},
        follow=True,
    )


def _stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT) / "onboarding" / "evidence"
    return set(root.glob("*")) if root.exists() else set()


def test_upload_pdf_completes_the_item_and_downloads_safely(member_client, checklist):
    item = _item(checklist, "Declaration of interests")
    response = _upload(member_client, item, "../../declaration.pdf", PDF)
    assert "is uploaded" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE
    record = EvidenceFile.objects.get()
    assert record.original_name == "declaration.pdf"
    assert record.content_type == "application/pdf"
    stored = Path(settings.MEDIA_ROOT) / record.file.name
    assert stored.read_bytes() == PDF
    assert "declaration" not in record.file.name  # a random name on disk
    assert not str(stored.resolve()).startswith(str(Path(settings.BASE_DIR, "static")))
    response = member_client.get(record.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="declaration.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_png_is_accepted(member_client, checklist):
    item = _item(checklist, "Declaration of interests")
    _upload(member_client, item, "scan.png", PNG, "image/png")
    assert EvidenceFile.objects.get().content_type == "image/png"


def test_wrong_type_with_a_pdf_name_is_refused_and_leaves_nothing(member_client, checklist):
    item = _item(checklist, "Declaration of interests")
    before = _stored_files()
    html = b"<html><script>alert(1)</script></html>"
    response = _upload(member_client, item, "declaration.pdf", html)
    assert "is not a PDF, PNG or JPEG file" in response.content.decode()
    assert not EvidenceFile.objects.exists()
    assert _stored_files() == before
    item.refresh_from_db()
    assert item.status == ItemStatus.TODO


def test_oversized_file_is_refused(member_client, checklist, settings):
    settings.ONBOARDING_EVIDENCE_MAX_BYTES = 1024
    item = _item(checklist, "Declaration of interests")
    before = _stored_files()
    response = _upload(member_client, item, "big.pdf", PDF + b"0" * 2000)
    assert "the limit is 1.0\xa0KB" in response.content.decode()
    assert not EvidenceFile.objects.exists()
    assert _stored_files() == before


def test_another_members_file_is_404(client, member_client, other_member, checklist):
    item = _item(checklist, "Declaration of interests")
    _upload(member_client, item, "declaration.pdf", PDF)
    record = EvidenceFile.objects.get()
    login(client, other_member)
    assert client.get(record.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_sniff_reads_content_not_names():
    assert sniff(PDF) == ("application/pdf", "pdf")
    assert sniff(PNG) == ("image/png", "png")
    assert sniff(b"\xff\xd8\xff\xe0\x00\x10JFIF") == ("image/jpeg", "jpg")
    assert sniff(b"<html><script>") is None
    assert sniff(b"") is None


# Board --------------------------------------------------------------------------------------


def _bulk_checklists(n: int) -> None:
    """``n`` checklists of 5 items each, some overdue, made with bulk_create."""
    from membership.roster.models import Appointment, Person
    from onboarding.models import Checklist
    from tests.factories import CycleFactory

    cycle = CycleFactory()
    groups = list(StakeholderGroup.values)
    people = Person.objects.bulk_create(
        Person(name=f"Member {i:05d}", country=("KE", "BR", "FR", "JP")[i % 4]) for i in range(n)
    )
    appointments = Appointment.objects.bulk_create(
        Appointment(
            person=p,
            cycle=cycle,
            stakeholder_group=groups[i % 4],
            status="confirmed",
            starts_on=cycle.starts_on,
            ends_on=cycle.ends_on,
        )
        for i, p in enumerate(people)
    )
    checklists = Checklist.objects.bulk_create(
        Checklist(appointment=a, audience="new") for a in appointments
    )
    today = timezone.localdate()
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            checklist=c,
            position=k,
            title=f"Task {k}",
            assignee="member",
            kind="plain",
            due_on=today + datetime.timedelta(days=(k - 2) * 10 + i % 3),
            status="done" if k < i % 3 else "todo",
            completed_at=timezone.now() if k < i % 3 else None,
        )
        for i, c in enumerate(checklists)
        for k in range(5)
    )


@pytest.mark.parametrize("size", [50, 2000])
def test_board_query_count_is_constant(secretariat_client, django_assert_max_num_queries, size):
    _bulk_checklists(size)
    with django_assert_max_num_queries(8):
        response = secretariat_client.get(reverse("onboarding:board"))
    assert response.status_code == HTTPStatus.OK
    assert f"{size} checklists" in response.content.decode()
    with django_assert_max_num_queries(8):
        response = secretariat_client.get(reverse("onboarding:board_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) == size + 1


def test_board_filters_and_csv(chair_client, member, other_member):
    onboarding_template()
    mine = checklist_for(member, country="KE")
    checklist_for(other_member, country="BR")
    mine.appointment.stakeholder_group = StakeholderGroup.GOVERNMENT
    mine.appointment.save()
    board = reverse("onboarding:board")
    html = chair_client.get(board).content.decode()
    assert "2 checklists" in html
    html = chair_client.get(board, {"region": "african"}).content.decode()
    assert "1 checklist" in html
    assert mine.appointment.person.name in html
    html = chair_client.get(board, {"stakeholder_group": "government"}).content.decode()
    assert "1 checklist" in html
    html = chair_client.get(board, {"status": "complete"}).content.decode()
    assert "0 checklists" in html
    html = chair_client.get(board, {"status": "overdue"}).content.decode()
    assert "2 checklists" in html  # the 2026 due dates are past by late 2026
    response = chair_client.get(reverse("onboarding:board_csv"), {"region": "grulac"})
    assert response["Content-Disposition"] == 'attachment; filename="onboarding-2026.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["member"] for r in rows] == [other_member.get_full_name()]
    assert rows[0]["items"] == "5"


def test_csv_neutralises_formulas(secretariat_client):
    onboarding_template()
    checklist_for(None, name="=HYPERLINK(1)")
    response = secretariat_client.get(reverse("onboarding:board_csv"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["member"] == "'=HYPERLINK(1)"


# Calendar -----------------------------------------------------------------------------------


def test_calendar_feed_lists_due_dates_and_revokes(client, member_client, member, checklist):
    response = member_client.post(reverse("calendar:settings"), {"action": "rotate"}, follow=True)
    token = CalendarFeedToken.objects.get(user=member)
    assert token.token in response.content.decode()
    feed = client.get(token.get_absolute_url())
    assert feed.status_code == HTTPStatus.OK
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    body = feed.content.decode()
    assert body.count("BEGIN:VEVENT") == 4  # the member's items, not the Secretariat's
    assert "SUMMARY:Orientation call" in body
    assert "DTSTART;VALUE=DATE:20260201" in body  # the event's own date
    member_client.post(reverse("calendar:settings"), {"action": "revoke"})
    assert client.get(token.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_calendar_feed_with_a_wrong_token_is_404(client, member):
    calendar_token_rotate(actor=member)
    url = reverse("calendar:feed", kwargs={"token": "x" * 43})
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_buddy_assignment_is_a_guardian_permission(secretariat, checklist):
    checklist_buddy_assign(checklist=checklist, buddy=secretariat, actor=secretariat)
    assert secretariat.has_perm("onboarding.view_checklist", checklist)


# Templates ----------------------------------------------------------------------------------


def test_secretariat_builds_a_template(secretariat_client, member):
    response = secretariat_client.post(
        reverse("onboarding:template_list"), {"name": "MAG 2027", "audience": "new"}, follow=True
    )
    assert "is now the template in use" in response.content.decode()
    from onboarding.models import ChecklistTemplate

    template = ChecklistTemplate.objects.get(name="MAG 2027")
    url = reverse("onboarding:template_detail", kwargs={"pk": template.pk})
    base = {"assignee": "member", "due_offset_days": 10, "description": "Join **today**."}
    response = secretariat_client.post(
        url, {**base, "title": "Orientation call", "kind": "attend_event"}
    )
    assert "Give the date of the event." in response.content.decode()
    secretariat_client.post(
        url,
        {**base, "title": "Orientation call", "kind": "attend_event", "event_date": "2027-01-20"},
    )
    call = template.items.get()
    secretariat_client.post(
        url, {**base, "title": "Working groups", "kind": "plain", "depends_on": [call.pk]}
    )
    groups = template.items.get(title="Working groups")
    assert list(groups.depends_on.all()) == [call]
    # A loop is refused with a clear message.
    edit = reverse("onboarding:template_item_edit", kwargs={"pk": call.pk})
    response = secretariat_client.post(
        edit,
        {
            **base,
            "title": "Orientation call",
            "kind": "attend_event",
            "event_date": "2027-01-20",
            "depends_on": [groups.pk],
        },
    )
    assert "make a loop" in response.content.decode()
    assert not call.depends_on.exists()
    # Editing works, and the new template makes the next checklist.
    response = secretariat_client.post(
        edit,
        {
            **base,
            "title": "Orientation call (online)",
            "kind": "attend_event",
            "event_date": "2027-01-21",
        },
        follow=True,
    )
    assert "Checklists already made keep their copy" in response.content.decode()
    checklist = checklist_for(member)
    assert set(checklist.items.values_list("title", flat=True)) == {
        "Orientation call (online)",
        "Working groups",
    }


def test_secretariat_and_chair_homes_list_their_items(secretariat_client, chair, checklist):
    from django.test import Client

    html = secretariat_client.get(reverse("secretariat_home")).content.decode()
    assert "Items for you" in html
    assert "Add to the MAG mailing list" in html
    assert "overdue since 4 Jan 2026" in html
    assert "Orientation call" not in html.split("Items for you")[1].split("</ul>")[0]
    html = login(Client(), chair).get(reverse("chair_home")).content.decode()
    assert "Nothing waits for you." in html


def test_an_account_linked_later_gets_its_checklist_from_the_linking_service(
    client, member, secretariat
):
    from membership.roster.services import person_link_account

    onboarding_template()
    checklist = checklist_for(None, name="Kenji Tanaka")
    person = checklist.appointment.person
    home = login(client, member).get(reverse("member_home")).content.decode()
    assert "Mark as done" not in home  # no write during a GET: the page grants nothing
    assert not member.has_perm("onboarding.act_on_checklist", checklist)
    person_link_account(actor=secretariat, person=person, user=member)
    fresh = type(member).objects.get(pk=member.pk)
    assert fresh.has_perm("onboarding.act_on_checklist", checklist)
    assert "Mark as done" in client.get(reverse("member_home")).content.decode()
