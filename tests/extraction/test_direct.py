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


def test_verbs_of_the_manner_of_speaking_attribute_a_quotation_beside_them():
    a = one("“Go back to your seats,” Ola Brun barked and walked out.", "seats")
    assert (a.kind, a.cue, a.speaker_name) == (Kind.DIRECT, "barked", "Ola Brun")
    a = one("“This is fantastic!” beamed Kari Holm of Tromsø.", "fantastic")
    assert (a.kind, a.cue, a.speaker_name) == (Kind.DIRECT, "beamed", "Kari Holm")


def test_a_verb_of_the_manner_of_speaking_alone_attributes_nothing():
    assert extract("The engine roared and the crowd murmured as the ferry left.") == []


def test_a_name_after_the_quotation_speaks_when_the_parse_hangs_it_on_the_quotation():
    a = one("“We were wrong not to confront him from the start,” Lina Moe, 58, told the radio station in an interview.",
            "confront")
    assert (a.kind, a.cue, a.speaker_name) == (Kind.DIRECT, "told", "Lina Moe")
    a = one("“Yes, I support the ferry plan,” Rolf Dahl, founder of the Harbour Society, tells the Courier.", "ferry plan")
    assert (a.kind, a.cue, a.speaker_name) == (Kind.DIRECT, "tells", "Rolf Dahl")


def test_a_verb_continuing_an_attribution_keeps_its_speaker():
    found = extract("“The plan is dead,” Ivar Sand said and added, “Nobody wants it.”")
    assert {a.speaker_name for a in found} == {"Ivar Sand"}


def test_a_clause_ending_on_a_colon_introduces_the_quotation_after_it():
    a = one("Mayor Lind called them on it:\n\n“The questions asked tonight show why nobody trusts the council.”",
            "questions")
    assert (a.kind, a.cue, a.speaker_name) == (Kind.DIRECT, "called them on it:", "Lind")
    assert a.text == "The questions asked tonight show why nobody trusts the council"


def test_a_colon_after_a_claim_or_after_no_speaker_introduces_nothing():
    found = extract("The rules are clear: “No phones in the hall.”")
    assert found == []
    found = extract("Berit Aas suggested the plan was doomed: “Nobody will ride that ferry.”")
    assert [a.kind for a in found] == [Kind.INDIRECT]


def test_an_interrupted_quotation_resumes_past_a_title_quoted_in_the_attribution():
    text = "“It is too early to tell,” said Ola Berg, who hosts the radio show “Harbour Talk.” “I mean, anything can happen.”"
    a = one(text, "too early")
    assert a.kind == Kind.DIRECT and a.speaker_name == "Ola Berg"
    assert [text[s:e] for s, e in a.pieces] == ["It is too early to tell", "I mean, anything can happen"]


def test_an_utterance_the_parse_ran_into_the_circumstances_is_direct_alone():
    a = one("Mayor Lind had previously said, “We will see,” when asked whether she would run again.", "see")
    assert (a.kind, a.text, a.speaker_name) == (Kind.DIRECT, "We will see", "Lind")


def test_a_quoted_name_in_a_reported_clause_is_not_an_utterance():
    a = one("Mayor Lind said “Harbourgate” was a scandal.", "scandal")
    assert a.kind == Kind.MIXED


def test_a_whole_utterance_after_its_cue_stays_direct_whatever_the_sentence_does_next():
    a = one("Ada Holm joked, “Ferry fans, you are being ridiculous,” drawing loud jeers from the crowd.",
            "ridiculous")
    assert (a.kind, a.text, a.speaker_name) == (Kind.DIRECT, "Ferry fans, you are being ridiculous", "Ada Holm")


def test_a_quotation_with_an_attribution_of_its_own_is_not_taken_by_the_cue_before():
    found = extract("Ada Holm criticized the mayor during a rally on Friday.\n\n“The mayor is a joke,” she said.")
    quoted = [a for a in found if "joke" in a.text]
    assert [(a.cue, a.text) for a in quoted] == [("said", "The mayor is a joke")]


def test_a_quotation_signed_with_a_dash_on_the_line_below():
    a = one('"The ferry toll will double by [next] spring."\n\n- Ada Holm.\n\nThe mayor disputes the figure.', "toll")
    assert (a.kind, a.speaker_name) == (Kind.DIRECT, "Ada Holm")


def test_a_cue_in_the_speakers_description_does_not_end_the_quotation():
    text = ("“The ferry is our lifeline,” said Ada Holm, who thinks often about the crossing.\n\n"
            "“Without it the island would empty within a year.”")
    a = one(text, "lifeline")
    assert a.speaker_name == "Ada Holm" and len(a.pieces) == 2
    assert text[a.pieces[1][0] : a.pieces[1][1]].startswith("Without it")


def test_a_lower_case_quotation_after_an_aside_completes_the_writers_sentence():
    # The sentence opens in the writer's words, the attribution interrupts it, and the
    # quotation finishes it: one claim, reported with quoted words, the aside left out.
    text = "If the bridge closes, the harbour master said, “the island will be cut off for a week.”"
    a = one(text, "cut off")
    assert a.kind == Kind.MIXED
    assert a.text.startswith("If the bridge closes") and a.speaker == "the harbour master"
    opening, quoted = a.pieces
    assert text[slice(*opening)] == "If the bridge closes"
    assert text[slice(*quoted)] == "“the island will be cut off for a week.”"


def test_a_connective_before_the_aside_leaves_the_quotation_direct():
    a = one("Still, the harbour master added, “we will find a way to keep the ferry running.”", "ferry running")
    assert (a.kind, a.text) == (Kind.DIRECT, "we will find a way to keep the ferry running")


def test_a_quotation_opening_its_own_sentence_after_an_aside_stays_direct():
    a = one("After the vote, the harbour master said, “We will find a way to keep the ferry running.”", "ferry running")
    assert a.kind == Kind.DIRECT


def test_a_quotation_before_the_speakers_whole_noun_phrase_is_direct():
    # The parse may leave the words before the name, or the aside after it, outside the
    # clause; they are still the speaker's noun phrase, not narration.
    text = "“She taught all of us to swim,” another neighbour, Maria Lopez told the radio station. “She was kind to everyone.”"
    a = one(text, "swim")
    assert (a.kind, a.speaker_name) == (Kind.DIRECT, "Maria Lopez")
    assert [text[s:e] for s, e in a.pieces] == ["She taught all of us to swim", "She was kind to everyone"]
    text = ("“Both plans scare me,” Harry Bond, 30, of Dayton, Ohio, who was among those polled, said in a later "
            "interview. “We need people who will listen.”")
    a = one(text, "scare me")
    assert (a.kind, a.speaker_name) == (Kind.DIRECT, "Harry Bond")
    assert [text[s:e] for s, e in a.pieces] == ["Both plans scare me", "We need people who will listen"]


def test_narration_between_a_quotation_and_the_attribution_keeps_them_apart():
    a = one("“We are still here,” at the harbour festival, she said.", "still here")
    assert a.kind == Kind.MIXED and a.text.endswith("harbour festival")


def test_a_quotation_on_the_next_line_goes_on_when_lines_are_the_paragraphs():
    # Some feeds break paragraphs with one newline: the quotation alone on the next line is
    # the same speaker going on, as it is after a blank line.
    text = ("“The audit sheds light on the harbour's lax accounts,” said Ola Berg, who chairs the port board.\n"
            "“The board's silence is a serious failure.”\n"
            "The audit was published on Monday.")
    a = one(text, "lax accounts")
    assert a.kind == Kind.DIRECT and a.speaker_name == "Ola Berg"
    assert [text[s:e] for s, e in a.pieces][-1] == "The board's silence is a serious failure"


def test_a_short_whole_utterance_before_a_verb_of_demanding_is_direct():
    a = one("“Quiet,” the chairwoman demanded, as the councillors kept talking.", "Quiet")
    assert (a.kind, a.cue, a.speaker) == (Kind.DIRECT, "demanded", "the chairwoman")


def test_a_short_quoted_phrase_after_a_stance_verb_stays_the_writers():
    found = extract("The chairwoman demanded “transparency” from the port board.")
    assert all(a.kind != Kind.DIRECT for a in found)


def test_a_name_closing_its_clause_on_a_colon_speaks_the_quotation_after_it():
    a = one("The surge does not surprise Republican pollster Dana Holt: “Lesser-known candidates who win early "
            "see the biggest boost.”", "biggest boost")
    assert (a.kind, a.cue, a.speaker_name) == (Kind.DIRECT, ":", "Dana Holt")


def test_a_name_the_words_are_addressed_to_does_not_speak_them():
    for text in ("The crowd had a single word for Governor Dana Holt: “Resign.”",
                 "Her aide sent a note to Dana Holt: “We need you on the ferry tonight.”"):
        assert all(a.speaker_name != "Dana Holt" for a in extract(text)), text


def test_an_inverted_verb_of_saying_before_the_name_and_colon_is_the_cue():
    text = ("Some economists doubt that the plan will work, and several breaks would make the code harder. "
            "Said Ellis: “I don’t get the sense she’s the least bit interested in tax reform.”")
    a = one(text, "tax reform")
    assert (a.kind, a.cue, a.speaker) == (Kind.DIRECT, "Said", "Ellis")


def test_the_attributions_own_adverbial_before_an_aside_opens_the_writers_sentence():
    text = "Sooner or later, the harbour master told reporters, “the new ferry will pay for itself.”"
    a = one(text, "pay for itself")
    assert a.kind == Kind.MIXED
    assert [text[s:e] for s, e in a.pieces] == ["Sooner or later", "“the new ferry will pay for itself.”"]


def test_a_quotation_that_is_the_verbs_object_after_an_adverbial_stays_direct():
    a = one("In her speech, the harbour master said “the new ferry will pay for itself.”", "pay for itself")
    assert (a.kind, a.text) == (Kind.DIRECT, "the new ferry will pay for itself")


def test_a_quotation_resumes_after_a_long_description_of_its_speaker():
    text = ('"The risk," said Edward Lane, an economist who is the director of the county forecast, '
            '"is that we are going to be attracting workers and repelling jobs."')
    a = one(text, "The risk")
    assert (a.kind, a.speaker_name) == (Kind.DIRECT, "Edward Lane")
    assert [text[s:e] for s, e in a.pieces] == [
        "The risk", "is that we are going to be attracting workers and repelling jobs"]


def test_the_addressee_between_a_verb_of_asking_and_its_quotation_is_part_of_the_frame():
    a = one("The mayor then asked the buzzing crowd, “Can the ferry stay? Can it stay?”", "ferry stay")
    assert (a.kind, a.text, a.speaker) == (Kind.DIRECT, "Can the ferry stay? Can it stay?", "The mayor")


def test_an_object_that_is_what_was_said_keeps_the_quotation_out():
    found = extract("She kept praising the plan, “It will work.”")
    assert not any(a.kind == Kind.DIRECT and a.text == "It will work." and a.cue.endswith("praising") for a in found)


def test_a_verb_that_only_carries_quotations_has_the_one_after_it_whatever_follows():
    a = one('About fifty dockers had gathered by the gate, chanting "no contract, no ferry" after the talks failed.',
            "no ferry")
    assert (a.kind, a.text, a.cue) == (Kind.DIRECT, "no contract, no ferry", "chanting")


def test_an_aspectual_verb_before_a_quoted_fragment_attributes_no_direct_quote():
    found = extract("Over the last five days, Rubio said he has begun “to unmask the true nature” of his rival.")
    assert not any(a.kind == Kind.DIRECT and a.text.startswith("to unmask") for a in found)


def test_a_bare_attribution_after_a_full_stop_still_takes_the_quotation_before_it():
    a = one("“Harbour, if you are listening, find the ferry tickets that are missing.” Dahl said.", "ferry tickets")
    assert (a.kind, a.speaker) == (Kind.DIRECT, "Dahl")


def test_a_sentence_with_a_claim_of_its_own_does_not_take_the_quotation_before_it():
    text = "“We feel good about the ferry.” She noted a planned rally on Saturday in the harbour district."
    assert not any(a.kind == Kind.DIRECT and "ferry" in a.text for a in extract(text))


def test_a_retort_with_back_attributes_the_quotation_beside_it():
    a = one("“Let me finish,” Moe Dahl shot back.", "finish")
    assert (a.kind, a.cue, a.speaker_name) == (Kind.DIRECT, "shot back", "Moe Dahl")
    a = one("After the mayor criticized him, Dahl fired back, “I chose to work for a living.”", "living")
    assert (a.kind, a.cue) == (Kind.DIRECT, "fired back")


def test_firing_back_without_words_and_reading_a_title_attribute_nothing():
    assert extract("The soldiers fired back at the rebels.") == []
    assert not any(a.cue == "read" for a in extract("He read “The Hobbit” to the children."))


def test_what_a_sign_reads_is_quoted_from_it():
    a = one("“Go home!” read one banner.", "Go home")
    assert (a.kind, a.cue, a.speaker) == (Kind.DIRECT, "read", "one banner")


def test_a_speakers_mention_never_starts_inside_the_quotation_before_it():
    text = ("“It is not the position that everything is hunky-dory,” Gene Sperling, a top outside adviser, said at a "
            "recent event on the economy in Iowa. “I think people understand that things got better.”")
    a = one(text, "hunky-dory")
    assert (a.kind, a.speaker, a.speaker_name) == (Kind.DIRECT, "Gene Sperling", "Gene Sperling")


def test_a_nickname_quoted_inside_a_name_stays_in_the_mention():
    text = '"This is a big year for our harbour!" his niece, Marcia "Cia" Price, shouted to the crowd.'
    a = one(text, "big year")
    assert a.kind == Kind.DIRECT and "Price" in (a.speaker or "")


def test_a_reporting_verb_the_tagger_reads_as_a_noun_after_a_quotation_still_attributes_it():
    a = one("“You seem to have picked a new standard out of thin air,” the two write. “We do not understand it.”",
            "thin air")
    assert (a.kind, a.cue) == (Kind.DIRECT, "write") and "two" in a.speaker
    a = one("“They know she is strong enough,” a voice-over in the ad states. “She will stand up.”", "strong enough")
    assert (a.kind, a.cue, a.speaker) == (Kind.DIRECT, "states", "a voice-over")


def test_a_noun_that_looks_like_a_reporting_verb_attributes_nothing():
    assert extract("The two write letters every week.") == []
    assert not any(a.cue == "states" for a in extract("“Go west,” he said. The states agreed on Monday."))


def test_verbs_of_pressing_and_reacting_attribute_a_quotation_beside_them():
    a = one("“Would it be negotiable for the ferry?” Ola Brun pressed.", "negotiable")
    assert (a.kind, a.cue, a.speaker_name) == (Kind.DIRECT, "pressed", "Ola Brun")
    a = one("“The harbour will always be the harbour,” an angry Kari Holm retaliated.", "always be")
    assert (a.kind, a.cue) == (Kind.DIRECT, "retaliated")


def test_pressing_without_a_quotation_attributes_nothing():
    assert extract("The council pressed ahead with the ferry plan on Monday.") == []


def test_an_aside_of_the_verb_between_it_and_the_quotation_keeps_them_together():
    text = ("When someone in the crowd shouted, “Holm,” Dahl joked, again using a thick southern accent, "
            "“Amen, brother! Come on up and get baptized!”")
    a = one(text, "baptized")
    assert (a.kind, a.cue, a.speaker) == (Kind.DIRECT, "joked", "Dahl")


def test_a_verb_conjoined_with_a_passive_one_shares_its_subject():
    a = one("Ola Brun was joined on stage by the mayor and joked, “Ferry people, you are being ridiculous,” "
            "drawing loud jeers.", "ridiculous")
    assert (a.kind, a.speaker_name) == (Kind.DIRECT, "Ola Brun")


def test_a_clause_of_the_verbs_own_before_a_quotation_is_no_aside():
    text = "If the law was never tested, Dahl said, there is a simple reason: “Nobody was ever that reckless.”"
    assert not any(a.kind == Kind.DIRECT and a.cue == "said" for a in extract(text))


def test_an_inverted_verb_and_a_name_on_a_line_of_their_own_introduce_the_quotation_below():
    text = ("The mayor spoke on Monday.\n\nStated Roger Dahl:\n\n"
            "“I think the stakes for the ferry are so high that the council must act now.”")
    a = one(text, "stakes")
    assert (a.kind, a.cue, a.speaker) == (Kind.DIRECT, "Stated", "Roger Dahl")


def test_a_subject_the_parse_hung_on_an_opening_phrase_still_speaks():
    text = ("In a statement to the Courier, her senior policy adviser, Jake Sullivan, said: “Mary Smith believes "
            "that the ferry is essential. She has always valued it.”")
    a = one(text, "ferry is essential")
    assert a.kind == Kind.DIRECT and a.speaker_name == "Jake Sullivan"


def test_an_opening_phrase_with_its_own_apposition_leaves_the_subject_alone():
    found = extract("At the meeting with Acme, its biggest rival, the firm said it would cut prices.")
    assert [a.speaker for a in found if a.cue == "said"] == ["the firm"]


def test_the_quotation_right_after_as_someone_put_it_is_what_they_put_so():
    a = one("On Monday, as the magazine Vulture put it, “Hello, it is the Biebs.”", "Biebs")
    assert (a.kind, a.cue, a.text) == (Kind.DIRECT, "put it", "Hello, it is the Biebs")


def test_a_name_the_tagger_read_as_an_adverb_after_the_verb_still_speaks():
    a = one("“Having access to the file and two people who understand it is valuable,” said Skelly, explaining "
            "he worked more closely with Vito.", "valuable")
    assert (a.kind, a.cue, a.speaker) == (Kind.DIRECT, "said", "Skelly")


def test_the_title_of_a_work_written_is_no_quotation_of_its_author():
    assert extract("He is the British playwright who wrote “Peter Pan,” and the show opened in March.") == []
    found = extract('Ada Lund tossed cold water on the idea, she wrote in her memoir, "Tough Choices." She was adamant.')
    assert not any(a.kind == Kind.DIRECT and a.text == "Tough Choices" for a in found)


def test_words_written_in_capitals_are_still_written_words():
    a = one("Dahl wrote, “We Will Win.”", "Will Win")
    assert (a.kind, a.cue) == (Kind.DIRECT, "wrote")


def test_a_quotation_that_opens_an_interrupted_quote_is_claimed_once():
    text = ("After the news spread, the actress posted a long message on her page: “Men, you will not cease to exist "
            "by taking your partner’s surname,” she wrote. “On the contrary, you will be remembered for it.”")
    found = [a for a in extract(text) if a.kind == Kind.DIRECT]
    assert len(found) == 1 and found[0].cue == "wrote" and len(found[0].pieces) == 2


def test_a_quotation_after_the_interruption_keeps_its_own_cue():
    text = "“We certainly can’t afford this anymore,” Dahl said, adding later, “The ferry is costing us a fortune.”"
    assert any(a.kind == Kind.DIRECT and a.cue.startswith("adding") for a in extract(text))
