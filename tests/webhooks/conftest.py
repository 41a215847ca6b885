from __future__ import annotations

import pytest

from claims.models import Claim
from claims.webhooks.models import Endpoint
from tests.factories import make_article, make_claim, make_speaker

BODY = 'Mayor Elena Varga said the budget was balanced. "We kept every school open," Varga said.'


@pytest.fixture(autouse=True)
def loopback_allowed(settings):
    """The receivers are loopback servers the tests start."""
    settings.FACTCHECK_FETCH_ALLOW_PRIVATE = True
    settings.FACTCHECK_WEBHOOK_TIMEOUT = 1.0


@pytest.fixture
def claim(db) -> Claim:
    article = make_article(body=BODY)
    return make_claim(article, 23, 46, speaker=make_speaker(), cue="said")


def endpoint_for(owner, url: str, events: list[str], **fields) -> Endpoint:
    """An endpoint row as registration leaves it, with a known secret."""
    fields.setdefault("secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    speakers = fields.pop("speakers", [])
    endpoint = Endpoint.objects.create(owner=owner, url=url, events=events, **fields)
    endpoint.speakers.set(speakers)
    return endpoint
