"""Roles and what each may do: the one place that states it.

Roles are Django groups (created by ``mag_portal/migrations/0001_roles.py``). A user's
capabilities are the union of their roles' capabilities. Views check capabilities, never group
names, so a role's powers change here and nowhere else. Object-level rules (a member sees their
own checklist only) are checked in each app's selectors with django-guardian.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from mag_portal.types import Viewer


class Role(StrEnum):
    """A role is a group; its value is the group's name."""

    CHAIR = "Chair"
    SECRETARIAT = "Secretariat"
    MEMBER = "Member"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.CHAIR: _("MAG chair"),
    Role.SECRETARIAT: _("IGF Secretariat"),
    Role.MEMBER: _("MAG member"),
}


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

# Roles whose accounts must have MFA switched on before they may use any page beyond setting it up.
MFA_REQUIRED_ROLES = frozenset({Role.CHAIR, Role.SECRETARIAT})

# When a user holds several roles, their home page is that of the first one here.
HOME_PRECEDENCE = (Role.CHAIR, Role.SECRETARIAT, Role.MEMBER)

_CACHE_ATTR = "_mag_roles"


def user_roles(user: Viewer) -> frozenset[Role]:
    """The roles of ``user`` (empty for anonymous users), cached on the user object."""
    if not user.is_authenticated:
        return frozenset()
    cached: frozenset[Role] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        known = {role.value for role in Role}
        names = user.groups.filter(name__in=known).values_list("name", flat=True)
        cached = frozenset(Role(name) for name in names)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def has_role(user: Viewer, role: Role) -> bool:
    return role in user_roles(user)


def user_capabilities(user: Viewer) -> frozenset[Capability]:
    """Everything ``user`` may do by their roles; a superuser may do everything."""
    if not user.is_authenticated:
        return frozenset()
    if user.is_superuser:
        return frozenset(Capability)
    caps: set[Capability] = set()
    for role in user_roles(user):
        caps |= ROLE_CAPABILITIES[role]
    return frozenset(caps)


def has_capability(user: Viewer, capability: Capability) -> bool:
    return capability in user_capabilities(user)


def requires_mfa(user: Viewer) -> bool:
    """Chair and Secretariat accounts, and superusers, must use MFA."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(user_roles(user) & MFA_REQUIRED_ROLES)


def home_role(user: Viewer) -> Role | None:
    roles = user_roles(user)
    return next((role for role in HOME_PRECEDENCE if role in roles), None)


def clear_role_cache(user: Viewer) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
