"""Provider staff: who they are, what they may see, and their marking page.

A provider's member of staff holds no role in any school. Their sign-in (like an API token) is
issued by one school: they see only that school's placements (arrangements) with their own provider,
and report attendance for the sessions those pupils are expected with them. Anything else, a school's
page, a pupil placed elsewhere or placed by another school of the trust, is a 404.
The page and the JSON API (pathways.api) both report through `report_session`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from pathways.arrangements.models import Arrangement, Status
from pathways.attendance.models import REASON_CHOICES, SESSION_LABELS, WHERE_LABELS, Mark, Source
from pathways.audit.record import record_reads
from pathways.cases.coding import Row, day_sheet, expected_code, to_time
from pathways.forms import GovukFormMixin, apply_validation_error
from pathways.providers.models import Provider, ProviderStaff
from pathways.register.actions import do_record_mark
from pathways.schools.models import School

# Where a session must be expected for the provider to report it.
REPORTABLE = frozenset({"provider", "online"})


# ---------------------------------------------------------------------------------------------
# Access
# ---------------------------------------------------------------------------------------------


def memberships_of(user: Any) -> list[ProviderStaff]:
    """The user's active provider staff rows: one from each school that invited them (each reaching that
    school's placements with its provider), in the schools' name order."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if hasattr(user, "_pathways_provider_staff"):
        cached: list[ProviderStaff] = user._pathways_provider_staff
        return cached
    found = list(ProviderStaff.objects.select_related("provider", "school").filter(user=user, active=True)
                 .order_by("school__name", "provider__name", "id"))
    user._pathways_provider_staff = found
    return found


def membership_of(user: Any) -> ProviderStaff | None:
    """One of the user's active provider staff rows (the first school's), if any."""
    found = memberships_of(user)
    return found[0] if found else None


def provider_of(user: Any) -> list[ProviderStaff]:
    """The signed-in user's provider staff rows (each: the provider, the school that issued it); anyone
    else, or one whose every school removed them, gets a 404."""
    memberships = memberships_of(user)
    if not memberships:
        raise Http404("No such page")
    return memberships


def membership_for(memberships: list[ProviderStaff], arrangement_id: Any, day: dt.date) -> ProviderStaff:
    """The row whose school placed the arrangement with its provider, running on `day`: a report reaches a
    placement only through the school that placed it. None of them: a 404."""
    try:
        wanted = int(arrangement_id)
    except (TypeError, ValueError):
        raise Http404("No such placement") from None
    for membership in memberships:
        if placements_of(membership.provider, membership.school, day).filter(id=wanted).exists():
            return membership
    raise Http404("No such placement")


def placements_of(provider: Provider, school: School, day: dt.date | None = None) -> QuerySet[Arrangement]:
    """The school's placements with the provider: arrangements with it that are running (on `day`,
    when given). A credential the school issued reaches these and no other."""
    qs = Arrangement.objects.filter(
        provider=provider, school=school, status__in=(Status.ACTIVE, Status.ENDED)
    )
    if day is not None:
        qs = qs.filter(start__lte=day).filter(Q(end__isnull=True) | Q(end__gte=day))
    return qs


def placement_for(provider: Provider, school: School, arrangement_id: Any, day: dt.date) -> Arrangement:
    """One of the school's placements with the provider running on `day`; another provider's, another
    school's (or none) is a 404."""
    try:
        return placements_of(provider, school, day).select_related("pupil", "school").get(id=int(arrangement_id))
    except (Arrangement.DoesNotExist, TypeError, ValueError):
        raise Http404("No such placement") from None


def rows_for(provider: Provider, school: School, day: dt.date) -> tuple[list[Row], dict[int, School]]:
    """Both sessions of `day` for every pupil the school places with the provider, from the school's
    day sheet (the engine's codes): a fixed number of queries, whatever the pupils. Also the placing
    school by id (none when it has no placement with the provider that day)."""
    if not placements_of(provider, school, day).exists():
        return [], {}
    rows = [r for r in day_sheet(school, day) if r.arrangement.provider_id == provider.pk]
    schools = {school.pk: school}
    rows.sort(key=lambda r: (r.pupil.last_name, r.pupil.first_name, r.pupil.pk, r.session))
    return rows, schools


# ---------------------------------------------------------------------------------------------
# Reporting a session (the page and the API)
# ---------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Reported:
    mark: Mark
    late: bool                      # an absence reported after the provider deadline
    deadline: dt.time | None


def report_session(
    *, provider: Provider, school: School, arrangement_id: Any, day: dt.date, session: str, attended: bool,
    reason: str | None = None, comment: str = "", actor: Any, now: dt.datetime | None = None,
) -> Reported:
    """Record what the provider reports for one session of one of its placements.

    Raises Http404 for an arrangement that is not one of the school's placements with the provider
    that day, and
    ValidationError naming the field for anything else wrong. The time of the report is kept."""
    now = now or timezone.now()
    arrangement = placement_for(provider, school, arrangement_id, day)
    if day > timezone.localdate(now):
        raise ValidationError({"date": "You cannot report a session that has not happened yet."})
    if session not in SESSION_LABELS:
        raise ValidationError({"session": "Choose the morning (am) or afternoon (pm) session."})
    reason = (reason or "").strip() or None
    if attended:
        reason = None
    elif reason is None:
        raise ValidationError(
            {"reason": "Choose the reason for the absence (\"Reason not yet known\" if you do not know it)."}
        )
    coded = expected_code(arrangement, day, session, attended=attended, reason=reason, reported_at=now)
    if coded.where not in REPORTABLE:
        where = WHERE_LABELS.get(coded.where, coded.where).lower()
        raise ValidationError({
            "session": f"{arrangement.pupil.first_name} is not expected with you this "
                       f"{SESSION_LABELS[session].lower()} "
                       f"({where}): the school records it."
        })
    mark = do_record_mark(
        pupil=arrangement.pupil, arrangement=arrangement, day=day, session=session, attended=attended, reason=reason,
        comment=comment or "", source=Source.PROVIDER, reported_at=now, actor=actor,
    )
    deadline = dt.time(coded.deadline.hour, coded.deadline.minute) if coded.deadline is not None else None
    late = False
    if not attended and coded.deadline is not None:
        local = timezone.localtime(now)
        reported = to_time(local)
        late = local.date() > day or (local.date() == day and reported is not None and reported > coded.deadline)
    return Reported(mark=mark, late=late, deadline=deadline)


# ---------------------------------------------------------------------------------------------
# The provider's page
# ---------------------------------------------------------------------------------------------


class SessionReportForm(GovukFormMixin, forms.Form):
    arrangement = forms.IntegerField(widget=forms.HiddenInput)
    session = forms.ChoiceField(choices=list(SESSION_LABELS.items()), widget=forms.HiddenInput)
    attended = forms.ChoiceField(
        label="Attendance", choices=[("yes", "Attended"), ("no", "Absent")], widget=forms.RadioSelect,
        error_messages={"required": "Say whether the pupil attended."},
    )
    reason = forms.ChoiceField(label="Reason for absence", choices=[("", "Choose a reason"), *REASON_CHOICES],
                               required=False)
    comment = forms.CharField(label="Comment", max_length=500, required=False)


def _day(request: HttpRequest) -> dt.date:
    raw = request.GET.get("date") or request.POST.get("date")
    if not raw:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise Http404("No such day") from None


@login_required
@require_http_methods(["GET", "POST"])
def provider_home(request: HttpRequest) -> HttpResponse:
    """Today's sessions of the pupils placed with the provider, each reported with its own form."""
    memberships = provider_of(request.user)
    day = _day(request)
    failed: SessionReportForm | None = None
    if request.method == "POST":
        failed = SessionReportForm(
            request.POST, auto_id=f"r{request.POST.get('arrangement', '')}{request.POST.get('session', '')}_%s"
        )
        if failed.is_valid():
            data = failed.cleaned_data
            try:
                membership = membership_for(memberships, data["arrangement"], day)
                reported = report_session(
                    provider=membership.provider, school=membership.school, arrangement_id=data["arrangement"],
                    day=day, session=data["session"],
                    attended=data["attended"] == "yes", reason=data["reason"], comment=data["comment"],
                    actor=request.user,
                )
            except ValidationError as error:
                apply_validation_error(failed, error)
            else:
                pupil = reported.mark.pupil
                text = f"{pupil.first_name} {pupil.last_name[:1]}: {SESSION_LABELS[data['session']].lower()} reported."
                if reported.late:
                    text += (f" This absence was reported after the {reported.deadline:%H:%M} deadline;"
                             " the school is alerted.")
                messages.success(request, text)
                return redirect(f"{request.path}?date={day.isoformat()}")
    rows: list[Row] = []
    schools: dict[int, School] = {}
    for membership in memberships:  # each school's placements, reached through the row that school issued
        theirs, placing = rows_for(membership.provider, membership.school, day)
        rows += theirs
        schools.update(placing)
    rows.sort(key=lambda r: (r.pupil.last_name, r.pupil.first_name, r.pupil.pk, r.session))
    _record_reads(request.user, memberships, rows, day)
    lines = []
    for row in rows:
        key = (row.arrangement.pk, row.session)
        is_failed = failed is not None and failed.errors and (
            str(failed.data.get("arrangement")), failed.data.get("session")) == (str(key[0]), key[1])
        mark = row.mark if row.reported_by_provider else None
        initial = {"arrangement": row.arrangement.pk, "session": row.session}
        if mark is not None:
            initial.update(attended="no" if mark.attended is False else "yes", reason=mark.absence_reason,
                           comment=mark.comment)
        lines.append({
            "row": row, "reportable": row.where in REPORTABLE, "mark": mark,
            "form": failed if is_failed else SessionReportForm(initial=initial, auto_id=f"r{key[0]}{key[1]}_%s"),
            "overdue": row.overdue(timezone.now()), "school": schools[row.arrangement.school_id],
            "reported_another_day": mark is not None and mark.reported_at is not None
            and timezone.localdate(mark.reported_at) != day,
            "session_label": SESSION_LABELS[row.session], "where_label": WHERE_LABELS.get(row.where, row.where),
        })
    providers = list(dict.fromkeys(m.provider for m in memberships))
    return render(request, "providers/portal/home.html", {
        "providers": providers, "provider": providers[0], "memberships": memberships,
        "placing_schools": list(dict.fromkeys(m.school for m in memberships)), "day": day, "lines": lines,
        "today": timezone.localdate(),
        "previous": day - dt.timedelta(days=1), "next": day + dt.timedelta(days=1),
    }, status=400 if failed is not None and failed.errors else 200)


def _record_reads(user: Any, memberships: list[ProviderStaff], rows: list[Row], day: dt.date) -> None:
    """The provider's reading of each pupil's sessions and marks on the page: a read row for each pupil
    shown (audit.record_reads), in the placing school's trail, named as the provider's member of staff."""
    seen: dict[int, Row] = {}
    for row in rows:
        seen.setdefault(row.arrangement.pk, row)
    names = {m.provider_id: m.provider.name for m in memberships}
    record_reads(
        user, f"the provider's attendance page for {day:%-d %b %Y}",
        [(r.arrangement, r.arrangement.school_id, r.pupil.pk,
          f"{r.pupil.full_name}'s placement with {names.get(r.arrangement.provider_id or 0, 'the provider')}")
         for r in seen.values()],
        actor_name=f"{user.get_full_name() or user.get_username()} ({', '.join(names.values())}'s staff)",
    )
