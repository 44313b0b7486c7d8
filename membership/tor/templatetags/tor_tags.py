"""Template helpers of the Terms of Reference pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from membership.tor.markdown import render_comment
from membership.tor.models import Document
from membership.tor.selectors import (
    PendingAcknowledgement,
    documents_list,
    pending_acknowledgement,
)

register = template.Library()


@register.filter
def comment_html(text: str) -> SafeString:
    """A comment or reply as sanitised HTML (Markdown, then nh3)."""
    return mark_safe(render_comment(text))  # noqa: S308 - nh3-sanitised just above


@register.simple_tag
def tor_documents() -> list[Document]:
    """Every managed document, for the home pages of the Secretariat and the chair."""
    return list(documents_list())


@register.simple_tag(takes_context=True)
def tor_pending_acknowledgement(context: Any) -> PendingAcknowledgement | None:
    """The revision in force a member has yet to accept (cached for the request)."""
    request = context.get("request")
    if request is None:
        return None
    if not hasattr(request, "_tor_pending"):
        request._tor_pending = pending_acknowledgement(request.user)
    return request._tor_pending
