"""How access rules are asked: every rule is a predicate in an app's ``rules.py`` (or a
capability of ``mag_portal.roles``); services, selectors and views ask it with ``require`` or
the ``capability_required`` view decorator."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from mag_portal.roles import Capability, has_capability
from mag_portal.types import Viewer

P = ParamSpec("P")
R = TypeVar("R", bound=HttpRequest)


def require(allowed: bool) -> None:
    """Raise PermissionDenied (403) unless ``allowed``: ``require(rules.can_adopt(user, r))``."""
    if not allowed:
        raise PermissionDenied


def require_capability(user: Viewer, capability: Capability) -> None:
    """Raise PermissionDenied (403) unless ``user`` has ``capability``: the check every
    service and selector makes before acting for someone."""
    require(has_capability(user, capability))


def capability_required(
    capability: Capability,
) -> Callable[
    [Callable[Concatenate[R, P], HttpResponse]], Callable[Concatenate[R, P], HttpResponse]
]:
    """403 for a signed-in user without ``capability``. Anonymous users never get this far:
    ``LoginRequiredMiddleware`` sends them to the login page first."""

    def decorator(
        view: Callable[Concatenate[R, P], HttpResponse],
    ) -> Callable[Concatenate[R, P], HttpResponse]:
        @wraps(view)
        def wrapper(request: R, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            require_capability(request.user, capability)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
