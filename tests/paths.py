"""Addresses of pages in tests.

Pages of the ToR, the roster and onboarding live under a body (``/b/<slug>/...``).
``reverse`` here is Django's, with the body filled in (the MAG unless told), so a
test names the page it means and says which body only when that matters.
"""

from typing import Any

from django.urls import reverse as django_reverse

BODY_NAMESPACES = ("tor:", "roster:", "onboarding:")


def reverse(viewname: str, *, kwargs: dict[str, Any] | None = None, body: Any = "mag") -> str:
    kwargs = dict(kwargs or {})
    if viewname.startswith(BODY_NAMESPACES) and "body" not in kwargs:
        kwargs["body"] = getattr(body, "slug", body)
    return django_reverse(viewname, kwargs=kwargs or None)
