"""What meets each requirement: the chronology entry, the provider's due-diligence check or the page
that puts it right. The requirement panel of the arrangement page links each due or unmet duty there.

A duty that nothing on an arrangement's pages can meet (a register code, a school-wide fact, the
arrangement's reason) has no target and says why in `reason`; tests hold every id of the policy
registry to an entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from pathways.arrangements.vocabulary import in_sentence


@dataclass(frozen=True)
class Part:
    """One part of a duty, named by words of the engine's message (`marker`), and what meets that part:
    an entry (with details to preselect), a provider's check, or a page of the arrangement (`page`: "edit",
    its details; "end", its ending, whose form is on the arrangement's page; "agreement", the headteacher's
    agreement given after the start; "contact-log", the pupil's contact log). Today and the arrangement page
    offer the part the finding names, not the duty's first entry."""

    marker: str
    event: str = ""
    fields: Mapping[str, str] = field(default_factory=dict)
    check: str = ""
    page: str = ""


@dataclass(frozen=True)
class Link:
    events: tuple[str, ...] = ()          # chronology entries that meet it (event-record ?type=)
    fields: Mapping[str, str] = field(default_factory=dict)  # details to preselect on the event form
    checks: tuple[str, ...] = ()          # the provider's due-diligence checks that meet it
    page: str = ""                        # a page of the arrangement: "timetable-edit" or "#lifecycle"
    reason: str = ""                      # why there is nothing to link, when there is not
    school_page: tuple[str, str] | None = None  # a page of the school that meets it: (URL name, label)
    pupil_page: tuple[str, ...] | None = None   # a page of the pupil that meets it: (URL name, label[, anchor])
    parts: tuple[Part, ...] = ()          # the parts of a duty of several, each named by words of its message
    stays: str = ""                       # shown beside the finding on Today: why it stays after the action

    @property
    def has_target(self) -> bool:
        return bool(self.events or self.checks or self.page or self.school_page or self.pupil_page)


def _e(*events: str, **fields: str) -> Link:
    return Link(events=events, fields=fields)


def _c(*checks: str) -> Link:
    return Link(checks=checks)


REGISTER = "Judged from the register marks of each session: correct the register, not the chronology."
SCHOOL_WIDE = "A fact about the whole school's remote education offer, not an entry of this arrangement."
TIMETABLE = Link(page="timetable-edit")
LIVE_SESSIONS = Link(school_page=("remote-sessions", "Go to the register of live lessons and recordings"))
CONTACT_LOG = ("pupil-contact-log", "Record the contact in the pupil's contact log")

LINKS: dict[str, Link] = {
    # national: the register
    "NAT-CODE-SET": Link(reason=REGISTER),
    "NAT-CODE-PRESENT-ON-SITE": Link(reason=REGISTER),
    "NAT-CODE-B": Link(reason=REGISTER),
    "NAT-CODE-K": Link(reason=REGISTER),
    "NAT-CODE-REMOTE-ABSENT": Link(reason=REGISTER),
    "NAT-CODE-C2": Link(reason=REGISTER),
    "NAT-CODE-SUSPENSION": Link(reason=REGISTER),
    "NAT-TEN-DAY-ABSENCE": _e("la_notified"),
    "NAT-HEALTH-15-DAYS": _e("la_notified"),
    # national: part-time timetables, off-site directions, alternative provision
    "NAT-PTT-AGREEMENT": _e("parent_consent", written="yes"),
    "NAT-PTT-END-DATE": Link(reason="Met by the arrangement's proposed end date, given when it is set up."),
    "NAT-PTT-NOT-BEHAVIOUR": Link(
        reason="Met by the arrangement's reason: a part-time timetable must not be used to manage behaviour."
    ),
    "NAT-PTT-PROFESSIONALS": Link(events=("social_worker_informed", "la_notified"),
                                  parts=(Part("social worker", event="social_worker_informed"),
                                         Part("local authority", event="la_notified"))),
    "NAT-DIRECTION-NOTICE": _e("direction_notice"),
    "NAT-DIRECTION-REVIEW-REQUEST": _e("review"),
    "NAT-AP-PARENT-INFORMATION": _e("parent_information"),
    "NAT-AP-PLAN": _e("plan_agreed"),
    "NAT-AP-REINTEGRATION": _e("reintegration_plan"),
    "NAT-AP-STAFF-CHECKS": _c("staff_checks_confirmed"),
    "NAT-PROVIDER-REGISTRATION": Link(
        reason="Depends on the provider's registration and how many pupils it educates full time, not on an entry."
    ),
    "NAT-AP-EHCP-REGISTERED": _e("la_approval"),
    "NAT-SUSPENSION-DAY6": TIMETABLE,
    "NAT-REMOTE-LAST-RESORT": Link(events=("reintegration_plan",),
                                   parts=(Part("plan to return", event="reintegration_plan"),
                                          Part("end date", page="edit"))),
    # online-learning-packages
    "OLP-PERMITTED-USE": Link(reason="Met by the arrangement's reason: medical, injury, behaviour or suspension."),
    "OLP-MEDICAL-EVIDENCE": _e("medical_evidence"),
    "OLP-HEALTHCARE-PLAN": _e("healthcare_plan"),
    "OLP-SEND-PLAN": _e("send_plan_updated"),
    "OLP-BEHAVIOUR-DIRECTION": Link(events=("direction_notice", "behaviour_plan_updated"),
                                    parts=(Part("written direction", event="direction_notice"),
                                           Part("behaviour plan", event="behaviour_plan_updated"))),
    "OLP-DAY6-NOTICE": _e("direction_notice"),
    "OLP-FULL-TIME-PACKAGE": TIMETABLE,
    "OLP-PROVIDER-CHECKLIST": _c("provider_checklist"),
    "OLP-ABSENCE-ALERT": _c("absence_alert_agreed"),
    "OLP-IDENTITY": _c("identity_checks"),
    "OLP-COMMISSIONING": Link(checks=("commissioning_agreement", "quality_review"),
                              parts=(Part("commissioning agreement", check="commissioning_agreement"),
                                     Part("review of", check="quality_review"))),
    "OLP-CP-POLICY": _c("child_protection_policy_shared"),
    "OLP-STUDENT-CHECKLIST": _e("student_checklist"),
    "OLP-INDUCTION": _e("induction"),
    "OLP-ATTENDANCE-OFFICER": _e("attendance_officer_informed"),
    "OLP-AGENCIES": _e("agencies_informed", "social_worker_informed"),
    "OLP-WELFARE-CHECKS": _e("welfare_check"),
    "OLP-ABSENCE-RESPONSE": Link(events=("welfare_check",),
                                 parts=(Part("home visit", event="welfare_check", fields={"kind": "home_visit"}),)),
    "OLP-REVIEWS": _e("review"),
    "OLP-EQUIPMENT": _e("equipment_agreement"),
    "OLP-GOVERNORS": _e("governors_informed"),
    # return-to-learn
    "RTL-THRESHOLD": Link(events=("support_strategies_started", "slt_decision"),
                          parts=(Part("no in-school support strategies", event="support_strategies_started"),
                                 Part("senior leaders' decision", event="slt_decision"))),
    "RTL-ISS-CONSULTED": _e("iss_consulted"),
    "RTL-PLANNING-MEETINGS": _e("planning_meeting"),
    "RTL-FORTNIGHTLY-REPORTS": _e("provider_report"),
    "RTL-TIMETABLE-REVIEW": _e("timetable_review"),
    "RTL-PHASED-INCREASE": TIMETABLE,
    "RTL-MEDICAL-EVIDENCE": _e("medical_evidence"),
    "RTL-ISS-REFERRAL": _e("iss_referral"),
    "RTL-CODES": Link(reason=REGISTER),
    "RTL-GROUP-CONSENT": _e("recording_consent", all_parents="yes"),
    "RTL-RECORDING-RETENTION": LIVE_SESSIONS,
    "RTL-OUTCOME": Link(events=("planning_meeting", "iss_referral"), page="#lifecycle",
                        parts=(Part("no Education Planning Meeting", event="planning_meeting"),
                               Part("but no referral made", event="iss_referral"))),
    # remote-education-offer
    "REM-LEAD": Link(reason=SCHOOL_WIDE, school_page=("remote-offer-edit", "Name the lead in the remote education "
                                                                           "offer")),
    "REM-NEXT-DAY": TIMETABLE,
    "REM-HOURS": TIMETABLE,
    "REM-ENGAGEMENT": Link(events=("provider_report", "progress_report"),
                           parts=(Part("feedback on the pupil's progress", event="progress_report"),
                                  Part("engagement", event="provider_report"),
                                  Part("parents", event="welfare_check", fields={"kind": "phone"}))),
    "REM-DEVICE-ACCESS": Link(reason=SCHOOL_WIDE, school_page=("remote-survey-new", "Record the families' answers "
                                                                                       "to the device survey")),
    "REM-AUDIT": Link(reason=SCHOOL_WIDE, school_page=("remote-audit-new", "Rate the planning and audit tool")),
    "REM-SOCIAL-WORKER": _e("social_worker_informed"),
    "REM-LIVE-LESSON-SAFETY": Link(
        school_page=LIVE_SESSIONS.school_page,
        stays="Judged from the live lessons of the last four weeks on the register: it clears once every lesson "
        "in those four weeks had the parents' consent, was a group lesson and was recorded.",
    ),
    # special-school-remote
    "MIL-RISK-ASSESSMENT": _e("risk_assessment"),
    "MIL-EHCP-OUTCOMES": _e("send_plan_updated"),
    "MIL-CONTACT-LOG": Link(pupil_page=CONTACT_LOG, parts=(Part("logged contact", page="contact-log"),)),
    "MIL-HOME-VISITS": Link(pupil_page=("pupil-contact-log", "Record that senior leaders were told, in the pupil's "
                                                              "contact log", "#slt-waiting")),
    "MIL-DAILY-ENGAGEMENT": _e("welfare_check"),
    # alternative-pathways: alternative provision
    "AP-TRUST-CONSULTED": _e("trust_consulted"),
    "AP-UNREGISTERED-APPROVAL": Link(
        events=("consideration_form", "risk_assessment", "trust_approval"), checks=("initial_visit",),
        parts=(Part("consideration form", event="consideration_form"), Part("initial visit", check="initial_visit"),
               Part("risk assessment", event="risk_assessment"), Part("trust", event="trust_approval")),
    ),
    "AP-HEADTEACHER-AGREEMENT": Link(events=("consideration_form",), page="#lifecycle",
                                     parts=(Part("consideration form", event="consideration_form"),
                                            Part("headteacher", page="agreement"))),
    "AP-RISK-ASSESSMENT": _e("risk_assessment"),
    "AP-INFORMATION-SHARED": _e("provider_information_shared"),
    "AP-PROVIDER-POLICIES": Link(
        checks=("child_protection_policy_shared", "safeguarding_policy", "health_and_safety"),
        parts=(Part("trust's child protection", check="child_protection_policy_shared"),
               Part("own safeguarding", check="safeguarding_policy"),
               Part("health and safety", check="health_and_safety")),
    ),
    "AP-VISITS": _e("visit"),
    "AP-PARENT-MEETINGS": _e("progress_report"),
    "AP-PROVIDER-ABSENCE-DEADLINE": Link(
        reason="Judged from when the provider reported each absence in the register, not from an entry."
    ),
    "AP-WEEKLY-ATTENDANCE": _e("provider_report"),
    "AP-UNSATISFACTORY-REVIEW": Link(events=("review",), page="#lifecycle",
                                     parts=(Part("formal review", event="review"),
                                            Part("end the placement", page="end"),
                                            Part("not brought back", page="end"))),
    "AP-REINTEGRATION-MEETING": _e("planning_meeting", "reintegration_plan"),
    "AP-PUPIL-VIEWS": _e("pupil_views"),
    "AP-FINAL-REPORT": _e("final_report"),
    # alternative-pathways: flexi-schooling
    "FLX-PARENT-REQUEST": Link(events=("parent_request",), fields={"written": "yes"},
                               parts=(Part("No parent asked", event="parent_request", fields={"written": "yes"}),
                                      Part("request, needed", event="parent_request", fields={"written": "yes"}),
                                      Part("arrangement's reason", page="edit"))),
    "FLX-HEADTEACHER-APPROVAL": Link(page="#lifecycle", parts=(Part("headteacher", page="agreement"),)),
    "FLX-WRITTEN-AGREEMENT": Link(events=("written_agreement",),
                                  parts=(Part("written", event="written_agreement"),
                                         Part("local authority", event="la_approval"))),
    "FLX-LA-NOTIFIED": Link(events=("la_notified", "trust_consulted", "la_approval"),
                            parts=(Part("local authority must approve", event="la_approval"),
                                   Part("local authority did not approve", event="la_approval"),
                                   Part("trust's link DPS", event="trust_consulted"),
                                   Part("local authority", event="la_notified"))),
    "FLX-RISK-ASSESSMENT": _e("risk_assessment"),
    "FLX-NO-END-DATE-NEEDED": Link(reason="Says which duties flexi-schooling is spared; nothing to record."),
    "FLX-GOVERNORS-TERMLY": _e("governors_informed"),
    "FLX-DIGITAL-SAFETY": _e("parent_information"),
    # alternative-pathways: part-time timetables
    "PTT-LAST-RESORT": _e("trust_consulted"),
    "PTT-HEADTEACHER-APPROVAL": Link(events=("governors_informed",), page="#lifecycle",
                                     parts=(Part("headteacher", page="agreement"),
                                            Part("governors", event="governors_informed"))),
    "PTT-LA-NOTIFIED": _e("la_notified"),
    "PTT-RISK-ASSESSMENT": _e("risk_assessment"),
    "PTT-REVIEWS": _e("review"),
    "PTT-REINTEGRATION-PLAN": _e("reintegration_plan"),
    "PTT-DAILY-CONTACT": _e("welfare_check", kind="phone"),
    "PTT-WHEREABOUTS": _e("risk_assessment"),
}


@dataclass(frozen=True)
class Target:
    label: str
    url: str


def _reverse(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def offered(requirement_id: str, message: str = "") -> Part | None:
    """The part of the duty the finding's message names (the one named first, when it names several), or
    the duty's first entry, check or page when it names none: what Today offers first for the finding."""
    link = LINKS.get(requirement_id)
    if link is None:
        return None
    text = message.lower()
    named = [(text.find(p.marker.lower()), i, p) for i, p in enumerate(link.parts) if p.marker.lower() in text]
    if named:
        return min(named, key=lambda n: (n[0], n[1]))[2]
    if link.events:
        return Part("", event=link.events[0], fields=link.fields)
    if link.checks:
        return Part("", check=link.checks[0])
    return None


_PAGES = {  # the pages of the arrangement a part may lead to: (URL name, the link's words)
    "edit": ("arrangement-edit", "Change the arrangement's details"),
    "agreement": ("arrangement-late-agreement", "Record the headteacher's agreement, given after the start"),
}


LIFECYCLE_TARGET = Target("Go to the approval and ending of the arrangement, below", "#lifecycle")


def _pupil_target(page: tuple[str, ...], arrangement: Any) -> Target | None:
    """A page of the pupil's: (URL name, label[, anchor]), at its form ("#add") unless another anchor is given."""
    url = _reverse(page[0], arrangement.school_id, arrangement.pupil_id)
    return Target(page[1], f"{url}{page[2] if len(page) > 2 else '#add'}") if url else None


def target_for_part(part: Part, arrangement: Any, fields: Mapping[str, str]) -> Target | None:
    """The link that meets one part for this arrangement; None where the page is not there (yet)."""
    school_id = arrangement.school_id
    if part.page == "agreement" and arrangement.status in ("draft", "awaiting_approval"):
        return LIFECYCLE_TARGET
    if part.page == "contact-log":
        return _pupil_target(CONTACT_LOG, arrangement)
    if part.page == "end":  # the ending's form is on the arrangement's page
        return Target("Go to the ending of the arrangement, below", "#lifecycle")
    if part.page:
        name, label = _PAGES[part.page]
        url = _reverse(name, school_id, arrangement.id)
        return Target(label, url) if url else None
    if part.check:
        if not arrangement.provider_id:  # a check of the provider needs the provider named first
            url = _reverse("arrangement-edit", school_id, arrangement.id)
            return Target("Name the provider in the arrangement's details", url) if url else None
        base = _reverse("provider-check-add", school_id, arrangement.provider_id)
        return Target(f"Record the provider's {in_sentence(part.check)}",
                      f"{base}?{urlencode({'type': part.check})}") if base else None
    event_type = part.event
    if event_type == "trust_approval":  # the trust lead's, from the trust's approvals
        decide = _reverse("arrangement-trust-approval", school_id, arrangement.id)
        return Target("Approve or refuse for the trust", decide) if decide else None
    if event_type == "risk_assessment":  # the assessment itself writes the entry, once signed off
        assess = _reverse("risk-assessment-create", school_id)
        return Target("Write and sign off the risk assessment",
                      f"{assess}?{urlencode({'arrangement': arrangement.id})}") if assess else None
    if event_type == "la_notified":  # the notices page writes the notice, sends or prints it, and records it
        notify = _reverse("la-notify", school_id, arrangement.id)
        if notify:
            return Target("Notify the local authority", f"{notify}?{urlencode({'duty': fields.get('duty', '')})}")
    base = _reverse("event-record", school_id, arrangement.id)
    query = {"type": event_type, **{k: v for k, v in fields.items() if k != "duty"}}
    return Target(f"Record {in_sentence(event_type, arrangement.kind)}", f"{base}?{urlencode(query)}")


def targets_for(requirement_id: str, arrangement: Any, message: str = "") -> list[Target]:
    """Where to go to meet the requirement for this arrangement: one link per entry, check or page, the
    part the finding's `message` names first (`offered`). A page another part of Pathways has not added yet
    is left out rather than linked broken."""
    link = LINKS.get(requirement_id)
    if link is None:
        return []
    duty = {"duty": requirement_id}
    out: list[Target] = []
    for i, event_type in enumerate(link.events):
        target = target_for_part(Part("", event=event_type), arrangement, {**duty, **(link.fields if i == 0 else {})})
        if target is not None:
            out.append(target)
    checks = link.checks if arrangement.provider_id else link.checks[:1]
    for check in checks:
        target = target_for_part(Part("", check=check), arrangement, duty)
        if target is not None:
            out.append(target)
    if link.page == "#lifecycle":
        # Not yet approved: the approval comes first (telling the governors comes after it).
        if arrangement.status in ("draft", "awaiting_approval"):
            out.insert(0, LIFECYCLE_TARGET)
        else:
            out.append(LIFECYCLE_TARGET)
    elif link.page:
        url = _reverse(link.page, arrangement.school_id, arrangement.id)
        if url:
            out.append(Target("Change the usual week", url))
    if link.school_page:
        url = _reverse(link.school_page[0], arrangement.school_id)
        if url:
            out.append(Target(link.school_page[1], url))
    if link.pupil_page and (target := _pupil_target(link.pupil_page, arrangement)) is not None:
        out.append(target)
    part = offered(requirement_id, message) if message else None
    if part is not None and part.marker:  # the part the finding names goes first
        first = target_for_part(part, arrangement, {**duty, **part.fields})
        if first is not None:
            out = [first, *(t for t in out if t.url != first.url and t.label != first.label)]
    return out


@dataclass(frozen=True)
class OthersAct:
    """A finding only someone outside the school can put right: a past failure of the provider's, which
    no entry of the school's can undo. Today says who must act and why, and offers what the school can do."""

    marker: str      # words of the engine's message that name such a finding (and no other of the rule)
    who: str         # who must act, in the school's words
    why: str         # why, shown to staff beside the finding
    school_can: str  # what the school can do: take it up with the provider, on the provider's page


OTHERS_ACT: dict[str, OthersAct] = {
    "OLP-ABSENCE-ALERT": OthersAct(
        marker="missed the online session of",
        who="the provider",
        why="The provider must alert the school within the session when the pupil does not attend; the school "
        "cannot record that alert for them. Take it up with the provider, and follow up the absence "
        "(a welfare check).",
        school_can="Take it up with the provider",
    ),
}


def others_act(requirement_id: str, message: str) -> OthersAct | None:
    """Who must act on this finding, when it is not the school (OTHERS_ACT); else None."""
    other = OTHERS_ACT.get(requirement_id)
    return other if other is not None and other.marker in message else None


def others_act_target(other: OthersAct, arrangement: Any) -> Target | None:
    """What the school can do on a finding others must put right: the provider's page, to take it up."""
    if not arrangement.provider_id:
        return None
    url = _reverse("provider-detail", arrangement.school_id, arrangement.provider_id)
    return Target(other.school_can, url) if url else None


def is_school_wide(requirement_id: str) -> bool:
    """A duty about the whole school (its remote education offer, audit, device survey, live lessons and
    recordings), met on a page of the school: Today shows it once for the school, not once a pupil."""
    link = LINKS.get(requirement_id)
    return link is not None and link.school_page is not None


def is_safety(requirement_id: str) -> bool:
    """A duty about the child's safety: one met by a welfare check (contact with the child, a home visit,
    the response to a missed session). Today puts these first, before breaches and overdue paperwork."""
    link = LINKS.get(requirement_id)
    return link is not None and "welfare_check" in link.events
