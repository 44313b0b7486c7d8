"""Home pages for each role, and the shared pages every deployment needs."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import User
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from mag_portal.permissions import capability_required
from mag_portal.roles import ROLE_CAPABILITIES, Capability, Role, home_role
from mag_portal.selectors import account_state
from mag_portal.types import AuthenticatedRequest, PublicRequest
from membership.tor import selectors as tor_selectors
from onboarding import selectors as onboarding_selectors

ROLE_HOME_URL_NAMES = {
    Role.CHAIR: "chair_home",
    Role.SECRETARIAT: "secretariat_home",
    Role.MEMBER: "member_home",
}


@login_not_required
@require_safe
def home(request: PublicRequest) -> HttpResponse:
    """The public home page; signed-in users go on to the home page of their role."""
    user = request.user
    if user.is_authenticated:
        role = home_role(user)
        if role is not None:
            return redirect(ROLE_HOME_URL_NAMES[role])
        return render(request, "home/no_role.html", _account_context(user))
    return render(request, "home/public.html")


@require_safe
@capability_required(Capability.MANAGE_ROSTER)
def chair_home(request: AuthenticatedRequest) -> HttpResponse:
    panels = {
        "tor_documents": list(tor_selectors.documents_list()),
        "role_items": onboarding_selectors.role_items(request.user),
    }
    return _role_home(request, Role.CHAIR, panels)


@require_safe
@capability_required(Capability.DRAFT_TOR)
def secretariat_home(request: AuthenticatedRequest) -> HttpResponse:
    panels = {
        "tor_documents": list(tor_selectors.documents_list()),
        "role_items": onboarding_selectors.role_items(request.user),
        "buddy_checklists": onboarding_selectors.buddy_checklists(request.user),
    }
    return _role_home(request, Role.SECRETARIAT, panels)


@require_safe
@capability_required(Capability.VIEW_OWN_CHECKLIST)
def member_home(request: AuthenticatedRequest) -> HttpResponse:
    panels = {
        "tor_documents": list(tor_selectors.documents_list()),
        "onboarding_checklist": onboarding_selectors.own_checklist_view(request.user),
        "tor_in_force": tor_selectors.main_revision_in_force(),
    }
    return _role_home(request, Role.MEMBER, panels)


def _role_home(request: AuthenticatedRequest, role: Role, panels: dict[str, Any]) -> HttpResponse:
    """A role's home page: each capability's panel (read by the view through its app's
    selectors), what the role may do, and the account's state."""
    context = {
        "role": role,
        "capabilities": sorted(ROLE_CAPABILITIES[role], key=lambda c: c.label),
        **panels,
        **_account_context(request.user),
    }
    return render(request, f"home/{role.name.lower()}.html", context)


def _account_context(user: User) -> dict[str, object]:
    state = account_state(user)
    return {
        "roles": state.roles,
        "has_totp": state.has_totp,
        "email_verified": state.email_verified,
    }


@login_not_required
@never_cache
@require_safe
def healthz(request: PublicRequest) -> JsonResponse:
    """Liveness and database check for load balancers and uptime monitors."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
