from django.urls import path

from pathways.register import views

urlpatterns = [
    path("", views.register_day, name="register-day"),
]
