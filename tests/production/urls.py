"""Pathways' URLs plus two that fail on purpose, for the error-page tests (ROOT_URLCONF in those tests only)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def forbidden_without_reason(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a fault in the code")


urlpatterns = [
    path("test-forbidden/", forbidden_without_reason),
    path("test-broken/", broken),
    path("", include("pathways.urls")),
]

handler500 = "pathways.errors.server_error"
