"""Arrangement list, guided create, the arrangement page with its requirement panel, the lifecycle
(submit, approve, end) and recording an entry of the chronology. Thin: access, validate, one action,
render."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from pathways.arrangements import actions
from pathways.arrangements.access import arrangement_for, arrangements_for, possible_leads
from pathways.arrangements.actions import TYPES_WITH_THEIR_OWN_ACTION
from pathways.arrangements.approvals import needs_late_agreement
from pathways.arrangements.forms import (
    ArrangementFilterForm,
    ChangeLeadForm,
    ChoosePupilForm,
    EndForm,
    EventForm,
    PlanForm,
    school_days_from,
)
from pathways.arrangements.models import ARRANGEMENT_KIND_LABELS, Status, timetable_in_force
from pathways.arrangements.record_templates import STRUCTURED_TYPES
from pathways.arrangements.requirement_links import LINKS, Target, targets_for
from pathways.arrangements.vocabulary import SESSIONS, WEEKDAY_NAMES, WEEKDAYS, WHERE_LABELS, label, slot
from pathways.attendance.followups import do_record_welfare_check
from pathways.audit.record import record_read
from pathways.audit.versions import StaleVersion, version_of
from pathways.cases.casefiles import case_for, cases_for
from pathways.cases.judging import judge
from pathways.cases.trajectory import chart_for
from pathways.casework.arrangements.views_structured import record_with_form
from pathways.forms import apply_validation_error, form_status
from pathways.policy import SchoolCalendar
from pathways.policy import casefile as cf
from pathways.policy.engine import is_breach
from pathways.providers.access import providers_of
from pathways.pupils.access import pupils_for
from pathways.schools.calendar import school_calendar
from pathways.schools.permissions import MATRIX, can, event_permission, link_allows, require, school_with

PAGE_SIZE = 50
# Event types a member of staff records on the event form (the others have their own buttons; the trust's
# approval is the trust lead's, from the trust's approvals, with its note: arrangement-trust-approval).
RECORDABLE_TYPES = [t for t in cf.EVENT_TYPES if t not in TYPES_WITH_THEIR_OWN_ACTION and t != "trust_approval"]


@dataclass
class Summary:
    unmet: int = 0
    due: int = 0
    breaches: int = 0  # prohibitions not met (counted apart from unmet and due)
    next_due: dt.date | None = None
    problem: str = ""     # why the engine cannot judge it (pathways.cases.judging), with the fix


def _summary(case: cf.Case) -> Summary:
    judged = judge(case)
    if judged.result is None:
        assert judged.cannot is not None
        return Summary(problem=f"{judged.cannot.reason}. {judged.cannot.action}.")
    result = judged.result
    out = Summary()
    for r in result.requirements:
        if is_breach(r.id, r.status):
            out.breaches += 1
        elif r.status == "unmet":
            out.unmet += 1
        elif r.status == "due":
            out.due += 1
            if r.due is not None and (out.next_due is None or r.due < out.next_due):
                out.next_due = r.due
    return out


@login_required
def arrangement_list(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "view_named_records")
    arrangements = arrangements_for(request.user, school.id)
    form = ArrangementFilterForm(request.GET or None)
    if form.is_valid():
        if form.cleaned_data["kind"]:
            arrangements = arrangements.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["status"]:
            arrangements = arrangements.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["mine"]:
            arrangements = arrangements.filter(lead_id=request.user.pk)
    if not (form.is_valid() and form.cleaned_data["status"] == Status.WITHDRAWN):
        # A withdrawn draft is kept for the record but is not listed unless asked for by its status.
        arrangements = arrangements.exclude(status=Status.WITHDRAWN)
    page = Paginator(arrangements.order_by("-start", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    today = dt.date.today()
    rows = list(page.object_list)
    cases = cases_for(rows, as_of=today) if rows else {}
    summaries = {pk: _summary(case) for pk, case in cases.items()}
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "arrangements/list.html", {
        "school": school, "form": form, "page": page, "total": page.paginator.count, "query": query.urlencode(),
        "rows": [(a, summaries.get(a.pk, Summary())) for a in rows],
    })


# ----------------------------------------------------------------------------- guided create


def _calendar_of(school: Any) -> SchoolCalendar:
    return school_calendar(school.pk)


@login_required
@require_http_methods(["GET", "POST"])
def arrangement_create(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "plan_arrangements")
    pupils = pupils_for(request.user, school.id)
    today = dt.date.today()
    source = request.POST if request.method == "POST" else request.GET
    if source.get("step") != "plan":
        # Step 1: the pupil and the kind.
        initial = {"pupil": source.get("pupil")} if source.get("pupil") else {}
        choose = ChoosePupilForm(source if "kind" in source else None, pupils=pupils, initial=initial)
        if "kind" in source and choose.is_valid():
            pupil, kind = choose.cleaned_data["pupil"], choose.cleaned_data["kind"]
            plan = PlanForm(pupil=pupil, kind=kind, providers=providers_of(school), today=today,
                            staff=possible_leads(school.id), initial={"lead": request.user.pk})
            return render(request, "arrangements/create_plan.html",
                          {"school": school, "form": plan, "pupil": pupil})
        return render(request, "arrangements/create_choose.html", {"school": school, "form": choose},
                      status=form_status(choose))
    # Step 2: the plan that kind needs.
    try:
        pupil = pupils.get(id=int(source.get("pupil_id", "")))
    except (ValueError, pupils.model.DoesNotExist):
        raise Http404("No such pupil") from None
    kind = source.get("kind", "")
    if kind not in ARRANGEMENT_KIND_LABELS:
        raise Http404("No such kind of arrangement")
    form = PlanForm(request.POST if request.method == "POST" else None, pupil=pupil, kind=kind,
                    providers=providers_of(school), today=today, staff=possible_leads(school.id),
                    initial={"lead": request.user.pk})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            days = (school_days_from(data["start"], data["suspension_school_days"], _calendar_of(school))
                    if kind == "suspension" else [])
            arrangement = actions.do_create_arrangement_with_plan(
                pupil=pupil, actor=request.user, kind=kind, start=data["start"], reason=data.get("reason", ""),
                end=data.get("end") or (days[-1] if days else None), provider=data.get("provider"),
                suspension_days=days, year11_exams_finished=bool(data.get("year11_exams_finished")),
                slots=data.get("slots"), steps=data.get("steps", []), la_approval_on=data.get("la_approval_date"),
                lead=data.get("lead"),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{arrangement.get_kind_display()} for {pupil.full_name} set up as a draft.")
            return redirect("arrangement-detail", school.id, arrangement.id)
    return render(request, "arrangements/create_plan.html", {"school": school, "form": form, "pupil": pupil},
                  status=form_status(form))


# ----------------------------------------------------------------------------- the arrangement page


@dataclass
class Item:
    id: str
    status: str
    message: str
    source: str
    due: dt.date | None
    late: bool
    targets: list[Target]
    reason: str
    breach: bool = False  # a prohibition not met (policy.engine.is_breach): shown and sorted as a breach
    nothing_due_yet: bool = False  # met only because its first window has not closed: "Nothing due yet"


def requirement_panel(arrangement: Any, case: cf.Case, user: Any = None) -> dict[str, Any]:
    """The engine's requirements for the case, grouped unmet, due, met and not applicable; with a user, each
    requirement's links are only those the role matrix lets the user follow (the trust's approval is the
    trust lead's, the local authority's notice not a teacher's)."""
    judged = judge(case)
    if judged.result is None:
        assert judged.cannot is not None
        return {"problem": judged.cannot.reason, "cannot": judged.cannot,
                "fix_url": judged.cannot.url(arrangement.school_id, arrangement.id)}
    result = judged.result
    groups: dict[str, list[Item]] = {"unmet": [], "due": [], "met": [], "not_applicable": []}
    for r in result.requirements:
        link = LINKS.get(r.id)
        targets = targets_for(r.id, arrangement, r.message) if r.status in ("unmet", "due") else []
        if user is not None:
            targets = [t for t in targets if link_allows(user, t.url, arrangement.school_id)]
        groups[r.status].append(Item(r.id, r.status, r.message, r.source, r.due, bool(r.late), targets,
                                     link.reason if link else "", is_breach(r.id, r.status),
                                     nothing_due_yet=r.nothing_due_yet))
    groups["due"].sort(key=lambda i: (i.due or dt.date.max, i.id))
    # A duty whose first window has not closed is not "met": nothing has been due yet.
    groups["not_yet"] = [i for i in groups["met"] if i.nothing_due_yet]
    groups["met"] = [i for i in groups["met"] if not i.nothing_due_yet]
    # A breach of the law comes before any duty, and is never shown as a date due.
    groups["breach"] = [i for i in groups["unmet"] + groups["due"] if i.breach]
    groups["unmet"] = [i for i in groups["unmet"] if not i.breach]
    groups["due"] = [i for i in groups["due"] if not i.breach]
    # What the engine had to assume (a count of school days past the school calendar's half-terms, made
    # over Mondays to Fridays): shown with the fix, so such a date is not silently trusted.
    return {"groups": groups, "total": len(result.requirements), "assumed": list(result.problems),
            "calendar_url": reverse("calendar", args=(arrangement.school_id,))}


def _week(slots: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(WEEKDAY_NAMES[d], *(WHERE_LABELS[slot(slots, d, s)] for s in SESSIONS)) for d in WEEKDAYS]  # type: ignore[misc]


def _detail_context(request: HttpRequest, arrangement: Any, today: dt.date, **forms: Any) -> dict[str, Any]:
    versions = list(arrangement.timetables.all())
    in_force = timetable_in_force(versions, today)
    # A withdrawn draft is kept as it was: no link or form to change it (its actions refuse it too).
    open_ = arrangement.status != Status.WITHDRAWN
    can_write = open_ and can(request.user, "plan_arrangements", arrangement.school_id)
    lead_form = forms.get("lead_form")
    lead_version = forms.get("lead_version")
    if lead_form is None and can_write:
        lead_form = ChangeLeadForm(initial={"lead": arrangement.lead_id}, staff=possible_leads(arrangement.school_id))
    if lead_form is not None and lead_version is None:
        lead_version = version_of(arrangement)  # posted back with the lead chosen (audit.versions)
    return {
        "school": arrangement.school, "arrangement": arrangement, "pupil": arrangement.pupil, "today": today,
        "timetable": in_force, "week": _week(in_force.slots) if in_force else [],
        "steps": list(arrangement.steps.all()),
        "panel": requirement_panel(arrangement, case_for(arrangement, today), request.user),
        "is_leader": can(request.user, "manage_school_policy", arrangement.school_id),
        "can_write": can_write,
        "lead_form": lead_form,
        "lead_version": lead_version,
        "is_headteacher": open_ and can(request.user, "approve_arrangements", arrangement.school_id),
        "can_approve_for_trust": open_ and can(request.user, "approve_for_trust", arrangement.school_id),
        "needs_late_agreement": (can(request.user, "approve_arrangements", arrangement.school_id)
                                 and needs_late_agreement(arrangement)),
        "can_end": open_ and can(request.user, "end_arrangements", arrangement.school_id),
        "can_record": open_ and can(request.user, "record_events", arrangement.school_id),
        "end_form": forms.get("end_form") or EndForm(),
        "recordable": [(t, label(t, arrangement.kind)) for t in RECORDABLE_TYPES],
        "trajectory": chart_for(arrangement, today=today),
    }


@login_required
def arrangement_detail(request: HttpRequest, school_id: int, arrangement_id: int) -> HttpResponse:
    arrangement = arrangement_for(request.user, school_id, arrangement_id)
    record_read(request.user, "arrangement", arrangement, school=arrangement.school, pupil=arrangement.pupil_id)
    return render(request, "arrangements/detail.html", _detail_context(request, arrangement, dt.date.today()))


@login_required
@require_POST
def arrangement_end(request: HttpRequest, school_id: int, arrangement_id: int) -> HttpResponse:
    arrangement = arrangement_for(request.user, school_id, arrangement_id)
    require(request.user, "end_arrangements", arrangement.school)
    today = dt.date.today()
    form = EndForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_end_arrangement(arrangement=arrangement, actor=request.user, on=data["on"],
                                       outcome=data["outcome"], note=data["note"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"The arrangement ended on {data['on']:%-d %B %Y}.")
            return redirect("arrangement-detail", arrangement.school_id, arrangement.id)
    arrangement.refresh_from_db()
    return render(request, "arrangements/detail.html",
                  _detail_context(request, arrangement, today, end_form=form), status=400)


@login_required
@require_POST
def arrangement_change_lead(request: HttpRequest, school_id: int, arrangement_id: int) -> HttpResponse:
    arrangement = arrangement_for(request.user, school_id, arrangement_id)
    require(request.user, "plan_arrangements", arrangement.school)
    form = ChangeLeadForm(request.POST, staff=possible_leads(arrangement.school_id))
    seen = request.POST.get("version", "")
    if form.is_valid():
        try:
            changed = actions.do_change_arrangement_lead(arrangement=arrangement, lead=form.cleaned_data["lead"],
                                                        actor=request.user, seen=request.POST.get("version"))
        except StaleVersion as stale:  # changed since the page was read: the lead chosen is kept
            form.add_error(None, stale.messages)
            seen = stale.current
            arrangement.refresh_from_db()
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{changed.lead} now leads this arrangement.")
            return redirect("arrangement-detail", arrangement.school_id, arrangement.id)
    return render(request, "arrangements/detail.html",
                  _detail_context(request, arrangement, dt.date.today(), lead_form=form, lead_version=seen),
                  status=400)


# ----------------------------------------------------------------------------- recording an event


@login_required
@require_http_methods(["GET", "POST"])
def event_record(request: HttpRequest, school_id: int, arrangement_id: int) -> HttpResponse:
    arrangement = arrangement_for(request.user, school_id, arrangement_id)
    event_type = request.POST.get("type") or request.GET.get("type") or ""
    if event_type == "trust_approval":  # the trust lead's, from the trust's approvals (arrangement-trust-approval)
        raise PermissionDenied(MATRIX["approve_for_trust"].refusal)
    if event_type == "risk_assessment":  # the assessment, completed and signed off, writes this entry itself
        return redirect(f"{reverse('risk-assessment-create', args=(school_id,))}?arrangement={arrangement.id}")
    # Each type of entry needs its permission: staff record what they see, the trust lead the trust's approval.
    recordable = [t for t in RECORDABLE_TYPES if can(request.user, event_permission(t), arrangement.school)]
    if event_type in RECORDABLE_TYPES or not recordable:
        require(request.user, event_permission(event_type), arrangement.school)
    context = {"school": arrangement.school, "arrangement": arrangement, "pupil": arrangement.pupil}
    if event_type not in RECORDABLE_TYPES:
        return render(request, "arrangements/event_choose.html",
                      {**context, "recordable": [(t, label(t, arrangement.kind)) for t in recordable]})
    if event_type in STRUCTURED_TYPES:  # an entry with a form: the form's page
        return record_with_form(request, arrangement, event_type, context)
    today = dt.date.today()
    if request.method == "POST":
        form = EventForm(request.POST, request.FILES, event_type=event_type, today=today, kind=arrangement.kind)
    else:
        initial = {"date": today, **{k: v for k, v in request.GET.items() if k in ("written", "kind", "all_parents")}}
        form = EventForm(event_type=event_type, today=today, initial=initial, kind=arrangement.kind)
    if request.method == "POST" and form.is_valid():
        closed: list[Any] = []
        try:
            if event_type == "welfare_check":  # one record: it also closes the absence follow-ups it answers
                _, closed = do_record_welfare_check(
                    arrangement=arrangement, date=form.cleaned_data["date"], actor=request.user,
                    fields=form.event_fields(), note=form.cleaned_data["note"],
                    attachment=form.cleaned_data.get("attachment"),
                )
            else:
                actions.do_record_event(
                    arrangement=arrangement, type=event_type, date=form.cleaned_data["date"], actor=request.user,
                    fields=form.event_fields(), note=form.cleaned_data["note"],
                    attachment=form.cleaned_data.get("attachment"),
                )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            done = (f" It answers {len(closed)} absence follow-up{'s' if len(closed) != 1 else ''}, now done."
                    if closed else "")
            what = label(event_type, arrangement.kind)
            messages.success(request, f"{what} recorded on {form.cleaned_data['date']:%-d %B %Y}.{done}")
            return redirect("arrangement-detail", arrangement.school_id, arrangement.id)
    return render(request, "arrangements/event_form.html", {**context, "form": form},
                  status=form_status(form))
