"""The contact log: recording a contact with a pupil's family (one action, one audit row), the log of one
pupil (the contacts recorded here and the welfare checks and visits of the pupil's chronologies, from one
read each, never copied), and what the rules and the DSL's week read of it.

    do_record_contact(school, pupil, actor, **details)  -> FamilyContact
    do_record_slt_told(school, contact, actor, ...)      -> FamilyContact (a home visit: senior leaders told)
    contact_log(pupil)                                   -> [LogEntry], newest first
    contact_events(pupil_ids)                            -> {pupil id: [case-file Event]}
    last_seen_in_contacts(pupil_ids)                     -> {pupil id: (date, channel)}

How a contact reaches the rules (docs/contact-log.md): a phone call or a video call is a welfare_check of
kind phone, a contact face to face one of kind in_person, a home visit one of kind home_visit with the day
senior leaders were told (`slt_informed`); and every contact, app messages and e-mails among them, is in
the case file's optional `contacts` list, which MIL-CONTACT-LOG reads. A live session on the register gives
each pupil who took part a recording_consent on its day, `all_parents` as the register says
(RTL-GROUP-CONSENT).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from pathways.arrangements.models import Event
from pathways.audit.record import record
from pathways.audit.versions import refuse_stale
from pathways.policy import casefile as cf
from pathways.pupils.models import Pupil
from pathways.remote.models_contacts import Channel, FamilyContact
from pathways.remote.models_sessions import LiveSession
from pathways.schools.models import School
from pathways.schools.permissions import permission

# How each channel is read by the rules: the welfare check's kind (a channel not here: no case-file event).
CHECK_KINDS: dict[str, str] = {Channel.PHONE: "phone", Channel.VIDEO_CALL: "phone",
                               Channel.FACE_TO_FACE: "in_person", Channel.HOME_VISIT: "home_visit"}
# The channels in which school staff see the pupil (the DSL's week, "last seen by school staff").
SEEN_CHANNELS = (Channel.FACE_TO_FACE, Channel.HOME_VISIT, Channel.VIDEO_CALL)
CHECK_WORDS = {"phone": "Phone call", "in_person": "Face to face", "home_visit": "Home visit", "": "Welfare check"}


@permission("record_events")
@transaction.atomic
def do_record_contact(*, school: School, pupil: Pupil, actor: Any, channel: str, happened_at: dt.datetime,
                      staff_name: str, with_whom: str, outcome: str, concern_raised: bool = False,
                      concern: str = "", slt_informed: bool = False,
                      slt_informed_on: dt.date | None = None) -> FamilyContact:
    """A contact with the pupil's family, as the member of staff who made it (or recorded it) says."""
    if pupil.school_id != school.pk:
        raise ValidationError({"pupil": "Choose a pupil of this school."})
    problems: dict[str, str] = {}
    now = timezone.now()
    if happened_at > now:
        problems["happened_at"] = "The contact is in the future: enter when it happened."
    if concern_raised and not concern.strip():
        problems["concern"] = "Say what the concern raised with the DSL was."
    if channel != Channel.HOME_VISIT and slt_informed:
        problems["slt_informed"] = "Senior leaders are told of home visits: say no, or choose home visit."
    if slt_informed:
        if slt_informed_on is None:
            problems["slt_informed_on"] = "Enter the date senior leaders were told."
        elif slt_informed_on < timezone.localtime(happened_at).date():
            problems["slt_informed_on"] = "Senior leaders are told of a visit on or after the day of the visit."
        elif slt_informed_on > timezone.localdate():
            problems["slt_informed_on"] = "The date senior leaders were told is in the future."
    if problems:
        raise ValidationError(problems)
    contact = FamilyContact(school=school, pupil=pupil, channel=channel, happened_at=happened_at,
                            staff_name=staff_name.strip(), with_whom=with_whom.strip(), outcome=outcome.strip(),
                            concern_raised=concern_raised, concern=concern.strip() if concern_raised else "",
                            slt_informed=slt_informed, slt_informed_on=slt_informed_on if slt_informed else None,
                            recorded_by=actor if getattr(actor, "pk", None) else None)
    contact.full_clean()
    contact.save()
    record(actor=actor, action="recorded a contact with the family", obj=contact, school=school, pupil=pupil,
           changes={"how": contact.get_channel_display(), "when": timezone.localtime(happened_at),
                    "member of staff": contact.staff_name, "with whom": contact.with_whom,
                    "concern raised with the DSL": concern_raised,
                    **({"senior leaders told": slt_informed, "told on": contact.slt_informed_on}
                       if channel == Channel.HOME_VISIT else {})},
           label=f"{pupil}: {contact}")
    return contact


@permission("record_events")
@transaction.atomic
def do_record_slt_told(*, school: School, contact: FamilyContact, actor: Any, slt_informed_on: dt.date | None,
                       who_was_told: str = "", seen: str | None = None) -> FamilyContact:
    """Senior leaders told of a home visit already in the log, on the visit itself (a new contact would be a
    second visit): the day they were told, and whom (kept in the audit row: the log has no place for it).
    `seen` is the version of the visit the page was read at (audit.versions): a newer one is refused."""
    visit = FamilyContact.objects.select_for_update().filter(pk=contact.pk, school=school).first()
    if visit is None:
        raise ValidationError({"contact": "Choose a contact in this school's log."})
    refuse_stale(visit, seen, what="home visit")
    if visit.channel != Channel.HOME_VISIT:
        raise ValidationError({"channel": f"Senior leaders are told of home visits: this contact is "
                                          f"{visit.get_channel_display().lower()}."})
    visited = timezone.localtime(visit.happened_at).date()
    if visit.slt_informed or visit.slt_informed_on is not None:
        told = f", on {visit.slt_informed_on:%-d %B %Y}" if visit.slt_informed_on else ""
        raise ValidationError({"slt_informed_on": f"Senior leaders were already told of this visit{told}."})
    if slt_informed_on is None:
        raise ValidationError({"slt_informed_on": "Enter the date senior leaders were told."})
    if slt_informed_on < visited:
        raise ValidationError({"slt_informed_on": f"Senior leaders are told of a visit on or after the day of the "
                                                  f"visit, {visited:%-d %B %Y}."})
    if slt_informed_on > timezone.localdate():
        raise ValidationError({"slt_informed_on": "The date senior leaders were told is in the future."})
    visit.slt_informed, visit.slt_informed_on = True, slt_informed_on
    visit.save(update_fields=["slt_informed", "slt_informed_on"])
    record(actor=actor, action="recorded senior leaders told of a home visit", obj=visit, school=school,
           pupil=visit.pupil_id,
           changes={"senior leaders told": [False, True], "told on": [None, slt_informed_on],
                    **({"who was told": who_was_told.strip()} if who_was_told.strip() else {})},
           label=f"{visit.pupil}: {visit}")
    return visit


@dataclass(frozen=True)
class LogEntry:
    """One line of the log: a contact recorded here, or a welfare check or visit of a chronology."""

    day: dt.date
    time: dt.time | None
    how: str
    by: str
    with_whom: str
    outcome: str
    concern: str            # the concern raised with the DSL ("" none)
    concern_raised: bool
    slt: str                # home visits: whether and when senior leaders were told ("" not a home visit)
    source: str             # "Contact log", or the arrangement whose chronology holds it
    arrangement_id: int | None = None
    order: int = 0
    contact_id: int | None = None  # a contact of the log (None: the chronology's)
    home_visit: bool = False
    event_id: int | None = None    # a welfare check or visit of a chronology

    @property
    def waiting_for_slt(self) -> bool:
        """A home visit that senior leaders are not recorded as told of (its page records it: the log's
        `contact-slt-told`, the chronology's `visit-slt-told`)."""
        return self.home_visit and self.slt == "No"


def contact_log(pupil: Pupil) -> list[LogEntry]:
    """Every contact with the family, newest first: the contacts recorded in the log and the welfare checks
    and visits of the pupil's chronologies (as corrected), two queries. Nothing is copied between them."""
    out: list[LogEntry] = []
    for c in FamilyContact.objects.filter(pupil=pupil):
        at = timezone.localtime(c.happened_at)
        slt = ""
        if c.channel == Channel.HOME_VISIT:
            slt = f"Yes, on {c.slt_informed_on:%-d %B %Y}" if c.slt_informed and c.slt_informed_on else "No"
        out.append(LogEntry(at.date(), at.time(), c.get_channel_display(), c.staff_name, c.with_whom, c.outcome,
                            c.concern, c.concern_raised, slt, "Contact log", None, c.pk, c.pk,
                            c.channel == Channel.HOME_VISIT))
    for e in (Event.current.filter(arrangement__pupil=pupil, type__in=("welfare_check", "visit"))
              .select_related("recorded_by", "arrangement")):
        kind = (e.fields or {}).get("kind", "") if e.type == "welfare_check" else ""
        how = ("Welfare check: " + CHECK_WORDS[kind].lower()) if e.type == "welfare_check" else "Visit to the provider"
        by = (e.recorded_by.get_full_name() or e.recorded_by.get_username()) if e.recorded_by else ""
        told = (e.fields or {}).get("slt_informed")
        slt = (f"Yes, on {dt.date.fromisoformat(told):%-d %B %Y}" if told else "No") if kind == "home_visit" else ""
        out.append(LogEntry(e.date, None, how, by, "", e.note, "", False, slt,
                            f"Chronology: {e.arrangement.get_kind_display().lower()}", e.arrangement_id, e.pk,
                            None, kind == "home_visit", e.pk))
    out.sort(key=lambda x: (x.day, x.time or dt.time(0), x.order), reverse=True)
    return out


def contact_events(pupil_ids: Iterable[int]) -> tuple[dict[int, list[cf.Event]], dict[int, list[cf.Contact]]]:
    """What the rules read of each pupil's contact log and of the register of live sessions: the case-file
    events (the welfare checks of calls, visits and meetings; each live session's recording consent) in date
    order, not sorted among the chronology's (the caller merges them); and every contact of the log, of every
    channel, as the case file's `contacts` (MIL-CONTACT-LOG counts an app message or an e-mail too). Two
    queries."""
    ids = list(pupil_ids) or [0]
    out: dict[int, list[cf.Event]] = defaultdict(list)
    contacts: dict[int, list[cf.Contact]] = defaultdict(list)
    for pupil_id, channel, at, slt_informed, told_on in (
        FamilyContact.objects.filter(pupil_id__in=ids).order_by("happened_at", "id")
        .values_list("pupil_id", "channel", "happened_at", "slt_informed", "slt_informed_on")
    ):
        day = timezone.localtime(at).date()
        contacts[pupil_id].append(cf.Contact(day, channel))
        if channel in CHECK_KINDS:
            out[pupil_id].append(cf.Event(day, "welfare_check", kind=CHECK_KINDS[channel],
                                          slt_informed=told_on if slt_informed else None))
    for pupil_id, held_on, consented in (
        LiveSession.pupils.through.objects.filter(pupil_id__in=ids, livesession__pre_recorded=False)
        .order_by("livesession__held_on", "livesession_id")
        .values_list("pupil_id", "livesession__held_on", "livesession__all_parents_consented")
    ):
        out[pupil_id].append(cf.Event(held_on, "recording_consent", all_parents=consented))
    for events in out.values():
        events.sort(key=lambda e: e.date)
    return out, contacts


def last_seen_in_contacts(pupil_ids: Iterable[int]) -> dict[int, tuple[dt.date, str]]:
    """The last contact of each pupil in which school staff saw them (face to face, a home visit, a video
    call), with its channel: one query."""
    found: dict[int, tuple[dt.date, str]] = {}
    rows = (FamilyContact.objects.filter(pupil_id__in=list(pupil_ids) or [0], channel__in=list(SEEN_CHANNELS))
            .values("pupil_id", "channel").annotate(last=Max("happened_at")).values_list("pupil_id", "channel", "last"))
    for pupil_id, channel, last in rows:
        day = timezone.localtime(last).date()
        if pupil_id not in found or day > found[pupil_id][0]:
            found[pupil_id] = (day, channel)
    return found
