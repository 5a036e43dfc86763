"""The daily register's forms: one SessionForm a session of the day sheet (a pupil's morning or
afternoon), in a RegisterFormSet that the day sheet sizes. The fields keep the page's names,
<field>-<pupil id>-<session> (code-41-am), so the page posts no management form: the day sheet, not the
page, says which sessions there are."""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.forms.formsets import ManagementForm

from pathways.attendance.models import REASON_CHOICES
from pathways.forms import NoControlCharactersMixin

if TYPE_CHECKING:
    from pathways.register.views import Line

REASONS = frozenset(reason for reason, _ in REASON_CHOICES)
MAX_COMMENT = 500
MAX_SESSIONS = 20_000  # two a pupil: far beyond any school's roll


def _time(text: str) -> dt.time | None:
    try:
        return dt.time.fromisoformat(text) if re.fullmatch(r"\d{1,2}:\d{2}", text) else None
    except ValueError:
        return None


class SessionForm(NoControlCharactersMixin, forms.Form):
    """One session: what happened (blank: attended), the code, a comment and, in school, when the pupil
    arrived. `offered` is the code the page showed (the engine's); `use` the right code the page offered
    beside a wrong one, when the user took it. The line shows what was typed and the errors."""

    happened = forms.CharField(required=False)
    code = forms.CharField(required=False)
    comment = forms.CharField(required=False)
    offered = forms.CharField(required=False)
    use = forms.CharField(required=False)
    arrived = forms.CharField(required=False)
    # The version of the session the page showed (Mark.version), and, when the save found it changed since,
    # whose mark the user chose to keep ("theirs" or "mine").
    seen = forms.CharField(required=False)
    resolve = forms.ChoiceField(required=False, choices=[("", ""), ("theirs", "theirs"), ("mine", "mine")])

    def __init__(self, *args: Any, line: Line, **kwargs: Any) -> None:
        self.line = line
        super().__init__(*args, **kwargs)

    def add_prefix(self, field_name: str) -> str:
        return f"{field_name}-{self.prefix}"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        line = self.line
        happened, comment = data.get("happened", ""), data.get("comment", "")
        # The code the page offered is the engine's: left as it was, the engine derives it again from
        # what happened (so choosing an absence reason is enough).
        use = data.get("use", "").upper()
        code = use or data.get("code", "").upper()  # `use`: the user took the right code the page offered
        # An arrival time only for a session in school, never for a suspended pupil (no box is shown).
        arrived = data.get("arrived", "") if line.row.where == "school" and line.row.expected.code != "E" else ""
        line.happened, line.code, line.comment, line.arrived = happened, code, comment, arrived
        arrived_at = _time(arrived.zfill(5)) if arrived else None
        data.update(code=code, offered=data.get("offered", "").upper(), arrived=arrived, arrived_at=arrived_at)
        if arrived and arrived_at is None:
            self.add_error("arrived", "Arrived: enter the time the pupil arrived, like 09:05.")
        elif arrived and happened:
            self.add_error("arrived", "Arrived: leave it blank for a pupil who was absent.")
        if happened and happened not in REASONS:
            self.add_error("happened", "What happened: choose from the list.")
        if len(comment) > MAX_COMMENT:
            self.add_error("comment", f"Comment: keep it to {MAX_COMMENT} characters.")
        return data

    def changed(self) -> bool:
        """Whether the session differs from its mark (or, with none, anything was entered). A session whose
        change by someone else the user chose to keep is unchanged."""
        data, mark = self.cleaned_data, self.line.row.mark
        if data.get("resolve") == "theirs":
            return False
        happened, code, comment, arrived = data["happened"], data["code"], data["comment"], data["arrived"]
        if mark is None:
            return bool(code or happened or comment or arrived)
        was = mark.absence_reason or ("unknown" if mark.attended is False else "")
        was_arrived = mark.arrived.strftime("%H:%M") if mark.arrived else ""
        return (happened, code, comment, arrived) != (was, mark.code, mark.comment, was_arrived)

    def row(self) -> dict[str, Any]:
        """The session as do_record_day takes it."""
        data, line = self.cleaned_data, self.line
        code, happened = data["code"], data["happened"]
        row = {
            "pupil": line.pupil, "arrangement": line.row.arrangement, "session": line.row.session,
            "code": None if code == data["offered"] else (code or None), "attended": not happened,
            "reason": happened or None, "arrived": data["arrived_at"], "comment": data["comment"],
        }
        if self.add_prefix("seen") in self.data:  # the page said which version it showed
            row["seen"] = data["seen"]
        return row


class _SheetFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """A SessionForm for each line of the day sheet, named by the line's key."""

    def __init__(self, data: Any, *, lines: list[Line]) -> None:
        self.lines = lines
        super().__init__(data, prefix="register")

    @cached_property
    def management_form(self) -> ManagementForm:
        """As the day sheet has it: every session is an initial form, none is added or deleted."""
        count = len(self.lines)
        form = ManagementForm({f"{self.prefix}-TOTAL_FORMS": count, f"{self.prefix}-INITIAL_FORMS": count},
                              auto_id=self.auto_id, prefix=self.prefix)
        form.full_clean()
        return form

    def add_prefix(self, index: Any) -> str:
        return self.lines[index].key if isinstance(index, int) else super().add_prefix(index)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"line": self.lines[index] if index is not None else None}

    def changed_rows(self) -> list[dict[str, Any]]:
        """The sessions that differ from their marks, as do_record_day takes them; each form's errors are
        put on its line, in the order the page shows them."""
        rows = []
        for form in self.forms:
            if not form.is_valid():
                form.line.errors.extend(message for messages in form.errors.values() for message in messages)
            elif form.changed():
                rows.append(form.row())
        return rows


RegisterFormSet = cast("type[_SheetFormSet]", forms.formset_factory(
    SessionForm, formset=_SheetFormSet, extra=0, max_num=MAX_SESSIONS, absolute_max=MAX_SESSIONS))
