"""Replay of a feed's life: 20 snapshots of a 50-item feed, polled in turn, whose items
change (a new revision of the text at the same address; every third revision also rewords
one paragraph, which the next revision restores), drop out and come back, and are
republished and reordered. After the first snapshot editors verify a claim in ten articles
(publishing a verdict on three) and reject the claim of the paragraph that gets reworded
in five.

Checks: no duplicate article; every changed text stored as a new version and extracted
(its update's words found as a claim); the reviewed claims untouched (text, status,
reviewer, verdict) and on the latest version wherever their words stand in its text, else
on the version they were found in; no pending claim over a reviewed claim's words.

    .venv/bin/python bench/feed_replay.py [--snapshots 20] [--items 50] [--seed 7]
    # with PostgreSQL, Redis, N Celery workers and celery beat, each snapshot polled by a worker:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/SCRATCH CELERY_BROKER_URL=redis://127.0.0.1:6379/12 \\
        .venv/bin/python bench/feed_replay.py --workers 2 [--beat]

Eager by default (tasks in this process, the embedded default), against a scratch SQLite
file, or against DATABASE_URL when set (a scratch database: its earlier replay rows go).
The feed and its pages are served from loopback by the bench itself (bench/feed_site.py).
With --workers, each snapshot is polled by a worker (the admin's "poll now") and the bench
waits until the workers have read and extracted everything before the next snapshot.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ["FACTCHECK_FETCH_ALLOW_PRIVATE"] = "1"  # the site is on loopback
WORKERS = "--workers" in sys.argv
if not WORKERS:
    os.environ.pop("CELERY_BROKER_URL", None)  # eager: everything runs here, in order
    if not os.environ.get("DATABASE_URL"):
        os.environ["FACTCHECK_SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "replay.sqlite3")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.feed_site import Site, Story, serve  # noqa: E402
from claims.models import Claim  # noqa: E402
from claims.review.services import claim_reject, claim_verify, verdict_save  # noqa: E402
from factcheck.celery import app as celery_app  # noqa: E402
from sources.feed_services import feed_add, feed_poll, feeds_poll_now  # noqa: E402
from sources.feeds import normalise_url  # noqa: E402
from sources.models import Article, Feed, FeedItem  # noqa: E402
from sources.services import article_versions  # noqa: E402

OUTLET = "Replay bench"
NAMES = ["Mayor Elena Varga", "Councillor Priya Natarajan", "Harbor chief Daniel Okafor", "Senator Ruth Abara",
         "Transport official Mira Kovac"]


def story(i: int) -> Story:
    name = NAMES[i % len(NAMES)]
    return Story(guid=f"replay-{i}", path=f"/news/{i}", title=f"Harbour story {i}", paragraphs=[
        f"{name} said the harbour project {i} would cost {40 + i} million dollars.",
        f'"We will open berth {i} before the winter," {name.split()[-1]} said on Monday.',
        f"Council member Tom Reyes said the plan for berth {i} had been delayed by {i % 7 + 1} months.",
    ], reworded=(2, f"Council member Tom Reyes said the plan for berth {i} was back on schedule after a review."))


def review_state(claim: Claim) -> tuple:
    """What the replay must never change: the editors' work (offsets and the claim's own
    version number move with a carried claim, by design)."""
    verdict = getattr(claim, "verdict", None)
    return (claim.status, claim.text, claim.corrected_text, claim.reviewed_by_id, claim.reviewed_at,
            claim.rejection_reason, (verdict.rating, verdict.summary, verdict.published_at) if verdict else None)


def stands(claim: Claim, old_body: str, new_body: str) -> bool:
    """Whether the claim's words, with the character on each side, are in `new_body`."""
    a, b = max(claim.start - 1, 0), min(claim.end + 1, len(old_body))
    return old_body[a:b] in new_body


def start_processes(n: int, beat: bool) -> list[subprocess.Popen]:
    env = {**os.environ, "LOG_LEVEL": "WARNING", "CELERY_TRACE_LOG_LEVEL": "WARNING"}
    queues = (f"{celery_app.conf.task_default_queue},"
              f"{os.environ.get('FACTCHECK_CELERY_MAINTENANCE_QUEUE', 'factcheck-maintenance')}")
    processes = [subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "--pool=solo", "--loglevel=WARNING",
         "--without-gossip", "--without-mingle", "-Q", queues, "-n", f"replay{i}@%h"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for i in range(n)]
    if beat:
        schedule = Path(tempfile.mkdtemp()) / "beat-schedule"
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "factcheck", "beat", "--loglevel=WARNING", "--schedule",
             str(schedule)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    return processes


def settled(feed: Feed, since, *, timeout: float = 600) -> bool:
    """The workers polled the feed after `since`, read every item and extracted every article."""
    deadline = time.monotonic() + timeout
    items = FeedItem.objects.filter(feed=feed)
    while time.monotonic() < deadline:
        # A poll's success is written with its items, in one transaction: once it shows, the
        # new and changed items are there to wait for.
        polled = Feed.objects.filter(pk=feed.pk, last_success_at__gte=since).exists()
        if (polled and not items.filter(state=FeedItem.State.NEW).exists()
                and not Article.objects.filter(outlet__name=OUTLET).exclude(
                    status__in=[Article.Status.EXTRACTED, Article.Status.FAILED]).exists()):
            return True
        time.sleep(0.2)
    return False


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--snapshots", type=int, default=20)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=0, help="Celery worker processes (PostgreSQL and Redis)")
    parser.add_argument("--beat", action="store_true", help="with --workers: run celery beat too")
    args = parser.parse_args()
    if args.workers and (connection.vendor != "postgresql" or not os.environ.get("CELERY_BROKER_URL")):
        raise SystemExit("--workers needs DATABASE_URL (a scratch PostgreSQL database) and CELERY_BROKER_URL (Redis)")
    celery_app.conf.task_always_eager = not args.workers
    call_command("migrate", verbosity=0)
    Feed.objects.filter(outlet__name=OUTLET).delete()
    Article.objects.filter(outlet__name=OUTLET).delete()
    editor, _ = get_user_model().objects.get_or_create(username="replay-bench-editor", defaults={"is_staff": True})
    editor.groups.add(Group.objects.get(name="Editors"))
    editor = get_user_model().objects.get(pk=editor.pk)  # permissions read afresh

    rng = random.Random(args.seed)
    stories = [story(i) for i in range(args.items)]
    site = Site(feeds={"/feed.xml": []})
    server = serve(site)
    feed = feed_add(url=site.base + "/feed.xml", outlet_name=OUTLET, interval=600)
    served: dict[str, set[int]] = {s.guid: set() for s in stories}  # revisions each item was listed with
    reviewed: dict[int, tuple] = {}
    changes = republished = 0
    processes = start_processes(args.workers, args.beat) if args.workers else []
    stuck = 0
    started = time.perf_counter()
    try:
        for snapshot in range(args.snapshots):
            if snapshot:
                for s in rng.sample(stories, 5):  # five items change their text
                    s.revision += 1
                    changes += 1
            listed = [s for s in stories if snapshot == 0 or rng.random() > 0.1]  # some drop out for a while
            rng.shuffle(listed)  # and the feed is reordered
            republished += sum(1 for s in listed if served[s.guid])
            with site.lock:
                site.feeds["/feed.xml"] = listed
            for s in listed:
                served[s.guid].add(s.revision)
            if args.workers:
                since = timezone.now()
                feeds_poll_now(feed_ids=[feed.pk])  # a worker polls it, others read the items
                if not settled(feed, since):
                    stuck += 1
                    print(f"snapshot {snapshot}: not settled within 600 s")
            else:
                result = feed_poll(feed_id=feed.pk, force=True)
                if result.outcome not in ("read", "not_modified"):
                    print(f"snapshot {snapshot}: {result.outcome} {result.error}")
            if snapshot == 0:
                reviewed = review(editor)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)
    seconds = time.perf_counter() - started
    server.shutdown()
    return report(args, feed, site, stories, served, reviewed, changes, republished, seconds, stuck)


def review(editor) -> dict[int, tuple]:
    """The first snapshot's reviews: the first claim verified in ten articles (a verdict
    published on three), the reworded paragraph's claim rejected in five."""
    articles = list(Article.objects.filter(outlet__name=OUTLET).order_by("pk")[:10])
    for n, article in enumerate(articles):
        claim = Claim.objects.filter(article=article).order_by("start").first()
        if claim is None:
            continue
        claim = claim_verify(claim=claim, user=editor)
        if n < 3:
            verdict_save(claim=Claim.objects.get(pk=claim.pk), user=editor, rating="mostly-true",
                         summary="The council's figures agree.", publish=True)
        if n < 5:
            reyes = Claim.objects.filter(article=article, text__contains="delayed by").first()
            if reyes is not None:
                claim_reject(claim=reyes, user=editor, reason="bench: the quote is someone else's")
    return {c.pk: review_state(c) for c in Claim.objects.select_related("verdict").filter(
        article__outlet__name=OUTLET).exclude(status=Claim.Status.PENDING)}


def report(args, feed, site, stories, served, reviewed, changes, republished, seconds, stuck) -> int:
    articles = Article.objects.filter(outlet__name=OUTLET)
    expected = sum(len(revisions) for revisions in served.values())
    stored = articles.count()
    missing_versions = not_extracted = not_reextracted = 0
    latest_of: dict[int, Article] = {}  # article id -> the latest version of its chain
    for s in stories:
        item = FeedItem.objects.filter(feed=feed, guid=s.guid).select_related("article").first()
        chain = [Article.objects.get(pk=a.pk) for a in article_versions(item.article)] if item and item.article else []
        for version in chain:
            latest_of[version.pk] = chain[-1]
        for revision in served[s.guid]:
            marker = f"Update {revision}:"
            found = [a for a in chain if (marker in a.body if revision else "Update " not in a.body)]
            if not found:
                missing_versions += 1
                continue
            if found[0].status != Article.Status.EXTRACTED:
                not_extracted += 1
            elif revision and found[0].pk == chain[-1].pk and not Claim.objects.filter(
                    article=found[0], start__gte=found[0].body.index(marker)).exists():
                not_reextracted += 1  # the latest text's update paragraph has no claim: not extracted anew
    heads = {}
    for article in articles.filter(previous_version__isnull=True):
        heads.setdefault(article.canonical_url, []).append(article.pk)
    duplicate_heads = sum(len(v) - 1 for v in heads.values())
    urls = {normalise_url(site.base + s.path) for s in stories}
    after = {c.pk: c for c in Claim.objects.select_related("verdict", "article").filter(pk__in=reviewed)}
    touched = sum(1 for pk, state in reviewed.items() if pk not in after or review_state(after[pk]) != state)
    on_latest = left_behind = misplaced = 0
    for claim in after.values():
        latest = latest_of.get(claim.article_id)
        if latest is None:
            misplaced += 1
        elif claim.article_id == latest.pk:
            on_latest += 1
            misplaced += claim.article.body[claim.start:claim.end] != claim.text
        elif stands(claim, claim.article.body, latest.body):
            misplaced += 1  # its words stand in the latest text, yet it was not carried there
        else:
            left_behind += 1
    twins = 0
    for claim in after.values():
        twins += Claim.objects.filter(article_id=claim.article_id, status=Claim.Status.PENDING,
                                      start__lt=claim.end, end__gt=claim.start).count()
    mode = (f"{args.workers} Celery workers{' and beat' if args.beat else ''}, PostgreSQL + Redis" if args.workers
            else f"eager, one process, {connection.vendor}")
    print(f"{args.snapshots} snapshots of a {args.items}-item feed in {seconds:.1f} s ({mode}); "
          f"{changes} text changes made, {republished} items republished, {site.requests} HTTP requests")
    print(f"distinct texts listed {expected}, articles stored {stored} "
          f"(duplicates {stored - expected}, articles starting a second chain for one page {duplicate_heads}, "
          f"pages outside the feed {len(set(heads) - urls)})")
    print(f"changed texts not stored as a version {missing_versions}, stored but not extracted {not_extracted}, "
          f"latest texts whose update found no claim {not_reextracted}")
    print(f"reviewed claims {len(reviewed)} ({sum(1 for s in reviewed.values() if s[0] == 'verified')} verified, "
          f"{sum(1 for s in reviewed.values() if s[6])} with a published verdict), touched by the replay {touched}; "
          f"on the latest version {on_latest}, left on an earlier version (words gone) {left_behind}, "
          f"misplaced {misplaced}; pending twins over reviewed words {twins}")
    ok = (stored == expected and not duplicate_heads and not missing_versions and not not_extracted
          and not not_reextracted and not touched and not misplaced and not twins and not stuck)
    print("OK" if ok and reviewed else "FAILED")
    return 0 if ok and reviewed else 1


if __name__ == "__main__":
    raise SystemExit(main())
