"""Migration 0005: existing tokens and provider staff get the school that issued them, and tokens an expiry.

Run through the migration executor: back to 0003 (no school, no expiry), rows made as they were then,
forward to 0006."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.attendance.helpers import MONDAY
from tests.conftest import make_pupil, make_staff
from tests.providers.helpers import make_provider
from tests.providers.portal_helpers import place

BEFORE = [("providers", "0003_provider_staff_and_tokens")]
AFTER = [("providers", "0006_provider_access_school_required")]


def migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    # The state of every app at its latest, but the providers app at the target.
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "providers"]
    return executor.loader.project_state(others + targets).apps


@pytest.fixture(autouse=True)
def back_to_the_latest_migrations() -> Any:
    """The providers app is left at the latest migration for the tests that follow: this test moves it to
    0003 and then to 0006, and later migrations (0007 onwards) must be applied again."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_existing_tokens_and_staff_get_their_issuing_school_and_tokens_an_expiry(world: Any) -> None:
    farm = make_provider(world.school, "Willow Farm")   # used by our school and the sister school
    lone = make_provider(world.school, "Lone Tutor")    # used only by the sister school
    unused = make_provider(world.sister, "Unused Ltd")  # no placements at all
    place(make_pupil(world.school, "Jay", "Ours"), farm)
    place(make_pupil(world.sister, "Sid", "Theirs"), farm)
    place(make_pupil(world.sister, "Kit", "Theirs"), lone)
    sister_ap = make_staff(world.sister, "ap_lead", "sister-ap")
    old = migrate(BEFORE)
    Token = old.get_model("providers", "ProviderToken")
    Staff = old.get_model("providers", "ProviderStaff")
    AuditEvent = old.get_model("audit", "AuditEvent")
    User = old.get_model("schools", "User")

    def token(provider: Any, name: str, created_by: Any = None) -> Any:
        return Token.objects.create(provider_id=provider.pk, name=name, token_hash=name.ljust(64, "0"),
                                    prefix=name[:10], created_by_id=getattr(created_by, "pk", None))

    audited = token(farm, "audited")  # the audit row says the sister school created it
    AuditEvent.objects.create(action="create provider token", object_type="providers.providertoken",
                              object_id=str(audited.pk), school_id=world.sister.pk)
    token(farm, "bycreator", sister_ap)  # its creator holds a role only at the sister school
    token(lone, "onlyplacer")  # only the sister school places with this provider
    token(farm, "ambiguous")  # nothing decides: the earliest placement's school
    nowhere = token(unused, "nowhere")                # no placements: the school that added the provider
    Token.objects.filter(pk=nowhere.pk).update(created_at=timezone.now() - dt.timedelta(days=400))
    member = Staff.objects.create(user=User.objects.create(username="p@farm.example"), provider_id=farm.pk,
                                  invited_by_id=sister_ap.pk)

    new = migrate(AFTER)
    Token = new.get_model("providers", "ProviderToken")
    Staff = new.get_model("providers", "ProviderStaff")
    schools = dict(Token.objects.values_list("name", "school_id"))
    assert schools == {"audited": world.sister.pk, "bycreator": world.sister.pk, "onlyplacer": world.sister.pk,
                       "ambiguous": world.school.pk, "nowhere": world.sister.pk}
    assert Staff.objects.get(pk=member.pk).school_id == world.sister.pk
    fresh = Token.objects.get(pk=audited.pk)
    assert fresh.expires_at.date() in {(fresh.created_at + dt.timedelta(days=365)).date(),
                                       (fresh.created_at + dt.timedelta(days=366)).date()}
    # A token past its twelve months is given 30 days from the migration, not cut off at once.
    assert Token.objects.get(pk=nowhere.pk).expires_at >= timezone.now() + dt.timedelta(days=29)
    assert MONDAY  # the placements above start on the calendar's Monday
