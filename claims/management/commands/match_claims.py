import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.models import APPEARANCE_ORDER, Claim
from claims.tracking.services import MatchReport, claims_match


class Command(BaseCommand):
    help = (
        "Match stored claims against statements and fact-checks: --all (the backfill) or the claims of "
        "--article ID. Claims matched before with the same words and speaker are skipped unless --force. "
        "New claims are matched by the workers as their articles are extracted; this is for claims stored before."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--all", dest="every", action="store_true", help="Every claim (rejected ones are left out).")
        which.add_argument("--article", type=int, nargs="+", metavar="ID", help="The claims of these articles.")
        parser.add_argument("--force", action="store_true", help="Match again claims already matched.")
        parser.add_argument("--batch", type=int, default=200, help="Claims per batch (default 200).")
        parser.add_argument("--no-progress", action="store_true", help="Never show the progress bar.")

    def handle(self, *args, every, article, force, batch, no_progress, **options):
        if batch < 1:
            raise CommandError("--batch must be at least 1")
        claims = Claim.objects.exclude(status=Claim.Status.REJECTED)
        if article:
            found = set(Claim.objects.filter(article_id__in=article).values_list("article_id", flat=True))
            missing = set(article) - found
            for article_id in sorted(missing):
                self.stderr.write(f"article {article_id} has no claims (or does not exist)")
            claims = claims.filter(article_id__in=article)
        # Earliest first, as the workers see them: statements form around first appearances.
        ids = list(claims.order_by(*APPEARANCE_ORDER).values_list("pk", flat=True))
        report = MatchReport()
        show = not no_progress and sys.stderr.isatty()
        with tqdm(total=len(ids), unit="claim", disable=not show, file=sys.stderr) as bar:
            for start in range(0, len(ids), batch):
                chunk = ids[start : start + batch]
                report += claims_match(claim_ids=chunk, force=force)
                bar.update(len(chunk))
                bar.set_postfix(linked=report.linked, suggested=report.suggested)
        self.stdout.write(
            f"Matched {report.matched} claims ({report.skipped} already matched, skipped): "
            f"{report.linked} joined a statement, {report.suggested} new suggestions."
        )
