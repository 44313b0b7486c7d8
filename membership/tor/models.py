"""Terms of Reference: documents, immutable revisions, lifecycle, comments, acknowledgements."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from membership.choices import StakeholderGroup
from membership.tor.markdown import render_markdown

__all__ = [
    "MAX_BODY_CHARS",
    "Acknowledgement",
    "Comment",
    "CommentOutcome",
    "Document",
    "Revision",
    "RevisionEvent",
    "RevisionStatus",
]

# About 1 MB of Markdown: ten times the longest ToR anyone has written, small enough to diff.
MAX_BODY_CHARS = 1_000_000


class Document(models.Model):
    """A document of one body, managed as a series of revisions: the members' ToR, the
    chair's ToR, ... The body's main document is served at /b/<body>/tor/ and its revision in
    force sets the body's membership policy."""

    body = models.ForeignKey(
        "bodies.Body", on_delete=models.PROTECT, related_name="documents", verbose_name=_("body")
    )
    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    is_main = models.BooleanField(
        _("main document"), default=False, help_text=_("Served at /tor/.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-is_main", "title"]
        verbose_name = _("ToR document")
        verbose_name_plural = _("ToR documents")
        constraints = [
            models.UniqueConstraint(fields=["body", "slug"], name="tor_document_slug_per_body"),
            models.UniqueConstraint(
                fields=["body"], condition=Q(is_main=True), name="tor_single_main_document"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.is_main:
            return reverse("tor:public", kwargs={"body": self.body.slug})
        return reverse("tor:document", kwargs={"body": self.body.slug, "slug": self.slug})


class RevisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONSULTATION = "consultation", _("In consultation")
    ADOPTED = "adopted", _("Adopted, in force")
    SUPERSEDED = "superseded", _("Superseded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The only fields of a saved revision that may change: its lifecycle.
LIFECYCLE_FIELDS = frozenset(
    {
        "status",
        "consultation_opens_at",
        "consultation_closes_at",
        "adopted_at",
        "adopted_by",
        "effective_date",
    }
)

# Revisions anyone may read: what was once adopted is public record.
PUBLIC_STATUSES = (RevisionStatus.ADOPTED, RevisionStatus.SUPERSEDED)


class RevisionQuerySet(models.QuerySet["Revision"]):
    def public(self) -> RevisionQuerySet:
        return self.filter(status__in=PUBLIC_STATUSES)

    def in_force(self) -> RevisionQuerySet:
        """The revision in force of each document (at most one, by a database constraint)."""
        return self.filter(status=RevisionStatus.ADOPTED)


class Revision(models.Model):
    """One immutable version of a document. Only the lifecycle fields (status, consultation
    window, adoption) change after creation, and only through ``membership.services.tor``."""

    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="revisions", verbose_name=_("document")
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"))
    change_summary = models.CharField(_("summary of changes"), max_length=1000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="tor_revisions",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("saved"), default=timezone.now)
    based_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("based on"),
    )
    policy = models.JSONField(_("membership policy"))
    # Derived from ``body`` once, at creation: the revision never changes, so neither do these.
    body_html = models.TextField(editable=False, default="")
    toc_html = models.TextField(editable=False, default="")
    headings = models.JSONField(editable=False, default=list)

    status = models.CharField(
        _("status"), max_length=20, choices=RevisionStatus, default=RevisionStatus.DRAFT
    )
    consultation_opens_at = models.DateTimeField(_("consultation opens"), null=True, blank=True)
    consultation_closes_at = models.DateTimeField(_("consultation closes"), null=True, blank=True)
    adopted_at = models.DateTimeField(_("adopted"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adopted by"),
    )
    effective_date = models.DateField(_("in force from"), null=True, blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("ToR revision")
        verbose_name_plural = _("ToR revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="tor_revision_number_unique"
            ),
            # The rule that matters most: one revision in force per document.
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(status=RevisionStatus.ADOPTED),
                name="tor_single_revision_in_force",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="tor_revision_number_gte_1"),
            models.CheckConstraint(
                condition=Q(consultation_closes_at__isnull=True)
                | Q(consultation_opens_at__isnull=True)
                | Q(consultation_closes_at__gt=models.F("consultation_opens_at")),
                name="tor_consultation_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=PUBLIC_STATUSES)
                | (Q(adopted_at__isnull=False) & Q(effective_date__isnull=False)),
                name="tor_adopted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — r{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A saved revision is immutable: only its lifecycle fields may be written again.
        if not self._state.adding and not set(kwargs.get("update_fields") or ["*"]) <= (
            LIFECYCLE_FIELDS
        ):
            raise ValueError(
                "A saved revision is immutable: save(update_fields=...) with lifecycle "
                "fields only, or create a new revision."
            )
        # Caching derived data of an immutable row is the one thing save() does.
        if not self.body_html and self.body:
            rendered = render_markdown(self.body)
            self.body_html, self.toc_html, self.headings = (
                rendered.html,
                rendered.toc_html,
                rendered.headings,
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "tor:revision",
            kwargs={
                "body": self.document.body.slug,
                "slug": self.document.slug,
                "number": self.number,
            },
        )

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_in_force(self) -> bool:
        return self.status == RevisionStatus.ADOPTED

    @property
    def is_draft(self) -> bool:
        return self.status == RevisionStatus.DRAFT

    @property
    def is_in_consultation(self) -> bool:
        """In consultation (its comment window may be open or closed)."""
        return self.status == RevisionStatus.CONSULTATION

    @property
    def is_withdrawable(self) -> bool:
        """A draft or a revision in consultation: never in force yet."""
        return self.status in (RevisionStatus.DRAFT, RevisionStatus.CONSULTATION)

    def is_open_for_comments(self, at: datetime.datetime | None = None) -> bool:
        """In consultation, and now is inside its window."""
        now = at or timezone.now()
        return (
            self.status == RevisionStatus.CONSULTATION
            and self.consultation_opens_at is not None
            and self.consultation_opens_at <= now
            and (self.consultation_closes_at is None or now < self.consultation_closes_at)
        )

    def is_adoptable(self, at: datetime.datetime | None = None) -> bool:
        """A draft, or a revision whose consultation has closed."""
        return self.is_withdrawable and not self.is_open_for_comments(at)

    def section_title(self, section_id: str) -> str:
        for heading in self.headings:
            if heading["id"] == section_id:
                return str(heading["title"])
        return ""


class RevisionEvent(models.Model):
    """A change of a revision's state: who, when, why."""

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=RevisionStatus, blank=True)
    to_status = models.CharField(max_length=20, choices=RevisionStatus)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"r{self.revision_id}: {self.from_status or '-'} -> {self.to_status}"


class CommentOutcome(models.TextChoices):
    PENDING = "pending", _("Awaiting an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    NOTED = "noted", _("Noted")


class Comment(models.Model):
    """A member's comment on one section of a revision in consultation."""

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tor_comments"
    )
    # The author's stakeholder group when they commented: it belongs to the appointment.
    stakeholder_group = models.CharField(max_length=30, choices=StakeholderGroup, blank=True)
    section_id = models.CharField(_("section"), max_length=200)
    section_title = models.CharField(max_length=300, blank=True)
    body = models.TextField(_("comment"), max_length=10_000)
    created_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=CommentOutcome, default=CommentOutcome.PENDING
    )
    reply = models.TextField(_("reply"), blank=True, max_length=10_000)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.section_id}"


class Acknowledgement(models.Model):
    """A member read and accepts a revision; once per revision."""

    revision = models.ForeignKey(
        Revision, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tor_acknowledgements"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "user"], name="tor_acknowledge_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} accepts r{self.revision_id}"
