"""The family device and connectivity survey: the summary by year group and by vulnerability, every
pupil's latest answer, and a family's new answer."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from pathways.arrangements.models import Event
from pathways.audit.record import record_read
from pathways.forms import form_status, save_form
from pathways.pupils.models import Pupil
from pathways.remote.forms import FamilyAccessForm
from pathways.remote.survey import do_record_family_access, summary
from pathways.schools.permissions import allowed, school_with


def _pupils(school_id: int) -> QuerySet[Pupil]:
    return Pupil.objects.filter(school_id=school_id, left_on__isnull=True).order_by("last_name", "first_name")


@login_required
def remote_survey(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "view_named_records")
    today = timezone.localdate()
    pupils = list(_pupils(school.id))
    result = summary(school, pupils, today)
    record_read(request.user, "device survey", None, school=school)
    rows = [(p, result.latest.get(p.pk)) for p in pupils]
    rows.sort(key=lambda r: (r[1] is not None, not (r[1] and (r[1].without_access or r[1].needs_help))))
    return render(request, "remote/survey.html", {
        "school": school, "summary": result, "rows": rows, "today": today,
        "can_manage": "manage_remote_education" in allowed(request.user, school),
    })


@login_required
@require_http_methods(["GET", "POST"])
def remote_survey_new(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "manage_remote_education")
    agreements = (Event.current.filter(arrangement__school=school, type="equipment_agreement")
                  .select_related("arrangement__pupil").order_by("-date"))
    form = FamilyAccessForm(request.POST or None, initial={"surveyed_on": timezone.localdate()},
                            pupils=_pupils(school.id), agreements=agreements)
    done, _ = save_form(request, form, lambda data: do_record_family_access(school=school, actor=request.user, **data),
                        message="The family's answer is saved.", to=lambda _: redirect("remote-survey", school.id))
    if done:
        return done
    return render(request, "remote/survey_new.html", {"school": school, "form": form}, status=form_status(form))
