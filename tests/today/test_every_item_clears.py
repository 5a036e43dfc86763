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
from django.urls import reverse

from pathways.arrangements.requirement_links import (
    LINKS,
    OTHERS_ACT,
    Part,
    offered,
    others_act,
    target_for_part,
)
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


# The change a member of staff makes on the arrangement's details page, where Today offers that page.
EDITS = {
    "end date": lambda arrangement, on: arrangement.update(end=str(on + dt.timedelta(days=28))),
    "arrangement's reason": lambda arrangement, on: arrangement.update(reason="parental_request"),
}
A_PROVIDER = {"name": "Horizon Live", "kind": "online_learning", "registration": "online_accredited"}


def _day_to_act(case: dict[str, Any], finding: Any) -> tuple[dt.date, bool]:
    """The day staff follow the offer, and whether the case is judged on that day rather than its own: the day
    the finding names when it has passed (the missed session's, the deadline missed), today when the duty is
    due today or overdue without a date, and the due date when its window has not opened yet (a weekly report
    due from a start still to come, the next welfare check after one made today)."""
    as_of = dt.date.fromisoformat(str(case["as_of"]))
    if finding.due is not None and finding.due > as_of:
        return finding.due, True
    return (finding.due if finding.due is not None else as_of), False


def _following_the_offer(case: dict[str, Any], rid: str, finding: Any, on: dt.date) -> dict[str, Any] | None:
    """The case after staff follow what Today offers first for the finding (`requirement_links.offered`, the
    part its message names) on `on`: the entry with its preset details, the provider's check (the provider
    named first where the arrangement has none), or the page's change (the details, the ending, the
    headteacher's agreement). None when the offer is a page whose content decides."""
    part = offered(rid, finding.message)
    if part is None:
        return None
    out = copy.deepcopy(case)
    events = out.setdefault("events", [])
    if part.page == "edit":
        marker = next(m for m in EDITS if m in part.marker)
        EDITS[marker](out["arrangement"], on)
    elif part.page == "end":
        out["arrangement"]["end"] = str(on)
        events.append({"date": str(on), "type": "end", "outcome": "full_time_school"})
    elif part.page == "agreement":
        events.append({"date": str(on), "type": "headteacher_approval"})
    elif part.page == "contact-log":
        out.setdefault("contacts", []).append({"date": str(on), "channel": "phone"})
    elif part.check:
        out.setdefault("provider", copy.deepcopy(A_PROVIDER)).setdefault("checks", []).append(
            {"type": part.check, "date": str(on)})
    elif part.event:
        details = {k: (True if v == "yes" else v) for k, v in part.fields.items()}
        details.update(CHOSEN.get(part.event, {}))
        events.append({"date": str(on), "type": part.event, **details})
    else:
        return None
    return out


def _cleared(case: dict[str, Any], after: dict[str, Any], rid: str, finding: Any, on: dt.date,
             moved: bool) -> bool | None:
    """Whether following the offer cleared the finding (or, for a duty of several parts, the part it offered:
    what is left is offered next): judged on the case's day, its message is gone; judged on its due date, the
    finding due that day is gone or changed. None when, judged on the due date without the offer, no finding
    was due that day to clear (met by then some other way)."""
    if not moved:
        return finding.message not in {r.message for r in _findings(after).get(rid, [])}
    before, after = copy.deepcopy(case), copy.deepcopy(after)
    before["as_of"] = after["as_of"] = str(on)
    due_then = {r.message for r in _findings(before).get(rid, []) if r.due == on}
    if not due_then:
        return None
    return not due_then & {r.message for r in _findings(after).get(rid, []) if r.due == on}


def _ended_in_pathways(case: dict[str, Any]) -> bool:
    """An arrangement ended by the end action (an `end` entry on or before the case's day): it leaves Today,
    and its record keeps what stayed unmet."""
    as_of = str(case["as_of"])
    return any(e.get("type") == "end" and str(e.get("date")) <= as_of for e in case.get("events") or [])


def test_every_rule_id_is_covered_by_an_action_a_page_or_a_reason() -> None:
    import_packs()
    ids = set(REGISTRY)
    no_action = _no_action()
    assert all(no_action.values()), "a rule with no action must say why"
    acting = {rid for rid, link in LINKS.items() if link.events or link.checks or link.parts}
    uncovered = ids - acting - set(PAGE_DECIDES) - set(no_action)
    assert not uncovered, f"rule ids Today offers nothing for and gives no reason: {sorted(uncovered)}"
    assert not set(PAGE_DECIDES) - ids and not set(no_action) - ids


def test_following_the_offered_action_clears_each_generated_finding() -> None:
    """Every unmet and due finding of the generated cases is cleared by what Today offers for it, or is the
    provider's to put right and says so (and the school's entry does not clear it)."""
    import_packs()
    cleared: dict[str, int] = defaultdict(int)
    others: dict[str, int] = defaultdict(int)
    problems: list[str] = []
    for name, case in _generated_cases():
        try:
            before = _findings(case)
        except PolicyError:  # a case file of a "cannot judge" or refused-file test
            continue
        if _ended_in_pathways(case):
            continue
        for rid, findings in before.items():
            if rid in PAGE_DECIDES or rid in _no_action():
                continue
            for f in findings:
                on, moved = _day_to_act(case, f)
                after_case = _following_the_offer(case, rid, f, on)
                assert after_case is not None, f"{name}: {rid} offers nothing for '{f.message}'"
                done = _cleared(case, after_case, rid, f, on, moved)
                if others_act(rid, f.message) is not None:
                    others[rid] += 1
                    if done:
                        problems.append(f"{name}: {rid} '{f.message}' is the provider's, yet the school cleared it")
                elif done is False:
                    part = offered(rid, f.message)
                    problems.append(f"{name}: {rid} [{f.status}] '{f.message}' stays after {part} on {on}")
                elif done:
                    cleared[rid] += 1
    assert not problems, f"{len(problems)} findings stay:\n" + "\n".join(problems[:60])
    acting = {rid for rid, link in LINKS.items() if (link.events or link.checks or link.parts)} - set(PAGE_DECIDES)
    never = sorted(rid for rid in acting if not cleared[rid] and not others[rid])
    assert not never, f"rule ids with no generated finding to clear: {never}"
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


def _offers() -> list[tuple[str, Part]]:
    """Every entry, check and page Today may offer: each duty's entries and checks, and each part of a duty
    that its findings name (`requirement_links.offered`)."""
    out: list[tuple[str, Part]] = []
    for rid, link in LINKS.items():
        out += [(rid, Part("", event=e, fields=link.fields if i == 0 else {})) for i, e in enumerate(link.events)]
        out += [(rid, Part("", check=c)) for c in link.checks]
        out += [(rid, part) for part in link.parts]
    return out


@pytest.mark.django_db
def test_each_offered_form_sent_in_full_records_what_the_rules_read(world: Any, as_user: Any) -> None:
    do_update_school(school=world.school, actor=None, policy_packs=[
        "alternative-pathways", "online-learning-packages", "return-to-learn", "special-school-remote"])
    provider = make_provider(world.school)
    placement = make_arrangement(world.pupil, provider=provider, start=MONDAY, status="active",
                                 slots=week(mon=("provider", "provider")))
    head = as_user(world.staff["headteacher"])
    today = dt.date.today()
    done: set[tuple[str, tuple[Any, ...]]] = set()
    problems: list[str] = []
    for rid, part in sorted(_offers(), key=lambda o: (o[1].event, o[1].check, o[0])):
        fields = tuple(sorted(part.fields.items()))
        if part.page or part.event == "trust_approval" or (part.event or part.check, fields) in done:
            continue  # the pages: the test below; the trust's approval: tests/arrangements/test_approvals.py
        done.add((part.event or part.check, fields))
        target = target_for_part(part, placement, part.fields)
        assert target is not None, (rid, part)
        if part.event == "risk_assessment":
            _write_and_sign_off(head, target.url, placement, today)
        elif part.event == "la_notified":
            continue  # the notices page: tests/notifications (it writes, sends and records the notice)
        else:
            response = _send(head, target.url, today)
            if response.status_code != 302:
                form = response.context["form"] if response.context else None
                problems.append(f"{rid} ({target.label}): {response.status_code} {form.errors if form else ''}")
                continue
        if part.check:
            if part.check not in {c.type for c in case_for(placement, today).provider.checks}:
                problems.append(f"{rid}: the rules read no {part.check} check")
            continue
        read = [e for e in case_for(placement, today).events if e.type == part.event]
        if not read:
            problems.append(f"{rid} ({target.label}): the rules read no {part.event}")
        for key, value in fields:
            if read and str(getattr(read[-1], key, "")).lower() not in (value, "true" if value == "yes" else value):
                problems.append(f"{rid}: the {part.event} has {key}={getattr(read[-1], key, None)}, not {value}")
    assert not problems, "\n".join(problems)


def _post_the_page(client: Any, url: str, change: dict[str, str]) -> Any:
    """The page's form as it stands, with what staff change on it."""
    page = client.get(url)
    assert page.status_code == 200, url
    form = page.context["form"]
    data = {form.add_prefix(name): form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()}
    data["version"] = page.context.get("version", "")
    return client.post(url, {**data, **change})


@pytest.mark.django_db
def test_each_offered_page_records_what_the_rules_read(world: Any, as_user: Any) -> None:
    """The pages Today offers for a part (the arrangement's details, its ending, the headteacher's agreement
    given after the start), followed by the member of staff whose page it is, change what the rules read."""
    pages = {part.page for _, part in _offers() if part.page}
    assert pages == {"edit", "end", "agreement", "contact-log"}, pages
    head = as_user(world.staff["headteacher"])
    lead = str(world.staff["headteacher"].pk)  # an arrangement brought in without one is given its lead
    today = dt.date.today()

    remote = make_arrangement(world.pupil, kind="remote_learning", reason="medical", start=MONDAY, status="active",
                              slots=week(mon=("home", "home")))
    remote.end = None
    remote.save(update_fields=["end"])
    edit = target_for_part(offered("NAT-REMOTE-LAST-RESORT", "it has no end date") or Part(""), remote, {})
    assert edit is not None and edit.label == "Change the arrangement's details"
    sent = _post_the_page(head, edit.url, {"end": (today + dt.timedelta(days=28)).isoformat(),
                                           "change_reason": "Time-limited, as the guidance asks.", "lead": lead})
    assert sent.status_code == 302, sent.context["form"].errors if sent.context else sent
    assert case_for(remote, today).arrangement.end == today + dt.timedelta(days=28)

    flexi = make_arrangement(world.pupil, kind="flexi_schooling", reason="medical", start=MONDAY, status="active",
                             slots=week(mon=("school", "home")))
    part = offered("FLX-PARENT-REQUEST", "but the arrangement's reason is medical.")
    edit = target_for_part(part or Part(""), flexi, {})
    assert edit is not None
    sent = _post_the_page(head, edit.url, {"change_reason": "Brought in with the wrong reason.", "lead": lead})
    assert sent.status_code == 302, sent.context["form"].errors if sent.context else sent
    assert case_for(flexi, today).arrangement.reason == "parental_request"

    placement = make_arrangement(world.pupil, start=MONDAY, status="active", provider=make_provider(world.school),
                                 slots=week(mon=("provider", "provider")))
    end = target_for_part(offered("AP-UNSATISFACTORY-REVIEW", "end the placement and bring the pupil back")
                          or Part(""), placement, {})
    assert end is not None and end.url == "#lifecycle"  # the ending's form, on the arrangement's page
    detail = head.get(reverse("arrangement-detail", args=(world.school.id, placement.id)))
    ending = reverse("arrangement-end", args=(world.school.id, placement.id))
    assert 'id="lifecycle"' in detail.content.decode() and f'action="{ending}"' in detail.content.decode()
    sent = head.post(ending, {"on": today.isoformat(), "outcome": "full_time_school",
                              "version": detail.context.get("version", "")})
    assert sent.status_code == 302, sent.context["form"].errors if sent.context else sent
    assert [e.outcome for e in case_for(placement, today).events if e.type == "end"] == ["full_time_school"]

    imported = make_arrangement(world.pupil, start=MONDAY, status="active", provider=placement.provider,
                                slots=week(mon=("provider", "provider")))
    agree = target_for_part(offered("AP-HEADTEACHER-AGREEMENT", "The headteacher did not agree to the placement")
                            or Part(""), imported, {})
    assert agree is not None and agree.label.startswith("Record the headteacher's agreement")
    sent = _post_the_page(head, agree.url, {"on": today.isoformat(), "note": "Agreed by phone on the start day."})
    assert sent.status_code == 302, sent.context["form"].errors if sent.context else sent
    assert [e.date for e in case_for(imported, today).events if e.type == "headteacher_approval"] == [today]

    log = target_for_part(offered("MIL-CONTACT-LOG", "Next logged contact with the parents due by") or Part(""),
                          remote, {})
    assert log is not None and log.url.endswith("/contacts/#add")
    sent = head.post(log.url.split("#")[0], {
        "channel": "app_message", "day": today.isoformat(), "time": "00:01", "staff_name": "Ms Hall",
        "with_whom": "Mum", "outcome": "Sent the week's work; Mum replied.", "concern_raised": "no",
        "slt_informed": "no"})
    assert sent.status_code == 302, sent.context["form"].errors if sent.context else sent
    assert [(c.date, c.channel) for c in case_for(remote, today).contacts] == [(today, "app_message")]


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


@pytest.mark.django_db
def test_today_offers_the_part_of_a_duty_its_finding_names(world: Any) -> None:
    from pathways.today.items import _findings
    from pathways.today.judgements import REQUIREMENT, Finding

    provider = make_provider(world.school)
    placement = make_arrangement(world.pupil, provider=provider, start=MONDAY, status="active",
                                 slots=week(mon=("provider", "provider")))
    no_visit = Finding(REQUIREMENT, "unmet", MONDAY, "Willow Farm Rural Skills is not registered and no initial visit "
                       "(Appendix 1b) was made before the placement started on 5 Jan 2026.", "004 §3",
                       "AP-UNREGISTERED-APPROVAL")
    no_agreement = Finding(REQUIREMENT, "unmet", MONDAY, "The headteacher did not agree to the placement before it "
                           "started on 5 Jan 2026.", "004 App 1a", "AP-HEADTEACHER-AGREEMENT")
    no_form = Finding(REQUIREMENT, "unmet", MONDAY, "No consideration form (Appendix 1a) recording the parents' "
                      "agreement before the placement started on 5 Jan 2026.", "004 App 1a", "AP-HEADTEACHER-AGREEMENT")
    visit, agreement, form = _findings([placement], {placement.id: [no_visit, no_agreement, no_form]}, MONDAY, MONDAY)
    assert visit.action == "Record the provider's initial visit" and "type=initial_visit" in visit.url
    assert agreement.action == "Record the headteacher's agreement, given after the start"
    assert agreement.url == reverse("arrangement-late-agreement", args=(world.school.id, placement.id))
    assert form.action == "Record consideration form" and "type=consideration_form" in form.url

    draft = make_arrangement(world.pupil, provider=provider, start=MONDAY, slots=week(mon=("provider", "provider")))
    (on_draft,) = _findings([draft], {draft.id: [no_agreement]}, MONDAY, MONDAY)
    assert on_draft.url.endswith("#lifecycle")  # not yet approved: the approval, on the arrangement's page


def test_a_duty_of_parts_names_every_entry_and_check_it_offers() -> None:
    """A message naming several parts offers the one it names first; so every entry and check of a duty
    with parts is a part with its words, or a finding naming it beside another would be offered the other."""
    for rid, link in LINKS.items():
        if not link.parts:
            continue
        named = {p.event for p in link.parts} | {p.check for p in link.parts}
        assert set(link.events) | set(link.checks) <= named, (rid, set(link.events) | set(link.checks) - named)


def test_a_message_naming_two_parts_offers_the_one_it_names_first() -> None:
    both = ("Remote education is not part of a plan to return to school (none by the start on 12 Jan 2026). "
            "Remote education is not time-limited: it has no end date (start 12 Jan 2026).")
    assert offered("NAT-REMOTE-LAST-RESORT", both) == Part("plan to return", event="reintegration_plan")
    assert offered("NAT-REMOTE-LAST-RESORT", both.split(". ", 1)[1]) == Part("end date", page="edit")
