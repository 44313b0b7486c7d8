"""What every page shows of the Terms of Reference: the banner asking a member to accept the
revision in force. Lazy, so a page that does not show it costs no query."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from membership.tor.selectors import pending_acknowledgement


def acknowledgement_banner(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"tor_pending_acknowledgement": None}
    return {"tor_pending_acknowledgement": SimpleLazyObject(lambda: pending_acknowledgement(user))}
