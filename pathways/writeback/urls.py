from django.urls import path

from pathways.writeback import views

urlpatterns = [
    path("", views.reconciliation, name="mis-reconciliation"),
    path("items/<int:item_id>/", views.resolve, name="mis-resolve"),
    path("connection/", views.connection, name="mis-connection"),
    path("codes/", views.codes, name="mis-codes"),
    path("download/", views.download, name="mis-download"),
]
