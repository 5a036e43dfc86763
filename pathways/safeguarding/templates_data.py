"""The risk assessment templates of the trust's policy, as data: each row as the appendix gives it.

Source: seeds/004 (Our Lady of Lourdes CMAT, Alternative Provision, Part-time Timetables and
Flexi-Schooling policy): Appendix 2 (alternative provision), Appendix 7 (part-time timetables) and
Appendix 8 (flexi-schooling). Each template says it must be adapted for the pupil, so these rows are
only the starting point that `do_start_risk_assessment` copies.

Wording is the appendix's, apart from the bullet marks. Each control measure or action is one line.
Appendix 2 and 8 rate likelihood and impact and have no responsibility column; Appendix 7 has
responsibility and review frequency and no rating. Where the appendix says "Low to Medium (dependent
on the student)" the rating is low_to_medium and the proviso is kept in the hazard's wording.
"""

from __future__ import annotations

from dataclasses import dataclass

ALTERNATIVE_PROVISION = "alternative_provision"
PART_TIME_TIMETABLE = "part_time_timetable"
FLEXI_SCHOOLING = "flexi_schooling"


@dataclass(frozen=True)
class TemplateRow:
    area: str
    hazard: str
    control_measures: str
    likelihood: str = ""
    impact: str = ""
    responsibility: str = ""
    review_frequency: str = ""
    further_actions: str = ""
    # The year groups the row is written for (0 is Reception), where it is phase-specific: phonics is taught
    # from Reception to Year 2 (the phonics screening check is in Year 1, its retake in Year 2).
    years: tuple[int, int] | None = None


@dataclass(frozen=True)
class Template:
    key: str
    name: str
    source: str
    review_schedule: str
    rows: tuple[TemplateRow, ...]
    # Appendix 7 lays its rows out by risk area with responsibility and frequency; 2 and 8 group the
    # rows under "Risk: ..." headings and rate them.
    rated: bool


PHONICS_YEARS = (0, 2)


def _lines(*items: str) -> str:
    return "\n".join(items)


_AP_REVIEW = (
    "Review this risk assessment termly or more frequently if needed. Update control measures as required "
    "based on ongoing assessments and feedback from students, parents, and provision staff."
)

ALTERNATIVE_PROVISION_TEMPLATE = Template(
    key=ALTERNATIVE_PROVISION,
    name="Alternative provision",
    source="Appendix 2 of the trust's policy: Risk Assessment Template for Alternative Provision",
    review_schedule=_AP_REVIEW,
    rated=True,
    rows=(
        TemplateRow(
            area="Travel to and from provision",
            hazard="Risk of accident, injury, or getting lost when travelling",
            likelihood="medium", impact="high",
            control_measures=_lines(
                "Arrange safe transport (e.g., school bus, approved taxi).",
                "Provide students with emergency contact details.",
                "Ensure students understand the travel route and safety rules.",
            ),
            further_actions="Check travel arrangements regularly.",
        ),
        TemplateRow(
            area="Safeguarding and Supervision",
            hazard="Lack of supervision or potential exposure to harm or neglect",
            likelihood="medium", impact="high",
            control_measures=_lines(
                "Alternative provision must meet safeguarding policies and have trained staff.",
                "Ensure DBS checks for all provision staff.",
                "Provide a contact person at both the school and provision.",
            ),
            further_actions="Conduct regular site visits; review safeguarding policies annually.",
        ),
        TemplateRow(
            area="Safeguarding and Supervision",
            hazard="Gaps in safeguarding coverage during periods when students are not at the alternative "
            "provision (part-time provision only).",
            likelihood="medium", impact="high",
            control_measures=_lines(
                "For part-time provision, ensure a clear plan is in place for supervision and safeguarding during "
                "non-provision hours (e.g., designated safe spaces or supervised study areas at school).",
                "Require regular updates on attendance and engagement to monitor time spent in each setting.",
                "Maintain clear protocols for transitions between school and alternative provision to ensure "
                "students are accounted for at all times.",
            ),
            further_actions=_lines(
                "Conduct regular site visits to alternative provision locations.",
                "Review safeguarding policies and procedures annually to ensure they accommodate part-time "
                "provision requirements.",
                "Establish a system for quick reporting and follow-up if students do not arrive as scheduled at "
                "either location.",
            ),
        ),
        TemplateRow(
            area="Safeguarding and Supervision",
            hazard="Increased vulnerability due to SEND, including potential difficulties with communication, "
            "understanding, or navigating the environment independently.",
            likelihood="medium", impact="high",
            control_measures=_lines(
                "Individual Risk Assessment: Conduct a detailed risk assessment tailored to each SEND student, "
                "considering specific needs and potential risks, such as difficulties with travel, supervision, or "
                "transitions.",
                "Staff Training: Ensure that all staff at the alternative provision are trained in supporting "
                "students with SEND, including familiarity with individual needs, communication styles, and "
                "behaviour management strategies.",
                "Personalized Transition Plans: Develop a transition plan for each student with SEND, detailing "
                "steps to ensure safe and supported transitions between school and provision, with supervised "
                "handovers if required.",
                "Specialised Support Staff: Assign a learning support assistant or SEND-trained supervisor to "
                "accompany students with higher needs during transitions or unstructured times, as necessary.",
                "Clear Communication Channels: Provide all relevant SEND information to alternative provision "
                "staff, including medical needs, communication preferences, and any behaviour plans.",
                "Additional Supervision during Non-Provision Hours: For part-time provision, ensure students with "
                "SEND have a designated safe space or supervised area at school during non-provision hours.",
            ),
            further_actions=_lines(
                "Conduct regular site visits to assess if SEND support needs are being met at the alternative "
                "provision.",
                "Schedule termly reviews of each SEND student's experience at the provision with input from school "
                "staff, SEND coordinators, and parents/carers.",
                "Monitor the student's engagement and attendance closely and adjust support plans as necessary.",
            ),
        ),
        TemplateRow(
            area="Attendance and Engagement",
            hazard="Risk of low attendance or lack of engagement with the provision, which could affect academic "
            "progress and social development.",
            likelihood="medium", impact="medium",
            control_measures=_lines(
                "Follow the school's attendance policy",
                "Set up regular attendance monitoring as outlined within this and the Attendance Policy and "
                "communicate with parents/carers regarding any absences.",
                "Implement incentives or support programs to encourage consistent attendance and engagement.",
                "Establish a system of regular feedback from the alternative provision on each student's "
                "engagement and participation.",
            ),
            further_actions=_lines(
                "Schedule regular attendance reviews with parents/carers, school, and provision staff to address "
                "any attendance or engagement concerns early.",
                "Implement a formal attendance monitoring system with specific attendance targets and follow up on "
                "patterns of absence. Following the schools Attendance Policy.",
                "Develop engagement surveys or feedback forms for students to provide insights into their "
                "experiences and suggest areas for improvement.",
            ),
        ),
        TemplateRow(
            area="Behaviour & Conduct",
            hazard="Students may display challenging behaviour in a new environment.",
            likelihood="medium", impact="medium",
            control_measures=_lines(
                "Conduct a behaviour plan tailored for each student.",
                "Brief provision staff on individual needs and strategies.",
                "Establish communication channels to report and manage incidents.",
            ),
            further_actions="Review behaviour incident regularly (at least monthly)",
        ),
        TemplateRow(
            area="Health, Safety, and Environmental Conditions at Alternative Provision",
            hazard="Risk of injury or health issues if the alternative provision lacks adequate health and safety "
            "measures.",
            likelihood="low_to_medium", impact="high",
            control_measures=_lines(
                "Conduct an initial site visit to ensure health and safety standards are met, including fire "
                "safety, first aid availability, and safe facilities.",
                "Require regular updates on health and safety audits from the AP.",
                "Ensure students know health and safety procedures and emergency contacts at the alternative "
                "provision.",
            ),
            further_actions="Require the alternative provision to provide updated health and safety certification, "
            "such as fire drills and first aid training, annually.",
        ),
        TemplateRow(
            area="Health and Medical Needs",
            hazard="Students with medical needs may not receive proper care. (Likelihood dependent on the student.)",
            likelihood="low_to_medium", impact="high",
            control_measures=_lines(
                "Provide the provision with a detailed medical needs list.",
                "Ensure staff are trained in emergency response.",
                "Supply any necessary medication and instructions.",
            ),
            further_actions="Confirm training and resources at the provision; check medical records regularly.",
        ),
        TemplateRow(
            area="Academic and Personal Development",
            hazard="Students may not engage or fall behind academically",
            likelihood="medium", impact="medium",
            control_measures=_lines(
                "Review curriculum and support provided by the alternative provision.",
                "Review how the provision promotes personal development?",
                "Set achievable academic and personal targets.",
                "Ensure regular updates and reports to monitor progress.",
                "Schedule periodic meetings with provision staff, students, and parents/carers to assess academic "
                "progress and adjust goals if needed.",
            ),
            further_actions="Schedule termly review meetings with provision staff, student, and parents/carers – or "
            "half termly depending on the individuals needs",
        ),
        TemplateRow(
            area="Emotional and Mental Wellbeing",
            hazard="Students may feel isolated, anxious, or unsupported.",
            likelihood="medium", impact="high",
            control_measures=_lines(
                "Identify a mentor or key contact for emotional support.",
                "Offer/provide regular check-ins with a familiar staff member.",
                "Review how the provision supports students in-terms of mental health and wellbeing",
                "Provide access to mental health resources, including counselling, if needed.",
            ),
            further_actions="Track attendance and engagement levels, provide extra support if needed.",
        ),
        TemplateRow(
            area="Communication and Information sharing",
            hazard="Lack of information flow between school, provision, and family.",
            likelihood="medium", impact="medium",
            control_measures=_lines(
                "Set up regular communication schedules for updates.",
                "Ensure data protection and information sharing compliance.",
                "Keep parents/carers informed of progress and any concerns.",
            ),
            further_actions="Review communication procedures each term.",
        ),
    ),
)

PART_TIME_TIMETABLE_TEMPLATE = Template(
    key=PART_TIME_TIMETABLE,
    name="Part-time timetable",
    source="Appendix 7 of the trust's policy: Risk Assessment Template for Students on Part-Time Timetables",
    # §4.4 asks for the risk assessment to be reviewed regularly; the pack reads "half-termly".
    review_schedule="Review this risk assessment at least every half-term, and whenever the timetable changes.",
    rated=False,
    rows=(
        TemplateRow(
            area="Safeguarding during absence",
            hazard="Pupil may be at risk during non-school hours when off site.",
            control_measures=_lines(
                "Review/ Confirm safe and supervised environment during non-school hours",
                "Communicate regularly with parents to monitor pupil welfare",
            ),
            responsibility="DSL", review_frequency="Weekly",
        ),
        TemplateRow(
            area="Attendance Tracking",
            hazard="Missed or inaccurate attendance records could lead to safeguarding gaps.",
            control_measures=_lines(
                "Follow schools Attendance Policy",
                "Ensure correct attendance coding is used.",
                "Ensure daily communication if the pupils is absent unexpectedly",
            ),
            responsibility="Attendance Officer/Pastoral Leader/SLT", review_frequency="Daily",
        ),
        TemplateRow(
            area="Educational Continuity",
            hazard="Part-time schedule may disrupt the pupil's routine and support systems.",
            control_measures=_lines(
                "Ensure consistency in schedule and routine.",
                "Schedule regular meetings to assess wellbeing and adjust support as needed.",
            ),
            responsibility="Class Teacher/Pastoral Leader/SLT", review_frequency="Weekly",
        ),
        TemplateRow(
            area="Health & Wellbeing",
            hazard="Part-time schedule may disrupt the pupil's routine and support systems.",
            control_measures=_lines(
                "Ensure consistency in schedule and routine.",
                "Schedule regular meetings to assess wellbeing and adjust support as needed.",
            ),
            responsibility="SENCO / DSL /Pastoral Leader", review_frequency="Bi-weekly",
        ),
        TemplateRow(
            area="Social Isolation",
            hazard="Reduced time on school premises could impact social interactions.",
            control_measures=_lines(
                "Encourage participation in school social activities where possible.",
                "Consider gradual increase in on-site time for social integration.",
            ),
            responsibility="Class Teacher/Pastoral Lead", review_frequency="Monthly",
        ),
        TemplateRow(
            area="Parental Understanding and Cooperation",
            hazard="Parents may not fully understand their role in the arrangement.",
            control_measures=_lines(
                "Hold an initial meeting with parents to outline responsibilities.",
                "Provide written guidance on monitoring and supporting their child's learning at home.",
            ),
            responsibility="Headteacher/SLT", review_frequency="Start of plan; half termly",
        ),
        TemplateRow(
            area="Curriculum Gaps",
            hazard="Gaps in curriculum coverage, especially in core subjects.",
            control_measures=_lines(
                "Develop a curriculum plan",
                "Regularly monitor pupil's understanding and retention of material.",
            ),
            responsibility="Class Teacher", review_frequency="Weekly",
        ),
        TemplateRow(
            area="Phonics Progress",
            hazard="Reduced time in school may hinder phonics development, impacting literacy.",
            control_measures=_lines(
                "Provide phonics materials for home learning.",
                "Arrange regular in-school phonics sessions where possible – e.g. remotely.",
                "Monitor progress in phonics skills.",
            ),
            responsibility="Class Teacher/Literacy Lead", review_frequency="Weekly", years=PHONICS_YEARS,
        ),
        TemplateRow(
            area="Personal Development",
            hazard="Limited school attendance may affect development in social, emotional, and behavioural skills.",
            control_measures="Incorporate activities promoting personal development during on-site hours.",
            responsibility="Pastoral Leads/Class Teacher/SLT", review_frequency="Monthly",
        ),
        TemplateRow(
            area="Pupils with Additional Needs",
            hazard="Insufficient support may not address all learning needs.",
            control_measures=_lines(
                "Ensure resources are suitable for students needs",
                "Consult SENCO for tailored support.",
                "Regularly assess effectiveness with parents and review needs.",
            ),
            responsibility="Class Teacher, SENCO, SLT", review_frequency="Bi-weekly",
        ),
    ),
)

FLEXI_SCHOOLING_TEMPLATE = Template(
    key=FLEXI_SCHOOLING,
    name="Flexi-schooling",
    source="Appendix 8 of the trust's policy: Risk Assessment Template for pupils accessing Flexi-schooling",
    review_schedule=_AP_REVIEW,
    rated=True,
    rows=(
        TemplateRow(
            area="Travel to and from School/Home",
            hazard="Risk of accident, injury, or getting lost when travelling",
            likelihood="medium", impact="high",
            control_measures=_lines(
                "Parents to arrange safe transport (e.g., car, public transport) and discuss safe travel routes "
                "with students.",
                "Provide emergency contact details.",
                "Ensure students understand safety rules.",
            ),
            further_actions="Regularly review travel arrangements with parents.",
        ),
        TemplateRow(
            area="Safeguarding and Supervision",
            hazard="Lack of supervision or safeguarding coverage",
            likelihood="medium", impact="high",
            control_measures=_lines(
                "Parents responsible for supervision during home-based learning.",
                "Clear safeguarding agreement with parents outlining expectations and KCSIE compliance.",
                "Regular check-ins by school staff to ensure safety and well-being.",
            ),
            further_actions="Conduct regular safeguarding reviews to confirm safety protocols are effective.",
        ),
        TemplateRow(
            area="Safeguarding and Supervision",
            hazard="Gaps in safeguarding coverage during transition periods",
            likelihood="medium", impact="high",
            control_measures=_lines(
                "Establish clear communication protocols for handovers between school and home.",
                "Require attendance confirmation for school/home transitions.",
            ),
            further_actions="Review safeguarding protocols to ensure they address flexi-schooling-specific needs.",
        ),
        TemplateRow(
            area="Curriculum Access and Continuity",
            hazard="Gaps in curriculum delivery",
            likelihood="medium", impact="high",
            control_measures=_lines(
                "Share the schools curriculum plan with parents.",
                "Schedule regular progress checks.",
            ),
        ),
        TemplateRow(
            area="Curriculum Access and Continuity",
            hazard="Inconsistent phonics or literacy instruction",
            likelihood="high", impact="high",
            control_measures=_lines(
                "Share with parents the school's phonics program.",
                "Monitor phonics progress regularly.",
            ),
            further_actions="Conduct phonics assessments periodically,", years=PHONICS_YEARS,
        ),
        TemplateRow(
            area="Curriculum Access and Continuity",
            hazard="Lack of social and personal development opportunities",
            likelihood="medium", impact="medium",
            control_measures=_lines(
                "Encourage participation in school-based clubs and activities.",
                "Set personal development goals to track progress in social skills, teamwork, and resilience.",
            ),
            further_actions="Monitoring termly.",
        ),
        TemplateRow(
            area="Assessment and Academic Progress",
            hazard="Academic progress falling behind",
            likelihood="medium", impact="medium",
            control_measures=_lines(
                "Establish regular progress updates and reviews.",
                "Set achievable academic targets.",
            ),
            further_actions="Conduct termly or half-termly reviews based on individual needs.",
        ),
        TemplateRow(
            area="Health, Safety, and Medical Needs",
            hazard="Medical Needs not met",
            likelihood="low_to_medium", impact="high",
            control_measures=_lines(
                "Provide parents with a detailed medical care plan, including emergency procedures.",
                "Ensure medication and instructions are up to date.",
            ),
        ),
        TemplateRow(
            area="Behaviour and Conduct",
            hazard="Inconsistent behaviour expectations",
            likelihood="medium", impact="high",
            control_measures=_lines(
                "Share the school's behaviour policy with parents.",
                "Establish feedback channels for behaviour issues.",
            ),
            further_actions="Schedule termly or half termly behaviour reviews",
        ),
        TemplateRow(
            area="Emotional and Mental Wellbeing",
            hazard="Risk of isolation or lack of emotional support",
            likelihood="medium", impact="high",
            control_measures=_lines(
                "Identify a mentor or contact at school for regular emotional check-ins.",
                "Offer access to mental health resources and support services if needed.",
            ),
            further_actions="Track engagement and emotional well-being regularly; provide additional support as "
            "needed.",
        ),
        TemplateRow(
            area="Communication and Information sharing",
            hazard="Lack of effective information flow",
            likelihood="medium", impact="medium",
            control_measures=_lines(
                "Set up regular communication schedules to update parents on progress.",
                "Ensure data sharing complies with data protection policies.",
                "Keep parents informed of curriculum, attendance, and any concerns.",
            ),
            further_actions="Review communication procedures termly and update as needed.",
        ),
    ),
)

TEMPLATES: dict[str, Template] = {
    t.key: t for t in (ALTERNATIVE_PROVISION_TEMPLATE, PART_TIME_TIMETABLE_TEMPLATE, FLEXI_SCHOOLING_TEMPLATE)
}

# The template a new risk assessment starts from, by the arrangement's kind. A placement or an
# off-site direction is at a provider (Appendix 2); arrangements where the pupil is at home for
# part of the week start from the part-time timetable's rows (Appendix 7); flexi-schooling has its own.
TEMPLATE_FOR_KIND = {
    "alternative_provision": ALTERNATIVE_PROVISION,
    "off_site_direction": ALTERNATIVE_PROVISION,
    "part_time_timetable": PART_TIME_TIMETABLE,
    "flexi_schooling": FLEXI_SCHOOLING,
    "online_learning": PART_TIME_TIMETABLE,
    "remote_learning": PART_TIME_TIMETABLE,
    "return_to_learn": PART_TIME_TIMETABLE,
    "suspension": PART_TIME_TIMETABLE,
    "health_needs": PART_TIME_TIMETABLE,
}


def template_for_kind(kind: str) -> str:
    return TEMPLATE_FOR_KIND.get(kind, ALTERNATIVE_PROVISION)
