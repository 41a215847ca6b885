"""Full-text search for claim matching: the lexical step of claims/tracking runs in the database.

PostgreSQL: a generated tsvector column (English configuration) on the claims' index and on
fact-checks, each with a GIN index. The column is stored, so ranking a candidate reads it
instead of parsing the text again.

SQLite (the embedded default): an FTS5 table per searchable table, holding only the index
(the text stays in its table), kept in step by triggers on insert, update and delete, so
every write, cascades included, reaches the index. Django rebuilds a SQLite table to alter
it, which drops its triggers: a later migration that alters these tables must create them
again (tests/tracking/test_candidates.py checks that the index follows the rows).
"""

from django.db import migrations

# (table, rowid column, the text columns searched)
SEARCHED = [
    ("claims_claimindex", "claim_id", ["text"]),
    ("claims_factcheck", "id", ["claim_reviewed", "title"]),
]
FTS5_TOKENIZER = "porter unicode61 remove_diacritics 2"


def _postgresql(table: str, columns: list[str]) -> list[str]:
    words = " || ' ' || ".join(f'"{c}"' for c in columns)
    return [
        f'ALTER TABLE "{table}" ADD COLUMN "search" tsvector '
        f"GENERATED ALWAYS AS (to_tsvector('english'::regconfig, {words})) STORED",
        f'CREATE INDEX "{table}_search" ON "{table}" USING gin ("search")',
    ]


def _sqlite(table: str, rowid: str, columns: list[str]) -> list[str]:
    fts = f"{table}_fts"
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    forget = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.{rowid}, {old});"
    remember = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.{rowid}, {new});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{table}', content_rowid='{rowid}', "
        f"tokenize='{FTS5_TOKENIZER}')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {remember} END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {forget} END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {names} ON {table} BEGIN {forget} {remember} END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, rowid, columns in SEARCHED:
        if vendor == "postgresql":
            statements = _postgresql(table, columns)
        elif vendor == "sqlite":
            statements = _sqlite(table, rowid, columns)
        else:
            raise NotImplementedError(f"claim matching has no full-text search for {vendor}")
        for sql in statements:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, _, _ in SEARCHED:
        if vendor == "postgresql":
            schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS "search"')
        elif vendor == "sqlite":
            for suffix in ("insert", "delete", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
            schema_editor.execute(f"DROP TABLE IF EXISTS {table}_fts")


class Migration(migrations.Migration):
    dependencies = [("claims", "0012_claim_tracking")]

    operations = [migrations.RunPython(create, drop)]
