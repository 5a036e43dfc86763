from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "pathways.safeguarding"
    label = "safeguarding"
    verbose_name = "Safeguarding: risk assessments"
