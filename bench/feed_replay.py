"""Replay of a feed's life: 20 snapshots of a 50-item feed, polled in turn, whose items
change (a new revision of the text at the same address), drop out and come back, and are
republished and reordered. Checks: no duplicate article, every changed text stored as a
new version and extracted, the claims editors verified after the first snapshot untouched.

    .venv/bin/python bench/feed_replay.py [--snapshots 20] [--items 50] [--seed 7]

Runs in one process, tasks eager (the embedded default), against a scratch SQLite file,
or against DATABASE_URL when it is set (a scratch database: its earlier replay rows go).
The feed and its pages are served from loopback by the bench itself (bench/feed_site.py).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ["FACTCHECK_FETCH_ALLOW_PRIVATE"] = "1"  # the site is on loopback
os.environ.pop("CELERY_BROKER_URL", None)  # eager: everything runs here, in order
if not os.environ.get("DATABASE_URL"):
    os.environ["FACTCHECK_SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "replay.sqlite3")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402

from bench.feed_site import Site, Story, serve  # noqa: E402
from claims.models import Claim  # noqa: E402
from claims.review.services import claim_verify  # noqa: E402
from factcheck.celery import app as celery_app  # noqa: E402
from sources.feed_services import feed_add, feed_poll  # noqa: E402
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
    ])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--snapshots", type=int, default=20)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    celery_app.conf.task_always_eager = True
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
    started = time.perf_counter()
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
        result = feed_poll(feed_id=feed.pk, force=True)
        if result.outcome not in ("read", "not_modified"):
            print(f"snapshot {snapshot}: {result.outcome} {result.error}")
        if snapshot == 0:
            # Editors verify the first claim of ten articles; the replay must not touch them.
            for article in Article.objects.filter(outlet__name=OUTLET).order_by("pk")[:10]:
                claim = Claim.objects.filter(article=article).order_by("start").first()
                if claim is not None:
                    claim_verify(claim=claim, user=editor)
            reviewed = {c.pk: (c.status, c.text, c.start, c.end, c.version, c.updated_at)
                        for c in Claim.objects.filter(article__outlet__name=OUTLET, status=Claim.Status.VERIFIED)}
    seconds = time.perf_counter() - started
    server.shutdown()

    articles = Article.objects.filter(outlet__name=OUTLET)
    expected = sum(len(revisions) for revisions in served.values())
    stored = articles.count()
    missing_versions = not_extracted = 0
    for s in stories:
        item = FeedItem.objects.filter(feed=feed, guid=s.guid).select_related("article").first()
        chain = article_versions(item.article) if item and item.article else []
        bodies = [(a.body, a.status) for a in chain]
        for revision in served[s.guid]:
            marker = f"Update {revision}:"
            found = [status for body, status in bodies if (marker in body if revision else "Update " not in body)]
            if not found:
                missing_versions += 1
            elif found[0] != Article.Status.EXTRACTED:
                not_extracted += 1
    heads = {}
    for article in articles.filter(previous_version__isnull=True):
        heads.setdefault(article.canonical_url, []).append(article.pk)
    duplicate_heads = sum(len(v) - 1 for v in heads.values())
    urls = {normalise_url(site.base + s.path) for s in stories}
    after = {c.pk: (c.status, c.text, c.start, c.end, c.version, c.updated_at)
             for c in Claim.objects.filter(pk__in=reviewed)}
    touched = sum(1 for pk, state in reviewed.items() if after.get(pk) != state)
    print(f"{args.snapshots} snapshots of a {args.items}-item feed in {seconds:.1f} s; "
          f"{changes} text changes made, {republished} items republished, {site.requests} HTTP requests")
    print(f"distinct texts listed {expected}, articles stored {stored} "
          f"(duplicates {stored - expected}, articles starting a second chain for one page {duplicate_heads}, "
          f"pages outside the feed {len(set(heads) - urls)})")
    print(f"changed texts not stored as a version {missing_versions}, stored but not extracted {not_extracted}")
    print(f"verified claims {len(reviewed)}, touched by the replay {touched}")
    ok = stored == expected and not duplicate_heads and not missing_versions and not not_extracted and not touched
    print("OK" if ok and reviewed else "FAILED")
    return 0 if ok and reviewed else 1


if __name__ == "__main__":
    raise SystemExit(main())
