"""Small explicit factories: every value a test depends on is visible in the test."""

from __future__ import annotations

from claims.models import Claim
from sources.models import Article, Speaker, body_sha256

SEED_BODY = (
    'Mayor Elena Varga said the bridge would reopen in May. "We are on schedule," Varga said.'
)


def make_article(body: str = SEED_BODY, title: str = "Bridge", **fields) -> Article:
    return Article.objects.create(title=title, body=body, content_sha256=body_sha256(body), **fields)


def make_speaker(name: str = "Elena Varga", **fields) -> Speaker:
    fields.setdefault("slug", name.lower().replace(" ", "-"))
    return Speaker.objects.create(name=name, **fields)


def make_claim(article: Article, start: int, end: int, **fields) -> Claim:
    fields.setdefault("kind", Claim.Kind.INDIRECT)
    fields.setdefault("confidence", 0.9)
    fields.setdefault("extractor_version", "test")
    fields.setdefault("fingerprint", f"fp-{start}-{end}")
    return Claim.objects.create(article=article, text=article.body[start:end], start=start, end=end, **fields)
