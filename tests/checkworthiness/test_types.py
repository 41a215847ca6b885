"""The claim types read right on sentences written for these tests (invented places and
people): each rule, the order between them, and what has nothing to check."""

from __future__ import annotations

import pytest

from claims.checkworthiness import ClaimType, score
from claims.checkworthiness.classify import classify


@pytest.mark.parametrize(
    ("text", "claim_type", "reason"),
    [
        ("Unemployment in Marlow County fell to 4.2 percent last spring.", ClaimType.STATISTIC, "cites a percentage"),
        ("The Tavish bridge carries 12,000 cars a day.", ClaimType.STATISTIC, "cites a figure"),
        ("Nearly half the pupils at Brackley school walk there.", ClaimType.STATISTIC, "gives a quantity"),
        ("Rents in Orwen are far higher than they were in 2015.", ClaimType.COMPARISON, "compares two periods"),
        ("Greyhollow keeps its parks tidier than Dunmore does.", ClaimType.COMPARISON, "compares two things"),
        ("The harbour at Fenwick is the busiest it has ever been.", ClaimType.COMPARISON,
         "calls something the most or least of its kind"),
        ("The flooding came because the Orwen sluice was opened early.", ClaimType.CAUSE, "says one thing caused another"),
        ("Under the harbour law, trawlers may not moor overnight.", ClaimType.LAW, "says what a law or rule says"),
        ("The new ferry timetable will shorten the wait at Tavish pier.", ClaimType.PREDICTION, "predicts what will happen"),
        ("I grew up on a sheep farm outside Dunmore.", ClaimType.EXPERIENCE, "tells of the speaker's own experience"),
        ("I think the mayor is doing a wonderful job.", ClaimType.OPINION, "gives an opinion"),
        ("We should reopen the old reading room in Brackley.", ClaimType.OPINION, "says what should be done"),
        ("The mill on the Orwen road closed its gates in March.", ClaimType.OTHER, "states something as fact"),
    ],
)
def test_each_type_reads_right(text, claim_type, reason):
    typed = classify(text)
    assert (typed.type, typed.reason) == (claim_type, reason)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Will the council raise the parking fees at Fenwick?", "asks a question"),
        ("Thank you all for coming out tonight.", "is a greeting or thanks"),
        ("Good evening, and welcome to the town hall in Marlow.", "is a greeting or thanks"),
        ("his handling of the harbour dispute", "is a bare noun phrase"),
        ("the delay", "too short to check"),
        ("...", "has no words"),
    ],
)
def test_questions_greetings_and_bare_phrases_have_nothing_to_check(text, reason):
    assert (classify(text).type, classify(text).reason) == (ClaimType.NOTHING, reason)


def test_a_clause_after_a_determiner_is_not_a_bare_phrase():
    for text in ("The economy grew", "The plan failed badly", "The mayor wasn't there"):
        assert classify(text).type is not ClaimType.NOTHING, text


def test_a_year_alone_dates_a_claim_rather_than_making_it_a_statistic():
    typed = classify("The Tavish lighthouse was rebuilt in 1998.")
    assert (typed.type, typed.reason) == (ClaimType.OTHER, "states a fact with a date")


def test_a_figure_comes_before_the_other_types():
    # A figure makes the claim checkable whatever else it does.
    assert classify("The Orwen tax will raise 3 million next year.").type is ClaimType.STATISTIC


def test_bill_the_name_and_act_the_verb_are_not_laws():
    assert classify("Bill Carrow opened the bakery on the square.").type is not ClaimType.LAW
    assert classify("The council voted for the bill on Tuesday.").type is ClaimType.LAW
    assert classify("The Clean Harbours Act covers every pier in Fenwick.").type is ClaimType.LAW


def test_a_belief_cue_makes_a_plain_claim_an_opinion():
    w = score("the canal at Brackley was dug too narrow", cue_lemma="believe")
    assert (w.type, w.reason) == (ClaimType.OPINION, "states a belief")
    assert score("the canal at Brackley was dug too narrow", cue_lemma="say").type is ClaimType.OTHER


def test_the_type_labels_are_the_issue_words():
    assert [t.label for t in ClaimType] == [
        "statistic or quantity", "comparison", "cause and effect", "prediction", "law or rule",
        "personal experience", "opinion", "other claim", "nothing to check",
    ]


def test_a_day_of_the_month_dates_a_claim_too():
    typed = classify("The Marlow ring road opens to traffic on July 1.")
    assert typed.type is not ClaimType.STATISTIC
    assert "date" in typed.cues and "figure" not in typed.cues


def test_in_reported_speech_would_is_the_will_the_speaker_said():
    text = "the Fenwick pool would close for the whole summer"
    assert classify(text).type is ClaimType.OTHER
    assert classify(text, reported=True).type is ClaimType.PREDICTION
    assert score(text, kind="indirect").type is ClaimType.PREDICTION
    assert score(text, kind="direct").type is ClaimType.OTHER


def test_rather_than_prefers_and_does_not_compare():
    assert classify("We would rather close the pier for a month than risk a fall.").type is not ClaimType.COMPARISON


def test_a_name_alone_has_nothing_to_check_but_a_headline_has():
    assert classify("Ines Carrow-Wynd").type is ClaimType.NOTHING
    assert classify("Tavish Harbour Master Hollis Brand").reason == "is a bare noun phrase"
    assert classify("Tavish Mayor Closes Harbour Library").type is not ClaimType.NOTHING


def test_an_hour_is_a_date_and_a_small_count_no_statistic():
    assert classify("The Tavish ferry strike begins at 4 a.m. on Monday.").reason == "states a fact with a date"
    typed = classify("Inspectors visited three reservoirs near Dunmore.")
    assert typed.type is ClaimType.OTHER and "count" in typed.cues
    assert classify("Inspectors visited forty reservoirs near Dunmore.").type is ClaimType.STATISTIC


def test_what_a_stance_cue_attributes_is_a_noun_phrase_even_with_a_tail_of_prepositions():
    text = "the harbour plan in a long speech before the council vote"
    assert score(text, kind="indirect", cue_lemma="defended").type is ClaimType.NOTHING
    # Said, the same words are left to the other rules: a speech cue may carry a headline.
    assert score(text, kind="indirect", cue_lemma="said").type is not ClaimType.NOTHING
    # A clause after a stance cue is still a claim.
    assert score("the harbour plan was never put to a vote", kind="indirect", cue_lemma="criticised").type \
        is not ClaimType.NOTHING


def test_the_cues_of_news_claims_without_a_figure():
    # What reported news asserts in words: an absolute ("every", "never", "not a single"),
    # a policy's result ("keeps", "cuts"), a perfect or a passive ("has spent", "was funded").
    assert {"absolute", "result"} <= set(classify("The Orwen budget keeps every fire station open").cues)
    assert {"absolute", "result", "perfect"} <= set(classify("that the harbour plan was fully funded").cues)
    assert "perfect" in classify("the council had not spent a penny of the Tavish grant").cues
    assert "fraction" in classify("the plan cuts ferry subsidies by a fifth").cues
    # The noun after a determiner is no result ("the fund"), an announcement no passive result.
    assert "result" not in classify("the council would vote on the fund in February").cues
    assert "perfect" not in classify("A report on the Marlow reservoirs is expected on Friday").cues
    # A "will" or a reported "would" with a day or a season: an announcement.
    assert "scheduled" in classify("the Dunmore panel would meet again on Thursday", reported=True).cues
    assert "scheduled" not in classify("the Dunmore panel met again on Thursday").cues
