# One person, provider sign-ins from two schools: a user may hold a provider staff row from each school
# that invited them (no longer one-to-one), once for each provider and school.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('providers', '0006_provider_access_school_required'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='providerstaff',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='provider_staff',
                                    to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddConstraint(
            model_name='providerstaff',
            constraint=models.UniqueConstraint(fields=('user', 'provider', 'school'),
                                               name='provider_staff_once_a_school'),
        ),
    ]
