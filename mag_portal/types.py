"""Types every app shares: who acts, who reads, and the requests they come in."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

# The signed-in user a service acts for (``actor=``). Services never act for anonymous users.
Actor = User
# Whoever reads a page: a signed-in user or an anonymous visitor (selectors of public pages).
Viewer = User | AnonymousUser


class AuthenticatedRequest(HttpRequest):
    """A request behind ``LoginRequiredMiddleware``: its ``user`` is signed in."""

    user: User
    htmx: HtmxDetails


class PublicRequest(HttpRequest):
    """A request to a page marked ``login_not_required``: anyone may send it."""

    user: User | AnonymousUser
    htmx: HtmxDetails
