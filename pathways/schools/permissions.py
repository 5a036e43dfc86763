"""Who may do what: the role matrix. Every view, action and API route asks `can` or `require` here.

The matrix is data: each permission names the roles that hold it, and the words staff are shown when
they do not. docs/security.md prints the same table (tests/test_role_matrix.py checks the two agree),
and the matrix test tries every URL and every action with every role against it.

Principles (issue "Who may do what"):

- a teacher or TA records what they see (welfare checks, contacts, visits, reports) and nothing
  structural (the calendar, providers and their checks, pupils, tokens, invitations, case-file import);
- only the headteacher and the DSL manage provider access (tokens, provider staff invitations);
- governors see aggregates (the governors' report) and no named child;
- the trust lead approves what the trust approves, and reads every school of the trust;
- provider staff reach only the provider portal and the API, never a school's pages.

To add a permission: add a row to MATRIX, then name it for the URLs in URL_PERMISSIONS (url_permissions.py, or
pathways/.../urls) and for the actions with `@permission(...)`; the matrix test and the table in
docs/security.md follow.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import PermissionDenied
from django.urls import Resolver404, resolve

from pathways.schools.access import TRUST_LEAD, access_for, school_for
from pathways.schools.models import Role, School, Trust
from pathways.schools.url_permissions import PUBLIC_URLS as PUBLIC_URLS  # re-exported: imported from here too
from pathways.schools.url_permissions import URL_PERMISSIONS as URL_PERMISSIONS

PROVIDER_STAFF = "provider_staff"

# The roles in the order the table shows them, with the words staff use.
ROLES: dict[str, str] = {
    Role.HEADTEACHER: "Headteacher",
    Role.DSL: "DSL",
    Role.ATTENDANCE_OFFICER: "Attendance officer",
    Role.AP_LEAD: "AP lead",
    Role.SENCO: "SENCO",
    Role.TEACHER: "Teacher or TA",
    Role.REMOTE_LEAD: "Remote learning lead",
    Role.GOVERNOR: "Governor",
    TRUST_LEAD: "Trust lead",
    PROVIDER_STAFF: "Provider staff",
}

H, D, A, P, S, T, G, L = (Role.HEADTEACHER, Role.DSL, Role.ATTENDANCE_OFFICER, Role.AP_LEAD, Role.SENCO,
                          Role.TEACHER, Role.GOVERNOR, TRUST_LEAD)
R = Role.REMOTE_LEAD
EVERY_SCHOOL_ROLE = frozenset({H, D, A, P, S, T, R, G, L})
STAFF = frozenset({H, D, A, P, S, T, R})  # those with a role in the school who are not governors


@dataclass(frozen=True)
class Permission:
    roles: frozenset[str]
    what: str  # the column "what it covers" in docs/security.md
    refusal: str  # what staff without it are told


def _p(roles: set[str] | frozenset[str], what: str, refusal: str) -> Permission:
    return Permission(frozenset(str(r) for r in roles), what, refusal)


MATRIX: dict[str, Permission] = {
    # Reads
    "view_trust": _p({L}, "the trust's pages: every school's Today, providers across the trust, compliance",
                     "Only the trust lead opens the trust's pages."),
    "view_school": _p(EVERY_SCHOOL_ROLE, "the school's home, Today, calendar and policy pages, counts only",
                      "You have no role in this school."),
    "view_named_records": _p(
        STAFF | {L}, "pupils, arrangements, chronology and attachments, risk assessments, welfare checks, "
        "register, LA letters, providers and their placements, the case-file export",
        "Your role sees the school's counts, not named pupils' records."),
    "view_pupil_reports": _p(STAFF | {L}, "parents' progress reports, visit records, the inspection pack",
                             "Your role in this school does not open pupil reports."),
    "view_governors_report": _p({H, D, G, L}, "the governors' termly report (counts, no names)",
                                "Only governors, the headteacher, the DSL and the trust lead open the "
                                "governors' report."),
    "view_la_return": _p({H, D, A, P, L}, "the local authority's part-time timetable return",
                         "Only the headteacher, the DSL, the AP lead, the attendance officer and the trust "
                         "lead open the local authority return."),
    "make_census_return": _p({H, A}, "the school census's AP placements: their checks, the export for the MIS, "
                             "the placement's census details",
                             "Only the headteacher and the attendance officer prepare the school census return."),
    "send_la_return": _p({H, D, A, P}, "record the part-time timetables return as sent to the local authority",
                         "Only the headteacher, the DSL, the AP lead and the attendance officer record the "
                         "return as sent."),
    "view_audit_trail": _p({H, D}, "the audit trail", "Only the headteacher and the DSL can open the audit trail."),
    "view_dsl_week": _p({H, D}, "the DSL's week: pupils not in full-time school by vulnerability, last seen by "
                     "school staff, a pupil's whole chronology",
                     "Only the DSL and the headteacher open the DSL's week."),
    # Recording what staff see
    "record_events": _p(STAFF, "visits, contacts, reviews and other chronology entries, and their corrections",
                        "Your role in this school is read only."),
    "record_welfare_checks": _p(STAFF, "welfare checks on an absence (follow-ups)",
                                "Your role in this school is read only."),
    # Arrangements
    "plan_arrangements": _p(STAFF, "propose an arrangement: create, timetable, steps, lead, send for approval",
                            "Your role in this school is read only."),
    "approve_arrangements": _p({H}, "approve an arrangement (it becomes active)",
                               "Only the headteacher can approve an arrangement."),
    "end_arrangements": _p({H, D, P, S}, "end an arrangement",
                           "Only the headteacher, the DSL, the AP lead or the SENCO can end an arrangement."),
    "import_case_files": _p({H, D, P}, "import a case file (as a draft: approvals are confirmed afterwards)",
                            "Only the headteacher, the DSL or the AP lead can import a case file."),
    # The SENCO too: the school's link with the LA's SEND team, who tells it of an EHC plan pupil's
    # part-time timetable or placement (docs/security.md, "Who may do what").
    "notify_local_authority": _p({H, D, A, P, S}, "notify the local authority (letters and e-mails)",
                                 "Only the headteacher, the DSL, the AP lead, the SENCO or the attendance "
                                 "officer can notify the local authority."),
    "write_risk_assessments": _p({H, D, P, S}, "start, edit, complete, review and revise risk assessments",
                                 "Only the DSL, the headteacher, the AP lead and the SENCO write risk "
                                 "assessments."),
    "approve_for_trust": _p({L}, "the trust's approval or refusal (of an unregistered provider), from the trust's "
                            "approvals",
                            "Only the trust lead records the trust's approval: the school cannot record it "
                            "itself."),
    # Structure
    "manage_pupils": _p({H, D, A, P, S}, "add and edit pupils",
                        "Only the headteacher, the DSL, the attendance officer, the AP lead or the SENCO can "
                        "add or edit pupils."),
    "import_roster": _p({H, D, A}, "import the school's pupils from its MIS (CTF or pupil-list CSV)",
                        "Only the headteacher, the DSL and the attendance officer import the roster."),
    "send_progress_report": _p(STAFF, "e-mail the parents' progress report to the contacts with parental "
                               "responsibility (recorded in the chronology)",
                               "Your role in this school does not send reports to parents."),
    "view_pupil_contacts": _p(STAFF, "a pupil's address, contacts and social worker (for calls and visits)",
                              "Your role does not see pupils' contacts."),
    "set_legal_hold": _p({H, D}, "put a pupil's records on legal hold",
                         "Only the headteacher and the DSL can put records on legal hold."),
    "manage_calendar": _p({H, D, A}, "term dates and closures",
                          "Only the headteacher, the DSL or the attendance officer can change the school "
                          "calendar."),
    "manage_school_policy": _p({H, D}, "the school's policy settings",
                               "Only the headteacher and the DSL can change the school's policy."),
    "manage_providers": _p({H, D, P}, "add and edit providers, their checks and checklists",
                           "Only the headteacher, the DSL or the AP lead can change providers and their "
                           "checks."),
    "manage_provider_access": _p({H, D}, "provider tokens and provider staff invitations",
                                 "Only the headteacher or the DSL can manage provider access."),
    # Staff and set-up
    "manage_staff": _p({H, L}, "invite staff, change their roles, close a leaver's sign-in, reset two-factor",
                       "Only the headteacher and the trust lead can manage staff."),
    "set_up_trust": _p({L}, "add a school of the trust from the GIAS file, load a new GIAS file",
                       "Only the trust lead adds schools to the trust."),
    # The register
    "take_register": _p({H, D, A, P}, "record marks, the daily register, MIS import",
                        "Only the attendance officer, the DSL, the headteacher and the AP lead take the "
                        "register."),
    "manage_mis_writeback": _p({H, A}, "MIS write-back: the connection, its codes, the reconciliation of marks",
                               "Only the attendance officer and the headteacher manage what is written to "
                               "the MIS."),
    # Remote education (seeds 001, 002, 003)
    "manage_remote_education": _p({H, R}, "the school's remote education offer, its planning and audit tool, "
                                  "the family device survey",
                                  "Only the headteacher and the remote learning lead change the remote "
                                  "education offer."),
    # Providers
    "report_placements": _p({PROVIDER_STAFF}, "the provider portal and API: their own placements' attendance",
                            "Only the provider's staff report its placements."),
}


# The chronology's entries each need a permission: staff record what they see; the trust's approval is
# the trust lead's alone (the school cannot record it itself).
EVENT_PERMISSIONS = {"trust_approval": "approve_for_trust"}


def event_permission(event_type: str | None) -> str:
    return EVENT_PERMISSIONS.get(event_type or "", "record_events")


def can_any(user: Any, permissions: str | tuple[str, ...], school: School | int | None) -> bool:
    names = (permissions,) if isinstance(permissions, str) else permissions
    return any(can(user, name, school) for name in names)


def url_allows(user: Any, url_name: str, school: School | int | None, method: str = "GET") -> bool:
    """Whether the matrix lets the user open (GET) or submit (POST) the page named url_name: Today and
    the templates show only the links that work."""
    if url_name in PUBLIC_URLS:
        return True
    read, write = URL_PERMISSIONS[url_name]
    if method.upper() == "GET" or write is None:
        return can_any(user, read, school)
    return can_any(user, write, school)


def link_allows(user: Any, url: str, school: School | int) -> bool:
    """Whether a link to one of the school's pages leads to something the user can do there: its page opens
    and, where the page is a form, the user may submit it (a chronology entry by the permission its type
    needs). Today and other lists show only these."""
    parts = urlsplit(url)
    if not parts.path:
        return True  # an anchor on the same page
    try:
        match = resolve(parts.path)
    except Resolver404:
        return False
    name = match.url_name or ""
    if name in PUBLIC_URLS:
        return True
    if name not in URL_PERMISSIONS:
        return False
    if name == "event-record":
        event_type = parse_qs(parts.query).get("type", [""])[0]
        return url_allows(user, name, school, "GET") and (
            can(user, event_permission(event_type), school) if event_type else True)
    return url_allows(user, name, school, "GET") and url_allows(user, name, school, "POST")


def link_roles(url: str) -> frozenset[str]:
    """The roles whose holders may follow a link to one of a school's pages (link_allows for any holder of
    one of them): to say, where a person cannot act on an item, who can."""
    parts = urlsplit(url)
    try:
        name = resolve(parts.path).url_name or ""
    except Resolver404:
        return frozenset()
    if name in PUBLIC_URLS or name not in URL_PERMISSIONS:
        return frozenset()

    def holders(permissions: str | tuple[str, ...] | None) -> frozenset[str]:
        names = (permissions,) if isinstance(permissions, str) else permissions or ()
        return frozenset().union(*(MATRIX[n].roles for n in names if n in MATRIX))

    read, write = URL_PERMISSIONS[name]
    roles = holders(read) & (holders(write) if write is not None else holders(read))
    if name == "event-record":
        event_type = parse_qs(parts.query).get("type", [""])[0]
        if event_type:
            roles &= MATRIX[event_permission(event_type)].roles
    return roles - {PROVIDER_STAFF}


def who_can(roles: frozenset[str]) -> str:
    """The roles in the school's words, in the matrix's order: "the DSL or the headteacher"."""
    if not roles:
        return ""
    if roles >= STAFF:
        return "any member of staff"
    names = [ROLES[r] for r in ROLES if r in roles]
    words = [("the " + (n if n[:2].isupper() else n[0].lower() + n[1:])) for n in names]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


# Actions that belong to no school: run from the command line, the admin or the demo (no actor, or a
# superuser), or a person's own account (anyone signed in, for themselves).
SYSTEM = "system"
OWN_ACCOUNT = "own_account"


def roles_of(user: Any, school: School | int | None) -> frozenset[str]:
    """The matrix roles the user holds in the school (the trust lead in every school of the trust)."""
    roles: frozenset[str] = frozenset()
    if school is not None:
        roles = access_for(user).roles_in(school if isinstance(school, int) else school.id)
    if getattr(user, "is_authenticated", False) and _is_provider_staff(user):
        roles |= {PROVIDER_STAFF}
    return roles


def _is_provider_staff(user: Any) -> bool:
    cached: bool | None = getattr(user, "_pathways_is_provider_staff", None)
    if cached is None:
        # A user may hold a provider staff row from each school that invited them (providers.ProviderStaff).
        cached = bool(getattr(user, "pk", None)) and user.provider_staff.exists()
        user._pathways_is_provider_staff = cached
    return cached


def can(user: Any, permission: str, school: School | int | None) -> bool:
    if permission == OWN_ACCOUNT:
        return bool(getattr(user, "is_authenticated", False))
    if permission == SYSTEM:
        return bool(getattr(user, "is_superuser", False))
    wanted = MATRIX[permission].roles
    if school is not None and access_for(user).roles_in(school if isinstance(school, int) else school.id) & wanted:
        return True
    # Whether the user is a provider's staff costs a query: ask only when the permission is theirs.
    return PROVIDER_STAFF in wanted and bool(getattr(user, "is_authenticated", False)) and _is_provider_staff(user)


def require(user: Any, permission: str, school: School | int | None) -> None:
    """403 with the matrix's words unless the user holds the permission in the school. Call it after the
    record was looked up in the user's schools, so that another school's id stays a 404."""
    if not can(user, permission, school):
        raise PermissionDenied(MATRIX[permission].refusal if permission in MATRIX else "You cannot do this.")


def school_with(user: Any, school_id: int, permission: str) -> School:
    """The school (404 unless the user holds a role in it), and the permission there (else 403)."""
    school = school_for(user, school_id)
    require(user, permission, school)
    return school


def allowed(user: Any, school: School | int) -> frozenset[str]:
    """Every permission the user holds in the school: templates show only the buttons that work. The
    school's pages show no provider's button, so whether the user is a provider's staff (a query) is not asked."""
    roles = access_for(user).roles_in(school if isinstance(school, int) else school.id)
    return frozenset(name for name, p in MATRIX.items() if roles & p.roles)


# --- actions ------------------------------------------------------------------------------------------

F = TypeVar("F", bound=Callable[..., Any])
# "module.do_name" -> the permissions (any of them) it needs: the matrix test calls every one.
ACTIONS: dict[str, tuple[str, ...]] = {}
_SCHOOL_HOLDERS = ("school", "arrangement", "pupil", "risk_assessment", "token", "closure", "half_term",
                   "follow_up", "followup", "notice", "event", "mark_import", "roster_import")


def school_of(kwargs: dict[str, Any]) -> int | None:
    """The school an action writes to, from its keyword arguments."""
    for key in _SCHOOL_HOLDERS:
        value = kwargs.get(key)
        if value is None:
            continue
        if isinstance(value, School):
            return value.id
        school_id = getattr(value, "school_id", None)
        if school_id is None and getattr(value, "arrangement_id", None) is not None:
            school_id = value.arrangement.school_id  # an entry of the chronology: its arrangement's school
        if school_id is not None:
            return int(school_id)
    return None


def _is_person(actor: Any) -> bool:
    return bool(getattr(actor, "pk", None)) and hasattr(actor, "staff_roles")


def _require_trust_lead(actor: Any, name: str, trust: Trust) -> None:
    """A trust's own action (adding a school): the permission must be the trust lead's, and the actor its lead."""
    if not (TRUST_LEAD in MATRIX[name].roles and trust.pk in access_for(actor).trust_ids):
        raise PermissionDenied(MATRIX[name].refusal)


def permission(*names: str, choose: Callable[[dict[str, Any]], str] | None = None) -> Callable[[F], F]:
    """Register an action with the permission it needs (any of `names`, or the one `choose` picks from its
    arguments); a person acting without it is refused before any work. No actor (the command line, the
    demo, a job acting for the school) or an API token's description is not a person: those run, the API
    being checked by its own token."""
    for name in names:
        if name not in MATRIX and name not in (SYSTEM, OWN_ACCOUNT):
            raise KeyError(f"{name!r} is not in the role matrix (pathways/schools/permissions.py MATRIX)")

    def decorate(action: F) -> F:
        @functools.wraps(action)
        def checked(*args: Any, **kwargs: Any) -> Any:
            actor = kwargs.get("actor")
            if _is_person(actor):
                needed = (choose(kwargs),) if choose is not None else names
                school = school_of(kwargs)
                if needed[0] in MATRIX and school is None and isinstance(kwargs.get("trust"), Trust):
                    _require_trust_lead(actor, needed[0], kwargs["trust"])
                elif not can_any(actor, needed, school):
                    require(actor, needed[0], school)
            return action(*args, **kwargs)

        checked.permissions = names  # type: ignore[attr-defined]
        ACTIONS[f"{action.__module__}.{action.__name__}"] = names
        return checked  # type: ignore[return-value]

    return decorate


def table_rows() -> list[list[str]]:
    """The matrix as the table in docs/security.md: one row a permission, a column a role."""
    header = ["permission", "what it covers", *ROLES.values()]
    rows = [header, ["---"] * len(header)]
    for name, p in MATRIX.items():
        rows.append([f"`{name}`", p.what, *("yes" if role in p.roles else "" for role in ROLES)])
    return rows


def markdown_table() -> str:
    return "\n".join("| " + " | ".join(row) + " |" for row in table_rows())
