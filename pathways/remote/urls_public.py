from django.urls import path

from pathways.remote import views

urlpatterns = [
    path("remote-education/<str:token>/", views.remote_offer_public, name="remote-offer-public"),
    path("remote-education/<str:token>/offer.pdf", views.remote_offer_public_pdf, name="remote-offer-public-pdf"),
]
