from __future__ import annotations

from typing import Any

from django import forms

from pathways.forms import GovukFormMixin
from pathways.remote.models import Rag
from pathways.remote.models_survey import Connection, Device
from pathways.schools.forms import DateInput
from pathways.schools.models import User

_TEXT = {"rows": 3}


class DescribedMixin(GovukFormMixin):
    """Each field with a hint is described by it (the hint's id is the field's id and "-hint")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self.auto_id % self.add_prefix(name)}-hint"  # type: ignore[attr-defined]


class StaffChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class OfferForm(DescribedMixin, forms.Form):
    effective_from = forms.DateField(label="This offer applies from", widget=DateInput(),
                                     help_text="Earlier versions stay as they were: the offer on any past day "
                                     "can be shown.")
    lead = StaffChoiceField(label="Remote learning lead", queryset=User.objects.none(),
                            empty_label="Choose a member of staff",
                            help_text="The member of staff who leads remote education (002, Section 2).")
    next_day_capacity = forms.BooleanField(
        label="We can start remote education for a pupil at home by the next school day", required=False)
    next_day_how = forms.CharField(label="How remote education starts on the next school day",
                                   widget=forms.Textarea(attrs=_TEXT), required=False)
    platforms = forms.CharField(label="Platforms and resources", widget=forms.Textarea(attrs=_TEXT),
                                help_text="For example Microsoft Teams, Class Dojo, Oak National Academy, "
                                "printed packs.")
    hours_ks1 = forms.DecimalField(label="Hours a day in Key Stage 1", min_value=0, max_value=8,
                                   decimal_places=1, required=False)
    hours_ks2 = forms.DecimalField(label="Hours a day in Key Stage 2", min_value=0, max_value=8,
                                   decimal_places=1, required=False)
    hours_ks3 = forms.DecimalField(label="Hours a day in Key Stage 3", min_value=0, max_value=8,
                                   decimal_places=1, required=False)
    hours_ks4 = forms.DecimalField(label="Hours a day in Key Stage 4", min_value=0, max_value=8,
                                   decimal_places=1, required=False)
    engagement_weekly = forms.BooleanField(label="Engagement is checked at least weekly", required=False)
    engagement_how = forms.CharField(label="How engagement is checked", widget=forms.Textarea(attrs=_TEXT))
    parents_told_how = forms.CharField(label="How parents are told when engagement is a concern",
                                       widget=forms.Textarea(attrs=_TEXT))
    send_provision = forms.CharField(label="Provision for pupils with SEND", widget=forms.Textarea(attrs=_TEXT))
    for_parents = forms.CharField(label="A word to parents and carers", widget=forms.Textarea(attrs=_TEXT),
                                  required=False, help_text="Shown at the top of the page for parents.")

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["lead"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = staff


class RatingForm(GovukFormMixin, forms.Form):
    rating = forms.ChoiceField(label="Red, amber or green?", choices=Rag.choices, widget=forms.RadioSelect)
    doing = forms.CharField(label="What are we doing?", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    impact = forms.CharField(label="Impact: how do we know?", widget=forms.Textarea(attrs={"rows": 2}),
                             required=False)
    next_steps = forms.CharField(label="What do we need to do now?", widget=forms.Textarea(attrs={"rows": 2}),
                                 required=False)
    who = forms.CharField(label="Who", max_length=200, required=False)
    by_when = forms.DateField(label="By when", widget=DateInput(), required=False)


class AuditDateForm(GovukFormMixin, forms.Form):
    rated_on = forms.DateField(label="Date of this audit", widget=DateInput())


class PupilChoices(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} (year {obj.year_group if obj.year_group is not None else '?'})"


class AgreementChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.arrangement.pupil.full_name}: equipment agreement of {obj.date:%-d %B %Y}"


class FamilyAccessForm(DescribedMixin, forms.Form):
    pupils = PupilChoices(label="Pupils in the family", queryset=User.objects.none(),
                          widget=forms.SelectMultiple(attrs={"size": 8}),
                          help_text="The pupil and any brothers or sisters at the school: they share the answer.")
    surveyed_on = forms.DateField(label="Date of the answer", widget=DateInput())
    device = forms.ChoiceField(label="Device for school work", choices=Device.choices, widget=forms.RadioSelect)
    connection = forms.ChoiceField(label="Internet at home", choices=Connection.choices, widget=forms.RadioSelect)
    needs_help = forms.BooleanField(label="The family needs help to learn remotely", required=False)
    help_needed = forms.CharField(label="What help", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    lent = forms.CharField(label="What the school lent", max_length=500, required=False,
                           help_text="For example a laptop (asset tag) or a 4G router.")
    equipment_agreement = AgreementChoice(label="The equipment agreement signed for it", required=False,
                                          queryset=User.objects.none(), empty_label="None recorded")

    def __init__(self, *args: Any, pupils: Any, agreements: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("pupils", pupils), ("equipment_agreement", agreements)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
