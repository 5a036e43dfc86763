"""Read-only admin pages: providers and their checks are written only by the actions, which audit."""

from django.contrib import admin

from pathways.audit.admin import ReadOnlyAdmin
from pathways.providers.models import Provider, ProviderCheck, ProviderChecklist


@admin.register(Provider)
class ProviderAdmin(ReadOnlyAdmin):
    list_display = ("name", "trust", "kind", "registration", "urn")
    list_filter = ("kind", "registration")
    list_select_related = ("trust",)


admin.site.register(ProviderCheck, ReadOnlyAdmin)
admin.site.register(ProviderChecklist, ReadOnlyAdmin)
