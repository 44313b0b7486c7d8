"""Writes of the Terms of Reference. Each service runs in one transaction, takes the acting user
as ``actor=``, checks the actor's capability and the lifecycle rule it enforces, and records a
``RevisionEvent`` for every change of state."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mag_portal.permissions import require
from mag_portal.roles import Capability
from mag_portal.types import Actor
from membership.bodies.models import Body
from membership.bodies.rules import can
from membership.policy import MembershipPolicy, PolicyError, default_policy_for
from membership.roster.selectors import current_stakeholder_group
from membership.tor import rules, signals
from membership.tor.models import (
    MAX_BODY_CHARS,
    Acknowledgement,
    Comment,
    CommentOutcome,
    Document,
    Revision,
    RevisionEvent,
    RevisionStatus,
)


class RevisionConflict(ValidationError):
    """Another revision was saved after the editor opened the form."""

    def __init__(self, latest: Revision) -> None:
        self.latest = latest
        super().__init__(
            _(
                "Revision %(number)s was saved by %(author)s while you were editing. Your text "
                "was not saved; it is still in the form. Compare it with revision %(number)s "
                "on this page, merge, and save again."
            )
            % {"number": latest.number, "author": latest.author.get_full_name() or "—"},
            code="conflict",
        )


def _no_nul(**texts: str) -> None:
    """PostgreSQL text cannot hold NUL characters: refuse them with a message, not a crash."""
    for name, value in texts.items():
        if "\x00" in value:
            raise ValidationError(
                _("The %(field)s contains a NUL character; remove it.") % {"field": name},
                code="null_characters_not_allowed",
            )


def _event(revision: Revision, *, old: str, new: str, actor: Actor, reason: str = "") -> None:
    RevisionEvent.objects.create(
        revision=revision, from_status=old, to_status=new, actor=actor, reason=reason
    )


def _locked(revision: Revision) -> Revision:
    return (
        Revision.objects.select_for_update(of=("self",))
        .select_related("document__body")
        .get(pk=revision.pk)
    )


@transaction.atomic
def document_create(
    *, body: Body, slug: str, title: str, actor: Actor, is_main: bool = False
) -> Document:
    """Start managing a new document (it has no revision yet)."""
    require(rules.can_draft(actor, body))
    _no_nul(title=title)
    document = Document(body=body, slug=slug, title=title, is_main=is_main)
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def revision_create(
    *,
    document: Document,
    body: str,
    change_summary: str,
    actor: Actor,
    based_on_number: int | None,
    policy: MembershipPolicy | dict[str, Any] | None = None,
    title: str | None = None,
) -> Revision:
    """Save a new draft revision. Refused with ``RevisionConflict`` when the latest revision is
    not ``based_on_number`` (someone saved since the editor opened the form)."""
    require(rules.can_draft(actor, document.body))
    # Lock the document row: two editors saving at once are serialised here.
    document = Document.objects.select_for_update().get(pk=document.pk)
    latest = (
        Revision.objects.filter(document=document)
        .select_related("author")
        .order_by("-number")
        .first()
    )
    _no_nul(text=body, summary=change_summary, title=title or "")
    latest_number = latest.number if latest else None
    if latest is not None and latest_number != based_on_number:
        raise RevisionConflict(latest)
    if len(body) > MAX_BODY_CHARS:
        raise ValidationError(
            _("The text is %(size)s characters long; the limit is %(limit)s.")
            % {"size": f"{len(body):,}", "limit": f"{MAX_BODY_CHARS:,}"},
            code="too_long",
        )
    if not change_summary.strip():
        raise ValidationError(_("Say what changed in this revision."), code="summary")
    if policy is None:
        policy_dict = latest.policy if latest else default_policy_for(document.body.kind).to_dict()
    elif isinstance(policy, MembershipPolicy):
        policy_dict = policy.to_dict()
    else:
        try:
            policy_dict = MembershipPolicy.from_dict(policy).to_dict()
        except PolicyError as error:
            raise ValidationError(str(error), code="policy") from error
    revision = Revision(
        document=document,
        number=(latest_number or 0) + 1,
        title=title or (latest.title if latest else document.title),
        body=body,
        change_summary=change_summary.strip(),
        author=actor,
        based_on=latest,
        policy=policy_dict,
    )
    revision.full_clean(exclude=["body_html", "toc_html", "headings"])
    revision.save()
    _event(revision, old="", new=RevisionStatus.DRAFT, actor=actor, reason=change_summary)
    return revision


@transaction.atomic
def consultation_open(
    *,
    revision: Revision,
    closes_at: dt.datetime,
    actor: Actor,
    opens_at: dt.datetime | None = None,
    reason: str = "",
) -> Revision:
    """Put a draft out for comment between ``opens_at`` (default now) and ``closes_at``."""
    require(can(actor, Capability.RUN_CONSULTATION, revision.document.body))
    revision = _locked(revision)
    if not revision.is_draft:
        raise ValidationError(_("Only a draft can be put out for consultation."))
    opens_at = opens_at or timezone.now()
    if closes_at <= opens_at:
        raise ValidationError(_("The consultation must close after it opens."), code="window")
    revision.status = RevisionStatus.CONSULTATION
    revision.consultation_opens_at = opens_at
    revision.consultation_closes_at = closes_at
    revision.save(update_fields=["status", "consultation_opens_at", "consultation_closes_at"])
    _event(
        revision,
        old=RevisionStatus.DRAFT,
        new=RevisionStatus.CONSULTATION,
        actor=actor,
        reason=reason,
    )
    return revision


@transaction.atomic
def consultation_close(*, revision: Revision, actor: Actor, reason: str = "") -> Revision:
    """Close the comment window now; the revision stays in consultation until adopted or
    withdrawn, so its comments remain readable."""
    require(can(actor, Capability.RUN_CONSULTATION, revision.document.body))
    revision = _locked(revision)
    now = timezone.now()
    if not revision.is_open_for_comments(now):
        raise ValidationError(_("This consultation is not open."))
    revision.consultation_closes_at = now
    revision.save(update_fields=["consultation_closes_at"])
    _event(
        revision,
        old=RevisionStatus.CONSULTATION,
        new=RevisionStatus.CONSULTATION,
        actor=actor,
        reason=reason or _("Consultation closed."),
    )
    return revision


@transaction.atomic
def revision_adopt(
    *, revision: Revision, effective_date: dt.date, actor: Actor, reason: str = ""
) -> Revision:
    """The chair adopts a revision; the one in force until now is superseded. The document row
    is locked first, so concurrent adoptions run one after the other; the partial unique
    constraint ``tor_single_revision_in_force`` backs this up."""
    require(can(actor, Capability.ADOPT_TOR, revision.document.body))
    Document.objects.select_for_update().get(pk=revision.document_id)
    revision = _locked(revision)
    if not revision.is_withdrawable:
        raise ValidationError(
            _("Revision %(number)s is %(status)s and cannot be adopted.")
            % {"number": revision.number, "status": revision.get_status_display().lower()}
        )
    if revision.is_open_for_comments():
        raise ValidationError(_("Close the consultation before adopting this revision."))
    current = (
        Revision.objects.select_for_update()
        .filter(document_id=revision.document_id, status=RevisionStatus.ADOPTED)
        .first()
    )
    if current is not None:
        if current.number > revision.number:
            raise ValidationError(
                _("Revision %(number)s, which is later, is already in force.")
                % {"number": current.number}
            )
        current.status = RevisionStatus.SUPERSEDED
        current.save(update_fields=["status"])
        _event(
            current,
            old=RevisionStatus.ADOPTED,
            new=RevisionStatus.SUPERSEDED,
            actor=actor,
            reason=_("Superseded by revision %(number)s.") % {"number": revision.number},
        )
    old = revision.status
    revision.status = RevisionStatus.ADOPTED
    revision.adopted_at = timezone.now()
    revision.adopted_by = actor
    revision.effective_date = effective_date
    try:
        with transaction.atomic():
            revision.save(update_fields=["status", "adopted_at", "adopted_by", "effective_date"])
    except IntegrityError as error:  # pragma: no cover - the lock above prevents it
        raise ValidationError(_("Another revision was adopted at the same time.")) from error
    _event(revision, old=old, new=RevisionStatus.ADOPTED, actor=actor, reason=reason)
    signals.revision_adopted.send(Revision, revision=revision, actor=actor)
    return revision


@transaction.atomic
def revision_withdraw(*, revision: Revision, actor: Actor, reason: str) -> Revision:
    """Withdraw a draft or a revision in consultation; it stays on record."""
    require(rules.can_draft(actor, revision.document.body))
    revision = _locked(revision)
    if not revision.is_withdrawable:
        raise ValidationError(_("Only a draft or a revision in consultation can be withdrawn."))
    if not reason.strip():
        raise ValidationError(_("Say why the revision is withdrawn."))
    _no_nul(reason=reason)
    old = revision.status
    revision.status = RevisionStatus.WITHDRAWN
    revision.save(update_fields=["status"])
    _event(revision, old=old, new=RevisionStatus.WITHDRAWN, actor=actor, reason=reason)
    return revision


@transaction.atomic
def comment_create(*, revision: Revision, section_id: str, body: str, actor: Actor) -> Comment:
    """A member comments on one section, only while the consultation is open."""
    require(can(actor, Capability.COMMENT_ON_TOR, revision.document.body))
    revision = (
        Revision.objects.select_for_update().select_related("document__body").get(pk=revision.pk)
    )
    if not revision.is_open_for_comments():
        raise ValidationError(
            _("Comments are accepted only while the consultation is open."), code="closed"
        )
    _no_nul(comment=body)
    section_title = revision.section_title(section_id)
    if not section_title:
        raise ValidationError(_("Choose a section of this revision."), code="section")
    if not body.strip():
        raise ValidationError(_("Write a comment."), code="empty")
    comment = Comment(
        revision=revision,
        author=actor,
        stakeholder_group=current_stakeholder_group(actor, revision.document.body) or "",
        section_id=section_id,
        section_title=section_title,
        body=body.strip(),
    )
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def comment_answer(*, comment: Comment, outcome: str, reply: str, actor: Actor) -> Comment:
    """The Secretariat answers a comment: accepted, declined or noted, with a note."""
    require(can(actor, Capability.ANSWER_COMMENTS, comment.revision.document.body))
    _no_nul(reply=reply)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if outcome not in (CommentOutcome.ACCEPTED, CommentOutcome.DECLINED, CommentOutcome.NOTED):
        raise ValidationError(_("Choose accepted, declined or noted."), code="outcome")
    comment.outcome = outcome
    comment.reply = reply.strip()
    comment.replied_by = actor
    comment.replied_at = timezone.now()
    comment.full_clean()
    comment.save(update_fields=["outcome", "reply", "replied_by", "replied_at"])
    return comment


@transaction.atomic
def acknowledgement_create(*, revision: Revision, actor: Actor) -> Acknowledgement:
    """A member accepts the revision in force; once per revision."""
    require(can(actor, Capability.ACKNOWLEDGE_TOR, revision.document.body))
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if not revision.is_in_force:
        raise ValidationError(_("Only the revision in force can be accepted."))
    if Acknowledgement.objects.filter(revision=revision, user=actor).exists():
        raise ValidationError(
            _("You already accepted revision %(number)s.") % {"number": revision.number},
            code="duplicate",
        )
    acknowledgement = Acknowledgement.objects.create(revision=revision, user=actor)
    signals.revision_acknowledged.send(
        Acknowledgement, acknowledgement=acknowledgement, actor=actor
    )
    return acknowledgement
