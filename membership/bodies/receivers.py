"""Receivers of the roster's signals: a member's role in a body follows their appointments.
No logic here: each calls one service."""

from __future__ import annotations

from typing import Any

from mag_portal.roles import Role
from membership.bodies import services


def on_appointment_confirmed(sender: Any, *, appointment: Any, actor: Any, **kwargs: Any) -> None:
    user = appointment.person.user
    if user is not None:
        services.body_role_grant(
            actor=None,
            body=appointment.cycle.body,
            user=user,
            role=Role.MEMBER,
            reason="Appointment confirmed",
        )


def on_appointment_ended(sender: Any, *, appointment: Any, actor: Any, **kwargs: Any) -> None:
    from membership.roster.models import Appointment

    user = appointment.person.user
    body = appointment.cycle.body
    still_serving = (
        Appointment.objects.ongoing()
        .filter(person_id=appointment.person_id, cycle__body=body)
        .exists()
    )
    if user is not None and not still_serving:
        services.body_member_role_end(body=body, user=user, reason="Appointment ended")


def on_person_account_linked(sender: Any, *, person: Any, actor: Any, **kwargs: Any) -> None:
    from membership.roster.models import Appointment

    for appointment in (
        Appointment.objects.ongoing().filter(person_id=person.pk).select_related("cycle__body")
    ):
        services.body_role_grant(
            actor=None,
            body=appointment.cycle.body,
            user=person.user,
            role=Role.MEMBER,
            reason="Login account linked",
        )
