"""Rule and conflict texts on the balance dashboard, the appointment form and the selection
page speak the reader's language: each page is rendered in English, French and Spanish, and the
English sentences must not appear in the other two."""

from __future__ import annotations

import datetime
import re
from http import HTTPStatus

import pytest
from django.utils import translation

from membership.policy import default_policy
from membership.roster.services import appointment_create
from membership.roster.texts import check_text, conflict_text, violation_text
from tests.conftest import login
from tests.factories import AppointmentFactory, CycleFactory, NominationFactory, PersonFactory
from tests.paths import reverse

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def over_limit_cycle(chair):
    """This year's 10-seat cycle: 4 government seats (the 40% limit), then a fifth appointed
    by the chair with an override; 6 nominees, all men, for the seats left."""
    cycle = CycleFactory(
        year=TODAY.year,
        starts_on=TODAY.replace(month=1, day=1),
        ends_on=TODAY.replace(month=12, day=31),
        seat_count=10,
    )
    for i in range(4):
        AppointmentFactory(
            cycle=cycle,
            stakeholder_group="government",
            person=PersonFactory(email=f"g{i}@example.org", gender="man"),
        )
    appointment_create(
        actor=chair,
        person=PersonFactory(name="Rosa Vega", email="rosa@example.org", gender="woman"),
        cycle=cycle,
        stakeholder_group="government",
        status="confirmed",
        override_reason="Host country seat",
    )
    for i in range(6):
        NominationFactory(
            cycle=cycle,
            stakeholder_group="civil_society",
            person=PersonFactory(email=f"n{i}@example.org", gender="man"),
        )
    return cycle


def _page(client, url: str, language: str, method: str = "get", **data: str) -> str:
    response = getattr(client, method)(url, data or None, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.BAD_REQUEST), response.status_code
    assert f'lang="{language}"' in response.content.decode()
    return response.content.decode()


def _english_texts(report, conflicts=()) -> list[str]:
    with translation.override("en"):
        return [
            *(violation_text(v) for v in report.violations),
            *(check_text(c) for c in report.checks),
            *(conflict_text(c) for c in conflicts),
        ]


def _unescaped(html: str) -> str:
    import html as html_module

    return html_module.unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("language", ["fr", "es"])
def test_balance_dashboard_rules_overrides_and_checks(
    client, chair, over_limit_cycle, language
) -> None:
    from membership.roster.selectors import cycle_balance

    login(client, chair)
    balance = cycle_balance(user=chair, cycle=over_limit_cycle)
    english = _english_texts(balance.report)
    url = reverse("roster:balance_cycle", kwargs={"year": over_limit_cycle.year})
    en_page = _unescaped(_page(client, url, "en"))
    assert all(text in en_page for text in english), "the English page lacks a rule text"
    assert "Government would hold 5 of 10 seats" in en_page  # the override's recorded rule
    page = _unescaped(_page(client, url, language))
    left = [text for text in english if text in page]
    assert left == [], f"English rule texts on the {language} dashboard: {left}"
    assert "Government would hold 5 of 10 seats" not in page


@pytest.mark.parametrize("language", ["fr", "es"])
def test_appointment_refusal_names_the_rule_in_the_readers_language(
    client, chair, over_limit_cycle, language
) -> None:
    login(client, chair)
    url = reverse("roster:appointment_create", kwargs={"year": over_limit_cycle.year})
    person = PersonFactory(name="Omar Haddad", email="omar@example.org")
    form = {
        "person": str(person.pk),
        "stakeholder_group": "government",
        "seat_type": "regular",
        "status": "proposed",
        "override_reason": "",
    }
    en_page = _unescaped(_page(client, url, "en", "post", **form))
    assert "Government would hold 6 of 10 seats (60.0%), above the 40% limit (at most 4)" in (
        en_page
    )
    page = _unescaped(_page(client, url, language, "post", **form))
    assert "above the 40% limit" not in page
    assert "would hold" not in page
    assert {"fr": "6 sièges sur 10", "es": "6 de 10 puestos"}[language] in page


@pytest.mark.parametrize("language", ["fr", "es"])
def test_selection_conflicts_in_the_readers_language(
    client, chair, over_limit_cycle, language
) -> None:
    from membership.roster.planning import selection_for

    login(client, chair)
    result, _ = selection_for(user=chair, cycle=over_limit_cycle, policy=default_policy(10))
    assert result.conflicts, "the pool of men should leave the gender target unmet"
    english = _english_texts(result.report, result.conflicts)
    url = reverse("roster:selection_review", kwargs={"year": over_limit_cycle.year})
    en_page = _unescaped(_page(client, url, "en"))
    assert all(text in en_page for text in english)
    page = _unescaped(_page(client, url, language))
    left = [text for text in english if text in page]
    assert left == [], f"English texts on the {language} selection page: {left}"
