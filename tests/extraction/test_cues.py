"""The extent of the cue, as annotators mark it and as an editor reads it: one convention
per test, on sentences written for the purpose."""

from __future__ import annotations

from claims.extraction import extract


def cue_of(text: str, content_start: str) -> str:
    """The cue of the one attribution whose content starts with content_start."""
    found = [a for a in extract(text) if a.text.startswith(content_start)]
    assert len(found) == 1, [(a.cue, a.text) for a in extract(text)]
    return found[0].cue


def test_a_statement_is_part_of_the_cue_an_interview_a_speech_or_an_email_is_not():
    assert cue_of('"The tunnel will be finished by June," Mara Quist said in a statement.', "The tunnel") == (
        "said in a statement"
    )
    assert cue_of('"The tunnel will be finished by June," Mara Quist said in a speech at the harbor.', "The tunnel") == (
        "said"
    )
    assert cue_of("Mara Quist said in an email that the tunnel would be finished by June.", "that the tunnel") == "said"
    assert cue_of('"The tunnel will be finished by June," Mara Quist said in an interview.', "The tunnel") == "said"


def test_an_adverb_of_manner_or_time_after_the_verb_is_part_of_the_cue():
    assert cue_of("Mara Quist has said repeatedly that the tunnel would be finished by June.", "that") == (
        "has said repeatedly"
    )
    assert cue_of('"We will not close the ferry," Olaf Brandt said flatly.', "We will not") == "said flatly"


def test_an_adverb_and_a_preposition_before_the_content_are_part_of_the_cue():
    assert cue_of("Olaf Brandt spoke warmly about the new ferry terminal.", "the new ferry") == "spoke warmly about"


def test_an_adverb_set_off_by_commas_is_not_part_of_the_cue():
    assert cue_of("Olaf Brandt said, however, that the ferry would stay open.", "that the ferry") == "said"


def test_the_adjectives_of_a_stance_noun_are_part_of_the_cue_its_owner_is_not():
    text = "Olaf Brandt's harsh criticism of the ferry contract surprised the council."
    assert cue_of(text, "the ferry contract") == "harsh criticism of"
    text = "The council ignored Mara Quist's repeated warnings about the tunnel budget."
    assert cue_of(text, "the tunnel budget") == "repeated warnings about"


def test_a_preposition_that_says_when_is_not_part_of_the_cue():
    cues = [a.cue for a in extract("The mayor announced on Tuesday that the bridge would close.")]
    assert cues == ["announced"]


def test_an_object_naming_the_saying_is_part_of_the_cue_and_its_complement_is_the_content():
    found = [(a.cue, a.text) for a in extract("The mayor expressed concern that the bridge would close.")]
    assert found == [("expressed concern", "that the bridge would close")]
    found = [(a.cue, a.text) for a in extract("The mayor voiced support for the new ferry.")]
    assert found == [("voiced support for", "the new ferry")]


def test_an_object_that_is_itself_what_was_said_stays_the_content():
    found = [(a.cue, a.text) for a in extract("Mara Quist expressed a view that was shared by many.")]
    assert found == [("expressed", "a view that was shared by many")]


def test_what_was_made_public_and_the_verb_after_it_are_part_of_the_cue():
    found = [(a.cue, a.text) for a in extract("The ferry union released a video that accuses the mayor of lying.")]
    assert found == [("released a video that accuses", "the mayor of lying")]


def test_when_it_was_said_joins_the_cue_only_before_a_content_that_follows():
    assert cue_of("The mayor said last week that the bridge would close.", "that the bridge") == "said last week"
    assert cue_of('"The bridge will close," the mayor said Tuesday.', "The bridge") == "said"


def test_the_adjective_a_cue_verb_completes_joins_the_cue_with_its_verb():
    text = "Ferry riders are slightly more likely to say that the service has improved."
    assert cue_of(text, "that the service") == "are slightly more likely to say"
    assert cue_of("The mayor was quick to add that the bridge would reopen.", "that the bridge") == "was quick to add"


def test_the_verb_right_before_by_leads_the_cue():
    assert cue_of("The mayor began by saying that the bridge would reopen.", "that the bridge") == "began by saying"


def test_a_stance_noun_owned_by_the_subject_of_its_verb_takes_the_verb_and_the_subject():
    found = [(a.cue, a.speaker, a.text) for a in extract("Mara Quist stepped up her attacks on the ferry contract.")]
    assert found == [("stepped up her attacks on", "Mara Quist", "the ferry contract")]


def test_the_cue_of_quoted_as_saying_is_the_quoting_verb():
    assert cue_of("The Post quoted one official as saying that the ferry would close.", "that the ferry") == "quoted"
