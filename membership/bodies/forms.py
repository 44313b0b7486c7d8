"""Forms of bodies and their roles: input shape only; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from membership.bodies.models import BODY_ROLES, Body, BodyKind
from membership.bodies.services import BODY_FIELDS


def full_name(body: Body) -> str:
    """A body as pickers show it: its name, and its short name when it has one."""
    return f"{body.name} ({body.short_name})" if body.short_name else body.name


class BodyForm(forms.ModelForm[Body]):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Body
        fields = list(BODY_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent: Any = self.fields["parent"]
        others = Body.objects.order_by("name")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        parent.queryset = others
        parent.label_from_instance = full_name

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in BODY_FIELDS}


class AccountChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.email})" if name else str(obj.email)


class RoleGrantForm(forms.Form):
    user = AccountChoiceField(
        label=_("Account"),
        queryset=User.objects.filter(is_active=True).order_by("first_name", "last_name", "email"),
    )
    role = forms.ChoiceField(label=_("Role"), choices=[(r.value, r.label) for r in BODY_ROLES])
    starts_on = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class RoleEndForm(forms.Form):
    reason = forms.CharField(label=_("Why does the role end?"), max_length=500)


class BodyFilterForm(forms.Form):
    """Narrow a list of bodies (the directory, the overview): by kind, by name, and in the
    overview to those needing attention."""

    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Every kind")), *BodyKind.choices]
    )
    attention = forms.BooleanField(label=_("Only those needing attention"), required=False)

    def filters(self) -> dict[str, Any]:
        """The valid filters (an invalid one is ignored, like an empty one)."""
        if not self.is_valid():
            return {"q": "", "kind": "", "attention": False}
        return {
            "q": self.cleaned_data["q"].strip(),
            "kind": self.cleaned_data["kind"],
            "attention": self.cleaned_data["attention"],
        }
