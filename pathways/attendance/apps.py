from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "pathways.attendance"
    label = "attendance"
    verbose_name = "Attendance register"
