"""Writing the Terms of Reference: documents, revisions and their policy, and the
revision's lifecycle (consultation, adoption, withdrawal). Each view calls one service."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mag_portal.permissions import require
from mag_portal.roles import Capability
from mag_portal.types import AuthenticatedRequest
from membership.bodies.http import with_body
from membership.bodies.models import Body
from membership.bodies.rules import can
from membership.policy import MembershipPolicy, PolicyError
from membership.tor import diffing, selectors, services
from membership.tor.forms import (
    AdoptForm,
    ConsultationOpenForm,
    DocumentForm,
    PolicyForms,
    RevisionForm,
    WithdrawForm,
)
from membership.tor.models import Revision
from membership.tor.views.reading import diff_labels, form_errors, revision_for

# Editing ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@with_body
def tor_document_create(request: AuthenticatedRequest, body: Body) -> HttpResponse:
    """Start managing another document (the chair's ToR, ...)."""
    require(can(request.user, Capability.DRAFT_TOR, body))
    form = DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(actor=request.user, body=body, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Document created: write its first revision."))
            return redirect("tor:edit", body=body.slug, slug=document.slug)
    return render(request, "tor/document_form.html", {"body": body, "form": form})


def _rebase(form: Form, data: Any, latest: Revision) -> None:
    """After a refused save the editor has seen the latest revision: saving the merged text
    again builds on it (the form keeps everything else they typed)."""
    rebased = data.copy()
    rebased["based_on_number"] = str(latest.number)
    form.data = rebased


@require_http_methods(["GET", "POST"])
@with_body
def tor_edit(request: AuthenticatedRequest, body: Body, slug: str) -> HttpResponse:
    """The working draft: saving makes a new revision, unless another was saved meanwhile."""
    require(can(request.user, Capability.DRAFT_TOR, body))
    document = selectors.document_get(body=body, slug=slug)
    latest = selectors.latest_revision(user=request.user, document=document)
    conflict = None
    form = (
        RevisionForm(request.POST)
        if request.method == "POST"
        else RevisionForm.initial_for(document, latest)
    )
    if request.method == "POST" and form.is_valid():
        try:
            revision = services.revision_create(
                document=document, actor=request.user, **form.cleaned_data
            )
        except services.RevisionConflict as error:
            form_errors(form, error)
            _rebase(form, request.POST, error.latest)
            conflict = {
                "latest": error.latest,
                "diff": diffing.diff_text(
                    error.latest.body, form.cleaned_data["body"], diff_labels()
                ),
            }
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(
                request, _("Revision %(number)s saved as a draft.") % {"number": revision.number}
            )
            return redirect(revision)
    return render(
        request,
        "tor/edit.html",
        {"body": body, "document": document, "latest": latest, "form": form, "conflict": conflict},
        status=409 if conflict else 200,
    )


@require_http_methods(["GET", "POST"])
@with_body
def tor_policy_edit(request: AuthenticatedRequest, body: Body, slug: str) -> HttpResponse:
    """Change the membership policy: saving makes a new draft revision with the same text."""
    require(can(request.user, Capability.DRAFT_TOR, body))
    document = selectors.document_get(body=body, slug=slug)
    latest = selectors.latest_revision(user=request.user, document=document)
    if latest is None:
        messages.error(request, _("Write the first revision before setting its policy."))
        return redirect("tor:edit", body=body.slug, slug=document.slug)
    forms = PolicyForms(
        request.POST or None, policy=latest.policy, initial={"based_on_number": latest.number}
    )
    if request.method == "POST" and forms.is_valid():
        try:
            revision = services.revision_create(
                document=document,
                title=latest.title,
                body=latest.body,
                policy=MembershipPolicy.from_dict(forms.policy_dict()),
                change_summary=forms.form.cleaned_data["change_summary"],
                based_on_number=forms.form.cleaned_data["based_on_number"],
                actor=request.user,
            )
        except PolicyError as error:
            forms.add_policy_errors(error.errors)
        except services.RevisionConflict as error:
            form_errors(forms.form, error)
            _rebase(forms.form, request.POST, error.latest)
        except ValidationError as error:
            form_errors(forms.form, error)
        else:
            messages.success(
                request,
                _("Revision %(number)s saved as a draft with the new policy.")
                % {"number": revision.number},
            )
            return redirect(revision)
    return render(
        request, "tor/policy.html", {"document": document, "latest": latest, "forms": forms}
    )


def _action_page(
    request: HttpRequest,
    revision: Revision,
    form: Form,
    *,
    heading: str,
    button: str,
    danger: bool = False,
) -> HttpResponse:
    return render(
        request,
        "tor/action.html",
        {
            "body": revision.document.body,
            "document": revision.document,
            "revision": revision,
            "form": form,
            "heading": heading,
            "button": button,
            "danger": danger,
        },
    )


@require_http_methods(["GET", "POST"])
@with_body
def tor_consultation_open(
    request: AuthenticatedRequest, body: Body, slug: str, number: int
) -> HttpResponse:
    require(can(request.user, Capability.RUN_CONSULTATION, body))
    revision = revision_for(request, body, slug, number)
    closes_at = (timezone.now() + dt.timedelta(days=21)).replace(second=0, microsecond=0)
    form = ConsultationOpenForm(request.POST or None, initial={"closes_at": closes_at})
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_open(revision=revision, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The consultation is open."))
            return redirect(revision)
    return _action_page(
        request,
        revision,
        form,
        heading=_("Open a consultation on revision %(number)s") % {"number": revision.number},
        button=_("Open the consultation"),
    )


@require_POST
@with_body
def tor_consultation_close(
    request: AuthenticatedRequest, body: Body, slug: str, number: int
) -> HttpResponse:
    require(can(request.user, Capability.RUN_CONSULTATION, body))
    revision = revision_for(request, body, slug, number)
    try:
        services.consultation_close(revision=revision, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The consultation is closed."))
    return redirect(revision)


@require_http_methods(["GET", "POST"])
@with_body
def tor_adopt(request: AuthenticatedRequest, body: Body, slug: str, number: int) -> HttpResponse:
    require(can(request.user, Capability.ADOPT_TOR, body))
    revision = revision_for(request, body, slug, number)
    form = AdoptForm(request.POST or None, initial={"effective_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.revision_adopt(revision=revision, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(
                request,
                _("Revision %(number)s is adopted and in force.") % {"number": revision.number},
            )
            return redirect(revision)
    return _action_page(
        request,
        revision,
        form,
        heading=_("Adopt revision %(number)s") % {"number": revision.number},
        button=_("Adopt"),
    )


@require_http_methods(["GET", "POST"])
@with_body
def tor_withdraw(request: AuthenticatedRequest, body: Body, slug: str, number: int) -> HttpResponse:
    require(can(request.user, Capability.DRAFT_TOR, body))
    revision = revision_for(request, body, slug, number)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revision_withdraw(revision=revision, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The revision is withdrawn."))
            return redirect(revision)
    return _action_page(
        request,
        revision,
        form,
        heading=_("Withdraw revision %(number)s") % {"number": revision.number},
        button=_("Withdraw"),
        danger=True,
    )
