from django.urls import path

from pathways.audit import views

urlpatterns = [path("", views.audit_trail, name="audit-trail")]
