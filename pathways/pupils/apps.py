from django.apps import AppConfig


class PupilsConfig(AppConfig):
    name = "pathways.pupils"
    label = "pupils"
    verbose_name = "Pupils"
