"""Provider tokens and provider staff sign-ins are issued by a school, and tokens expire.

Added empty here, filled by 0005 from the audit trail, and required by 0006."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("providers", "0003_provider_staff_and_tokens"),
        ("schools", "0003_school_la_email_la_contact"),
    ]

    operations = [
        migrations.AddField(
            model_name="providerstaff",
            name="school",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="provider_staff",
                to="schools.school",
                help_text="The school that gave the sign-in: it reaches only this school's placements with the provider.",
            ),
        ),
        migrations.AddField(
            model_name="providertoken",
            name="school",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="provider_tokens",
                to="schools.school",
                help_text="The school that issued the token: it reaches only this school's placements with the provider.",
            ),
        ),
        migrations.AddField(
            model_name="providertoken",
            name="expires_at",
            field=models.DateTimeField(
                null=True, help_text="After this the token is refused (401): the school issues a new one.",
            ),
        ),
    ]
