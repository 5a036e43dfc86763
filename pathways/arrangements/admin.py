"""Read-only admin pages: arrangements and their chronology are written only by the actions, which audit."""


from django.contrib import admin

from pathways.arrangements.models import Arrangement, Event, Step, TimetableVersion
from pathways.audit.admin import ReadOnlyAdmin


@admin.register(Arrangement)
class ArrangementAdmin(ReadOnlyAdmin):
    list_display = ("pupil", "school", "kind", "status", "start", "end", "provider")
    list_filter = ("status", "kind")
    list_select_related = ("pupil", "school", "provider")


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("arrangement", "date", "type", "recorded_by", "recorded_at", "supersedes")
    list_filter = ("type",)
    list_select_related = ("arrangement__pupil", "recorded_by", "supersedes")


admin.site.register([TimetableVersion, Step], ReadOnlyAdmin)
