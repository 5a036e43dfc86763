"""Setting a trust up: its schools from a GIAS establishments file, and its trust lead.

`do_set_up_trust` is what `python -m pathways setup` runs; the trust lead's pages add a school by URN
from the last GIAS file loaded (`do_load_gias_file`, `do_add_school_from_gias`). Each checks every URN
before it writes anything: a URN missing from the file or a closed establishment writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pathways.audit.record import record, snapshot
from pathways.schools.actions import SCHOOL_FIELDS, do_create_trust, do_generate_calendar, do_make_trust_lead
from pathways.schools.gias import Establishment, GiasError, establishment_from_dict, read_establishments
from pathways.schools.models import GiasFile, School, Trust, TrustRole, User
from pathways.schools.permissions import SYSTEM, permission
from pathways.schools.staff_actions import Invited, create_invited_user, do_invite


@dataclass
class SetUp:
    trust: Trust
    trust_created: bool
    schools_added: list[School] = field(default_factory=list)
    schools_already: list[School] = field(default_factory=list)
    lead: User | None = None
    invitation: Invited | None = None


def _actor_user(actor: Any) -> User | None:
    return actor if isinstance(actor, User) else None


def establishments_to_add(
    establishments: dict[str, Establishment], urns: list[str], trust: Trust | None
) -> tuple[list[Establishment], list[School]]:
    """The establishments to create as schools, and the schools that already exist in this trust.
    Raises ValidationError naming every URN that cannot be set up, before anything is written."""
    problems, new, existing = [], [], []
    for raw in dict.fromkeys(u.strip() for u in urns):
        urn = raw.zfill(6) if raw.isdigit() else raw
        school = School.objects.filter(urn=urn).first()
        if school is not None:
            if trust is None or school.trust_id != trust.pk:
                problems.append(f"URN {urn}: {school.name} is already set up in another trust.")
            else:
                existing.append(school)
            continue
        found = establishments.get(urn)
        if found is None:
            problems.append(f"URN {urn} is not in the GIAS file.")
        elif not found.is_open:
            problems.append(f"URN {urn}: {found.name} is “{found.status}” in GIAS; only an open school can be set up.")
        elif School.objects.filter(laestab=found.laestab).exists():
            problems.append(f"URN {urn}: another school already has the LAESTAB {found.laestab}.")
        else:
            new.append(found)
    if problems:
        raise ValidationError({"urn": problems})
    return new, existing


def _create_school(found: Establishment, trust: Trust, actor: Any, with_calendar_for: list[int] | None) -> School:
    """Part of the set-up actions, which checked the permission (do_create_school is the command line's)."""
    school = School(trust=trust, name=found.name, urn=found.urn, laestab=found.laestab,
                    school_type=found.school_type, phase=found.phase, local_authority=found.la_name)
    school.full_clean()
    school.save()
    record(actor=actor, action="create school", obj=school, school=school,
           changes={**snapshot(school, SCHOOL_FIELDS), "from": "GIAS"})
    for year in with_calendar_for or []:
        do_generate_calendar(school=school, school_year=year, actor=actor)
    return school


@permission("set_up_trust")
@transaction.atomic
def do_load_gias_file(*, trust: Trust | None, filename: str, data: bytes, actor: Any) -> GiasFile:
    """Keep the establishments of a GIAS file, for schools to be added from it. A malformed file is a
    ValidationError that writes nothing."""
    try:
        establishments = read_establishments(data)
    except GiasError as error:
        raise ValidationError({"file": str(error)}) from None
    gias = GiasFile.objects.create(
        filename=filename, loaded_by=_actor_user(actor),
        establishments={urn: e.as_dict() for urn, e in establishments.items()},
    )
    record(actor=actor, action="load GIAS file", obj=gias,
           changes={"filename": filename, "establishments": len(establishments),
                    "trust": trust.name if trust else ""})
    return gias


def last_gias_file() -> GiasFile | None:
    return GiasFile.objects.order_by("-loaded_at", "-id").first()


def establishments_of(gias: GiasFile) -> dict[str, Establishment]:
    return {urn: establishment_from_dict(data) for urn, data in gias.establishments.items()}


@permission("set_up_trust")
@transaction.atomic
def do_add_school_from_gias(
    *, trust: Trust, urn: str, actor: Any, gias: GiasFile | None = None, with_calendar_for: list[int] | None = None
) -> School:
    """Add the school with this URN to the trust, from the GIAS file given or the last one loaded."""
    gias = gias or last_gias_file()
    if gias is None:
        raise ValidationError({"urn": "No GIAS file has been loaded yet: upload the establishments file first."})
    new, existing = establishments_to_add(establishments_of(gias), [urn], trust)
    if existing:
        raise ValidationError({"urn": f"{existing[0].name} (URN {existing[0].urn}) is already in {trust.name}."})
    return _create_school(new[0], trust, actor, with_calendar_for)


@permission(SYSTEM)
@transaction.atomic
def do_set_up_trust(
    *, trust_name: str, urns: list[str], filename: str, data: bytes, admin_email: str, actor: Any,
    base_url: str, with_calendar_for: list[int] | None = None, send_email: bool = True, invite_again: bool = False,
) -> SetUp:
    """The trust (found by its name, or created), its schools from the GIAS file, and its trust lead with
    a one-time invitation. Run again, it adds the schools not yet set up and changes nothing else (a new
    invitation is made only for a new trust lead, or with `invite_again` while they have not yet set a password)."""
    trust = Trust.objects.filter(name=trust_name.strip()).first()
    gias = do_load_gias_file(trust=trust, filename=filename, data=data, actor=actor)
    new, existing = establishments_to_add(establishments_of(gias), urns, trust)
    setup = SetUp(trust=trust or do_create_trust(name=trust_name.strip(), actor=actor), trust_created=trust is None)
    setup.schools_already = existing
    setup.schools_added = [_create_school(found, setup.trust, actor, with_calendar_for) for found in new]
    setup.lead, setup.invitation = _trust_lead(setup.trust, admin_email, actor, base_url, send_email, invite_again)
    return setup


def _trust_lead(
    trust: Trust, email: str, actor: Any, base_url: str, send_email: bool, invite_again: bool
) -> tuple[User, Invited | None]:
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first() or User.objects.filter(username__iexact=email).first()
    new = user is None
    if user is None:
        user = create_invited_user(email=email, first_name="", last_name="", actor=actor)
    elif not TrustRole.objects.filter(user=user, trust=trust).exists():
        if TrustRole.objects.filter(trust=trust).exists():
            raise ValidationError({"admin": f"{trust.name} already has a trust lead; {email} is not one of them."})
        new = True
    do_make_trust_lead(user=user, trust=trust, actor=actor)
    if user.has_usable_password() or not (new or invite_again):
        return user, None
    return user, do_invite(user=user, school=None, actor=actor, base_url=base_url, send_email=send_email)
