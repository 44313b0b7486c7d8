"""Appointments: appoint, change and end, each checked against the hard rules of the
policy in force, with the chair's override and its reason."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mag_portal.permissions import require
from mag_portal.roles import Capability
from mag_portal.types import AuthenticatedRequest
from membership.bodies.http import with_body
from membership.bodies.models import Body
from membership.bodies.rules import can
from membership.roster import selectors, services
from membership.roster.forms import (
    AppointmentEditForm,
    AppointmentForm,
    EndAppointmentForm,
)

# Appointments ---------------------------------------------------------------------------


def _rule_refusal(form: Form, error: ValidationError) -> bool:
    """Put a service's refusal into the form; True when it was a hard-rule refusal (the
    chair may then override with a reason)."""
    is_rule = isinstance(error, services.RuleViolationError)
    if is_rule:
        form.add_error(None, _("This change would break a rule of the policy in force:"))
        for message in error.messages:
            form.add_error(None, message)
        form.add_error(
            "override_reason",
            _("To go ahead anyway, give the reason for the override and submit again."),
        )
    else:
        form.add_error(None, error)
    return is_rule


@require_http_methods(["GET", "POST"])
@with_body
def appointment_create(request: AuthenticatedRequest, body: Body, year: int) -> HttpResponse:
    require(can(request.user, Capability.MANAGE_ROSTER, body))
    cycle = selectors.cycle_by_year(body, year)
    form = AppointmentForm(
        request.POST or None,
        initial={"person": request.GET.get("person")},
        people=selectors.appointable_people(cycle),
    )
    refused = False
    if request.method == "POST" and form.is_valid():
        try:
            appointment = services.appointment_create(
                actor=request.user, cycle=cycle, **form.cleaned_data
            )
        except ValidationError as e:
            refused = _rule_refusal(form, e)
        else:
            name = appointment.person.name
            if appointment.override_reason:
                messages.warning(
                    request,
                    _("%(name)s was appointed, overriding a rule; the reason is recorded.")
                    % {"name": name},
                )
            else:
                messages.success(request, _("%(name)s was appointed.") % {"name": name})
            return redirect("roster:balance_cycle", body=body.slug, year=cycle.year)
    return render(
        request,
        "roster/appointment_form.html",
        {"body": body, "form": form, "cycle": cycle, "refused": refused, "appointment": None},
    )


@require_http_methods(["GET", "POST"])
@with_body
def appointment_edit(request: AuthenticatedRequest, body: Body, pk: int) -> HttpResponse:
    require(can(request.user, Capability.MANAGE_ROSTER, body))
    appointment = selectors.appointment_for_change(user=request.user, body=body, pk=pk)
    form = AppointmentEditForm(request.POST or None, appointment=appointment)
    refused = False
    if request.method == "POST" and form.is_valid():
        try:
            services.appointment_update(
                actor=request.user, appointment=appointment, **form.cleaned_data
            )
        except ValidationError as e:
            refused = _rule_refusal(form, e)
        else:
            messages.success(request, _("The appointment was saved."))
            return redirect(appointment.person.get_absolute_url())
    return render(
        request,
        "roster/appointment_form.html",
        {
            "body": body,
            "form": form,
            "cycle": appointment.cycle,
            "refused": refused,
            "appointment": appointment,
        },
    )


@require_http_methods(["GET", "POST"])
@with_body
def appointment_end(request: AuthenticatedRequest, body: Body, pk: int) -> HttpResponse:
    require(can(request.user, Capability.MANAGE_ROSTER, body))
    appointment = selectors.appointment_for_change(user=request.user, body=body, pk=pk)
    form = EndAppointmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appointment_end_early(
                actor=request.user, appointment=appointment, **form.cleaned_data
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("The appointment was ended early."))
            return redirect(appointment.person.get_absolute_url())
    return render(
        request, "roster/appointment_end.html", {"form": form, "appointment": appointment}
    )
