"""Claim tracking's pages and API at scale: server time and SQL queries with many claims,
statements, fact-checks and matches in the database.

    createdb -h 127.0.0.1 -U postgres factcheck_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_bench .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_bench \\
        .venv/bin/python bench/tracking_pages.py [--claims 200000] [--fact-checks 10000] [--reuse] [--requests 30]

Claims come from bench/admin_scale.py's generator (its rows hang off the outlet "bench").
Then, afresh on every run: the verified claims grouped three by three into statements
(confirmed matches), FACT_CHECKS imported-style fact-checks (indexed: key and vector) and
one statement in five with a confirmed fact-check. Each page is requested once to warm up,
then --requests times through django.test.Client in this process (the whole Django stack,
no network); the table gives median and p95 wall time and the SQL queries of one request.
The quote-list cache is off, so every request builds its page.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["API_ANON_RATE"] = os.environ["API_USER_RATE"] = "100000000/minute"

from bench.admin_scale import QUOTES, bench_admin, fill  # noqa: E402  (sets Django up)
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from claims.models import Claim, ClaimMatch, FactCheck, Statement  # noqa: E402
from claims.tracking.index import fact_checks_index  # noqa: E402
from claims.tracking.selectors import quotes_tracking  # noqa: E402

FACT_CHECK_URL = "https://bench.invalid/fact-checks/"
STATEMENT_SIZE = 3
CHECKED_EVERY = 5  # statements with a confirmed fact-check
SEARCHES = [
    "harbour dredging finished before the storms", "hospitals have enough beds this winter",
    "bus fares frozen for pensioners", "crime in the old town fell by a third",
    "the water in the river is safe to swim in",
]


def tracking_reset() -> None:
    """Drop the tracking rows of earlier runs, in plain SQL (no history rows for bench noise)."""
    q = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {q(ClaimMatch._meta.db_table)}")
        cursor.execute(f"DELETE FROM {q(Statement._meta.db_table)}")
        cursor.execute(f"DELETE FROM {q(FactCheck._meta.db_table)} WHERE {q('url')} LIKE %s", [FACT_CHECK_URL + "%"])


def tracking_fill(*, fact_checks: int) -> tuple[int, int, int]:
    started = time.perf_counter()
    verified = list(
        Claim.objects.filter(status=Claim.Status.VERIFIED).order_by("id").values_list("id", "speaker_id", "text")
    )
    groups = [verified[i:i + STATEMENT_SIZE] for i in range(0, len(verified) - STATEMENT_SIZE + 1, STATEMENT_SIZE)]
    made = [FactCheck(publisher=f"Bench Check {n % 7}", url=f"{FACT_CHECK_URL}{n}",
                      claim_reviewed=f"{QUOTES[n % len(QUOTES)]}, check {n}", rating_text="False", rating_value=-1)
            for n in range(fact_checks)]
    with transaction.atomic():
        statements = Statement.objects.bulk_create(
            [Statement(speaker_id=g[0][1], text=g[0][2], first_claim_id=g[0][0]) for g in groups], batch_size=2000)
        ClaimMatch.objects.bulk_create(
            [ClaimMatch(claim_id=c[0], statement=s, score=1.2, state=ClaimMatch.State.CONFIRMED)
             for s, g in zip(statements, groups) for c in g], batch_size=5000)
        FactCheck.objects.bulk_create(made, batch_size=2000)
        fact_checks_index(fact_checks=made)
        checked = [
            ClaimMatch(claim_id=g[0][0], fact_check=made[n % len(made)], score=0.9, state=ClaimMatch.State.CONFIRMED)
            for n, g in enumerate(groups[::CHECKED_EVERY])
        ] if made else []
        ClaimMatch.objects.bulk_create(checked, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"tracking: {len(statements):,} statements, {len(made):,} fact-checks, {len(checked):,} confirmed "
          f"fact-check matches in {time.perf_counter() - started:.1f} s")
    return len(statements), len(made), len(checked)


def measure(client: Client, path: str, requests: int) -> tuple[int, float, float, int]:
    client.get(path)  # warm-up
    times, queries, status = [], 0, 0
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        queries, status = len(captured), response.status_code
    times.sort()
    return status, statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))], queries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=200_000)
    parser.add_argument("--fact-checks", type=int, default=10_000)
    parser.add_argument("--reuse", action="store_true", help="keep the claims of an earlier run; add the shortfall")
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("point DATABASE_URL at a scratch PostgreSQL database", file=sys.stderr)
        return 2
    admin = bench_admin()
    fill(target=args.claims, reuse=args.reuse, reviewer_id=admin.pk)
    tracking_reset()
    tracking_fill(fact_checks=args.fact_checks)

    in_statement = (ClaimMatch.objects.filter(statement__isnull=False, fact_check__isnull=True)
                    .order_by("claim_id").values_list("claim_id", flat=True))
    quote_id = in_statement[in_statement.count() // 2]
    statement_id = Statement.objects.order_by("id").values_list("id", flat=True)[Statement.objects.count() // 2]
    page_ids = list(Claim.objects.filter(status=Claim.Status.VERIFIED).order_by("-id").values_list("id", flat=True)[:50])
    times = []
    for _ in range(args.requests):
        started = time.perf_counter()
        quotes_tracking(page_ids)
        times.append((time.perf_counter() - started) * 1000)
    print(f"quotes_tracking for 50 quotes: median {statistics.median(times):.1f} ms")

    anonymous, editor = Client(), Client()
    editor.force_login(admin)
    pages = [
        ("API quotes, 50", anonymous, "/api/v1/quotes/"),
        ("API quotes, 200", anonymous, "/api/v1/quotes/?page_size=200"),
        ("API quote in a statement", anonymous, f"/api/v1/quotes/{quote_id}/"),
        ("API statements, 50", anonymous, "/api/v1/statements/"),
        ("API statement", anonymous, f"/api/v1/statements/{statement_id}/"),
        *[(f"API fact-check search {n}", anonymous, f"/api/v1/factchecks/search/?q={q.replace(' ', '+')}")
          for n, q in enumerate(SEARCHES[:2])],
        ("public claim page", anonymous, reverse("web:claim-detail", args=[quote_id])),
        ("admin claim page", editor, reverse("admin:claims_claim_change", args=[quote_id])),
        ("admin claims 'checked before'", editor, reverse("admin:claims_claim_changelist") + "?checked=confirmed"),
        ("admin claims 'has a match'", editor, reverse("admin:claims_claim_changelist") + "?match=statement"),
    ]
    print(f"\n{'page':<32} status  median ms  p95 ms  queries   ({args.requests} requests, "
          f"{Claim.objects.count():,} claims)")
    with override_settings(FACTCHECK_API_CACHE_SECONDS=0):
        for name, client, path in pages:
            status, median, p95, queries = measure(client, path, args.requests)
            print(f"{name:<32} {status:>6}  {median:>9.1f}  {p95:>6.1f}  {queries:>7}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
