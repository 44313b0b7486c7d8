"""The consultation and acceptance: comments and answers, the summary by section and
outcome, members accepting the revision in force and who has."""

from __future__ import annotations

import csv

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
from membership.tor import selectors, services
from membership.tor.forms import (
    AnswerForm,
    CommentForm,
)
from membership.tor.models import CommentOutcome
from membership.tor.views.reading import document_flags, form_errors, revision_for, revision_page

# Consultation ----------------------------------------------------------------------------------


@require_POST
@with_body
def tor_comment_create(
    request: AuthenticatedRequest, body: Body, slug: str, number: int
) -> HttpResponse:
    require(can(request.user, Capability.COMMENT_ON_TOR, body))
    revision = revision_for(request, body, slug, number)
    form = CommentForm(request.POST, revision=revision)
    if form.is_valid():
        try:
            comment = services.comment_create(
                revision=revision, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Thank you: your comment is recorded."))
            return redirect(f"{revision.get_absolute_url()}#comment-{comment.pk}")
    return revision_page(request, revision, comment_form=form, status=400)


@require_http_methods(["GET", "POST"])
@with_body
def tor_comment_answer(
    request: AuthenticatedRequest, body: Body, slug: str, number: int, pk: int
) -> HttpResponse:
    require(can(request.user, Capability.ANSWER_COMMENTS, body))
    revision = revision_for(request, body, slug, number)
    comment = selectors.comment_get(user=request.user, revision=revision, pk=pk)
    form = AnswerForm(
        request.POST or None, initial={"outcome": comment.outcome, "reply": comment.reply}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_answer(comment=comment, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Your answer is recorded; the author can see it."))
            return redirect(f"{revision.get_absolute_url()}#comment-{comment.pk}")
    return render(
        request,
        "tor/answer.html",
        {
            "body": body,
            "document": revision.document,
            "revision": revision,
            "comment": comment,
            "form": form,
        },
    )


@require_safe
@with_body
def tor_summary(request: AuthenticatedRequest, body: Body, slug: str, number: int) -> HttpResponse:
    """The consultation's comments by section and outcome."""
    require(can(request.user, Capability.VIEW_TOR_DRAFTS, body))
    revision = revision_for(request, body, slug, number)
    outcome = request.GET.get("outcome", "")
    summary = selectors.consultation_summary(user=request.user, revision=revision, outcome=outcome)
    return render(
        request,
        "tor/summary.html",
        {
            "body": body,
            "document": revision.document,
            "revision": revision,
            "groups": summary.sections,
            "counts": summary.counts,
            "outcome": summary.outcome,
            "outcomes": CommentOutcome.choices,
            "total": summary.total,
            **document_flags(request.user, body),
        },
    )


@require_safe
@with_body
def tor_summary_csv(
    request: AuthenticatedRequest, body: Body, slug: str, number: int
) -> HttpResponse:
    require(can(request.user, Capability.VIEW_TOR_DRAFTS, body))
    revision = revision_for(request, body, slug, number)
    rows = selectors.consultation_summary_rows(user=request.user, revision=revision)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{revision.document.slug}-r{revision.number}-comments.csv"'
    )
    csv.writer(response).writerows(rows)
    return response


# Acknowledgement -------------------------------------------------------------------------------


@require_POST
@with_body
def tor_acknowledge(
    request: AuthenticatedRequest, body: Body, slug: str, number: int
) -> HttpResponse:
    require(can(request.user, Capability.ACKNOWLEDGE_TOR, body))
    revision = revision_for(request, body, slug, number)
    try:
        services.acknowledgement_create(revision=revision, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("You accepted revision %(number)s of the Terms of Reference.")
            % {"number": revision.number},
        )
    return redirect(revision.document)


@require_safe
@with_body
def tor_acknowledgements(request: AuthenticatedRequest, body: Body, slug: str) -> HttpResponse:
    """Who has and has not accepted the revision in force."""
    require(can(request.user, Capability.VIEW_TOR_DRAFTS, body))
    document = selectors.document_get(body=body, slug=slug)
    in_force = selectors.revision_in_force(document=document)
    done, pending = (
        selectors.acknowledgement_status(user=request.user, revision=in_force)
        if in_force
        else ([], [])
    )
    return render(
        request,
        "tor/acknowledgements.html",
        {
            "body": body,
            "document": document,
            "revision": in_force,
            "done": done,
            "pending": pending,
        },
    )
