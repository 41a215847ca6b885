"""Finding the cue words of attributions and their extent as annotators mark them."""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from .lexicon import (
    AS_VERBS,
    BELIEF_VERBS,
    CHANNEL_NOUNS,
    CLAUSE_ONLY_VERBS,
    DOCUMENT_AUTHORING_VERBS,
    DOCUMENT_NOUNS,
    INSCRIPTION_NOUNS,
    NAMED_SAYING_PREPOSITIONS,
    NAMING_VERBS,
    NON_CUE_ADVERBS,
    NP_CONTENT_VERBS,
    PARTY_ENTITIES,
    PARTY_PRONOUNS,
    PREPOSITION_VERBS,
    SPEAKING_PRONOUNS,
    QUOTE_ONLY_VERBS,
    QUOTE_PASSIVE_VERBS,
    RAISING_ADJECTIVES,
    RELATIVE_PRONOUNS,
    RETORT_VERBS,
    SPEECH_OBJECT_NOUNS,
    SPEECH_VERBS,
    STANCE_ADJECTIVE_PREPOSITIONS,
    STANCE_ADJECTIVES,
)
from .quotes import QuoteIndex

_CLOSING_MARKS = frozenset({"”", '"', "''"})


# Verbs that link a subject to an adjective the cue verb completes ("were more likely to say").
COPULAS = frozenset(("be", "appear", "seem", "become"))


@dataclass(frozen=True, slots=True)
class Cue:
    token: Token
    text: str
    start: int
    end: int
    passive_quote: bool
    according: bool
    quote_only: bool = False  # a verb like "asked" that attributes only beside a quotation
    passive_agent: bool = False  # "was criticized by X": X speaks, the subject is the content
    adjective: Token | None = None  # "was confident that": the cue token is "be", this the stance
    says: Token | None = None  # "was quoted as saying that ...": the verb whose clause is the content
    named: Token | None = None  # "expressed concern that ...": the clause or preposition after the object


class CuesMixin:
    """Cue detection for AttributionFinder."""

    doc: Doc
    tokens: list[Token]
    text: str
    quotes: QuoteIndex

    def _verb_taken_for_noun(self, t: Token) -> bool:
        """A reporting verb the tagger read as a noun where it closes "“...,” the two write."
        or "“...,” a voice-over in the ad states.": right after a quotation and a short noun
        phrase with no verb, and last in its clause."""
        if t.pos_ != "NOUN" or t.lemma_.lower() not in SPEECH_VERBS:
            return False
        nxt = self.doc[t.i + 1] if t.i + 1 < len(self.doc) else None
        if nxt is not None and not (nxt.is_punct and nxt.text in ".,;:!?") and "\n" not in nxt.text:
            return False
        for back in range(1, 9):
            if t.i - back < 0:
                return False
            prev = self.doc[t.i - back]
            if prev.pos_ in ("VERB", "AUX") or "\n" in prev.text or prev.text in (".", "!", "?", ";", ":"):
                return False
            if prev.text in _CLOSING_MARKS and self.quotes.inside(prev.idx):
                return back > 1
        return False

    @staticmethod
    def _retort_or_inscription(t: Token) -> bool:
        """Verbs that carry a quotation only in one use: a retort ("shot back", "fired
        back", "hit back") and what a sign or a document reads ("“...,” the banner read";
        "One message read “...”"), never a person reading a book."""
        lemma = t.lemma_.lower()
        if lemma in RETORT_VERBS:
            return any(c.dep_ in ("prt", "advmod") and c.lower_ == "back" and c.i == t.i + 1 for c in t.children)
        if lemma == "read":
            subject = next((c for c in t.children if c.dep_ == "nsubj"), None)
            return subject is not None and subject.lemma_.lower() in INSCRIPTION_NOUNS
        return False

    def _cues(self) -> list[Cue]:
        cues = []
        consumed: set[int] = set()
        for t in self.tokens:
            if t.i in consumed or self.quotes.inside(t.idx):
                continue
            lemma = t.lemma_.lower()
            if t.lower_ == "according" and t.i + 1 < len(self.doc) and self.doc[t.i + 1].lower_ == "to":
                nxt = self.doc[t.i + 1]
                cues.append(Cue(t, self.text[t.idx : nxt.idx + len(nxt)], t.idx, nxt.idx + len(nxt), False, True))
                continue
            if (t.pos_ not in ("VERB", "AUX") or t.dep_ in ("amod", "compound")) and not self._verb_taken_for_noun(t):
                continue
            if lemma == "be":
                adjective = self._stance_adjective(t)
                if adjective is not None:
                    start = self._cue_bounds_one(t)[0]
                    end = adjective.idx + len(adjective)
                    cues.append(Cue(t, self.text[start:end], start, end, False, False, adjective=adjective))
                continue
            if (lemma in PREPOSITION_VERBS and self._verb_preposition(t) is None) or (
                lemma in AS_VERBS and lemma not in BELIEF_VERBS and not self._casts_as(t)
            ):
                continue
            if lemma in QUOTE_PASSIVE_VERBS and any(c.dep_ == "auxpass" for c in t.children):
                first = min([c for c in t.children if c.dep_ in ("aux", "auxpass")] + [t], key=lambda x: x.i)
                last = t
                for c in t.children:
                    if c.dep_ == "prep" and c.lower_ == "as":
                        for g in c.children:
                            if g.lemma_.lower() in SPEECH_VERBS:
                                last = g
                                consumed.add(g.i)
                cues.append(Cue(t, self.text[first.idx : last.idx + len(last)], first.idx, last.idx + len(last), True, False,
                                says=last if last is not t else None))
                continue
            stance = lemma in SPEECH_VERBS or lemma in NP_CONTENT_VERBS or lemma in BELIEF_VERBS or (
                lemma in PREPOSITION_VERBS or lemma in AS_VERBS
            )
            quote_only = not stance
            if lemma in CLAUSE_ONLY_VERBS and not self._reports_words(t):
                quote_only = True  # "shared the cost", "offered to resign": only beside a quotation
            if stance or lemma in QUOTE_ONLY_VERBS or self._retort_or_inscription(t):
                passive_agent = False
                if any(c.dep_ == "auxpass" for c in t.children):
                    # "it was said that", "he was told": the subject is not the speaker;
                    # "the plan was criticized by X": X is, and the subject is what was said.
                    if not any(c.dep_ == "agent" for c in t.children):
                        continue
                    passive_agent = True
                start, end = self._cue_bounds(t)
                says = self._document_saying(t) if lemma in DOCUMENT_AUTHORING_VERBS else None
                document = self._document_before_colon(t) if lemma in DOCUMENT_AUTHORING_VERBS else None
                if document is not None:
                    # "released the following statement:" and the quotation after it
                    end = document.idx + len(document) + 1
                    quote_only = False
                elif says is not None:
                    # "issued a statement saying that ...": annotators take the cue to "saying".
                    end = says.idx + len(says) + (self.text[says.idx + len(says) : says.idx + len(says) + 1] == ":")
                    consumed.add(says.i)
                    quote_only = False
                named = self._named_saying(t) if lemma in NAMING_VERBS and document is None and says is None else None
                if named is not None:
                    # "expressed concern that ...", "voiced support for ...": the cue runs to the
                    # object, or to the preposition, and what follows them is what was said.
                    last = named if named.dep_ == "prep" else named.head
                    end = last.idx + len(last)
                    quote_only = False
                cues.append(Cue(t, self.text[start:end], start, end, False, False,
                                 quote_only=quote_only,
                                 passive_agent=passive_agent, says=says, named=named))
        return cues

    def _document_before_colon(self, t: Token) -> Token | None:
        """The document of "issued the following statement:", right before a colon."""
        for c in t.rights:
            if c.dep_ == "dobj" and c.lemma_.lower() in DOCUMENT_NOUNS and c.i - t.i <= 4:
                return c if self.text[c.idx + len(c) : c.idx + len(c) + 1] == ":" else None
        return None

    def _document_saying(self, t: Token) -> Token | None:
        """The verb of "issued a statement saying ...", "released a video that accuses ...":
        what t made public right after it, and a verb right after that (rules.py falls back
        to t's own cue when that verb reports no words: "released an ad targeting X")."""
        for c in t.rights:
            if c.dep_ != "dobj" or c.pos_ != "NOUN" or c.i - t.i > 4:
                continue
            # The parser hangs "saying" from the document or, as often, from the verb.
            for g in [*c.rights, *(w for w in t.rights if w.i > c.i)]:
                if g.i - c.i > 3 or g.pos_ != "VERB":
                    continue
                if (g.dep_ in ("acl", "advcl", "xcomp") and g.tag_ == "VBG") or (
                    g.dep_ == "relcl" and any(w.dep_ == "nsubj" and w.lower_ == "that" for w in g.children)
                ):
                    return g
        return None

    def _named_saying(self, t: Token) -> Token | None:
        """The clause or preposition after the object of one of NAMING_VERBS that carries
        what was said: "concern [that the bridge would close]", "support [for] the ferry",
        "his thoughts [on] the plan" (the parser may hang the preposition from the verb). None
        when the object itself is what was said ("expressed her frustration")."""
        for n in t.rights:
            if n.dep_ != "dobj" or n.pos_ != "NOUN" or n.i - t.i > 4:
                continue
            for c in [*n.rights, *(w for w in t.rights if w.i > n.i)]:
                if c.dep_ in ("acl", "relcl", "ccomp") and c.head.i == n.i and self._content_clause(c):
                    return c
                if (
                    c.dep_ == "prep" and c.i == n.i + 1 and c.lower_ in NAMED_SAYING_PREPOSITIONS
                    and any(g.dep_ in ("pobj", "pcomp") for g in c.children)
                    and not any(g.ent_type_ in ("DATE", "TIME") for g in c.children)
                ):
                    return c
            return None
        return None

    @staticmethod
    def _content_clause(c: Token) -> bool:
        """A clause of its own after a noun ("concern that it would close", "confidence the
        tunnel would open"), not a relative clause about the noun ("a view that was shared")."""
        return c.pos_ in ("VERB", "AUX") and any(
            g.dep_ == "mark" or (g.dep_ in ("nsubj", "nsubjpass") and g.lower_ not in ("that", "which", "who"))
            for g in c.children
        )

    def _reports_words(self, t: Token) -> bool:
        """Whether one of CLAUSE_ONLY_VERBS reports words here: a finite clause ("shared that
        she was ill"), something said as its object ("offered an apology", "shared her
        views"), "sees X as Y"; "support" also a course of action ("supported raising taxes")
        or a side ("supported Sanders")."""
        lemma = t.lemma_.lower()
        # "saw that it failed" reports a belief; "saw the company grow" a sight.
        clause_deps = ("mark",) if lemma == "see" else ("mark", "nsubj", "nsubjpass")
        for c in t.children:
            if c.dep_ == "ccomp" and c.i > t.i and any(g.dep_ in clause_deps for g in c.children):
                return True
            if lemma != "see" and c.dep_ == "dobj" and c.lemma_.lower() in SPEECH_OBJECT_NOUNS:
                return True
            if lemma == "offer" and c.dep_ == "dobj" and c.i > t.i and c.pos_ == "NOUN" and self._said_by_someone(t):
                return True  # "Fiorina offered her own approach"; not "trade offers benefits"
            if lemma == "support" and c.i > t.i and c.tag_ == "VBG" and c.dep_ in ("dobj", "xcomp", "ccomp"):
                return True
            if lemma == "support" and c.dep_ == "dobj" and self._names_a_party(c):
                return True
        return lemma == "see" and self._casts_as(t)

    @staticmethod
    def _names_a_party(t: Token) -> bool:
        """'supported Sanders', 'supporting her', 'backs the union': support given to a
        person or a body takes a side, which annotators mark; support for a thing ('the new
        park') is no claim."""
        if t.lower_ in PARTY_PRONOUNS:
            return True
        return t.pos_ == "PROPN" and t.ent_type_ in PARTY_ENTITIES

    @staticmethod
    def _said_by_someone(t: Token) -> bool:
        """Whether t's subject is someone who could speak: a name or a personal pronoun."""
        return any(
            c.dep_ == "nsubj" and (c.lower_ in SPEAKING_PRONOUNS or (c.pos_ == "PROPN" and c.ent_type_ in PARTY_ENTITIES))
            for c in t.children
        )

    def _stance_adjective(self, be: Token) -> Token | None:
        """The stance adjective of "was confident that ...", "is critical of X", when it has
        a clause or a prepositional object to attribute."""
        for c in be.children:
            if c.dep_ == "acomp" and c.lemma_.lower() in STANCE_ADJECTIVES and self._adjective_content(be, c) is not None:
                return c
        return None

    @staticmethod
    def _adjective_content(be: Token, adjective: Token) -> Token | None:
        """The clause or prepositional object a stance adjective attributes."""
        for c in adjective.rights:
            if c.dep_ == "ccomp" or (c.dep_ == "xcomp" and adjective.lemma_.lower() not in RAISING_ADJECTIVES):
                return c
            if c.dep_ == "prep" and c.lower_ in STANCE_ADJECTIVE_PREPOSITIONS:
                objects = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
                return objects[0] if objects else None
        for c in be.rights:
            if c.dep_ == "ccomp" and c.i > adjective.i:
                return c
        return None

    @staticmethod
    def _verb_preposition(t: Token) -> Token | None:
        """The preposition through which a verb like "speak" or "vote" attributes."""
        allowed = PREPOSITION_VERBS.get(t.lemma_.lower(), frozenset())
        for c in t.rights:
            if c.dep_ == "prep" and c.lower_ in allowed and any(g.dep_ in ("pobj", "pcomp") for g in c.children):
                return c
        return None

    @staticmethod
    def _casts_as(t: Token) -> bool:
        """'sees the tax as a burden': an object, then "as"."""
        objects = [c for c in t.rights if c.dep_ == "dobj"]
        return bool(objects) and any(c.dep_ == "prep" and c.lower_ == "as" and c.i > objects[0].i for c in t.rights)

    def _cue_bounds(self, t: Token) -> tuple[int, int]:
        """The cue as annotators mark it: auxiliaries, negation and a few adverbs before
        the verb ("has also said"), a particle after it ("pointed out") and a colon; a verb
        it completes comes along ("went on to say", "appeared to suggest", "began by saying"),
        and so does the adjective it completes with its verb ("were more likely to say")."""
        if (t.dep_ == "xcomp" or self._goes_on_to(t)) and t.head.pos_ in ("VERB", "AUX") and 0 < t.i - t.head.i <= 4:
            head_start, _ = self._cue_bounds(t.head)
            _, end = self._cue_bounds_one(t)
            return head_start, end
        if t.dep_ == "pcomp" and t.head.lower_ == "as" and t.head.head.lemma_.lower() == "quote" and not any(
            c.dep_ == "auxpass" for c in t.head.head.children
        ):
            # "The Post quoted an official as saying ...": the paper's verb is the cue.
            return self._cue_bounds_one(t.head.head)
        by = t.head
        if t.dep_ == "pcomp" and by.lower_ == "by" and by.head.pos_ == "VERB" and by.head.i < by.i == t.i - 1:
            # "began by saying", "responded by calling": the verb right before "by" leads the cue.
            head_start, head_end = self._cue_bounds_one(by.head)
            if not self.text[head_end : by.idx].strip():
                return head_start, self._cue_bounds_one(t)[1]
        adjective = t.head
        if (
            t.dep_ == "xcomp" and adjective.pos_ == "ADJ" and adjective.dep_ == "acomp"
            and adjective.head.lemma_.lower() in COPULAS and 0 < t.i - adjective.i <= 3
            and not any(c.lower_ == "it" for c in adjective.head.children)  # "it's worth noting"
        ):
            head_start, _ = self._cue_bounds_one(adjective.head)
            _, end = self._cue_bounds_one(t)
            return min(head_start, adjective.left_edge.idx), end
        return self._cue_bounds_one(t)

    @staticmethod
    def _goes_on_to(t: Token) -> bool:
        """'went on to explain', which the parser often hangs as a clause of its own: annotators
        take "went on" into the cue (PolNeAR train: 9 of 9)."""
        head = t.head
        return (
            t.dep_ == "advcl" and head.lemma_.lower() == "go"
            and any(c.dep_ == "prt" and c.lower_ == "on" for c in head.children)
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
        )

    def _cue_bounds_one(self, t: Token) -> tuple[int, int]:
        first = t
        i = t.i - 1
        while i >= 0:
            prev = self.doc[i]
            if prev.is_space and "\n" not in prev.text:
                i -= 1  # a non-breaking space between "has" and "said"
                continue
            if prev.head.i == t.i and not prev.is_punct and (  # a dash the parser took for an adverb
                prev.dep_ in ("aux", "auxpass", "neg") or (prev.dep_ == "advmod" and prev.lower_ not in NON_CUE_ADVERBS)
            ):
                first = prev
                i -= 1
            else:
                break
        last = t
        for c in t.rights:
            if c.dep_ == "prt" and c.i == last.i + 1:
                last = c
            elif self._manner_after(c, last):
                last = c
        # "said in a statement", "wrote in an op-ed": the channel is part of the cue.
        nxt = self.doc[last.i + 1] if last.i + 1 < len(self.doc) else None
        if nxt is not None and nxt.lower_ == "in" and nxt.head.i == t.i:
            objects = [g for g in nxt.children if g.dep_ == "pobj" and g.lemma_.lower() in CHANNEL_NOUNS]
            if objects and objects[0].i <= nxt.i + 3:
                last = objects[0]
        end = last.idx + len(last)
        if self.text[end : end + 1] == ":":
            end += 1
        return first.idx, end

    @staticmethod
    def _manner_after(c: Token, last: Token) -> bool:
        """An adverb right after the verb that says how or when it was said ("said
        repeatedly", "spoke briefly about", "replied evenly"): annotators keep it in the cue
        (PolNeAR train: 60 of 69). Not one set off by a comma ("said, however,") nor one
        that opens a phrase of its own ("sang back in the 1980s")."""
        return (
            c.dep_ == "advmod" and c.pos_ == "ADV" and c.left_edge.i == last.i + 1 and not list(c.rights)
            and c.lower_ not in NON_CUE_ADVERBS and not c.text[:1].isupper()  # "said Skelly": a name read as an adverb
        )

    @staticmethod
    def _noun_cue_start(t: Token) -> int:
        """Where the cue of a stance noun starts: its adjectives come along ("his harsh
        attacks on", "Trump's recent evidence-free assertion that"), as annotators mark them
        (PolNeAR train: 26 of 26), the owner does not."""
        first = t
        for c in reversed(list(t.lefts)):
            if c.dep_ not in ("amod", "compound") or c.right_edge.i != first.i - 1:
                break
            first = c.left_edge
        return first.idx

    def _cue_through_time(self, cue: Cue, content_start: int) -> Cue:
        """The cue run on over when it was said up to the content right after it: "said
        Tuesday that ...", "announced last week that ..." (PolNeAR train: even; annotators
        take the words between the verb and a content after it into the cue, and an editor
        reads "said Tuesday" as one)."""
        between = self.text[cue.end : content_start]
        if not between.strip() or "\n" in between:
            return cue
        when = next((c for c in cue.token.rights if c.dep_ == "npadvmod" and c.ent_type_ in ("DATE", "TIME")), None)
        if when is None or self.text[cue.end : when.left_edge.idx].strip() or self.text[
            when.right_edge.idx + len(when.right_edge) : content_start
        ].strip():
            return cue
        end = when.right_edge.idx + len(when.right_edge)
        return replace(cue, text=self.text[cue.start : end], end=end)

    def _owner_acting(self, noun: Token, owner: Token) -> Token | None:
        """The subject of the verb whose object is a stance noun owned by a pronoun: in "Trump
        stepped up his attacks on Rubio" Trump speaks and the cue runs from the verb ("stepped
        up his attacks on"), as annotators mark it."""
        verb = noun.head
        if owner.tag_ != "PRP$" or noun.dep_ != "dobj" or verb.pos_ != "VERB" or not 0 < noun.i - verb.i <= 4:
            return None
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.lower_ in RELATIVE_PRONOUNS or self.quotes.inside(subject.idx):
            return None
        return subject
