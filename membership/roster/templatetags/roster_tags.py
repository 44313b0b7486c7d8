"""The roster's codes in words, for templates: ``{{ violation|violation_text }}``. Reads only;
each filter calls ``membership.roster.texts``."""

from __future__ import annotations

from typing import Any

from django import template

from membership.roster import texts
from membership.roster.balance import RuleCheck, Violation
from membership.roster.selection import Conflict

register = template.Library()


@register.filter
def violation_text(violation: Violation) -> str:
    return texts.violation_text(violation)


@register.filter
def conflict_text(conflict: Conflict) -> str:
    return texts.conflict_text(conflict)


@register.filter
def check_text(check: RuleCheck) -> str:
    return texts.check_text(check)


@register.filter
def overridden_texts(recorded: list[dict[str, Any]]) -> list[str]:
    """The rules an override broke (``Appointment.overridden_rules``), in words."""
    return [texts.violation_text(Violation.from_dict(v)) for v in recorded or []]
