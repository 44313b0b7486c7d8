"""Home pages for each role, and the shared pages every deployment needs."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import User
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from mag_portal.permissions import require
from mag_portal.roles import ROLE_CAPABILITIES, Role, has_role, home_role
from mag_portal.selectors import account_state
from mag_portal.types import AuthenticatedRequest, PublicRequest
from membership.bodies import rules as body_rules
from membership.bodies import selectors as bodies_selectors
from membership.bodies.overview import bodies_at_hand, bodies_overview
from membership.bodies.rules import roles_in
from membership.tor import selectors as tor_selectors
from onboarding import selectors as onboarding_selectors

ROLE_HOME_URL_NAMES = {
    Role.CHAIR: "chair_home",
    Role.VICE_CHAIR: "chair_home",
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
    return render(request, "home/public.html", {"default_body": bodies_selectors.default_body()})


@require_safe
def chair_home(request: AuthenticatedRequest) -> HttpResponse:
    """The bodies the user chairs: their roster, ToR and the chair's onboarding items."""
    require(has_role(request.user, Role.CHAIR) or has_role(request.user, Role.VICE_CHAIR))
    chaired = [
        b
        for b in bodies_selectors.bodies_of(request.user)
        if {Role.CHAIR, Role.VICE_CHAIR} & roles_in(request.user, b)
    ]
    panels = {
        "home_bodies": chaired,
        "tor_documents": list(tor_selectors.documents_list(chaired)),
        "role_items": onboarding_selectors.role_items(request.user),
    }
    return _role_home(request, Role.CHAIR, panels)


@require_safe
def secretariat_home(request: AuthenticatedRequest) -> HttpResponse:
    """The bodies the user serves as Secretariat (all of them for the IGF Secretariat): the
    ones at hand (all when few, else the default body and those needing attention), their
    documents, onboarding items and buddies; the overview lists every one."""
    require(has_role(request.user, Role.SECRETARIAT))
    states = bodies_overview(user=request.user)
    at_hand = bodies_at_hand(states)
    bodies = [state.body for state in at_hand]
    panels = {
        "home_bodies": bodies,
        "overview": at_hand,
        "body_count": len(states),
        "can_create_bodies": body_rules.can_create_bodies(request.user),
        "tor_documents": list(tor_selectors.documents_list(bodies)),
        "role_items": onboarding_selectors.role_items(request.user),
        "buddy_checklists": onboarding_selectors.buddy_checklists(request.user),
    }
    return _role_home(request, Role.SECRETARIAT, panels)


@require_safe
def member_home(request: AuthenticatedRequest) -> HttpResponse:
    """Every body the member serves: their checklist in each, the documents in force and in
    consultation, and what they have yet to accept."""
    require(has_role(request.user, Role.MEMBER))
    served = bodies_selectors.bodies_where_member(request.user)
    panels = {
        "home_bodies": served,
        "tor_documents": list(tor_selectors.documents_list(served)),
        "onboarding_checklists": onboarding_selectors.own_checklist_views(request.user),
        "pending_acceptances": tor_selectors.pending_acknowledgements(request.user),
    }
    return _role_home(request, Role.MEMBER, panels)


@login_not_required
@require_safe
def legacy_redirect(request: PublicRequest, area: str, rest: str) -> HttpResponse:
    """An address from before bodies (``/roster/...``, ``/tor/...``, ``/onboarding/...``):
    the same page of the default body (the MAG); people moved to ``/people/``."""
    query = f"?{request.META['QUERY_STRING']}" if request.META.get("QUERY_STRING") else ""
    if area == "roster" and rest.startswith("people/"):
        return redirect("/" + rest + query)
    body = bodies_selectors.default_body()
    if body is None:
        raise Http404
    return redirect(f"/b/{body.slug}/{area}/{rest}{query}")


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
