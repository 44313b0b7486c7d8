"""Forms of the Terms of Reference pages: input shape only; the services enforce the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from membership.choices import Gender, Region, StakeholderGroup
from membership.policy import Dimension, Problem
from membership.policy_text import problems_text
from membership.tor.models import MAX_BODY_CHARS, CommentOutcome, Document, Revision


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name for the address"),
        max_length=80,
        help_text=_("Lower-case letters, digits and hyphens, e.g. chair-tor: /tor/chair-tor/."),
    )


class RevisionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 24, "class": "editor"}),
        max_length=MAX_BODY_CHARS,
        strip=False,
        help_text=_(
            "Headings start with #, ## or ###; comments are attached to headings. "
            "Lists start with - or 1., tables use | columns |."
        ),
        error_messages={
            "max_length": _(
                "The text is too long: at most %(limit_value)s characters (it has %(show_value)s)."
            )
        },
    )
    change_summary = forms.CharField(
        label=_("Summary of changes"),
        max_length=1000,
        help_text=_("Required. Members see it in the history and the comparison."),
    )
    # The revision the editor started from: saving is refused if another was saved since.
    based_on_number = forms.IntegerField(required=False, widget=forms.HiddenInput)

    @classmethod
    def initial_for(cls, document: Document, latest: Revision | None) -> RevisionForm:
        """The editor opened on the newest revision (or empty for a new document)."""
        return cls(
            initial={
                "title": latest.title if latest else document.title,
                "body": latest.body if latest else "",
                "based_on_number": latest.number if latest else None,
            }
        )


class ConsultationOpenForm(forms.Form):
    closes_at = forms.DateTimeField(
        label=_("Consultation closes"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Members can comment from now until then (UTC)."),
    )
    reason = forms.CharField(label=_("Note for the history"), max_length=1000, required=False)


class AdoptForm(forms.Form):
    effective_date = forms.DateField(
        label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Decision"),
        max_length=1000,
        required=False,
        help_text=_("For example: adopted by the MAG at its meeting of 12 March."),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why is it withdrawn?"), max_length=1000)


class CommentForm(forms.Form):
    section_id = forms.ChoiceField(label=_("Section"))
    body = forms.CharField(
        label=_("Your comment"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown: **bold**, lists and links are kept."),
    )

    def __init__(self, *args: Any, revision: Revision, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        section: Any = self.fields["section_id"]
        section.choices = [
            (h["id"], ("\u2003" * (int(h["level"]) - 1)) + h["title"]) for h in revision.headings
        ]


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        widget=forms.RadioSelect,
        choices=[
            (CommentOutcome.ACCEPTED.value, CommentOutcome.ACCEPTED.label),
            (CommentOutcome.DECLINED.value, CommentOutcome.DECLINED.label),
            (CommentOutcome.NOTED.value, CommentOutcome.NOTED.label),
        ],
    )
    reply = forms.CharField(
        label=_("Reply to the author"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


# Membership policy ------------------------------------------------------------------------------

DIMENSION_CHOICES = [
    (Dimension.STAKEHOLDER_GROUP.value, _("Stakeholder group")),
    (Dimension.REGION.value, _("UN regional group")),
    (Dimension.GENDER.value, _("Gender")),
]
GROUP_CHOICES = [
    (_("Stakeholder group"), StakeholderGroup.choices),
    (_("UN regional group"), Region.choices),
    (_("Gender"), Gender.choices),
]


class PolicyForm(forms.Form):
    """The scalar part of a membership policy; rules come in the two formsets below."""

    seat_count = forms.IntegerField(label=_("Seats"), min_value=1)
    term_length_years = forms.IntegerField(label=_("Term length (years)"), min_value=1)
    max_consecutive_terms = forms.IntegerField(label=_("Maximum consecutive terms"), min_value=1)
    change_summary = forms.CharField(
        label=_("Summary of changes"),
        max_length=1000,
        help_text=_("Required. Saving makes a new draft revision with the same text."),
    )
    based_on_number = forms.IntegerField(required=False, widget=forms.HiddenInput)


BLANK: list[Any] = [("", "—")]


class _RuleRow(forms.Form):
    """A row of a rules formset: a blank row (a spare one left empty) adds nothing."""

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(v not in (None, "", False, []) for k, v in data.items() if k != "DELETE")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.is_blank() and not data.get("DELETE") and not data.get("dimension"):
            self.add_error("dimension", _("Choose a dimension."))
        return data


class ShareRuleForm(_RuleRow):
    dimension = forms.ChoiceField(
        label=_("Dimension"), choices=BLANK + DIMENSION_CHOICES, required=False
    )
    group = forms.ChoiceField(label=_("Group"), choices=BLANK + GROUP_CHOICES, required=False)
    min_percent = forms.FloatField(label=_("At least (% of seats)"), required=False)
    max_percent = forms.FloatField(label=_("At most (% of seats)"), required=False)
    min_count = forms.IntegerField(label=_("At least (seats)"), required=False)
    max_count = forms.IntegerField(label=_("At most (seats)"), required=False)
    hard = forms.BooleanField(label=_("A rule that must hold (not only a target)"), required=False)

    def to_dict(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            key: data[key]
            for key in ("dimension", "group", "min_percent", "max_percent", "min_count",
                        "max_count", "hard")
            if data.get(key) is not None
        }  # fmt: skip


class EqualSharesForm(_RuleRow):
    dimension = forms.ChoiceField(
        label=_("Dimension"), choices=BLANK + DIMENSION_CHOICES, required=False
    )
    groups = forms.MultipleChoiceField(
        label=_("Groups sharing seats equally"),
        choices=GROUP_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    tolerance_seats = forms.IntegerField(label=_("Tolerance (seats)"), required=False, min_value=0)
    hard = forms.BooleanField(label=_("A rule that must hold (not only a target)"), required=False)

    def to_dict(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "dimension": data["dimension"],
            "groups": list(data.get("groups") or []),
            "tolerance_seats": data.get("tolerance_seats") or 0,
            "hard": data.get("hard", False),
        }


ShareRuleFormSet = forms.formset_factory(ShareRuleForm, extra=1, can_delete=True)
EqualSharesFormSet = forms.formset_factory(EqualSharesForm, extra=1, can_delete=True)


class PolicyForms:
    """The policy form and its two formsets, built from and into the policy's dict form, with
    ``PolicyError`` paths (``rules.0.max_percent``) mapped back onto the right field."""

    def __init__(self, data: Any = None, *, policy: dict[str, Any] | None = None,
                 initial: dict[str, Any] | None = None) -> None:  # fmt: skip
        policy = policy or {}
        self.form = PolicyForm(
            data,
            initial={
                "seat_count": policy.get("seat_count"),
                "term_length_years": policy.get("term_length_years"),
                "max_consecutive_terms": policy.get("max_consecutive_terms"),
                **(initial or {}),
            },
        )
        # A bound formset reads the posted rows only: every row that is not blank is a rule.
        self.rules = ShareRuleFormSet(
            data, prefix="rules", initial=None if data else policy.get("rules", [])
        )
        self.equal_shares = EqualSharesFormSet(
            data, prefix="equal", initial=None if data else policy.get("equal_shares", [])
        )
        self._rule_forms: list[ShareRuleForm] = []
        self._equal_forms: list[EqualSharesForm] = []

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), self.rules.is_valid(), self.equal_shares.is_valid()])

    def policy_dict(self) -> dict[str, Any]:
        """The policy as ``MembershipPolicy.from_dict`` reads it (after ``is_valid``)."""
        self._rule_forms = [f for f in self.rules.forms if f.has_changed() and not self._deleted(f)]
        self._equal_forms = [
            f for f in self.equal_shares.forms if f.has_changed() and not self._deleted(f)
        ]
        data = self.form.cleaned_data
        return {
            "seat_count": data["seat_count"],
            "term_length_years": data["term_length_years"],
            "max_consecutive_terms": data["max_consecutive_terms"],
            "rules": [f.to_dict() for f in self._rule_forms],
            "equal_shares": [f.to_dict() for f in self._equal_forms],
        }

    @property
    def error_count(self) -> int:
        """Fields (and rows) with an error, for the summary at the top of the page."""
        all_forms = [self.form, *self.rules.forms, *self.equal_shares.forms]
        return sum(len(f.errors) for f in all_forms if f.is_bound)

    @staticmethod
    def _deleted(form: forms.Form) -> bool:
        return bool(form.cleaned_data.get("DELETE"))

    def add_policy_errors(self, errors: dict[str, list[Problem]]) -> None:
        """Put each ``PolicyError`` problem, in words, on the field its path names."""
        for path, problems in errors.items():
            parts = path.split(".")
            target: forms.Form = self.form
            field: str | None = parts[0] if parts[0] in self.form.fields else None
            if parts[0] in ("rules", "equal_shares") and len(parts) >= 2:
                forms_list = self._rule_forms if parts[0] == "rules" else self._equal_forms
                target = forms_list[int(parts[1])]
                field = parts[2] if len(parts) > 2 and parts[2] in target.fields else None
            for message in problems_text(problems):
                target.add_error(field, message)
