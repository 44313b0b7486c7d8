"""Template context shared by every page: the navigation a user may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mag_portal.roles import Capability, Role, has_capability, user_roles


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


ROLE_NAV = {
    Role.CHAIR: NavItem(_("Chair"), "chair_home"),
    Role.SECRETARIAT: NavItem(_("Secretariat"), "secretariat_home"),
    Role.MEMBER: NavItem(_("My MAG"), "member_home"),
}


def navigation(request: HttpRequest) -> dict[str, object]:
    """Each role sees a link to the home page of every role it holds; the account pages are
    for every signed-in user."""
    user = getattr(request, "user", None)
    items: list[NavItem] = [
        NavItem(_("Home"), "home"),
        NavItem(_("Terms of Reference"), "tor:public"),
        NavItem(_("Roster"), "roster:public"),
    ]
    if user is not None and user.is_authenticated:
        roles = user_roles(user)
        items += [
            ROLE_NAV[role] for role in (Role.CHAIR, Role.SECRETARIAT, Role.MEMBER) if role in roles
        ]
        if has_capability(user, Capability.VIEW_BALANCE):
            items.append(NavItem(_("Balance"), "roster:balance_current"))
        items.append(NavItem(_("Account"), "account_email"))
        items.append(NavItem(_("Two-factor authentication"), "mfa_index"))
        if user.is_staff:
            items.append(NavItem(_("Administration"), "admin:index"))
    current = request.path_info if request is not None else ""
    return {"nav_items": items, "nav_current_path": current}
