"""Roster pages: the public roster, the balance dashboard, rotation planning, people,
appointments with rule checks and overrides, nominations, balanced selection, CSV import and
export. Thin: parse a form, call a selector or one service, render or redirect."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mag_portal.permissions import capability_required
from mag_portal.roles import Capability, has_capability
from membership.roster import selectors, services
from membership.roster.charts import charts
from membership.roster.forms import (
    AppointmentEditForm,
    AppointmentForm,
    CycleForm,
    EndAppointmentForm,
    ImportForm,
    NominationForm,
    NominationStatusForm,
    PersonForm,
)
from membership.roster.models import Appointment, Cycle, Nomination, Person
from membership.tor.selectors import policy_in_force


def _cycle_or_404(year: int) -> Cycle:
    return selectors.cycle_by_year(year)


# Public roster --------------------------------------------------------------------------


@login_not_required
@require_safe
def roster_public(request: HttpRequest) -> HttpResponse:
    """Current members by stakeholder group: name, region, country, affiliation. Never email
    or gender."""
    cycle, groups = selectors.public_roster()
    return render(request, "roster/public.html", {"cycle": cycle, "groups": groups})


# Balance --------------------------------------------------------------------------------


@require_safe
@capability_required(Capability.VIEW_BALANCE)
def balance_current(request: HttpRequest) -> HttpResponse:
    cycle = selectors.current_cycle()
    if cycle is None:
        can_manage = has_capability(request.user, Capability.MANAGE_ROSTER)
        return render(request, "roster/empty.html", {"what": "cycles", "perms_manage": can_manage})
    return balance_cycle(request, cycle.year)


@require_safe
@capability_required(Capability.VIEW_BALANCE)
def balance_cycle(request: HttpRequest, year: int) -> HttpResponse:
    cycle = _cycle_or_404(year)
    balance = selectors.cycle_balance(user=request.user, cycle=cycle)
    context = {
        "cycle": cycle,
        "balance": balance,
        "report": balance.report,
        "charts": charts(balance.report, balance.policy),
        "cycles": Cycle.objects.order_by("-year"),
        "can_manage": has_capability(request.user, Capability.MANAGE_ROSTER),
        "can_select": has_capability(request.user, Capability.RUN_SELECTION),
    }
    return render(request, "roster/balance.html", context)


@require_safe
@capability_required(Capability.VIEW_BALANCE)
def rotation(request: HttpRequest, year: int) -> HttpResponse:
    cycle = _cycle_or_404(year)
    plan = selectors.rotation_plan(user=request.user, cycle=cycle)
    return render(request, "roster/rotation.html", {"cycle": cycle, "plan": plan})


@require_http_methods(["GET", "POST"])
@capability_required(Capability.MANAGE_ROSTER)
def cycle_create(request: HttpRequest) -> HttpResponse:
    latest = Cycle.objects.order_by("-year").first()
    initial = {"year": latest.year + 1, "seat_count": latest.seat_count} if latest else {}
    form = CycleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_create(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("The %(year)s cycle was created.") % {"year": cycle.year})
            return redirect("roster:balance_cycle", year=cycle.year)
    return render(request, "roster/cycle_form.html", {"form": form})


# People ---------------------------------------------------------------------------------


@require_safe
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_for_viewer(user=request.user, pk=pk)
    context = {
        "person": person,
        "appointments": list(person.appointments.all()),
        "timeline": selectors.person_timeline(person),
        "show_private": selectors.can_see_private(request.user, person),
        "can_manage": has_capability(request.user, Capability.MANAGE_ROSTER),
    }
    return render(request, "roster/person_detail.html", context)


@require_safe
def person_photo(request: HttpRequest, pk: int) -> FileResponse:
    """The photo, to those who may see the person's page (never a public URL)."""
    person = selectors.person_for_viewer(user=request.user, pk=pk)
    if not person.photo:
        raise Http404
    response = FileResponse(person.photo.open("rb"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_safe
@capability_required(Capability.VIEW_OWN_PROFILE)
def my_profile(request: HttpRequest) -> HttpResponse:
    person = selectors.own_person(request.user)
    if person is None:
        return render(request, "roster/empty.html", {"what": "profile"})
    return redirect(person.get_absolute_url())


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_for_viewer(user=request.user, pk=pk)
    form = PersonForm(request.POST or None, request.FILES or None, instance=person)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.PERSON_FIELDS}
        if "photo" in form.changed_data:
            data["photo"] = form.cleaned_data["photo"]
        try:
            services.person_update(actor=request.user, person=person, **data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("The profile was saved."))
            return redirect(person.get_absolute_url())
    return render(request, "roster/person_form.html", {"form": form, "person": person})


@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    if not (
        has_capability(request.user, Capability.MANAGE_ROSTER)
        or has_capability(request.user, Capability.MANAGE_NOMINATIONS)
    ):
        raise PermissionDenied
    form = PersonForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.PERSON_FIELDS}
        if form.cleaned_data.get("photo"):
            data["photo"] = form.cleaned_data["photo"]
        try:
            person = services.person_create(actor=request.user, **data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": person.name})
            return redirect(person.get_absolute_url())
    return render(request, "roster/person_form.html", {"form": form, "person": None})


# Appointments ---------------------------------------------------------------------------


def _rule_refusal(form: Any, error: ValidationError) -> bool:
    """Put a service's refusal into the form; True when it was a hard-rule refusal (the
    chair may then override with a reason)."""
    is_rule = isinstance(error, services.RuleViolationError)
    if is_rule:
        form.add_error(
            None,
            _("This change would break a rule of the policy in force:"),
        )
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
@capability_required(Capability.MANAGE_ROSTER)
def appointment_create(request: HttpRequest, year: int) -> HttpResponse:
    cycle = _cycle_or_404(year)
    form = AppointmentForm(request.POST or None, initial={"person": request.GET.get("person")})
    refused = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appointment = services.appointment_create(
                actor=request.user,
                person=data["person"],
                cycle=cycle,
                stakeholder_group=data["stakeholder_group"],
                seat_type=data["seat_type"],
                status=data["status"],
                override_reason=data["override_reason"],
            )
        except ValidationError as e:
            refused = _rule_refusal(form, e)
        else:
            if appointment.override_reason:
                messages.warning(
                    request,
                    _("%(name)s was appointed, overriding a rule; the reason is recorded.")
                    % {"name": appointment.person.name},
                )
            else:
                messages.success(
                    request, _("%(name)s was appointed.") % {"name": appointment.person.name}
                )
            return redirect("roster:balance_cycle", year=cycle.year)
    return render(
        request,
        "roster/appointment_form.html",
        {"form": form, "cycle": cycle, "refused": refused, "appointment": None},
    )


@require_http_methods(["GET", "POST"])
@capability_required(Capability.MANAGE_ROSTER)
def appointment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = get_object_or_404(Appointment.objects.select_related("person", "cycle"), pk=pk)
    form = AppointmentEditForm(
        request.POST or None,
        initial={
            "stakeholder_group": appointment.stakeholder_group,
            "seat_type": appointment.seat_type,
            "status": appointment.status,
        },
    )
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
        {"form": form, "cycle": appointment.cycle, "refused": refused, "appointment": appointment},
    )


@require_http_methods(["GET", "POST"])
@capability_required(Capability.MANAGE_ROSTER)
def appointment_end(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = get_object_or_404(Appointment.objects.select_related("person", "cycle"), pk=pk)
    form = EndAppointmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appointment_end_early(
                actor=request.user,
                appointment=appointment,
                reason=form.cleaned_data["reason"],
                ended_on=form.cleaned_data["ended_on"],
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("The appointment was ended early."))
            return redirect(appointment.person.get_absolute_url())
    return render(
        request,
        "roster/appointment_end.html",
        {"form": form, "appointment": appointment},
    )


# Nominations ----------------------------------------------------------------------------


@require_safe
def nomination_list(request: HttpRequest, year: int) -> HttpResponse:
    cycle = _cycle_or_404(year)
    nominations = selectors.nominations_for(user=request.user, cycle=cycle)
    return render(
        request,
        "roster/nomination_list.html",
        {
            "cycle": cycle,
            "nominations": nominations,
            "can_manage": has_capability(request.user, Capability.MANAGE_NOMINATIONS),
            "can_select": has_capability(request.user, Capability.RUN_SELECTION),
            "status_form": NominationStatusForm(),
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required(Capability.MANAGE_NOMINATIONS)
def nomination_create(request: HttpRequest, year: int) -> HttpResponse:
    cycle = _cycle_or_404(year)
    form = NominationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.person_create(
                actor=request.user,
                name=data["name"],
                email=data["email"],
                country=data["country"],
                gender=data["gender"],
                affiliation=data["affiliation"],
                reason="Nominated",
            )
            services.nomination_create(
                actor=request.user,
                cycle=cycle,
                person=person,
                stakeholder_group=data["stakeholder_group"],
                nominated_by=data["nominated_by"],
                statement=data["statement"],
                score=data["score"],
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("The nomination was recorded."))
            return redirect("roster:nomination_list", year=cycle.year)
    return render(request, "roster/nomination_form.html", {"form": form, "cycle": cycle})


@require_POST
@capability_required(Capability.MANAGE_NOMINATIONS)
def nomination_status(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_object_or_404(Nomination.objects.select_related("cycle"), pk=pk)
    form = NominationStatusForm(request.POST)
    if form.is_valid():
        services.nomination_update(
            actor=request.user,
            nomination=nomination,
            status=form.cleaned_data["status"],
            score=form.cleaned_data["score"],
        )
        messages.success(request, _("The nomination was updated."))
    else:
        messages.error(request, _("Choose a status and a score from 0 to 100."))
    return redirect("roster:nomination_list", year=nomination.cycle.year)


# Balanced selection ---------------------------------------------------------------------


def _keys(request: HttpRequest, name: str) -> list[str]:
    return [k for k in request.GET.getlist(name) if k]


@require_safe
@capability_required(Capability.RUN_SELECTION)
def selection_review(request: HttpRequest, year: int) -> HttpResponse:
    """The solver's proposal for ``year``, with swaps: ``include``/``exclude`` force a nominee
    in or out and the proposal and its balance are recomputed. htmx swaps the proposal part;
    without JavaScript the same form reloads the page."""
    cycle = _cycle_or_404(year)
    include, exclude = _keys(request, "include"), _keys(request, "exclude")
    swap_in, swap_out = request.GET.get("swap_in"), request.GET.get("swap_out")
    if swap_in:
        include = [*include, swap_in]
        exclude = [k for k in exclude if k != swap_in]
    if swap_out:
        exclude = [*exclude, swap_out]
        include = [k for k in include if k != swap_out]
    policy = policy_in_force()
    result, by_key = selectors.selection_for(
        user=request.user, cycle=cycle, include=include, exclude=exclude, policy=policy
    )
    chosen = {c.key for c in result.selected}
    context = {
        "cycle": cycle,
        "result": result,
        "report": result.report,
        "charts": charts(result.report, policy),
        "selected": [(c, by_key[c.key]) for c in result.selected],
        "others": [(key, n) for key, n in by_key.items() if key not in chosen],
        "include": [k for k in include if k in by_key],
        "exclude": [k for k in exclude if k in by_key],
    }
    template = "roster/selection.html"
    if getattr(request, "htmx", False):
        template += "#proposal"
    return render(request, template, context)


@require_POST
@capability_required(Capability.RUN_SELECTION)
def selection_accept(request: HttpRequest, year: int) -> HttpResponse:
    cycle = _cycle_or_404(year)
    keys = [k for k in request.POST.getlist("nomination") if k.isdigit()]
    nominations = list(Nomination.objects.filter(cycle=cycle, pk__in=keys).select_related("person"))
    if not nominations:
        messages.error(request, _("Nobody was selected."))
        return redirect("roster:selection_review", year=cycle.year)
    try:
        created = services.selection_accept(
            actor=request.user,
            cycle=cycle,
            nominations=nominations,
            override_reason=request.POST.get("override_reason", ""),
        )
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
        return redirect("roster:selection_review", year=cycle.year)
    messages.success(
        request,
        _("%(count)s proposed appointments were created.") % {"count": len(created)},
    )
    return redirect("roster:balance_cycle", year=cycle.year)


# CSV ------------------------------------------------------------------------------------


@require_safe
@capability_required(Capability.VIEW_PRIVATE_MEMBER_DATA)
def roster_export(request: HttpRequest, year: int) -> HttpResponse:
    cycle = _cycle_or_404(year)
    rows = services.roster_export_rows(actor=request.user, cycle=cycle)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mag-roster-{cycle.year}.csv"'
    writer = csv.writer(response)
    writer.writerows(rows)
    return response


@require_http_methods(["GET", "POST"])
def roster_import(request: HttpRequest, year: int) -> HttpResponse:
    if not (
        has_capability(request.user, Capability.MANAGE_ROSTER)
        or has_capability(request.user, Capability.MANAGE_NOMINATIONS)
    ):
        raise PermissionDenied
    cycle = _cycle_or_404(year)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text."))
        else:
            try:
                count = services.roster_import(
                    actor=request.user,
                    cycle=cycle,
                    kind=form.cleaned_data["kind"],
                    lines=io.StringIO(text, newline=""),
                    override_reason=form.cleaned_data["override_reason"],
                )
            except PermissionDenied:
                form.add_error("kind", _("You may not import this kind of file."))
            except ValidationError as e:
                problems = list(e.messages)
            else:
                messages.success(request, _("%(count)s rows were imported.") % {"count": count})
                target = (
                    "roster:balance_cycle"
                    if form.cleaned_data["kind"] == "roster"
                    else "roster:nomination_list"
                )
                return redirect(reverse(target, kwargs={"year": cycle.year}))
    return render(
        request,
        "roster/import.html",
        {"form": form, "cycle": cycle, "problems": problems},
    )


@require_safe
def person_list(request: HttpRequest) -> HttpResponse:
    """Everyone on record, for the chair and the Secretariat (private fields included)."""
    if not has_capability(request.user, Capability.VIEW_PRIVATE_MEMBER_DATA):
        raise PermissionDenied
    people = Person.objects.order_by("name", "pk").only(
        "name", "country", "is_organisation", "email", "affiliation"
    )
    page = Paginator(people, 100).get_page(request.GET.get("page"))
    return render(request, "roster/person_list.html", {"page": page})
