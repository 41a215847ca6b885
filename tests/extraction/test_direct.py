"""Direct quotations: when what a cue attributes is all quoted words, and when quoted words
are only part of the writer's sentence. Sentences written for these tests."""

from __future__ import annotations

from claims.extraction import Kind, extract


def one(text: str, words: str):
    found = [a for a in extract(text) if words in a.text]
    assert len(found) == 1, [(a.text, a.cue, a.speaker_name) for a in extract(text)]
    return found[0]


def test_a_quotation_that_is_all_of_the_content_is_direct_without_its_marks():
    text = "Said Mira Olsen, who grew up on the island, “We were all so proud of the ferry crew.”"
    a = one(text, "ferry crew")
    assert (a.kind, a.text, a.cue) == (Kind.DIRECT, "We were all so proud of the ferry crew", "Said")
    text = "The mayor declared “What a splendid harbour!” and left the stage."
    a = one(text, "harbour")
    assert (a.kind, a.text, a.speaker) == (Kind.DIRECT, "What a splendid harbour!", "The mayor")


def test_a_quoted_fragment_stays_part_of_the_writers_sentence():
    a = one("Jon Vik said the plan was “a disgrace to the valley.”", "disgrace")
    assert a.kind == Kind.MIXED and a.text.startswith("the plan")


def test_a_title_after_a_preposition_is_not_an_utterance():
    found = extract("Mayor Ana Ruiz kept talking about “Harbour Lights,” the musical she saw last spring.")
    assert all(a.kind != Kind.DIRECT for a in found)
