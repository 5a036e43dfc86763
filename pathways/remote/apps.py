from django.apps import AppConfig


class RemoteConfig(AppConfig):
    name = "pathways.remote"
    label = "remote"
    verbose_name = "Remote education: the offer, its audit, the device survey, live lessons, contacts"
