from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "pathways.audit"
    label = "audit"
    verbose_name = "Audit trail"
