"""The public roster: current members by stakeholder group, never email or gender."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from mag_portal.types import PublicRequest
from membership.roster import selectors

# Public roster --------------------------------------------------------------------------


@login_not_required
@require_safe
def roster_public(request: PublicRequest) -> HttpResponse:
    """Current members by stakeholder group: name, region, country, affiliation. Never email
    or gender."""
    cycle, groups = selectors.public_roster()
    return render(request, "roster/public.html", {"cycle": cycle, "groups": groups})
