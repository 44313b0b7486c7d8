"""Who may do what on the roster: each access rule stated once, as a small predicate that
services, selectors, views and templates all ask. Rules that depend only on a row live on the
model (``Appointment.is_ended``)."""

from __future__ import annotations

from mag_portal.roles import Capability, has_capability
from mag_portal.types import Viewer
from membership.roster.models import Person

IMPORT_KINDS = ("roster", "nominations")


def can_view_balance(user: Viewer) -> bool:
    """The balance dashboard, rotation planning: the chair and the Secretariat."""
    return has_capability(user, Capability.VIEW_BALANCE)


def can_manage_roster(user: Viewer) -> bool:
    """Appoint, renew, end appointments, create cycles, override a rule: the chair."""
    return has_capability(user, Capability.MANAGE_ROSTER)


def can_manage_nominations(user: Viewer) -> bool:
    return has_capability(user, Capability.MANAGE_NOMINATIONS)


def can_run_selection(user: Viewer) -> bool:
    return has_capability(user, Capability.RUN_SELECTION)


def can_see_nominations(user: Viewer) -> bool:
    """A cycle's nominations: the Secretariat, who manages them, and the chair, who selects."""
    return can_manage_nominations(user) or can_run_selection(user)


def can_manage_people(user: Viewer) -> bool:
    """Add people (members, nominees) and edit anyone's record."""
    return can_manage_roster(user) or can_manage_nominations(user)


def can_see_private_data(user: Viewer) -> bool:
    """Contact details and gender of everyone; the people list; the CSV export."""
    return has_capability(user, Capability.VIEW_PRIVATE_MEMBER_DATA)


def is_own_record(user: Viewer, person: Person) -> bool:
    return user.is_authenticated and person.user_id is not None and person.user_id == user.pk


def can_see_private(user: Viewer, person: Person) -> bool:
    """A person's gender and contact details: the person, the chair and the Secretariat."""
    return can_see_private_data(user) or is_own_record(user, person)


def can_view_person(user: Viewer, person: Person) -> bool:
    """A person's page: the chair and the Secretariat see anyone, a member their own."""
    return can_see_private(user, person)


def can_edit_person(user: Viewer, person: Person) -> bool:
    return is_own_record(user, person) or can_manage_people(user)


def can_import(user: Viewer, kind: str) -> bool:
    """A roster file (appointments) is the chair's; a nomination list the Secretariat's."""
    if kind == "roster":
        return can_manage_roster(user)
    if kind == "nominations":
        return can_manage_nominations(user)
    return False


def can_import_any(user: Viewer) -> bool:
    return any(can_import(user, kind) for kind in IMPORT_KINDS)
