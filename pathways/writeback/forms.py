"""The MIS connection form."""

from __future__ import annotations

from django import forms

from pathways.forms import GovukFormMixin
from pathways.writeback.models import Route


class ConnectionForm(GovukFormMixin, forms.Form):
    route = forms.ChoiceField(label="How the marks reach the MIS", choices=Route.choices, widget=forms.RadioSelect)
    base_url = forms.CharField(label="API address", required=False, max_length=300,
                               help_text="For Wonde: https://api.wonde.com/v1.0")
    mis_school_id = forms.CharField(label="The school's id at Wonde", required=False, max_length=64)
    token = forms.CharField(label="API token", required=False, max_length=500,
                            widget=forms.PasswordInput(render_value=False),
                            help_text="Stored encrypted and never shown again. Leave blank to keep the saved one.")
    batch_size = forms.IntegerField(label="Marks a request", min_value=1, max_value=1000, initial=200)


class DayForm(GovukFormMixin, forms.Form):
    date = forms.DateField(required=False)
