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
