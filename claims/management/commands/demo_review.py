"""Demo data for `make demo`: what editors would have done, so the public pages have
something to show. Never for a real newsroom: it refuses to run in production."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from claims.models import Claim, Verdict
from claims.review.services import claim_verify, verdict_save
from sources.importers import ParsedArticle, read_path
from sources.models import Article, body_sha256

DEMO_USER = "demo-editor"
# Ratings handed out in turn; every verdict says plainly that it is made up.
RATINGS = [Verdict.Rating.MOSTLY_TRUE, Verdict.Rating.FALSE, Verdict.Rating.HALF_TRUE, Verdict.Rating.TRUE,
           Verdict.Rating.MISLEADING]
SUMMARY = "Demo verdict, made up by `manage.py demo_review` on a fictional sample article: not a real fact-check."


class Command(BaseCommand):
    help = (
        "Demo only: verify the confident claims of the imported seed articles as user 'demo-editor', and "
        "publish a made-up verdict on one claim per fictional sample (every seed file but 000_*)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seeds", default="seeds", help="Folder of seed articles (default: seeds)")
        parser.add_argument("--min-confidence", type=float, default=0.8)

    def handle(self, *args, seeds, min_confidence, **options):
        if settings.PRODUCTION:
            raise CommandError("demo_review makes up reviews and verdicts: it does not run in production.")
        folder = Path(seeds)
        if not folder.is_dir():
            raise CommandError(f"No seed folder at {folder}.")
        user, created = get_user_model().objects.get_or_create(username=DEMO_USER)
        if created:
            user.set_unusable_password()  # nobody signs in as the demo editor
            user.save()
            user.groups.add(Group.objects.get(name="Editors"))
        verified = verdicts = 0
        for path in sorted(folder.glob("*.txt")):
            parsed = [p for p in read_path(path) if isinstance(p, ParsedArticle)]
            article = Article.objects.filter(content_sha256__in=[body_sha256(p.body) for p in parsed]).first()
            if article is None:
                continue
            claims = list(Claim.objects.filter(article=article, status=Claim.Status.PENDING,
                                               confidence__gte=min_confidence, speaker__isnull=False))
            for claim in claims:
                claim_verify(claim=claim, user=user)
                verified += 1
            fictional = not path.name.startswith("000_")
            if fictional and claims and not Verdict.objects.filter(claim__article=article).exists():
                claim = Claim.objects.get(pk=claims[0].pk)
                verdict_save(claim=claim, user=user, rating=RATINGS[verdicts % len(RATINGS)], summary=SUMMARY,
                             publish=True)
                verdicts += 1
        self.stdout.write(f"Demo: verified {verified} claims and published {verdicts} made-up verdicts "
                          f"as {DEMO_USER!r} (fictional samples only).")
