from django.urls import path

from pathways.remote import views, views_audit, views_contacts, views_sessions, views_survey

urlpatterns = [
    path("", views.remote_offer, name="remote-offer"),
    path("change/", views.remote_offer_edit, name="remote-offer-edit"),
    path("publish/", views.remote_offer_publish, name="remote-offer-publish"),
    path("offer.pdf", views.remote_offer_pdf, name="remote-offer-pdf"),
    path("audits/", views_audit.remote_audit_list, name="remote-audit-list"),
    path("audits/new/", views_audit.remote_audit_new, name="remote-audit-new"),
    path("audits/<int:audit_id>/", views_audit.remote_audit_detail, name="remote-audit-detail"),
    path("survey/", views_survey.remote_survey, name="remote-survey"),
    path("survey/new/", views_survey.remote_survey_new, name="remote-survey-new"),
    path("sessions/", views_sessions.remote_sessions, name="remote-sessions"),
    path("sessions/new/", views_sessions.remote_session_new, name="remote-session-new"),
    path("sessions/<int:session_id>/recording/", views_sessions.remote_session_recording,
         name="remote-session-recording"),
    path("sessions/<int:session_id>/delete-recording/", views_sessions.remote_session_delete_recording,
         name="remote-session-delete-recording"),
    path("pupils/<int:pupil_id>/contacts/", views_contacts.pupil_contact_log, name="pupil-contact-log"),
    path("pupils/<int:pupil_id>/contacts/<int:contact_id>/senior-leaders-told/", views_contacts.contact_slt_told,
         name="contact-slt-told"),
    path("pupils/<int:pupil_id>/visits/<int:visit_id>/senior-leaders-told/", views_contacts.visit_slt_told,
         name="visit-slt-told"),
]
