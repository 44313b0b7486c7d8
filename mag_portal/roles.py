"""Roles and what each may do: the one place that states it.

A role is held either globally or in one body. The IGF Secretariat is global: a Django group
(created by ``mag_portal/migrations/0001_roles.py``) whose capabilities hold in every body.
The chair, vice-chair, body secretariat and member roles are held in one body
(``bodies.BodyRole``), and grant their capabilities there only, through django-guardian object
permissions on the body (``membership.bodies.rules.can``). Views and services check
capabilities, never role names, so a role's powers change here and nowhere else.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from mag_portal.types import Viewer


class Role(StrEnum):
    """A role; for the global one (the IGF Secretariat) its value is the group's name."""

    CHAIR = "Chair"
    VICE_CHAIR = "Vice-chair"
    SECRETARIAT = "Secretariat"
    MEMBER = "Member"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.CHAIR: _("Chair"),
    Role.VICE_CHAIR: _("Vice-chair"),
    Role.SECRETARIAT: _("Secretariat"),
    Role.MEMBER: _("Member"),
}

# Roles held as groups, whose capabilities hold in every body: the IGF Secretariat.
GLOBAL_ROLES = frozenset({Role.SECRETARIAT})


class Capability(StrEnum):
    """Something a role may do. Public abilities (read the adopted ToR, the public roster)
    need no capability."""

    # Member
    VIEW_OWN_PROFILE = "view_own_profile"
    VIEW_OWN_CHECKLIST = "view_own_checklist"
    COMMENT_ON_TOR = "comment_on_tor"
    ACKNOWLEDGE_TOR = "acknowledge_tor"
    # Secretariat
    DRAFT_TOR = "draft_tor"
    RUN_CONSULTATION = "run_consultation"
    ANSWER_COMMENTS = "answer_comments"
    MANAGE_CHECKLIST_TEMPLATES = "manage_checklist_templates"
    MANAGE_ONBOARDING = "manage_onboarding"
    MANAGE_NOMINATIONS = "manage_nominations"
    # Chair
    MANAGE_ROSTER = "manage_roster"
    RUN_SELECTION = "run_selection"
    ADOPT_TOR = "adopt_tor"
    # Chair and Secretariat
    VIEW_ALL_ONBOARDING = "view_all_onboarding"
    VIEW_PRIVATE_MEMBER_DATA = "view_private_member_data"
    VIEW_BALANCE = "view_balance"
    VIEW_TOR_DRAFTS = "view_tor_drafts"
    # Secretariat: a body's page, its roles (the IGF Secretariat also creates bodies)
    MANAGE_BODIES = "manage_bodies"

    @property
    def label(self) -> str:
        return str(CAPABILITY_LABELS[self])


C = Capability

CAPABILITY_LABELS = {
    C.VIEW_OWN_PROFILE: _("Keep your own member profile up to date"),
    C.VIEW_OWN_CHECKLIST: _("Work through your onboarding checklist"),
    C.COMMENT_ON_TOR: _("Comment on a Terms of Reference draft in consultation"),
    C.ACKNOWLEDGE_TOR: _("Accept the Terms of Reference in force"),
    C.DRAFT_TOR: _("Draft and revise the Terms of Reference"),
    C.RUN_CONSULTATION: _("Open and close consultations on a draft"),
    C.ANSWER_COMMENTS: _("Answer consultation comments"),
    C.MANAGE_CHECKLIST_TEMPLATES: _("Manage onboarding checklist templates"),
    C.MANAGE_ONBOARDING: _("Manage every member's onboarding"),
    C.MANAGE_NOMINATIONS: _("Manage nominations"),
    C.MANAGE_ROSTER: _("Appoint, renew and end appointments"),
    C.RUN_SELECTION: _("Run balanced selection from the nominee pool"),
    C.ADOPT_TOR: _("Adopt a Terms of Reference revision"),
    C.VIEW_ALL_ONBOARDING: _("See everyone's onboarding progress"),
    C.VIEW_PRIVATE_MEMBER_DATA: _("See members' contact details and gender"),
    C.VIEW_BALANCE: _("See the balance dashboard"),
    C.VIEW_TOR_DRAFTS: _("Read Terms of Reference drafts"),
    C.MANAGE_BODIES: _("Manage bodies and who holds a role in each"),
}

ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.MEMBER: frozenset(
        {C.VIEW_OWN_PROFILE, C.VIEW_OWN_CHECKLIST, C.COMMENT_ON_TOR, C.ACKNOWLEDGE_TOR}
    ),
    Role.SECRETARIAT: frozenset(
        {
            C.DRAFT_TOR,
            C.RUN_CONSULTATION,
            C.ANSWER_COMMENTS,
            C.VIEW_TOR_DRAFTS,
            C.MANAGE_CHECKLIST_TEMPLATES,
            C.MANAGE_ONBOARDING,
            C.VIEW_ALL_ONBOARDING,
            C.MANAGE_NOMINATIONS,
            C.VIEW_PRIVATE_MEMBER_DATA,
            C.VIEW_BALANCE,
            C.MANAGE_BODIES,
        }
    ),
    Role.CHAIR: frozenset(
        {
            C.MANAGE_ROSTER,
            C.RUN_SELECTION,
            C.ADOPT_TOR,
            C.VIEW_TOR_DRAFTS,
            C.VIEW_ALL_ONBOARDING,
            C.VIEW_PRIVATE_MEMBER_DATA,
            C.VIEW_BALANCE,
        }
    ),
}

ROLE_CAPABILITIES[Role.VICE_CHAIR] = ROLE_CAPABILITIES[Role.CHAIR]  # acts for the chair

# Roles whose accounts must have MFA switched on before they may use any page beyond setting it up.
MFA_REQUIRED_ROLES = frozenset({Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARIAT})

# When a user holds several roles, their home page is that of the first one here.
HOME_PRECEDENCE = (Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARIAT, Role.MEMBER)

_CACHE_ATTR = "_mag_roles"
_GLOBAL_CACHE_ATTR = "_mag_global_roles"


def global_roles(user: Viewer) -> frozenset[Role]:
    """The global roles of ``user`` (their groups), cached on the user object."""
    if not user.is_authenticated:
        return frozenset()
    cached: frozenset[Role] | None = getattr(user, _GLOBAL_CACHE_ATTR, None)
    if cached is None:
        known = {role.value for role in GLOBAL_ROLES}
        names = user.groups.filter(name__in=known).values_list("name", flat=True)
        cached = frozenset(Role(name) for name in names)
        setattr(user, _GLOBAL_CACHE_ATTR, cached)
    return cached


def user_roles(user: Viewer) -> frozenset[Role]:
    """Every role ``user`` holds: global ones and those held today in any body (for the home
    page, the navigation and the MFA requirement; rights in a body are asked per body)."""
    if not user.is_authenticated:
        return frozenset()
    cached: frozenset[Role] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from membership.bodies.rules import roles_in_any_body

        cached = global_roles(user) | roles_in_any_body(user)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def has_role(user: Viewer, role: Role) -> bool:
    """Whether ``user`` holds ``role`` globally or in some body."""
    return role in user_roles(user)


def global_capabilities(user: Viewer) -> frozenset[Capability]:
    """What ``user`` may do in every body by a global role; a superuser may do everything."""
    if not user.is_authenticated:
        return frozenset()
    if user.is_superuser:
        return frozenset(Capability)
    caps: set[Capability] = set()
    for role in global_roles(user):
        caps |= ROLE_CAPABILITIES[role]
    return frozenset(caps)


def has_capability(user: Viewer, capability: Capability) -> bool:
    """Whether ``user`` may do ``capability`` in every body (by a global role). In one body,
    ask ``membership.bodies.rules.can(user, capability, body)``."""
    return capability in global_capabilities(user)


def requires_mfa(user: Viewer) -> bool:
    """Chair and Secretariat accounts, and superusers, must use MFA."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(user_roles(user) & MFA_REQUIRED_ROLES)


def home_role(user: Viewer) -> Role | None:
    roles = user_roles(user)
    return next((role for role in HOME_PRECEDENCE if role in roles), None)


def clear_role_cache(user: Viewer) -> None:
    for attribute in (_CACHE_ATTR, _GLOBAL_CACHE_ATTR, "_mag_body_roles", "_mag_body_perms"):
        if hasattr(user, attribute):
            delattr(user, attribute)
