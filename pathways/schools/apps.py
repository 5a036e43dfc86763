from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "pathways.schools"
    label = "schools"
    verbose_name = "Trusts, schools and staff"

    def ready(self) -> None:
        from pathways.schools import sessions, sign_in_audit

        sign_in_audit.connect()
        sessions.connect()
