"""Pages of bodies: the public directory and a body's page, creating and editing a body with
field-level errors, giving and ending roles, the Secretariat's overview and home page at
scale, and the addresses from before bodies."""

from __future__ import annotations

import datetime
from http import HTTPStatus

import pytest
from django.utils import timezone

from mag_portal.roles import Role
from membership.bodies.models import Body, BodyRole
from tests.conftest import login
from tests.factories import (
    AppointmentFactory,
    BodyFactory,
    CycleFactory,
    DocumentFactory,
    RevisionFactory,
    UserFactory,
    checklist_for,
    mag,
)
from tests.paths import reverse

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _bodies(n: int) -> list[Body]:
    """``n`` national initiatives, each with a current cycle and one seat filled."""
    bodies = []
    for i in range(n):
        body = BodyFactory(slug=f"nri-{i:03}", name=f"National IGF {i:03}", kind="national")
        AppointmentFactory(cycle=CycleFactory(body=body, year=TODAY.year, seat_count=12))
        bodies.append(body)
    return bodies


def test_the_directory_lists_bodies_with_their_parts(client) -> None:
    BodyFactory(slug="wg-strategy", name="Working Group on Strategy", kind="working_group",
                parent=mag())  # fmt: skip
    BodyFactory(slug="kigf", name="Kenya IGF", kind="national")
    page = client.get(reverse("bodies:directory")).content.decode()
    assert "Multistakeholder Advisory Group" in page
    assert "Part of MAG" in page
    assert "Working Group on Strategy" in page
    assert "3 bodies" in page


def test_the_directory_filters_by_kind_and_name(client) -> None:
    BodyFactory(slug="kigf", name="Kenya IGF", kind="national")
    BodyFactory(slug="afigf", name="African IGF", kind="regional")
    page = client.get(reverse("bodies:directory") + "?kind=national").content.decode()
    assert "Kenya IGF" in page
    assert "African IGF" not in page
    assert "1 body" in page
    page = client.get(reverse("bodies:directory") + "?q=afri").content.decode()
    assert "African IGF" in page
    assert "Kenya IGF" not in page
    # A kind that does not exist is ignored, not a 500.
    response = client.get(reverse("bodies:directory") + "?kind=nonsense")
    assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize("size", [3, 40])
def test_the_directory_query_count_is_flat(client, django_assert_max_num_queries, size) -> None:
    _bodies(size)
    with django_assert_max_num_queries(3):
        assert client.get(reverse("bodies:directory")).status_code == HTTPStatus.OK


def test_a_body_page_shows_its_tor_and_composition_over_the_years(client, panel) -> None:
    document = DocumentFactory(body=panel, slug="lp-tor", is_main=True, title="LP ToR")
    RevisionFactory(document=document, number=1, status="adopted", adopted_at=timezone.now(),
                    effective_date=datetime.date(2025, 1, 1))  # fmt: skip
    c2025 = CycleFactory(body=panel, year=2025, seat_count=10)
    CycleFactory(body=panel, year=2026, seat_count=10)
    AppointmentFactory(cycle=c2025, stakeholder_group="government",
                       ends_on=datetime.date(2026, 12, 31))  # fmt: skip
    page = client.get(reverse("bodies:detail", kwargs={"body": "lp"})).content.decode()
    assert "LP ToR" in page
    assert "revision 1 in force" in page
    # The two-year term started in 2025 is served in 2026 too.
    assert page.count("1 of 10") == 2


def test_a_private_roster_is_not_shown(client, panel) -> None:
    panel.roster_is_public = False
    panel.save()
    AppointmentFactory(cycle=CycleFactory(body=panel, year=2026, seat_count=10))
    page = client.get(reverse("bodies:detail", kwargs={"body": "lp"})).content.decode()
    assert "This body's roster is not public." in page
    assert "Composition over the years" not in page


def test_an_unknown_body_is_404(client) -> None:
    assert client.get("/b/no-such-body/").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/b/no-such-body/roster/").status_code == HTTPStatus.NOT_FOUND


def test_creating_a_body_gives_field_level_errors(secretariat_client) -> None:
    url = reverse("bodies:create")
    response = secretariat_client.post(
        url, {"name": "", "slug": "Bad slug!", "kind": "working_group"}
    )
    assert response.status_code == HTTPStatus.OK
    form = response.context["form"]
    assert "name" in form.errors
    assert "slug" in form.errors
    response = secretariat_client.post(
        url, {"name": "WG", "slug": "wg-new", "kind": "working_group"}
    )
    assert "A working group belongs to a body: choose which." in response.content.decode()
    assert not Body.objects.filter(slug="wg-new").exists()
    response = secretariat_client.post(
        url,
        {"name": "Working Group on Hybrid", "slug": "wg-new", "kind": "working_group",
         "parent": mag().pk, "languages": ["en", "fr"], "roster_is_public": "on"},
    )  # fmt: skip
    assert response.status_code == HTTPStatus.FOUND
    body = Body.objects.get(slug="wg-new")
    assert response["Location"] == body.get_absolute_url()
    assert body.languages == ["en", "fr"]
    assert (
        "Working Group on Hybrid"
        in secretariat_client.get(reverse("bodies:detail", kwargs={"body": "mag"})).content.decode()
    )


def test_over_long_and_nul_input_is_refused(secretariat_client) -> None:
    response = secretariat_client.post(
        reverse("bodies:create"),
        {"name": "x" * 301, "slug": "ok", "kind": "national", "description": "a\x00b"},
    )
    assert response.status_code == HTTPStatus.OK
    assert set(response.context["form"].errors) >= {"name", "description"}
    assert not Body.objects.filter(slug="ok").exists()


def test_the_secretariat_gives_and_ends_roles(secretariat_client, secretariat) -> None:
    body = BodyFactory(slug="kigf", name="Kenya IGF", kind="national")
    person = UserFactory(first_name="Wanjiru", last_name="Mwangi")
    url = reverse("bodies:roles", kwargs={"body": "kigf"})
    response = secretariat_client.post(url, {"user": person.pk, "role": "Chair"})
    assert response.status_code == HTTPStatus.FOUND
    role = BodyRole.objects.get(body=body, user=person)
    assert "Wanjiru Mwangi" in secretariat_client.get(url).content.decode()
    end = reverse("bodies:role_end", kwargs={"body": "kigf", "pk": role.pk})
    secretariat_client.post(end, {"reason": ""})
    role.refresh_from_db()
    assert role.ends_on is None  # no reason, no end
    secretariat_client.post(end, {"reason": "Stepped down"})
    role.refresh_from_db()
    assert role.ends_on == TODAY
    assert role.end_reason == "Stepped down"


def test_a_role_of_another_body_cannot_be_ended_from_this_one(secretariat_client, panel) -> None:
    kigf = BodyFactory(slug="kigf", kind="national")
    role = BodyRole.objects.create(body=kigf, user=UserFactory(), role="Chair")
    end = reverse("bodies:role_end", kwargs={"body": "lp", "pk": role.pk})
    assert secretariat_client.post(end, {"reason": "x"}).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("size", [3, 60])
def test_the_overview_query_count_is_flat(
    secretariat_client, django_assert_max_num_queries, size
) -> None:
    _bodies(size)
    with django_assert_max_num_queries(14):
        response = secretariat_client.get(reverse("bodies:overview"))
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert f"{size + 1} bodies" in page
    if size > 50:  # fifty a page, the filters kept in the links
        assert "Page 1 of 2" in page
        second = secretariat_client.get(reverse("bodies:overview") + "?kind=national&page=2")
        assert "National IGF 059" in second.content.decode()
        assert "kind=national&amp;page=1" in second.content.decode()


def test_the_overview_shows_what_needs_attention(secretariat_client) -> None:
    body = _bodies(2)[0]
    cycle = body.cycles.get()
    cycle.seat_count = 1  # two government seats of one: a hard rule broken
    cycle.save()
    AppointmentFactory(cycle=cycle, stakeholder_group="government")
    page = secretariat_client.get(reverse("bodies:overview") + "?attention=on").content.decode()
    assert "National IGF 000" in page
    assert "National IGF 001" not in page


def test_the_secretariat_home_shows_the_bodies_at_hand(
    secretariat_client, django_assert_max_num_queries
) -> None:
    bodies = _bodies(30)
    for body in bodies[10:18]:  # eight break a hard rule: two government seats of one
        cycle = body.cycles.get()
        cycle.seat_count = 1
        cycle.save()
        AppointmentFactory(cycle=cycle, stakeholder_group="government")
    with django_assert_max_num_queries(30):
        page = secretariat_client.get(reverse("secretariat_home")).content.decode()
    assert "Bodies needing attention" in page
    assert "Overview of all 31 bodies" in page
    # The MAG, then the first five needing attention; not the thirty.
    assert "National IGF 014" in page
    assert "National IGF 015" not in page
    assert "National IGF 000" not in page


def test_a_body_secretariat_sees_its_body_only(client) -> None:
    kigf = BodyFactory(slug="kigf", name="Kenya IGF", kind="national")
    BodyFactory(slug="afigf", name="African IGF", kind="regional")
    coordinator = UserFactory(roles=[Role.SECRETARIAT], roles__body=kigf, mfa=True)
    login(client, coordinator)
    page = client.get(reverse("bodies:overview")).content.decode()
    assert "Kenya IGF" in page
    assert "African IGF" not in page
    assert "1 body" in page
    assert client.get(reverse("bodies:create")).status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/roster/balance/?cycle=2026", "/b/mag/roster/balance/?cycle=2026"),
        ("/tor/member-tor/r/2/", "/b/mag/tor/member-tor/r/2/"),
        ("/onboarding/board/", "/b/mag/onboarding/board/"),
        ("/roster/people/5/", "/people/5/"),
        ("/tor//evil.example/", "/b/mag/tor//evil.example/"),
    ],
)
def test_addresses_from_before_bodies_redirect(client, old: str, new: str) -> None:
    response = client.get(old)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == new


def test_old_addresses_follow_the_default_body(client, panel) -> None:
    Body.objects.filter(slug="mag").update(is_default=False)
    Body.objects.filter(slug="lp").update(is_default=True)
    assert client.get("/roster/")["Location"] == "/b/lp/roster/"
    Body.objects.update(is_default=False)
    assert client.get("/roster/").status_code == HTTPStatus.NOT_FOUND


def test_the_cached_overview_follows_every_change(secretariat_client, secretariat) -> None:
    """The overview's cached states are keyed on ``Body.version``: an appointment, an overdue
    item or a comment shows at once."""
    from membership.bodies.overview import bodies_overview

    body = _bodies(1)[0]
    cycle = body.cycles.get()

    def state():
        return next(s for s in bodies_overview(user=secretariat) if s.body.pk == body.pk)

    assert (state().rules_broken, state().overdue_checklists) == (0, 0)
    cycle.seat_count = 1
    cycle.save()
    AppointmentFactory(cycle=cycle, stakeholder_group="government")
    assert state().rules_broken == 1
    checklist = checklist_for(None, cycle=cycle)
    before = body.__class__.objects.get(pk=body.pk).version
    checklist.items.create(
        position=1, title="Declaration", assignee="member", kind="plain",
        due_on=TODAY - datetime.timedelta(days=3),
    )  # fmt: skip
    assert body.__class__.objects.get(pk=body.pk).version != before
    assert state().overdue_checklists == 1
