"""Through the API: an article posted by a reporter's client names a person in full and
then by surname; the verified quotes carry one speaker, and the speaker list has one entry
with every quote, no bare surname beside it."""

from __future__ import annotations

import pytest

from claims.api.services import token_create
from claims.models import Claim
from claims.review.services import claim_verify
from tests.pipeline.test_speakers import INTERRUPTED, MARSH, REPORTED, TOLD


@pytest.fixture
def posted(client, reporter, editor, django_capture_on_commit_callbacks) -> list[Claim]:
    key = token_create(user=reporter, name="CMS", created_by=reporter)[1]
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post("/api/v1/articles/", {"title": "Harbour budget", "body": MARSH},
                              content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}")
    assert created.status_code == 202
    for claim in Claim.objects.all():
        claim_verify(claim=claim, user=editor)
    return list(Claim.objects.order_by("start"))


def test_the_quotes_share_one_speaker_and_read_without_the_attribution(client, posted):
    quotes = sorted(client.get("/api/v1/quotes/").json()["results"], key=lambda q: q["start"])
    assert [q["text"] for q in quotes] == [INTERRUPTED, REPORTED, TOLD]
    assert [q["kind"] for q in quotes] == ["direct", "indirect", "direct"]
    assert {q["speaker"]["name"] for q in quotes} == {"Teodor Marsh"}
    assert len({q["speaker"]["id"] for q in quotes}) == 1
    assert [q["attribution"] for q in quotes] == ["Teodor Marsh", "Marsh", "Marsh"]
    assert [q["via"] for q in quotes] == ["", "", ""]  # "told reporters": an audience, not an intermediary
    assert len(quotes[0]["pieces"]) == 2  # the interrupted quote, in two pieces around "Teodor Marsh said"


def test_the_speaker_list_has_the_one_speaker_with_every_quote(client, posted):
    speakers = client.get("/api/v1/speakers/").json()["results"]
    assert [(s["name"], s["quote_count"]) for s in speakers] == [("Teodor Marsh", 3)]
    assert client.get("/api/v1/speakers/", {"name": "marsh"}).json()["results"] == speakers
    quotes = client.get(speakers[0]["quotes"]).json()["results"]
    assert {q["id"] for q in quotes} == {c.pk for c in posted}
