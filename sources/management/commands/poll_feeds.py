from django.core.management.base import BaseCommand

from sources.feed_services import feed_poll, feeds_due, feeds_poll_due
from sources.models import Feed


class Command(BaseCommand):
    help = (
        "Poll the feeds that are due, once (for cron-style sites and tests). Items are read and "
        "queued for extraction as the tasks run: at once in the embedded default (eager), by the "
        "workers otherwise. --all polls every active feed whether due or not; --send only sends "
        "the polls to the workers, as beat does."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Poll every active feed, due or not.")
        parser.add_argument("--send", action="store_true", help="Send the polls to the workers and return.")

    def handle(self, *args, all, send, **options):
        if send:
            due = feeds_poll_due()
            self.stdout.write(f"sent {len(due)} feed poll(s)")
            return
        ids = list(Feed.objects.filter(active=True).values_list("pk", flat=True)) if all else feeds_due()
        for feed_id in ids:
            result = feed_poll(feed_id=feed_id, force=all)
            line = f"feed {feed_id}: {result.outcome}, {result.new} new, {result.changed} changed"
            self.stdout.write(line + (f" ({result.error})" if result.error else ""))
        self.stdout.write(f"{len(ids)} feed(s) polled")
