from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "pathways.feeds"
    label = "feeds"
    verbose_name = "Calendar feeds"
