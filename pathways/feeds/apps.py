from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "pathways.feeds"
    label = "feeds"
    verbose_name = "Calendar feeds"

    def ready(self) -> None:
        from pathways.feeds.actions import revoke_feeds_of_leaver
        from pathways.schools.signals import staff_deactivated

        staff_deactivated.connect(revoke_feeds_of_leaver, dispatch_uid="feeds.revoke_feeds_of_leaver")
