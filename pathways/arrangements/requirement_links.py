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
class Link:
    events: tuple[str, ...] = ()          # chronology entries that meet it (event-record ?type=)
    fields: Mapping[str, str] = field(default_factory=dict)  # details to preselect on the event form
    checks: tuple[str, ...] = ()          # the provider's due-diligence checks that meet it
    page: str = ""                        # a page of the arrangement: "timetable-edit" or "#lifecycle"
    reason: str = ""                      # why there is nothing to link, when there is not
    school_page: tuple[str, str] | None = None  # a page of the school that meets it: (URL name, label)
    pupil_page: tuple[str, str] | None = None   # a page of the pupil that meets it: (URL name, label)

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
LIFECYCLE = Link(page="#lifecycle")

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
    "NAT-PTT-PROFESSIONALS": _e("social_worker_informed", "la_notified"),
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
    "NAT-REMOTE-LAST-RESORT": _e("reintegration_plan"),
    # online-learning-packages
    "OLP-PERMITTED-USE": Link(reason="Met by the arrangement's reason: medical, injury, behaviour or suspension."),
    "OLP-MEDICAL-EVIDENCE": _e("medical_evidence"),
    "OLP-HEALTHCARE-PLAN": _e("healthcare_plan"),
    "OLP-SEND-PLAN": _e("send_plan_updated"),
    "OLP-BEHAVIOUR-DIRECTION": _e("direction_notice", "behaviour_plan_updated"),
    "OLP-DAY6-NOTICE": _e("direction_notice"),
    "OLP-FULL-TIME-PACKAGE": TIMETABLE,
    "OLP-PROVIDER-CHECKLIST": _c("provider_checklist"),
    "OLP-ABSENCE-ALERT": _c("absence_alert_agreed"),
    "OLP-IDENTITY": _c("identity_checks"),
    "OLP-COMMISSIONING": _c("commissioning_agreement", "quality_review"),
    "OLP-CP-POLICY": _c("child_protection_policy_shared"),
    "OLP-STUDENT-CHECKLIST": _e("student_checklist"),
    "OLP-INDUCTION": _e("induction"),
    "OLP-ATTENDANCE-OFFICER": _e("attendance_officer_informed"),
    "OLP-AGENCIES": _e("agencies_informed", "social_worker_informed"),
    "OLP-WELFARE-CHECKS": _e("welfare_check"),
    "OLP-ABSENCE-RESPONSE": _e("welfare_check"),
    "OLP-REVIEWS": _e("review"),
    "OLP-EQUIPMENT": _e("equipment_agreement"),
    "OLP-GOVERNORS": _e("governors_informed"),
    # return-to-learn
    "RTL-THRESHOLD": _e("support_strategies_started", "slt_decision"),
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
    "RTL-OUTCOME": Link(events=("planning_meeting", "iss_referral"), page="#lifecycle"),
    # remote-education-offer
    "REM-LEAD": Link(reason=SCHOOL_WIDE, school_page=("remote-offer-edit", "Name the lead in the remote education "
                                                                           "offer")),
    "REM-NEXT-DAY": TIMETABLE,
    "REM-HOURS": TIMETABLE,
    "REM-ENGAGEMENT": _e("provider_report", "progress_report"),
    "REM-DEVICE-ACCESS": Link(reason=SCHOOL_WIDE, school_page=("remote-survey-new", "Record the families' answers "
                                                                                       "to the device survey")),
    "REM-AUDIT": Link(reason=SCHOOL_WIDE, school_page=("remote-audit-new", "Rate the planning and audit tool")),
    "REM-SOCIAL-WORKER": _e("social_worker_informed"),
    "REM-LIVE-LESSON-SAFETY": LIVE_SESSIONS,
    # special-school-remote
    "MIL-RISK-ASSESSMENT": _e("risk_assessment"),
    "MIL-EHCP-OUTCOMES": _e("send_plan_updated"),
    "MIL-CONTACT-LOG": Link(events=("progress_report",), pupil_page=CONTACT_LOG),
    "MIL-HOME-VISITS": Link(pupil_page=("pupil-contact-log", "Record the home visit, and senior leaders told, in "
                                                              "the pupil's contact log")),
    "MIL-DAILY-ENGAGEMENT": _e("welfare_check"),
    # alternative-pathways: alternative provision
    "AP-TRUST-CONSULTED": _e("trust_consulted"),
    "AP-UNREGISTERED-APPROVAL": Link(
        events=("consideration_form", "risk_assessment", "trust_approval"), checks=("initial_visit",)
    ),
    "AP-HEADTEACHER-AGREEMENT": Link(events=("consideration_form",), page="#lifecycle"),
    "AP-RISK-ASSESSMENT": _e("risk_assessment"),
    "AP-INFORMATION-SHARED": _e("provider_information_shared"),
    "AP-PROVIDER-POLICIES": _c("child_protection_policy_shared", "safeguarding_policy", "health_and_safety"),
    "AP-VISITS": _e("visit"),
    "AP-PARENT-MEETINGS": _e("progress_report"),
    "AP-PROVIDER-ABSENCE-DEADLINE": Link(
        reason="Judged from when the provider reported each absence in the register, not from an entry."
    ),
    "AP-WEEKLY-ATTENDANCE": _e("provider_report"),
    "AP-UNSATISFACTORY-REVIEW": Link(events=("review",), page="#lifecycle"),
    "AP-REINTEGRATION-MEETING": _e("planning_meeting", "reintegration_plan"),
    "AP-PUPIL-VIEWS": _e("pupil_views"),
    "AP-FINAL-REPORT": _e("final_report"),
    # alternative-pathways: flexi-schooling
    "FLX-PARENT-REQUEST": _e("parent_request", written="yes"),
    "FLX-HEADTEACHER-APPROVAL": LIFECYCLE,
    "FLX-WRITTEN-AGREEMENT": _e("written_agreement"),
    "FLX-LA-NOTIFIED": _e("la_notified", "trust_consulted", "la_approval"),
    "FLX-RISK-ASSESSMENT": _e("risk_assessment"),
    "FLX-NO-END-DATE-NEEDED": Link(reason="Says which duties flexi-schooling is spared; nothing to record."),
    "FLX-GOVERNORS-TERMLY": _e("governors_informed"),
    "FLX-DIGITAL-SAFETY": _e("parent_information"),
    # alternative-pathways: part-time timetables
    "PTT-LAST-RESORT": _e("trust_consulted"),
    "PTT-HEADTEACHER-APPROVAL": Link(events=("governors_informed",), page="#lifecycle"),
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


def targets_for(requirement_id: str, arrangement: Any) -> list[Target]:
    """Where to go to meet the requirement for this arrangement: one link per entry, check or page.
    A page another part of Pathways has not added yet is left out rather than linked broken."""
    link = LINKS.get(requirement_id)
    if link is None:
        return []
    school_id = arrangement.school_id
    out: list[Target] = []
    if link.events:
        base = _reverse("event-record", school_id, arrangement.id)
        for i, event_type in enumerate(link.events):
            if event_type == "trust_approval":  # the trust lead's, from the trust's approvals
                decide = _reverse("arrangement-trust-approval", school_id, arrangement.id)
                if decide:
                    out.append(Target("Approve or refuse for the trust", decide))
                continue
            if event_type == "risk_assessment":  # the assessment itself writes the entry, once signed off
                assess = _reverse("risk-assessment-create", school_id)
                if assess:
                    out.append(Target("Write and sign off the risk assessment",
                                      f"{assess}?{urlencode({'arrangement': arrangement.id})}"))
                continue
            notify = _reverse("la-notify", school_id, arrangement.id) if event_type == "la_notified" else ""
            if notify:  # the notices page writes the notice, sends or prints it, and records la_notified
                out.append(Target("Notify the local authority", f"{notify}?{urlencode({'duty': requirement_id})}"))
                continue
            query = {"type": event_type, **(dict(link.fields) if i == 0 else {})}
            out.append(Target(f"Record {in_sentence(event_type, arrangement.kind)}", f"{base}?{urlencode(query)}"))
    if link.checks and arrangement.provider_id:
        base = _reverse("provider-check-add", school_id, arrangement.provider_id)
        if base:
            for check in link.checks:
                out.append(Target(f"Record the provider's {in_sentence(check)}",
                                  f"{base}?{urlencode({'type': check})}"))
    if link.page == "#lifecycle":
        lifecycle = Target("Go to the approval and ending of the arrangement, below", "#lifecycle")
        # Not yet approved: the approval comes first (telling the governors comes after it).
        if arrangement.status in ("draft", "awaiting_approval"):
            out.insert(0, lifecycle)
        else:
            out.append(lifecycle)
    elif link.page:
        url = _reverse(link.page, school_id, arrangement.id)
        if url:
            out.append(Target("Change the usual week", url))
    if link.school_page:
        url = _reverse(link.school_page[0], school_id)
        if url:
            out.append(Target(link.school_page[1], url))
    if link.pupil_page:
        url = _reverse(link.pupil_page[0], school_id, arrangement.pupil_id)
        if url:
            out.append(Target(link.pupil_page[1], f"{url}#add"))
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


def is_safety(requirement_id: str) -> bool:
    """A duty about the child's safety: one met by a welfare check (contact with the child, a home visit,
    the response to a missed session). Today puts these first, before breaches and overdue paperwork."""
    link = LINKS.get(requirement_id)
    return link is not None and "welfare_check" in link.events
