"""Reads of the roster."""

from __future__ import annotations

from django.contrib.auth.models import User


def current_stakeholder_group(user: User) -> str | None:
    """The stakeholder group of ``user``'s current appointment (a ``StakeholderGroup`` value),
    or None when they hold none. ToR comments show it beside the author's name."""
    return None
