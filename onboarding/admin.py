from django.contrib import admin

from onboarding.models import Checklist, ChecklistTemplate, TemplateItem


class TemplateItemInline(admin.TabularInline[TemplateItem, ChecklistTemplate]):
    model = TemplateItem
    extra = 0
    fk_name = "template"
    exclude = ["depends_on"]


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin[ChecklistTemplate]):
    list_display = ["name", "audience", "is_active", "updated_at"]
    inlines = [TemplateItemInline]


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin[Checklist]):
    list_display = ["appointment", "audience", "created_at"]
    list_select_related = ["appointment__person", "appointment__cycle"]
    readonly_fields = ["appointment", "template", "audience"]
