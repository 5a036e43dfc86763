"""Risk assessment pages: list, start from a template, edit the rows, complete, review, print.
Thin: access, validate, one action, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from pathways.arrangements.access import arrangement_for
from pathways.arrangements.models import CLOSED_STATUSES, Arrangement
from pathways.audit.record import record_read
from pathways.audit.versions import StaleVersion, version_of
from pathways.forms import apply_validation_error, form_status, save_form
from pathways.safeguarding import actions
from pathways.safeguarding.access import can_assess, require_assessor, risk_assessment_for, risk_assessments_of
from pathways.safeguarding.forms import BaseRowFormSet, CompleteForm, ReviewForm, RowFormSet, StartForm, TitleForm
from pathways.safeguarding.models import RiskAssessment, RiskRow, Status
from pathways.safeguarding.templates_data import TEMPLATES, template_for_kind
from pathways.schools.access import school_for
from pathways.schools.models import HalfTerm, StaffRole
from pathways.schools.permissions import school_with

PAGE_SIZE = 50
ROW_INITIAL_FIELDS = ("id", "area", "hazard", "likelihood", "impact", "control_measures", "responsibility",
                      "review_frequency", "further_actions")


def _arrangement_param(request: HttpRequest, school_id: int) -> Arrangement | None:
    """The arrangement named by ?arrangement=, which must be the school's (else 404)."""
    raw = request.GET.get("arrangement", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404("No such arrangement")
    return arrangement_for(request.user, school_id, int(raw))


@login_required
def risk_assessment_list(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "view_named_records")
    arrangement = _arrangement_param(request, school.id)
    assessments = (
        risk_assessments_of(school)
        .filter(next_version__isnull=True)  # the latest version of each; earlier ones are on its page
        .select_related("arrangement__pupil", "arrangement__provider", "completed_by")
        .order_by("status", "next_review_due", "-id")
    )
    if arrangement is not None:
        assessments = assessments.filter(arrangement=arrangement)
    page = Paginator(assessments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "safeguarding/list.html", {
        "school": school, "arrangement": arrangement, "page": page, "total": page.paginator.count,
        "today": dt.date.today(), "can_assess": can_assess(request.user, school.id),
        "query": f"arrangement={arrangement.id}" if arrangement else "",
    })


@login_required
@require_http_methods(["GET", "POST"])
def risk_assessment_create(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_for(request.user, school_id)
    arrangement = _arrangement_param(request, school.id)
    require_assessor(request.user, school)
    arrangements = (
        Arrangement.objects.filter(school=school).exclude(status__in=CLOSED_STATUSES)
        .select_related("pupil").order_by("pupil__last_name", "pupil__first_name", "-start")
    )
    initial: dict[str, Any] = {}
    if arrangement is not None:
        initial = {"arrangement": arrangement.id, "template": template_for_kind(arrangement.kind)}
    form = StartForm(request.POST or None, initial=initial, arrangements=arrangements)
    done, _ = save_form(
        request, form,
        lambda data: actions.do_start_risk_assessment(arrangement=data["arrangement"], template=data["template"],
                                                      actor=request.user),
        message="Risk assessment started from the template: adapt its rows for the pupil.",
        to=lambda assessment: redirect("risk-assessment-edit", school.id, assessment.id))
    if done:
        return done
    return render(request, "safeguarding/start.html", {
        "school": school, "form": form, "arrangement": arrangement, "templates": list(TEMPLATES.values()),
    }, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def risk_assessment_edit(request: HttpRequest, school_id: int, risk_assessment_id: int) -> HttpResponse:
    assessment = risk_assessment_for(request.user, school_id, risk_assessment_id)
    require_assessor(request.user, assessment.school)
    if assessment.status != Status.DRAFT:
        messages.info(request, "This risk assessment is completed: review it to record changes.")
        return redirect("risk-assessment-print", assessment.school_id, assessment.id)
    rows = list(assessment.rows.all())
    initial = [{name: getattr(row, name) for name in ROW_INITIAL_FIELDS} for row in rows]
    title_form = TitleForm(request.POST or None, initial={"title": assessment.title})
    formset: BaseRowFormSet = RowFormSet(request.POST or None, initial=initial, prefix="rows")
    version = request.POST.get("version", "") if request.method == "POST" else version_of(assessment)
    if request.method == "POST" and title_form.is_valid() and formset.is_valid():
        try:
            actions.do_update_risk_rows(risk_assessment=assessment, rows=formset.rows(), actor=request.user,
                                        title=title_form.cleaned_data["title"], seen=request.POST.get("version"))
        except StaleVersion as stale:  # changed since the page was read: what was typed is kept
            title_form.add_error(None, stale.messages)
            version = stale.current
        except ValidationError as error:
            apply_validation_error(title_form, error)
        else:
            messages.success(request, "Risk assessment saved.")
            if "complete" in request.POST:
                return redirect("risk-assessment-complete", assessment.school_id, assessment.id)
            return redirect("risk-assessment-edit", assessment.school_id, assessment.id)
    has_errors = bool(title_form.errors) or (formset.is_bound and not formset.is_valid())
    if request.method == "GET":
        record_read(request.user, "risk assessment", assessment, school=assessment.school,
                    pupil=assessment.arrangement.pupil_id)
    return render(request, "safeguarding/edit.html", {
        "school": assessment.school, "assessment": assessment, "title_form": title_form, "formset": formset,
        "template": assessment.template_info, "has_errors": has_errors, "version": version,
    }, status=400 if has_errors else 200)


def _suggested_review(school_id: int, on: dt.date) -> dt.date | None:
    """The last day of the half-term `on` falls in (or of the next one): part-time timetables are reviewed
    every half-term, and a half-termly review meets a termly duty too."""
    half_term = HalfTerm.objects.filter(school_id=school_id, end__gt=on).order_by("start").first()
    return half_term.end if half_term is not None else None


@login_required
@require_http_methods(["GET", "POST"])
def risk_assessment_complete(request: HttpRequest, school_id: int, risk_assessment_id: int) -> HttpResponse:
    assessment = risk_assessment_for(request.user, school_id, risk_assessment_id)
    require_assessor(request.user, assessment.school)
    if assessment.status != Status.DRAFT:
        messages.info(request, "This risk assessment is already completed.")
        return redirect("risk-assessment-print", assessment.school_id, assessment.id)
    today = dt.date.today()
    form = CompleteForm(request.POST or None,
                        initial={"on": today, "next_review_due": _suggested_review(assessment.school_id, today)})
    done, _ = save_form(
        request, form,
        lambda data: actions.do_complete_risk_assessment(risk_assessment=assessment, actor=request.user, **data),
        message="Risk assessment completed and recorded in the chronology.",
        to=lambda _: redirect("risk-assessment-print", assessment.school_id, assessment.id))
    if done:
        return done
    return render(request, "safeguarding/complete.html", {
        "school": assessment.school, "assessment": assessment, "form": form, "rows": assessment.rows.count(),
    }, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def risk_assessment_review(request: HttpRequest, school_id: int, risk_assessment_id: int) -> HttpResponse:
    assessment = risk_assessment_for(request.user, school_id, risk_assessment_id)
    require_assessor(request.user, assessment.school)
    if assessment.status != Status.COMPLETED or not assessment.is_current:
        messages.info(request, "Only the latest completed version of a risk assessment can be reviewed.")
        return redirect("risk-assessment-print", assessment.school_id, assessment.id)
    today = dt.date.today()
    form = ReviewForm(request.POST or None, initial={
        "on": today, "next_review_due": _suggested_review(assessment.school_id, today),
        "approved_by": assessment.approved_by,
    })
    done, _ = save_form(
        request, form,
        lambda data: actions.do_review_risk_assessment(risk_assessment=assessment, actor=request.user, **data),
        message=lambda new: f"Review recorded as version {new.version} and in the chronology.",
        to=lambda new: redirect("risk-assessment-print", new.school_id, new.id))
    if done:
        return done
    return render(request, "safeguarding/review.html", {
        "school": assessment.school, "assessment": assessment, "form": form,
    }, status=form_status(form))


@login_required
@require_http_methods(["POST"])
def risk_assessment_revise(request: HttpRequest, school_id: int, risk_assessment_id: int) -> HttpResponse:
    assessment = risk_assessment_for(request.user, school_id, risk_assessment_id)
    require_assessor(request.user, assessment.school)
    try:
        new = actions.do_revise_risk_assessment(risk_assessment=assessment, actor=request.user)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
        return redirect("risk-assessment-print", assessment.school_id, assessment.id)
    messages.success(request, f"Version {new.version} started from version {assessment.version}: change the risks, "
                              "then complete it.")
    return redirect("risk-assessment-edit", new.school_id, new.id)


@login_required
def risk_assessment_print(request: HttpRequest, school_id: int, risk_assessment_id: int) -> HttpResponse:
    assessment = risk_assessment_for(request.user, school_id, risk_assessment_id)
    arrangement = assessment.arrangement
    record_read(request.user, "risk assessment", assessment, school=assessment.school, pupil=arrangement.pupil_id)
    rows: list[RiskRow] = list(assessment.rows.all())
    # Every version of every risk assessment of the arrangement in one query; follow this one's links.
    versions = {a.id: a for a in RiskAssessment.objects.filter(arrangement=arrangement).select_related("completed_by")}
    history = []
    earlier = versions.get(assessment.previous_id) if assessment.previous_id else None
    while earlier is not None:
        history.append(earlier)
        earlier = versions.get(earlier.previous_id) if earlier.previous_id else None
    later = next((a for a in versions.values() if a.previous_id == assessment.id), None)
    positions = []
    if assessment.completed_by_id:
        positions = [
            r.get_role_display()
            for r in StaffRole.objects.filter(user_id=assessment.completed_by_id, school_id=assessment.school_id)
        ]
    template = assessment.template_info
    return render(request, "safeguarding/print.html", {
        "school": assessment.school, "assessment": assessment, "arrangement": arrangement,
        "pupil": arrangement.pupil, "rows": rows, "template": template, "history": history, "later": later,
        "steps": list(arrangement.steps.all()) if arrangement.kind != "alternative_provision" else [],
        "positions": positions, "can_assess": can_assess(request.user, assessment.school_id),
        "show_rating": template.rated or any(r.likelihood or r.impact for r in rows),
        "show_responsibility": not template.rated or any(r.responsibility or r.review_frequency for r in rows),
        "show_further": template.rated or any(r.further_actions for r in rows),
        "today": dt.date.today(),
    })
