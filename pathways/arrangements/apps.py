from django.apps import AppConfig


class ArrangementsConfig(AppConfig):
    name = "pathways.arrangements"
    label = "arrangements"
    verbose_name = "Arrangements"

    def import_models(self) -> None:
        super().import_models()
        # The structured records of chronology entries live in their own module.
        import pathways.arrangements.models_records  # noqa: F401
