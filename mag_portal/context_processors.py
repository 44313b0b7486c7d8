"""Template context shared by every page: the navigation a user may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mag_portal.roles import Role, user_roles


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    body: str = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name, kwargs={"body": self.body} if self.body else None)


ROLE_NAV = {
    Role.CHAIR: NavItem(_("Chair"), "chair_home"),
    Role.SECRETARIAT: NavItem(_("Secretariat"), "secretariat_home"),
    Role.MEMBER: NavItem(_("My bodies"), "member_home"),
}


DEFAULT_BODY_KEY = "mag_portal:default_body_slug"


def _default_body_slug() -> str:
    """The default body's address (cached: it changes about never)."""
    from membership.bodies.selectors import default_body

    slug: str | None = cache.get(DEFAULT_BODY_KEY)
    if slug is None:
        body = default_body()
        if body is None:
            return ""
        slug = body.slug
        cache.set(DEFAULT_BODY_KEY, slug, 300)
    return slug


def navigation(request: HttpRequest) -> dict[str, object]:
    """The default body's ToR and roster and the directory of bodies for everyone; a link to
    the home page of every role the user holds; the account pages for every signed-in user."""
    user = getattr(request, "user", None)
    slug = _default_body_slug()
    items: list[NavItem] = [NavItem(_("Home"), "home")]
    if slug:
        items += [
            NavItem(_("Terms of Reference"), "tor:public", slug),
            NavItem(_("Roster"), "roster:public", slug),
        ]
    items.append(NavItem(_("Bodies"), "bodies:directory"))
    if user is not None and user.is_authenticated:
        roles = user_roles(user)
        if Role.VICE_CHAIR in roles:
            roles = roles | {Role.CHAIR}
        items += [
            ROLE_NAV[role] for role in (Role.CHAIR, Role.SECRETARIAT, Role.MEMBER) if role in roles
        ]
        items.append(NavItem(_("Account"), "account_email"))
        items.append(NavItem(_("Two-factor authentication"), "mfa_index"))
        if user.is_staff:
            items.append(NavItem(_("Administration"), "admin:index"))
    current = request.path_info if request is not None else ""
    return {"nav_items": items, "nav_current_path": current}
