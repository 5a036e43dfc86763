from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "pathways.providers"
    label = "providers"
    verbose_name = "Providers"
