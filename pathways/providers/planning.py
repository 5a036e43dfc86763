"""Annex D, "Online learning planning checklist - school use" (seeds/000, Online Learning Packages
guidance for schools, June 2019, Annex D and §5): the school's planning sheet for the processes it
sets up before using an online learning provider. Thirteen required activities, in the seed's words,
each with the person responsible and whether it is completed.

It is the school's plan and clears no duty by itself: the rules that cite it (OLP-CP-POLICY,
OLP-INDUCTION, OLP-REVIEWS, OLP-GOVERNORS) read their own evidence (the provider's
child_protection_policy_shared check, the induction, review and governors_informed entries).
"""

from __future__ import annotations

from dataclasses import dataclass

NAME = "Online learning planning checklist - school use"
SOURCE = "Annex D of the online learning guidance (Online Learning Packages, Guidance for Schools, June 2019)"


@dataclass(frozen=True)
class Activity:
    key: str
    text: str

    @property
    def number(self) -> int:
        """Its number on the checklist, from 1."""
        return KEYS.index(self.key) + 1


ACTIVITIES: tuple[Activity, ...] = (
    Activity("attendance_alerts", "Identify member of staff to receive attendance alerts"),
    Activity("register_coding", "Clarify responsibility for accurately coding the attendance register based on "
                                "point 1"),
    Activity("absence_action", "Agree action on receipt of an absence notification. How is this monitored?"),
    Activity("it_equipment", "Ensure that the student has appropriate IT equipment. If not and this is supplied "
                             "by school ensure that parent allows access only during supervised online learning "
                             "sessions"),
    Activity("induction", "Agree member of staff responsible for the initial induction meeting needed to "
                          "demonstrate the system to the student"),
    Activity("initial_meeting", "Agree staff member responsible for the initial meeting with parent and student "
                                "to agree the package (objectives etc. as in a direction process) and to review "
                                "at regular intervals (in line with frequency of other AP)"),
    Activity("reintegration", "Agree staff member responsible for identifying when reintegration is needed and "
                              "the plan for this"),
    Activity("curriculum_data", "Agree format and staff member responsible for providing the assessment and "
                                "curriculum data to the online provider"),
    Activity("welfare_checks", "Agree appropriate frequency of welfare checks and staff responsible based on the "
                               "known vulnerabilities of the child"),
    Activity("quality_and_governors", "Agree a member of staff overall in charge of ensuring that the quality of "
                                      "both education and safeguarding remain appropriate and that reports to the "
                                      "Governing Board around AP include this provider information"),
    Activity("cp_policy_to_provider", "Supply the provider with school CP policy and KCSIE part 1 and agree a "
                                      "safeguarding expectation between school and provider"),
    Activity("attendance_medical_policy", "Update school attendance and medical policy to clarify that online "
                                          "learning is sometimes used and when it may be used"),
    Activity("cp_policy_update", "Update CP/ Safeguarding policy to indicate that the provision is used and the "
                                 "safeguards in place. This would relate to welfare checks undertaken and systems "
                                 "to chase absence"),
)
KEYS = tuple(a.key for a in ACTIVITIES)
DONE = (("yes", "Yes"), ("no", "No"))
DONE_LABELS = dict(DONE)

# What each rule citing Annex D reads instead (requirements.yaml): shown with the checklist, so that
# nobody takes a "yes" here for the duty met.
CITED_BY = (
    ("OLP-CP-POLICY", 11, "the provider check \u201cOur child protection policy shared\u201d"),
    ("OLP-INDUCTION", 5, "the induction entry in the pupil's chronology"),
    ("OLP-REVIEWS", 6, "the review entries in the pupil's chronology"),
    ("OLP-GOVERNORS", 10, "the entry recording that the governors were informed"),
)


def number(key: str) -> int:
    return KEYS.index(key) + 1


def clean_items(items: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Every activity, with its person responsible, done (yes, no or blank when not said) and note, trimmed."""
    out: dict[str, dict[str, str]] = {}
    for a in ACTIVITIES:
        given = items.get(a.key) or {}
        out[a.key] = {"person": (given.get("person") or "").strip(), "done": given.get("done") or "",
                      "note": (given.get("note") or "").strip()}
    return out


def gaps(items: dict[str, dict[str, str]]) -> dict[str, str]:
    """{activity key: what is missing}: an activity not said to be completed or not, and one marked
    completed that does not say who is responsible (an activity marked done must say who)."""
    out: dict[str, str] = {}
    for a in ACTIVITIES:
        given = items.get(a.key) or {}
        done, person = given.get("done") or "", (given.get("person") or "").strip()
        if done not in DONE_LABELS:
            out[a.key] = f"Activity {number(a.key)} ({a.text}): say whether it is completed, yes or no."
        elif done == "yes" and not person:
            out[a.key] = f"Activity {number(a.key)} ({a.text}): it is marked completed, so give the person " \
                         "responsible."
    return out


def remaining(items: dict[str, dict[str, str]]) -> list[Activity]:
    """The activities not yet completed, in the checklist's order."""
    return [a for a in ACTIVITIES if (items.get(a.key) or {}).get("done") != "yes"]
