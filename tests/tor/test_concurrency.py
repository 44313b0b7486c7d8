"""Concurrent adoptions on PostgreSQL: exactly one revision ends up in force."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection, connections

from mag_portal.roles import Role
from membership.tor import services
from membership.tor.models import Revision, RevisionStatus
from tests.factories import DocumentFactory, RevisionFactory, UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_parallel_adoptions_leave_exactly_one_revision_in_force():
    # A transactional test may follow others that flushed the role groups of the migration.
    Group.objects.get_or_create(name=Role.CHAIR.value)
    chair = UserFactory(email="chair.concurrent@example.org", roles=[Role.CHAIR])
    document = DocumentFactory(slug="member-tor", is_main=True)
    revisions = [RevisionFactory(document=document, number=n, status="draft") for n in range(1, 7)]
    # Every revision is adopted by two threads at once, twelve attempts in all.
    targets = [r for r in revisions for _ in range(2)]
    barrier = threading.Barrier(len(targets))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(revision: Revision) -> None:
        try:
            barrier.wait()
            services.revision_adopt(
                revision=revision, effective_date=dt.date(2026, 1, 1), actor=chair
            )
            result = "adopted"
        except ValidationError:
            result = "refused"
        except Exception as error:  # reported in the assertion below, not lost in a thread
            result = f"error: {error!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(r,)) for r in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(outcomes) == len(targets)
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    assert "adopted" in outcomes
    assert "refused" in outcomes  # the second attempt on each revision at least
    in_force = Revision.objects.filter(document=document, status=RevisionStatus.ADOPTED)
    assert in_force.count() == 1
    # Whatever the order, nothing later than the one in force was adopted after it.
    assert in_force.get().number == max(
        Revision.objects.filter(
            document=document, status__in=[RevisionStatus.ADOPTED, RevisionStatus.SUPERSEDED]
        ).values_list("number", flat=True)
    )
