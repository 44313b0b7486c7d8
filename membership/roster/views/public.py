"""The public roster: current members by stakeholder group, never email or gender."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from mag_portal.types import PublicRequest
from membership.bodies.http import with_body
from membership.bodies.models import Body
from membership.roster import selectors

# Public roster --------------------------------------------------------------------------


@login_not_required
@require_safe
@with_body
def roster_public(request: PublicRequest, body: Body) -> HttpResponse:
    """Current members by stakeholder group: name, region, country, affiliation. Never email
    or gender."""
    cycle, groups = selectors.public_roster(user=request.user, body=body)
    return render(request, "roster/public.html", {"body": body, "cycle": cycle, "groups": groups})
