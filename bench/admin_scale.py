"""Admin pages at scale: server time and SQL query count with many claims in the database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_bench \\
        .venv/bin/python bench/admin_scale.py [--claims 100000] [--reuse] [--requests 5]

Writes to the configured database, so point DATABASE_URL at a scratch database (migrated
first). SQLite, the embedded default, is refused unless --allow-sqlite is given: that file
is usually someone's demo data.

Filling: the rows this script owns hang off the outlet with slug "bench". Without
--reuse they are deleted and generated afresh (review dates are relative to today, so the
dashboard's last-30-days chart stays populated); with --reuse whatever is there is kept and
only the shortfall up to --claims is added. Either way a second run leaves the database
the same shape, so the script is safe to repeat.

Measuring: a django.test.Client signed in as the superuser "bench-admin" (created here,
with no usable password) requests each page once to warm up, then --requests times; the
table shows the median wall time of the request in this process (the whole Django stack,
no network) and the number of SQL queries of one request.

The review desk: the same editor opens the next claim --desk-requests times (default 100)
the way an editor does who skips: POST skip (the lease is given back, the next claim of the
queue leased and redirected to) and GET the claim's page. Printed: median, p95 and max of
the two requests together, of each alone, and the SQL queries of one round.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import AbstractBaseUser  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from claims.review.dashboard import dashboard  # noqa: E402
from claims.models import Claim, Evidence, Verdict  # noqa: E402
from sources.models import Article, Outlet, Speaker, body_sha256, normalise_name  # noqa: E402

OUTLET_SLUG = "bench"
ADMIN_USERNAME = "bench-admin"
CLAIMS_PER_ARTICLE = 10
SPEAKERS = 300
ARTICLES_PER_BATCH = 500
# One article in FAILED_EVERY fails extraction and so has no claims.
FAILED_EVERY = 50
SEARCH_TERM = "harbour"
# Six in ten claims wait for review, three are verified, one is rejected.
STATUS_CYCLE = (Claim.Status.PENDING,) * 6 + (Claim.Status.VERIFIED,) * 3 + (Claim.Status.REJECTED,)

# Ten quotes of about 75 characters, so that a body of ten claims is about 1,000 characters.
QUOTES = [
    "The harbour dredging will finish before the autumn storms arrive",
    "Our hospitals have enough beds for the winter if nothing changes",
    "Bus fares will stay frozen for every pensioner until next spring",
    "We never signed the contract that the opposition keeps talking about",
    "Crime in the old town fell by a third compared with the last year",
    "The new bridge cost less than the budget the council approved",
    "Teachers will get the pay rise they were promised in the election",
    "The water in the river is safe to swim in again this summer",
    "Every school in the district will have a nurse by January",
    "Rents rose faster here than in any other city in the country",
]


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    status: int
    median_ms: float
    queries: int


def bench_outlet() -> Outlet:
    outlet, _ = Outlet.objects.get_or_create(slug=OUTLET_SLUG, defaults={"name": "Bench Wire"})
    return outlet


def bench_speakers() -> list[int]:
    """The bench's speakers, created once (bulk_create skips save(), so name_key is set here)."""
    names = [f"Bench Speaker {n}" for n in range(SPEAKERS)]
    Speaker.objects.bulk_create(
        [Speaker(name=name, name_key=normalise_name(name), slug=f"bench-speaker-{n}") for n, name in enumerate(names)],
        ignore_conflicts=True,
    )
    by_slug = dict(Speaker.objects.filter(slug__startswith="bench-speaker-").values_list("slug", "id"))
    return [by_slug[f"bench-speaker-{n}"] for n in range(SPEAKERS)]


def delete_bench_rows(outlet: Outlet) -> None:
    """Delete what earlier runs generated, in plain SQL.

    QuerySet.delete() would load every row to send delete signals, and simple_history
    answers each signal with a history row: hours for 100,000 claims, and a history full
    of bench noise.
    """
    q = connection.ops.quote_name
    article, claim, verdict, evidence = (m._meta.db_table for m in (Article, Claim, Verdict, Evidence))
    claim_ids = (
        f"SELECT c.{q('id')} FROM {q(claim)} c JOIN {q(article)} a ON c.{q('article_id')} = a.{q('id')} "
        f"WHERE a.{q('outlet_id')} = %s"
    )
    verdict_ids = f"SELECT v.{q('id')} FROM {q(verdict)} v WHERE v.{q('claim_id')} IN ({claim_ids})"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {q(evidence)} WHERE {q('verdict_id')} IN ({verdict_ids})", [outlet.pk])
        cursor.execute(f"DELETE FROM {q(verdict)} WHERE {q('id')} IN ({verdict_ids})", [outlet.pk])
        cursor.execute(f"DELETE FROM {q(claim)} WHERE {q('id')} IN ({claim_ids})", [outlet.pk])
        cursor.execute(f"DELETE FROM {q(article)} WHERE {q('outlet_id')} = %s", [outlet.pk])


def article_text(number: int, speakers: list[int]) -> tuple[str, list[tuple[int, int, int]]]:
    """A body of CLAIMS_PER_ARTICLE attributed quotes, and (speaker number, start, end) of each quote."""
    parts = [f"Report {number} from the bench desk. "]
    position = len(parts[0])
    spans = []
    for j in range(CLAIMS_PER_ARTICLE):
        speaker_n = (number * 7 + j) % len(speakers)
        lead = f'Bench Speaker {speaker_n} said: "'
        quote = f"{QUOTES[(number + j) % len(QUOTES)]} ({number}.{j})"
        start = position + len(lead)
        spans.append((speaker_n, start, start + len(quote)))
        sentence = f'{lead}{quote}." '
        parts.append(sentence)
        position += len(sentence)
    return "".join(parts), spans


def generate(
    *, first_article: int, claims_wanted: int, outlet: Outlet, speakers: list[int], reviewer_id: int
) -> Iterator[tuple[list[Article], list[Claim], list[tuple[int, str, bool]]]]:
    """Batches of unsaved articles, their claims, and (claim index, rating, published) for verdicts.

    Every value is derived from the article number, so two runs build the same data.
    """
    now = timezone.now()
    number, made = first_article, 0
    while made < claims_wanted:
        articles: list[Article] = []
        claims: list[Claim] = []
        verdicts: list[tuple[int, str, bool]] = []
        while len(articles) < ARTICLES_PER_BATCH and made < claims_wanted:
            body, spans = article_text(number, speakers)
            failed = number % FAILED_EVERY == FAILED_EVERY - 1
            article = Article(
                title=f"Bench report {number}",
                body=body,
                url=f"https://bench.invalid/reports/{number}",
                outlet=outlet,
                content_sha256=body_sha256(body),
                status=Article.Status.FAILED if failed else Article.Status.EXTRACTED,
                error="bench: simulated extraction failure" if failed else "",
                extractor_version="bench",
                extracted_at=None if failed else now,
            )
            articles.append(article)
            number += 1
            if failed:
                continue
            for j, (speaker_n, start, end) in enumerate(spans[: claims_wanted - made]):
                g = made  # claim number within this fill: decides status, review day and verdict
                claim = Claim(
                    article=article,
                    speaker_id=speakers[speaker_n],
                    text=body[start:end],
                    start=start,
                    end=end,
                    kind=Claim.Kind.DIRECT,
                    cue="said",
                    attribution=f"Bench Speaker {speaker_n}",
                    confidence=(g * 37 % 100) / 100,
                    status=STATUS_CYCLE[g % len(STATUS_CYCLE)],
                    extractor_version="bench",
                    fingerprint=f"bench-{j}",
                )
                if claim.status != Claim.Status.PENDING:
                    claim.reviewed_by_id = reviewer_id
                    claim.reviewed_at = now - timedelta(days=(g // 10) % 45, minutes=g % 600)
                    if g % 3 == 0:
                        rating = Verdict.Rating.values[(g // 3) % len(Verdict.Rating)]
                        verdicts.append((len(claims), rating, g % 2 == 0))
                # bulk_create skips Claim.save(), which guards the offsets and scores the
                # claim's check-worthiness (the queue's first key): do both here.
                claim.check_span()
                claim.score_worthiness()
                claims.append(claim)
                made += 1
        yield articles, claims, verdicts


def analyze() -> None:
    """Planner statistics for the filled tables before anything is timed: with autovacuum
    off (or not yet round), the uncached quote page took 200 ms of SQL until they existed."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def fill(*, target: int, reuse: bool, reviewer_id: int) -> None:
    outlet = bench_outlet()
    if not reuse:
        delete_bench_rows(outlet)
    shortfall = target - Claim.objects.count()
    if shortfall <= 0:
        print(f"fill: {Claim.objects.count():,} claims already, nothing to add")
        analyze()
        return
    speakers = bench_speakers()
    # Bench articles are numbered from 0 without gaps, so the count is the next free number.
    first_article = Article.objects.filter(outlet=outlet).count()
    started = time.perf_counter()
    for articles, claims, verdicts in generate(
        first_article=first_article, claims_wanted=shortfall, outlet=outlet, speakers=speakers, reviewer_id=reviewer_id
    ):
        with transaction.atomic():
            # bulk_create fills in the new ids, and the claims pick up their article's.
            Article.objects.bulk_create(articles)
            Claim.objects.bulk_create(claims, batch_size=2000)
            published = timezone.now()
            Verdict.objects.bulk_create(
                [
                    Verdict(
                        claim=claims[index],
                        rating=rating,
                        summary="Bench verdict.",
                        author_id=reviewer_id,
                        published_at=published if is_published else None,
                        published_by_id=reviewer_id if is_published else None,
                    )
                    for index, rating, is_published in verdicts
                ]
            )
    elapsed = time.perf_counter() - started
    print(f"fill: added {shortfall:,} claims in {elapsed:.1f} s; {Claim.objects.count():,} claims in all")
    analyze()


def bench_admin() -> AbstractBaseUser:
    User = get_user_model()
    user = User.objects.filter(username=ADMIN_USERNAME).first()
    if user is None:
        user = User.objects.create_superuser(username=ADMIN_USERNAME, email="", password=None)
    return user


def measure(name: str, path: str, fetch: Callable[[], HttpResponse], requests: int) -> Page:
    fetch()  # warm-up: template loading, URL resolver, connection
    times, queries, status = [], 0, 0
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = fetch()
            times.append((time.perf_counter() - started) * 1000)
        queries, status = len(captured), response.status_code
    return Page(name=name, path=path, status=status, median_ms=statistics.median(times), queries=queries)


def run_pages(user: AbstractBaseUser, requests: int) -> list[Page]:
    client = Client()
    client.force_login(user)
    claims_url = reverse("admin:claims_claim_changelist")
    articles_url = reverse("admin:sources_article_changelist")
    sample = Claim.objects.filter(status=Claim.Status.PENDING).order_by("id").values_list("id", flat=True)
    sample_id = sample[sample.count() // 2] if sample.exists() else Claim.objects.values_list("id", flat=True).first()
    pages = [
        ("claims, first page", claims_url),
        ("claims, pending", f"{claims_url}?status__exact=pending"),
        (f"claims, search '{SEARCH_TERM}'", f"{claims_url}?q={SEARCH_TERM}"),
        ("articles, first page", articles_url),
        ("claim change page", reverse("admin:claims_claim_change", args=[sample_id])),
    ]
    results = [measure(name, path, lambda path=path: client.get(path), requests) for name, path in pages]

    try:
        dashboard_path = reverse("admin-dashboard")
    except NoReverseMatch:
        dashboard_path = ""
    if dashboard_path:
        results.append(measure("dashboard", dashboard_path, lambda: client.get(dashboard_path), requests))
    else:
        # No URL for the dashboard yet: call the view directly. The request skips the
        # middleware, so it misses the session and user queries a real request makes.
        factory = RequestFactory()

        def call_view() -> HttpResponse:
            request = factory.get("/admin/dashboard/")
            request.user = user
            return dashboard(request)

        results.append(measure("dashboard (view called directly)", "-", call_view, requests))
    return results


@dataclass(frozen=True)
class DeskTiming:
    rounds: int
    total_ms: list[float]
    next_ms: list[float]
    page_ms: list[float]
    queries: int


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def run_desk(user: AbstractBaseUser, rounds: int) -> DeskTiming:
    """Open the next claim `rounds` times, skipping each, on the desk's default queue."""
    client = Client()
    client.force_login(user)
    client.post(reverse("admin:review-desk"), {"queue-status": "pending"})  # the default queue, skipped ones forgotten
    url = client.post(reverse("admin:review-next"))["Location"]
    client.get(url)  # warm-up
    total, nexts, pages, queries = [], [], [], 0
    for _ in range(rounds):
        claim_id = int(url.rstrip("/").rsplit("/", 1)[1])
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.post(reverse("admin:review-action", args=[claim_id, "skip"]))
            redirected = time.perf_counter()
            url = response["Location"]
            page = client.get(url)
            done = time.perf_counter()
        if response.status_code != 302 or page.status_code != 200 or "/admin/review/" not in url:
            raise SystemExit(f"desk: unexpected answer {response.status_code} -> {url} {page.status_code}")
        total.append((done - started) * 1000)
        nexts.append((redirected - started) * 1000)
        pages.append((done - redirected) * 1000)
        queries = len(captured)
    # Leave nothing behind: the skipped claims forgotten, the claim that opened last given back.
    url = client.post(reverse("admin:review-next"), {"forget_skipped": "1"})["Location"]
    if "/admin/review/" in url and url.rstrip("/").rsplit("/", 1)[1].isdigit():
        client.post(reverse("admin:review-action", args=[int(url.rstrip("/").rsplit("/", 1)[1]), "release"]))
    return DeskTiming(rounds=rounds, total_ms=total, next_ms=nexts, page_ms=pages, queries=queries)


def print_desk(timing: DeskTiming) -> None:
    print(f"\nreview desk, open the next claim ({timing.rounds} rounds of POST skip + GET the claim page)")
    print(f"{'':<26}  median ms  p95 ms  max ms")
    for name, values in (("skip -> next (redirect)", timing.next_ms), ("claim page", timing.page_ms),
                         ("next claim, both", timing.total_ms)):
        print(f"{name:<26}  {statistics.median(values):>9.1f}  {percentile(values, 0.95):>6.1f}  {max(values):>6.1f}")
    print(f"SQL queries per round: {timing.queries}")


def print_table(pages: list[Page], requests: int) -> None:
    name_width = max(len(page.name) for page in pages)
    print(f"\n{'page':<{name_width}}  status  median ms  queries   (median of {requests} requests)")
    for page in pages:
        print(f"{page.name:<{name_width}}  {page.status:>6}  {page.median_ms:>9.1f}  {page.queries:>7}")
    print()
    for page in pages:
        print(f"{page.name:<{name_width}}  {page.path}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000, help="claims the database should hold (default 100000)")
    parser.add_argument("--reuse", action="store_true", help="keep existing rows; only add the shortfall, if any")
    parser.add_argument("--requests", type=int, default=5, help="timed requests per page (default 5)")
    parser.add_argument("--desk-requests", type=int, default=100, help="next claims opened on the desk (default 100)")
    parser.add_argument("--allow-sqlite", action="store_true", help="run against SQLite too (the demo database)")
    args = parser.parse_args()
    if args.claims < 1 or args.requests < 1:
        parser.error("--claims and --requests must be at least 1")
    if connection.vendor == "sqlite" and not args.allow_sqlite:
        print(
            "refusing to fill the SQLite database (the embedded default); set DATABASE_URL to a scratch "
            "PostgreSQL database, or pass --allow-sqlite",
            file=sys.stderr,
        )
        return 2
    host = connection.settings_dict.get("HOST")
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}{f' on {host}' if host else ''}")
    user = bench_admin()
    fill(target=args.claims, reuse=args.reuse, reviewer_id=user.pk)
    articles = Article.objects.count()
    print(f"data: {Claim.objects.count():,} claims, {articles:,} articles, {Verdict.objects.count():,} verdicts")
    print_table(run_pages(user, args.requests), args.requests)
    if args.desk_requests > 0:
        print_desk(run_desk(user, args.desk_requests))
    return 0


if __name__ == "__main__":
    sys.exit(main())
