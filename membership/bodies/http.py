"""The one way a view gets the body it serves: ``@with_body`` turns the ``body`` slug of the
address (``/b/<body>/...``) into the ``Body`` (404 for an unknown one)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase

from membership.bodies.selectors import body_get


def with_body[R: HttpResponseBase](view: Callable[..., R]) -> Callable[..., R]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, body: str, **kwargs: Any) -> R:
        return view(request, *args, body=body_get(slug=body), **kwargs)

    return wrapper
