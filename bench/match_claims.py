"""Fact-check retrieval with the product's matching engine, in the TREC run format.

    .venv/bin/python bench/match_claims.py QUERIES.tsv VCLAIMS.tsv RUN.tsv [--limit 20]
        [--lexical-weight W] [--depth N] [--tag NAME]

QUERIES.tsv: a header, then `id<TAB>text` (CheckThat! 2020 Task 2 tweets). VCLAIMS.tsv: a
header, then `id<TAB>claim<TAB>title` (the fact-checked claims); both are read with a csv
reader, since some fields hold quoted tabs. Each verified claim is indexed by its claim and
title; its exact key is the claim's. RUN.tsv gets the best `--limit` claims per query as
`query_id Q0 vclaim_id rank score tag`, which ../shared/eval/score_matching.py reads.

--lexical-weight sets the lexical share of the blend (dense gets the rest), for tuning on
the train queries; the default is the engine's. Prints the time to index the claims and
the mean time per query to stderr.

--database runs the lexical step where the product runs it: the verified claims become
fact-check rows of the database DATABASE_URL names (the embedded SQLite database without
it; use a scratch one: its fact-checks are replaced), searched through the tracking
source (PostgreSQL full-text search, SQLite FTS5) and reranked from their stored vectors.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claims.matching import BlendWeights, MemorySource, Row, match, prepare, prepare_many  # noqa: E402
from claims.matching.engine import RESULT_LIMIT, RETRIEVAL_DEPTH  # noqa: E402

# Verified claims hold long quoted passages: past csv's default field limit of 128 KiB.
CSV_FIELD_LIMIT = 16 * 1024 * 1024
DEFAULT_TAG = "factcheck"


def read_tsv(path: Path, columns: int) -> Iterator[list[str]]:
    """The rows after the header, each cut or padded to `columns` fields."""
    csv.field_size_limit(CSV_FIELD_LIMIT)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t")
        next(reader, None)
        for fields in reader:
            if fields and fields[0].strip():
                yield (fields + [""] * columns)[:columns]


def index_claims(path: Path) -> MemorySource:
    """Every verified claim, compared by its claim and title, keyed by its claim."""
    rows = list(read_tsv(path, 3))
    prepared = prepare_many([f"{claim}\n{title}" for _, claim, title in rows], key_texts=[claim for _, claim, _ in rows])
    return MemorySource(Row(vclaim_id.strip(), p) for (vclaim_id, _, _), p in zip(rows, prepared))


DATABASE_URL_PREFIX = "https://checkthat.example/vclaim/"


def database_source(path: Path):
    """The verified claims as the database's fact-checks, indexed as importing them does.
    Returns the source and a map from row id to verified-claim id."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from claims.models import FactCheck
    from claims.tracking.candidates import fact_check_source
    from claims.tracking.index import fact_checks_index

    call_command("migrate", verbosity=0)
    rows = list(read_tsv(path, 3))
    FactCheck.objects.all().delete()
    made = FactCheck.objects.bulk_create(
        [FactCheck(publisher="CheckThat! 2020", url=f"{DATABASE_URL_PREFIX}{vclaim_id.strip()}", claim_reviewed=claim,
                   title=title[:500]) for vclaim_id, claim, title in rows],
        batch_size=2000,
    )
    fact_checks_index(fact_checks=made)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE claims_factcheck")
    ids = {f.pk: f.url.removeprefix(DATABASE_URL_PREFIX) for f in made}
    return fact_check_source(FactCheck.objects.all()), ids


def run_lines(query_id: str, matches, tag: str) -> list[str]:
    return [f"{query_id}\tQ0\t{m.id}\t{rank}\t{m.score:.6f}\t{tag}" for rank, m in enumerate(matches, 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("queries", type=Path)
    parser.add_argument("vclaims", type=Path)
    parser.add_argument("run", type=Path)
    parser.add_argument("--limit", type=int, default=RESULT_LIMIT, help="claims written per query")
    parser.add_argument("--depth", type=int, default=RETRIEVAL_DEPTH, help="lexical candidates reranked")
    parser.add_argument("--lexical-weight", type=float, default=BlendWeights().lexical, metavar="W")
    parser.add_argument("--tag", default=DEFAULT_TAG)
    parser.add_argument("--database", action="store_true", help="search the verified claims in the database")
    args = parser.parse_args(argv)
    if not 0 <= args.lexical_weight <= 1:
        parser.error("--lexical-weight must be between 0 and 1")
    weights = BlendWeights(lexical=args.lexical_weight, dense=1 - args.lexical_weight)

    started = time.perf_counter()
    if args.database:
        source, ids = database_source(args.vclaims)
        from claims.tracking.candidates import digested

        ready, count = digested, len(ids)
    else:
        source, ids = index_claims(args.vclaims), None
        ready, count = (lambda prepared: prepared), len(source)
    indexed = time.perf_counter() - started

    queries = list(read_tsv(args.queries, 2))
    started = time.perf_counter()
    lines = []
    for query_id, text in queries:
        found = match(ready(prepare(text)), source, limit=args.limit, depth=args.depth, weights=weights)
        if ids is not None:
            found = [replace(m, id=ids[m.id]) for m in found]
        lines += run_lines(query_id.strip(), found, args.tag)
    per_query = (time.perf_counter() - started) / max(1, len(queries))
    args.run.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    print(f"indexed {count} claims in {indexed:.2f} s; {len(queries)} queries, "
          f"{per_query * 1000:.2f} ms per query", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
