"""Pages of bodies: the public directory and each body's page (its ToR, roster and
composition over the years), the Secretariat's overview of every body, and the management of
a body and of who holds a role in it. Thin: a selector or one service per view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mag_portal.permissions import require
from mag_portal.roles import Role
from mag_portal.types import AuthenticatedRequest, PublicRequest
from membership.bodies import rules, selectors, services
from membership.bodies.forms import BodyFilterForm, BodyForm, RoleEndForm, RoleGrantForm
from membership.bodies.http import with_body
from membership.bodies.models import Body
from membership.bodies.overview import bodies_overview
from membership.roster.selectors import composition_by_cycle
from membership.tor.selectors import main_revision_in_force, policy_in_force

OVERVIEW_PAGE_SIZE = 50


@login_not_required
@require_safe
def directory(request: PublicRequest) -> HttpResponse:
    """Every body the Secretariat serves, with its parts (a working group under the MAG);
    narrowed by name and kind. A part whose parent is filtered out is shown on its own."""
    form = BodyFilterForm(request.GET or None)
    filters = form.filters()
    bodies = list(selectors.bodies_directory(q=filters["q"], kind=filters["kind"]))
    shown = {b.pk for b in bodies}
    top = [b for b in bodies if b.parent_id is None or b.parent_id not in shown]
    children: dict[int, list[Body]] = {}
    for body in bodies:
        if body.parent_id is not None and body.parent_id in shown:
            children.setdefault(body.parent_id, []).append(body)
    return render(
        request,
        "bodies/directory.html",
        {
            "rows": [(b, children.get(b.pk, [])) for b in top],
            "count": len(bodies),
            "form": form,
            "filtered": any(filters.values()),
            "can_create": rules.can_create_bodies(request.user),
        },
    )


@login_not_required
@require_safe
@with_body
def detail(request: PublicRequest, body: Body) -> HttpResponse:
    """A body's public page: what it is, its ToR in force, its roster and composition over
    the years, and its parts."""
    composition = []
    if body.roster_is_public:
        uncounted = policy_in_force(body).uncounted_seat_types
        composition = composition_by_cycle(body, uncounted)
    return render(
        request,
        "bodies/detail.html",
        {
            "body": body,
            "tor": main_revision_in_force(body),
            "composition": composition,
            "children": selectors.children_of(body),
            "can_manage": rules.can_manage(request.user, body),
        },
    )


@require_http_methods(["GET", "POST"])
def body_create(request: AuthenticatedRequest) -> HttpResponse:
    """A new body: a working group under the MAG, an initiative, a panel."""
    require(rules.can_create_bodies(request.user))
    initial = {"parent": request.GET.get("parent"), "kind": request.GET.get("kind")}
    form = BodyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            body = services.body_create(actor=request.user, **form.service_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s was created.") % {"name": body.name})
            return redirect(body)
    return render(request, "bodies/body_form.html", {"form": form, "body": None})


@require_http_methods(["GET", "POST"])
@with_body
def body_edit(request: AuthenticatedRequest, body: Body) -> HttpResponse:
    require(rules.can_manage(request.user, body))
    form = BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_update(actor=request.user, body=body, **form.service_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The body's page was saved."))
            return redirect("bodies:detail", body=form.cleaned_data["slug"])
    return render(request, "bodies/body_form.html", {"form": form, "body": body})


@require_http_methods(["GET", "POST"])
@with_body
def roles(request: AuthenticatedRequest, body: Body) -> HttpResponse:
    """Who holds which role in the body, and giving someone a role."""
    require(rules.can_manage(request.user, body))
    form = RoleGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_role_grant(
                actor=request.user,
                body=body,
                user=form.cleaned_data["user"],
                role=Role(form.cleaned_data["role"]),
                starts_on=form.cleaned_data["starts_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The role was given."))
            return redirect("bodies:roles", body=body.slug)
    return render(
        request,
        "bodies/roles.html",
        {
            "body": body,
            "roles": selectors.roles_of(user=request.user, body=body),
            "form": form,
            "end_form": RoleEndForm(),
        },
    )


@require_POST
@with_body
def role_end(request: AuthenticatedRequest, body: Body, pk: int) -> HttpResponse:
    assignment = selectors.role_get(user=request.user, body=body, pk=pk)
    form = RoleEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the role ends."))
        return redirect("bodies:roles", body=body.slug)
    try:
        services.body_role_end(
            actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The role has ended."))
    return redirect("bodies:roles", body=body.slug)


@require_safe
def overview(request: AuthenticatedRequest) -> HttpResponse:
    """Every body the Secretariat manages in one table: seats filled, rules broken, open
    consultations, overdue onboarding (a fixed number of queries however many bodies)."""
    form = BodyFilterForm(request.GET or None)
    filters = form.filters()
    rows = bodies_overview(user=request.user, **filters)
    page = Paginator(rows, OVERVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "bodies/overview.html",
        {
            "rows": page.object_list,
            "page": page,
            "count": len(rows),
            "query": query.urlencode(),
            "form": form,
            "filtered": any(filters.values()),
        },
    )
