"""Onboarding pages: a checklist, one-click actions on its items (htmx, with a plain form
fallback), evidence upload and download, the Secretariat's board with CSV export, and the
calendar feed. Views parse input, call one service or selector, and render or redirect."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mag_portal.permissions import require
from mag_portal.roles import Capability
from mag_portal.types import AuthenticatedRequest, PublicRequest
from membership.bodies.http import with_body
from membership.bodies.models import Body
from membership.bodies.rules import can
from membership.tor.services import acknowledgement_create
from onboarding import calendar, rules, selectors, services
from onboarding.forms import (
    BoardFilterForm,
    BuddyForm,
    EvidenceForm,
    TemplateForm,
    TemplateItemForm,
    WaiveForm,
)
from onboarding.models import ChecklistItem


def _message(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def _next_url(request: AuthenticatedRequest, item: ChecklistItem) -> str:
    candidate = request.POST.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return item.checklist.get_absolute_url()


def _checklist_context(
    request: AuthenticatedRequest, body: Body, pk: int, next_url: str
) -> dict[str, Any]:
    checklist = selectors.checklist_get(user=request.user, body=body, pk=pk)
    return {
        "body": body,
        "cv": selectors.checklist_view(request.user, checklist),
        "tor_in_force": selectors.tor_in_force(body),
        "next_url": next_url,
        "own": checklist.appointment.person.user_id == request.user.pk,
        "can_see_all": rules.can_see_all(request.user, body),
    }


def _after_action(
    request: AuthenticatedRequest, item: ChecklistItem, *, ok: str = "", error: str = ""
) -> HttpResponse:
    """htmx: the checklist partial again, with the outcome in it. Without JavaScript: a
    message and a redirect back to the page the form was on."""
    next_url = _next_url(request, item)
    if request.htmx:
        context = _checklist_context(
            request, rules.body_of(item.checklist), item.checklist_id, next_url
        )
        context.update({"notice": ok, "notice_error": error})
        return render(request, "onboarding/_checklist.html#checklist", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, ok)
    return redirect(next_url)


@require_safe
@with_body
def checklist_detail(request: AuthenticatedRequest, body: Body, pk: int) -> HttpResponse:
    context = _checklist_context(request, body, pk, request.path)
    if context["cv"].can_manage:
        context["buddy_form"] = BuddyForm(body=body)
        context["buddies"] = selectors.checklist_buddies(context["cv"].checklist)
    return render(request, "onboarding/checklist_detail.html", context)


@require_POST
@with_body
def item_complete(request: AuthenticatedRequest, body: Body, pk: int) -> HttpResponse:
    item = selectors.item_get_for_action(user=request.user, body=body, pk=pk)
    try:
        services.checklist_item_complete(item=item, actor=request.user)
    except ValidationError as error:
        return _after_action(request, item, error=_message(error))
    return _after_action(request, item, ok=_("“%(title)s” is done.") % {"title": item.title})


@require_POST
@with_body
def item_undo(request: AuthenticatedRequest, body: Body, pk: int) -> HttpResponse:
    item = selectors.item_get(user=request.user, body=body, pk=pk)
    try:
        services.checklist_item_undo(
            item=item,
            actor=request.user,
            reason=request.POST.get("reason", "")[:500],
        )
    except ValidationError as error:
        return _after_action(request, item, error=_message(error))
    return _after_action(
        request, item, ok=_("“%(title)s” is back on your list.") % {"title": item.title}
    )


@require_POST
@with_body
def item_accept_tor(request: AuthenticatedRequest, body: Body, pk: int) -> HttpResponse:
    """Accept the ToR in force from its checklist item; the item completes itself."""
    item = selectors.item_get_for_action(user=request.user, body=body, pk=pk)
    revision = selectors.tor_in_force(body)
    if revision is None:
        return _after_action(
            request, item, error=_("No Terms of Reference are in force yet; nothing to accept.")
        )
    if not request.POST.get("confirm"):
        return _after_action(
            request, item, error=_("Tick the box to confirm you have read the Terms of Reference.")
        )
    try:
        acknowledgement_create(revision=revision, actor=request.user)
    except ValidationError as error:
        return _after_action(request, item, error=_message(error))
    return _after_action(
        request,
        item,
        ok=_("You accepted revision %(number)s of the Terms of Reference.")
        % {"number": revision.number},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@with_body
def item_waive(request: AuthenticatedRequest, body: Body, pk: int) -> HttpResponse:
    require(can(request.user, Capability.MANAGE_ONBOARDING, body))
    item = selectors.item_get(user=request.user, body=body, pk=pk)
    form = WaiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.checklist_item_waive(
                item=item,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error("reason" if hasattr(error, "error_dict") else None, error)
        else:
            messages.success(request, _("“%(title)s” is waived.") % {"title": item.title})
            return redirect("onboarding:checklist_detail", body=body.slug, pk=item.checklist_id)
    return render(request, "onboarding/item_waive.html", {"body": body, "item": item, "form": form})


@require_POST
@with_body
def evidence_upload(request: AuthenticatedRequest, body: Body, pk: int) -> HttpResponse:
    item = selectors.item_get_for_action(user=request.user, body=body, pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _after_action(request, item, error=" ".join(str(e) for e in form.errors["file"]))
    try:
        services.evidence_file_add(
            item=item,
            upload=form.cleaned_data["file"],
            actor=request.user,
        )
    except ValidationError as error:
        return _after_action(request, item, error=_message(error))
    return _after_action(
        request,
        item,
        ok=_("Thank you: “%(name)s” is uploaded.") % {"name": form.cleaned_data["file"].name},
    )


@require_safe
@with_body
def evidence_download(request: AuthenticatedRequest, body: Body, pk: int) -> FileResponse:
    record = selectors.evidence_get(user=request.user, body=body, pk=pk)
    try:
        handle = record.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=True, filename=record.original_name, content_type=record.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@with_body
def buddy_assign(request: AuthenticatedRequest, body: Body, pk: int) -> HttpResponse:
    require(can(request.user, Capability.MANAGE_ONBOARDING, body))
    checklist = selectors.checklist_get(user=request.user, body=body, pk=pk)
    form = BuddyForm(request.POST, body=body)
    if form.is_valid():
        try:
            services.checklist_buddy_assign(
                checklist=checklist,
                buddy=form.cleaned_data["buddy"],
                actor=request.user,
            )
        except ValidationError as error:
            messages.error(request, _message(error))
        else:
            messages.success(
                request,
                _("%(name)s is now this member's onboarding buddy.")
                % {"name": form.cleaned_data["buddy"].get_full_name()},
            )
    else:
        messages.error(request, _("Choose a member of the Secretariat."))
    return redirect(checklist)


# Board ---------------------------------------------------------------------------------------


def _board(request: AuthenticatedRequest, body: Body) -> tuple[BoardFilterForm, Any]:
    cycles = selectors.board_cycles(body)
    form = BoardFilterForm(request.GET or None, cycles=cycles)
    data = form.cleaned_data if form.is_valid() else {}
    cycle = data.get("cycle") or selectors.default_cycle(cycles)
    filters = selectors.BoardFilters(
        body=body,
        cycle=cycle,
        status=data.get("status", ""),
        stakeholder_group=data.get("stakeholder_group", ""),
        region=data.get("region", ""),
    )
    form.chosen_cycle = cycle
    return form, selectors.board_rows(user=request.user, filters=filters)


@require_safe
@with_body
def board(request: AuthenticatedRequest, body: Body) -> HttpResponse:
    require(can(request.user, Capability.VIEW_ALL_ONBOARDING, body))
    form, queryset = _board(request, body)
    rows, overdue_total = selectors.board_page(queryset)
    context = {
        "body": body,
        "form": form,
        "rows": rows,
        "today": timezone.localdate(),
        "csv_query": request.GET.urlencode(),
        "overdue_total": overdue_total,
    }
    return render(request, "onboarding/board.html", context)


@require_safe
@with_body
def board_csv(request: AuthenticatedRequest, body: Body) -> HttpResponse:
    require(can(request.user, Capability.VIEW_ALL_ONBOARDING, body))
    form, rows = _board(request, body)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    year = form.chosen_cycle.year if form.chosen_cycle else "all"
    response["Content-Disposition"] = f'attachment; filename="onboarding-{year}.csv"'
    csv.writer(response).writerows(selectors.board_csv_rows(rows))
    return response


# Calendar ------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def calendar_settings(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_token_revoke(actor=user)
            messages.success(request, _("Your calendar link is revoked; it no longer works."))
        else:
            services.calendar_token_rotate(actor=user)
            messages.success(
                request, _("Your new calendar link is ready. Any older link no longer works.")
            )
        return redirect("calendar:settings")
    token = selectors.feed_token_of(user)
    feed_url = request.build_absolute_uri(token.get_absolute_url()) if token else ""
    return render(request, "onboarding/calendar_settings.html", {"feed_url": feed_url})


@login_not_required
@never_cache
@require_safe
def calendar_feed(request: PublicRequest, token: str) -> HttpResponse:
    """A user's due dates as iCal, opened by the secret token in its URL (calendar apps
    cannot sign in). An unknown or revoked token is a 404."""
    user = selectors.feed_user(token)
    if user is None:
        raise Http404
    items = selectors.items_for_person(user)
    ical = calendar.feed(items, name=_("MAG Portal due dates"), host=request.get_host())
    response = HttpResponse(ical, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="mag-onboarding.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


# Templates (Secretariat) ---------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@with_body
def template_list(request: AuthenticatedRequest, body: Body) -> HttpResponse:
    require(can(request.user, Capability.MANAGE_CHECKLIST_TEMPLATES, body))
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            template = services.template_create(
                body=body,
                name=form.cleaned_data["name"],
                audience=form.cleaned_data["audience"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("“%(name)s” is now the template in use; add its items.")
                % {"name": template.name},
            )
            return redirect("onboarding:template_detail", body=body.slug, pk=template.pk)
    templates = selectors.templates_list(user=request.user, body=body)
    return render(
        request,
        "onboarding/template_list.html",
        {"body": body, "templates": templates, "form": form},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@with_body
def template_detail(request: AuthenticatedRequest, body: Body, pk: int) -> HttpResponse:
    """A template's items, and a form to add one."""
    require(can(request.user, Capability.MANAGE_CHECKLIST_TEMPLATES, body))
    template = selectors.template_get(user=request.user, body=body, pk=pk)
    form = TemplateItemForm(request.POST or None, template=template)
    if request.method == "POST" and form.is_valid():
        try:
            services.template_item_create(
                template=template,
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("“%(title)s” is added.") % {"title": form.cleaned_data["title"]}
            )
            return redirect("onboarding:template_detail", body=body.slug, pk=template.pk)
    return render(
        request,
        "onboarding/template_detail.html",
        {"body": body, "template": template, "form": form},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@with_body
def template_item_edit(request: AuthenticatedRequest, body: Body, pk: int) -> HttpResponse:
    require(can(request.user, Capability.MANAGE_CHECKLIST_TEMPLATES, body))
    item = selectors.template_item_get(user=request.user, body=body, pk=pk)
    initial = {
        "title": item.title,
        "description": item.description,
        "assignee": item.assignee,
        "kind": item.kind,
        "due_offset_days": item.due_offset_days,
        "event_date": item.event_date,
        "depends_on": list(item.depends_on.all()),
        "recurs_each_cycle": item.recurs_each_cycle,
    }
    form = TemplateItemForm(
        request.POST or None, template=item.template, item=item, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.template_item_update(
                item=item,
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("“%(title)s” is saved. Checklists already made keep their copy.")
                % {"title": form.cleaned_data["title"]},
            )
            return redirect("onboarding:template_detail", body=body.slug, pk=item.template_id)
    return render(
        request, "onboarding/template_item_form.html", {"body": body, "item": item, "form": form}
    )
