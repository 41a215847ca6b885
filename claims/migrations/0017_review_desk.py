# The review desk: leases on the claims editors have open, and each editor's queue filters.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('claims', '0015_tracking_ui'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ReviewQueueFilter',
            fields=[
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='review_queue_filter', serialize=False, to=settings.AUTH_USER_MODEL)),
                ('filters', models.JSONField(blank=True, default=dict, help_text="The desk's filter form, as sent, checked on use.")),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.CreateModel(
            name='ReviewLease',
            fields=[
                ('claim', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='review_lease', serialize=False, to='claims.claim')),
                ('expires_at', models.DateTimeField(db_index=True)),
                ('holder', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='review_leases', to=settings.AUTH_USER_MODEL)),
            ],
        ),
    ]
