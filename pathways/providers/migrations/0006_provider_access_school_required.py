import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("providers", "0005_provider_access_issuing_school_from_the_trail")]

    operations = [
        migrations.AlterField(
            model_name="providerstaff",
            name="school",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="provider_staff", to="schools.school",
                help_text="The school that gave the sign-in: it reaches only this school's placements with the provider.",
            ),
        ),
        migrations.AlterField(
            model_name="providertoken",
            name="school",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="provider_tokens", to="schools.school",
                help_text="The school that issued the token: it reaches only this school's placements with the provider.",
            ),
        ),
        migrations.AlterField(
            model_name="providertoken",
            name="expires_at",
            field=models.DateTimeField(help_text="After this the token is refused (401): the school issues a new one."),
        ),
    ]
