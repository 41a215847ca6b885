"""Claims get their check-worthiness: a score, a type and a reason, and where that puts them in
the review queue (worth checking, below the threshold, nothing to check: its first key after
the status). Existing claims are scored here.

Unlike the other data migrations this one calls the product's engine: a score is derived from
the claim's words, never an editor's, and is what the engine of the day says (`manage.py
rescore_claims` does the same after new weights or a new FACTCHECK_CHECKWORTHY_MIN). The
rows are written in bulk, without a history entry each: nothing an editor did changed.
"""

from django.conf import settings
from django.db import migrations, models

from claims import checkworthiness

BATCH = 1000
CHECK, BELOW, NOTHING = 0, 1, 2  # Claim.Worth
FIELDS = ["worthiness", "claim_type", "worthiness_reason", "worth"]


def score_existing(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    claims = Claim.objects.only("id", "text", "corrected_text", "kind", "cue", "speaker_id").order_by("id")
    batch = []
    for claim in claims.iterator(chunk_size=BATCH):
        found = checkworthiness.score(
            claim.corrected_text or claim.text, kind=claim.kind, cue_lemma=claim.cue,
            speaker_known=claim.speaker_id is not None,
        )
        claim.worthiness, claim.claim_type, claim.worthiness_reason = found.score, found.type.value, found.reason[:200]
        if found.type is checkworthiness.ClaimType.NOTHING:
            claim.worth = NOTHING
        else:
            claim.worth = CHECK if found.score >= settings.FACTCHECK_CHECKWORTHY_MIN else BELOW
        batch.append(claim)
        if len(batch) >= BATCH:
            Claim.objects.bulk_update(batch, FIELDS)
            batch = []
    if batch:
        Claim.objects.bulk_update(batch, FIELDS)


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0013_match_fulltext'),
        ('sources', '0006_speaker_from_extraction'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='claim',
            name='claim_type',
            field=models.CharField(blank=True, choices=[('statistic', 'statistic or quantity'), ('comparison', 'comparison'), ('cause', 'cause and effect'), ('prediction', 'prediction'), ('law', 'law or rule'), ('experience', 'personal experience'), ('opinion', 'opinion'), ('other', 'other claim'), ('nothing', 'nothing to check')], editable=False, help_text='What the claim asserts: a figure, a comparison, a prediction... or nothing to check.', max_length=16),
        ),
        migrations.AddField(
            model_name='claim',
            name='worth',
            field=models.PositiveSmallIntegerField(choices=[(0, 'worth checking'), (1, 'below the threshold'), (2, 'nothing to check')], default=1, editable=False, help_text="Worth checking: scored at least FACTCHECK_CHECKWORTHY_MIN and not 'nothing to check'; below that; or nothing to check. Set when the claim is scored; after changing the setting, run `manage.py rescore_claims`.", verbose_name='worth checking'),
        ),
        migrations.AddField(
            model_name='claim',
            name='worthiness',
            field=models.FloatField(blank=True, editable=False, help_text="How worth a fact-checker's time the claim is, 0 to 1 (claims/checkworthiness); empty: not scored.", null=True),
        ),
        migrations.AddField(
            model_name='claim',
            name='worthiness_reason',
            field=models.CharField(blank=True, editable=False, help_text="Why, in a few words: 'cites a percentage'.", max_length=200),
        ),
        migrations.AddField(
            model_name='historicalclaim',
            name='claim_type',
            field=models.CharField(blank=True, choices=[('statistic', 'statistic or quantity'), ('comparison', 'comparison'), ('cause', 'cause and effect'), ('prediction', 'prediction'), ('law', 'law or rule'), ('experience', 'personal experience'), ('opinion', 'opinion'), ('other', 'other claim'), ('nothing', 'nothing to check')], editable=False, help_text='What the claim asserts: a figure, a comparison, a prediction... or nothing to check.', max_length=16),
        ),
        migrations.AddField(
            model_name='historicalclaim',
            name='worth',
            field=models.PositiveSmallIntegerField(choices=[(0, 'worth checking'), (1, 'below the threshold'), (2, 'nothing to check')], default=1, editable=False, help_text="Worth checking: scored at least FACTCHECK_CHECKWORTHY_MIN and not 'nothing to check'; below that; or nothing to check. Set when the claim is scored; after changing the setting, run `manage.py rescore_claims`.", verbose_name='worth checking'),
        ),
        migrations.AddField(
            model_name='historicalclaim',
            name='worthiness',
            field=models.FloatField(blank=True, editable=False, help_text="How worth a fact-checker's time the claim is, 0 to 1 (claims/checkworthiness); empty: not scored.", null=True),
        ),
        migrations.AddField(
            model_name='historicalclaim',
            name='worthiness_reason',
            field=models.CharField(blank=True, editable=False, help_text="Why, in a few words: 'cites a percentage'.", max_length=200),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(fields=['status', 'worth', 'confidence', 'id'], name='claim_review_queue'),
        ),
        migrations.RunPython(score_existing, migrations.RunPython.noop),
    ]
