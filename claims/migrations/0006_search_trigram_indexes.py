"""Trigram indexes for the admin's substring search, on PostgreSQL only.

The review desk searches claim text, the editor's corrected wording, the attribution as
written, speaker names and article titles with case-insensitive "contains". Without
these, each search reads every claim (0.5 s at 100,000 claims). SQLite, the embedded
default, has no such indexes and needs none at demo size.
"""

from django.db import migrations

INDEXES = [
    ("claims_claim", "text"),
    ("claims_claim", "corrected_text"),
    ("claims_claim", "attribution"),
    ("sources_speaker", "name"),
    ("sources_article", "title"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{table}_{column}_trgm" ON "{table}" USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_{column}_trgm"')


class Migration(migrations.Migration):
    dependencies = [("claims", "0005_review_indexes"), ("sources", "0002_historicalspeaker")]

    operations = [migrations.RunPython(create, drop)]
