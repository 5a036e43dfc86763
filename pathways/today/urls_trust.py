from django.urls import path

from pathways.today import views

# Included under trusts/<int:trust_id>/.
urlpatterns = [
    path("today/", views.trust_today, name="trust-today"),
]
