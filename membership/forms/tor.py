"""Forms of the Terms of Reference pages: input shape only; the services enforce the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from membership.models import MAX_BODY_CHARS, CommentOutcome, Revision


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
        self.fields["section_id"].choices = [  # type: ignore[attr-defined]
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
