"""Who may do what with onboarding: each access rule stated once, as a small predicate that
services, selectors, views and templates all ask. A member's rights on their own checklist
are django-guardian object permissions, granted by the service that makes the checklist (or
links the member's account) and never during a page view; rules that depend only on an item
live on the model (``ChecklistItem.is_open``)."""

from __future__ import annotations

from mag_portal.roles import Capability, Role
from mag_portal.types import Viewer
from membership.bodies.models import Body
from membership.bodies.rules import can, roles_in
from onboarding.models import Assignee, Checklist, ChecklistItem, ItemKind, ItemStatus

# Object permissions on a checklist: seeing it, and acting on the member's items.
VIEW = "onboarding.view_checklist"
ACT = "onboarding.act_on_checklist"


def body_of(checklist: Checklist) -> Body:
    return checklist.appointment.cycle.body


def can_see_all(user: Viewer, body: Body) -> bool:
    """Every member's onboarding in ``body``: the board, any checklist (its Secretariat and
    chair)."""
    return can(user, Capability.VIEW_ALL_ONBOARDING, body)


def can_manage(user: Viewer, body: Body) -> bool:
    """Act on any item, waive items, assign buddies in ``body``: its Secretariat."""
    return can(user, Capability.MANAGE_ONBOARDING, body)


def can_manage_templates(user: Viewer, body: Body) -> bool:
    return can(user, Capability.MANAGE_CHECKLIST_TEMPLATES, body)


def can_view_checklist(user: Viewer, checklist: Checklist) -> bool:
    """Those who see all of the body's, the member it belongs to and their onboarding buddy."""
    return can_see_all(user, body_of(checklist)) or (
        user.is_authenticated and user.has_perm(VIEW, checklist)
    )


def can_act_on(user: Viewer, item: ChecklistItem) -> bool:
    """Whether ``user`` is responsible for ``item``: the body's Secretariat for any, its chair
    for the chair's, the member for their own (by object permission)."""
    body = body_of(item.checklist)
    if can_manage(user, body):
        return True
    if item.assignee == Assignee.CHAIR:
        return bool({Role.CHAIR, Role.VICE_CHAIR} & roles_in(user, body))
    if item.assignee == Assignee.MEMBER:
        return user.is_authenticated and user.has_perm(ACT, item.checklist)
    return False


def can_complete(user: Viewer, item: ChecklistItem, *, blocked: bool) -> bool:
    """Mark done with one click: an open, unblocked item of one's own that needs no more than
    a click (an acceptance of the ToR or an upload completes itself)."""
    return (
        item.is_open
        and not blocked
        and item.kind not in (ItemKind.ACCEPT_TOR, ItemKind.UPLOAD)
        and can_act_on(user, item)
    )


def can_accept_tor(user: Viewer, item: ChecklistItem, *, blocked: bool) -> bool:
    return (
        item.is_open and not blocked and item.kind == ItemKind.ACCEPT_TOR and can_act_on(user, item)
    )


def can_upload(user: Viewer, item: ChecklistItem, *, blocked: bool) -> bool:
    return item.is_open and not blocked and item.kind == ItemKind.UPLOAD and can_act_on(user, item)


def can_undo(user: Viewer, item: ChecklistItem) -> bool:
    """Put a settled item back to do: a waiver only by the Secretariat; a completion by whoever
    may complete it, except an acceptance of the ToR (the acceptance is a record of its own)."""
    if item.status == ItemStatus.WAIVED:
        return can_manage(user, body_of(item.checklist))
    if item.status == ItemStatus.DONE:
        return item.kind != ItemKind.ACCEPT_TOR and can_act_on(user, item)
    return False


def can_waive(user: Viewer, item: ChecklistItem) -> bool:
    return item.is_open and can_manage(user, body_of(item.checklist))
