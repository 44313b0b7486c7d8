"""Admin of the Terms of Reference, for superusers: documents can be renamed; revisions and
their history are read-only here (every write goes through ``membership.services.tor``)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from membership.tor.models import Document, Revision, RevisionEvent


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin[Document]):
    list_display = ["title", "slug", "is_main"]
    search_fields = ["title", "slug"]


class RevisionEventInline(admin.TabularInline[RevisionEvent, Revision]):
    model = RevisionEvent
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "actor", "reason", "created_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin[Revision]):
    list_display = ["document", "number", "status", "created_at", "effective_date"]
    list_filter = ["status", "document"]
    inlines = [RevisionEventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
