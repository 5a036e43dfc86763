"""Read-only admin pages: risk assessments are written only by the actions, which audit."""

from django.contrib import admin

from pathways.audit.admin import ReadOnlyAdmin
from pathways.safeguarding.models import RiskAssessment, RiskRow


class RiskRowInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RiskRow
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(ReadOnlyAdmin):
    list_display = ("title", "school", "template", "status", "version", "completed_on", "next_review_due")
    list_filter = ("status", "template")
    list_select_related = ("school",)
    inlines = [RiskRowInline]
