"""Feeds under load: 10 feeds with 1,000 items in all, served from loopback by this process,
polled as beat would poll them and read by 2 Celery worker processes (PostgreSQL and
Redis), or in this one process with --eager. Checks every item read and extracted and no
duplicate article; reports the rate next to bench/pipeline_load.py's reference.

    createdb -h 127.0.0.1 -U postgres factcheck_feedload
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/factcheck_feedload \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python bench/feed_load.py [--feeds 10] [--items 1000] [--timeout 1800]
    .venv/bin/python bench/feed_load.py --eager       # SQLite scratch file, tasks in-process

Texts: bench/pipeline_load.py's (PolNeAR train then dev read in place from ../shared/eval
when there, the rest generated), each served as an HTML page of paragraphs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ["FACTCHECK_FETCH_ALLOW_PRIVATE"] = "1"  # the site is on loopback
EAGER = "--eager" in sys.argv
if EAGER:
    os.environ.pop("CELERY_BROKER_URL", None)
    if not os.environ.get("DATABASE_URL"):
        os.environ["FACTCHECK_SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "feedload.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from bench.feed_site import Site, Story, serve  # noqa: E402
from bench.pipeline_load import single_process_rate, texts  # noqa: E402
from claims.models import Claim  # noqa: E402
from factcheck.celery import app as celery_app  # noqa: E402
from sources.feed_services import feed_add, feed_poll, feeds_poll_due  # noqa: E402
from sources.models import Article, Feed, FeedItem  # noqa: E402

OUTLET = "Feed load bench"


def stories(bodies: list[str], feeds: int) -> dict[str, list[Story]]:
    site: dict[str, list[Story]] = {f"/feed/{k}.xml": [] for k in range(feeds)}
    for i, body in enumerate(bodies):
        paragraphs = [p.strip() for p in body.replace("\r", "").split("\n") if p.strip()]
        k = i % feeds
        site[f"/feed/{k}.xml"].append(Story(guid=f"load-{i}", path=f"/news/{k}/{i}", title=f"Load story {i}",
                                            paragraphs=paragraphs))
    return site


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", type=int, default=10)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--eager", action="store_true", help="tasks in this process (no broker, no workers)")
    parser.add_argument("--no-reference", action="store_true", help="skip the single-process reference rate")
    args = parser.parse_args()
    if not args.eager and (connection.vendor != "postgresql" or not os.environ.get("CELERY_BROKER_URL")):
        raise SystemExit("Point DATABASE_URL at a scratch PostgreSQL database and CELERY_BROKER_URL at Redis, "
                         "or run with --eager.")
    celery_app.conf.task_always_eager = args.eager
    call_command("migrate", verbosity=0)
    Feed.objects.filter(outlet__name=OUTLET).delete()
    Article.objects.filter(outlet__name=OUTLET).delete()
    bodies = texts(args.items)
    site = Site(feeds=stories(bodies, args.feeds))
    server = serve(site)
    feeds = [feed_add(url=site.base + path, outlet_name=OUTLET, interval=3600) for path in site.feeds]
    print(f"{args.feeds} feeds, {len(bodies)} items (PolNeAR texts read in place where present, the rest generated)")

    processes = []
    if not args.eager:
        env = {**os.environ, "LOG_LEVEL": "WARNING", "CELERY_TRACE_LOG_LEVEL": "WARNING"}
        queues = f"{celery_app.conf.task_default_queue},{os.environ.get('FACTCHECK_CELERY_MAINTENANCE_QUEUE', 'factcheck-maintenance')}"
        processes = [subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "--pool=solo", "--loglevel=WARNING",
             "--without-gossip", "--without-mingle", "-Q", queues, "-n", f"feedload{i}@%h"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for i in range(2)]
        time.sleep(5)  # the workers start
    deadline = time.monotonic() + args.timeout
    items = FeedItem.objects.filter(feed__outlet__name=OUTLET)
    mine = Article.objects.filter(outlet__name=OUTLET)
    try:
        started = time.perf_counter()
        if args.eager:
            for feed in feeds:
                feed_poll(feed_id=feed.pk)
        else:
            feeds_poll_due()  # what beat does every FACTCHECK_FEED_CHECK_SECONDS
        while time.monotonic() < deadline:
            unread = items.exclude(state=FeedItem.State.READ).count() if items.exists() else len(bodies)
            waiting = mine.exclude(status__in=[Article.Status.EXTRACTED, Article.Status.FAILED]).count()
            if items.count() == len(bodies) and unread == 0 and waiting == 0:
                break
            if unread and items.filter(state=FeedItem.State.FAILED).count() == unread and waiting == 0:
                break  # nothing left in flight
            time.sleep(0.5)
        seconds = time.perf_counter() - started
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)
        server.shutdown()

    by_state = dict(items.values_list("state").annotate(n=Count("id")).order_by())
    by_status = dict(mine.values_list("status").annotate(n=Count("id")).order_by())
    same_page = mine.values("canonical_url").annotate(n=Count("id")).filter(n__gt=1).count()
    items_sharing = items.exclude(article=None).values("article").annotate(n=Count("id")).filter(n__gt=1).count()
    duplicate_claims = (Claim.objects.filter(article__in=mine).values("article", "fingerprint")
                        .annotate(n=Count("id")).filter(n__gt=1).count())
    extracted = by_status.get(Article.Status.EXTRACTED, 0)
    rate = extracted / seconds
    errors = list(items.filter(state=FeedItem.State.FAILED).values_list("error", flat=True)[:3])
    print(f"items {items.count()} by state {by_state}; articles {mine.count()} by status {by_status}; "
          f"claims {Claim.objects.filter(article__in=mine).count()}")
    print(f"duplicates: articles of one page {same_page}, items sharing an article {items_sharing}, "
          f"duplicate claims {duplicate_claims}" + (f"; item errors e.g. {errors}" if errors else ""))
    print(f"HTTP requests served {site.requests}; feed health: "
          f"{list(Feed.objects.filter(outlet__name=OUTLET).values_list('failures', flat=True))}")
    mode = "eager, one process" if args.eager else "2 Celery worker processes, PostgreSQL + Redis"
    print(f"poll to all extracted: {extracted} articles in {seconds:.1f} s, {rate:.2f} articles/s ({mode})")
    if not args.no_reference:
        single = single_process_rate(bodies)
        print(f"single process (bench/extract_jsonl.py, same texts; pipeline_load.py's reference): {single:.2f} "
              f"articles/s; ratio {rate / single:.2f}")
    ok = extracted == len(bodies) and not same_page and not items_sharing and not duplicate_claims
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
