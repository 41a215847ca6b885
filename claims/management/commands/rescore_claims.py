from django.core.management.base import BaseCommand, CommandError

from claims.pipeline.worthiness import claims_rescore


class Command(BaseCommand):
    help = (
        "Score the check-worthiness of stored claims again: after new weights, or a new FACTCHECK_CHECKWORTHY_MIN. "
        "New and corrected claims are scored as they are saved; this is for the claims stored before."
    )

    def add_arguments(self, parser):
        parser.add_argument("--article", type=int, nargs="+", metavar="ID", help="Only the claims of these articles.")
        parser.add_argument("--batch", type=int, default=1000, help="Claims per transaction (default 1000).")

    def handle(self, *args, article, batch, **options):
        if batch < 1:
            raise CommandError("--batch must be at least 1")
        report = claims_rescore(article_ids=article, batch=batch)
        self.stdout.write(f"{report.seen} claim(s) scored, {report.changed} changed")
