from django.conf import settings
from django.core.management.base import BaseCommand

from claims.webhooks.services import events_prune


class Command(BaseCommand):
    help = (
        "Delete webhook events (with their deliveries and attempts) older than FACTCHECK_WEBHOOK_KEEP_DAYS "
        "whose deliveries are all finished. Celery beat runs it daily; without a broker, run it from cron."
    )

    def handle(self, *args, **options):
        deleted = events_prune()
        self.stdout.write(f"{deleted} events older than {settings.FACTCHECK_WEBHOOK_KEEP_DAYS} days deleted")
