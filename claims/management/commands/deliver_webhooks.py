from django.core.management.base import BaseCommand

from claims.webhooks.services import deliveries_sweep


class Command(BaseCommand):
    help = (
        "Queue the webhook deliveries that are due and that no task will take (the sweep celery beat "
        "runs every FACTCHECK_WEBHOOK_SWEEP_SECONDS). Without a broker (the embedded default) it delivers "
        "them here: run it from cron on such a site."
    )

    def handle(self, *args, **options):
        ids = deliveries_sweep()
        self.stdout.write(f"{len(ids)} deliveries sent")
