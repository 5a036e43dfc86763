"""The demo trust's arrangements are led as a school would lead them, not by whoever typed them in."""

from __future__ import annotations

import datetime as dt

import pytest

from pathways.arrangements.actions import can_lead
from pathways.demo.trust import create_demo_trust

pytestmark = pytest.mark.django_db


def test_every_demo_arrangement_has_a_lead_of_its_own_school_in_the_role_that_runs_it() -> None:
    demo = create_demo_trust(today=dt.date(2026, 1, 21))
    leads = {}
    for key, arrangement in demo.arrangements.items():
        arrangement.refresh_from_db()
        assert arrangement.lead is not None and can_lead(arrangement.lead, arrangement.school_id), key
        leads[key] = (arrangement.kind, arrangement.pupil.send, arrangement.lead.username.split("-", 1)[1])
    assert all(role == "head" for kind, _, role in leads.values() if kind == "suspension")
    assert all(role == "aplead" for kind, _, role in leads.values() if kind == "alternative_provision")
    assert any(role == "senco" for _, send, role in leads.values() if send == "ehcp")
    # Someone other than the person who set it up leads some of them.
    assert any(a.lead != a.created_by for a in demo.arrangements.values())
