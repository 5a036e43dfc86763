"""Thin views: check access, validate, call one action, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from pathways.audit.versions import version_of
from pathways.forms import form_status, save_form
from pathways.schools import actions
from pathways.schools.access import access_for, school_for
from pathways.schools.forms import ClosureForm, GenerateCalendarForm, HalfTermForm
from pathways.schools.models import Closure, HalfTerm, School, Trust
from pathways.schools.permissions import require, school_with


@login_required
def switch_school(request: HttpRequest) -> HttpResponse:
    try:
        school = school_for(request.user, int(request.GET.get("school", "")))
    except ValueError:
        raise Http404("No such school") from None
    return redirect("school-home", school.id)


@login_required
def school_home(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_for(request.user, school_id)
    return redirect("today", school.id)


@login_required
def trust_page(request: HttpRequest, trust_id: int) -> HttpResponse:
    if trust_id not in access_for(request.user).trust_ids:
        raise Http404("No such trust")
    trust = get_object_or_404(Trust, id=trust_id)
    schools = trust.schools.annotate(pupil_count=Count("pupils")).order_by("name")
    return render(request, "schools/trust.html", {"trust": trust, "schools": schools})


@login_required
def calendar(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_for(request.user, school_id)
    return _calendar_page(request, school)


def _calendar_page(request: HttpRequest, school: School, problem: str = "", status: int = 200) -> HttpResponse:
    half_terms = list(HalfTerm.objects.filter(school=school).order_by("start"))
    closures = list(Closure.objects.filter(school=school).order_by("date"))
    years: dict[int, list[HalfTerm]] = {}
    for half_term in half_terms:
        years.setdefault(half_term.school_year, []).append(half_term)
    return render(
        request,
        "schools/calendar.html",
        {
            "school": school,
            "years": [(f"{y}-{(y + 1) % 100:02d}", terms) for y, terms in sorted(years.items())],
            "closures": closures,
            "closure_form": ClosureForm(),
            "generate_form": GenerateCalendarForm(),
            "problem": problem,
        },
        status=status,
    )


@login_required
@require_POST
def generate_calendar(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "manage_calendar")
    form = GenerateCalendarForm(request.POST)
    done, _ = save_form(
        request, form,
        lambda data: actions.do_generate_calendar(school=school, school_year=data["school_year"], actor=request.user),
        message="The default calendar was added. Check the dates against your own.",
        to=lambda _: redirect("calendar", school.id))
    if done:
        return done
    return render(request, "schools/calendar_generate.html", {"school": school, "form": form}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def edit_half_term(request: HttpRequest, school_id: int, half_term_id: int) -> HttpResponse:
    school = school_for(request.user, school_id)
    half_term = get_object_or_404(HalfTerm, id=half_term_id, school=school)
    require(request.user, "manage_calendar", school)
    form = HalfTermForm(request.POST or None, instance=HalfTerm.objects.get(id=half_term.id))
    seen = request.POST.get("version", "") if request.method == "POST" else version_of(half_term)
    done, version = save_form(  # changed since the page was read: the dates typed are kept
        request, form,
        lambda data: actions.do_update_half_term(half_term=half_term, actor=request.user,
                                                 seen=request.POST.get("version"), **data),
        message=lambda _: f"{half_term} saved.", to=lambda _: redirect("calendar", school.id), version=seen)
    if done:
        return done
    return render(
        request,
        "schools/half_term_form.html",
        {"school": school, "half_term": half_term, "form": form, "version": version},
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_closure(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "manage_calendar")
    form = ClosureForm(request.POST or None)
    done, _ = save_form(request, form, lambda data: actions.do_add_closure(school=school, actor=request.user, **data),
                        message="Closure day added.", to=lambda _: redirect("calendar", school.id))
    if done:
        return done
    return render(
        request, "schools/closure_form.html", {"school": school, "form": form}, status=form_status(form)
    )


@login_required
@require_POST
def remove_closure(request: HttpRequest, school_id: int, closure_id: int) -> HttpResponse:
    school = school_for(request.user, school_id)
    closure = Closure.objects.filter(id=closure_id, school=school).first()
    require(request.user, "manage_calendar", school)
    if closure is None:  # a colleague removed it since the page was read: say who, change nothing
        gone = actions.removed_by(school, closure_id)
        if gone is None:
            raise Http404("No such closure day")
        return _calendar_page(request, school, problem=gone, status=409)
    actions.do_remove_closure(closure=closure, actor=request.user)
    messages.success(request, f"{closure.date:%d %B %Y} is a school day again.")
    return redirect("calendar", school.id)
