"""Receivers of the ToR's own model signals: any write to a document, a revision or a comment
bumps the version of its body (the overview's cached states are keyed on it). No logic here:
each calls one service."""

from __future__ import annotations

from typing import Any

from membership.bodies.services import body_version_bump


def on_document_saved(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    body_version_bump({instance.body_id})


def on_revision_saved(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    from membership.tor.models import Document

    body_version_bump(
        set(Document.objects.filter(pk=instance.document_id).values_list("body_id", flat=True))
    )


def on_comment_saved(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    from membership.tor.models import Revision

    body_version_bump(
        set(
            Revision.objects.filter(pk=instance.revision_id).values_list(
                "document__body_id", flat=True
            )
        )
    )
