"""List and dashboard pages keep the same query count with 55 members and with 5,000 people
over 20 cycles; and the chair sets up a cycle."""

from __future__ import annotations

import datetime
from http import HTTPStatus

import pytest

from membership.roster.models import Appointment, Cycle, Nomination, Person
from tests.factories import mag
from tests.paths import reverse

TODAY = datetime.date.today()
GROUPS = ["government", "private_sector", "civil_society", "technical_academic"]
COUNTRIES = ["KE", "IN", "PL", "BR", "FR", "JP", "NG", "MX", "UA", "DE"]


def build(people: int, cycles: int) -> int:
    """``people`` people spread over ``cycles`` cycles ending with the current year; returns
    the current year. Bulk inserts: this measures reads, not the services."""
    first = TODAY.year - cycles + 1
    body = mag()
    cycle_rows = Cycle.objects.bulk_create(
        Cycle(
            body=body,
            year=year,
            starts_on=datetime.date(year, 1, 1),
            ends_on=datetime.date(year, 12, 31),
            seat_count=max(55, people // cycles + 1),
        )
        for year in range(first, TODAY.year + 1)
    )
    persons = Person.objects.bulk_create(
        Person(
            name=f"Person {i:05}",
            email=f"p{i}@example.org",
            country=COUNTRIES[i % 10],
            gender="woman" if i % 2 else "man",
        )
        for i in range(people)
    )
    Appointment.objects.bulk_create(
        Appointment(
            person=person,
            cycle=cycle_rows[i % cycles],
            stakeholder_group=GROUPS[i % 4],
            status="confirmed",
            starts_on=cycle_rows[i % cycles].starts_on,
            ends_on=cycle_rows[i % cycles].ends_on,
        )
        for i, person in enumerate(persons)
    )
    Nomination.objects.bulk_create(
        Nomination(
            cycle=cycle_rows[-1],
            person=person,
            stakeholder_group=GROUPS[i % 4],
            nominated_by="Self",
            score=i % 100,
        )
        for i, person in enumerate(persons[: min(people, 300)])
    )
    return TODAY.year


# Every page pays three queries for the body: its row, the viewer's roles held in bodies and
# their object permissions there (and one more, cached afterwards, for the default body in the
# navigation).
PAGES = [
    ("roster:public", False, 9),
    ("roster:balance_cycle", True, 12),
    ("roster:rotation_plan", True, 13),
    ("roster:nomination_list", True, 9),
    ("people:list", False, 9),
    ("roster:selection_review", True, 14),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("people", "cycles"), [(55, 1), (5000, 20)])
@pytest.mark.parametrize(("url_name", "by_year", "bound"), PAGES)
def test_same_query_bound_at_both_sizes(
    chair_client, django_assert_max_num_queries, people, cycles, url_name, by_year, bound
) -> None:
    year = build(people, cycles)
    url = reverse(url_name, kwargs={"year": year} if by_year else {})
    with django_assert_max_num_queries(bound):
        response = chair_client.get(url)
    assert response.status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_chair_sets_up_a_cycle(chair_client) -> None:
    url = reverse("roster:cycle_create")
    response = chair_client.post(url, {"year": 2031, "seat_count": 40})
    assert response.status_code == HTTPStatus.FOUND
    cycle = Cycle.objects.get(year=2031)
    assert cycle.seat_count == 40
    assert cycle.starts_on == datetime.date(2031, 1, 1)
    again = chair_client.post(url, {"year": 2031, "seat_count": 40})
    assert again.status_code == HTTPStatus.OK
    assert "already has a cycle in 2031" in again.content.decode()
