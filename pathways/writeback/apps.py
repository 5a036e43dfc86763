from django.apps import AppConfig


class WritebackConfig(AppConfig):
    name = "pathways.writeback"
    label = "writeback"
    verbose_name = "MIS write-back"
