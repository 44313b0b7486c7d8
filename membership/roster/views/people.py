"""People: a person's page (their own for a member), photo, profile edits, the list of
everyone on record."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from mag_portal.permissions import require
from mag_portal.types import AuthenticatedRequest
from membership.roster import rules, selectors, services
from membership.roster.forms import (
    PersonForm,
)

# People ---------------------------------------------------------------------------------


@require_safe
def person_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = selectors.person_for_viewer(user=request.user, pk=pk)
    appointments = list(person.appointments.all())
    bodies = selectors.person_bodies(person)
    context = {
        "person": person,
        "appointments": appointments,
        "timeline": selectors.person_timeline(person),
        "show_private": rules.can_see_private(request.user, person, bodies),
        "can_edit": rules.can_edit_person(request.user, person, bodies),
        # The appointments whose body the viewer may manage (change, end).
        "manageable": {
            a.pk for a in appointments if rules.can_manage_roster(request.user, a.cycle.body)
        },
    }
    return render(request, "roster/person_detail.html", context)


@require_safe
def person_photo(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """The photo, to those who may see the person's page (never a public URL)."""
    person = selectors.person_for_viewer(user=request.user, pk=pk)
    if not person.photo:
        raise Http404
    response = FileResponse(person.photo.open("rb"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_safe
def my_profile(request: AuthenticatedRequest) -> HttpResponse:
    require(rules.can_view_own_profile(request.user))
    person = selectors.own_person(request.user)
    if person is None:
        return render(request, "roster/empty.html", {"what": "profile"})
    return redirect(person.get_absolute_url())


@require_http_methods(["GET", "POST"])
def person_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = selectors.person_for_viewer(user=request.user, pk=pk)
    form = PersonForm(request.POST or None, request.FILES or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, **form.service_data())
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("The profile was saved."))
            return redirect(person.get_absolute_url())
    return render(request, "roster/person_form.html", {"form": form, "person": person})


@require_http_methods(["GET", "POST"])
def person_create(request: AuthenticatedRequest) -> HttpResponse:
    require(rules.can_manage_people(request.user))
    form = PersonForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.user, **form.service_data())
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": person.name})
            return redirect(person.get_absolute_url())
    return render(request, "roster/person_form.html", {"form": form, "person": None})


@require_safe
def person_list(request: AuthenticatedRequest) -> HttpResponse:
    """Everyone on record, for the chair and the Secretariat (private fields included)."""
    page = selectors.people_page(user=request.user, page=request.GET.get("page"))
    return render(request, "roster/person_list.html", {"page": page})
