"""Roster: people, cycles, appointments (terms of office), nominations.

No hard deletes: people and appointments are never deleted (an appointment ends early, with a
reason); every change is kept by django-simple-history with who and why."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from membership.choices import Gender, Region, SeatType, StakeholderGroup
from membership.countries import country_name, region_of

__all__ = [
    "SEAT_HOLDING",
    "Appointment",
    "AppointmentStatus",
    "Cycle",
    "Nomination",
    "NominationStatus",
    "Person",
    "SeatType",
]


class Person(models.Model):
    """Someone who holds or held a seat, or was nominated for one; or an intergovernmental
    organisation (``is_organisation``: no country, region "none")."""

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        help_text=_("ISO 3166 code of a UN member state; empty for an organisation."),
    )
    is_organisation = models.BooleanField(_("intergovernmental organisation"), default=False)
    gender = models.CharField(_("gender"), max_length=20, choices=Gender, blank=True)
    gender_description = models.CharField(_("gender, in your words"), max_length=100, blank=True)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    bio = models.TextField(_("short biography"), max_length=2000, blank=True)
    photo = models.FileField(
        _("photo"),
        upload_to="people/",
        blank=True,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"])],
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("login account"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_organisation=False) | Q(country=""),
                name="person_organisation_has_no_country",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:detail", kwargs={"pk": self.pk})

    @property
    def region(self) -> str:
        return region_of(None if self.is_organisation else self.country)

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def region_label(self) -> str:
        return str(Region(self.region).label)


class Cycle(models.Model):
    """A period of one body (a year of the MAG): its dates and its seat count (data, not
    policy). Cycles may be of any length; a term may span cycles. ``year`` is the year the
    cycle starts in and names it in addresses."""

    body = models.ForeignKey(
        "bodies.Body", on_delete=models.PROTECT, related_name="cycles", verbose_name=_("body")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2006), MaxValueValidator(2100)]
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    seat_count = models.PositiveSmallIntegerField(
        _("seats"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "-year"]
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="cycle_once_a_year_per_body"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="cycle_dates_in_order"
            ),
            models.CheckConstraint(
                condition=Q(seat_count__gte=1, seat_count__lte=500), name="cycle_seat_count_range"
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)

    def get_absolute_url(self) -> str:
        return reverse("roster:balance_cycle", kwargs={"body": self.body.slug, "year": self.year})

    def is_current(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.starts_on <= today <= self.ends_on


class AppointmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    ENDED_EARLY = "ended_early", _("Ended early")


# Appointments in these statuses hold a seat of their cycle.
SEAT_HOLDING = (AppointmentStatus.PROPOSED, AppointmentStatus.CONFIRMED)


class AppointmentQuerySet(models.QuerySet["Appointment"]):
    def holding_seats(self) -> AppointmentQuerySet:
        """Proposed and confirmed appointments: those that take a seat."""
        return self.filter(status__in=SEAT_HOLDING)

    def seats_of(self, cycle: Cycle) -> AppointmentQuerySet:
        """The seats of ``cycle``: its body's proposed and confirmed terms that run during it
        (a term may span cycles: a two-year term holds a seat in both of its years)."""
        return self.holding_seats().filter(
            cycle__body_id=cycle.body_id,
            starts_on__lte=cycle.ends_on,
            ends_on__gte=cycle.starts_on,
        )

    def current(self, today: datetime.date | None = None) -> AppointmentQuerySet:
        """The terms being served today: confirmed, started and not yet over. The one
        definition of a current member."""
        today = today or timezone.localdate()
        return self.filter(
            status=AppointmentStatus.CONFIRMED, starts_on__lte=today, ends_on__gte=today
        )

    def ongoing(self, today: datetime.date | None = None) -> AppointmentQuerySet:
        """Confirmed terms not yet over: the current ones and those about to start (a member
        confirmed for next year is onboarding already)."""
        today = today or timezone.localdate()
        return self.filter(status=AppointmentStatus.CONFIRMED, ends_on__gte=today)


class Appointment(models.Model):
    """A term of office: a person's seat in one cycle. The stakeholder group belongs here,
    not to the person: people change groups between years."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("person")
    )
    cycle = models.ForeignKey(
        Cycle, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("cycle")
    )
    stakeholder_group = models.CharField(
        _("stakeholder group"), max_length=30, choices=StakeholderGroup
    )
    seat_type = models.CharField(
        _("seat type"), max_length=20, choices=SeatType, default=SeatType.REGULAR
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AppointmentStatus, default=AppointmentStatus.PROPOSED
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), help_text=_("The last day of the term, as appointed."))
    ended_on = models.DateField(_("last day served"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending early"), blank=True)
    override_reason = models.TextField(
        _("reason for overriding a rule"),
        blank=True,
        help_text=_("Recorded when the chair accepted a write that breaks a hard rule."),
    )
    # The hard rules the override broke, as ``balance.Violation.to_dict()`` values: the
    # dashboard words them in each reader's language.
    overridden_rules = models.JSONField(_("rules overridden"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["cycle__year", "person__name"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [
            models.UniqueConstraint(fields=["person", "cycle"], name="appointment_once_per_cycle"),
            models.CheckConstraint(
                condition=~Q(status=AppointmentStatus.ENDED_EARLY) | ~Q(end_reason=""),
                name="appointment_ended_early_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="appointment_dates_in_order"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "starts_on", "ends_on"]),
            # Ongoing terms (confirmed, not yet over): onboarding's and the overview's reads.
            models.Index(fields=["status", "ends_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.cycle})"

    def get_absolute_url(self) -> str:
        return reverse("people:detail", kwargs={"pk": self.person_id})

    @property
    def is_ended(self) -> bool:
        """Ended early: the row stays for the record but can no longer change."""
        return self.status == AppointmentStatus.ENDED_EARLY


class NominationStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    PROPOSED = "proposed", _("Proposed")
    APPOINTED = "appointed", _("Appointed")
    DECLINED = "declined", _("Declined")


class Nomination(models.Model):
    """A nomination for a cycle. The nominee is always a Person row (created from the
    nominee's details when they are new), so a nominee who is appointed keeps one record."""

    cycle = models.ForeignKey(
        Cycle, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("cycle")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("nominee")
    )
    stakeholder_group = models.CharField(
        _("stakeholder group"), max_length=30, choices=StakeholderGroup
    )
    nominated_by = models.CharField(
        _("nominated by"),
        max_length=200,
        help_text=_("Name; the nominee's own for a self-nomination."),
    )
    statement = models.TextField(_("statement"), max_length=5000, blank=True)
    score = models.DecimalField(
        _("shortlist score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=NominationStatus, default=NominationStatus.RECEIVED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-score", "person__name"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "person"], name="nomination_once_per_cycle"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.cycle})"

    def get_absolute_url(self) -> str:
        return reverse(
            "roster:nomination_list",
            kwargs={"body": self.cycle.body.slug, "year": self.cycle.year},
        )
