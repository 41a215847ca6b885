"""The public page cache (claims/public/cache.py): which pages are kept, under what name, and
when a kept page stops being served."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from claims.models import Claim
from claims.public.cache import KeptPage, changes_committed, quote_page_keep, quote_page_slot
from claims.review.services import claim_reject, claim_verify
from tests.factories import make_article, make_claim

URL = "http://testserver/api/v1/quotes/"
ALLOWED = {"kind", "cursor", "page_size"}


def slot(query: str):
    return quote_page_slot(url=URL, params=QueryDict(query), allowed=ALLOWED)


@pytest.fixture
def quote(db, editor):
    article = make_article(body='"We kept every school open," Mayor Elena Varga said.')
    return claim_verify(claim=make_claim(article, 1, 27), user=editor)


def test_a_kept_page_is_found_whatever_the_order_of_its_parameters(quote):
    first = slot("kind=direct&page_size=5")
    assert first is not None and first.found is None
    quote_page_keep(first, KeptPage(b"[1]", None))
    again = slot("page_size=5&kind=direct")
    assert again.key == first.key and again.found == KeptPage(b"[1]", None)


def test_pages_asked_with_unknown_or_repeated_parameters_are_never_kept(quote):
    assert slot("z=1") is None
    assert slot("kind=direct&kind=mixed") is None
    assert slot("kind=direct") is not None


def test_no_page_is_kept_when_the_cache_is_off(quote, settings):
    settings.FACTCHECK_API_CACHE_SECONDS = 0
    assert slot("kind=direct") is None


def test_a_committed_change_retires_every_kept_page(quote, editor, django_capture_on_commit_callbacks):
    kept = slot("")
    quote_page_keep(kept, KeptPage(b"[old]", None))
    before = changes_committed()
    with django_capture_on_commit_callbacks(execute=True):
        claim_reject(claim=Claim.objects.get(pk=quote.pk), user=editor, reason="Misquoted.")
    assert changes_committed() > before
    assert slot("").found is None  # built before the change: not served
