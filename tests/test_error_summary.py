"""A form with errors: the page title begins "Error:" and the error summary takes the focus when the page
loads (autofocus, so it works without JavaScript), as the GOV.UK error summary pattern asks."""

from typing import Any


def test_a_refused_form_prefixes_the_title_and_focuses_its_summary(world: Any, as_user: Any) -> None:
    response = as_user(world.staff["headteacher"]).post(f"/schools/{world.school.id}/policy/",
                                                        {"provider_absence_deadline": "ten o'clock"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: " in body
    summary = body[body.index('class="govuk-error-summary"'):]
    assert summary.index("autofocus") < summary.index(">") and 'tabindex="-1"' in summary[:summary.index(">")]


def test_a_page_without_errors_has_no_error_in_its_title(world: Any, as_user: Any) -> None:
    body = as_user(world.staff["headteacher"]).get(f"/schools/{world.school.id}/policy/").content.decode()
    assert "<title>Error:" not in body and "govuk-error-summary" not in body


def _templates() -> list[Any]:
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "pathways"
    return sorted(p for p in root.rglob("*.html") if "templates" in p.parts)


def test_every_error_summary_a_template_writes_takes_the_focus() -> None:
    """A template that writes its own summary rather than including the shared one still gives its opening
    tag tabindex="-1" and autofocus, so the summary is read out first when the page loads."""
    import re

    opening = re.compile(r"<div\b[^>]*\bclass=\"govuk-error-summary\"[^>]*>")
    found, wrong = 0, []
    for path in _templates():
        for tag in opening.findall(path.read_text()):
            found += 1
            if 'tabindex="-1"' not in tag or "autofocus" not in tag:
                wrong.append(f"{path.name}: {tag}")
    assert found >= 5, "the search no longer finds the summaries it checks"
    assert wrong == []


def test_the_shared_summary_lists_a_pages_own_problems_and_takes_the_focus() -> None:
    from django.template.loader import render_to_string

    html = render_to_string("includes/error_summary.html", {
        "form": None, "summary_items": [("12-am", "Ava, morning: B is not a code")], "summary_anchor_prefix": "code-",
    })
    assert 'tabindex="-1" autofocus' in html and '<a href="#code-12-am">Ava, morning: B is not a code</a>' in html
    text = render_to_string("includes/error_summary.html", {
        "summary_text": "The half-term overlaps another.", "summary_title": "The calendar was not changed"})
    assert "The half-term overlaps another." in text and "The calendar was not changed" in text
    assert render_to_string("includes/error_summary.html", {"form": None}).strip() == ""


def test_a_register_with_a_wrong_code_says_error_in_its_title_and_focuses_its_summary(world: Any, as_user: Any) -> None:
    import datetime as dt

    import time_machine

    from tests.attendance.helpers import ptt_at_home

    home = ptt_at_home(world.pupil)
    key = f"{home.pupil.pk}-pm"
    with time_machine.travel(dt.datetime(2026, 1, 12, 9), tick=False):
        response = as_user(world.staff["attendance_officer"]).post(
            f"/schools/{world.school.id}/register/?date=2026-01-12",
            {f"offered-{home.pupil.pk}-am": "/", f"code-{home.pupil.pk}-am": "/", f"offered-{key}": "C2",
             f"code-{key}": "B"})
    body = response.content.decode()
    assert "<title>Error: " in body
    summary = body[body.index('class="govuk-error-summary"'):]
    assert 'tabindex="-1" autofocus' in summary[:summary.index(">")]
    assert f'href="#code-{key}"' in summary
