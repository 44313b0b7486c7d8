"""Home-page sections of onboarding: each tag reads through a selector."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth import get_user_model
from django.utils import timezone

from onboarding import selectors, services

register = template.Library()


@register.simple_tag(takes_context=True)
def member_onboarding(context: template.Context) -> selectors.ChecklistView | None:
    """The signed-in member's checklist, decorated for display (None without one)."""
    user = context["request"].user
    checklist = selectors.own_checklist(user)
    if checklist is None:
        return None
    if not user.has_perm(services.VIEW, checklist):
        # The account was linked to its person after the checklist was made.
        services.checklist_owner_grant(checklist=checklist)
        user = get_user_model().objects.get(pk=user.pk)  # a fresh permission cache
    return selectors.checklist_view(user, checklist)


@register.simple_tag(takes_context=True)
def buddy_checklists(context: template.Context) -> list[Any]:
    return list(selectors.buddy_checklists(context["request"].user))


@register.simple_tag
def tor_in_force() -> Any:
    return selectors.tor_in_force()


@register.simple_tag(takes_context=True)
def role_items(context: template.Context, limit: int = 10) -> dict[str, Any]:
    """Open items for the user's role (Secretariat or chair), the first ``limit`` by due date."""
    items = selectors.items_for_person(context["request"].user)
    return {
        "items": list(items[:limit]),
        "total": items.count(),
        "today": timezone.localdate(),
    }
