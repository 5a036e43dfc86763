"""GOV.UK's date input for memorable dates: day, month and year in three boxes."""

from __future__ import annotations

import datetime as dt

from django import forms

from pathways.forms import DatePartsInput, GovukFormMixin


class BornForm(GovukFormMixin, forms.Form):
    born = forms.DateField(label="Date of birth", widget=DatePartsInput(), help_text="For example, 27 3 2012")


def test_the_three_boxes_make_the_date() -> None:
    form = BornForm({"born_day": "7", "born_month": "03", "born_year": "2012"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["born"] == dt.date(2012, 3, 7)


def test_a_day_that_does_not_exist_is_refused_and_shown_again_as_typed() -> None:
    form = BornForm({"born_day": "31", "born_month": "2", "born_year": "2012"})
    assert not form.is_valid() and "born" in form.errors
    html = str(form["born"])
    assert 'value="31"' in html and 'value="2"' in html and 'value="2012"' in html
    assert 'name="born_day"' in html and 'id="id_born_0"' in html and 'inputmode="numeric"' in html


def test_empty_boxes_are_a_missing_date_and_a_single_value_is_still_read() -> None:
    assert "born" in BornForm({"born_day": "", "born_month": "", "born_year": ""}).errors
    form = BornForm({"born": "2012-03-07"})
    assert form.is_valid() and form.cleaned_data["born"] == dt.date(2012, 3, 7)


def test_a_saved_date_fills_the_boxes() -> None:
    html = str(BornForm(initial={"born": dt.date(2012, 3, 7)})["born"])
    assert 'value="7"' in html and 'value="3"' in html and 'value="2012"' in html
