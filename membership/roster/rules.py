"""Who may do what on a body's roster: each access rule stated once, as a small predicate that
services, selectors, views and templates all ask. Rights are held in a body
(``membership.bodies.rules.can``): the chair of the Leadership Panel has none on the MAG.
Rules that depend only on a row live on the model (``Appointment.is_ended``)."""

from __future__ import annotations

from mag_portal.roles import Capability, has_capability
from mag_portal.types import Viewer
from membership.bodies.models import Body
from membership.bodies.rules import body_roles, can
from membership.roster.models import Person

IMPORT_KINDS = ("roster", "nominations")


def can_view_balance(user: Viewer, body: Body) -> bool:
    """The balance dashboard, rotation planning: the chair and the Secretariat."""
    return can(user, Capability.VIEW_BALANCE, body)


def can_manage_roster(user: Viewer, body: Body) -> bool:
    """Appoint, renew, end appointments, create cycles, override a rule: the chair."""
    return can(user, Capability.MANAGE_ROSTER, body)


def can_manage_nominations(user: Viewer, body: Body) -> bool:
    return can(user, Capability.MANAGE_NOMINATIONS, body)


def can_run_selection(user: Viewer, body: Body) -> bool:
    return can(user, Capability.RUN_SELECTION, body)


def can_see_nominations(user: Viewer, body: Body) -> bool:
    """A cycle's nominations: the Secretariat, who manages them, and the chair, who selects."""
    return can_manage_nominations(user, body) or can_run_selection(user, body)


def can_see_private_data(user: Viewer, body: Body) -> bool:
    """Contact details and gender of the body's people; its CSV export."""
    return can(user, Capability.VIEW_PRIVATE_MEMBER_DATA, body)


def can_see_roster(user: Viewer, body: Body) -> bool:
    """The current members by stakeholder group: everyone when the body's roster is public,
    else its members, chair and Secretariat."""
    return (
        body.roster_is_public
        or bool(body_roles(user).get(body.pk))
        or can_see_private_data(user, body)
    )


def _anywhere(user: Viewer, *capabilities: Capability) -> bool:
    """``user`` has one of ``capabilities`` globally or in some body (for the pages of people,
    who belong to no single body)."""
    if any(has_capability(user, c) for c in capabilities):
        return True
    from mag_portal.roles import ROLE_CAPABILITIES

    return any(
        capability in ROLE_CAPABILITIES[role]
        for roles in body_roles(user).values()
        for role in roles
        for capability in capabilities
    )


def can_manage_people(user: Viewer) -> bool:
    """Add people (members, nominees): the chair or the Secretariat of some body."""
    return _anywhere(user, Capability.MANAGE_ROSTER, Capability.MANAGE_NOMINATIONS)


def can_view_own_profile(user: Viewer) -> bool:
    """A member's own record: whoever is a member of some body."""
    return _anywhere(user, Capability.VIEW_OWN_PROFILE)


def can_list_people(user: Viewer) -> bool:
    """The list of people on record: whoever sees private data in some body (the list shows
    the IGF Secretariat everyone, a body's chair the people of their body)."""
    return _anywhere(user, Capability.VIEW_PRIVATE_MEMBER_DATA)


def is_own_record(user: Viewer, person: Person) -> bool:
    return user.is_authenticated and person.user_id is not None and person.user_id == user.pk


def can_see_private(user: Viewer, person: Person, bodies: list[Body]) -> bool:
    """A person's gender and contact details: the person, the IGF Secretariat, and the chair
    and Secretariat of a body the person serves or was nominated for (``bodies``)."""
    if is_own_record(user, person) or has_capability(user, Capability.VIEW_PRIVATE_MEMBER_DATA):
        return True
    return any(can_see_private_data(user, body) for body in bodies)


def can_view_person(user: Viewer, person: Person, bodies: list[Body]) -> bool:
    """A person's page: who may see their private data (others: out of scope)."""
    return can_see_private(user, person, bodies)


def can_edit_person(user: Viewer, person: Person, bodies: list[Body]) -> bool:
    """The person themselves, and the chair or Secretariat of a body they serve or were
    nominated for; the IGF Secretariat."""
    if is_own_record(user, person) or has_capability(user, Capability.MANAGE_NOMINATIONS):
        return True
    return any(
        can_manage_roster(user, body) or can_manage_nominations(user, body) for body in bodies
    )


def can_import(user: Viewer, body: Body, kind: str) -> bool:
    """A roster file (appointments) is the chair's; a nomination list the Secretariat's."""
    if kind == "roster":
        return can_manage_roster(user, body)
    if kind == "nominations":
        return can_manage_nominations(user, body)
    return False


def can_import_any(user: Viewer, body: Body) -> bool:
    return any(can_import(user, body, kind) for kind in IMPORT_KINDS)
