"""Two writers at once can never jointly break a hard rule: the appointment services lock the
cycle row before they check. PostgreSQL only (SQLite serialises every write anyway)."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection, connections

from mag_portal.roles import Role
from membership.roster.models import Appointment
from membership.roster.services import RuleViolationError, appointment_create
from tests.factories import AppointmentFactory, CycleFactory, PersonFactory, UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

ATTEMPTS = 10
ROUNDS = 5


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")


def test_parallel_government_appointments_never_pass_the_limit() -> None:
    # Transactional tests flush the database, roles' groups included: make sure it is there.
    Group.objects.get_or_create(name=Role.CHAIR.value)
    chair = UserFactory(roles=[Role.CHAIR], mfa=True)
    outcomes: list[tuple[int, int, int]] = []
    for round_number in range(ROUNDS):
        cycle = CycleFactory(year=2030 + round_number, seat_count=10)  # at most 4 government
        for _ in range(2):
            AppointmentFactory(cycle=cycle, stakeholder_group="government")
        people = [PersonFactory() for _ in range(ATTEMPTS)]
        barrier = threading.Barrier(ATTEMPTS)
        results: list[str] = []
        lock = threading.Lock()

        def attempt(person, cycle=cycle, barrier=barrier, results=results, lock=lock) -> None:
            try:
                barrier.wait()
                appointment_create(
                    actor=chair, person=person, cycle=cycle, stakeholder_group="government"
                )
                outcome = "ok"
            except RuleViolationError:
                outcome = "refused"
            except Exception as e:  # reported in the assertion, not lost in the thread
                outcome = f"error: {e!r}"
            finally:
                connections.close_all()
            with lock:
                results.append(outcome)

        threads = [threading.Thread(target=attempt, args=(p,)) for p in people]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        government = Appointment.objects.filter(cycle=cycle, stakeholder_group="government").count()
        outcomes.append((results.count("ok"), results.count("refused"), government))
        assert government == 4, outcomes
        assert results.count("ok") == 2, outcomes
        assert results.count("refused") == ATTEMPTS - 2, outcomes
    print(f"\n  {ROUNDS} rounds of {ATTEMPTS} parallel attempts (ok, refused, seats): {outcomes}")
