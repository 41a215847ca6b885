"""Full-text index for the quote search (`q` on the API and /quotes/), PostgreSQL only.

The index expression is exactly what the search filter computes (English configuration,
text coalesced to ''), so the planner uses it: a search for a rare word went from a scan
of every claim (about 250 ms at 200,000 claims) to an index lookup.
"""

from django.db import migrations

NAME = "claims_claim_text_fts"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{NAME}" ON "claims_claim" '
        "USING gin (to_tsvector('english'::regconfig, COALESCE(\"text\", '')))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')


class Migration(migrations.Migration):
    dependencies = [("claims", "0008_worker_heartbeat")]

    operations = [migrations.RunPython(create, drop)]
