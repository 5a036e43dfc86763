"""Whether a risk assessment's rows fit the pupil: each template says "adapt for the student", so a row
still reading exactly as the template, or a row written for another phase (phonics for a Year 10 pupil),
is pointed out before the assessment is completed. Warnings, not refusals: a row may rightly stay."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pathways.safeguarding.models import RiskAssessment, RiskRow
from pathways.safeguarding.templates_data import TEMPLATES, TemplateRow


@dataclass(frozen=True)
class Warning:
    row: RiskRow
    text: str


def _year_name(year: int) -> str:
    return "Reception" if year == 0 else f"Year {year}"


def _same(row: RiskRow, template: TemplateRow) -> bool:
    return (row.hazard.strip(), row.control_measures.strip(), row.further_actions.strip()) == (
        template.hazard.strip(), template.control_measures.strip(), template.further_actions.strip())


def fit_warnings(assessment: RiskAssessment, day: dt.date | None = None) -> list[Warning]:
    """A warning for each row not adapted for the pupil, in the rows' order."""
    template_rows = [r for t in TEMPLATES.values() for r in t.rows]
    pupil = assessment.arrangement.pupil
    year = pupil.year_group_on(day or dt.date.today())
    out: list[Warning] = []
    for row in assessment.rows.all():
        source = next((t for t in template_rows if t.hazard.strip() == row.hazard.strip()), None)
        if source is not None and source.years is not None and not source.years[0] <= year <= source.years[1]:
            first, last = source.years
            out.append(Warning(row, f"\u201c{row.area or row.hazard}\u201d is written for pupils in "
                                    f"{_year_name(first)} to {_year_name(last)}; {pupil.full_name} is in "
                                    f"{_year_name(year)}. Remove the row or rewrite it for the pupil."))
        elif source is not None and _same(row, source):
            out.append(Warning(row, f"\u201c{row.area or row.hazard}\u201d still reads exactly as the template: "
                                    f"adapt its control measures for {pupil.full_name}, or remove it if it "
                                    "does not apply."))
    return out
