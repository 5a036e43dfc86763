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
