"""The chair's and the Secretariat's planning pages: the balance dashboard of a cycle,
rotation planning, new cycles, and balanced selection from the nominees."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mag_portal.permissions import require
from mag_portal.roles import Capability
from mag_portal.types import AuthenticatedRequest
from membership.bodies.http import with_body
from membership.bodies.models import Body
from membership.bodies.rules import can
from membership.roster import planning, rules, selectors, services
from membership.roster.charts import charts
from membership.roster.forms import (
    CycleForm,
)
from membership.roster.models import Cycle
from membership.tor.selectors import policy_in_force

# Balance --------------------------------------------------------------------------------


@require_safe
@with_body
def balance_current(request: AuthenticatedRequest, body: Body) -> HttpResponse:
    require(can(request.user, Capability.VIEW_BALANCE, body))
    cycle = selectors.current_cycle(body)
    if cycle is None:
        return render(
            request,
            "roster/empty.html",
            {
                "body": body,
                "what": "cycles",
                "perms_manage": rules.can_manage_roster(request.user, body),
            },
        )
    return _balance(request, body, cycle)


@require_safe
@with_body
def balance_cycle(request: AuthenticatedRequest, body: Body, year: int) -> HttpResponse:
    return _balance(request, body, selectors.cycle_by_year(body, year))


def _balance(request: AuthenticatedRequest, body: Body, cycle: Cycle) -> HttpResponse:
    balance = selectors.cycle_balance(user=request.user, cycle=cycle)
    context = {
        "body": body,
        "cycle": cycle,
        "balance": balance,
        "report": balance.report,
        "charts": charts(balance.report, balance.policy),
        "cycles": selectors.cycles(body),
        "can_manage": rules.can_manage_roster(request.user, body),
        "can_select": rules.can_run_selection(request.user, body),
    }
    return render(request, "roster/balance.html", context)


@require_safe
@with_body
def rotation(request: AuthenticatedRequest, body: Body, year: int) -> HttpResponse:
    require(can(request.user, Capability.VIEW_BALANCE, body))
    cycle = selectors.cycle_by_year(body, year)
    plan = planning.rotation_plan(user=request.user, cycle=cycle)
    return render(request, "roster/rotation.html", {"body": body, "cycle": cycle, "plan": plan})


@require_http_methods(["GET", "POST"])
@with_body
def cycle_create(request: AuthenticatedRequest, body: Body) -> HttpResponse:
    require(can(request.user, Capability.MANAGE_ROSTER, body))
    latest = selectors.latest_cycle(body)
    initial = {"year": latest.year + 1, "seat_count": latest.seat_count} if latest else {}
    form = CycleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_create(actor=request.user, body=body, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("The %(year)s cycle was created.") % {"year": cycle.year})
            return redirect("roster:balance_cycle", body=body.slug, year=cycle.year)
    return render(request, "roster/cycle_form.html", {"body": body, "form": form})


# Balanced selection ---------------------------------------------------------------------


def _swaps(request: AuthenticatedRequest) -> tuple[list[str], list[str]]:
    """The chair's swaps so far (``include``/``exclude``), with this request's one applied."""
    include = [k for k in request.GET.getlist("include") if k]
    exclude = [k for k in request.GET.getlist("exclude") if k]
    swap_in, swap_out = request.GET.get("swap_in"), request.GET.get("swap_out")
    if swap_in:
        include = [*include, swap_in]
        exclude = [k for k in exclude if k != swap_in]
    if swap_out:
        exclude = [*exclude, swap_out]
        include = [k for k in include if k != swap_out]
    return include, exclude


@require_safe
@with_body
def selection_review(request: AuthenticatedRequest, body: Body, year: int) -> HttpResponse:
    """The solver's proposal for ``year``, with swaps: ``include``/``exclude`` force a nominee
    in or out and the proposal and its balance are recomputed. htmx swaps the proposal part;
    without JavaScript the same form reloads the page."""
    require(can(request.user, Capability.RUN_SELECTION, body))
    cycle = selectors.cycle_by_year(body, year)
    include, exclude = _swaps(request)
    policy = policy_in_force(body)
    result, by_key = planning.selection_for(
        user=request.user, cycle=cycle, include=include, exclude=exclude, policy=policy
    )
    chosen = {c.key for c in result.selected}
    context = {
        "body": body,
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
    if request.htmx:
        template += "#proposal"
    return render(request, template, context)


@require_POST
@with_body
def selection_accept(request: AuthenticatedRequest, body: Body, year: int) -> HttpResponse:
    require(can(request.user, Capability.RUN_SELECTION, body))
    cycle = selectors.cycle_by_year(body, year)
    nominations = selectors.nominations_chosen(
        user=request.user, cycle=cycle, pks=request.POST.getlist("nomination")
    )
    if not nominations:
        messages.error(request, _("Nobody was selected."))
        return redirect("roster:selection_review", body=body.slug, year=cycle.year)
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
        return redirect("roster:selection_review", body=body.slug, year=cycle.year)
    messages.success(
        request, _("%(count)s proposed appointments were created.") % {"count": len(created)}
    )
    return redirect("roster:balance_cycle", body=body.slug, year=cycle.year)
