"""Oakfield's remote education in the demo (seeds 002 and 003, with the remote-education-offer and
special-school-remote packs on): the offer with its named lead from three half-terms ago, the planning and
audit tool rated at the start of every half-term since, every family's answer to the device survey, and
the contact log of the pupil learning at home (a home visit with senior leaders told the next school day,
Class Dojo messages, an e-mail, a phone call that raised a concern with the DSL). Written through the remote
app's actions, as the school would."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from pathways.demo.arrangements.builder import DemoArrangements
from pathways.pupils.models import Pupil
from pathways.remote.actions import do_change_remote_offer, do_record_remote_audit
from pathways.remote.contacts import do_record_contact
from pathways.remote.expectations import tool
from pathways.remote.survey import do_record_family_access

SCHOOL = "oakfield"
OFFER = {
    "next_day_capacity": True,
    "next_day_how": "Work packs are ready in every class and the class teacher posts the first day's work on "
                    "Seesaw by 9am the next school day.",
    "platforms": "Seesaw for the work and feedback; Zoom for the weekly class check-in (SLT told of each call).",
    "hours_ks1": 3, "hours_ks2": 4, "hours_ks3": 5, "hours_ks4": 5,
    "engagement_weekly": True,
    "engagement_how": "The class teacher checks Seesaw every Friday and the TA phones any family whose child has "
                      "not logged on that week.",
    "parents_told_how": "A phone call the same day from the class teacher, logged in the chronology.",
    "send_provision": "Work set against each pupil's EHCP outcomes; sensory and communication resources sent home; "
                      "therapists' programmes continue by video where the family agrees.",
    "for_parents": "If your child has to learn at home, school will send work by the next school day and call you "
                   "every week.",
}
# How the families answered, in turn (a few with no device or only a phone, as a special school finds).
ANSWERS = [
    ("own", "broadband", False, ""), ("shared", "broadband", False, ""), ("phone", "mobile", True, "A laptop"),
    ("own", "broadband", False, ""), ("none", "none", True, "A laptop and a data SIM"),
    ("shared", "mobile", True, "Data"),
]


def create_oakfield_remote(demo: DemoArrangements) -> None:
    c, school = demo.cals[SCHOOL], demo.schools[SCHOOL]
    lead = demo.user(SCHOOL, "remotelead")
    do_change_remote_offer(school=school, actor=None, lead=lead,
                           values={**OFFER, "effective_from": c.ht(-3).start,
                                   "lead_name": lead.get_full_name()})
    keys = tool().expectation_keys()
    for k in (-3, -2, -1, 0):
        rated_on = c.day_of(k, 3)
        if rated_on > demo.today:
            continue
        ratings = {key: {"rating": ("amber" if i % 4 == 0 and k < -1 else "green"),
                         "doing": "Set out in the remote education offer.", "impact": "Weekly engagement checks.",
                         "next_steps": "Keep under review.", "who": lead.get_full_name()}
                   for i, key in enumerate(keys)}
        do_record_remote_audit(school=school, actor=None, rated_on=rated_on, ratings=ratings)
    surveyed = c.day_of(-3, 5)
    for i, pupil in enumerate(Pupil.objects.filter(school=school).order_by("id")):
        device, connection, needs_help, help_needed = ANSWERS[i % len(ANSWERS)]
        do_record_family_access(school=school, actor=None, pupils=[pupil], surveyed_on=surveyed, device=device,
                                connection=connection, needs_help=needs_help, help_needed=help_needed)
    _contact_log(demo)


def _contact_log(demo: DemoArrangements) -> None:
    """The remote learner's contacts with the family (003 Appendix 2), in the log. The home visit comes before
    the class teacher's visit in the chronology, so the DSL's week still finds him not seen since."""
    c, school = demo.cals[SCHOOL], demo.schools[SCHOOL]
    arrangement = demo.arrangements["ok_remote"]
    start, pupil = arrangement.start, arrangement.pupil
    teacher = demo.user(SCHOOL, "teacher").get_full_name()

    def at(day: dt.date, time: str) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time.fromisoformat(time)))

    contacts: list[dict[str, Any]] = [
        {"channel": "home_visit", "happened_at": at(c.sd(1, start), "15:45"), "with_whom": "Mum, and the pupil",
         "outcome": "Work pack, sensory resources and a symbol timetable delivered; shown how to log on to Seesaw.",
         "slt_informed": True, "slt_informed_on": c.sd(2, start)},
        {"channel": "app_message", "happened_at": at(c.sd(5, start), "16:10"), "with_whom": "Mum (Class Dojo)",
         "outcome": "The week's work shared on Class Dojo; Mum sent photos of the reading task."},
        {"channel": "email", "happened_at": at(c.sd(9, start), "11:20"), "with_whom": "Dad",
         "outcome": "The date of the EHCP annual review agreed; the meeting will be on Zoom from school."},
        {"channel": "app_message", "happened_at": at(c.sd(10, start), "15:30"), "with_whom": "Mum (Class Dojo)",
         "outcome": "The week's work shared; the next hospital appointment noted."},
        {"channel": "phone", "happened_at": at(c.sd(14, start), "10:05"), "with_whom": "Mum",
         "outcome": "He is tired after the physiotherapy; the work pack is to be shortened this week.",
         "concern_raised": True, "concern": "Mum says he is not sleeping and is low in mood: the DSL was told "
                                          "the same morning and will call her back."},
    ]
    for details in contacts:
        if details["happened_at"].date() <= demo.today:
            do_record_contact(school=school, pupil=pupil, actor=None, staff_name=teacher, **details)
