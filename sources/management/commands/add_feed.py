from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sources.feed_services import feed_add


class Command(BaseCommand):
    help = "Add an RSS or Atom feed for an outlet (created if new); polled from the next poll on."

    def add_arguments(self, parser):
        parser.add_argument("url")
        parser.add_argument("--outlet", required=True, help="The outlet's name, as readers know it.")
        parser.add_argument("--interval", type=int, default=900, help="Seconds between polls (default 900).")

    def handle(self, *args, url, outlet, interval, **options):
        try:
            feed = feed_add(url=url, outlet_name=outlet, interval=interval)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(f"feed {feed.pk}: {feed.url} ({feed.outlet.name}, every {feed.interval} s)")
