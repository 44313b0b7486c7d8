"""The membership policy is edited with a form; the policy's errors land on their fields."""

from __future__ import annotations

from http import HTTPStatus

import pytest

from membership.policy import MembershipPolicy
from membership.tor.models import Revision
from tests.factories import DocumentFactory, RevisionFactory
from tests.paths import reverse

pytestmark = pytest.mark.django_db

URL = reverse("tor:policy_edit", kwargs={"slug": "member-tor"})


@pytest.fixture
def revision(db):
    return RevisionFactory(document=DocumentFactory(slug="member-tor", is_main=True), number=1)


def _post_data(**overrides):
    data = {
        "seat_count": "40",
        "term_length_years": "1",
        "max_consecutive_terms": "3",
        "change_summary": "Forty seats.",
        "based_on_number": "1",
        "rules-TOTAL_FORMS": "2",
        "rules-INITIAL_FORMS": "0",
        "rules-0-dimension": "stakeholder_group",
        "rules-0-group": "government",
        "rules-0-max_percent": "40",
        "rules-0-hard": "on",
        "rules-1-dimension": "gender",
        "rules-1-group": "woman",
        "rules-1-min_percent": "40",
        "equal-TOTAL_FORMS": "1",
        "equal-INITIAL_FORMS": "0",
        "equal-0-dimension": "stakeholder_group",
        "equal-0-groups": ["private_sector", "civil_society", "technical_academic"],
        "equal-0-tolerance_seats": "2",
    }
    data.update(overrides)
    return data


def test_form_shows_the_current_policy(secretariat_client, revision):
    response = secretariat_client.get(URL)
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert 'name="seat_count" value="55"' in body
    assert 'name="rules-0-max_percent" value="40.0"' in body or 'value="40"' in body


def test_saving_a_policy_makes_a_new_revision_with_the_same_text(secretariat_client, revision):
    response = secretariat_client.post(URL, _post_data())
    assert response.status_code == HTTPStatus.FOUND
    new = Revision.objects.get(number=2)
    assert new.body == revision.body
    policy = MembershipPolicy.from_dict(new.policy)
    assert policy.seat_count == 40
    assert [r.group for r in policy.rules] == ["government", "woman"]
    assert policy.equal_shares[0].tolerance_seats == 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"rules-0-max_percent": "140"}, "rules-0-max_percent", "Enter a number from 0 to 100."),
        (
            {"rules-1-min_percent": "70", "rules-1-max_percent": "50"},
            "rules-1-min_percent",
            "The minimum share is above the maximum share.",
        ),
        ({"rules-0-group": "woman"}, "rules-0-group", "Unknown stakeholder group"),
        ({"equal-0-groups": ["woman", "man"]}, "equal-0-groups", "Unknown stakeholder group"),
        ({"seat_count": "501"}, "seat_count", "Enter a number from 1 to 500."),
    ],
)
def test_impossible_input_gets_field_level_errors(
    secretariat_client, revision, overrides, field, message
):
    response = secretariat_client.post(URL, _post_data(**overrides))
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert message in body
    # The error is tied to the field for screen readers.
    assert f'id="id_{field}_error"' in body or f'aria-describedby="id_{field}_error' in body
    assert not Revision.objects.filter(number=2).exists()


def test_a_rule_without_any_bound_is_refused(secretariat_client, revision):
    response = secretariat_client.post(URL, _post_data(**{"rules-1-min_percent": ""}))
    assert "Give at least one bound" in response.content.decode()


def test_empty_extra_rows_and_deleted_rules_are_ignored(secretariat_client, revision):
    data = _post_data(**{"rules-TOTAL_FORMS": "3", "rules-1-DELETE": "on"})
    response = secretariat_client.post(URL, data)
    assert response.status_code == HTTPStatus.FOUND
    policy = MembershipPolicy.from_dict(Revision.objects.get(number=2).policy)
    assert [r.group for r in policy.rules] == ["government"]


def test_a_conflict_is_reported_and_the_next_save_builds_on_the_latest(
    secretariat_client, revision
):
    RevisionFactory(document=revision.document, number=2)
    response = secretariat_client.post(URL, _post_data())
    assert "Your text was not saved" in response.content.decode()
    assert 'name="based_on_number" value="2"' in response.content.decode()
    again = secretariat_client.post(URL, _post_data(based_on_number="2"))
    assert again.status_code == HTTPStatus.FOUND
