from django.apps import AppConfig


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pathways.api"
    label = "pathways_api"
    verbose_name = "Provider reporting API"
