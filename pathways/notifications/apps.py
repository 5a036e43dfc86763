from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "pathways.notifications"
    verbose_name = "Notices to the local authority and the daily digest"
