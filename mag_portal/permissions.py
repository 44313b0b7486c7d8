"""View decorators that check capabilities from ``mag_portal.roles``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from mag_portal.roles import Capability, has_capability

View = Callable[..., HttpResponse]


def capability_required(capability: Capability) -> Callable[[View], View]:
    """403 for a signed-in user without ``capability``. Anonymous users never get this far:
    ``LoginRequiredMiddleware`` sends them to the login page first."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_capability(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
