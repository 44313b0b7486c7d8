"""Nominations and the roster's files: a cycle's nominations, recording and screening
them, and CSV import and export."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mag_portal.permissions import require
from mag_portal.roles import Capability
from mag_portal.types import AuthenticatedRequest
from membership.bodies.http import with_body
from membership.bodies.models import Body
from membership.bodies.rules import can
from membership.files import FileProblemsError
from membership.roster import imports, rules, selectors, services
from membership.roster.forms import (
    ImportForm,
    NominationForm,
    NominationStatusForm,
)
from membership.roster.texts import file_problem_text

# Nominations ----------------------------------------------------------------------------


@require_safe
@with_body
def nomination_list(request: AuthenticatedRequest, body: Body, year: int) -> HttpResponse:
    cycle = selectors.cycle_by_year(body, year)
    nominations = selectors.nominations_for(user=request.user, cycle=cycle)
    return render(
        request,
        "roster/nomination_list.html",
        {
            "body": body,
            "cycle": cycle,
            "nominations": nominations,
            "can_manage": rules.can_manage_nominations(request.user, body),
            "can_select": rules.can_run_selection(request.user, body),
            "status_form": NominationStatusForm(),
        },
    )


@require_http_methods(["GET", "POST"])
@with_body
def nomination_create(request: AuthenticatedRequest, body: Body, year: int) -> HttpResponse:
    require(can(request.user, Capability.MANAGE_NOMINATIONS, body))
    cycle = selectors.cycle_by_year(body, year)
    form = NominationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_create_with_nominee(
                actor=request.user, cycle=cycle, **form.cleaned_data
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("The nomination was recorded."))
            return redirect("roster:nomination_list", body=body.slug, year=cycle.year)
    return render(
        request, "roster/nomination_form.html", {"body": body, "form": form, "cycle": cycle}
    )


@require_POST
@with_body
def nomination_status(request: AuthenticatedRequest, body: Body, pk: int) -> HttpResponse:
    require(can(request.user, Capability.MANAGE_NOMINATIONS, body))
    nomination = selectors.nomination_for_change(user=request.user, body=body, pk=pk)
    form = NominationStatusForm(request.POST)
    if form.is_valid():
        services.nomination_update(actor=request.user, nomination=nomination, **form.cleaned_data)
        messages.success(request, _("The nomination was updated."))
    else:
        messages.error(request, _("Choose a status and a score from 0 to 100."))
    return redirect("roster:nomination_list", body=body.slug, year=nomination.cycle.year)


# CSV ------------------------------------------------------------------------------------


@require_safe
@with_body
def roster_export(request: AuthenticatedRequest, body: Body, year: int) -> HttpResponse:
    require(can(request.user, Capability.VIEW_PRIVATE_MEMBER_DATA, body))
    cycle = selectors.cycle_by_year(body, year)
    rows = imports.roster_export_rows(actor=request.user, cycle=cycle)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mag-roster-{cycle.year}.csv"'
    csv.writer(response).writerows(rows)
    return response


@require_http_methods(["GET", "POST"])
@with_body
def roster_import(request: AuthenticatedRequest, body: Body, year: int) -> HttpResponse:
    require(rules.can_import_any(request.user, body))
    cycle = selectors.cycle_by_year(body, year)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        try:
            count = imports.roster_import(
                actor=request.user,
                cycle=cycle,
                kind=kind,
                lines=io.StringIO(form.cleaned_data["file"], newline=""),
                override_reason=form.cleaned_data["override_reason"],
            )
        except PermissionDenied:
            form.add_error("kind", _("You may not import this kind of file."))
        except FileProblemsError as e:
            problems = [file_problem_text(p) for p in e.problems]
        else:
            messages.success(request, _("%(count)s rows were imported.") % {"count": count})
            target = "roster:balance_cycle" if kind == "roster" else "roster:nomination_list"
            return redirect(reverse(target, kwargs={"body": body.slug, "year": cycle.year}))
    return render(
        request, "roster/import.html", {"form": form, "cycle": cycle, "problems": problems}
    )
