from django.core.management.base import BaseCommand

from claims.models import Claim


class Command(BaseCommand):
    help = "Print the claims found, one line each: speaker, cue, kind, status and the first words."

    def add_arguments(self, parser):
        parser.add_argument("--article", type=int, help="Only this article's claims.")
        parser.add_argument("--width", type=int, default=60, help="How many characters of each claim to show.")

    def handle(self, *args, article, width, **options):
        claims = Claim.objects.select_related("speaker", "article").order_by("article_id", "start")
        if article:
            claims = claims.filter(article_id=article)
        rows = []
        for claim in claims:
            speaker = claim.speaker.name if claim.speaker else "(no speaker)"
            if claim.speaker_title:
                speaker = f"{speaker}, {claim.speaker_title}"
            if claim.via:
                speaker = f"{speaker} (via {claim.via})"
            words = " ".join(claim.text.split())
            words = words if len(words) <= width else words[: width - 3] + "..."
            rows.append((str(claim.article_id), speaker, claim.cue, claim.kind, claim.status, words))
        if not rows:
            self.stdout.write("No claims found.")
            return
        header = ("art", "speaker", "cue", "kind", "status", "claim")
        widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
        line = "  ".join(h.ljust(w) for h, w in zip(header, widths))
        self.stdout.write(line)
        self.stdout.write("  ".join("-" * w for w in widths))
        for row in rows:
            self.stdout.write("  ".join(v.ljust(w) for v, w in zip(row, widths)))
        self.stdout.write(f"{len(rows)} claims")
