"""Via names who passed the words on (an agency, an outlet), never the audience the words
were spoken to. Sentences written for these tests, run through the whole extractor."""

from __future__ import annotations

import pytest

from claims.extraction import extract


def via_of(text: str, quote: str) -> str:
    found = [a for a in extract(text) if quote in a.text]
    assert len(found) == 1, [(a.text, a.cue, a.via) for a in extract(text)]
    return found[0].via


AUDIENCES = [
    ('"We will not back down," council leader Miriam Okonjo told reporters after the session.', "back down"),
    ("The minister told journalists that the budget would be balanced by 2027.", "budget"),
    ('"The vote is a disgrace," Senator Hale told a news conference in Washington.', "disgrace"),
    ("Prime Minister Ardent told a press conference that the talks had failed.", "talks"),
    ("The mayor told the crowd that the city would rebuild the bridge.", "bridge"),
    ('"This is only the beginning," Sanders told supporters at a rally in Ohio.', "beginning"),
    ("The general told lawmakers that the troops would stay until spring.", "troops"),
    ("The chief executive told the committee that the company had done nothing wrong.", "nothing wrong"),
    ("The prosecutor told the court that the defendant had lied under oath.", "lied"),
    ("The president told parliament that the state of emergency would end on Monday.", "emergency"),
    ('"You are the future," the professor told students at the ceremony.', "future"),
    ("He told his radio audience that the election was rigged.", "rigged"),
    ("She told the Senate that the treaty was dead.", "treaty"),
    ("The minister told the press that no decision had been taken.", "decision"),
    ("The minister told the Lok Sabha that the bill would be tabled next week.", "tabled"),
    ('"No one is above the law," the judge told the jury.', "above the law"),
    ('"We are not afraid," the activist told the audience.', "afraid"),
    ('"The data is clear," she told the conference.', "data"),
    ("The minister told the United Nations that the ceasefire was holding.", "ceasefire"),
    ('"We have done our job," the chairman told shareholders at the annual meeting.', "our job"),
]

RELAYS = [
    ('"We are ready to talk," the foreign minister told Reuters.', "ready to talk", "Reuters"),
    ("The governor told the BBC that the floods were the worst in a century.", "floods", "BBC"),
    ('"The economy is strong," the finance minister told CNN on Sunday.', "economy", "CNN"),
    ("Mr Sharma told news agency PTI that the project would be finished by March.", "project", "PTI"),
    ("The opposition leader told the Hindustan Times that he would contest the seat.", "contest", "Hindustan Times"),
    ('"We expect growth to slow," the central bank governor told Bloomberg.', "growth", "Bloomberg"),
    ("The ambassador told the New York Times that sanctions would continue.", "sanctions", "New York Times"),
    ("The coach said in an interview with the BBC that he would resign at the end of the season.", "resign", "BBC"),
    ('"The border stays closed," the minister was quoted by AFP as saying.', "border", "AFP"),
    ('"The talks are dead," the envoy told The Associated Press.', "talks", "Associated Press"),
    ("The minister told state television that the strike was illegal.", "strike", "state television"),
    ("The senator told Fox News that the bill had no chance.", "no chance", "Fox News"),
    ('"We have no plans to resign," Okonjo told the Guardian.', "no plans", "Guardian"),
    ('"It is over," he told CNN\'s Jake Tapper.', "over", "CNN"),
    ('"Look, it is a phony system," Trump told Bill O\'Reilly of Fox News this week.', "phony", "Fox News"),
    ('"We will rebuild," the mayor told a local radio station.', "rebuild", "local radio station"),
    ("Speaking to the BBC, the minister said the talks had stalled.", "stalled", "BBC"),
    ('"Prices will keep rising," the economist told the Financial Times.', "Prices", "Financial Times"),
    ('"We are investigating," the spokesman told local media.', "investigating", "local media"),
    ("In an interview with Russia's state network RT, he dismissed the report as lies.", "report", "RT"),
]


@pytest.mark.parametrize(("text", "quote"), AUDIENCES)
def test_an_audience_is_never_the_intermediary(text, quote):
    assert via_of(text, quote) == ""


@pytest.mark.parametrize(("text", "quote", "outlet"), RELAYS)
def test_the_outlet_that_relayed_the_words_is_the_intermediary(text, quote, outlet):
    assert via_of(text, quote) == outlet


def test_a_person_talking_at_a_television_set_has_no_intermediary():
    assert via_of("“I would,” Melanie said to the TV.", "I would") == ""


def test_according_to_beside_a_speech_verb_gives_its_outlet_as_via():
    # "According to Yahoo News, the spokesman said ...": the spokesman speaks, Yahoo News relays.
    found = extract("According to Yahoo News, Clinton spokesman Jesse Lehrich said Friday that she would sign the bill.")
    said = [a for a in found if a.cue.startswith("said")]  # "said Friday"
    assert said and said[0].via == "Yahoo News"
