"""Bodies and the roles people hold in them.

A body is data: the MAG, the IGF Leadership Panel, a working group of the MAG, a national,
regional or youth IGF initiative. Every cycle, ToR document and onboarding template belongs to
one (appointments, nominations and checklists through their cycle). A person's rights in a body
come from a ``BodyRole`` (chair, vice-chair, body secretariat, member): the service that grants
or ends one keeps the django-guardian object permissions on the body in step, and access checks
ask those (``membership.bodies.rules``). The IGF Secretariat (a global role) acts in every body.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mag_portal.roles import ROLE_LABELS, Capability, Role


class BodyKind(models.TextChoices):
    ADVISORY_GROUP = "advisory_group", _("Advisory group")
    PANEL = "panel", _("Panel")
    WORKING_GROUP = "working_group", _("Working group")
    NATIONAL = "national", _("National IGF initiative")
    REGIONAL = "regional", _("Regional IGF initiative")
    YOUTH = "youth", _("Youth IGF initiative")


class Body(models.Model):
    """An advisory body with a rotating, balanced membership."""

    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(
        _("short name"), max_length=60, blank=True, help_text=_("For example MAG or LP.")
    )
    slug = models.SlugField(
        _("short name for the address"),
        max_length=60,
        unique=True,
        help_text=_("Lower-case letters, digits and hyphens: /b/mag/."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
        help_text=_("A working group belongs to the MAG; an initiative may belong to a region."),
    )
    description = models.TextField(_("public description"), max_length=5000, blank=True)
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("The languages the body works in.")
    )
    roster_is_public = models.BooleanField(_("public roster"), default=True)
    is_default = models.BooleanField(
        _("default body"), default=False, help_text=_("Served at today's /roster/ and /tor/.")
    )
    # Renewed by every write to what the overview shows of the body (its appointments, cycles
    # and members' records, checklists, ToR revisions and comments): the overview keys its
    # cached state on it, so a cached state never outlives a change. Random, not a counter,
    # so a rolled-back write can never make an old value current again.
    version = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="bodies_one_default"
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="bodies_not_its_own_parent"
            ),
        ]
        # One object permission per capability: a role in a body grants its capabilities
        # there (membership.bodies.services keeps them in step with BodyRole).
        permissions = [(capability.value, capability.value) for capability in Capability]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("bodies:detail", kwargs={"body": self.slug})

    @property
    def is_working_group(self) -> bool:
        return self.kind == BodyKind.WORKING_GROUP


BODY_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARIAT, Role.MEMBER)


class BodyRole(models.Model):
    """A role a user holds in a body, from ``starts_on`` until ``ends_on``, the day it stops
    (open when empty). A member's role carries the end of their last term."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="roles", verbose_name=_("body")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="body_roles",
        verbose_name=_("account"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=[(r.value, ROLE_LABELS[r]) for r in BODY_ROLES]
    )
    starts_on = models.DateField(_("from"), default=timezone.localdate)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "role", "user__last_name", "user__first_name"]
        verbose_name = _("role in a body")
        verbose_name_plural = _("roles in bodies")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "user", "role"],
                condition=Q(ends_on__isnull=True),
                name="bodies_one_open_role_per_user",
            ),
        ]
        indexes = [models.Index(fields=["user", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.role} of {self.body_id}"

    def is_active(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.starts_on <= today and (self.ends_on is None or today < self.ends_on)

    @property
    def role_label(self) -> str:
        return Role(self.role).label
