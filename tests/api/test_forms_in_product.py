"""Issue 14's missed forms, false hits and in-article resolution, seen where editors and
readers see them: an article posted through the API yields a claim for "was quoted as
saying by news agency PTI that" (via PTI), a colon quote in British single marks, "recommends"
with a pronoun resolved by gender, "In a statement, the department said" and a later "The
department said" (one body), and no claim for the reporter's forecast or the question in
"Asked whether ...". The claims are checked in the API, on the public pages and in the admin."""

from __future__ import annotations

import pytest

from claims.models import Claim
from tests.pages.test_claim_wording import quote_lines
from tests.review.test_admin import change_url

QUOTED_BY_PTI = "that repairs to the Kallur dam would finish by March"
FORECAST = "The council is expected to vote on the plan next week"
QUESTION = "whether the budget would rise"
COLON = "The dam is safe for the monsoon"

ARTICLE = (
    "State water minister Suresh Rao was quoted as saying by news agency PTI "
    f"{QUOTED_BY_PTI}.\n\n"
    f"{FORECAST}.\n\n"
    f"Asked {QUESTION}, Rao said the cost was already covered.\n\n"
    f"The chief engineer, Meera Das, said: '{COLON}.'\n\n"
    "She recommends that farmers keep clear of the spillway. In a statement, the state "
    "irrigation department said the inspection had found no cracks. The department said it "
    "would publish the full inspection record."
)


@pytest.fixture
def posted(post_verified) -> list[Claim]:
    return post_verified("Kallur dam repairs", ARTICLE)


def _by_text(quotes: list[dict]) -> dict[str, dict]:
    return {q["text"]: q for q in quotes}


def test_the_api_carries_each_form_with_its_speaker_and_via(client, posted):
    quotes = _by_text(client.get("/api/v1/quotes/").json()["results"])
    pti = quotes[QUOTED_BY_PTI]
    assert (pti["speaker"]["name"], pti["via"], pti["kind"]) == ("Suresh Rao", "PTI", "indirect")
    colon = quotes[COLON]
    assert (colon["speaker"]["name"], colon["kind"]) == ("Meera Das", "direct")
    recommends = quotes["that farmers keep clear of the spillway"]
    assert recommends["speaker"]["name"] == "Meera Das"  # "She": the woman named last, not Rao
    assert quotes["the cost was already covered"]["speaker"]["name"] == "Suresh Rao"
    department = {quotes[t]["speaker"]["name"] for t in (
        "the inspection had found no cracks", "it would publish the full inspection record"
    )}
    assert department == {"state irrigation department"}


def test_no_claim_for_the_reporters_forecast_or_the_question(client, posted):
    texts = [c.text for c in posted]
    assert not any(FORECAST[:30] in t for t in texts)
    assert not any(QUESTION in t for t in texts)
    api_texts = [q["text"] for q in client.get("/api/v1/quotes/").json()["results"]]
    assert len(api_texts) == len(posted) == 6
    assert not any("expected to vote" in t or QUESTION in t for t in api_texts)


def test_the_public_list_reads_each_claim_as_a_reader_should(client, posted):
    lines = quote_lines(client, "/quotes/")
    assert any(line.startswith("Suresh Rao") and "repairs to the Kallur dam" in line and "“" not in line
               for line in lines)  # reported speech, no quotation marks
    assert f"“{COLON}”" in lines
    assert not any("expected to vote" in line for line in lines)


def test_the_admin_claim_page_shows_the_agency_as_via_and_the_resolved_speaker(client, editor, posted):
    client.force_login(editor)
    pti = next(c for c in posted if c.text == QUOTED_BY_PTI)
    html = client.get(change_url(pti)).content.decode()
    assert 'name="via" value="PTI"' in html
    assert pti.speaker.name == "Suresh Rao"
    she = next(c for c in posted if c.text == "that farmers keep clear of the spillway")
    assert she.speaker.name == "Meera Das"
