"""Through the API: an article posted by a reporter's client names a person in full and
then by surname; the verified quotes carry one speaker, and the speaker list has one entry
with every quote, no bare surname beside it."""

from __future__ import annotations

import pytest

from claims.models import Claim
from tests.pipeline.test_speakers import INTERRUPTED, MARSH, REPORTED, TOLD


@pytest.fixture
def posted(post_verified) -> list[Claim]:
    return post_verified("Harbour budget", MARSH)


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
