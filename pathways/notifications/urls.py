from django.urls import URLPattern, path

from pathways.notifications import views

# Included under schools/<int:school_id>/.
urlpatterns: list[URLPattern] = [
    path("arrangements/<int:arrangement_id>/notify/", views.notify, name="la-notify"),
    path("notices/<int:notice_id>/", views.notice, name="la-notice"),
    path("notices/<int:notice_id>/letter.pdf", views.notice_letter, name="la-notice-letter"),
]
