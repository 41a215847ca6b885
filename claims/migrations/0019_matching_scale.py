"""Claim matching at scale (bench/matching_scale.py): indexes for a speaker's matched claims
and for the sweep of claims whose matching is due, and full-text indexes that stay fast.

PostgreSQL's GIN indexes collect new entries in a pending list by default (fastupdate) and
read all of it on every search until VACUUM merges it: a list built from a few thousand
inserts made each full-text search of claim matching take 25 ms instead of 2. Matching
searches far more often than it inserts (one index row per claim), so these two indexes
take their entries at once.
"""

from django.db import migrations, models

GIN_INDEXES = ("claims_claimindex_search", "claims_factcheck_search")


def gin_direct(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in GIN_INDEXES:
        schema_editor.execute(f'ALTER INDEX "{index}" SET (fastupdate = off)')
        schema_editor.execute(f"SELECT gin_clean_pending_list('\"{index}\"'::regclass)")


def gin_pending(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in GIN_INDEXES:
        schema_editor.execute(f'ALTER INDEX "{index}" RESET (fastupdate)')


class Migration(migrations.Migration):
    dependencies = [("claims", "0018_people")]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["updated_at"], name="claim_updated_at"),
        ),
        migrations.AddIndex(
            model_name="claimindex",
            index=models.Index(
                condition=models.Q(("matched_at__isnull", False)), fields=["matched_speaker_pk"],
                name="claimindex_matched_speaker",
            ),
        ),
        migrations.RunPython(gin_direct, gin_pending),
    ]
