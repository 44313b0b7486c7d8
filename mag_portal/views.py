"""Home pages for each role, and the shared pages every deployment needs."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from mag_portal.permissions import capability_required
from mag_portal.roles import (
    ROLE_CAPABILITIES,
    Capability,
    Role,
    home_role,
    user_roles,
)

ROLE_HOME_URL_NAMES = {
    Role.CHAIR: "chair_home",
    Role.SECRETARIAT: "secretariat_home",
    Role.MEMBER: "member_home",
}


@login_not_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The public home page; signed-in users go on to the home page of their role."""
    if request.user.is_authenticated:
        role = home_role(request.user)
        if role is not None:
            return redirect(ROLE_HOME_URL_NAMES[role])
        return render(request, "home/no_role.html", _account_context(request))
    return render(request, "home/public.html")


@require_safe
@capability_required(Capability.MANAGE_ROSTER)
def chair_home(request: HttpRequest) -> HttpResponse:
    return _role_home(request, Role.CHAIR)


@require_safe
@capability_required(Capability.DRAFT_TOR)
def secretariat_home(request: HttpRequest) -> HttpResponse:
    return _role_home(request, Role.SECRETARIAT)


@require_safe
@capability_required(Capability.VIEW_OWN_CHECKLIST)
def member_home(request: HttpRequest) -> HttpResponse:
    return _role_home(request, Role.MEMBER)


def _role_home(request: HttpRequest, role: Role) -> HttpResponse:
    context = {
        "role": role,
        "capabilities": sorted(ROLE_CAPABILITIES[role], key=lambda c: c.label),
        **_account_context(request),
    }
    return render(request, f"home/{role.name.lower()}.html", context)


def _account_context(request: HttpRequest) -> dict[str, object]:
    user = request.user
    return {
        "roles": sorted(user_roles(user), key=lambda r: r.label),
        "has_totp": Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(),
        "email_verified": EmailAddress.objects.filter(
            user=user, primary=True, verified=True
        ).exists(),
    }


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers and uptime monitors."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
