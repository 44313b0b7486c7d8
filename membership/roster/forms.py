"""Forms of the roster: input shape only. Services check the rules and permissions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from membership.choices import Gender, StakeholderGroup
from membership.countries import country_choices
from membership.files import SNIFF_BYTES, sniff
from membership.roster.models import (
    Appointment,
    AppointmentStatus,
    NominationStatus,
    Person,
    SeatType,
)
from membership.roster.services import PERSON_FIELDS


def _country_field(required: bool = False) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Country"),
        choices=[("", _("No country (an organisation)")), *country_choices()],
        required=required,
    )


PHOTO_MAX_BYTES = 2 * 1024 * 1024
# Accepted photo types, checked by content: the extension alone proves nothing.
PHOTO_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})


class PersonForm(forms.ModelForm[Person]):
    country = _country_field()

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if not photo or not hasattr(photo, "read") or getattr(photo, "_committed", False):
            return photo
        if photo.size > PHOTO_MAX_BYTES:
            raise forms.ValidationError(_("The photo is larger than 2 MB."))
        head = photo.read(SNIFF_BYTES)
        photo.seek(0)
        kind = sniff(head)
        if kind is None or kind[0] not in PHOTO_TYPES:
            raise forms.ValidationError(_("Upload a JPEG, PNG or WebP image."))
        return photo

    def service_data(self) -> dict[str, Any]:
        """The fields ``person_create``/``person_update`` take; the photo only when a new one
        was uploaded."""
        data = {name: self.cleaned_data[name] for name in PERSON_FIELDS}
        if "photo" in self.changed_data and self.cleaned_data.get("photo"):
            data["photo"] = self.cleaned_data["photo"]
        return data

    class Meta:
        model = Person
        fields = [
            "name",
            "email",
            "country",
            "is_organisation",
            "gender",
            "gender_description",
            "affiliation",
            "bio",
            "photo",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("is_organisation") and not data.get("country"):
            self.add_error("country", _("Choose the person's country, or tick organisation."))
        return data


class OverrideMixin(forms.Form):
    override_reason = forms.CharField(
        label=_("Reason for overriding a rule"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only when the rule check refuses this change: say why it should go ahead anyway. "
            "The reason is recorded and shown on the balance dashboard."
        ),
    )


class AppointmentForm(OverrideMixin):
    person = forms.ModelChoiceField(
        label=_("Person"), queryset=Person.objects.order_by("name"), empty_label=None
    )
    stakeholder_group = forms.ChoiceField(label=_("Stakeholder group"), choices=StakeholderGroup)
    seat_type = forms.ChoiceField(label=_("Seat type"), choices=SeatType, initial=SeatType.REGULAR)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (AppointmentStatus.PROPOSED, AppointmentStatus.PROPOSED.label),
            (AppointmentStatus.CONFIRMED, AppointmentStatus.CONFIRMED.label),
        ],
    )

    field_order = ["person", "stakeholder_group", "seat_type", "status", "override_reason"]

    def __init__(self, *args: Any, people: QuerySet[Person] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            field: Any = self.fields["person"]
            field.queryset = people


class AppointmentEditForm(OverrideMixin):
    stakeholder_group = forms.ChoiceField(label=_("Stakeholder group"), choices=StakeholderGroup)
    seat_type = forms.ChoiceField(label=_("Seat type"), choices=SeatType)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (AppointmentStatus.PROPOSED, AppointmentStatus.PROPOSED.label),
            (AppointmentStatus.CONFIRMED, AppointmentStatus.CONFIRMED.label),
        ],
    )
    field_order = ["stakeholder_group", "seat_type", "status", "override_reason"]

    def __init__(self, *args: Any, appointment: Appointment, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "stakeholder_group": appointment.stakeholder_group,
                "seat_type": appointment.seat_type,
                "status": appointment.status,
            },
        )
        super().__init__(*args, **kwargs)


class EndAppointmentForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does the appointment end early?"), widget=forms.Textarea(attrs={"rows": 3})
    )
    ended_on = forms.DateField(
        label=_("Last day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class NominationForm(forms.Form):
    name = forms.CharField(label=_("Nominee's name"), max_length=200)
    email = forms.EmailField(label=_("Nominee's email"), required=False)
    country = _country_field(required=True)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", _("Not given")), *Gender.choices], required=False
    )
    affiliation = forms.CharField(label=_("Affiliation"), max_length=200, required=False)
    stakeholder_group = forms.ChoiceField(label=_("Stakeholder group"), choices=StakeholderGroup)
    nominated_by = forms.CharField(label=_("Nominated by"), max_length=200)
    statement = forms.CharField(
        label=_("Statement"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    score = forms.DecimalField(
        label=_("Shortlist score (0-100)"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
    )


class NominationStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=NominationStatus)
    score = forms.DecimalField(
        label=_("Score"), required=False, min_value=0, max_value=100, decimal_places=2
    )


class ImportForm(forms.Form):
    KIND_CHOICES = [
        ("roster", _("Roster: appointments of the cycle")),
        ("nominations", _("Nominations for the cycle")),
    ]
    kind = forms.ChoiceField(label=_("What the file holds"), choices=KIND_CHOICES)
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 CSV with a header row: name, email, country, gender, affiliation, "
            "stakeholder_group, and seat_type and status (roster) or nominated_by, statement "
            "and score (nominations)."
        ),
    )
    override_reason = forms.CharField(
        label=_("Reason for overriding a rule (roster only)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_file(self) -> str:
        """The file's text (UTF-8, with or without a byte-order mark)."""
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from error


IMPORT_MAX_BYTES = 5 * 1024 * 1024


class CycleForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2006, max_value=2100)
    seat_count = forms.IntegerField(
        label=_("Seats"),
        min_value=1,
        max_value=500,
        help_text=_("The number of seats of this cycle; the balance rules use it."),
    )
    starts_on = forms.DateField(
        label=_("Starts on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Ends on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
