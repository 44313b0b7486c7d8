"""Pages of the Terms of Reference. Views parse a form, call one service, redirect or render;
the selectors decide who may read what."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mag_portal.permissions import capability_required
from mag_portal.roles import Capability, has_capability
from membership.policy import MembershipPolicy, PolicyError, default_policy
from membership.policy_text import describe_policy
from membership.tor import diffing, selectors, services
from membership.tor.forms import (
    AdoptForm,
    AnswerForm,
    CommentForm,
    ConsultationOpenForm,
    DocumentForm,
    PolicyForms,
    RevisionForm,
    WithdrawForm,
)
from membership.tor.markdown import section_slug
from membership.tor.models import CommentOutcome, Document, Revision, RevisionStatus


def _labels() -> diffing.Labels:
    return diffing.Labels(inserted=_("inserted"), deleted=_("deleted"))


def _policy_lines(revision: Revision) -> list[str]:
    return describe_policy(MembershipPolicy.from_dict(revision.policy))


def _form_errors(form: Any, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


# Reading ---------------------------------------------------------------------------------------


@login_not_required
@require_safe
def tor_public(request: HttpRequest) -> HttpResponse:
    """The main document's revision in force, at /tor/."""
    document = selectors.main_document()
    if document is None:
        return render(request, "tor/empty.html")
    return _document_page(request, document)


@login_not_required
@require_safe
def tor_document(request: HttpRequest, slug: str) -> HttpResponse:
    return _document_page(request, selectors.document_get(slug=slug))


def _document_page(request: HttpRequest, document: Document) -> HttpResponse:
    in_force = selectors.revision_in_force(document=document)
    revisions = list(selectors.revisions_visible(user=request.user, document=document))
    own_ack = (
        selectors.acknowledgement_of(user=request.user, document=document)
        if has_capability(request.user, Capability.ACKNOWLEDGE_TOR)
        else None
    )
    return render(
        request,
        "tor/document.html",
        {
            "document": document,
            "revision": in_force,
            "policy_lines": _policy_lines(in_force) if in_force else [],
            "open_revisions": [
                r for r in revisions if r.status in (RevisionStatus.DRAFT, "consultation")
            ],
            "own_ack": own_ack,
            **_capabilities(request),
        },
    )


def _capabilities(request: HttpRequest) -> dict[str, bool]:
    user = request.user
    return {
        "can_draft": has_capability(user, Capability.DRAFT_TOR),
        "can_run_consultation": has_capability(user, Capability.RUN_CONSULTATION),
        "can_answer": has_capability(user, Capability.ANSWER_COMMENTS),
        "can_adopt": has_capability(user, Capability.ADOPT_TOR),
        "can_comment": has_capability(user, Capability.COMMENT_ON_TOR),
        "can_acknowledge": has_capability(user, Capability.ACKNOWLEDGE_TOR),
        "can_read_drafts": has_capability(user, Capability.VIEW_TOR_DRAFTS),
    }


@login_not_required
@require_safe
def tor_revision(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """One revision at its permalink; drafts only for those who may read them."""
    document = selectors.document_get(slug=slug)
    revision = selectors.revision_get(user=request.user, document=document, number=number)
    return _revision_page(request, revision)


def _revision_page(
    request: HttpRequest,
    revision: Revision,
    comment_form: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    comments = list(selectors.comments_for_revision(user=request.user, revision=revision))
    by_section: dict[str, list[Any]] = {}
    for comment in comments:
        by_section.setdefault(comment.section_id, []).append(comment)
    sections = [
        {"id": h["id"], "title": h["title"], "comments": by_section.get(h["id"], [])}
        for h in revision.headings
        if h["id"] in by_section
    ]
    # Every section with its number of comments: the list of links to comment on one.
    section_index = [{**h, "count": len(by_section.get(h["id"], []))} for h in revision.headings]
    caps = _capabilities(request)
    if comment_form is None and caps["can_comment"] and revision.consultation_is_open():
        comment_form = CommentForm(
            revision=revision, initial={"section_id": request.GET.get("section", "")}
        )
    own_ack = (
        selectors.acknowledgement_of(user=request.user, document=revision.document)
        if caps["can_acknowledge"]
        else None
    )
    return render(
        request,
        "tor/revision.html",
        {
            "document": revision.document,
            "revision": revision,
            "policy_lines": _policy_lines(revision),
            "comment_sections": sections,
            "section_index": section_index,
            "comment_count": len(comments),
            "comment_form": comment_form,
            "consultation_open": revision.consultation_is_open(),
            "own_ack": own_ack,
            **caps,
        },
        status=status,
    )


@login_not_required
@require_safe
def tor_history(request: HttpRequest, slug: str) -> HttpResponse:
    """Every revision the visitor may read, with who changed its state, when and why."""
    document = selectors.document_get(slug=slug)
    revisions = selectors.revisions_visible(user=request.user, document=document)
    return render(
        request,
        "tor/history.html",
        {"document": document, "revisions": revisions, **_capabilities(request)},
    )


@login_not_required
@require_safe
def tor_compare(request: HttpRequest, slug: str) -> HttpResponse:
    """Compare two revisions the visitor may read: ``?from=1&to=2&view=inline|side``."""
    document = selectors.document_get(slug=slug)
    visible = selectors.revision_choices(user=request.user, document=document)
    if not visible:
        raise Http404("Nothing to compare")
    numbers = [number for number, _status in visible]
    try:
        new_number = int(request.GET.get("to", numbers[0]))
        default_old = next((n for n in numbers if n < new_number), new_number)
        old_number = int(request.GET.get("from", default_old))
    except ValueError as error:
        raise Http404("Bad revision number") from error
    old = selectors.revision_get(user=request.user, document=document, number=old_number)
    new = selectors.revision_get(user=request.user, document=document, number=new_number)
    view = "side" if request.GET.get("view") == "side" else "inline"
    diff = diffing.diff_text(old.body, new.body, _labels())
    return render(
        request,
        "tor/compare.html",
        {
            "document": document,
            "old": old,
            "new": new,
            "revisions": visible,
            "view": view,
            "diff": diff,
            "title_changed": old.title != new.title,
            "sections": diffing.changed_sections(old.body, new.body, section_slug),
            "policy_changes": diffing.diff_lines(_policy_lines(old), _policy_lines(new)),
            "policy_changed": old.policy != new.policy,
        },
    )


@login_not_required
@require_safe
def tor_revision_pdf(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """A PDF of an adopted (or superseded) revision."""
    from membership.tor.pdf import revision_pdf

    document = selectors.document_get(slug=slug)
    revision = selectors.revision_get(user=request.user, document=document, number=number)
    if not revision.is_public:
        raise Http404("Only adopted revisions have a PDF")
    response = HttpResponse(revision_pdf(revision), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{document.slug}-r{revision.number}.pdf"'
    )
    return response


# Editing ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@capability_required(Capability.DRAFT_TOR)
def tor_document_create(request: HttpRequest) -> HttpResponse:
    """Start managing another document (the chair's ToR, ...)."""
    form = DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(
                slug=form.cleaned_data["slug"],
                title=form.cleaned_data["title"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Document created: write its first revision."))
            return redirect("tor:edit", slug=document.slug)
    return render(request, "tor/document_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@capability_required(Capability.DRAFT_TOR)
def tor_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The working draft: saving makes a new revision, unless another was saved meanwhile."""
    document = selectors.document_get(slug=slug)
    latest = selectors.latest_revision(user=request.user, document=document)
    conflict = None
    if request.method == "POST":
        form = RevisionForm(request.POST)
        if form.is_valid():
            try:
                revision = services.revision_create(
                    document=document,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    change_summary=form.cleaned_data["change_summary"],
                    based_on_number=form.cleaned_data["based_on_number"],
                    actor=request.user,  # type: ignore[arg-type]
                )
            except services.RevisionConflict as error:
                _form_errors(form, error)
                # The editor has now seen the latest revision: saving the merged text again
                # builds on it (the form keeps everything else they typed).
                data = request.POST.copy()
                data["based_on_number"] = str(error.latest.number)
                form.data = data
                conflict = {
                    "latest": error.latest,
                    "diff": diffing.diff_text(
                        error.latest.body, form.cleaned_data["body"], _labels()
                    ),
                }
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Revision %(number)s saved as a draft.") % {"number": revision.number},
                )
                return redirect(revision)
    else:
        form = RevisionForm(
            initial={
                "title": latest.title if latest else document.title,
                "body": latest.body if latest else "",
                "based_on_number": latest.number if latest else None,
            }
        )
    return render(
        request,
        "tor/edit.html",
        {"document": document, "latest": latest, "form": form, "conflict": conflict},
        status=409 if conflict else 200,
    )


@require_http_methods(["GET", "POST"])
@capability_required(Capability.DRAFT_TOR)
def tor_policy_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Change the membership policy: saving makes a new draft revision with the same text."""
    document = selectors.document_get(slug=slug)
    latest = selectors.latest_revision(user=request.user, document=document)
    if latest is None:
        messages.error(request, _("Write the first revision before setting its policy."))
        return redirect("tor:edit", slug=document.slug)
    forms = PolicyForms(
        request.POST or None,
        policy=latest.policy or default_policy().to_dict(),
        initial={"based_on_number": latest.number},
    )
    if request.method == "POST" and forms.is_valid():
        try:
            policy = MembershipPolicy.from_dict(forms.policy_dict())
            revision = services.revision_create(
                document=document,
                title=latest.title,
                body=latest.body,
                policy=policy,
                change_summary=forms.form.cleaned_data["change_summary"],
                based_on_number=forms.form.cleaned_data["based_on_number"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except PolicyError as error:
            forms.add_policy_errors(error.errors)
        except services.RevisionConflict as error:
            _form_errors(forms.form, error)
            data = request.POST.copy()
            data["based_on_number"] = str(error.latest.number)
            forms.form.data = data
        except ValidationError as error:
            _form_errors(forms.form, error)
        else:
            messages.success(
                request,
                _("Revision %(number)s saved as a draft with the new policy.")
                % {"number": revision.number},
            )
            return redirect(revision)
    return render(
        request,
        "tor/policy.html",
        {"document": document, "latest": latest, "forms": forms},
    )


def _staff_revision(request: HttpRequest, slug: str, number: int) -> Revision:
    document = selectors.document_get(slug=slug)
    return selectors.revision_get(user=request.user, document=document, number=number)


def _action_page(
    request: HttpRequest,
    revision: Revision,
    form: Any,
    *,
    heading: str,
    button: str,
    danger: bool = False,
) -> HttpResponse:
    return render(
        request,
        "tor/action.html",
        {
            "document": revision.document,
            "revision": revision,
            "form": form,
            "heading": heading,
            "button": button,
            "danger": danger,
        },
    )


@require_http_methods(["GET", "POST"])
@capability_required(Capability.RUN_CONSULTATION)
def tor_consultation_open(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    revision = _staff_revision(request, slug, number)
    form = ConsultationOpenForm(
        request.POST or None,
        initial={
            "closes_at": (timezone.now() + dt.timedelta(days=21)).replace(second=0, microsecond=0)
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_open(
                revision=revision,
                closes_at=form.cleaned_data["closes_at"],
                reason=form.cleaned_data["reason"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            _form_errors(form, error)
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
@capability_required(Capability.RUN_CONSULTATION)
def tor_consultation_close(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    revision = _staff_revision(request, slug, number)
    try:
        services.consultation_close(revision=revision, actor=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The consultation is closed."))
    return redirect(revision)


@require_http_methods(["GET", "POST"])
@capability_required(Capability.ADOPT_TOR)
def tor_adopt(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    revision = _staff_revision(request, slug, number)
    form = AdoptForm(request.POST or None, initial={"effective_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.revision_adopt(
                revision=revision,
                effective_date=form.cleaned_data["effective_date"],
                reason=form.cleaned_data["reason"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            _form_errors(form, error)
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
@capability_required(Capability.DRAFT_TOR)
def tor_withdraw(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    revision = _staff_revision(request, slug, number)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revision_withdraw(
                revision=revision,
                reason=form.cleaned_data["reason"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            _form_errors(form, error)
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


# Consultation ----------------------------------------------------------------------------------


@require_POST
@capability_required(Capability.COMMENT_ON_TOR)
def tor_comment_create(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    revision = _staff_revision(request, slug, number)
    form = CommentForm(request.POST, revision=revision)
    if form.is_valid():
        try:
            comment = services.comment_create(
                revision=revision,
                section_id=form.cleaned_data["section_id"],
                body=form.cleaned_data["body"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Thank you: your comment is recorded."))
            return redirect(f"{revision.get_absolute_url()}#comment-{comment.pk}")
    return _revision_page(request, revision, comment_form=form, status=400)


@require_http_methods(["GET", "POST"])
@capability_required(Capability.ANSWER_COMMENTS)
def tor_comment_answer(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
    revision = _staff_revision(request, slug, number)
    comment = selectors.comment_get(user=request.user, revision=revision, pk=pk)
    form = AnswerForm(
        request.POST or None,
        initial={"outcome": comment.outcome, "reply": comment.reply},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_answer(
                comment=comment,
                outcome=form.cleaned_data["outcome"],
                reply=form.cleaned_data["reply"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Your answer is recorded; the author can see it."))
            return redirect(f"{revision.get_absolute_url()}#comment-{comment.pk}")
    return render(
        request,
        "tor/answer.html",
        {"document": revision.document, "revision": revision, "comment": comment, "form": form},
    )


@require_safe
@capability_required(Capability.VIEW_TOR_DRAFTS)
def tor_summary(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The consultation's comments by section and outcome."""
    revision = _staff_revision(request, slug, number)
    groups = selectors.consultation_summary(user=request.user, revision=revision)
    all_comments = [c for g in groups for c in g.comments]
    outcome = request.GET.get("outcome", "")
    if outcome in CommentOutcome.values:
        for group in groups:
            group.comments = [c for c in group.comments if c.outcome == outcome]
        groups = [g for g in groups if g.comments]
    else:
        outcome = ""
    return render(
        request,
        "tor/summary.html",
        {
            "document": revision.document,
            "revision": revision,
            "groups": groups,
            "counts": selectors.outcome_counts(all_comments),
            "outcome": outcome,
            "outcomes": CommentOutcome.choices,
            "total": len(all_comments),
            **_capabilities(request),
        },
    )


@require_safe
@capability_required(Capability.VIEW_TOR_DRAFTS)
def tor_summary_csv(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    revision = _staff_revision(request, slug, number)
    groups = selectors.consultation_summary(user=request.user, revision=revision)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{revision.document.slug}-r{revision.number}-comments.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        ["section_id", "section", "author", "stakeholder_group", "submitted", "comment",
         "outcome", "reply", "answered_by"]
    )  # fmt: skip
    for group in groups:
        for c in group.comments:
            writer.writerow(
                [
                    _csv_safe(v)
                    for v in (
                        group.id,
                        group.title,
                        c.author.get_full_name() or c.author.email,
                        c.get_stakeholder_group_display(),
                        c.created_at.isoformat(),
                        c.body,
                        c.get_outcome_display(),
                        c.reply,
                        c.replied_by.get_full_name() if c.replied_by else "",
                    )
                ]
            )
    return response


def _csv_safe(value: str) -> str:
    # A cell starting with = + - @ is a formula in spreadsheets: quote it.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


# Acknowledgement -------------------------------------------------------------------------------


@require_POST
@capability_required(Capability.ACKNOWLEDGE_TOR)
def tor_acknowledge(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    revision = _staff_revision(request, slug, number)
    try:
        services.acknowledgement_create(revision=revision, actor=request.user)  # type: ignore[arg-type]
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
@capability_required(Capability.VIEW_TOR_DRAFTS)
def tor_acknowledgements(request: HttpRequest, slug: str) -> HttpResponse:
    """Who has and has not accepted the revision in force."""
    document = selectors.document_get(slug=slug)
    in_force = selectors.revision_in_force(document=document)
    done, pending = (
        selectors.acknowledgement_status(user=request.user, revision=in_force)
        if in_force
        else ([], [])
    )
    return render(
        request,
        "tor/acknowledgements.html",
        {"document": document, "revision": in_force, "done": done, "pending": pending},
    )
