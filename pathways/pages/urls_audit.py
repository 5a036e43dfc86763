from django.urls import path

from pathways.pages import audit_trail as views

urlpatterns = [path("", views.audit_trail, name="audit-trail")]
