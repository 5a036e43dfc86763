from django.urls import path

from pathways.today import views

# Included under schools/<int:school_id>/.
urlpatterns = [
    path("today/", views.today, name="today"),
]
