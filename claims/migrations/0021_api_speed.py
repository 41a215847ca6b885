# The public quote lists by verification time: an index of verified claims only.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0020_webhooks"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                condition=models.Q(("status", "verified")), fields=["reviewed_at", "id"], name="claim_verified_by_time"
            ),
        ),
    ]
