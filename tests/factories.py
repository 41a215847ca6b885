"""Small explicit factories: every value a test depends on is visible in the test."""

from __future__ import annotations

import datetime as dt

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


def make_published_quote(editor, reporter) -> dict:
    """The small world the route tests walk: one article of the reporter's, its claim
    verified by the editor with a published verdict, and an API token of the editor's."""
    from claims.review.services import claim_verify, evidence_parse, verdict_save
    from claims.pipeline.services import claims_extract
    from claims.api.services import token_create
    from claims.webhooks.models import Endpoint
    from sources.models import Feed, FeedItem, Outlet

    outlet = Outlet.objects.create(name="Harbor Ledger", slug="harbor-ledger")
    article = make_article(
        body='"We kept every school open," Mayor Elena Varga said.', title="Budget", submitted_by=reporter,
        outlet=outlet, published_on=dt.date(2025, 6, 13),
    )
    claims_extract(article_id=article.pk)
    claim = Claim.objects.get()
    # A webhook endpoint of the editor's, so that verifying leaves a delivery for the
    # webhook routes and admin pages (on loopback: refused unless a test allows it).
    webhook = Endpoint.objects.create(owner=editor, url="http://127.0.0.1:9/in", events=["quote.verified"],
                                      secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    claim_verify(claim=claim, user=editor)
    verdict_save(claim=Claim.objects.get(pk=claim.pk), user=editor, rating="false", summary="No.",
                 evidence=evidence_parse("Source | https://example.org/s"), publish=True)
    token_create(user=editor, name="feed reader", created_by=editor)  # so the token admin's pages have a row
    # So the feed admin's pages have rows: a feed of the outlet, and the item that brought the article.
    feed = Feed.objects.create(outlet=outlet, url="https://ledger.example/feed.xml", title="Harbor Ledger")
    FeedItem.objects.create(feed=feed, guid="budget-1", guid_key=FeedItem.key_of("budget-1"),
                            link="https://ledger.example/budget", title="Budget", signature="-",
                            state=FeedItem.State.READ, article=article)
    return {"article": article, "claim": claim, "speaker": claim.speaker, "editor": editor, "webhook": webhook}


def add_repeated_quote(world: dict) -> dict:
    """The world of make_published_quote, its quote reported again by a second outlet (verified)
    and confirmed into one statement by the editor: what the tracking routes show."""
    from claims.models import ClaimMatch, Statement
    from claims.pipeline.services import claims_extract
    from claims.review.services import claim_verify
    from claims.tracking.services import claims_match, match_confirm
    from sources.models import Outlet

    editor = world["editor"]
    outlet = Outlet.objects.create(name="Coast Times", slug="coast-times")
    article = make_article(body='"We kept every school open," Mayor Elena Varga told the council.', title="Schools",
                           outlet=outlet, published_on=dt.date(2025, 6, 14))
    claims_extract(article_id=article.pk)
    again = Claim.objects.get(article=article)
    claim_verify(claim=again, user=editor)
    claims_match(claim_ids=[world["claim"].pk, again.pk])
    for match in ClaimMatch.objects.filter(claim=again, statement__isnull=False, state="suggested"):
        match_confirm(match_id=match.pk, user=editor)
    return {**world, "again": again, "statement": Statement.objects.get()}
