"""The approvals: the headteacher's approval page (approve, or see why approval is refused and what would
make it lawful), refusing with a reason, recording an agreement given after the start (an arrangement
already active or ended with none in its chronology), and the trust's approvals (the trust lead's queue of placements
with unregistered providers, with the forms the school sent, and the trust's decision on one). Thin:
access, validate, one action, render."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from pathways.arrangements.access import arrangement_for
from pathways.arrangements.approvals import (
    NO_AGREEMENT_NOTE,
    NO_NOTE,
    NO_REASON,
    TRUST_FORMS,
    awaiting_trust,
    do_approve_for_trust,
    do_record_late_agreement,
    do_refuse_approval,
    do_refuse_for_trust,
    needs_late_agreement,
)
from pathways.arrangements.forms import ApproveForm
from pathways.arrangements.models import Arrangement, Event
from pathways.arrangements.models_approvals import ApprovalRefusal, RefusedBy
from pathways.audit.record import record_read
from pathways.audit.versions import version_of
from pathways.cases.approval import describe_day
from pathways.cases.evidence import counted_as_evidence
from pathways.casework.arrangements.approvals import do_approve_arrangement, hold_for
from pathways.forms import GovukFormMixin, form_status, save_form
from pathways.providers.checks import counted_checks
from pathways.safeguarding.models import RiskAssessment
from pathways.schools.access import access_for
from pathways.schools.forms import DateInput
from pathways.schools.models import Trust
from pathways.schools.permissions import require


class _DecisionForm(GovukFormMixin, forms.Form):
    """A decision's date, which may not be in the future: the base of the refusal and the trust's decision."""

    on = forms.DateField(label="Date", widget=DateInput(attrs={"class": "govuk-input govuk-input--width-10"}))

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["on"]
        if day > self.today:
            raise forms.ValidationError("The date is in the future.")
        return day


class ReasonForm(_DecisionForm):
    reason = forms.CharField(label="Why is it refused?", widget=forms.Textarea(attrs={"rows": 4}),
                             help_text="The school reads this in the arrangement's chronology.")

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, today=today, **kwargs)
        self.fields["on"].error_messages["required"] = "Enter the date of the refusal."
        self.fields["reason"].error_messages["required"] = NO_REASON


class TrustDecisionForm(_DecisionForm):
    decision = forms.ChoiceField(label="The trust's decision", widget=forms.RadioSelect,
                                 choices=[("approve", "Approve the placement"), ("refuse", "Refuse it")])
    note = forms.CharField(label="On what grounds?", widget=forms.Textarea(attrs={"rows": 4}),
                           help_text="Approving: the forms read and any condition. Refusing: why. The school reads "
                                     "this in the arrangement's chronology.")
    field_order = ["decision", "on", "note"]

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, today=today, **kwargs)
        self.fields["decision"].error_messages["required"] = "Choose whether the trust approves or refuses."
        self.fields["on"].error_messages["required"] = "Enter the date of the decision."
        self.fields["note"].error_messages["required"] = NO_NOTE


class LateAgreementForm(_DecisionForm):
    note = forms.CharField(label="How and why is it recorded now?", widget=forms.Textarea(attrs={"rows": 4}),
                           help_text="When and how the headteacher agreed (in a meeting, by e-mail, on the "
                                     "consideration form), and why it was not recorded before the start.")

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, today=today, **kwargs)
        self.fields["on"].label = "The date the headteacher agreed"
        self.fields["on"].error_messages["required"] = "Enter the date the headteacher agreed."
        self.fields["note"].error_messages["required"] = NO_AGREEMENT_NOTE


def _approval_context(arrangement: Arrangement, today: dt.date, form: Any, seen: str) -> dict[str, Any]:
    hold = hold_for(arrangement, today)
    return {
        "school": arrangement.school, "arrangement": arrangement, "pupil": arrangement.pupil, "form": form,
        "hold": hold, "judged_on": describe_day(hold.refusal, arrangement), "version": seen,
        "steps": list(arrangement.steps.all()),
        "assessments": list(RiskAssessment.objects.filter(arrangement=arrangement).order_by("-id")[:5]),
        "refusals": list(ApprovalRefusal.objects.filter(arrangement=arrangement).select_related("refused_by")),
    }


@login_required
@require_http_methods(["GET", "POST"])
def arrangement_approve(request: HttpRequest, school_id: int, arrangement_id: int) -> HttpResponse:
    """The headteacher's approval: the arrangement, its steps back and its risk assessments; the approval
    form, or why approval is refused and what would make it lawful (the server refuses the POST too)."""
    arrangement = arrangement_for(request.user, school_id, arrangement_id)
    require(request.user, "approve_arrangements", arrangement.school)
    today = dt.date.today()
    form, done, seen = _decide(
        request, arrangement, ApproveForm(request.POST or None, initial={"on": today}, today=today),
        lambda data, version: do_approve_arrangement(arrangement=arrangement, actor=request.user, on=data["on"],
                                                     note=data["note"], today=today, seen=version),
        "Approved: the arrangement is active.")
    if done:
        return done
    if request.method == "GET":
        record_read(request.user, "arrangement approval", arrangement, school=arrangement.school,
                    pupil=arrangement.pupil_id)
    status = form_status(form) if request.method == "POST" else 200
    return render(request, "arrangements/approve.html", _approval_context(arrangement, today, form, seen),
                  status=status)


def _decide(request: HttpRequest, arrangement: Arrangement, form: forms.Form,
            act: Callable[[dict[str, Any], str | None], Any],
            message: str | Callable[[Any], str]) -> tuple[forms.Form, HttpResponse | None, str]:
    """A headteacher's decision on the arrangement (approve, refuse, the agreement given after the start): the
    form saved through `act(cleaned data, the version the page was read at)`, back to the arrangement's page."""
    seen = request.POST.get("version", "") if request.method == "POST" else version_of(arrangement)
    done, seen = save_form(
        request, form, lambda data: act(data, request.POST.get("version")), message=message,
        to=lambda _: redirect("arrangement-detail", arrangement.school_id, arrangement.id), version=seen)
    return form, done, seen


@login_required
@require_http_methods(["GET", "POST"])
def arrangement_refuse(request: HttpRequest, school_id: int, arrangement_id: int) -> HttpResponse:
    arrangement = arrangement_for(request.user, school_id, arrangement_id)
    require(request.user, "approve_arrangements", arrangement.school)
    today = dt.date.today()
    form, done, seen = _decide(
        request, arrangement, ReasonForm(request.POST or None, initial={"on": today}, today=today),
        lambda data, version: do_refuse_approval(arrangement=arrangement, actor=request.user, on=data["on"],
                                                 reason=data["reason"], seen=version),
        "Refused: the arrangement is back in draft, with your reason in its chronology.")
    if done:
        return done
    return render(request, "arrangements/refuse.html", {
        "school": arrangement.school, "arrangement": arrangement, "pupil": arrangement.pupil, "form": form,
        "version": seen}, status=form_status(form) if request.method == "POST" else 200)


def _agreed_message(on: dt.date, start: dt.date) -> str:
    if on > start:
        return (f"The headteacher's agreement of {on:%-d %B %Y} is recorded; it came after the start on "
                f"{start:%-d %B %Y}, so the duty shows as met late.")
    return (f"The headteacher's agreement of {on:%-d %B %Y} is recorded; it was given by the start on "
            f"{start:%-d %B %Y}, so the duty shows as met.")


@login_required
@require_http_methods(["GET", "POST"])
def arrangement_late_agreement(request: HttpRequest, school_id: int, arrangement_id: int) -> HttpResponse:
    """The headteacher records an agreement given after the start, on an arrangement already active or ended
    with none in its chronology (brought in without it): the date it was given and how, and why it is
    recorded now. Another arrangement is shown why there is nothing to record here (the server refuses the
    POST too)."""
    arrangement = arrangement_for(request.user, school_id, arrangement_id)
    require(request.user, "approve_arrangements", arrangement.school)
    today = dt.date.today()
    form, done, seen = _decide(
        request, arrangement, LateAgreementForm(request.POST or None, initial={"on": today}, today=today),
        lambda data, version: do_record_late_agreement(arrangement=arrangement, actor=request.user, on=data["on"],
                                                       note=data["note"], seen=version),
        lambda event: _agreed_message(event.date, arrangement.start))
    if done:
        return done
    if request.method == "POST":
        arrangement.refresh_from_db()  # as it is now, when the action refused it
    claimed = next((c for c in arrangement.to_confirm or [] if c.get("type") == "headteacher_approval"), None)
    recorded = (Event.current.filter(arrangement=arrangement, type="headteacher_approval")
                .order_by("date", "id").first())
    return render(request, "arrangements/late_agreement.html", {
        "school": arrangement.school, "arrangement": arrangement, "pupil": arrangement.pupil, "form": form,
        "version": seen, "open": needs_late_agreement(arrangement), "recorded": recorded, "claimed": claimed,
    }, status=form_status(form) if request.method == "POST" else 200)


# ----------------------------------------------------------------------------- the trust's approvals


def trust_forms(arrangement: Arrangement) -> list[dict[str, Any]]:
    """The forms the trust decides on, each with the entry or check that records it (and its file or its
    printed report), counted as the rules count them (cases/evidence.py): a form left incomplete, a risk
    assessment not signed off or an initial visit with no Appendix 1b report is not sent."""
    events = {e.type: e for e in Event.current.filter(counted_as_evidence(), arrangement=arrangement,
                                                       type__in=("consideration_form", "risk_assessment"))
              .order_by("date", "id")}
    checks = (list(arrangement.provider.checks.filter(counted_checks(), type="initial_visit"))
              if arrangement.provider is not None else [])
    out: list[dict[str, Any]] = []
    for kind, words in TRUST_FORMS:
        name = words.removeprefix("the ")
        name = name[:1].upper() + name[1:]
        if kind == "initial_visit":
            check = max(checks, key=lambda c: (c.date, c.id)) if checks else None
            out.append({"name": name, "date": check.date if check else None, "note": check.note if check else "",
                        "file": "", "report": reverse("provider-check-report", args=(
                            arrangement.school_id, check.provider_id, check.id)) if check else ""})
            continue
        event = events.get(kind)
        out.append({
            "name": name, "date": event.date if event else None, "note": event.note if event else "",
            "file": os.path.basename(event.attachment.name) if event and event.attachment else "",
            "event": event,
        })
    return out


def _awaiting_trust(trust: Trust) -> list[Arrangement]:
    return list(
        Arrangement.objects.filter(school__trust=trust).filter(awaiting_trust())
        .select_related("school", "pupil", "provider").prefetch_related("provider__checks")
        .order_by("start", "id")
    )


@login_required
def trust_approvals(request: HttpRequest, trust_id: int) -> HttpResponse:
    """The trust lead's queue: placements with unregistered providers waiting for the trust's approval."""
    if trust_id not in access_for(request.user).trust_ids:
        raise Http404("No such trust")
    trust = get_object_or_404(Trust, id=trust_id)
    rows = []
    for a in _awaiting_trust(trust):
        found = trust_forms(a)
        rows.append({"arrangement": a, "forms": found, "missing": [f["name"] for f in found if f["date"] is None]})
    return render(request, "arrangements/trust_approvals.html", {"trust": trust, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def trust_approval(request: HttpRequest, school_id: int, arrangement_id: int) -> HttpResponse:
    """The trust lead's decision on one placement: the forms the school sent, then approve (with a note) or
    refuse (with the reason)."""
    arrangement = arrangement_for(request.user, school_id, arrangement_id)
    require(request.user, "approve_for_trust", arrangement.school)
    today = dt.date.today()
    seen = request.POST.get("version", "") if request.method == "POST" else version_of(arrangement)
    form = TrustDecisionForm(request.POST or None, initial={"on": today}, today=today)
    def decide(data: dict[str, Any]) -> str:
        if data["decision"] == "approve":
            do_approve_for_trust(arrangement=arrangement, actor=request.user, on=data["on"], note=data["note"],
                                 seen=request.POST.get("version"))
            return "approved"
        do_refuse_for_trust(arrangement=arrangement, actor=request.user, on=data["on"], reason=data["note"],
                            seen=request.POST.get("version"))
        return "refused"

    provider = arrangement.provider.name if arrangement.provider else "the provider"
    done, seen = save_form(
        request, form, decide,
        message=lambda verb: f"The trust {verb} the placement of {arrangement.pupil.full_name} with {provider}.",
        to=lambda _: (redirect("trust-approvals", arrangement.school.trust_id) if arrangement.school.trust_id
                      is not None else redirect("arrangement-detail", arrangement.school_id, arrangement.id)),
        version=seen)
    if done:
        return done
    if request.method == "GET":
        record_read(request.user, "trust approval", arrangement, school=arrangement.school, pupil=arrangement.pupil_id)
    found = trust_forms(arrangement)
    return render(request, "arrangements/trust_approval.html", {
        "school": arrangement.school, "arrangement": arrangement, "pupil": arrangement.pupil, "form": form,
        "version": seen, "forms": found, "missing": [f["name"] for f in found if f["date"] is None],
        "approved": Event.current.filter(arrangement=arrangement, type="trust_approval").first(),
        "refusals": list(ApprovalRefusal.objects.filter(arrangement=arrangement, by=RefusedBy.TRUST)
                         .select_related("refused_by")),
    }, status=form_status(form) if request.method == "POST" else 200)
