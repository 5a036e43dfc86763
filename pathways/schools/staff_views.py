"""The staff pages of a school (its headteacher, and the trust lead for every school of the trust), and the
trust lead's pages that add a school from the GIAS file. Thin: check access, validate, call one action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from pathways.forms import GovukFormMixin, NoControlCharactersMixin, apply_validation_error, form_status
from pathways.schools import staff_actions
from pathways.schools.access import access_for, school_for
from pathways.schools.models import Invitation, Role, School, StaffRole, User
from pathways.schools.permissions import can, require, school_with

ROLE_CHOICES = Role.choices


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ROLE_CHOICES, label="Roles in this school",
                         error_messages={"required": "Choose at least one role"}, **kwargs)


class InviteForm(GovukFormMixin, forms.Form):
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(
        label="E-mail address", help_text="They sign in with it. The invitation is sent here.",
        error_messages={"required": "Enter their e-mail address",
                        "invalid": "Enter an e-mail address in the correct format, like name@school.org"})
    roles = RolesField()


class RolesForm(NoControlCharactersMixin, forms.Form):
    roles = RolesField(required=False)


def _base_url(request: HttpRequest) -> str:
    return str(settings.PATHWAYS_BASE_URL) or request.build_absolute_uri("/")


def _staff_of(school: School) -> list[User]:
    roles = StaffRole.objects.filter(school=school).order_by("role")
    return list(
        User.objects.filter(staff_roles__school=school).distinct()
        .prefetch_related(Prefetch("staff_roles", queryset=roles, to_attr="roles_here"))
        .prefetch_related(Prefetch("invitations", queryset=Invitation.objects.order_by("-created_at"),
                                   to_attr="invitations_made"))
        .order_by("-is_active", "last_name", "first_name")
    )


@login_required
def staff_list(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "manage_staff")
    return render(request, "schools/staff_list.html", {"school": school, "staff": _staff_of(school)})


@login_required
@require_http_methods(["GET", "POST"])
def staff_invite(request: HttpRequest, school_id: int) -> HttpResponse:
    school = school_with(request.user, school_id, "manage_staff")
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, invited = staff_actions.do_invite_staff(
                school=school, email=data["email"], first_name=data["first_name"], last_name=data["last_name"],
                roles=data["roles"], actor=request.user, base_url=_base_url(request))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if invited:
                messages.success(request, f"{user} is invited: the link was sent to {user.email} and works for "
                                          f"{staff_actions.INVITATION_HOURS} hours.")
            else:
                messages.success(request, f"{user} now has these roles in {school.name}. They sign in as before.")
            return redirect("staff-member", school.id, user.id)
    return render(request, "schools/staff_invite.html", {"school": school, "form": form}, status=form_status(form))


def _member(request: HttpRequest, school_id: int, user_id: int) -> tuple[School, User]:
    """A person who holds (or held, if they have left) a role in a school the user manages staff of."""
    school = school_for(request.user, school_id)
    member = get_object_or_404(User.objects.filter(staff_roles__school=school).distinct(), id=user_id)
    require(request.user, "manage_staff", school)  # after the look-up: another school's person stays a 404
    return school, member


def _may_close(actor: Any, member: User) -> bool:
    """Closing a sign-in, or resetting its two-factor, touches every school the person works in: only
    someone who manages staff in all of them may. Nobody does it to themselves."""
    if member.pk == actor.pk:
        return False
    managed = {sid for sid in access_for(actor).school_ids if can(actor, "manage_staff", sid)}
    schools = set(StaffRole.objects.filter(user=member).values_list("school_id", flat=True))
    trusts = set(member.trust_roles.values_list("trust_id", flat=True))
    return schools <= managed and trusts <= access_for(actor).trust_ids


@login_required
@require_http_methods(["GET", "POST"])
def staff_member(request: HttpRequest, school_id: int, user_id: int) -> HttpResponse:
    school, member = _member(request, school_id, user_id)
    current = list(StaffRole.objects.filter(user=member, school=school).values_list("role", flat=True))
    form = RolesForm(request.POST or None, initial={"roles": current})
    if request.method == "POST" and form.is_valid():
        dropping_own_headship = Role.HEADTEACHER in current and Role.HEADTEACHER not in form.cleaned_data["roles"]
        if member.pk == request.user.pk and dropping_own_headship:
            form.add_error("roles", "You cannot take away your own headteacher role: ask the trust lead.")
        else:
            try:
                granted, withdrawn = staff_actions.do_set_roles(
                    user=member, school=school, roles=form.cleaned_data["roles"], actor=request.user)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _roles_message(member, granted, withdrawn))
                return redirect("staff-member", school.id, member.id)
    context = {
        "school": school, "member": member, "form": form, "may_close": _may_close(request.user, member),
        "other_roles": StaffRole.objects.filter(user=member).exclude(school=school).select_related("school"),
        "led": member.arrangements_led.exclude(status="ended").select_related("pupil").filter(school=school),
        "pending": not member.has_usable_password() and member.is_active,
    }
    return render(request, "schools/staff_member.html", context, status=form_status(form))


def _roles_message(member: User, granted: list[str], withdrawn: list[str]) -> str:
    label = dict(ROLE_CHOICES)
    parts = []
    if granted:
        parts.append("given " + ", ".join(str(label[r]) for r in granted))
    if withdrawn:
        parts.append("no longer " + ", ".join(str(label[r]) for r in withdrawn))
    return f"{member}: " + ("; ".join(parts) if parts else "no change") + "."


@login_required
@require_http_methods(["GET", "POST"])
def staff_leave(request: HttpRequest, school_id: int, user_id: int) -> HttpResponse:
    school, member = _member(request, school_id, user_id)
    if not _may_close(request.user, member):
        raise PermissionDenied("They work in a school you do not manage: withdraw their roles here instead.")
    if request.method == "POST":
        try:
            effects = staff_actions.do_deactivate_staff(user=member, actor=request.user, school=school)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("staff-member", school.id, member.id)
        count = effects.get("arrangements_needing_a_new_lead", 0)
        messages.success(request, f"{member}'s sign-in is closed; what they recorded is kept."
                         + (f" {count} arrangement{'s' if count != 1 else ''} they lead "
                            f"need{'s' if count == 1 else ''} a new lead." if count else ""))
        return redirect("staff-member", school.id, member.id)
    led = member.arrangements_led.exclude(status="ended").select_related("pupil", "school")
    return render(request, "schools/staff_leave.html", {"school": school, "member": member, "led": led})


@login_required
@require_POST
def staff_reset_two_factor(request: HttpRequest, school_id: int, user_id: int) -> HttpResponse:
    school, member = _member(request, school_id, user_id)
    if not _may_close(request.user, member):
        raise PermissionDenied("They work in a school you do not manage: ask the trust lead.")
    try:
        staff_actions.do_reset_two_factor(user=member, actor=request.user, school=school)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{member}'s two-factor sign-in is reset: they set up their app again "
                                  "the next time they sign in.")
    return redirect("staff-member", school.id, member.id)


@login_required
@require_POST
def staff_invite_again(request: HttpRequest, school_id: int, user_id: int) -> HttpResponse:
    school, member = _member(request, school_id, user_id)
    try:
        staff_actions.do_invite(user=member, school=school, actor=request.user, base_url=_base_url(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"A new invitation was sent to {member.email}; the earlier link no longer works.")
    return redirect("staff-member", school.id, member.id)
