"""The demo's forms: what a school writes on each template (record_templates.py) for a pupil, so that an
entry the demo says was done is a complete record, as a school would have to make it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pathways.arrangements.models import Arrangement
from pathways.arrangements.record_templates import AGREE, LINE, TEMPLATES, YES_NO, item_keys


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.username)


def demo_answers(arrangement: Arrangement, event_type: str, day: dt.date, note: str, staff: dict[str, Any],
                 ) -> dict[str, str]:
    """Every answer of the template, worded for this pupil and day (the note, when the demo gives one)."""
    template = TEMPLATES[event_type]
    pupil = arrangement.pupil
    first = pupil.first_name
    provider = arrangement.provider.name if arrangement.provider else "the school"
    lead, head = _name(staff["lead"]), _name(staff["head"])
    said = note or f"Recorded on {day:%-d %B %Y}."
    words: dict[str, str] = {
        "senior_leader": lead, "director": "Director of Performance and Standards (the trust)",
        "agencies": "Early Help" if pupil.looked_after or pupil.social_worker else "None",
        "previous_information": f"{first}'s attendance and engagement fell this year; support in school tried first.",
        "reasons": f"A placement at {provider} gives {first} the practical course and small groups school cannot.",
        "costs": "Funded from the school's alternative provision budget; transport by the school's approved taxi.",
        "parent_meeting": f"Parent supports the placement and asked for a weekly update. {said}",
        "student_voice": f"{first} wants to try the placement and asked to keep English and maths in school.",
        "parental_agreement": "agree", "headteacher_agreement": head,
        "address": "As held on the school's records.", "condition": said,
        "review_date": f"{day + dt.timedelta(weeks=12):%-d %B %Y}",
        "family_1": "Parent (mother), mobile as held on the school's records.",
        "clinic": "The treating hospital's clinic, number as held on the school's records.",
        "gp": "The family's GP, number as held on the school's records.", "support_by": lead,
        "medical_needs": said, "medication": "None in school hours.",
        "daily_care": "Rest breaks when tired; lift pass; ground-floor rooms.",
        "educational_support": "Work set online each day, marked weekly; a check-in with the form tutor.",
        "emergency": "Sudden pain or breathlessness: call 999, then the parent.",
        "emergency_responsible": f"{lead}; off site, the member of staff leading the activity.",
        "developed_with": "Parent, pupil and the school nurse.",
        "training": "First-aid-trained staff briefed by the school nurse at the start of the arrangement.",
        "safeguarding": "None raised by the provider or seen on the visit.",
        "attendance": f"Attending as timetabled at {provider}; absences followed up the same day.",
        "behaviour_pastoral": f"Settled; {first} gets on well with the tutor. {said}",
        "curriculum_progress": "Working towards the course's first unit; English and maths continue in school.",
        "qualifications": "Level 1 certificate on track; careers interview booked.",
        "signed_senior_leader": lead, "signed_headteacher": head, "tutor_contact": f"The tutor at {provider}",
        "pastoral": f"Settled and engaged. {said}", "curriculum": "Work completed each week and marked.",
        "next_steps": "Continue the placement; plan the return to full time in school at the next review.",
        "targets": "Attend every session; complete the first unit by the end of the half-term.",
        "how_gathered": f"Spoke with {first} in school with the form tutor present.",
        "views": note or f"{first} said the arrangement is going well and wants to keep it as it is.",
    }
    answers: dict[str, str] = {}
    for q in template.questions:
        if q.kind == AGREE:
            answers[q.key] = "agree"
        elif q.kind == YES_NO:
            answers[q.key] = "yes"
        elif q.key in words:
            answers[q.key] = words[q.key] if q.kind != LINE else words[q.key].splitlines()[0][:200]
    for item in template.checklist:
        for key in item_keys(item, template):
            answers[key] = {"person": lead, "by": day.isoformat(), "done": "yes"}[key.rsplit("__", 1)[1]]
    return answers


def demo_visit_report(provider: Any, visitor: Any) -> dict[str, str]:
    """Appendix 1b, the report of the initial visit to the provision, as the visiting member of staff writes it."""
    return {
        "visiting_staff": _name(visitor),
        "provision_contact": f"{provider.contact_name or 'The manager'}, {provider.contact_phone or 'number on file'}",
        "safeguarding": "Designated safeguarding lead met; staff checks and the safeguarding policy seen; a visit "
                        "each half-term agreed to keep checking that the provision is safe.",
        "curriculum": "Practical land-based course with English and maths alongside; clear weekly plan seen.",
        "next_stage": "Careers guidance each term; links with the local college's land-based courses.",
        "qualifications": "Level 1 certificate in land-based studies.",
    }


def demo_checklist(provider: Any) -> dict[str, dict[str, str]]:
    """Annex C, each question answered with its evidence, as the school finds it for this provider."""
    evidence = {
        "quality": "Sample lessons observed; work set to current targets and marked weekly, scores sent to school.",
        "full_time_package": "Mornings online, afternoons in school: a full-time package across the week.",
        "progress_information": "A weekly progress and attendance report by e-mail; engagement in each session.",
        "curriculum": "English, maths and science at the pupil's level; SEND adjustments agreed with the SENCo.",
        "emotional_social": "A weekly mentor session online; social time in school in the afternoons.",
        "ofsted": "Accredited online school; its latest inspection report is kept with the provider's file.",
        "registered_and_policies": "Registration confirmed; safeguarding policy on file; tutors on our SCR.",
        "dbs": "Umbrella letter confirming enhanced DBS checks for every tutor, kept on file.",
        "absence_alert": "The provider phones the attendance officer within the session the pupil misses.",
        "identity": "Camera on at log-in and IP address checks against the pupil's home address.",
    }
    return {key: {"answer": "yes", "note": note} for key, note in evidence.items()}


def demo_planning(people: dict[str, str]) -> dict[str, dict[str, str]]:
    """Annex D, the school's planning checklist for an online learning provider, every activity completed,
    each with the member of staff responsible (`people`: role -> "name, role")."""
    who = {
        "attendance_alerts": "attendance", "register_coding": "attendance", "absence_action": "dsl",
        "it_equipment": "aplead", "induction": "aplead", "initial_meeting": "aplead", "reintegration": "aplead",
        "curriculum_data": "senco", "welfare_checks": "dsl", "quality_and_governors": "head",
        "cp_policy_to_provider": "dsl", "attendance_medical_policy": "head", "cp_policy_update": "dsl",
    }
    notes = {
        "absence_action": "The provider phones the attendance officer within the session; the DSL decides on a "
                          "call or a home visit the same day, by the pupil's vulnerability.",
        "welfare_checks": "Weekly for most pupils; twice a week for a pupil with a social worker.",
    }
    return {key: {"person": people[role], "done": "yes", "note": notes.get(key, "")} for key, role in who.items()}
