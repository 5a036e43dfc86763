"""An arrangement the engine cannot judge goes into the morning digest with the action that fixes it, and
the notice page says why it cannot check a notice against its duties instead of leaving them out."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from pathways.cases import judging
from pathways.notifications.digest import send_digests
from pathways.policy.errors import PARAMETER, ParameterError
from pathways.schools.models import Role
from tests.arrangements.helpers import unjudgeable
from tests.notifications.test_notices import notify_url, ptt

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 1, 21, 7, 0, tzinfo=ZoneInfo("Europe/London"))  # a Wednesday of Spring 1
BASE = "http://127.0.0.1:8000"


def sent_to() -> dict[str, Any]:
    return {message.to[0].split("@")[0]: message for message in mail.outbox}


def test_the_lead_and_the_headteacher_get_it_in_the_digest_and_a_teacher_who_does_not_lead_it_does_not(
    world: Any,
) -> None:
    unjudgeable(world, lead=world.staff[Role.TEACHER])
    send_digests(NOW)
    got = sent_to()
    for who in ("teacher-ours", "headteacher-ours", "dsl-ours"):
        text = got[who].body
        assert "\nOverdue\n" in text, who
        assert "- Ava O., Remote learning: Cannot be judged: the policies Pathways holds give" in text, who
        if who == "teacher-ours":  # the lead cannot open the policy page: the arrangement's page says why
            assert "Ask the headteacher or DSL to give the school's own “longest gap" in text
        else:
            assert "Give the school's own “longest gap" in text
            assert f"{BASE}/schools/{world.school.id}/policy/" in text
        assert "Ourpupil" not in text
    for who in ("senco-ours", "governor-ours", "outsider-dsl", "sister-dsl"):
        assert who not in got or "Cannot be judged" not in got[who].body, who
    assert len(mail.outbox) == len(got)


def cannot(case: Any, **kwargs: Any) -> Any:
    raise ParameterError("parameter x has no value", subject=PARAMETER, name="x",
                         description="School days within which something is done.", on=dt.date(2026, 1, 12),
                         first=dt.date(2026, 9, 1))


def test_the_notice_page_says_why_it_cannot_check_the_duties_and_what_fixes_it(
    world: Any, as_user: Any, monkeypatch: Any
) -> None:
    arrangement = ptt(world)
    monkeypatch.setattr(judging, "evaluate", cannot)  # the engine holds nothing for the arrangement's start
    response = as_user(world.staff[Role.HEADTEACHER]).get(notify_url(arrangement))
    assert response.status_code == 200
    page = response.content.decode()
    warning = page[page.index('data-testid="notice-cannot-judge"'):]
    assert "Pathways cannot check this notice against the duties it meets" in warning
    assert "give “school days within which something is done” only from 1 Sep 2026" in warning
    assert f'href="/schools/{world.school.id}/policy/"' in warning
    assert 'data-testid="notice-duties"' not in page
    for outsider in (world.outsider, world.sister_dsl, world.staff[Role.GOVERNOR]):
        response = as_user(outsider).get(notify_url(arrangement))
        assert response.status_code in (403, 404) and "cannot check" not in response.content.decode()
