"""Roster pages: what each visitor sees, rule refusals and overrides, selection swaps, CSV
export and import, and query counts that do not grow with the roster."""

from __future__ import annotations

import csv
import datetime
import io
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from membership.roster.models import Appointment, AppointmentStatus, Nomination
from tests.factories import AppointmentFactory, CycleFactory, NominationFactory, PersonFactory
from tests.paths import reverse

TODAY = datetime.date.today()
GROUPS = ["government", "private_sector", "civil_society", "technical_academic"]


def current_cycle(seat_count: int = 55):
    return CycleFactory(
        year=TODAY.year,
        starts_on=TODAY.replace(month=1, day=1),
        ends_on=TODAY.replace(month=12, day=31),
        seat_count=seat_count,
    )


def fill(cycle, n: int) -> list[Appointment]:
    return [
        AppointmentFactory(
            cycle=cycle,
            stakeholder_group=GROUPS[i % 4],
            person=PersonFactory(email=f"m{cycle.year}-{i}@example.org", gender="woman"),
        )
        for i in range(n)
    ]


@pytest.mark.django_db
def test_public_roster_shows_members_without_email_or_gender(client) -> None:
    cycle = current_cycle()
    AppointmentFactory(
        cycle=cycle,
        stakeholder_group="technical_academic",
        person=PersonFactory(
            name="Ana Lima",
            email="ana.private@example.org",
            country="BR",
            gender="non_binary",
            affiliation="NIC.br",
        ),
    )
    AppointmentFactory(
        cycle=cycle, status=AppointmentStatus.PROPOSED, person=PersonFactory(name="Not Yet")
    )
    response = client.get(reverse("roster:public"))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Ana Lima" in html
    assert "Brazil" in html
    assert "Latin American and Caribbean Group (GRULAC)" in html
    assert "NIC.br" in html
    assert "ana.private@example.org" not in html
    assert "Non-binary" not in html
    assert "Not Yet" not in html  # proposed appointments are not public


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 200])
def test_public_roster_query_count_does_not_grow(
    client, django_assert_max_num_queries, size
) -> None:
    fill(current_cycle(seat_count=300), size)
    with django_assert_max_num_queries(4):
        assert client.get(reverse("roster:public")).status_code == HTTPStatus.OK


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 200])
def test_balance_dashboard_query_count_does_not_grow(
    chair_client, django_assert_max_num_queries, size
) -> None:
    cycle = current_cycle(seat_count=300)
    fill(CycleFactory(year=TODAY.year - 1, seat_count=300), size)
    fill(cycle, size)
    # One of the twelve reads the policy of the adopted ToR revision in force.
    with django_assert_max_num_queries(12):
        response = chair_client.get(reverse("roster:balance_cycle", kwargs={"year": cycle.year}))
    assert response.status_code == HTTPStatus.OK


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 200])
def test_nomination_list_query_count_does_not_grow(
    secretariat_client, django_assert_max_num_queries, size
) -> None:
    cycle = CycleFactory(year=2027)
    for i in range(size):
        NominationFactory(cycle=cycle, person=PersonFactory(email=f"n{i}@example.org"))
    with django_assert_max_num_queries(8):
        response = secretariat_client.get(
            reverse("roster:nomination_list", kwargs={"year": cycle.year})
        )
    assert response.status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_dashboard_shows_violations_charts_and_the_data_table(chair_client) -> None:
    cycle = current_cycle(seat_count=10)
    for _ in range(5):
        AppointmentFactory(cycle=cycle, stakeholder_group="government")
    html = chair_client.get(
        reverse("roster:balance_cycle", kwargs={"year": cycle.year})
    ).content.decode()
    assert "Government holds 5 of 10 seats (50.0%), above the 40% limit (at most 4)" in html
    assert "<svg" in html
    assert "<title" in html
    assert "The figures as tables" in html
    assert "style=" not in html  # the CSP forbids inline styles


@pytest.mark.django_db
def test_chair_is_refused_then_overrides_with_a_reason(chair_client) -> None:
    cycle = current_cycle(seat_count=10)
    for _ in range(4):
        AppointmentFactory(cycle=cycle, stakeholder_group="government")
    person = PersonFactory(name="Extra Minister")
    url = reverse("roster:appointment_create", kwargs={"year": cycle.year})
    data = {
        "person": person.pk,
        "stakeholder_group": "government",
        "seat_type": "regular",
        "status": "confirmed",
    }
    response = chair_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Government holds 5 of 10 seats" in html or "Government would hold 5 of 10" in html
    assert "give the reason for the override" in html
    assert not Appointment.objects.filter(person=person).exists()

    response = chair_client.post(url, {**data, "override_reason": "Host country agreement"})
    assert response.status_code == HTTPStatus.FOUND
    appointment = Appointment.objects.get(person=person)
    assert appointment.override_reason == "Host country agreement"
    dashboard = chair_client.get(response["Location"]).content.decode()
    assert "Rules overridden by the chair" in dashboard
    assert "Host country agreement" in dashboard


@pytest.mark.django_db
def test_end_early_keeps_the_row(chair_client) -> None:
    appointment = AppointmentFactory(cycle=current_cycle())
    url = reverse("roster:appointment_end", kwargs={"pk": appointment.pk})
    assert chair_client.post(url, {"reason": ""}).status_code == HTTPStatus.OK
    response = chair_client.post(url, {"reason": "Took up a government post"})
    assert response.status_code == HTTPStatus.FOUND
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.ENDED_EARLY


@pytest.mark.django_db
def test_member_edits_own_profile_and_sees_own_gender(member_client, member) -> None:
    person = PersonFactory(user=member, gender="woman", email="me@example.org", name="Me")
    url = reverse("people:detail", kwargs={"pk": person.pk})
    html = member_client.get(url).content.decode()
    assert "me@example.org" in html
    assert "Woman" in html
    response = member_client.post(
        reverse("people:edit", kwargs={"pk": person.pk}),
        {"name": "Me Again", "email": "me@example.org", "country": "KE", "gender": "woman"},
    )
    assert response.status_code == HTTPStatus.FOUND
    person.refresh_from_db()
    assert person.name == "Me Again"
    timeline = member_client.get(url).content.decode()
    assert "Updated their own profile" in timeline


@pytest.mark.django_db
def test_selection_review_swaps_with_htmx_and_accepts(chair_client) -> None:
    cycle = CycleFactory(year=2027, seat_count=4)
    nominations = [
        NominationFactory(
            cycle=cycle,
            stakeholder_group=GROUPS[i % 4],
            score=i,
            person=PersonFactory(name=f"Nominee {i}", country=["KE", "IN", "PL", "BR"][i % 4]),
        )
        for i in range(8)
    ]
    url = reverse("roster:selection_review", kwargs={"year": cycle.year})
    page = chair_client.get(url)
    assert page.status_code == HTTPStatus.OK
    assert "Accept into proposed appointments" in page.content.decode()
    assert len(page.context["selected"]) == 4
    out_key = page.context["selected"][0][0].key

    partial = chair_client.get(url, {"swap_out": out_key}, headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert html.lstrip().startswith('<div id="proposal">')
    assert "<html" not in html
    assert out_key not in {c.key for c, _n in partial.context["selected"]}

    no_js = chair_client.get(url, {"swap_out": out_key})
    assert "<html" in no_js.content.decode()

    keys = [n.pk for _c, n in partial.context["selected"]]
    response = chair_client.post(
        reverse("roster:selection_accept", kwargs={"year": cycle.year}), {"nomination": keys}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Appointment.objects.filter(cycle=cycle, status=AppointmentStatus.PROPOSED).count() == 4
    assert Nomination.objects.filter(cycle=cycle, status="proposed").count() == 4
    assert len(nominations) == 8


@pytest.mark.django_db
def test_export_has_private_fields_and_neutralises_formulas(secretariat_client) -> None:
    cycle = current_cycle()
    AppointmentFactory(
        cycle=cycle,
        person=PersonFactory(name="=HYPERLINK(1)", affiliation="@evil", email="x@example.org"),
    )
    AppointmentFactory(cycle=cycle, person=PersonFactory(name="-1+2", affiliation="+cmd"))
    response = secretariat_client.get(reverse("roster:export", kwargs={"year": cycle.year}))
    assert response.status_code == HTTPStatus.OK
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["name", "email", "country", "region", "gender"]
    cells = [cell for row in rows[1:] for cell in row]
    assert "'=HYPERLINK(1)" in cells
    assert "'@evil" in cells
    assert "'-1+2" in cells
    assert "'+cmd" in cells
    assert "x@example.org" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


@pytest.mark.django_db
def test_import_is_all_or_nothing_with_line_and_field(chair_client) -> None:
    cycle = current_cycle()
    url = reverse("roster:import", kwargs={"year": cycle.year})
    bad = (
        "name,email,country,gender,affiliation,stakeholder_group,seat_type,status\n"
        "Good One,good@example.org,KE,woman,Org,civil_society,regular,proposed\n"
        "Bad Two,bad@example.org,XX,woman,Org,civil_societyy,regular,proposed\n"
    )
    response = chair_client.post(
        url, {"kind": "roster", "file": SimpleUploadedFile("r.csv", bad.encode())}
    )
    html = response.content.decode()
    assert "Nothing was imported" in html
    assert "line 3, field country" in html
    assert "line 3, field stakeholder_group" in html
    assert not Appointment.objects.filter(cycle=cycle).exists()

    good = bad.replace("XX", "FR").replace("civil_societyy", "private_sector")
    response = chair_client.post(
        url, {"kind": "roster", "file": SimpleUploadedFile("r.csv", good.encode())}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Appointment.objects.filter(cycle=cycle).count() == 2


@pytest.mark.django_db
def test_secretariat_imports_nominations_but_not_a_roster(secretariat_client) -> None:
    cycle = CycleFactory(year=2027)
    url = reverse("roster:import", kwargs={"year": cycle.year})
    text = (
        "name,email,country,gender,affiliation,stakeholder_group,nominated_by,score\n"
        "Nia Obi,nia@example.org,NG,woman,Uni,technical_academic,Self,80\n"
    )
    response = secretariat_client.post(
        url, {"kind": "nominations", "file": SimpleUploadedFile("n.csv", text.encode())}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Nomination.objects.filter(cycle=cycle).count() == 1
    response = secretariat_client.post(
        url, {"kind": "roster", "file": SimpleUploadedFile("n.csv", text.encode())}
    )
    assert "You may not import this kind of file." in response.content.decode()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.mark.django_db
def test_photo_upload_is_checked_and_served_only_to_who_may_see_the_person(
    member_client, member, client, other_member
) -> None:
    from tests.conftest import login

    person = PersonFactory(user=member, country="KE")
    edit = reverse("people:edit", kwargs={"pk": person.pk})
    data = {"name": person.name, "country": "KE", "gender": "woman"}
    fake = SimpleUploadedFile("me.png", b"not an image at all", content_type="image/png")
    response = member_client.post(edit, {**data, "photo": fake})
    assert "Upload a JPEG, PNG or WebP image." in response.content.decode()

    photo = SimpleUploadedFile("me.png", PNG, content_type="image/png")
    assert member_client.post(edit, {**data, "photo": photo}).status_code == HTTPStatus.FOUND
    url = reverse("people:photo", kwargs={"pk": person.pk})
    response = member_client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert login(client, other_member).get(url).status_code == HTTPStatus.NOT_FOUND
