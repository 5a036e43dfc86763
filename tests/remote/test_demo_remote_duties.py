"""With the remote-education and special-school packs on (Oakfield in the demo), no REM-* or MIL-* duty is
unmet for want of a page: every one the rules find unmet or due on any of the school's arrangements has a
page that records what meets it (pathways.arrangements.requirement_links), and the school's own remote
learner is kept without one unmet."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from pathways.arrangements.models import Arrangement
from pathways.arrangements.requirement_links import targets_for
from pathways.cases.casefiles import case_for
from pathways.demo.trust import create_demo_trust
from pathways.policy.engine import evaluate
from pathways.remote.models import FamilyContact

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 23)  # a Monday in the autumn term, as the demo's own test


def test_no_remote_or_special_school_duty_is_unmet_for_want_of_a_page() -> None:
    with time_machine.travel(dt.datetime.combine(DAY, dt.time(12, 0), tzinfo=ZoneInfo("Europe/London"))):
        demo = create_demo_trust(today=DAY)
        school = demo.schools["oakfield"]
        assert {"remote-education-offer", "special-school-remote"} <= set(school.policy_packs)
        assert FamilyContact.objects.filter(school=school, channel="home_visit", slt_informed=True).exists()
        judged, without_page = 0, []
        for arrangement in Arrangement.objects.filter(school=school).exclude(status="draft"):
            for r in evaluate(case_for(arrangement, DAY)).requirements:
                if not r.id.startswith(("REM-", "MIL-")):
                    continue
                judged += 1
                if r.status in ("unmet", "due") and not targets_for(r.id, arrangement):
                    without_page.append((arrangement.pk, r.id, r.status, r.message))
        assert judged and not without_page, without_page
        kept = evaluate(case_for(demo.arrangements["ok_remote"], DAY))
        unmet = [(r.id, r.message) for r in kept.requirements if r.id.startswith(("REM-", "MIL-"))
                 and r.status == "unmet"]
        assert not unmet, unmet
        assert kept.status("MIL-HOME-VISITS") == "met" and kept.status("MIL-CONTACT-LOG") in ("met", "due")
