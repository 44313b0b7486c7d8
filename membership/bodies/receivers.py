"""Receivers of the roster's signals: a member's role in a body follows their terms there
(``services.member_role_follow``). No logic here: each reads the terms and calls the service."""

from __future__ import annotations

from typing import Any

from membership.bodies import services


def _follow(person: Any, body: Any, reason: str) -> None:
    from membership.roster.selectors import member_until

    if person.user is not None:
        services.member_role_follow(
            body=body, user=person.user, until=member_until(person, body), reason=reason
        )


def on_appointment_confirmed(sender: Any, *, appointment: Any, actor: Any, **kwargs: Any) -> None:
    _follow(appointment.person, appointment.cycle.body, "Appointment confirmed")


def on_appointment_ended(sender: Any, *, appointment: Any, actor: Any, **kwargs: Any) -> None:
    _follow(appointment.person, appointment.cycle.body, "Appointment ended")


def on_person_account_linked(sender: Any, *, person: Any, actor: Any, **kwargs: Any) -> None:
    from membership.roster.models import Appointment

    bodies = {
        a.cycle.body_id: a.cycle.body
        for a in Appointment.objects.ongoing()
        .filter(person_id=person.pk)
        .select_related("cycle__body")
    }
    for body in bodies.values():
        _follow(person, body, "Login account linked")
