"""Reading the Terms of Reference: the document in force, a revision, its history, a
comparison and the PDF. Public where the revision is; drafts only for who may read them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from mag_portal.types import PublicRequest, Viewer
from membership.bodies.http import with_body
from membership.bodies.models import Body
from membership.policy import MembershipPolicy
from membership.policy_text import describe_policy
from membership.tor import diffing, rules, selectors
from membership.tor.forms import (
    CommentForm,
)
from membership.tor.markdown import section_slug
from membership.tor.models import Document, Revision


def diff_labels() -> diffing.Labels:
    return diffing.Labels(inserted=_("inserted"), deleted=_("deleted"))


def _policy_lines(revision: Revision) -> list[str]:
    return describe_policy(MembershipPolicy.from_dict(revision.policy))


def form_errors(form: Form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


def document_flags(user: Viewer, body: Body) -> dict[str, bool]:
    """What the reader may do with the body's documents (the sidebar, the comment list)."""
    return {
        "can_draft": rules.can_draft(user, body),
        "can_read_drafts": rules.can_read_drafts(user, body),
        "can_answer": rules.can_answer_comments(user, body),
    }


# Reading ---------------------------------------------------------------------------------------


@login_not_required
@require_safe
@with_body
def tor_public(request: PublicRequest, body: Body) -> HttpResponse:
    """The main document's revision in force, at /tor/."""
    document = selectors.main_document(body)
    if document is None:
        return render(request, "tor/empty.html", {"body": body})
    return _document_page(request, document)


@login_not_required
@require_safe
@with_body
def tor_document(request: PublicRequest, body: Body, slug: str) -> HttpResponse:
    return _document_page(request, selectors.document_get(body=body, slug=slug))


def _document_page(request: PublicRequest, document: Document) -> HttpResponse:
    body = document.body
    in_force = selectors.revision_in_force(document=document)
    revisions = selectors.revisions_visible(user=request.user, document=document)
    return render(
        request,
        "tor/document.html",
        {
            "body": body,
            "document": document,
            "revision": in_force,
            "policy_lines": _policy_lines(in_force) if in_force else [],
            "open_revisions": [r for r in revisions if r.is_withdrawable],
            "own_ack": selectors.acknowledgement_of(user=request.user, document=document),
            "can_acknowledge": in_force is not None
            and rules.can_acknowledge(request.user, in_force),
            **document_flags(request.user, body),
        },
    )


@login_not_required
@require_safe
@with_body
def tor_revision(request: PublicRequest, body: Body, slug: str, number: int) -> HttpResponse:
    """One revision at its permalink; drafts only for those who may read them."""
    return revision_page(request, revision_for(request, body, slug, number))


def revision_for(request: HttpRequest, body: Body, slug: str, number: int) -> Revision:
    document = selectors.document_get(body=body, slug=slug)
    return selectors.revision_get(user=request.user, document=document, number=number)


def revision_page(
    request: HttpRequest,
    revision: Revision,
    comment_form: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    body = revision.document.body
    page = selectors.revision_comments(user=request.user, revision=revision)
    actions = rules.revision_actions(request.user, revision)
    if comment_form is None and actions.comment:
        comment_form = CommentForm(
            revision=revision, initial={"section_id": request.GET.get("section", "")}
        )
    return render(
        request,
        "tor/revision.html",
        {
            "body": body,
            "document": revision.document,
            "revision": revision,
            "actions": actions,
            "policy_lines": _policy_lines(revision),
            "comment_sections": page.sections,
            "section_index": page.index,
            "comment_count": page.count,
            "comment_form": comment_form,
            "own_ack": selectors.acknowledgement_of(user=request.user, document=revision.document),
            **document_flags(request.user, body),
        },
        status=status,
    )


@login_not_required
@require_safe
@with_body
def tor_history(request: PublicRequest, body: Body, slug: str) -> HttpResponse:
    """Every revision the visitor may read, with who changed its state, when and why."""
    document = selectors.document_get(body=body, slug=slug)
    revisions = selectors.revisions_visible(user=request.user, document=document)
    return render(
        request,
        "tor/history.html",
        {
            "body": body,
            "document": document,
            "revisions": revisions,
            **document_flags(request.user, body),
        },
    )


@login_not_required
@require_safe
@with_body
def tor_compare(request: PublicRequest, body: Body, slug: str) -> HttpResponse:
    """Compare two revisions the visitor may read: ``?from=1&to=2&view=inline|side``."""
    document = selectors.document_get(body=body, slug=slug)
    old, new, visible = selectors.revisions_to_compare(
        user=request.user,
        document=document,
        old=request.GET.get("from"),
        new=request.GET.get("to"),
    )
    return render(
        request,
        "tor/compare.html",
        {
            "body": body,
            "document": document,
            "old": old,
            "new": new,
            "revisions": visible,
            "view": "side" if request.GET.get("view") == "side" else "inline",
            "diff": diffing.diff_text(old.body, new.body, diff_labels()),
            "title_changed": old.title != new.title,
            "sections": diffing.changed_sections(old.body, new.body, section_slug),
            "policy_changes": diffing.diff_lines(_policy_lines(old), _policy_lines(new)),
            "policy_changed": old.policy != new.policy,
            **document_flags(request.user, body),
        },
    )


@login_not_required
@require_safe
@with_body
def tor_revision_pdf(request: PublicRequest, body: Body, slug: str, number: int) -> HttpResponse:
    """A PDF of an adopted (or superseded) revision."""
    from membership.tor.pdf import revision_pdf

    revision = revision_for(request, body, slug, number)
    if not revision.is_public:
        raise Http404("Only adopted revisions have a PDF")
    response = HttpResponse(revision_pdf(revision), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{revision.document.slug}-r{revision.number}.pdf"'
    )
    return response
