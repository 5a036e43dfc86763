"""The policies' forms that a duty reads, as data: each question as the seed's template asks it.

Sources: seeds/004 (the trust's Alternative Provision, Part-time Timetables and Flexi-Schooling policy)
Appendix 1a (consideration form), 5 (visits to the provision) and 6 (progress report for parents); and
seeds/000 (online learning guidance) Annex B (individual healthcare plan) and Annex E (student
checklist for online learning). Pupil views have no template in the seeds: the record asks what the
consideration form asks of "Student Voice" and how the views were gathered.

A record of one of these types (`TEMPLATES`, by chronology entry type) is kept with its entry
(`EventRecord`): the entry meets its duty only with a record whose required answers are all given.
The header lines every template opens with (the student's name, the school, "SEND/ FSM/ LAC/ PP")
are filled from Pathways' own records when the form prints, and are not asked again.

Kinds of answer: "line" (one line), "text" (a box), "yes_no", "agree" (agree or disagree), and
"checklist" items: each with the person responsible and whether it is done (Annex E adds the date
by which it is completed).
"""

from __future__ import annotations

from dataclasses import dataclass, field

LINE, TEXT, YES_NO, AGREE = "line", "text", "yes_no", "agree"


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    kind: str = TEXT
    required: bool = True
    hint: str = ""
    section: str = ""


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    activity: str


@dataclass(frozen=True)
class RecordTemplate:
    event_type: str
    name: str
    source: str
    questions: tuple[Question, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()
    # Annex E asks by when each item is completed; Annex D only who and whether.
    checklist_dates: bool = False
    # The lines of the template's heading that Pathways fills from its records, in the template's order.
    header: tuple[str, ...] = ("student", "school", "needs")
    notes: tuple[str, ...] = field(default=())

    def question(self, key: str) -> Question:
        return next(q for q in self.questions if q.key == key)


def _q(key: str, label: str, kind: str = TEXT, *, required: bool = True, hint: str = "", section: str = "") -> Question:
    return Question(key, label, kind, required, hint, section)


CONSIDERATION_FORM = RecordTemplate(
    event_type="consideration_form",
    name="Alternative provision consideration form",
    source="Appendix 1a of the trust's policy: Alternative Provision consideration form",
    questions=(
        _q("senior_leader", "Name of senior leader", LINE),
        _q("director", "Director of Performance and Standards", LINE),
        _q("agencies", "External agencies involved", LINE, hint="Write \u201cNone\u201d if no agency is involved."),
        _q("previous_information", "Any previous relevant information about the student"),
        _q("reasons", "State the reasons why AP or home tutoring is appropriate"),
        _q("costs", "Outline the full costs of the AP or home tutoring and how these costs are going to be met by "
                    "the school"),
        _q("parent_meeting", "Comments from the initial parent meeting"),
        _q("student_voice", "Student voice about the AP or home tutoring"),
        _q("parental_agreement", "Parental agreement", AGREE),
        _q("headteacher_agreement", "Headteacher agreement", LINE,
           hint="The headteacher's name, as they sign the form."),
    ),
)

HEALTHCARE_PLAN = RecordTemplate(
    event_type="healthcare_plan",
    name="Individual healthcare plan",
    source="Annex B of the online learning guidance: Template A, individual healthcare plan",
    header=("school", "student", "group", "date_of_birth"),
    questions=(
        _q("address", "Child's address", section="The child"),
        _q("condition", "Medical diagnosis or condition", section="The child"),
        _q("review_date", "Review date", LINE, section="The child", hint="For example, 27 March 2027."),
        _q("family_1", "Family contact 1: name, relationship to child, phone numbers (work, home, mobile)",
           section="Family contact information"),
        _q("family_2", "Family contact 2: name, relationship to child, phone numbers (work, home, mobile)",
           required=False, section="Family contact information"),
        _q("clinic", "Clinic or hospital contact: name and phone number", section="Clinic/Hospital contact"),
        _q("gp", "GP: name and phone number", LINE, section="G.P."),
        _q("support_by", "Who is responsible for providing support in school", LINE, section="Support in school"),
        _q("medical_needs", "Describe medical needs and give details of child's symptoms, triggers, signs, "
                            "treatments, facilities, equipment or devices, environmental issues etc.",
           section="Support in school"),
        _q("medication", "Name of medication, dose, method of administration, when to be taken, side effects, "
                         "contra-indications, administered by/self-administered with/without supervision",
           section="Support in school", hint="Write \u201cNone\u201d if the child takes no medication."),
        _q("daily_care", "Daily care requirements", section="Support in school"),
        _q("educational_support", "Specific support for the pupil's educational, social and emotional needs",
           section="Support in school"),
        _q("visits_trips", "Arrangements for school visits/trips etc.", required=False, section="Support in school"),
        _q("other", "Other information", required=False, section="Support in school"),
        _q("emergency", "Describe what constitutes an emergency, and the action to take if this occurs",
           section="Emergencies"),
        _q("emergency_responsible", "Who is responsible in an emergency (state if different for off-site "
                                    "activities)", section="Emergencies"),
        _q("developed_with", "Plan developed with", LINE, section="The plan"),
        _q("training", "Staff training needed/undertaken \u2013 who, what, when", section="The plan"),
        _q("copied_to", "Form copied to", LINE, required=False, section="The plan"),
    ),
)

STUDENT_CHECKLIST = RecordTemplate(
    event_type="student_checklist",
    name="Student checklist for online learning",
    source="Annex E of the online learning guidance: Student checklist for online learning",
    header=("student",),
    checklist_dates=True,
    checklist=(
        ChecklistItem("planning_meeting", "Planning meeting held to consider objectives and outcomes from the "
                                          "provision and determine the package of full time provision available "
                                          "to the student"),
        ChecklistItem("parent_plan", "Parent provided with plan for provision and timetable"),
        ChecklistItem("reviews_calendared", "Review meetings calendared"),
        ChecklistItem("reintegration", "Plans for reintegration are discussed or if not appropriate then there is "
                                       "clarity that when assessment identifies a change in circumstance that "
                                       "reintegration will be planned for"),
        ChecklistItem("attendance_officer", "Attendance officer alerted to the new provision"),
        ChecklistItem("provider_information", "Provider given assessment and curriculum information"),
        ChecklistItem("induction", "Induction session undertaken to ensure that the student has IT access and "
                                   "understands how to use the programme"),
        ChecklistItem("acceptable_use", "Parent informed of acceptable use policy for the IT equipment if this "
                                        "has been provided"),
        ChecklistItem("welfare_checks", "Parent and student understand when welfare checks will occur. These are "
                                        "logged by school"),
        ChecklistItem("agencies", "Other agencies such as CSC informed if appropriate"),
    ),
)

VISIT = RecordTemplate(
    event_type="visit",
    name="Visit to the alternative provision",
    source="Appendix 5 of the trust's policy: Visits to the Alternative Provision",
    notes=("Please note it is important to record any updates on CPOMS for these pupils.",),
    questions=(
        _q("senior_leader", "Name of senior leader", LINE),
        _q("director", "Director of Performance and Standards", LINE),
        _q("agencies", "External agencies involved", LINE, hint="Write \u201cNone\u201d if no agency is involved."),
        _q("safeguarding", "Safeguarding concerns", hint="Write \u201cNone\u201d if there are none."),
        _q("attendance", "Attendance"),
        _q("behaviour_pastoral", "Behaviour and pastoral update"),
        _q("curriculum_progress", "Curriculum and academic progress"),
        _q("qualifications", "Qualifications and preparation for the next stages of education"),
        _q("comments", "Additional comments", required=False),
        _q("signed_senior_leader", "Senior leader", LINE, section="Signed"),
        _q("signed_headteacher", "Headteacher", LINE, section="Signed"),
    ),
)

PROGRESS_REPORT = RecordTemplate(
    event_type="progress_report",
    name="Progress report for parents and carers",
    source="Appendix 6 of the trust's policy: Progress Report \u2013 for Parents/ Carers",
    questions=(
        _q("senior_leader", "Name of senior leader", LINE),
        _q("director", "Director of Performance and Standards", LINE),
        _q("tutor_contact", "AP/ personal tutor contact", LINE),
        _q("attendance", "Attendance"),
        _q("pastoral", "Pastoral"),
        _q("curriculum", "Curriculum"),
        _q("next_steps", "Next steps in their education"),
        _q("targets", "Targets"),
        _q("signed_senior_leader", "Senior leader", LINE, section="Signed"),
        _q("signed_headteacher", "Headteacher", LINE, section="Signed"),
    ),
)

PUPIL_VIEWS = RecordTemplate(
    event_type="pupil_views",
    name="Pupil views",
    source="The pupil's voice, as Appendix 1a (\u201cStudent Voice\u201d) and the policy's reviews ask for it",
    header=("student", "school"),
    questions=(
        _q("how_gathered", "How the views were gathered and by whom", LINE,
           hint="For example: spoke with the pupil at the provision, with their tutor present."),
        _q("views", "What the pupil said, in their words where possible"),
        _q("response", "What the school will do in response", required=False),
    ),
)

# Appendix 1b is the record of a check of the provider (`initial_visit`), not of an entry of one pupil's
# chronology: the visit is to the provision, and the rules read it as the provider's check. Its
# heading (the provider, the date of the visit, the provider's registration) is filled from Pathways'
# records.
INITIAL_VISIT_REPORT = RecordTemplate(
    event_type="initial_visit",
    name="Report from professionals' initial visit to provision",
    source="Appendix 1b of the trust's policy: Report from Professionals' Initial Visit to Provision",
    header=("provider", "date", "registration"),
    questions=(
        _q("visiting_staff", "Name of school staff visiting the provision", LINE),
        _q("provision_contact", "Contact staff member at the provision and contact details", LINE),
        _q("safeguarding", "Check the safeguarding arrangements and procedures in the alternative provision and "
                           "discuss arrangements to continue checking that the alternative provision is a safe "
                           "place for the student"),
        _q("curriculum", "Check the extent to which the pupil will benefit from the curriculum that is on offer at "
                         "the alternative provision. Do you have a clear understanding of the curriculum they will "
                         "receive?"),
        _q("next_stage", "How are they being prepared for the next stage in their education and training?"),
        _q("qualifications", "What qualifications will they receive?",
           hint="Write \u201cNone\u201d if the provision offers no qualification."),
        _q("other", "Any other information", required=False),
        _q("dps_feedback", "Feedback and authorisation given by DPS", required=False,
           hint="The trust's link DPS's feedback, once given. Their approval of the provider is recorded as the "
                "trust's approval of the arrangement."),
    ),
)
# The checks of the provider recorded with a form, by check type.
CHECK_TEMPLATES: dict[str, RecordTemplate] = {INITIAL_VISIT_REPORT.event_type: INITIAL_VISIT_REPORT}

TEMPLATES: dict[str, RecordTemplate] = {t.event_type: t for t in (
    CONSIDERATION_FORM, HEALTHCARE_PLAN, STUDENT_CHECKLIST, VISIT, PROGRESS_REPORT, PUPIL_VIEWS,
)}
# The chronology entries that count only with their complete record.
STRUCTURED_TYPES = frozenset(TEMPLATES)

AGREE_CHOICES = [("agree", "Agree"), ("disagree", "Disagree")]
YES_NO_CHOICES = [("yes", "Yes"), ("no", "No")]


def item_keys(item: ChecklistItem, template: RecordTemplate) -> tuple[str, ...]:
    keys = [f"{item.key}__person", f"{item.key}__done"]
    if template.checklist_dates:
        keys.insert(1, f"{item.key}__by")
    return tuple(keys)


def missing(template: RecordTemplate, answers: dict[str, str]) -> list[tuple[str, str]]:
    """(answer key, what is missing) for every required answer not given, in the form's order. A checklist
    item needs the person responsible and whether it is done (and, in Annex E, by when)."""
    out: list[tuple[str, str]] = []
    for q in template.questions:
        if q.required and not str(answers.get(q.key, "")).strip():
            out.append((q.key, q.label))
    for n, item in enumerate(template.checklist, 1):
        for key in item_keys(item, template):
            if not str(answers.get(key, "")).strip():
                what = {"person": "person responsible", "by": "completed by (date)", "done": "completed"}[
                    key.rsplit("__", 1)[1]]
                out.append((key, f"Item {n}: {what}"))
    return out


def is_complete(event_type: str, answers: dict[str, str] | None) -> bool:
    template = TEMPLATES.get(event_type) or CHECK_TEMPLATES.get(event_type)
    return template is not None and answers is not None and not missing(template, answers)
