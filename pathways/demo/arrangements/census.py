"""The demo's placements' school census reasons, recorded by each school's attendance officer as the
census return asks (docs/census.md). One is left unrecorded on purpose: Holy Family's part-time farm
placement, the newest, whose reason nobody has recorded yet, so the census return refuses it and names the
item."""

from __future__ import annotations

from pathways.arrangements.actions_census import do_set_census_details
from pathways.demo.arrangements.builder import DemoArrangements

# The placement (by its demo key) and the main reason it was made, not the pupil's needs.
REASONS = {
    "hf_ap_riverside": "OTH",              # at risk of exclusion: a placement to turn things round
    "hf_ap_farm_full_time_1": "OTH",
    "hf_ap_farm_full_time_2": "OTH",
    "hf_direction_review_request": "OSD",  # directed off site to improve behaviour
    "hf_ap_ended": "OTH",
    "hf_health_hospital": "MED",
    "hf_online_broken_leg": "MED",
    "sb_health_tuition": "MED",
    "ok_ap_forge": "SEN",                  # the special school's placement for the pupil's needs
    "ok_health_hospital": "MED",
}
LEFT_UNRECORDED = "hf_ap_farm_part_time"


def record_census_reasons(demo: DemoArrangements) -> None:
    schools = {school.id: key for key, school in demo.schools.items()}
    for key, reason in REASONS.items():
        arrangement = demo.arrangements[key]
        officer = demo.user(schools[arrangement.school_id], "attendance")
        demo.arrangements[key] = do_set_census_details(arrangement=arrangement, reason=reason, actor=officer)
