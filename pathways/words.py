"""Words as staff say them: a code's snake_case word as a label ("la_approval" -> "LA approval"), and
the same inside a sentence ("Record LA approval"). Every layer may use it: it knows no app."""

from __future__ import annotations

import datetime as dt
import re

# Initials staff write in capitals, and the words they use where the code's word is not theirs.
INITIALS = frozenset({"la", "slt", "iss", "send", "sen", "dsl", "senco", "ehcp", "ap", "ptt", "mis", "ta", "dfe",
                      "upn", "lado", "camhs", "dps", "urn", "ukprn", "rtl", "pdf", "csv", "ctf", "gias", "mfa"})
WORDS = {
    "healthcare_plan": "Individual healthcare plan",
    "provider_information_shared": "Information shared with the provider",
    "recording_consent": "Parents' consent to recording",
    "pupil_views": "Pupil's views",
    "dfe_accredited": "DfE-accredited",
    "ehcp": "EHC plan",
    "slt_informed": "Senior leaders told",
}
# Words a school uses for one kind of arrangement only: on Return to Learn the provider's report is the
# supporting teaching assistant's fortnightly report (001 Return to Learn).
KIND_WORDS = {
    ("return_to_learn", "provider_report"): "TA's fortnightly report",
}


def label(word: str, kind: str = "") -> str:
    """`parent_consent` -> "Parent consent"; `la_approval` -> "LA approval"; `iss_consulted` -> "ISS consulted".
    With an arrangement's kind, that kind's own word: ("provider_report", "return_to_learn") ->
    "TA's fortnightly report"."""
    if (kind, word) in KIND_WORDS:
        return KIND_WORDS[(kind, word)]
    if word in WORDS:
        return WORDS[word]
    parts = [p.upper() if p in INITIALS else p for p in word.lower().split("_") if p]
    if not parts:
        return ""
    first = parts[0] if parts[0].isupper() else parts[0].capitalize()
    return " ".join([first, *parts[1:]])


def shown(value: object) -> str:
    """A detail's value as staff read it: yes or no, a date kept as ISO text as "20 January 2026", a code's
    word as its label."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return f"{dt.date.fromisoformat(text):%-d %B %Y}"
    return label(text)


def in_sentence(word: str, kind: str = "") -> str:
    """The label inside a sentence: "Record LA approval", "Record parent consent", "Record ISS referral",
    "Record TA's fortnightly report"."""
    text = label(word, kind)
    head = text.split(" ", 1)[0]
    if head.split("'", 1)[0].isupper() or head in ("DfE-accredited",):
        return text
    return text[:1].lower() + text[1:]


def hours(value: object) -> str:
    """12.0 -> "12 hours"; 1 -> "1 hour"; Decimal("11.50") -> "11.5 hours"; None -> ""."""
    if value is None or value == "":
        return ""
    try:
        number = float(str(value))
    except ValueError:
        return str(value)
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return f"{text} hour" if text == "1" else f"{text} hours"


def sentence(text: object) -> str:
    """A label inside a sentence: "Not registered as a school" -> "not registered as a school", while
    "DfE-accredited online education provider" and "LA approval" keep their capitals."""
    words = str(text or "")
    head = words.split(" ", 1)[0]
    if head[1:] != head[1:].lower() or head.isupper():
        return words
    return words[:1].lower() + words[1:]


def duty(rule_id: object) -> str:
    """A rule's duty in plain words (its title in the requirement catalogue); the id itself when unknown."""
    from pathways.policy.engine import rules

    titles = {r.id: r.title for r in rules()}
    return titles.get(str(rule_id), str(rule_id))


_CATALOGUE = re.compile(r"requirements\.yaml, ([A-Z0-9]+(?:-[A-Z0-9]+)+)")


def cited(source: object) -> str:
    """A parameter's source as staff read it: the requirement catalogue cited by its duty in words, not by
    its file and rule id ("requirements.yaml, NAT-TEN-DAY-ABSENCE" -> "the requirement “Ten school days of
    unauthorised absence reported …”")."""
    return _CATALOGUE.sub(lambda m: f"the requirement “{duty(m.group(1))}”", str(source or ""))


def _template_library() -> object:
    """The filters every template may use without {% load %} (settings TEMPLATES builtins)."""
    from django import template

    library = template.Library()
    library.filter("hours", hours)
    library.filter("sentence", sentence)
    library.filter("duty", duty)
    library.filter("cited", cited)
    return library


register = _template_library()
