"""Reads of the Terms of Reference, with the permission checks of DOMAIN.md's role table:
adopted (and superseded) revisions are public; a revision in consultation is for members and
those who may read drafts; drafts and withdrawn revisions only for the Secretariat and chair.
Out-of-scope objects raise 404, in-scope but forbidden ones 403."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404

from mag_portal.permissions import require
from mag_portal.roles import Capability, Role
from mag_portal.types import Viewer
from membership.bodies.models import Body
from membership.bodies.rules import body_ids_with, can
from membership.files import csv_safe
from membership.policy import MembershipPolicy, default_policy_for
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

if TYPE_CHECKING:
    from membership.roster.models import Person


def main_revision_in_force(body: Body) -> Revision | None:
    """The revision in force of the body's main document (served at /b/<body>/tor/)."""
    return (
        Revision.objects.in_force()
        .filter(document__body=body, document__is_main=True)
        .select_related("document__body")
        .first()
    )


def policy_in_force(body: Body) -> MembershipPolicy:
    """The membership policy of the body: its main document's revision in force; until one is
    adopted, the default for its kind (DOMAIN.md). The body's roster is checked against this,
    and only this."""
    policy = (
        Revision.objects.in_force()
        .filter(document__body=body, document__is_main=True)
        .values_list("policy", flat=True)
        .first()
    )
    if policy is None:
        return default_policy_for(body.kind)
    return MembershipPolicy.from_dict(policy)


def main_document(body: Body) -> Document | None:
    """The body's main document, served at /b/<body>/tor/, if one is marked as main."""
    return Document.objects.filter(body=body, is_main=True).select_related("body").first()


def document_get(*, body: Body, slug: str) -> Document:
    document = Document.objects.filter(body=body, slug=slug).select_related("body").first()
    if document is None:
        raise Http404("No such document")
    return document


def documents_list(bodies: list[Body] | None = None) -> QuerySet[Document]:
    """The documents of ``bodies`` (every body when None), each with the number of its
    revision in force and of its latest revision in consultation, and how many comments there
    await an answer (one query)."""
    in_consultation = Q(revisions__status=RevisionStatus.CONSULTATION)
    documents = Document.objects.select_related("body")
    if bodies is not None:
        documents = documents.filter(body__in=bodies)
    return documents.annotate(
        in_force_number=Max(
            "revisions__number", filter=Q(revisions__status=RevisionStatus.ADOPTED)
        ),
        consultation_number=Max("revisions__number", filter=in_consultation),
        pending_comments=Count(
            "revisions__comments",
            filter=in_consultation & Q(revisions__comments__outcome=CommentOutcome.PENDING),
        ),
    ).order_by("body__name", "-is_main", "title")


def revision_in_force(*, document: Document) -> Revision | None:
    return (
        Revision.objects.in_force()
        .filter(document=document)
        .select_related("document__body", "author", "adopted_by")
        .first()
    )


def revision_get(*, user: Viewer, document: Document, number: int) -> Revision:
    """A revision ``user`` may read: 404 for anonymous visitors and unknown numbers, 403 for a
    signed-in user whose role may not read it."""
    revision = (
        Revision.objects.filter(document=document, number=number)
        .select_related("document__body", "author", "adopted_by", "based_on")
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
        Revision.objects.filter(document=document, status__in=visible_statuses(user, document.body))
        .select_related("author", "adopted_by", "document__body")
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
            document=document, status__in=visible_statuses(user, document.body)
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
    require(rules.can_draft(user, document.body))
    return (
        Revision.objects.filter(document=document)
        .select_related("author", "document__body")
        .order_by("-number")
        .first()
    )


def comments_for_revision(*, user: Viewer, revision: Revision) -> QuerySet[Comment]:
    """Comments on a revision, by section. The Secretariat and chair see all; a member sees
    every comment too (the consultation is open among members), never drafts' comments."""
    require(rules.can_read(user, revision))
    if not rules.can_read_consultations(user, revision.document.body):
        return Comment.objects.none()
    return (
        Comment.objects.filter(revision=revision)
        .select_related("author", "replied_by")
        .order_by("section_id", "created_at", "pk")
    )


def comment_get(*, user: Viewer, revision: Revision, pk: int) -> Comment:
    require(rules.can_answer_comments(user, revision.document.body))
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
    require(rules.can_read_drafts(user, revision.document.body))
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
    do not accept the body's ToR)."""
    if not user.is_authenticated or not can(user, Capability.ACKNOWLEDGE_TOR, document.body):
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


def pending_acknowledgements(user: Viewer) -> list[PendingAcknowledgement]:
    """For a member: each revision in force of the main document of a body they serve that
    they have not yet accepted, with their previous acceptance of that document (two
    queries)."""
    if not user.is_authenticated:
        return []
    bodies = body_ids_with(user, Role.MEMBER)
    if not bodies:
        return []
    in_force = list(
        Revision.objects.in_force()
        .filter(document__body_id__in=bodies, document__is_main=True)
        .select_related("document__body")
    )
    if not in_force:
        return []
    latest: dict[int, Acknowledgement] = {}
    for ack in (
        Acknowledgement.objects.filter(
            user=user, revision__document_id__in=[r.document_id for r in in_force]
        )
        .select_related("revision")
        .order_by("revision__number")
    ):
        latest[ack.revision.document_id] = ack
    pending = []
    for revision in in_force:
        previous = latest.get(revision.document_id)
        if previous is None or previous.revision_id != revision.pk:
            pending.append(PendingAcknowledgement(revision, previous))
    return pending


def pending_acknowledgement(user: Viewer) -> PendingAcknowledgement | None:
    """The first revision in force a member has yet to accept (the banner on every page)."""
    pending = pending_acknowledgements(user)
    return pending[0] if pending else None


@dataclass
class AcknowledgementRow:
    """A current member of the body, their account (None: cannot be reached, no login) and
    when they accepted the revision, or the last revision they accepted."""

    person: Person
    user: User | None
    acknowledged_at: datetime.datetime | None
    previous_number: int | None


def acknowledgement_status(
    *, user: Viewer, revision: Revision
) -> tuple[list[AcknowledgementRow], list[AcknowledgementRow]]:
    """The body's current members (current appointments, never accounts or groups) who have
    and have not accepted ``revision`` (Secretariat and chair). Three queries."""
    body = revision.document.body
    require(rules.can_read_drafts(user, body))
    from membership.roster.models import Appointment

    appointments = list(
        Appointment.objects.current()
        .filter(cycle__body=body)
        .select_related("person__user")
        .order_by("person__name", "pk")
    )
    user_ids = [a.person.user_id for a in appointments if a.person.user_id]
    acks = {
        a.user_id: a.created_at
        for a in Acknowledgement.objects.filter(revision=revision, user_id__in=user_ids)
    }
    previous = dict(
        Acknowledgement.objects.filter(
            user_id__in=user_ids, revision__document_id=revision.document_id
        )
        .values("user_id")
        .annotate(number=Max("revision__number"))
        .values_list("user_id", "number")
    )
    done, pending = [], []
    seen: set[int] = set()
    for appointment in appointments:
        person = appointment.person
        if person.pk in seen:
            continue
        seen.add(person.pk)
        account = person.user
        if account is not None and account.pk in acks:
            done.append(AcknowledgementRow(person, account, acks[account.pk], None))
        else:
            number = previous.get(account.pk) if account is not None else None
            pending.append(AcknowledgementRow(person, account, None, number))
    return done, pending


def policies_in_force(bodies: list[Body]) -> dict[int, MembershipPolicy]:
    """Each body's membership policy, as ``policy_in_force`` gives it (one query)."""
    adopted = dict(
        Revision.objects.in_force()
        .filter(document__body__in=bodies, document__is_main=True)
        .values_list("document__body_id", "policy")
    )
    return {
        body.pk: MembershipPolicy.from_dict(adopted[body.pk])
        if body.pk in adopted
        else default_policy_for(body.kind)
        for body in bodies
    }


@dataclass
class ConsultationState:
    open: int = 0
    awaiting_answer: int = 0


def consultations_by_body(bodies: list[Body]) -> dict[int, ConsultationState]:
    """For each body: how many revisions are in consultation and how many of their comments
    await an answer (one query)."""
    states: dict[int, ConsultationState] = {}
    rows = (
        Revision.objects.filter(document__body__in=bodies, status=RevisionStatus.CONSULTATION)
        .annotate(awaiting=Count("comments", filter=Q(comments__outcome=CommentOutcome.PENDING)))
        .values_list("document__body_id", "awaiting")
    )
    for body_id, awaiting in rows:
        state = states.setdefault(body_id, ConsultationState())
        state.open += 1
        state.awaiting_answer += awaiting
    return states
