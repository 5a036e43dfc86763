"""The demo's providers: an AP academy, an unregistered farm, an online school, a tuition agency, the
hospital education service and an independent special school, each with the checks the school holds
and what the school census returns for it (a URN or UKPRN, else its type of setting, postcode and Companies
House number). Their dates are worked out from Holy Family's calendar."""

from __future__ import annotations

import datetime as dt

from pathways.demo.arrangements.builder import DemoArrangements
from pathways.demo.arrangements.calendar import Calendar
from pathways.demo.arrangements.forms import demo_planning
from pathways.providers.actions_planning import do_complete_planning_checklist


def _year_ago(c: Calendar) -> dt.date:
    return c.on_or_before(c.today - dt.timedelta(days=300))


def _riverside(demo: DemoArrangements) -> None:
    c = demo.cals["holyfamily"]
    year_ago = _year_ago(c)
    demo.provider(
        "riverside", "holyfamily",
        [("registration_checked", year_ago, None),
         ("staff_checks_confirmed", year_ago, year_ago + dt.timedelta(days=365)),
         ("safeguarding_policy", year_ago, None),
         ("health_and_safety", year_ago, year_ago + dt.timedelta(days=365)),
         ("child_protection_policy_shared", year_ago, None),
         ("quality_review", c.day_of(-1, 10), None)],
        name="Riverside Alternative Provision Academy", kind="alternative_provision",
        registration="registered_school", urn="149872", live_teaching=True,
        address="Mill Lane, Northshire NS4 2RA", postcode="NS4 2RA", contact_name="Joanne Pearson",
        contact_email="referrals@riverside-ap.example.org", contact_phone="01632 960 114",
    )


def _willow_farm(demo: DemoArrangements) -> None:
    c = demo.cals["holyfamily"]
    set_up = c.day_of(-2, 3)
    demo.provider(
        "willowfarm", "holyfamily",
        [("registration_checked", set_up, None), ("initial_visit", set_up, None),
         ("staff_checks_confirmed", set_up, set_up + dt.timedelta(days=365)),
         ("safeguarding_policy", set_up, None),
         ("health_and_safety", set_up, set_up + dt.timedelta(days=365)),
         ("child_protection_policy_shared", c.sd(2, set_up), None)],
        name="Willow Farm Rural Skills", kind="alternative_provision", registration="unregistered",
        live_teaching=True, address="Willow Farm, Low Road, Eskby NS9 7TF", contact_name="Tom Ashworth",
        # No URN and no UKPRN: the school census returns it by its type of setting, postcode and company.
        census_setting_type="OTH", postcode="NS9 7TF", companies_house_number="09412876",
        contact_email="tom@willowfarm.example.org", contact_phone="01632 960 387",
        # Two full-time pupils of compulsory school age from schools outside the trust, as the farm told us.
        elsewhere_full_time_compulsory_age=2, elsewhere_full_time_sen=1,
    )


def _horizon(demo: DemoArrangements) -> None:
    c = demo.cals["holyfamily"]
    t = demo.today
    # The online school's confirmation of staff checks runs out within 30 days of today.
    soon = t + dt.timedelta(days=20)
    online_checked = soon - dt.timedelta(days=365)
    horizon = demo.provider(
        "horizon", "holyfamily",
        [("registration_checked", online_checked, None), ("provider_checklist", online_checked, None),
         ("staff_checks_confirmed", online_checked, soon), ("identity_checks", online_checked, None),
         ("absence_alert_agreed", online_checked, None),
         ("commissioning_agreement", online_checked + dt.timedelta(days=7), None),
         ("child_protection_policy_shared", online_checked + dt.timedelta(days=7), None),
         ("quality_review", c.day_of(-1, 15), None)],
        name="Horizon Live Online School", kind="online_learning", registration="online_accredited",
        live_teaching=True, contact_name="Admissions team", contact_email="schools@horizon-live.example.org",
        ukprn="10091234", postcode="NS1 9ZL",
    )
    # The school's Annex D planning sheet for the online school, every activity completed with who is responsible.
    roles = {"attendance": "attendance officer", "dsl": "DSL", "aplead": "AP lead", "senco": "SENCo",
             "head": "headteacher"}
    people = {role: f"{demo.user('holyfamily', role).get_full_name()}, {words}" for role, words in roles.items()}
    do_complete_planning_checklist(provider=horizon, school=demo.schools["holyfamily"],
                                   actor=demo.user("holyfamily", "aplead"),
                                   completed_on=online_checked + dt.timedelta(days=7), items=demo_planning(people))


def _tuition(demo: DemoArrangements) -> None:
    t = demo.today
    # The tuition agency's confirmation ran out ten days ago and has not been renewed.
    expired = t - dt.timedelta(days=10)
    tuition_checked = expired - dt.timedelta(days=365)
    sb = "stbedes"
    demo.provider(
        "tuition", sb,
        [("registration_checked", tuition_checked, None),
         ("staff_checks_confirmed", tuition_checked, expired),
         ("safeguarding_policy", tuition_checked, None),
         ("child_protection_policy_shared", tuition_checked, None)],
        name="Northshire Home Tuition Partners", kind="tuition", registration="unregistered",
        live_teaching=True, contact_name="Priya Raman", contact_email="office@nhtp.example.org",
        census_setting_type="OOT", postcode="NS1 4HQ", companies_house_number="11203957",
        contact_phone="01632 960 552",
    )


def _hospital(demo: DemoArrangements) -> None:
    c = demo.cals["holyfamily"]
    year_ago = _year_ago(c)
    demo.provider(
        "hospital", "holyfamily",
        [("registration_checked", year_ago, None)],
        name="Northshire Hospital Education Service", kind="hospital_education",
        registration="registered_school", urn="131906", arranged_by="local_authority", live_teaching=True,
        address="Children's Unit, Northshire General Hospital", postcode="NS3 8GH",
        contact_name="Hospital school office",
    )


def _forge(demo: DemoArrangements) -> None:
    c = demo.cals["holyfamily"]
    year_ago = _year_ago(c)
    demo.provider(
        "forge", "oakfield",
        [("registration_checked", year_ago, None),
         ("staff_checks_confirmed", c.day_of(-1, 2), c.day_of(-1, 2) + dt.timedelta(days=365)),
         ("safeguarding_policy", year_ago, None),
         ("health_and_safety", c.day_of(-1, 2), c.day_of(-1, 2) + dt.timedelta(days=365)),
         ("child_protection_policy_shared", year_ago, None),
         ("initial_visit", year_ago, None)],
        name="The Forge Independent Special School", kind="alternative_provision",
        registration="registered_school", urn="146630", live_teaching=True,
        address="Forge Street, Northshire NS2 5BX", postcode="NS2 5BX", contact_name="Dr Helen Marsh",
    )


def create_providers(demo: DemoArrangements) -> None:
    _riverside(demo)
    _willow_farm(demo)
    _horizon(demo)
    _tuition(demo)
    _hospital(demo)
    _forge(demo)
