"""Existing claims get their pieces: an unreviewed claim whose span holds its own attribution
('A," she said. "B') is split on the quotation marks around the cue, and its text becomes
the pieces' words. Reviewed claims keep their text exactly: an editor verified those words.

The split and the join are written out here, not imported: a migration must keep doing
what it did when it was written, whatever the product's code becomes.
"""

from django.db import migrations

_MARKS = '"“”«»'
_CUT_EDGE = ", \t\r\n"


def split_pieces(body: str, start: int, end: int, cue_start: int, cue_end: int) -> list[list[int]] | None:
    """Two pieces around the attribution, or None when no quotation mark closes before the
    cue and opens after it inside the span."""
    if not (start < cue_start and cue_end <= end):
        return None
    close = max(body.rfind(mark, start, cue_start) for mark in _MARKS)
    opens = [i for i in (body.find(mark, cue_end, end) for mark in _MARKS) if i != -1]
    if close == -1 or not opens:
        return None
    first_end = close
    while first_end > start and body[first_end - 1] in _CUT_EDGE:
        first_end -= 1
    second_start = min(opens) + 1
    while second_start < end and body[second_start].isspace():
        second_start += 1
    if not (start < first_end and second_start < end):
        return None
    return [[start, first_end], [second_start, end]]


def join(body: str, pieces: list[list[int]]) -> str:
    first, second = (body[a:b] for a, b in pieces)
    return f"{first.rstrip(_CUT_EDGE)} {second.lstrip()}"


def forwards(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    # Unreviewed as the product means it: pending, uncorrected, not taken, no verdict.
    claims = (
        Claim.objects.filter(
            status="pending", corrected_at__isnull=True, assigned_to__isnull=True, verdict__isnull=True,
            cue_start__isnull=False, cue_end__isnull=False, pieces=[],
        )
        .select_related("article")
        .only("id", "start", "end", "cue_start", "cue_end", "text", "pieces", "article__body")
    )
    changed = []
    for claim in claims.iterator(chunk_size=500):
        pieces = split_pieces(claim.article.body, claim.start, claim.end, claim.cue_start, claim.cue_end)
        if pieces is None:
            continue
        claim.pieces = pieces
        claim.text = join(claim.article.body, pieces)
        changed.append(claim)
        if len(changed) >= 500:
            Claim.objects.bulk_update(changed, ["pieces", "text"])
            changed = []
    if changed:
        Claim.objects.bulk_update(changed, ["pieces", "text"])


def backwards(apps, schema_editor):
    # Back to one piece: before pieces, a claim's text was its whole span, attribution included.
    Claim = apps.get_model("claims", "Claim")
    changed = []
    for claim in Claim.objects.exclude(pieces=[]).select_related("article").iterator(chunk_size=500):
        claim.text = claim.article.body[claim.start : claim.end]
        claim.pieces = []
        changed.append(claim)
    Claim.objects.bulk_update(changed, ["pieces", "text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("claims", "0010_claim_pieces")]

    operations = [migrations.RunPython(forwards, backwards)]
