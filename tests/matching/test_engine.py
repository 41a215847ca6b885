"""Matching end to end and the blend, on invented claims."""

from __future__ import annotations

import pytest

from claims.matching import (
    BlendWeights,
    Candidate,
    MemorySource,
    Row,
    Stored,
    embed,
    match,
    prepare,
    prepare_many,
    rerank,
    vector_to_bytes,
)

CLAIMS = {
    "ferry": "The island ferry fare will double from next month.",
    "school": "Three rural schools in Dunmore county will close this year.",
    "bridge": "The new harbour bridge cost four times its budget.",
    "otters": "Otters have returned to the Kelvin river after forty years.",
    "grant": "Farmers hit by the drought will each receive a grant of 2,000 euros.",
}


@pytest.fixture(scope="module")
def source():
    prepared = prepare_many(list(CLAIMS.values()))
    return MemorySource(Row(name, p) for name, p in zip(CLAIMS, prepared))


def test_a_paraphrase_ranks_its_claim_above_unrelated_ones(source):
    cases = {
        "ferry": "Tickets for the boat to the island are going to cost twice as much next month",
        "bridge": "The harbour bridge ended up four times over budget, says the audit",
        "otters": "After four decades the otters are back in the Kelvin",
        "grant": "Each farmer affected by the dry spell gets 2000 euros",
    }
    for expected, paraphrase in cases.items():
        found = match(prepare(paraphrase), source, limit=3)
        assert found[0].id == expected, (paraphrase, found)


def test_the_same_words_match_exactly_and_come_first(source):
    found = match(prepare("\u201cthat three rural schools in Dunmore County will close this year\u201d"), source)
    assert found[0].id == "school" and found[0].exact
    assert found[0].score > 1 >= max(m.score for m in found[1:])


def test_a_tweet_is_matched_through_its_hashtags_and_despite_its_link(source):
    tweet = "Can't believe it #OttersAreBack in the #KelvinRiver https://t.co/q1w2e3 \u2014 Ada Moss (@adamoss) June 2, 2022"
    assert match(prepare(tweet), source, limit=1)[0].id == "otters"


def test_nothing_to_match_gives_nothing():
    assert match(prepare("Any claim at all."), MemorySource([])) == []


def _stored(name, text, key=None):
    return Stored(name, key if key is not None else name, vector_to_bytes(embed([text])[0]))


def test_the_blend_adds_the_weighted_parts():
    query = embed(["Taxes on boats will rise."])[0]
    stored = [_stored("a", "Taxes on boats will rise."), _stored("b", "The museum opens on Sundays.")]
    weights = BlendWeights(exact=1.0, lexical=0.4, dense=0.6)
    ranked = rerank(
        query_key="a",
        query_vector=vector_to_bytes(query),
        candidates=[Candidate("a", 8.0), Candidate("b", 2.0)],
        stored=stored,
        weights=weights,
    )
    a, b = ranked
    assert (a.id, a.exact, a.lexical, b.id, b.exact, b.lexical) == ("a", True, 1.0, "b", False, 0.25)
    assert a.score == pytest.approx(1.0 + 0.4 * 1.0 + 0.6 * a.dense)
    assert b.score == pytest.approx(0.4 * 0.25 + 0.6 * b.dense)
    assert a.dense > 0.99 > b.dense


def test_rows_with_one_key_share_their_best_score_and_the_oldest_comes_first():
    query = vector_to_bytes(embed(["The pier will be rebuilt"])[0])
    stored = [
        _stored("older", "The pier 'will be rebuilt'", key="the pier will be rebuilt soon"),
        _stored("other", "The pier will be rebuilt", key="the pier will be rebuilt"),
        _stored("newer", 'The pier "will be rebuilt" soon', key="the pier will be rebuilt soon"),
    ]
    ranked = rerank(query_key="", query_vector=query, candidates=[Candidate("newer", 5.0)], stored=stored)
    by_id = {m.id: m for m in ranked}
    assert by_id["older"].score == by_id["newer"].score
    assert [m.id for m in ranked].index("older") < [m.id for m in ranked].index("newer")


class ListSource:
    """A stand-in for a database: its own retrieval scores, a key lookup, stored rows."""

    def __init__(self, rows, scores):
        self.rows, self.scores = rows, scores

    def retrieve(self, text, *, limit):
        return [Candidate(i, s) for i, s in self.scores.items()][:limit]

    def with_key(self, key):
        return [r.id for r in self.rows if r.key == key]

    def stored(self, ids):
        return [r for r in self.rows if r.id in ids]


def test_any_source_with_the_three_calls_can_be_matched_against():
    query = prepare("The otters came back to the river")
    rows = [
        _stored(7, "Otters are back in the river.", key="otters are back in the river"),
        _stored(9, "Ferry fares double.", key="ferry fares double"),
        _stored(11, "The otters came back to the river", key=query.key),
    ]
    found = match(query, ListSource(rows, {9: 3.0, 7: 1.0}))
    # 11 comes by its key alone; 7 outranks 9 on meaning despite fewer shared words.
    assert [m.id for m in found] == [11, 7, 9]
    assert found[0].exact and found[0].lexical == 0.0
