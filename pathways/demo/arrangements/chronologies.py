"""The chronologies of a well-kept alternative provision placement and part-time timetable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pathways.demo.arrangements.builder import Ev, ev
from pathways.demo.arrangements.calendar import Calendar


def ap_chronology(c: Calendar, start: dt.date, *, unregistered: bool = False, until: dt.date | None = None,
                   reviews: bool = True) -> list[Ev]:
    """The chronology of a well-kept alternative provision placement (004 §3, Appendices 1-6)."""
    until = until or c.today
    events = [
        ev(c.sd(-15, start), "trust_consulted", "Discussed with the trust's alternative provision lead."),
        ev(c.sd(-12, start), "consideration_form", "Appendix 1a: costs, parent and pupil views, agreements."),
        ev(c.sd(-12, start), "parent_consent", "Parents agreed at the meeting and signed the form."),
        ev(c.sd(-12, start), "pupil_views"),
        ev(c.sd(-8, start), "risk_assessment", "Appendix 2 risk assessment, travel included."),
        ev(c.sd(-6, start), "parent_information", "Letter: why, where, when, and how it will be reviewed."),
        ev(c.sd(-6, start), "plan_agreed", "Objectives, baseline and review dates agreed."),
        ev(c.sd(-3, start), "provider_information_shared", "SEND, safeguarding, medical and attainment shared."),
        ev(start, "reintegration_plan", "Return to full-time school planned for the end of the placement."),
        ev(start, "planning_meeting", "Multi-agency meeting with the parents: reintegration strategies agreed."),
    ]
    for day in c.every_school_days(start, 5, until=until):
        events.append(ev(day, "provider_report", "Weekly attendance register from the provider."))
    if unregistered:
        events.append(ev(c.sd(-7, start), "trust_approval", "Trust approved the unregistered provider."))
    for day in c.each_half_term(start, 6, until=until):
        events.append(ev(day, "visit", "Appendix 5 visit: saw the pupil at work, spoke to the tutor."))
    for day in c.each_half_term(start, 8, until=until):
        events.append(ev(day, "progress_report", "Appendix 6 progress report sent home."))
        events.append(ev(day, "pupil_views"))
        events.append(ev(day, "risk_assessment", "Risk assessment reviewed."))
        if reviews:
            events.append(ev(day, "review", "Placement reviewed with parents and the provider.",
                             outcome="satisfactory", parent_attended=True))
    return events


def ptt_chronology(c: Calendar, start: dt.date, *, until: dt.date | None = None, consent_written: bool = True,
                    skip_reviews: Iterable[int] = ()) -> list[Ev]:
    """A part-time timetable kept as 004 §4 asks, with its half-termly reviews."""
    until = until or c.today
    consent = ev(c.sd(-4, start), "parent_consent",
                 "Parent signed the agreement to the times and dates." if consent_written
                 else "Parent agreed on the phone; the signed agreement has not come back.",
                 written=consent_written)
    events = [
        ev(c.sd(-10, start), "trust_consulted", "Six weeks of in-school support tried; discussed with the trust."),
        consent,
        ev(c.sd(-4, start), "pupil_views"),
        ev(c.sd(-3, start), "risk_assessment", "DSL risk assessment (Appendix 7): whereabouts at home agreed."),
        ev(c.sd(-3, start), "reintegration_plan", "Steps back to full time agreed with the family."),
        ev(c.sd(-3, start), "planning_meeting", "Multi-agency meeting: strategies for the return agreed."),
        ev(c.sd(2, start), "la_notified", "Part-time timetable form sent to the local authority."),
        ev(c.sd(8, start), "governors_informed", "Reported to the local governing body."),
    ]
    skip = set(skip_reviews)
    for i, day in enumerate(c.each_half_term(start, 7, until=until)):
        events.append(ev(day, "risk_assessment", "Risk assessment reviewed."))
        events.append(ev(day, "timetable_review"))
        if i not in skip:
            events.append(ev(day, "review", "Review meeting with parents and the pupil.",
                             outcome="satisfactory", parent_attended=True))
    return events
