"""Template helpers of the Terms of Reference pages: reads only."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from membership.tor.markdown import render_comment

register = template.Library()


@register.filter
def comment_html(text: str) -> SafeString:
    """A comment or reply as sanitised HTML (Markdown, then nh3)."""
    return mark_safe(render_comment(text))  # noqa: S308 - nh3-sanitised just above
