"""The case file's vocabulary: the format name and every closed list of values a case file may
use (see /work/shared/spec/case-file.md). Other layers take their choices from here, so the
words a school sees and the words the engine reads are the same."""

from __future__ import annotations

FORMAT = "pathways-case/1"

PACKS = (
    "national",
    "online-learning-packages",
    "return-to-learn",
    "remote-education-offer",
    "special-school-remote",
    "alternative-pathways",
)
SCHOOL_TYPES = ("maintained", "academy", "special", "pru")
SEND = ("none", "sen_support", "ehcp")
VULNERABILITY = ("low", "medium", "high")
PROVIDER_KINDS = (
    "alternative_provision",
    "online_learning",
    "tuition",
    "hospital_education",
    "another_school",
)
REGISTRATIONS = ("registered_school", "unregistered", "online_accredited")
ARRANGED_BY = ("school", "local_authority")
CHECK_TYPES = (
    "registration_checked",
    "staff_checks_confirmed",
    "safeguarding_policy",
    "child_protection_policy_shared",
    "health_and_safety",
    "initial_visit",
    "provider_checklist",
    "commissioning_agreement",
    "quality_review",
    "absence_alert_agreed",
    "identity_checks",
)
ARRANGEMENT_KINDS = (
    "alternative_provision",
    "part_time_timetable",
    "flexi_schooling",
    "online_learning",
    "remote_learning",
    "return_to_learn",
    "off_site_direction",
    "suspension",
    "health_needs",
)
REASONS = (
    "medical",
    "injury",
    "mental_health",
    "ebsa",
    "behaviour",
    "suspension",
    "reintegration",
    "parental_request",
    "exclusion_risk",
    "other",
)
WHERE = ("school", "provider", "online", "home", "another_school", "not_required")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
SESSIONS = ("am", "pm")
ABSENCE_REASONS = (
    "illness",
    "medical_appointment",
    "religious_observance",
    "unknown",
    "unauthorised",
    "study_leave",
    "interview",
    "exceptional",
    "transport_not_arranged",
    "transport_failed",
)
EVENT_TYPES = (
    "parent_consent",
    "parent_request",
    "review_request",
    "parent_information",
    "direction_notice",
    "written_agreement",
    "headteacher_approval",
    "trust_approval",
    "la_approval",
    "trust_consulted",
    "slt_decision",
    "la_notified",
    "social_worker_informed",
    "agencies_informed",
    "governors_informed",
    "attendance_officer_informed",
    "provider_information_shared",
    "plan_agreed",
    "planning_meeting",
    "risk_assessment",
    "reintegration_plan",
    "healthcare_plan",
    "send_plan_updated",
    "behaviour_plan_updated",
    "medical_evidence",
    "support_strategies_started",
    "iss_consulted",
    "iss_referral",
    "consideration_form",
    "student_checklist",
    "induction",
    "equipment_agreement",
    "review",
    "visit",
    "welfare_check",
    "progress_report",
    "provider_report",
    "timetable_review",
    "pupil_views",
    "recording_consent",
    "end",
    "final_report",
)
MEDICAL_EVIDENCE_SOURCES = (
    "consultant",
    "community_paediatrician",
    "camhs_psychiatrist",
    "gp",
    "waiting_list",
)
REVIEW_OUTCOMES = ("satisfactory", "unsatisfactory")
END_OUTCOMES = ("full_time_school", "continued_elsewhere", "other")
WELFARE_CHECK_KINDS = ("phone", "home_visit", "in_person")
# The channels of a contact with the pupil's family (the optional `contacts` list: the school's contact log).
CONTACT_CHANNELS = ("phone", "app_message", "email", "video_call", "face_to_face", "home_visit")
REQUESTED_BY = ("parent", "la")

# The optional fields each event type may carry; any other key on an event is an error.
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "parent_consent": ("written",),
    "parent_request": ("written",),
    "review_request": ("written", "by"),
    "medical_evidence": ("source",),
    "review": ("outcome", "parent_attended"),
    "welfare_check": ("kind",),
    "recording_consent": ("all_parents",),
    "end": ("outcome",),
}
# Optional event fields a case file may carry beyond the format's own (extension keys, docs/policy-engine.md
# "Extension keys"): a home visit's `slt_informed`, the day senior leaders were told of it.
CASE_ONLY_EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "welfare_check": ("slt_informed",),
}

DEFAULT_REGISTER = {
    "am_opens": "08:50",
    "am_closes": "09:20",
    "am_ends": "12:00",
    "pm_opens": "13:15",
    "pm_closes": "13:45",
    "pm_ends": "15:30",
}
