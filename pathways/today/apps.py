from django.apps import AppConfig


class TodayConfig(AppConfig):
    name = "pathways.today"
    label = "today"
