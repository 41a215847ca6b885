"""The claim in its paragraph, with content, cue and speaker marked. All text is escaped."""

from __future__ import annotations

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from claims.models import Claim


def paragraph_bounds(body: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph(s) holding body[start:end]: from the blank line before to the one after."""
    left = body.rfind("\n\n", 0, start)
    right = body.find("\n\n", end)
    return (0 if left == -1 else left + 2), (len(body) if right == -1 else right)


def marked(body: str, spans: list[tuple[int, int, str]], window: tuple[int, int]) -> SafeString:
    """body[window] as HTML with each (start, end, css_class) span wrapped in <mark>."""
    lo, hi = window
    points = sorted(
        {lo, hi, *(max(lo, min(hi, p)) for s, e, _ in spans for p in (s, e))}
    )
    pieces = []
    for a, b in zip(points, points[1:]):
        classes = " ".join(sorted({c for s, e, c in spans if s <= a and b <= e}))
        text = escape(body[a:b]).replace("\n\n", "<br><br>")
        pieces.append(format_html('<mark class="{}">{}</mark>', classes, mark_safe(text)) if classes else text)
    return mark_safe("".join(str(p) for p in pieces))


def claim_in_context(claim: Claim) -> SafeString:
    body = claim.article.body
    # Each piece is marked; the attribution between two pieces is not the claim.
    spans = [(a, b, "fc-content") for a, b in claim.piece_spans]
    if claim.cue_start is not None and claim.cue_end is not None:
        spans.append((claim.cue_start, claim.cue_end, "fc-cue"))
    if claim.speaker_start is not None and claim.speaker_end is not None:
        spans.append((claim.speaker_start, claim.speaker_end, "fc-speaker"))
    lo = min(s for s, _, _ in spans)
    hi = max(e for _, e, _ in spans)
    window = paragraph_bounds(body, lo, hi)
    return format_html(
        '<div class="fc-context">{}</div><p class="fc-legend"><mark class="fc-content">claim</mark> '
        '<mark class="fc-cue">cue</mark> <mark class="fc-speaker">speaker</mark></p>',
        marked(body, spans, window),
    )


def _widened(body: str, lo: int, hi: int) -> tuple[int, int]:
    """The paragraph(s) of body[lo:hi] and one paragraph either side of them."""
    lo, hi = paragraph_bounds(body, lo, hi)
    if lo > 0:
        lo = paragraph_bounds(body, max(0, lo - 3), max(0, lo - 2))[0]
    if hi < len(body):
        hi = paragraph_bounds(body, min(len(body), hi + 2), min(len(body), hi + 3))[1]
    return lo, hi


def claim_with_neighbours(claim: Claim, others) -> tuple[SafeString, list[Claim]]:
    """The claim in its paragraph and one paragraph either side, its pieces, cue and speaker
    marked, and the other claims there marked as neighbours; with those claims, in order.
    `others` is a queryset of the article's other claims (narrowed here to the window)."""
    body = claim.article.body
    spans = [(a, b, "fc-content") for a, b in claim.piece_spans]
    if claim.cue_start is not None and claim.cue_end is not None:
        spans.append((claim.cue_start, claim.cue_end, "fc-cue"))
    if claim.speaker_start is not None and claim.speaker_end is not None:
        spans.append((claim.speaker_start, claim.speaker_end, "fc-speaker"))
    lo, hi = _widened(body, min(s for s, _, _ in spans), max(e for _, e, _ in spans))
    near = list(others.filter(start__lt=hi, end__gt=lo).order_by("start", "id"))
    spans += [(a, b, "fc-neighbour") for other in near for a, b in other.piece_spans]
    html = format_html(
        '<div class="fc-context">{}</div><p class="fc-legend"><mark class="fc-content">claim</mark> '
        '<mark class="fc-cue">cue</mark> <mark class="fc-speaker">speaker</mark> '
        '<mark class="fc-neighbour">other claims</mark></p>',
        marked(body, spans, (lo, hi)),
    )
    return html, near


PALETTE_SIZE = 8


class SpeakerColours:
    """One colour class per speaker, in order of first appearance (the palette is in
    site.css); claims with no resolved speaker share a grey."""

    def __init__(self) -> None:
        self._slots: dict[int, tuple[str, object]] = {}
        self._unknown = False

    def css_class(self, speaker) -> str:
        if speaker is None:
            self._unknown = True
            return "sp-none"
        if speaker.pk not in self._slots:
            self._slots[speaker.pk] = (f"sp-{len(self._slots) % PALETTE_SIZE}", speaker)
        return self._slots[speaker.pk][0]

    def legend(self) -> list[tuple[str, str]]:
        rows = [(css, speaker.name) for css, speaker in self._slots.values()]
        if self._unknown:
            rows.append(("sp-none", "No speaker resolved"))
        return rows


def article_marked(body: str, claims: list[tuple[int, int, int, str, str]]) -> SafeString:
    """The whole body as escaped HTML with each claim (start, end, id, css_class, label)
    marked. A claim in pieces comes as one tuple per piece, with the same id. Where claims
    overlap, a piece takes the colour of the shortest claim over it and lists every claim
    over it in data-claims; an anchor `claim-<id>` sits where each claim's first piece
    starts, so the side list can link to it."""
    points = sorted({0, len(body), *(p for s, e, *_ in claims for p in (s, e) if 0 <= p <= len(body))})
    first_start: dict[int, int] = {}
    for start, _, pk, _, _ in claims:
        first_start[pk] = min(start, first_start.get(pk, start))
    starting: dict[int, list[int]] = {}
    for pk, start in first_start.items():
        starting.setdefault(start, []).append(pk)
    by_start = sorted(claims, key=lambda c: (c[0], c[1]))
    active: list[tuple[int, int, int, str, str]] = []
    next_claim = 0
    pieces: list[str] = []
    for a, b in zip(points, points[1:]):
        while next_claim < len(by_start) and by_start[next_claim][0] <= a:
            active.append(by_start[next_claim])
            next_claim += 1
        active = [c for c in active if c[1] > a]
        pieces.extend(format_html('<span class="fc-anchor" id="claim-{}"></span>', pk) for pk in starting.get(a, ()))
        text = escape(body[a:b])
        covering = [c for c in active if c[0] <= a and b <= c[1]]
        if not covering:
            pieces.append(text)
            continue
        inner = min(covering, key=lambda c: c[1] - c[0])
        pieces.append(format_html(
            '<mark class="fc-claim {}" data-claims="{}" title="{}">{}</mark>',
            inner[3], " ".join(str(c[2]) for c in covering), inner[4], text,
        ))
    return mark_safe("".join(str(p) for p in pieces))
