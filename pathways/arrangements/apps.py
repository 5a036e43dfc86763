from django.apps import AppConfig


class ArrangementsConfig(AppConfig):
    name = "pathways.arrangements"
    label = "arrangements"
    verbose_name = "Arrangements"
