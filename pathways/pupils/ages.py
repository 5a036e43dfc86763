"""Ages for the pupil pages. Compulsory school age and year group come from the policy engine,
so the pages and the rules can never disagree."""

from __future__ import annotations

import datetime as dt

from pathways.policy import age


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def year_group_for(born: dt.date, day: dt.date) -> int:
    return age.year_group(born, day)


def describe_compulsory_school_age(born: dt.date, day: dt.date) -> str:
    start, end = age.compulsory_school_age_starts(born), age.compulsory_school_age_ends(born)
    if day < start:
        return f"Not yet: from {start:%-d %B %Y}"
    if day > end:
        return f"No longer: until {end:%-d %B %Y}"
    return f"Yes: from {start:%-d %B %Y} to {end:%-d %B %Y}"
