"""Pathways: education away from a pupil's normal full-time timetable, kept lawful and safe."""

__version__ = "0.1.0"
