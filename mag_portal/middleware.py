"""Per-role MFA enforcement, which allauth does not provide."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from mag_portal.roles import requires_mfa

# What a Chair or Secretariat account without MFA may still reach: setting MFA up, leaving,
# switching language, and the health check (for machines, not people).
MFA_SETUP_URL_NAMES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_reauthenticate",
        "account_reauthenticate",
        "account_logout",
        "set_language",
        "healthz",
    }
)


class PrivilegedRoleMFAMiddleware:
    """Send Chair and Secretariat accounts without TOTP to the MFA set-up page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            requires_mfa(user)
            and not _is_setup_path(request.path_info)
            and not is_mfa_enabled(user, [Authenticator.Type.TOTP])
        ):
            message = _(
                "Chair and Secretariat accounts must use two-factor authentication. "
                "Set up an authenticator app to continue."
            )
            if request.headers.get("HX-Request") or request.method not in ("GET", "HEAD"):
                return HttpResponseForbidden(message)
            messages.warning(request, message)
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def _is_setup_path(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.url_name in MFA_SETUP_URL_NAMES
