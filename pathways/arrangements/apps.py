from django.apps import AppConfig


class ArrangementsConfig(AppConfig):
    name = "pathways.arrangements"
    label = "arrangements"
    verbose_name = "Arrangements"

    def import_models(self) -> None:
        super().import_models()
        # Refusals of approval (beside the chronology), and the structured records of chronology entries,
        # each in its own module.
        import pathways.arrangements.models_approvals
        import pathways.arrangements.models_records  # noqa: F401
