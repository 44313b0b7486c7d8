"""Forms check the shape of input; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from mag_portal.roles import Role
from membership.choices import Region, StakeholderGroup
from membership.models import Cycle
from onboarding.selectors import BoardStatus


class WaiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this item waived?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The member and the Secretariat see this reason."),
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Document (PDF, PNG or JPEG)"),
        allow_empty_file=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )


class SecretariatChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.email)


class BuddyForm(forms.Form):
    buddy = SecretariatChoiceField(
        label=_("Secretariat person"),
        queryset=User.objects.none(),
        help_text=_("This Secretariat person sees the checklist on their home page."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["buddy"]
        field.queryset = User.objects.filter(
            groups__name=Role.SECRETARIAT.value, is_active=True
        ).order_by("first_name", "last_name")


STATUS_CHOICES = [
    ("", _("Any status")),
    (BoardStatus.OVERDUE, _("Has overdue items")),
    (BoardStatus.NOT_STARTED, _("Not started")),
    (BoardStatus.IN_PROGRESS, _("In progress")),
    (BoardStatus.COMPLETE, _("Complete")),
]


class BoardFilterForm(forms.Form):
    cycle = forms.TypedChoiceField(label=_("Cycle"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    stakeholder_group = forms.ChoiceField(
        label=_("Stakeholder group"),
        choices=[("", _("Any group")), *StakeholderGroup.choices],
        required=False,
    )
    region = forms.ChoiceField(
        label=_("Region"), choices=[("", _("Any region")), *Region.choices], required=False
    )

    def __init__(self, *args: Any, cycles: list[Cycle], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._cycles = {c.year: c for c in cycles}
        field: Any = self.fields["cycle"]
        field.choices = [(c.year, str(c.year)) for c in cycles]
        self.chosen_cycle: Cycle | None = None

    def clean_cycle(self) -> Cycle | None:
        year = self.cleaned_data.get("cycle")
        return self._cycles.get(year) if year else None
