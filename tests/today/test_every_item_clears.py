"""Every Today item can be cleared by the action it offers, or says who must act and why (issue 15).

Over every rule id of the packs (the registry, which requirements.yaml lists):

1. From generated cases (the policy tests' case files and examples, and the condition walks with each
   condition removed), each rule's unmet and due findings; for each, the evidence the action Today
   offers for it (pathways/arrangements/requirement_links.py, the first target: the entry, with its
   preset details, or the provider's check) added to the case on its day clears that finding. A finding
   the provider must put right (requirement_links.OTHERS_ACT) instead says who and why, and is not
   cleared by the school's entry.
2. Through the web app, each entry and check those actions link to: the offered form, filled in and
   sent by the member of staff whose form it is, records the entry or check the case file then gives
   the rules (an entry with a form counts only complete; a risk assessment only written and signed off).
3. The rule ids whose action is a page whose content decides (the usual week, the approval) or that by
   nature offer no action are listed below with the reason staff are shown; a rule id added to the packs
   and in none of these lists fails the test.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml
from django import forms

from pathways.arrangements.requirement_links import LINKS, OTHERS_ACT, others_act, targets_for
from pathways.cases.casefiles import case_for
from pathways.policy import evaluate, parse_case
from pathways.policy.engine.registry import REGISTRY, import_packs
from pathways.policy.errors import PolicyError
from pathways.safeguarding.models import RiskAssessment
from pathways.schools.actions import do_update_school
from tests.arrangements.helpers import make_arrangement, week
from tests.policy.condition_walks_local import LOCAL_WALKS
from tests.policy.condition_walks_national import NATIONAL_WALKS
from tests.providers.helpers import make_provider

POLICY_TESTS = Path(__file__).resolve().parents[1] / "policy"

# Offer a page whose content decides whether the duty is met: the form is tested with its page.
PAGE_DECIDES = {
    "NAT-SUSPENSION-DAY6": "the usual week (tests/arrangements/test_records_pages.py)",
    "OLP-FULL-TIME-PACKAGE": "the usual week",
    "RTL-PHASED-INCREASE": "the usual week and its steps",
    "REM-NEXT-DAY": "the usual week",
    "REM-HOURS": "the usual week",
    "FLX-HEADTEACHER-APPROVAL": "the approval (tests/arrangements/test_approvals.py)",
    "RTL-RECORDING-RETENTION": "the register of live lessons and recordings (tests/remote)",
    "REM-LIVE-LESSON-SAFETY": "the register of live lessons and recordings (tests/remote)",
    "REM-LEAD": "the remote education offer (tests/remote/test_offer.py)",
    "REM-AUDIT": "the planning and audit tool (tests/remote/test_offer.py)",
    "REM-DEVICE-ACCESS": "the family device survey (tests/remote/test_survey.py)",
    "MIL-HOME-VISITS": "the pupil's contact log, senior leaders told (tests/remote/test_contacts.py)",
}
# Details the offered form asks staff to choose, as a school meeting the duty chooses them.
CHOSEN = {"medical_evidence": {"source": "consultant"}}  # the form's choices: a GP note is not adequate


def _no_action() -> dict[str, str]:
    """The rule ids that by nature offer no action, with the reason staff are shown."""
    return {rid: link.reason for rid, link in LINKS.items() if not link.has_target}


def _generated_cases() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted([*POLICY_TESTS.glob("cases/**/*.yaml"), *POLICY_TESTS.glob("examples/*.yaml")]):
        data = yaml.safe_load(path.read_text())
        if isinstance(data, dict) and "as_of" in data:
            data.pop("expect", None)
            out.append((path.stem, data))
    for walk in [*NATIONAL_WALKS, *LOCAL_WALKS]:
        for condition in walk.conditions:
            case = copy.deepcopy(walk.base)
            condition.remove(case)
            out.append((f"{walk.rule_id}-without-{condition.name}", case))
    return out


def _findings(case: dict[str, Any]) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = defaultdict(list)
    for r in evaluate(parse_case(case)).requirements:
        if r.status in ("unmet", "due"):
            found[r.id].append(r)
    return found


def _with_the_offered_evidence(case: dict[str, Any], rid: str, finding: Any) -> dict[str, Any] | None:
    """The case with what the first action Today offers for `rid` records, on the day the finding names
    (its due date, if passed: the day of the missed session, the contact not made) or else on the case's
    day; None when the action is not an entry or a check."""
    link = LINKS[rid]
    as_of = dt.date.fromisoformat(str(case["as_of"]))
    on = str(finding.due if finding.due is not None and finding.due <= as_of else as_of)
    out = copy.deepcopy(case)
    if link.events:
        event_type = link.events[0]
        details = {k: (True if v == "yes" else v) for k, v in link.fields.items()}
        details.update(CHOSEN.get(event_type, {}))
        out.setdefault("events", []).append({"date": on, "type": event_type, **details})
        return out
    if link.checks and out.get("provider"):
        out["provider"].setdefault("checks", []).append({"type": link.checks[0], "date": on})
        return out
    return None


def test_every_rule_id_is_covered_by_an_action_a_page_or_a_reason() -> None:
    import_packs()
    ids = set(REGISTRY)
    no_action = _no_action()
    assert all(no_action.values()), "a rule with no action must say why"
    acting = {rid for rid, link in LINKS.items() if link.events or link.checks}
    uncovered = ids - acting - set(PAGE_DECIDES) - set(no_action)
    assert not uncovered, f"rule ids Today offers nothing for and gives no reason: {sorted(uncovered)}"
    assert not set(PAGE_DECIDES) - ids and not set(no_action) - ids


def test_following_the_offered_action_clears_each_generated_finding() -> None:
    import_packs()
    cases = _generated_cases()
    cleared: dict[str, int] = defaultdict(int)
    others: dict[str, int] = defaultdict(int)
    stays: dict[str, list[str]] = defaultdict(list)
    problems: list[str] = []
    for name, case in cases:
        try:
            before = _findings(case)
        except PolicyError:  # a case file of a "cannot judge" or refused-file test
            continue
        for rid, findings in before.items():
            if rid in PAGE_DECIDES or rid in _no_action():
                continue
            for f in findings:
                after_case = _with_the_offered_evidence(case, rid, f)
                if after_case is None:
                    continue
                after = {r.message for r in _findings(after_case).get(rid, [])}
                if others_act(rid, f.message) is not None:
                    others[rid] += 1
                    if f.message not in after:
                        problems.append(f"{name}: {rid} '{f.message}' is the provider's, yet the school cleared it")
                elif f.message in after:
                    stays[rid].append(f"{name}: '{f.message}'")
                else:
                    cleared[rid] += 1
    assert not problems, "\n".join(problems[:40])
    acting = {rid for rid, link in LINKS.items() if (link.events or link.checks)} - set(PAGE_DECIDES)
    never = sorted(rid for rid in acting if not cleared[rid] and not others[rid])
    assert not never, "\n".join(f"{rid}: no finding cleared by its action; {stays[rid][:3]}" for rid in never)
    assert set(OTHERS_ACT) <= set(others)


# ----------------------------------------------------------------------------- through the web app

MONDAY = dt.date(2026, 1, 5)


def _filled_in(form: forms.BaseForm, today: dt.date) -> dict[str, Any]:
    """What a member of staff types into each field of the form: every answer given, in full."""
    data: dict[str, Any] = {}
    dates = 0
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        initial = form.get_initial_for_field(field, name)
        if isinstance(field, forms.FileField):
            continue
        if isinstance(field, forms.DateField):  # the day it was done; any later date (expiry, review) a year on
            dates += 1
            default = today if dates == 1 else today + dt.timedelta(days=365)
            data[key] = (initial if isinstance(initial, dt.date) else default).isoformat()
        elif isinstance(field, forms.BooleanField):
            data[key] = "on"
        elif isinstance(field, forms.MultipleChoiceField):
            data[key] = [str(v) for v, _ in field.choices if v not in ("", None)][:1]
        elif isinstance(field, forms.ChoiceField):
            values = [str(v) for v, _ in field.choices if v not in ("", None)]
            data[key] = next((v for v in (str(initial or ""), "yes", "agree", "true") if v in values),
                             values[0] if values else "")
        elif isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
            data[key] = str(initial or 1)
        else:
            text = str(initial) if initial not in (None, "") else f"In full: {field.label or name}."
            data[key] = text[:getattr(field, "max_length", None) or len(text)]
    return data


def _send(client: Any, url: str, today: dt.date) -> Any:
    page = client.get(url)
    if page.status_code == 302:  # the link leads on to the form (the provider checklist's own page)
        url = page["Location"]
        page = client.get(url)
    assert page.status_code == 200, url
    form = page.context["form"]
    return client.post(url, _filled_in(form, today))


@pytest.mark.django_db
def test_each_offered_form_sent_in_full_records_what_the_rules_read(world: Any, as_user: Any) -> None:
    do_update_school(school=world.school, actor=None, policy_packs=[
        "alternative-pathways", "online-learning-packages", "return-to-learn", "special-school-remote"])
    provider = make_provider(world.school)
    placement = make_arrangement(world.pupil, provider=provider, start=MONDAY, status="active",
                                 slots=week(mon=("provider", "provider")))
    head = as_user(world.staff["headteacher"])
    today = dt.date.today()
    wanted = sorted({(link.events[0], tuple(sorted(link.fields.items())), rid) for rid, link in LINKS.items()
                     if link.events and link.events[0] != "trust_approval"}, key=lambda w: (w[0], w[2]))
    done: set[tuple[str, tuple[Any, ...]]] = set()
    problems: list[str] = []
    for event_type, fields, rid in wanted:
        if (event_type, fields) in done:
            continue
        done.add((event_type, fields))
        target = targets_for(rid, placement)[0]
        if event_type == "risk_assessment":
            _write_and_sign_off(head, target.url, placement, today)
        elif event_type == "la_notified":
            continue  # the notices page: tests/notifications (it writes, sends and records the notice)
        else:
            response = _send(head, target.url, today)
            if response.status_code != 302:
                form = response.context["form"] if response.context else None
                problems.append(f"{rid} ({target.label}): {response.status_code} {form.errors if form else ''}")
                continue
        read = [e for e in case_for(placement, today).events if e.type == event_type]
        if not read:
            problems.append(f"{rid} ({target.label}): the rules read no {event_type}")
        for key, value in fields:
            if read and str(getattr(read[-1], key, "")).lower() not in (value, "true" if value == "yes" else value):
                problems.append(f"{rid}: the {event_type} has {key}={getattr(read[-1], key, None)}, not {value}")
    for rid, link in LINKS.items():
        if link.checks:
            target = next(t for t in targets_for(rid, placement) if f"type={link.checks[0]}" in t.url)
            response = _send(head, target.url, today)
            if response.status_code != 302:
                form = response.context["form"] if response.context else None
                problems.append(f"{rid} ({target.label}): {response.status_code} {form.errors if form else ''}")
                continue
            checks = case_for(placement, today).provider.checks
            if link.checks[0] not in {c.type for c in checks}:
                problems.append(f"{rid}: the rules read no {link.checks[0]} check")
    assert not problems, "\n".join(problems)


def _write_and_sign_off(client: Any, url: str, arrangement: Any, today: dt.date) -> None:
    """The risk assessment the target offers: started from the template, completed and signed off."""
    response = _send(client, url, today)
    assert response.status_code == 302, url
    assessment = RiskAssessment.objects.filter(arrangement=arrangement).latest("id")
    complete = response["Location"].replace("/edit/", "/complete/")
    page = client.get(complete)
    if page.status_code != 200:  # completed from the edit page
        complete = response["Location"]
    sent = _send(client, complete, today)
    assert sent.status_code == 302, (complete, sent.context["form"].errors if sent.context else "")
    assessment.refresh_from_db()
    assert assessment.status == "completed" and assessment.approved_by


@pytest.mark.django_db
def test_a_missed_alert_of_the_provider_says_the_provider_must_act_and_offers_what_the_school_can_do(
    world: Any, as_user: Any
) -> None:
    from pathways.today.items import _findings
    from pathways.today.judgements import REQUIREMENT, Finding

    provider = make_provider(world.school, "Horizon Live", kind="online_learning", registration="online_accredited")
    online = make_arrangement(world.pupil, kind="online_learning", reason="medical", provider=provider,
                              start=MONDAY, status="active", slots=week(mon=("online", "online")))
    missed = Finding(REQUIREMENT, "unmet", MONDAY, "Horizon Live never told the school that the pupil missed the "
                     "online session of 5 Jan 2026 AM.", "000 §4", "OLP-ABSENCE-ALERT")
    agreement = Finding(REQUIREMENT, "due", MONDAY, "Agree with Horizon Live that it alerts the school within the "
                        "session when the pupil does not attend, before the online learning starts on 5 Jan 2026.",
                        "000 §4", "OLP-ABSENCE-ALERT")
    on_missed, on_agreement = _findings([online], {online.id: [missed, agreement]}, MONDAY, MONDAY)
    assert on_missed.action == "Take it up with the provider"
    assert on_missed.url.endswith(f"/providers/{provider.id}/")
    assert "The provider must alert the school" in on_missed.who_acts
    assert on_agreement.action == "Record the provider's absence alert agreed" and not on_agreement.who_acts
    assert as_user(world.staff["headteacher"]).get(on_missed.url).status_code == 200
