"""View decorators that check capabilities from ``mag_portal.roles``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from mag_portal.roles import Capability, has_capability

View = Callable[..., HttpResponse]


def require_capability(user: Any, capability: Capability) -> None:
    """Raise PermissionDenied (403) unless ``user`` has ``capability``: the check every
    service and selector makes before acting for someone."""
    if not has_capability(user, capability):
        raise PermissionDenied


def capability_required(capability: Capability) -> Callable[[View], View]:
    """403 for a signed-in user without ``capability``. Anonymous users never get this far:
    ``LoginRequiredMiddleware`` sends them to the login page first."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            require_capability(request.user, capability)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
