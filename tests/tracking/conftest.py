from __future__ import annotations

import datetime as dt
import itertools

import pytest

from claims.models import Claim
from sources.models import Outlet, Speaker
from tests.factories import make_article, make_claim, make_speaker
from tests.pipeline.conftest import own_broker  # noqa: F401  (a broker of the test's own)

_articles = itertools.count(1)


def said(words: str, *, speaker: Speaker | None, on: dt.date | None = dt.date(2025, 3, 1),
         outlet: str = "Harbor Ledger", **fields) -> Claim:
    """A claim of these words in an article of its own: '<speaker> said <words>'."""
    number = next(_articles)
    lead = f"{speaker.name if speaker else 'Officials'} said "
    body = f"{lead}{words}\n\nStory {number}."
    outlet_row, _ = Outlet.objects.get_or_create(name=outlet, defaults={"slug": outlet.lower().replace(" ", "-")})
    article = make_article(body=body, title=f"Story {number}", published_on=on, outlet=outlet_row)
    return make_claim(article, len(lead), len(lead) + len(words), speaker=speaker, **fields)


@pytest.fixture
def varga(db) -> Speaker:
    return make_speaker("Elena Varga")


@pytest.fixture
def okafor(db) -> Speaker:
    return make_speaker("Daniel Okafor")
