"""Reads of the Terms of Reference, with the permission checks of DOMAIN.md's role table:
adopted (and superseded) revisions are public; a revision in consultation is for members and
those who may read drafts; drafts and withdrawn revisions only for the Secretariat and chair.
Out-of-scope objects raise 404, in-scope but forbidden ones 403."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from mag_portal.roles import Capability, Role, has_capability
from membership.policy import MembershipPolicy, default_policy
from membership.tor.models import (
    Acknowledgement,
    Comment,
    CommentOutcome,
    Document,
    Revision,
    RevisionEvent,
    RevisionStatus,
)


def policy_in_force() -> MembershipPolicy:
    """The membership policy of the adopted ToR revision in force; until one is adopted, the
    default policy of DOMAIN.md. The roster is checked against this, and only this."""
    policy = (
        Revision.objects.filter(document__is_main=True, status=RevisionStatus.ADOPTED)
        .values_list("policy", flat=True)
        .first()
    )
    if policy is None:
        return default_policy()
    return MembershipPolicy.from_dict(policy)


def can_read_drafts(user: Any) -> bool:
    return has_capability(user, Capability.VIEW_TOR_DRAFTS)


def can_read_consultations(user: Any) -> bool:
    return can_read_drafts(user) or has_capability(user, Capability.COMMENT_ON_TOR)


def visible_statuses(user: Any) -> list[str]:
    statuses = [RevisionStatus.ADOPTED.value, RevisionStatus.SUPERSEDED.value]
    if can_read_consultations(user):
        statuses.append(RevisionStatus.CONSULTATION.value)
    if can_read_drafts(user):
        statuses += [RevisionStatus.DRAFT.value, RevisionStatus.WITHDRAWN.value]
    return statuses


def main_document() -> Document | None:
    """The document served at /tor/, if one is marked as main."""
    return Document.objects.filter(is_main=True).first()


def document_get(*, slug: str) -> Document:
    try:
        return Document.objects.get(slug=slug)
    except Document.DoesNotExist as error:
        raise Http404("No such document") from error


def documents_list() -> QuerySet[Document]:
    """Every document, with the number of its revision in force and of its latest revision in
    consultation, and how many comments there await an answer (one query)."""
    from django.db.models import Max

    in_consultation = Q(revisions__status=RevisionStatus.CONSULTATION)
    return Document.objects.annotate(
        in_force_number=Max("revisions__number", filter=Q(revisions__status="adopted")),
        consultation_number=Max("revisions__number", filter=in_consultation),
        pending_comments=Count(
            "revisions__comments",
            filter=in_consultation & Q(revisions__comments__outcome=CommentOutcome.PENDING),
        ),
    )


def revision_in_force(*, document: Document) -> Revision | None:
    return (
        Revision.objects.filter(document=document, status=RevisionStatus.ADOPTED)
        .select_related("document", "author", "adopted_by")
        .first()
    )


def revision_get(*, user: Any, document: Document, number: int) -> Revision:
    """A revision ``user`` may read: 404 for anonymous visitors and unknown numbers, 403 for a
    signed-in user whose role may not read it."""
    revision = (
        Revision.objects.filter(document=document, number=number)
        .select_related("document", "author", "adopted_by", "based_on")
        .first()
    )
    if revision is None:
        raise Http404("No such revision")
    if revision.status not in visible_statuses(user):
        if not getattr(user, "is_authenticated", False):
            raise Http404("No such revision")
        raise PermissionDenied
    return revision


def revisions_visible(*, user: Any, document: Document) -> QuerySet[Revision]:
    """The revisions ``user`` may read, newest first, each with its state changes."""
    return (
        Revision.objects.filter(document=document, status__in=visible_statuses(user))
        .select_related("author", "adopted_by", "document")
        .prefetch_related(
            Prefetch(
                "events", queryset=RevisionEvent.objects.select_related("actor").order_by("pk")
            )
        )
        .annotate(comment_count=Count("comments"))
        .order_by("-number")
    )


def revision_choices(*, user: Any, document: Document) -> list[tuple[int, str]]:
    """Numbers and statuses of the revisions ``user`` may read, newest first (one query)."""
    labels = dict(RevisionStatus.choices)
    return [
        (number, str(labels[status]))
        for number, status in Revision.objects.filter(
            document=document, status__in=visible_statuses(user)
        )
        .order_by("-number")
        .values_list("number", "status")
    ]


def latest_revision(*, user: Any, document: Document) -> Revision | None:
    """The newest revision of any state, for the editor (Secretariat only)."""
    if not has_capability(user, Capability.DRAFT_TOR):
        raise PermissionDenied
    return (
        Revision.objects.filter(document=document)
        .select_related("author", "document")
        .order_by("-number")
        .first()
    )


def comments_for_revision(*, user: Any, revision: Revision) -> QuerySet[Comment]:
    """Comments on a revision, by section. The Secretariat and chair see all; a member sees
    every comment too (the consultation is open among members), never drafts' comments."""
    if revision.status not in visible_statuses(user):
        raise PermissionDenied
    if not (can_read_consultations(user)):
        return Comment.objects.none()
    return (
        Comment.objects.filter(revision=revision)
        .select_related("author", "replied_by")
        .order_by("section_id", "created_at", "pk")
    )


def comment_get(*, user: Any, revision: Revision, pk: int) -> Comment:
    if not has_capability(user, Capability.ANSWER_COMMENTS):
        raise PermissionDenied
    try:
        return Comment.objects.select_related("author", "revision").get(pk=pk, revision=revision)
    except Comment.DoesNotExist as error:
        raise Http404("No such comment") from error


@dataclass
class SectionComments:
    id: str
    title: str
    comments: list[Comment]


def consultation_summary(*, user: Any, revision: Revision) -> list[SectionComments]:
    """Comments grouped by section in the document's order (Secretariat and chair)."""
    if not can_read_drafts(user):
        raise PermissionDenied
    order = {h["id"]: i for i, h in enumerate(revision.headings)}
    groups: dict[str, SectionComments] = {}
    for comment in comments_for_revision(user=user, revision=revision):
        group = groups.setdefault(
            comment.section_id,
            SectionComments(comment.section_id, comment.section_title, []),
        )
        group.comments.append(comment)
    return sorted(groups.values(), key=lambda g: order.get(g.id, len(order)))


def outcome_counts(comments: list[Comment]) -> dict[str, int]:
    counts = {outcome.value: 0 for outcome in CommentOutcome}
    for comment in comments:
        counts[comment.outcome] += 1
    return counts


def acknowledgement_of(*, user: Any, document: Document) -> Acknowledgement | None:
    """The user's latest acknowledgement of any revision of ``document``."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Acknowledgement.objects.filter(user=user, revision__document=document)
        .select_related("revision")
        .order_by("-revision__number")
        .first()
    )


@dataclass
class PendingAcknowledgement:
    revision: Revision
    previous: Acknowledgement | None


def pending_acknowledgement(user: Any) -> PendingAcknowledgement | None:
    """For a member who has not accepted the main document's revision in force: that revision
    and their previous acceptance, if any (two queries)."""
    if not has_capability(user, Capability.ACKNOWLEDGE_TOR):
        return None
    in_force = (
        Revision.objects.filter(document__is_main=True, status=RevisionStatus.ADOPTED)
        .select_related("document")
        .first()
    )
    if in_force is None:
        return None
    latest = (
        Acknowledgement.objects.filter(user=user, revision__document_id=in_force.document_id)
        .select_related("revision")
        .order_by("-revision__number")
        .first()
    )
    if latest is not None and latest.revision_id == in_force.pk:
        return None
    return PendingAcknowledgement(in_force, latest)


@dataclass
class AcknowledgementRow:
    user: User
    acknowledged_at: Any
    previous_number: int | None


def acknowledgement_status(
    *, user: Any, revision: Revision
) -> tuple[list[AcknowledgementRow], list[AcknowledgementRow]]:
    """Members who have and have not accepted ``revision`` (Secretariat and chair)."""
    if not can_read_drafts(user):
        raise PermissionDenied
    members = (
        User.objects.filter(groups__name=Role.MEMBER.value, is_active=True)
        .annotate(
            latest_number=_latest_ack_number(revision),
        )
        .order_by("last_name", "first_name", "email")
    )
    acks = {
        a.user_id: a.created_at
        for a in Acknowledgement.objects.filter(revision=revision).only("user_id", "created_at")
    }
    done, pending = [], []
    for member in members:
        if member.pk in acks:
            done.append(AcknowledgementRow(member, acks[member.pk], None))
        else:
            pending.append(AcknowledgementRow(member, None, member.latest_number))
    return done, pending


def _latest_ack_number(revision: Revision) -> Any:
    from django.db.models import Max

    return Max(
        "tor_acknowledgements__revision__number",
        filter=Q(tor_acknowledgements__revision__document_id=revision.document_id),
    )
