"""Forms check the shape of input; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mag_portal.roles import Role
from membership.bodies.models import Body
from membership.choices import Region, StakeholderGroup
from membership.roster.models import Cycle
from onboarding.models import Assignee, Audience, ChecklistTemplate, ItemKind, TemplateItem
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


class SecretariatChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.email)


class BuddyForm(forms.Form):
    buddy = SecretariatChoiceField(
        label=_("Secretariat person"),
        queryset=User.objects.none(),
        help_text=_("This Secretariat person sees the checklist on their home page."),
    )

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["buddy"]
        body_secretariat = Q(
            body_roles__body=body,
            body_roles__role=Role.SECRETARIAT.value,
            body_roles__ends_on__isnull=True,
        )
        field.queryset = (
            User.objects.filter(Q(groups__name=Role.SECRETARIAT.value) | body_secretariat)
            .filter(is_active=True)
            .distinct()
            .order_by("first_name", "last_name")
        )


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


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    audience = forms.ChoiceField(label=_("For"), choices=Audience.choices)


class TemplateItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown: **bold**, lists, links."),
    )
    assignee = forms.ChoiceField(label=_("Who does it"), choices=Assignee.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices)
    due_offset_days = forms.IntegerField(
        label=_("Due, in days after the appointment starts"), min_value=-365, max_value=730
    )
    event_date = forms.DateField(
        label=_("Event date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For “attend an event” only."),
    )
    depends_on = forms.ModelMultipleChoiceField(
        label=_("Waits for"),
        queryset=TemplateItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recurs_each_cycle = forms.BooleanField(
        label=_("Ask again each cycle (returning members too)"), required=False
    )

    def __init__(
        self, *args: Any, template: ChecklistTemplate, item: TemplateItem | None = None, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        others = template.items.order_by("position", "pk")
        if item is not None:
            others = others.exclude(pk=item.pk)
        field: Any = self.fields["depends_on"]
        field.queryset = others

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ItemKind.ATTEND_EVENT and not data.get("event_date"):
            self.add_error("event_date", _("Give the date of the event."))
        return data
