"""Existing tokens and provider staff: the school that issued each, and each token's expiry.

The issuing school is, in order of preference:
1. the school of the audit row that created it ("create provider token", "invite provider staff");
2. the one school placing pupils with the provider where its creator (created_by, invited_by) holds a role;
3. the one school placing pupils with the provider;
4. where several schools place pupils with it and nothing above decides, the school with the provider's
   earliest placement, else the school that added the provider.
A token's expiry is its creation plus PATHWAYS_PROVIDER_TOKEN_MONTHS, and never sooner than 30 days
after this migration, so that no provider is cut off without the time to be issued a new token.
"""

import datetime as dt

from django.conf import settings
from django.db import migrations
from django.utils import timezone

AUDIT_ACTIONS = {"providertoken": ("create provider token",), "providerstaff": ("invite provider staff",)}


def _placing_school_ids(Arrangement, provider_id):
    """The schools with placements with the provider, earliest placement first."""
    out = []
    for school_id in Arrangement.objects.filter(provider_id=provider_id).order_by("start", "id").values_list(
        "school_id", flat=True
    ):
        if school_id not in out:
            out.append(school_id)
    return out


def issuing_school_id(apps, row, model_name, creator_id):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    Arrangement = apps.get_model("arrangements", "Arrangement")
    StaffRole = apps.get_model("schools", "StaffRole")
    Provider = apps.get_model("providers", "Provider")
    audited = (
        AuditEvent.objects.filter(object_type=f"providers.{model_name}", object_id=str(row.pk),
                                  action__in=AUDIT_ACTIONS[model_name], school__isnull=False)
        .order_by("at", "id").values_list("school_id", flat=True).first()
    )
    if audited is not None:
        return audited
    placing = _placing_school_ids(Arrangement, row.provider_id)
    if creator_id is not None:
        theirs = set(StaffRole.objects.filter(user_id=creator_id).values_list("school_id", flat=True))
        mine = [s for s in placing if s in theirs]
        if len(mine) == 1:
            return mine[0]
    if placing:
        return placing[0]
    return Provider.objects.filter(pk=row.provider_id).values_list("school_id", flat=True).get()


def forwards(apps, schema_editor):
    ProviderToken = apps.get_model("providers", "ProviderToken")
    ProviderStaff = apps.get_model("providers", "ProviderStaff")
    months = getattr(settings, "PATHWAYS_PROVIDER_TOKEN_MONTHS", 12)
    earliest = timezone.now() + dt.timedelta(days=30)
    for token in ProviderToken.objects.all():
        token.school_id = issuing_school_id(apps, token, "providertoken", token.created_by_id)
        if token.expires_at is None:
            token.expires_at = max(token.created_at + dt.timedelta(days=round(months * 365.25 / 12)), earliest)
        token.save(update_fields=["school", "expires_at"])
    for member in ProviderStaff.objects.all():
        member.school_id = issuing_school_id(apps, member, "providerstaff", member.invited_by_id)
        member.save(update_fields=["school"])


class Migration(migrations.Migration):

    dependencies = [
        ("providers", "0004_provider_access_issued_by_a_school"),
        ("arrangements", "0002_arrangement_lead"),
        ("audit", "0002_initial"),
        ("schools", "0003_school_la_email_la_contact"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
