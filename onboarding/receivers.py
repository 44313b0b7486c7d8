"""Receivers of membership's signals. No logic here: each calls one onboarding service."""

from __future__ import annotations

from typing import Any

from onboarding import services


def on_appointment_confirmed(sender: Any, *, appointment: Any, actor: Any, **kwargs: Any) -> None:
    services.checklist_create(appointment=appointment, actor=actor)


def on_revision_adopted(sender: Any, *, revision: Any, actor: Any, **kwargs: Any) -> None:
    services.tor_items_add(revision=revision, actor=actor)


def on_revision_acknowledged(
    sender: Any, *, acknowledgement: Any, actor: Any, **kwargs: Any
) -> None:
    services.tor_items_complete(acknowledgement=acknowledgement, actor=actor)


def on_person_account_linked(sender: Any, *, person: Any, actor: Any, **kwargs: Any) -> None:
    services.checklists_owner_grant(person=person)


def on_checklist_saved(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    """A checklist written: the overview of its body changed."""
    from membership.bodies.services import body_version_bump
    from membership.roster.models import Appointment

    body_ids = Appointment.objects.filter(pk=instance.appointment_id).values_list(
        "cycle__body_id", flat=True
    )
    body_version_bump(set(body_ids))


def on_item_saved(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    from membership.bodies.services import body_version_bump
    from onboarding.models import Checklist

    body_ids = Checklist.objects.filter(pk=instance.checklist_id).values_list(
        "appointment__cycle__body_id", flat=True
    )
    body_version_bump(set(body_ids))
