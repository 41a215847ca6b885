"""Who passed the words on: the intermediary ("via") of an attribution.

An intermediary relayed the words: the agent of "was quoted by", or an outlet the words
were given to ("told the BBC", "in an interview with CNN", "said, according to Reuters").
The audience they were spoken to ("told reporters", "a news conference", "the crowd")
never is. The parse decides: what the words were given to is an outlet when the parser
tags it ORG and it is no body that only listens, when it is a known agency, or when its
head is a medium ("the newspaper"). Mixed into AttributionFinder.
"""

from __future__ import annotations

from spacy.tokens import Token

from .cues import Cue
from .lexicon import AUDIENCE_BODIES, INTERVIEW_NOUNS, KNOWN_AGENCIES, MEDIA_CARRIERS, MEDIA_WORDS
from .names import clean_name, entities_within, mention_span
from .quotes import QuoteIndex
from .speakers import ArticleSpeakers


def _objects_of(token: Token, prepositions: tuple[str, ...]) -> list[Token]:
    """The objects of token's prepositions among those: "interview [with] the BBC"."""
    return [
        g for c in token.children if c.dep_ == "prep" and c.lower_ in prepositions
        for g in c.children if g.dep_ == "pobj"
    ]


class ViaMixin:
    quotes: QuoteIndex
    speakers: ArticleSpeakers

    def _via(self, cue: Cue) -> str:
        """The intermediary of the words cue introduces, "" when nobody relayed them."""
        t = cue.token
        if cue.passive_quote:
            # "was quoted (as saying) by X": X relayed the words, whatever X is.
            for tok in t.subtree:
                if tok.dep_ in ("prep", "agent") and tok.lower_ == "by" and not self.quotes.inside(tok.idx):
                    for head in (c for c in tok.children if c.dep_ == "pobj"):
                        return self._relay_name(head)
        recipients = self._recipients(cue)
        # Names first: in "told news agency PTI" both "agency" and "PTI" are objects.
        for head, _ in recipients:
            name = self._outlet_name(head)
            if name:
                return name
        for head, medium_ok in recipients:
            if medium_ok and self._is_medium(head):
                return self._medium_name(head)
        return ""

    def _recipients(self, cue: Cue) -> list[tuple[Token, bool]]:
        """Who the words were given to, as far as the parse says, each with whether a bare
        medium counts there: the objects of "tell" and "in an interview with" (yes), of
        "speaking to", "said to" and "according to" beside a verb (names only: "said to the
        TV" is someone talking at a set)."""
        t = cue.token
        found: list[tuple[Token, bool]] = []
        if t.lemma_.lower() == "tell":
            found += [(c, True) for c in t.children if c.dep_ in ("dobj", "dative")]
        if not cue.according:  # the object of "according to" itself is the speaker
            for c in t.children:
                if self.quotes.inside(c.idx):
                    continue
                if c.dep_ == "prep" and c.lower_ == "in":
                    # "said in an interview with the BBC", "in comments to Reuters"
                    for noun in (g for g in c.children if g.dep_ == "pobj" and g.lemma_.lower() in INTERVIEW_NOUNS):
                        found += [(g, True) for g in _objects_of(noun, ("with", "to", "on"))]
                elif c.dep_ == "prep" and c.lower_ == "according":
                    found += [(g, False) for g in _objects_of(c, ("to",))]
                elif c.dep_ == "prep" and c.lower_ in ("to", "with") and t.lemma_.lower() in ("say", "speak", "talk"):
                    found += [(g, False) for g in c.children if g.dep_ == "pobj"]
                elif c.dep_ == "advcl" and c.lemma_.lower() in ("speak", "talk"):
                    # "Speaking to Reuters, the minister said ..."
                    found += [(g, False) for g in _objects_of(c, ("to", "with"))]
        # "told Bill O'Reilly of Fox News": the outlet a person speaks for comes first.
        return [pair for head, ok in found for pair in [(g, ok) for g in _objects_of(head, ("of", "from"))] + [(head, ok)]]

    def _outlet_name(self, head: Token) -> str:
        """The name of the outlet head names, else "": an organisation the parser tags ORG
        that is not a body that only listens ("the Senate"), or a known agency."""
        span = mention_span(head)
        for ent in entities_within(span, self.speakers.ents):
            if ent.label_ == "ORG" and not {w.lower_ for w in ent} & AUDIENCE_BODIES:
                return clean_name(ent.text)
        agency = next((w for w in span if w.lower_ in KNOWN_AGENCIES), None)
        return agency.text if agency is not None else ""

    def _is_medium(self, head: Token) -> bool:
        """A phrase headed by a medium: "the newspaper", "state television", "a radio station"."""
        lemma = head.lemma_.lower()
        if lemma in MEDIA_WORDS or head.lower_ in MEDIA_WORDS:
            return True
        return lemma in MEDIA_CARRIERS and any(w.lemma_.lower() in MEDIA_WORDS for w in mention_span(head) if w.i != head.i)

    def _medium_name(self, head: Token) -> str:
        """"network RT" is RT, "Cosmopolitan magazine" Cosmopolitan, "the paper" the paper
        named last; a country owning it ("Russia's network") is no name of it."""
        for appos in (c for c in head.children if c.dep_ == "appos"):
            propn = [w.text for w in mention_span(appos) if w.pos_ == "PROPN"]
            if propn:
                return " ".join(propn)
        span = mention_span(head)
        propn = [w.text for w in span if w.pos_ == "PROPN" and w.dep_ in ("compound", "flat") and w.head.i == head.i]
        if propn:
            return " ".join(propn)
        org = self.speakers.latest_org(span.start_char)
        if org and head.lower_ in org[0].lower():
            return org[0]
        # "a local radio station" is named "local radio station": no article, no owner.
        words = [w for w in span if (w.dep_ not in ("det", "poss", "case") and w.head.dep_ != "poss") or w.i == head.i]
        return clean_name(span.doc[words[0].i : span.end].text) if words else clean_name(span.text)

    def _relay_name(self, head: Token) -> str:
        span = mention_span(head)
        if self._is_medium(head) and span.end < len(span.doc) and span.doc[span.end].pos_ == "PROPN":
            # "by news agency PTI": the parser often leaves the name outside the phrase.
            doc, end = span.doc, span.end
            while end < len(doc) and doc[end].pos_ == "PROPN":
                end += 1
            return clean_name(doc[span.end : end].text)
        ents = [e for e in entities_within(span, self.speakers.ents) if e.label_ in ("ORG", "PERSON", "GPE")]
        if ents:
            return clean_name(" ".join(e.text for e in ents))
        propn = [w.text for w in span if w.pos_ == "PROPN"]
        if propn:
            return " ".join(propn)
        org = self.speakers.latest_org(span.start_char)
        if org and head.lower_ in org[0].lower():
            return org[0]
        return clean_name(span.text)
