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
    spans = [(claim.start, claim.end, "fc-content")]
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
