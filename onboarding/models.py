"""Onboarding: checklist templates, one checklist per appointment (items copied from the
template when the checklist is made), item history, evidence files, reminder log, calendar
feed tokens."""

from __future__ import annotations

import secrets
import uuid
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from membership.tor.markdown import render_comment


class Audience(models.TextChoices):
    NEW = "new", _("New members")
    RETURNING = "returning", _("Returning members")


class Assignee(models.TextChoices):
    MEMBER = "member", _("The member")
    SECRETARIAT = "secretariat", _("The Secretariat")
    CHAIR = "chair", _("The chair")


class ItemKind(models.TextChoices):
    PLAIN = "plain", _("Task")
    ACCEPT_TOR = "accept_tor", _("Accept the Terms of Reference in force")
    UPLOAD = "upload", _("Upload a document")
    ATTEND_EVENT = "attend_event", _("Attend an event")
    COMPLETE_PROFILE = "complete_profile", _("Complete your profile")


class ItemStatus(models.TextChoices):
    TODO = "todo", _("To do")
    DONE = "done", _("Done")
    WAIVED = "waived", _("Waived")


# Statuses that let the items depending on this one go ahead.
SETTLED = (ItemStatus.DONE, ItemStatus.WAIVED)


class ChecklistTemplate(models.Model):
    """What new (or returning) members go through. Editing it never rewrites checklists
    already made: their items are copies."""

    body = models.ForeignKey(
        "bodies.Body",
        on_delete=models.PROTECT,
        related_name="checklist_templates",
        verbose_name=_("body"),
    )
    name = models.CharField(_("name"), max_length=200)
    audience = models.CharField(_("for"), max_length=20, choices=Audience)
    is_active = models.BooleanField(
        _("in use"), default=True, help_text=_("New checklists are made from this template.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["audience", "name"]
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "audience"],
                condition=Q(is_active=True),
                name="onboarding_one_active_template_per_audience",
            )
        ]

    def __str__(self) -> str:
        return self.name


class TemplateItem(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description (Markdown)"), max_length=10_000, blank=True)
    assignee = models.CharField(
        _("who does it"), max_length=20, choices=Assignee, default=Assignee.MEMBER
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind, default=ItemKind.PLAIN)
    due_offset_days = models.SmallIntegerField(
        _("due, days after the appointment starts"), default=14
    )
    event_date = models.DateField(_("event date"), null=True, blank=True)
    depends_on = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="dependents"
    )
    recurs_each_cycle = models.BooleanField(
        _("recurs each cycle"),
        default=False,
        help_text=_("Asked again of returning members who already did it."),
    )

    class Meta:
        ordering = ["template", "position", "pk"]
        verbose_name = _("template item")
        verbose_name_plural = _("template items")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=ItemKind.ATTEND_EVENT) | Q(event_date__isnull=False),
                name="onboarding_template_event_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Checklist(models.Model):
    """The onboarding of one appointment."""

    appointment = models.OneToOneField(
        "roster.Appointment", on_delete=models.PROTECT, related_name="checklist"
    )
    template = models.ForeignKey(
        ChecklistTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checklists",
    )
    audience = models.CharField(_("for"), max_length=20, choices=Audience)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        permissions = [
            ("act_on_checklist", "Can complete and upload on a checklist (object permission)"),
        ]

    def __str__(self) -> str:
        return f"Checklist of {self.appointment}"

    def get_absolute_url(self) -> str:
        return reverse(
            "onboarding:checklist_detail",
            kwargs={"body": self.appointment.cycle.body.slug, "pk": self.pk},
        )


class ChecklistItemQuerySet(models.QuerySet["ChecklistItem"]):
    def open(self) -> ChecklistItemQuerySet:
        return self.filter(status=ItemStatus.TODO)


class ChecklistItem(models.Model):
    """A copy of a template item on one checklist, with its own due date and state. "Blocked"
    is not stored: an item is blocked while one of the items it depends on is still to do."""

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    source_item = models.ForeignKey(
        TemplateItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    description_html = models.TextField(blank=True, editable=False)
    assignee = models.CharField(_("who does it"), max_length=20, choices=Assignee)
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind)
    due_on = models.DateField(_("due"))
    event_date = models.DateField(_("event date"), null=True, blank=True)
    recurs_each_cycle = models.BooleanField(default=False)
    tor_revision = models.ForeignKey(
        "tor.Revision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For an acceptance item added when this revision was adopted."),
    )
    depends_on = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="dependents"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ItemStatus, default=ItemStatus.TODO
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    waived_reason = models.TextField(_("reason for waiving"), blank=True)

    objects = ChecklistItemQuerySet.as_manager()

    class Meta:
        ordering = ["checklist", "position", "due_on", "pk"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        indexes = [
            models.Index(fields=["status", "due_on"]),
            # Items for a role ("what waits for the Secretariat"), soonest first.
            models.Index(fields=["assignee", "status", "due_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ItemStatus.TODO) | Q(completed_at__isnull=False),
                name="onboarding_item_settled_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=ItemStatus.WAIVED) | ~Q(waived_reason=""),
                name="onboarding_item_waived_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Caching derived data: the description is rendered and sanitised once.
        if self.description and not self.description_html:
            self.description_html = render_comment(self.description)
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status == ItemStatus.TODO

    def blockers(self) -> list[ChecklistItem]:
        """The items this one waits for (uses prefetched ``depends_on`` when there)."""
        return [d for d in self.depends_on.all() if d.status not in SETTLED]


class ItemAction(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    AUTO_COMPLETED = "auto_completed", _("Completed automatically")
    WAIVED = "waived", _("Waived")
    UNDONE = "undone", _("Undone")
    ADDED = "added", _("Added")


class ChecklistItemEvent(models.Model):
    """Who did what to an item, and why: completions, waivers and their undoing."""

    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=ItemAction)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.item_id}"


def evidence_path(instance: EvidenceFile, filename: str) -> str:
    # Never the uploader's file name on disk: a random name, the checked type's extension.
    ext = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}.get(
        instance.content_type, ""
    )
    return str(PurePosixPath("onboarding", "evidence", f"{uuid.uuid4().hex}{ext}"))


class EvidenceFile(models.Model):
    """A document a member uploaded on an item (a declaration of interests, ...). Stored under
    MEDIA_ROOT, which no URL serves: only ``onboarding:evidence_download`` reads it."""

    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse(
            "onboarding:evidence_download",
            kwargs={"body": self.item.checklist.appointment.cycle.body.slug, "pk": self.pk},
        )


class ReminderKind(models.TextChoices):
    PERSONAL = "personal", _("Personal reminder")
    DIGEST = "digest", _("Secretariat digest")


class ReminderLog(models.Model):
    """One row per person and day: a person gets at most one onboarding email a day, and
    running the reminder command twice sends nothing twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="onboarding_reminders"
    )
    kind = models.CharField(max_length=20, choices=ReminderKind)
    sent_on = models.DateField()
    item_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="onboarding_one_email_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.user_id} on {self.sent_on}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedToken(models.Model):
    """The secret in a user's calendar feed URL. Revoking deletes it; a new one can be made."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="onboarding_feed_token"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user_id}"

    def get_absolute_url(self) -> str:
        return reverse("calendar:feed", kwargs={"token": self.token})
