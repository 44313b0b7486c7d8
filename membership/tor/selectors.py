"""Reads of the Terms of Reference, with the permission checks of DOMAIN.md's role table:
adopted (and superseded) revisions are public; a revision in consultation is for members and
those who may read drafts; drafts and withdrawn revisions only for the Secretariat and chair.
Out-of-scope objects raise 404, in-scope but forbidden ones 403."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404

from mag_portal.permissions import require
from mag_portal.roles import Capability, Role, has_capability
from mag_portal.types import Viewer
from membership.files import csv_safe
from membership.policy import MembershipPolicy, default_policy
from membership.tor import rules
from membership.tor.models import (
    Acknowledgement,
    Comment,
    CommentOutcome,
    Document,
    Revision,
    RevisionEvent,
    RevisionStatus,
)
from membership.tor.rules import visible_statuses


def main_revision_in_force() -> Revision | None:
    """The revision in force of the main document (served at /tor/), if one was adopted."""
    return (
        Revision.objects.in_force()
        .filter(document__is_main=True)
        .select_related("document")
        .first()
    )


def policy_in_force() -> MembershipPolicy:
    """The membership policy of the adopted ToR revision in force; until one is adopted, the
    default policy of DOMAIN.md. The roster is checked against this, and only this."""
    policy = (
        Revision.objects.in_force()
        .filter(document__is_main=True)
        .values_list("policy", flat=True)
        .first()
    )
    if policy is None:
        return default_policy()
    return MembershipPolicy.from_dict(policy)


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
    in_consultation = Q(revisions__status=RevisionStatus.CONSULTATION)
    return Document.objects.annotate(
        in_force_number=Max(
            "revisions__number", filter=Q(revisions__status=RevisionStatus.ADOPTED)
        ),
        consultation_number=Max("revisions__number", filter=in_consultation),
        pending_comments=Count(
            "revisions__comments",
            filter=in_consultation & Q(revisions__comments__outcome=CommentOutcome.PENDING),
        ),
    )


def revision_in_force(*, document: Document) -> Revision | None:
    return (
        Revision.objects.in_force()
        .filter(document=document)
        .select_related("document", "author", "adopted_by")
        .first()
    )


def revision_get(*, user: Viewer, document: Document, number: int) -> Revision:
    """A revision ``user`` may read: 404 for anonymous visitors and unknown numbers, 403 for a
    signed-in user whose role may not read it."""
    revision = (
        Revision.objects.filter(document=document, number=number)
        .select_related("document", "author", "adopted_by", "based_on")
        .first()
    )
    if revision is None:
        raise Http404("No such revision")
    if not rules.can_read(user, revision):
        if not user.is_authenticated:
            raise Http404("No such revision")
        raise PermissionDenied
    return revision


def revisions_visible(*, user: Viewer, document: Document) -> QuerySet[Revision]:
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


def revision_choices(*, user: Viewer, document: Document) -> list[tuple[int, str]]:
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


def revisions_to_compare(
    *, user: Viewer, document: Document, old: str | None, new: str | None
) -> tuple[Revision, Revision, list[tuple[int, str]]]:
    """The two revisions to compare (``new`` defaults to the newest the reader may read,
    ``old`` to the one before it) and every revision the reader may pick from. 404 for a
    number that is not a number."""
    visible = revision_choices(user=user, document=document)
    if not visible:
        raise Http404("Nothing to compare")
    numbers = [number for number, _status in visible]
    try:
        new_number = int(new) if new else numbers[0]
        default_old = next((n for n in numbers if n < new_number), new_number)
        old_number = int(old) if old else default_old
    except ValueError as error:
        raise Http404("Bad revision number") from error
    return (
        revision_get(user=user, document=document, number=old_number),
        revision_get(user=user, document=document, number=new_number),
        visible,
    )


def latest_revision(*, user: Viewer, document: Document) -> Revision | None:
    """The newest revision of any state, for the editor (Secretariat only)."""
    require(rules.can_draft(user))
    return (
        Revision.objects.filter(document=document)
        .select_related("author", "document")
        .order_by("-number")
        .first()
    )


def comments_for_revision(*, user: Viewer, revision: Revision) -> QuerySet[Comment]:
    """Comments on a revision, by section. The Secretariat and chair see all; a member sees
    every comment too (the consultation is open among members), never drafts' comments."""
    require(rules.can_read(user, revision))
    if not rules.can_read_consultations(user):
        return Comment.objects.none()
    return (
        Comment.objects.filter(revision=revision)
        .select_related("author", "replied_by")
        .order_by("section_id", "created_at", "pk")
    )


def comment_get(*, user: Viewer, revision: Revision, pk: int) -> Comment:
    require(rules.can_answer_comments(user))
    try:
        return Comment.objects.select_related("author", "revision").get(pk=pk, revision=revision)
    except Comment.DoesNotExist as error:
        raise Http404("No such comment") from error


@dataclass
class SectionComments:
    id: str
    title: str
    comments: list[Comment]


@dataclass
class RevisionComments:
    """A revision's comments as its page shows them: by section, and every section with its
    number of comments (the links to comment on one)."""

    sections: list[SectionComments]
    index: list[dict[str, object]]
    count: int


def revision_comments(*, user: Viewer, revision: Revision) -> RevisionComments:
    comments = list(comments_for_revision(user=user, revision=revision))
    by_section: dict[str, list[Comment]] = {}
    for comment in comments:
        by_section.setdefault(comment.section_id, []).append(comment)
    sections = [
        SectionComments(h["id"], h["title"], by_section[h["id"]])
        for h in revision.headings
        if h["id"] in by_section
    ]
    index = [{**h, "count": len(by_section.get(h["id"], []))} for h in revision.headings]
    return RevisionComments(sections, index, len(comments))


def _summary_sections(*, user: Viewer, revision: Revision) -> list[SectionComments]:
    """Comments grouped by section in the document's order (Secretariat and chair)."""
    require(rules.can_read_drafts(user))
    order = {h["id"]: i for i, h in enumerate(revision.headings)}
    groups: dict[str, SectionComments] = {}
    for comment in comments_for_revision(user=user, revision=revision):
        group = groups.setdefault(
            comment.section_id,
            SectionComments(comment.section_id, comment.section_title, []),
        )
        group.comments.append(comment)
    return sorted(groups.values(), key=lambda g: order.get(g.id, len(order)))


@dataclass
class ConsultationSummary:
    sections: list[SectionComments]
    counts: dict[str, int]
    total: int
    outcome: str


def consultation_summary(
    *, user: Viewer, revision: Revision, outcome: str = ""
) -> ConsultationSummary:
    """Comments by section, counted by outcome, and filtered to ``outcome`` when it is one
    (Secretariat and chair)."""
    sections = _summary_sections(user=user, revision=revision)
    comments = [c for s in sections for c in s.comments]
    counts = dict.fromkeys(CommentOutcome.values, 0)
    for comment in comments:
        counts[comment.outcome] += 1
    if outcome in CommentOutcome.values:
        for section in sections:
            section.comments = [c for c in section.comments if c.outcome == outcome]
        sections = [s for s in sections if s.comments]
    else:
        outcome = ""
    return ConsultationSummary(sections, counts, len(comments), outcome)


SUMMARY_COLUMNS = (
    "section_id",
    "section",
    "author",
    "stakeholder_group",
    "submitted",
    "comment",
    "outcome",
    "reply",
    "answered_by",
)


def consultation_summary_rows(*, user: Viewer, revision: Revision) -> list[list[str]]:
    """The summary as CSV rows, neutralised for spreadsheets (Secretariat and chair)."""
    rows = [list(SUMMARY_COLUMNS)]
    for section in _summary_sections(user=user, revision=revision):
        for c in section.comments:
            rows.append(
                [
                    csv_safe(v)
                    for v in (
                        section.id,
                        section.title,
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
    return rows


def acknowledgement_of(*, user: Viewer, document: Document) -> Acknowledgement | None:
    """A member's latest acknowledgement of any revision of ``document`` (None for those who
    do not accept the ToR)."""
    if not user.is_authenticated or not has_capability(user, Capability.ACKNOWLEDGE_TOR):
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


def pending_acknowledgement(user: Viewer) -> PendingAcknowledgement | None:
    """For a member who has not accepted the main document's revision in force: that revision
    and their previous acceptance, if any (two queries)."""
    if not user.is_authenticated or not has_capability(user, Capability.ACKNOWLEDGE_TOR):
        return None
    in_force = main_revision_in_force()
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
    acknowledged_at: datetime.datetime | None
    previous_number: int | None


def acknowledgement_status(
    *, user: Viewer, revision: Revision
) -> tuple[list[AcknowledgementRow], list[AcknowledgementRow]]:
    """Members who have and have not accepted ``revision`` (Secretariat and chair)."""
    require(rules.can_read_drafts(user))
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


def _latest_ack_number(revision: Revision) -> Max:
    return Max(
        "tor_acknowledgements__revision__number",
        filter=Q(tor_acknowledgements__revision__document_id=revision.document_id),
    )
