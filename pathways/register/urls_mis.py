from django.urls import path

from pathways.register import views_mis

urlpatterns = [
    path("export/", views_mis.register_export, name="register-export"),
    path("import/", views_mis.register_import, name="register-import"),
    path("imports/<int:import_id>/", views_mis.register_import_detail, name="register-import-detail"),
    path("imports/<int:import_id>/rejected.csv", views_mis.register_import_rejected, name="register-import-rejected"),
]
