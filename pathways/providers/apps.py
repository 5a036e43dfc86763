from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "pathways.providers"
    label = "providers"
    verbose_name = "Providers"

    def ready(self) -> None:
        from pathways.providers.actions import revoke_tokens_of_leaver
        from pathways.schools.signals import staff_deactivated

        staff_deactivated.connect(revoke_tokens_of_leaver, dispatch_uid="providers.revoke_tokens_of_leaver")
