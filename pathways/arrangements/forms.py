"""Forms of the arrangement pages: choosing the pupil and kind, the plan each kind needs, an entry of
the chronology, and the lifecycle (approve, end)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from pathways.arrangements.actions import NOT_A_LEAD
from pathways.arrangements.models import (
    ARRANGEMENT_KIND_LABELS,
    KIND_CHOICES,
    OUTCOME_CHOICES,
    REASON_LABELS,
    Status,
)
from pathways.arrangements.vocabulary import EVENT_FIELDS, SESSIONS, WEEKDAY_NAMES, WEEKDAYS, WHERE, WHERE_LABELS, label
from pathways.forms import GovukFormMixin
from pathways.policy import casefile as cf
from pathways.providers.models import Provider
from pathways.pupils.models import Pupil
from pathways.schools.forms import DateInput
from pathways.schools.models import User

# Kinds placed with a provider, which the form asks for.
KINDS_WITH_PROVIDER = ("alternative_provision", "off_site_direction", "online_learning")
# Reasons that fit each kind (case-file.md and the catalogue). One reason: set without asking.
REASONS_BY_KIND: dict[str, tuple[str, ...]] = {
    "alternative_provision": ("exclusion_risk", "behaviour", "reintegration", "medical", "mental_health", "ebsa",
                              "other"),
    "part_time_timetable": ("medical", "injury", "mental_health", "ebsa", "reintegration", "parental_request",
                            "behaviour", "other"),
    "flexi_schooling": ("parental_request",),
    "online_learning": ("medical", "injury", "behaviour", "suspension"),
    "remote_learning": ("medical", "injury", "mental_health", "ebsa", "other"),
    "return_to_learn": ("medical", "mental_health", "ebsa", "injury"),
    "off_site_direction": ("behaviour", "exclusion_risk", "other"),
    "suspension": ("suspension",),
    "health_needs": ("medical", "injury", "mental_health"),
}
# Kinds with a phased return (steps back to full time).
KINDS_WITH_STEPS = ("part_time_timetable", "return_to_learn", "health_needs", "alternative_provision",
                    "remote_learning", "online_learning")
KINDS_WITHOUT_WEEK = ("suspension",)
MAX_STEPS = 6
NOT_BEHAVIOUR = (
    "A part-time timetable must not be used to manage behaviour: choose another reason, or another kind of "
    "arrangement."
)
WHERE_CHOICES = [(w, WHERE_LABELS[w]) for w in WHERE]
YES_NO = [("yes", "Yes"), ("no", "No")]


def _date() -> DateInput:
    return DateInput(attrs={"class": "govuk-input govuk-input--width-10"})


class ChoosePupilForm(GovukFormMixin, forms.Form):
    """Step 1: whose arrangement, and what kind."""

    pupil = forms.ModelChoiceField(queryset=Pupil.objects.none(), empty_label="Choose a pupil")
    kind = forms.ChoiceField(label="Kind of arrangement", choices=KIND_CHOICES, widget=forms.RadioSelect)

    def __init__(self, *args: Any, pupils: QuerySet[Pupil], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pupil"].queryset = pupils.order_by("last_name", "first_name", "id")  # type: ignore[attr-defined]
        self.fields["pupil"].error_messages["required"] = "Choose the pupil."
        self.fields["kind"].error_messages["required"] = "Choose the kind of arrangement."


LEAD_LABEL = "Who leads this arrangement?"
LEAD_HINT = "The member of staff responsible for it day to day: it is on their Today page and in their calendar."


class LeadChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A member of the school's staff, shown with their roles there."""

    def label_from_instance(self, obj: Any) -> str:
        roles = ", ".join(r.get_role_display() for r in getattr(obj, "roles_here", []))
        return f"{obj} ({roles})" if roles else str(obj)


def lead_field(staff: QuerySet[User], *, required: bool = True) -> LeadChoiceField:
    """The lead. Not required where the form defaults to the person filling it in: the select then has
    no empty choice, and a request without the field leaves the lead to the action (the actor)."""
    field = LeadChoiceField(queryset=staff, label=LEAD_LABEL, help_text=LEAD_HINT, required=required,
                            empty_label="Choose a member of staff" if required else None,
                            widget=forms.Select(attrs={"class": "govuk-select"}))
    field.error_messages["required"] = "Choose who leads this arrangement."
    field.error_messages["invalid_choice"] = NOT_A_LEAD
    return field


def _slot_name(day: str, session: str) -> str:
    return f"{day}_{session}"


class PlanForm(GovukFormMixin, forms.Form):
    """Step 2: what this kind of arrangement needs, and nothing else."""

    pupil_id = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.CharField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(choices=[])
    start = forms.DateField(label="Start date", widget=_date())
    end = forms.DateField(label="Proposed end date", widget=_date(), required=False)
    provider = forms.ModelChoiceField(queryset=Provider.objects.none(), required=False, empty_label="Choose a provider")
    la_approval_date = forms.DateField(
        label="Date the local authority approved the placement", widget=_date(), required=False,
        help_text="A pupil with an EHC plan may be placed with an unregistered provider only when the local "
                  "authority directs it.",
    )
    suspension_school_days = forms.IntegerField(
        label="Number of school days of suspension", min_value=1, max_value=45, required=False,
        help_text="Counted from the start date over the school's calendar.",
    )
    year11_exams_finished = forms.BooleanField(label="The pupil's Year 11 exams have finished", required=False)

    def __init__(self, *args: Any, pupil: Pupil, kind: str, providers: QuerySet[Provider], today: dt.date,
                 staff: QuerySet[User], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).update({"pupil_id": pupil.id, "kind": kind})
        super().__init__(*args, **kwargs)
        self.fields["lead"] = lead_field(staff, required=False)
        self.pupil, self.arrangement_kind, self.today = pupil, kind, today
        reasons = REASONS_BY_KIND[kind]
        if len(reasons) > 1:
            reason_field = self.fields["reason"]
            assert isinstance(reason_field, forms.ChoiceField)
            reason_field.choices = [("", "Choose a reason"), *((r, REASON_LABELS[r]) for r in reasons)]
            self.fields["reason"].error_messages["required"] = "Choose the reason for the arrangement."
        else:
            del self.fields["reason"]
        self.fields["start"].error_messages["required"] = "Enter the start date."
        if kind == "part_time_timetable":
            self.fields["end"].required = True
            self.fields["end"].error_messages["required"] = (
                "Enter the proposed end date: a part-time timetable must be time-limited."
            )
            self.fields["end"].help_text = "A part-time timetable must have one; it may be extended at a review."
        if kind in KINDS_WITH_PROVIDER:
            self.fields["provider"].queryset = providers.order_by("name")  # type: ignore[attr-defined]
            self.fields["provider"].required = True
            self.fields["provider"].error_messages["required"] = "Choose the provider."
        else:
            del self.fields["provider"]
        if not (kind in KINDS_WITH_PROVIDER and pupil.send == "ehcp"):
            del self.fields["la_approval_date"]
        if kind == "suspension":
            self.fields["suspension_school_days"].required = True
            self.fields["suspension_school_days"].error_messages["required"] = "Enter how many school days."
        else:
            del self.fields["suspension_school_days"]
        if not (kind == "suspension" and pupil.year_group_on(today) == 11):
            del self.fields["year11_exams_finished"]
        if kind not in KINDS_WITHOUT_WEEK:
            default = "provider" if kind in ("alternative_provision", "off_site_direction") else "school"
            default = "online" if kind in ("online_learning", "remote_learning") else default
            for day in WEEKDAYS:
                for session in SESSIONS:
                    self.fields[_slot_name(day, session)] = forms.ChoiceField(
                        label=f"{WEEKDAY_NAMES[day]} {'morning' if session == 'am' else 'afternoon'}",
                        choices=WHERE_CHOICES, initial=default,
                        widget=forms.Select(attrs={"class": "govuk-select"}),
                    )
        if kind in KINDS_WITH_STEPS:
            for i in range(1, MAX_STEPS + 1):
                self.fields[f"step_{i}_from"] = forms.DateField(
                    label=f"Step {i}: from", required=False,
                    widget=_date(),
                )
                self.fields[f"step_{i}_hours"] = forms.DecimalField(
                    label=f"Step {i}: hours a week in school", min_value=Decimal(0), max_value=Decimal(40),
                    decimal_places=1, required=False,
                    widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4", "step": "0.5"}),
                )

    # ------------------------------------------------------------------ what the template lays out

    @property
    def kind_label(self) -> str:
        return ARRANGEMENT_KIND_LABELS[self.arrangement_kind]

    @property
    def has_week(self) -> bool:
        return self.arrangement_kind not in KINDS_WITHOUT_WEEK

    @property
    def week_rows(self) -> list[tuple[str, Any, Any]]:
        return [(WEEKDAY_NAMES[d], self[_slot_name(d, "am")], self[_slot_name(d, "pm")]) for d in WEEKDAYS]

    @property
    def step_rows(self) -> list[tuple[int, Any, Any]]:
        if self.arrangement_kind not in KINDS_WITH_STEPS:
            return []
        return [(i, self[f"step_{i}_from"], self[f"step_{i}_hours"]) for i in range(1, MAX_STEPS + 1)]

    @property
    def warns_unregistered(self) -> bool:
        return "la_approval_date" in self.fields

    # ------------------------------------------------------------------ checks

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reasons = REASONS_BY_KIND[self.arrangement_kind]
        if len(reasons) == 1:
            data["reason"] = reasons[0]
        if self.arrangement_kind == "part_time_timetable" and data.get("reason") == "behaviour":
            self.add_error("reason", NOT_BEHAVIOUR)
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The proposed end date must be on or after the start date.")
        provider = data.get("provider")
        if "la_approval_date" in self.fields and provider is not None and provider.registration == "unregistered":
            approved = data.get("la_approval_date")
            if approved is None:
                self.add_error("la_approval_date", (
                    f"{self.pupil.full_name} has an EHC plan and {provider.name} is not registered: enter the "
                    "date the local authority approved the placement, or choose a registered provider."
                ))
            elif approved > self.today:
                self.add_error("la_approval_date", "The date of the local authority's approval is in the future.")
        if self.has_week:
            data["slots"] = {
                d: {s: data[_slot_name(d, s)] for s in SESSIONS if data.get(_slot_name(d, s))} for d in WEEKDAYS
            }
        steps = []
        for i, from_field, hours_field in self.step_rows:
            got_from, got_hours = data.get(f"step_{i}_from"), data.get(f"step_{i}_hours")
            if got_from is None and got_hours is None:
                continue
            if got_from is None:
                self.add_error(from_field.name, "Enter the date the step starts.")
            elif got_hours is None:
                self.add_error(hours_field.name, "Enter the hours a week in school.")
            else:
                if start and got_from < start:
                    self.add_error(from_field.name, "The step starts before the arrangement.")
                steps.append((got_from, got_hours))
        dates = [d for d, _ in steps]
        if len(set(dates)) != len(dates):
            self.add_error(None, "Two phased steps start on the same day: give each step its own date.")
        data["steps"] = sorted(steps)
        return data


def school_days_from(start: dt.date, count: int, calendar: Any) -> list[dt.date]:
    """`count` school days from `start` (itself when it is one) over the school's calendar."""
    days: list[dt.date] = []
    day = start
    while len(days) < count:
        if calendar.is_school_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def parse_yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


class EventForm(GovukFormMixin, forms.Form):
    """An entry of the chronology of one type, with only the details that type has."""

    type = forms.CharField(widget=forms.HiddenInput)
    date = forms.DateField(widget=_date(), label="Date")
    written = forms.ChoiceField(label="Was it in writing?", choices=YES_NO, initial="yes", widget=forms.RadioSelect)
    by = forms.ChoiceField(label="Who asked", choices=[("", "Choose"), ("parent", "A parent"),
                                                                 ("la", "The local authority")],
                           required=False)
    outcome = forms.ChoiceField(label="Outcome", choices=[])
    parent_attended = forms.ChoiceField(label="Did a parent attend?", choices=YES_NO, widget=forms.RadioSelect,
                                        required=False)
    source = forms.ChoiceField(label="Who gave the evidence", choices=[
        ("", "Choose"), ("consultant", "A consultant"), ("community_paediatrician", "A community paediatrician"),
        ("camhs_psychiatrist", "A CAMHS psychiatrist"), ("gp", "A GP"),
        ("waiting_list", "Confirmation the pupil is on a waiting list"),
    ], required=False)
    kind = forms.ChoiceField(label="How the pupil was seen or spoken to", choices=[
        ("", "Choose"), ("phone", "By phone"), ("home_visit", "A home visit"), ("in_person", "In person"),
    ], required=False)
    all_parents = forms.ChoiceField(label="Did the parents of every child in the group consent?", choices=YES_NO,
                                    widget=forms.RadioSelect)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    attachment = forms.FileField(required=False, help_text="A PDF, Word (.docx), JPEG or PNG file of 10 MB or less.")

    def __init__(self, *args: Any, event_type: str, today: dt.date, kind: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})["type"] = event_type
        super().__init__(*args, **kwargs)
        self.event_type, self.today, self.arrangement_kind = event_type, today, kind
        self.fields["date"].error_messages["required"] = "Enter the date."
        wanted = EVENT_FIELDS.get(event_type, ())
        for name in ("written", "by", "outcome", "parent_attended", "source", "kind", "all_parents"):
            if name not in wanted:
                del self.fields[name]
        if "outcome" in self.fields:
            choices = cf.REVIEW_OUTCOMES if event_type == "review" else cf.END_OUTCOMES
            outcome = self.fields["outcome"]
            assert isinstance(outcome, forms.ChoiceField)
            outcome.choices = [("", "Choose"), *((c, label(c)) for c in choices)]
            self.fields["outcome"].required = event_type == "review"

    @property
    def title(self) -> str:
        return label(self.event_type, self.arrangement_kind)

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        if day > self.today:
            raise forms.ValidationError("The date is in the future: record what has happened, on the day it did.")
        return day

    def event_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        out: dict[str, Any] = {}
        for name in ("written", "parent_attended", "all_parents"):
            if name in self.fields and data.get(name):
                out[name] = parse_yes_no(data[name])
        for name in ("by", "outcome", "source", "kind"):
            if name in self.fields and data.get(name):
                out[name] = data[name]
        return out


class ApproveForm(GovukFormMixin, forms.Form):
    on = forms.DateField(label="Date of approval", widget=_date())
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["on"].error_messages["required"] = "Enter the date of approval."

    def clean_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["on"]
        if day > self.today:
            raise forms.ValidationError("The date of approval is in the future.")
        return day


class EndForm(GovukFormMixin, forms.Form):
    on = forms.DateField(label="Last day of the arrangement", widget=_date())
    outcome = forms.ChoiceField(label="Outcome", choices=[("", "Choose"), *OUTCOME_CHOICES])
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].error_messages["required"] = "Enter the last day of the arrangement."
        self.fields["outcome"].error_messages["required"] = "Choose how the arrangement ended."


class ChangeLeadForm(GovukFormMixin, forms.Form):
    """Hand the arrangement to another member of the school's staff."""

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"] = lead_field(staff)


class ArrangementFilterForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *KIND_CHOICES])
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *Status.choices])
    mine = forms.BooleanField(label="Led by me", required=False)
