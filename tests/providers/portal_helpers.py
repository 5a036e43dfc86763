"""Builders for provider reporting: a provider with a placement from our school, its staff, a token."""

from __future__ import annotations

from pathways.arrangements.models import Arrangement
from pathways.providers.actions import do_create_provider_token, do_invite_provider_staff
from pathways.providers.models import Provider
from pathways.pupils.models import Pupil
from pathways.schools.models import School, User
from tests.attendance.helpers import every_day, running
from tests.conftest import make_pupil


def place(pupil: Pupil, provider: Provider, am: str = "provider", pm: str = "provider") -> Arrangement:
    return running(pupil, "alternative_provision", every_day(am, pm), provider=provider)


def staff_of(provider: Provider, school: School, email: str = "sam@willowfarm.example") -> User:
    member = do_invite_provider_staff(
        provider=provider, school=school, actor=None, first_name="Sam", last_name="Farmer", email=email,
        base_url="http://testserver/",
    )
    return member.user


def token_for(provider: Provider, school: School, name: str = "Our MIS") -> str:
    return do_create_provider_token(provider=provider, school=school, actor=None, name=name)[1]


def placed_pupil(school: School, provider: Provider, first: str = "Jay", last: str = "Farmhand") -> Arrangement:
    return place(make_pupil(school, first, last), provider)
