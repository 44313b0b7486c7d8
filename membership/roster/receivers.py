"""Receivers of the roster's own model signals: any write to an appointment, a cycle or a
person's record bumps the version of the bodies it touches (the overview's cached states are
keyed on it). No logic here: each calls one service."""

from __future__ import annotations

from typing import Any

from membership.bodies.services import body_version_bump


def on_appointment_saved(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    from membership.roster.models import Cycle

    body_id = Cycle.objects.filter(pk=instance.cycle_id).values_list("body_id", flat=True).first()
    body_version_bump({body_id} if body_id else set())


def on_cycle_saved(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    body_version_bump({instance.body_id})


def on_person_saved(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    from membership.roster.models import Appointment

    if instance.pk is not None:
        body_version_bump(
            set(
                Appointment.objects.filter(person_id=instance.pk).values_list(
                    "cycle__body_id", flat=True
                )
            )
        )
