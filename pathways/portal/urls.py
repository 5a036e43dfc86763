"""The provider staff's pages, under /provider/."""

from django.urls import path

from pathways.portal import portal

urlpatterns = [
    path("", portal.provider_home, name="provider-home"),
]
