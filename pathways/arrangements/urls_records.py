"""Timetable versions, phased steps, the chronology page and case-file export/import."""

from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []
