"""A changed text at an address already read is a new Article row (its body, like every
body, never changes: claim offsets point into it). When the new version is extracted, the
editors' work comes with it: each reviewed claim of an earlier version whose words still
stand in the new text moves to the new version, its offsets re-anchored and nothing else
changed, so nobody reviews the same words twice and readers see one article. Reviewed
claims whose words are gone stay where they were, untouched. The earlier versions' pending
guesses go: the new text's extraction finds whatever of them still stands."""

from __future__ import annotations

from dataclasses import dataclass
import hashlib
import re

from django.db import transaction

from claims.models import Claim
from claims.tracking.services import statement_refresh, statements_of
from sources.models import Article

_FINGERPRINT_SPACE_RE = re.compile(r"\s+")
_FINGERPRINT_EDGE = " \t\n\"'“”‘’.,;:!?"
# A cue or speaker outside the claim's words is looked for this far around them in the new text.
MARK_WINDOW = 400


def claim_fingerprint(body: str, start: int, end: int) -> str:
    """The key of a finding at start..end: where it starts and its normalised words (the
    pipeline's claim_fingerprints, one finding at a time)."""
    words = _FINGERPRINT_SPACE_RE.sub(" ", body[start:end]).strip(_FINGERPRINT_EDGE).casefold()
    return hashlib.sha256(f"{start}\x1f{words}".encode()).hexdigest()


@dataclass(frozen=True)
class Anchor:
    """Where a claim lands in the new text: its words moved by `shift`; the cue and speaker
    offsets as found (None when their words are gone)."""

    shift: int
    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None


def _overlaps(a: int, b: int, taken: list[tuple[int, int]]) -> bool:
    return any(a < y and x < b for x, y in taken)


def _nearest(new: str, words: str, *, near: int, taken: list[tuple[int, int]],
             window: int | None = None) -> int | None:
    """The start of the occurrence of `words` in `new` nearest to `near` that no other
    claim took (within `window` of it, when given)."""
    if not words:
        return None
    best = None
    lo = 0 if window is None else max(0, near - window)
    hi = len(new) if window is None else near + window + len(words)
    at = new.find(words, lo, hi)
    while at != -1:
        if not _overlaps(at, at + len(words), taken) and (best is None or abs(at - near) < abs(best - near)):
            best = at
        at = new.find(words, at + 1, hi)
    return best


def _find(old: str, new: str, lo: int, hi: int, *, taken: list[tuple[int, int]]) -> int | None:
    """How far old[lo:hi] moved in `new`, with the character on each side of it: "the
    library would close." is not in "the library would close in June." (the words stand,
    the claim does not)."""
    a, b = max(lo - 1, 0), min(hi + 1, len(old))
    at = _nearest(new, old[a:b], near=a, taken=[(x + (b - hi), y - (lo - a)) for x, y in taken])
    return None if at is None else at - a


def anchor_in(*, old: str, new: str, start: int, end: int, cue: tuple[int, int] | None,
              speaker: tuple[int, int] | None, taken: list[tuple[int, int]]) -> Anchor | None:
    """Where the claim at start..end of `old` stands in `new`, or None when its words are
    gone. The claim with its cue and speaker, as one stretch of text, is looked for first
    (nearest its old place); failing that the claim's own words, and the cue and speaker
    near them. `taken`: spans other claims already hold in `new`."""
    marks = [m for m in (cue, speaker) if m is not None and m[0] < m[1]]
    lo = min([start, *(m[0] for m in marks)])
    hi = max([end, *(m[1] for m in marks)])
    if marks:
        shift = _find(old, new, lo, hi, taken=taken)
        if shift is not None:
            moved = [None if m is None else (m[0] + shift, m[1] + shift) for m in (cue, speaker)]
            return Anchor(shift, moved[0], moved[1])
    shift = _find(old, new, start, end, taken=taken)
    if shift is None:
        return None

    def found(mark: tuple[int, int] | None) -> tuple[int, int] | None:
        if mark is None or mark[0] >= mark[1]:
            return None
        place = _nearest(new, old[mark[0]:mark[1]], near=mark[0] + shift, taken=[], window=MARK_WINDOW)
        return None if place is None else (place, place + mark[1] - mark[0])

    return Anchor(shift, found(cue), found(speaker))


@dataclass(frozen=True)
class Carried:
    carried: int = 0  # reviewed claims moved to the new version
    left: int = 0  # reviewed claims whose words are gone, left on their version
    dropped: int = 0  # earlier versions' pending guesses removed
    # (speaker id, words) of every claim the earlier versions had: a new finding with the
    # same words by the same speaker is not news (no speaker.quoted event for it).
    known: frozenset[tuple[int | None, str]] = frozenset()


def earlier_version_ids(article: Article) -> list[int]:
    """The ids of the article's earlier versions, newest first."""
    ids, at = [], article.previous_version_id
    while at is not None and len(ids) < 10_000:
        ids.append(at)
        at = Article.objects.filter(pk=at).values_list("previous_version_id", flat=True).first()
    return ids


def is_superseded(article: Article) -> bool:
    return Article.objects.filter(previous_version=article).exists()


@transaction.atomic
def claims_carry_forward(*, article: Article) -> Carried:
    """Move the editors' claims of the earlier versions onto this, the latest version, where
    their words still stand (see the module's docstring). Runs in the extraction's
    transaction, before the new findings are stored; a second run finds nothing left to
    move but the claims reviewed on an old version since."""
    earlier = earlier_version_ids(article)
    if not earlier or is_superseded(article):
        return Carried()
    bodies = dict(Article.objects.filter(pk__in=earlier).values_list("pk", "body"))
    rank = {pk: n for n, pk in enumerate(earlier)}  # the newest earlier version's review wins a span
    claims = sorted(
        Claim.objects.select_for_update(of=("self",)).select_related("verdict").filter(article_id__in=earlier),
        key=lambda c: (rank[c.article_id], c.start, c.pk),
    )
    present = list(Claim.objects.select_for_update(of=("self",)).select_related("verdict").filter(article=article))
    taken = [span for c in present if c.is_reviewed for span in c.piece_spans]
    unreviewed_here = [c for c in present if not c.is_reviewed]
    carried = left = dropped = 0
    stale = []
    statements = {}
    for claim in claims:
        if not claim.is_reviewed:
            stale.append(claim)
            continue
        old = bodies[claim.article_id]
        anchor = anchor_in(
            old=old, new=article.body, start=claim.start, end=claim.end, taken=taken,
            cue=(claim.cue_start, claim.cue_end) if claim.cue_start is not None and claim.cue_end is not None else None,
            speaker=(claim.speaker_start, claim.speaker_end)
            if claim.speaker_start is not None and claim.speaker_end is not None else None,
        )
        if anchor is None:
            left += 1
            continue
        _move(claim, article=article, anchor=anchor, from_version=claim.article_id)
        spans = claim.piece_spans
        taken.extend(spans)
        # A pending guess of this version over the same words gives way to the editors' claim
        # (it may hold the same fingerprint, so it goes first).
        in_the_way = [g for g in unreviewed_here if any(_overlaps(a, b, spans) for a, b in g.piece_spans)]
        for guess in in_the_way:
            unreviewed_here.remove(guess)
        statements.update({s.pk: s for s in statements_of(claim_ids=[g.pk for g in in_the_way])})
        dropped += _drop(in_the_way, reason=f"under the editors' claim #{claim.pk}, carried from an earlier version")
        claim.save()
        carried += 1
    statements.update({s.pk: s for s in statements_of(claim_ids=[c.pk for c in stale])})
    dropped += _drop(stale, reason=f"superseded by version {article.version} (article #{article.pk})")
    for statement in statements.values():
        statement_refresh(statement=statement)
    known = frozenset((c.speaker_id, c.text) for c in claims)
    return Carried(carried=carried, left=left, dropped=dropped, known=known)


def _drop(claims: list[Claim], *, reason: str) -> int:
    for claim in claims:
        claim._change_reason = reason
        claim.delete()
    return len(claims)


def _move(claim: Claim, *, article: Article, anchor: Anchor, from_version: int) -> None:
    """The claim re-anchored in the new text: the same words, so its text, status, review
    and verdict stay as they are. Saved by the caller once the guesses in its way are gone."""
    shift = anchor.shift
    claim.start += shift
    claim.end += shift
    claim.pieces = [[a + shift, b + shift] for a, b in claim.pieces]
    if isinstance((claim.original_extraction or {}).get("pieces"), list):
        # The extracted pieces an editor's correction kept: offsets too, into the same text.
        claim.original_extraction = {
            **claim.original_extraction,
            "pieces": [[a + shift, b + shift] for a, b in claim.original_extraction["pieces"]],
        }
    claim.cue_start, claim.cue_end = anchor.cue if anchor.cue else (None, None)
    claim.speaker_start, claim.speaker_end = anchor.speaker if anchor.speaker else (None, None)
    claim.article = article
    claim.fingerprint = claim_fingerprint(article.body, claim.start, claim.end)
    claim.version += 1  # an editor's page opened on the earlier version is stale now
    claim._change_reason = f"carried from article #{from_version} to version {article.version} (article #{article.pk})"
