from django.urls import path

from pathways.attendance import views

urlpatterns = [
    path("", views.register_day, name="register-day"),
]
