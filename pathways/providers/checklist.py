"""The Annex C checklist, "Choosing a provider. A checklist for schools" (seeds/000, Online Learning
Packages guidance, June 2019, Annex C and §4): quality of education and safeguarding questions, each
answered yes, no or not yet, with the evidence."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    key: str
    section: str
    text: str
    evidence_hint: str = ""


QUALITY = "Quality of education"
SAFEGUARDING = "Safeguarding"
SECTIONS = (QUALITY, SAFEGUARDING)

QUESTIONS: tuple[Question, ...] = (
    Question(
        "quality", QUALITY, "Is the education provided by the supplier of a good quality?",
        "For example: pupils are set work based on current targets and performance, learning is interactive, "
        "work is marked each week and scores provided to school so that progress can be tracked. Are there "
        "processes to make sure teaching is good and regularly monitored?",
    ),
    Question(
        "full_time_package", QUALITY,
        "Can the sessions offered be timetabled as part of a wider package of full-time education?",
        "Where education is not full time it must be evidenced through an EHC plan or medical evidence "
        "(consultant level). Online learning cannot offer a full-time solution: what can the provider cover?",
    ),
    Question(
        "progress_information", QUALITY,
        "How is information on progress, attendance and engagement provided to school?",
        "By what format and how often?",
    ),
    Question(
        "curriculum", QUALITY, "Does the curriculum offered meet the needs of the pupil?",
        "Does it cover the areas offered in school? Is it tailored to the child (ability, SEND)? Say how, "
        "rather than a simple yes.",
    ),
    Question(
        "emotional_social", QUALITY,
        "How are the emotional and social needs of the pupil met through this package of education?",
        "Some providers offer behaviour and PSHE interventions. If social needs cannot be met online, is "
        "another intervention in place?",
    ),
    Question("ofsted", QUALITY, "Has the provider been inspected by Ofsted?"),
    Question(
        "registered_and_policies", SAFEGUARDING,
        "Has the school checked that the provider is registered and that appropriate safeguarding checks and "
        "policies are in place? Is the provider included in the single central record?",
        "Does the school have a copy of the safeguarding policy, as with any other alternative provision?",
    ),
    Question(
        "dbs", SAFEGUARDING,
        "Can the provider evidence that DBS checks have been made as appropriate, or provide an umbrella letter "
        "covering its tutors?",
    ),
    Question(
        "absence_alert", SAFEGUARDING,
        "How quickly, and by what means, is the school alerted to a pupil failing to attend a session?",
        "The provider should contact school within the session the child has not attended.",
    ),
    Question(
        "identity", SAFEGUARDING,
        "How robust are the systems to make sure the pupil is actually accessing the provision? How do we know "
        "the child is in the agreed place and that it is the child who has logged on (for example, IP address "
        "checks)?",
        "Describe the system and how it complies with the school's own safeguarding policy.",
    ),
)
KEYS = tuple(q.key for q in QUESTIONS)

ANSWERS = (("yes", "Yes"), ("no", "No"), ("not_yet", "Not yet"))
ANSWER_LABELS = dict(ANSWERS)


def number(q: Question) -> str:
    """The question as the checklist numbers it: "Safeguarding 3"."""
    return f"{q.section} {[x for x in QUESTIONS if x.section == q.section].index(q) + 1}"


def gaps(answers: dict[str, dict[str, str]]) -> dict[str, str]:
    """{question key: what is missing} for every question without its answer or its evidence. Each
    question asks how, so a "yes" needs its evidence as much as a "no" or "not yet" needs its reason."""
    out: dict[str, str] = {}
    for q in QUESTIONS:
        given = answers.get(q.key) or {}
        answer, note = given.get("answer", ""), (given.get("note") or "").strip()
        if answer not in ANSWER_LABELS:
            out[q.key] = f"{number(q)} ({q.text}): answer yes, no or not yet."
        elif answer == "yes" and not note:
            out[q.key] = f"{number(q)} ({q.text}): give the evidence for the yes."
        elif not note:
            out[q.key] = f"{number(q)} ({q.text}): say why the answer is {ANSWER_LABELS[answer].lower()}, " \
                         "or what happens next."
    return out


def is_complete(answers: dict[str, dict[str, str]]) -> bool:
    return not gaps(answers)


# ----------------------------------------------------------------------------- the printed form

NAME = "Choosing a provider. A checklist for schools"
SOURCE = "Annex C of the online learning guidance (Online Learning Packages, Guidance for Schools, June 2019)"

# Each question as the seed's Annex C words it, with the note in its "Evidence" column (in italics
# there): the printed form is the seed's, while the page asks the same in plainer words (`Question.text`).
SEED_WORDS: dict[str, tuple[str, str]] = {
    "quality": (
        "Is the education provided by the supplier of a good quality?",
        "E.g. students are set work based on current targets and performance, learning is interactive, work is "
        "marked each week and scores provided to school so that progress can be tracked. Are their processes in "
        "place to ensure quality teaching is good and is regularly monitored?",
    ),
    "full_time_package": (
        "Can the sessions offered be timetabled as part of a wider package of full time education? NB where "
        "education is not full time it must be evidenced through EHCP or medical evidence (consultant level)",
        "Online learning cannot offer a full time solution What aspects can be covered by the provider?",
    ),
    "progress_information": (
        "How is information on progress, attendance and engagement provided to school?",
        "By what format and regularity?",
    ),
    "curriculum": (
        "Does the curriculum offered meet the needs of the student?",
        "Does the curriculum cover those areas offered in school? Is the curriculum offer and learning offered "
        "tailored to the needs of the child? E.g. ability, SEND Clarification is needed rather than a simple yes "
        "response",
    ),
    "emotional_social": (
        "How are the emotional and social needs of the student met through this package of education?",
        "Some providers can offer behaviour and PSHE style interventions. It may often be the case that social "
        "needs cannot be met through the online learning but is there another intervention in place that enables "
        "these needs to be met?",
    ),
    "ofsted": ("Has the provider been inspected by Ofsted?", ""),
    "registered_and_policies": (
        "Has the school checked that the provider is registered and that appropriate safeguarding checks and "
        "policies are in place? Is the provider included in the SCR?",
        "Does school have a copy of this policy as with any other AP?",
    ),
    "dbs": (
        "Can the provider evidence that DBS checks have been undertaken as appropriate or provide an umbrella "
        "letter to cover their tutors?",
        "",
    ),
    "absence_alert": (
        "How quickly (and via what means) is the school alerted to a student failing to attend a session?",
        "The provider should contact school within the session that the child has not attended",
    ),
    "identity": (
        "How robust are the systems to ensure that the student is actually accessing the provision? How do we "
        "know that the child is in the agreed location and that it is the child who has logged on? e.g. IP "
        "address checks",
        "Detail the system and how this complies with schools own safeguarding policy",
    ),
}


@dataclass(frozen=True)
class PrintedQuestion:
    number: int
    words: str
    guidance: str
    answer: str
    answer_label: str
    evidence: str


def printed(answers: dict[str, dict[str, str]]) -> list[tuple[str, list[PrintedQuestion]]]:
    """The checklist's sections as the seed lays them out, each question in the seed's words with the
    answer given and its evidence ("Not answered" where there is none)."""
    out: list[tuple[str, list[PrintedQuestion]]] = []
    for section in SECTIONS:
        rows: list[PrintedQuestion] = []
        for q in (q for q in QUESTIONS if q.section == section):
            given = answers.get(q.key) or {}
            answer = given.get("answer", "")
            words, guidance = SEED_WORDS[q.key]
            rows.append(PrintedQuestion(
                number=len(rows) + 1, words=words, guidance=guidance, answer=answer,
                answer_label=ANSWER_LABELS.get(answer, "Not answered"), evidence=(given.get("note") or "").strip(),
            ))
        out.append((section, rows))
    return out
