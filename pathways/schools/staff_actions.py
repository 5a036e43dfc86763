"""The only code that writes who works in a school: invitations, roles, leavers, two-factor resets and
a person's own password and e-mail address. One transaction, one audit row each."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import password_validation
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from pathways.audit.record import record
from pathways.schools.models import Invitation, Role, School, StaffRole, User
from pathways.schools.permissions import OWN_ACCOUNT, permission
from pathways.schools.signals import staff_deactivated

# How long an invitation link works: long enough to span a weekend, short enough that a forgotten e-mail
# is not a standing key to the account.
INVITATION_HOURS = 72


@dataclass(frozen=True)
class Invited:
    invitation: Invitation
    link: str  # shown (or sent) once: only its hash is kept


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _actor_user(actor: Any) -> User | None:
    return actor if isinstance(actor, User) else None


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": "Enter an e-mail address in the correct format, like name@school.org"}) from None
    return email


def _label(user: User) -> str:
    return user.get_full_name() or user.email or user.username


def create_invited_user(*, email: str, first_name: str, last_name: str, actor: Any) -> User:
    """A sign-in with no password yet: the person sets one from their invitation. The e-mail is the user name.
    Part of an action (do_invite_staff, setting a trust up), inside its transaction."""
    email = _clean_email(email)
    if User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
        raise ValidationError({"email": f"{email} already has a Pathways sign-in."})
    user = User(username=email, email=email, first_name=first_name.strip(), last_name=last_name.strip())
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    record(actor=actor, action="create user", obj=user, changes={"username": email, "email": email})
    return user


def _send_invitation(user: User, link: str, expires_at: dt.datetime) -> None:
    body = (
        f"Hello {user.first_name or user.email},\n\n"
        "You have been given a Pathways sign-in. Open this link to choose your password"
        " (and, if your role needs it, set up two-factor sign-in):\n\n"
        f"{link}\n\n"
        f"The link works once, until {timezone.localtime(expires_at):%H:%M on %A %d %B %Y}."
        " If it has run out, ask whoever invited you to send a new one.\n"
    )
    send_mail("Your Pathways sign-in", body, None, [user.email])


@permission("manage_staff")
@transaction.atomic
def do_invite(*, user: User, school: School | None, actor: Any, base_url: str, send_email: bool = True) -> Invited:
    """A new one-time link for the user, valid INVITATION_HOURS; earlier unused links stop working."""
    if user.has_usable_password():
        raise ValidationError({"email": f"{_label(user)} has already set a password: they sign in as usual."})
    now = timezone.now()
    Invitation.objects.filter(user=user, used_at__isnull=True, withdrawn_at__isnull=True).update(withdrawn_at=now)
    raw = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user, token_hash=hash_token(raw), created_by=_actor_user(actor), created_at=now,
        expires_at=now + dt.timedelta(hours=INVITATION_HOURS),
    )
    link = base_url.rstrip("/") + reverse("invitation", args=[raw])
    record(actor=actor, action="invite staff", obj=invitation, label=_label(user), school=school,
           changes={"user": user.username, "expires_at": invitation.expires_at})
    if send_email:
        transaction.on_commit(lambda: _send_invitation(user, link, invitation.expires_at))
    return Invited(invitation=invitation, link=link)


def invitation_for_token(raw: str) -> tuple[Invitation | None, str]:
    """The invitation with this token and "" when it may be used; else what is wrong, in words to show."""
    invitation = Invitation.objects.select_related("user").filter(token_hash=hash_token(raw)).first()
    if invitation is None:
        return None, "This invitation link is not recognised. Check you copied the whole link from the e-mail."
    if invitation.used_at is not None:
        return invitation, (
            f"This invitation was already used, on {timezone.localtime(invitation.used_at):%d %B %Y at %H:%M}. "
            "Sign in with the password you chose, or reset it."
        )
    if invitation.withdrawn_at is not None:
        return invitation, "A newer invitation has been sent: use the link in the latest e-mail."
    if invitation.expires_at <= timezone.now():
        return invitation, (
            f"This invitation ran out at {timezone.localtime(invitation.expires_at):%H:%M on %d %B %Y}. "
            "Ask whoever invited you to send a new one."
        )
    if not invitation.user.is_active:
        return invitation, "This sign-in has been closed. Ask your school's Pathways administrator."
    return invitation, ""


@permission(OWN_ACCOUNT)
@transaction.atomic
def do_accept_invitation(*, invitation: Invitation, password: str, actor: Any) -> User:
    """The person's password, set from their invitation, which cannot be used again."""
    invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if invitation.used_at is not None or invitation.withdrawn_at is not None or invitation.expires_at <= timezone.now():
        raise ValidationError({"new_password1": "This invitation can no longer be used."})
    user = invitation.user
    if user != actor:
        raise ValidationError({"new_password1": "An invitation is used only by the person invited."})
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    record(actor=user, action="accept invitation", obj=invitation, label=_label(user))
    return user


def _check_roles(roles: list[str]) -> list[str]:
    unknown = [r for r in roles if r not in Role.values]
    if unknown:
        raise ValidationError({"roles": f"Not a role: {', '.join(unknown)}."})
    return list(dict.fromkeys(roles))


@permission("manage_staff")
@transaction.atomic
def do_invite_staff(
    *, school: School, email: str, first_name: str, last_name: str, roles: list[str], actor: Any, base_url: str
) -> tuple[User, Invited | None]:
    """Give a person roles in the school. Someone new gets a sign-in and an invitation by e-mail; someone
    who already works in the trust's schools is given the roles and signs in as before."""
    roles = _check_roles(roles)
    if not roles:
        raise ValidationError({"roles": "Choose at least one role."})
    email = _clean_email(email)
    user = User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).first()
    if user is None:
        if not first_name.strip() or not last_name.strip():
            raise ValidationError({"first_name": "Enter their first name and last name."})
        user = create_invited_user(email=email, first_name=first_name, last_name=last_name, actor=actor)
    elif not user.is_active:
        raise ValidationError({"email": f"{_label(user)} has left: their sign-in is closed."})
    elif not (user.staff_roles.exists() or user.trust_roles.exists()):
        raise ValidationError({"email": f"{email} is not a school's staff sign-in: use another e-mail address."})
    do_set_roles(user=user, school=school, roles=sorted(set(roles) | set(_roles_in(user, school))), actor=actor)
    invited = None if user.has_usable_password() else do_invite(user=user, school=school, actor=actor,
                                                                 base_url=base_url)
    return user, invited


def _roles_in(user: User, school: School) -> list[str]:
    return list(StaffRole.objects.filter(user=user, school=school).values_list("role", flat=True))


@permission("manage_staff")
@transaction.atomic
def do_set_roles(*, user: User, school: School, roles: list[str], actor: Any) -> tuple[list[str], list[str]]:
    """The user's roles in the school become exactly `roles`: returns (granted, withdrawn)."""
    roles = _check_roles(roles)
    before = set(_roles_in(user, school))
    granted, withdrawn = sorted(set(roles) - before), sorted(before - set(roles))
    for role in granted:
        staff_role = StaffRole.objects.create(user=user, school=school, role=role)
        record(actor=actor, action="grant role", obj=staff_role, school=school, label=_label(user),
               changes={"user": user.username, "role": role})
    for role in withdrawn:
        staff_role = StaffRole.objects.get(user=user, school=school, role=role)
        record(actor=actor, action="withdraw role", obj=staff_role, school=school, label=_label(user),
               changes={"user": user.username, "role": role})
        staff_role.delete()
    return granted, withdrawn


def end_sessions(user: User) -> int:
    """Sign the user out everywhere: every session of theirs is deleted."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


@permission("manage_staff")
@transaction.atomic
def do_deactivate_staff(*, user: User, school: School, actor: Any) -> dict[str, int]:
    """A leaver: their sign-in closed, their sessions ended, their invitations withdrawn; the calendar feeds
    and tokens they made are revoked by the apps that keep them (the staff_deactivated signal). Their
    roles and every record they wrote are kept; the arrangements they lead need a new lead."""
    if user == _actor_user(actor):
        raise ValidationError({"user": "You cannot close your own sign-in: ask another headteacher or the trust lead."})
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise ValidationError({"user": f"{_label(user)} has already left."})
    user.is_active = False
    user.save(update_fields=["is_active"])
    effects: dict[str, int] = {"sessions_ended": end_sessions(user)}
    effects["invitations_withdrawn"] = Invitation.objects.filter(
        user=user, used_at__isnull=True, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    for _receiver, revoked in staff_deactivated.send(sender=User, user=user, actor=actor):
        counts: dict[str, int] = revoked if isinstance(revoked, dict) else {}
        for key, count in counts.items():
            effects[key] = effects.get(key, 0) + count
    effects["arrangements_needing_a_new_lead"] = user.arrangements_led.exclude(status="ended").count()
    record(actor=actor, action="deactivate staff", obj=user, school=school, label=_label(user),
           changes={"is_active": False, **effects})
    return effects


@permission("manage_staff")
@transaction.atomic
def do_reset_two_factor(*, user: User, school: School, actor: Any) -> int:
    """Remove the user's authenticator apps (a lost phone): they set one up again at their next sign-in."""
    if user == _actor_user(actor):
        raise ValidationError(
            {"user": "Ask another headteacher or the trust lead to reset your own two-factor sign-in."})
    removed: int = TOTPDevice.objects.filter(user=user).delete()[0]
    ended = end_sessions(user)
    record(actor=actor, action="reset two-factor", obj=user, school=school, label=_label(user),
           changes={"devices_removed": removed, "sessions_ended": ended})
    return removed


@permission(OWN_ACCOUNT)
@transaction.atomic
def do_change_own_email(*, user: User, email: str, actor: Any) -> User:
    email = _clean_email(email)
    if User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exclude(pk=user.pk).exists():
        raise ValidationError({"email": f"{email} is another person's sign-in."})
    before = user.email
    user.email = email
    if user.username.lower() == before.lower():
        user.username = email  # staff sign in with their e-mail address: it follows
    user.full_clean(exclude=["password"])
    user.save(update_fields=["email", "username"])
    record(actor=actor, action="change e-mail address", obj=user, label=_label(user),
           changes={"email": [before, email]})
    return user


@permission(OWN_ACCOUNT)
@transaction.atomic
def do_change_own_password(*, user: User, old_password: str, new_password: str, actor: Any) -> User:
    if not user.check_password(old_password):
        raise ValidationError({"old_password": "That is not your current password."})
    password_validation.validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    record(actor=actor, action="change password", obj=user, label=_label(user))
    return user
