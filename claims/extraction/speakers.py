"""Who is speaking: turn a mention in the parse into a name, a title and a kind.

Resolution stays inside one article: a surname ("Miller"), "Mr Miller" or a first name is
linked to the fuller name the article used ("Matthew Miller"); titles and honorifics are
never part of a name; a document ("the letter", "a report by the audit office") stands
for its author; a noun phrase keeps its of/at/for/from part ("the chamber of commerce").
Pronouns and descriptions ("she", "it", "the company", "the Spaniard") are resolved
among every person and organisation the text mentioned before them (coref.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .coref import ArticleMentions, common_subjects
from .lexicon import (
    BODY_NOUNS,
    COMPANY_NOUNS,
    DEMONYMS,
    DOCUMENT_AUTHORING_VERBS,
    DOCUMENT_NOUNS,
    EVIDENCE_NOUNS,
    HONORIFICS,
    ORG_PRONOUNS,
    PERSON_PRONOUNS,
    PLURAL_PRONOUNS,
)
from .names import (
    BODY_DESCRIPTORS,
    MISTAKEN_LABELS,
    NOT_NAMES,
    TITLE_WORDS,
    after_titles,
    clean_name,
    contains_words,
    entity_in,
    in_apposition_to_a_role,
    is_title_word,
    is_titleish,
    mention_span,
    metonym_kind,
    org_name,
    person_name_tokens,
    role_words,
    speaker_span,
    org_ending_in,
    text_of,
    widened_org,
)
from .types import SpeakerKind

# Things said aloud that, like documents, stand for whoever gave them ("a speech X gave").
_SPOKEN_NOUNS = frozenset("speech interview address remarks testimony briefing".split())
_GENERIC_ORG_NOUNS = frozenset("company firm corporation utility group organisation organization".split())


@dataclass(frozen=True, slots=True)
class Speaker:
    mention_start: int
    mention_end: int
    mention: str
    name: str | None
    title: str
    kind: SpeakerKind
    how: str  # named, alias, pronoun, document, group, unnamed


class ArticleSpeakers:
    """Names known in one document, for linking short mentions to full ones."""

    def __init__(self, doc: Doc, tokens: list[Token] | None = None) -> None:
        self.doc = doc
        # spaCy makes a new Token object on every pass over a Doc: the caller's list is reused.
        self.tokens = list(doc) if tokens is None else tokens
        self._full_names: dict[str, list[tuple[int, str]]] = {}
        # (start offset, full name, title) for every multi-word PERSON name.
        self.persons: list[tuple[int, str, str]] = []
        self.titles: dict[str, str] = {}
        self.orgs: list[tuple[int, str, SpeakerKind]] = []
        # A name after an honorific or a title is a person, whatever the tagger said ("Mr
        # Tobin Reyes", "Striker Chidi Okonjo" as ORG).
        self.ents = [
            Span(doc, ent.start, ent.end, label="PERSON")
            if ent.label_ in MISTAKEN_LABELS and (
                (ent.start > 0 and doc[ent.start - 1].lower_ in HONORIFICS)
                or (ent.start > 0 and doc[ent.start - 1].is_title and is_title_word(doc[ent.start - 1])
                    and all(t.pos_ == "PROPN" and t.is_title for t in ent)
                    and ent[-1].lemma_.lower() not in BODY_DESCRIPTORS)  # "Governor Lidia Carvalho"
                or (len(ent) > 1 and any(is_title_word(t) or t.lower_ in HONORIFICS for t in ent[:-1])
                    and ent[-1].pos_ == "PROPN"
                    and ent[-1].lemma_.lower() not in BODY_DESCRIPTORS)
                or in_apposition_to_a_role(ent)
            ) else ent
            for ent in map(widened_org, doc.ents)
        ]
        self._widened = [ent for ent in self.ents if ent.label_ == "ORG" and doc[ent.start].ent_iob_ != "B"]
        # A "person" the text calls a company ("budget airline Skylane") is one, everywhere.
        companies = {
            ent.text for ent in self.ents
            if ent.label_ == "PERSON" and ent.start > 0 and doc[ent.start - 1].lemma_.lower() in BODY_DESCRIPTORS
            and doc[ent.start - 1].is_lower
        }
        if companies:
            self.ents = [
                Span(doc, ent.start, ent.end, label="ORG")
                if ent.label_ == "PERSON" and ent.text in companies else ent
                for ent in self.ents
            ]
        self.unnamed: list[tuple[int, str, str]] = []  # (offset, head lemma, name) of unnamed speakers
        self.mentions = ArticleMentions(doc)
        people: list[tuple[Span, str, str]] = []
        for ent in self.ents:
            if ent.label_ == "PERSON":
                name = clean_name(text_of(person_name_tokens(ent, ent)))
                if not name:
                    continue
                title = self._title_before(ent)
                if len(name.split()) >= 2:
                    self.persons.append((ent.start_char, name, title))
                if title and name not in self.titles:
                    self.titles[name] = title
                people.append((ent, name, title))
            elif ent.label_ in ("ORG", "GPE", "NORP"):
                name = org_name(ent)
                kind = metonym_kind(name) or (
                    SpeakerKind.GOVERNMENT if ent.label_ == "GPE" else SpeakerKind.ORGANIZATION
                )
                if name[:1].islower() and ent.label_ == "ORG":
                    name = org_ending_in(self.orgs, name, ent.start_char) or name
                if name and ent.label_ == "ORG":
                    self.orgs.append((ent.start_char, name, kind))
                    self.mentions.learn_org(ent, name)
                    self.mentions.add(ent.start_char, name, kind, ent.root.dep_ in ("nsubj", "nsubjpass"))
        self.mentions.learn_pairs(self.ents)
        self._names_the_tagger_missed(people)
        resolved: list[tuple[Span, str]] = []
        for ent, name, title in people:
            full = self.full_person_name(name, ent.start_char) if len(name.split()) == 1 else None
            name = full or name
            self.mentions.learn_person(ent, name, title)
            self.mentions.learn_nationality(ent, name)
            self.mentions.learn_role(name, role_words(ent))
            self.mentions.add(ent.start_char, name, SpeakerKind.PERSON, ent.root.dep_ in ("nsubj", "nsubjpass"))
            resolved.append((ent, name))
        self.mentions.learn_pronouns(resolved, self.tokens)
        plural, bodies = common_subjects(self.tokens)
        for token in plural:
            group = mention_span(token)
            pair = self.mentions.pair_for_group(group.start_char) if token.lemma_.lower() in BODY_DESCRIPTORS else None
            if pair is not None:  # "Hallam Savings and Northgate Bank ..., the two banks said"
                self.mentions.add(group.start_char, pair.name, pair.kind, True, plural=True)
                continue
            self.mentions.add(group.start_char, clean_name(group.text), SpeakerKind.UNNAMED, True, plural=True)
        for token in bodies:
            # "The national weather office has extended ...": a body later called "the office" or "it".
            body = speaker_span(token)
            if any(t.i != token.i and t.dep_ not in ("det", "punct") for t in body):
                name = clean_name(body.text)
                self.unnamed.append((body.start_char, token.lemma_.lower(), name))
                self.mentions.add(body.start_char, name, SpeakerKind.ORGANIZATION, True)
        self.speakers_so_far: list[tuple[int, str, SpeakerKind]] = []

    def _names_the_tagger_missed(self, people: list[tuple[Span, str, str]]) -> None:
        """'Teodor Marsh' left untagged while a later 'Marsh' was tagged: a run of
        capitalised proper nouns ending in the surname of a tagged person is a full name."""
        surnames = {name for _, name, _ in people if len(name.split()) == 1}
        if not surnames:
            return
        known = {full for _, full, _ in self.persons}
        tokens = self.tokens
        strings = self.doc.vocab.strings
        wanted = {strings[name] for name in surnames}  # compare hashes: Token.text builds a string
        for token in tokens:
            if token.orth not in wanted or token.i == 0 or token.ent_type_ not in ("", "PERSON"):
                continue
            first = token.i
            while first > 0 and tokens[first - 1].pos_ == "PROPN" and tokens[first - 1].is_title and (
                tokens[first - 1].ent_type_ in ("", "PERSON")
            ):
                first -= 1
            while first < token.i and (
                tokens[first].lower_ in HONORIFICS or tokens[first].lower_ in NOT_NAMES
                or is_title_word(tokens[first]) or tokens[first].lower_ in BODY_DESCRIPTORS
            ):
                first += 1
            if first < token.i:
                name = clean_name(text_of(tokens[first : token.i + 1]))
                if name not in known:
                    known.add(name)
                    self.persons.append((tokens[first].idx, name, ""))

    def _title_before(self, ent: Span) -> str:
        """Title words just before a name in the same phrase: 'State Department spokesman'."""
        head = ent.root
        left = ent.start
        for child in head.lefts:
            if child.i < ent.start and child.dep_ in ("compound", "amod", "nmod", "poss"):
                left = min(left, child.left_edge.i)
        tokens = [t for t in self.doc[left : ent.start] if t.dep_ != "det" and not t.is_punct]
        if tokens and is_titleish(tokens):
            return text_of(tokens)
        # Appositive after the name: "Matthew Miller, a State Department spokesman,".
        for child in head.rights:
            if child.dep_ == "appos":
                tokens = [t for t in child.subtree if t.dep_ != "det" and not t.is_punct]
                if tokens and is_titleish(tokens) and not child.ent_type_ == "PERSON":
                    return text_of(tokens)
        return ""

    def full_person_name(self, short: str, at: int) -> str | None:
        """Link 'Miller' or 'Kim' to the fullest name containing it, the latest one before `at` first."""
        words = short.split()
        if not words:
            return None
        before = self._full_names.get(short)
        if before is None:
            before = self._full_names[short] = [
                (pos, full) for pos, full, _ in self.persons
                if full != short and contains_words(full.split(), words)
            ]
        if not before:
            return None
        earlier = [item for item in before if item[0] < at]
        chosen = max(earlier)[1] if earlier else min(before)[1]
        return chosen

    def full_org_name(self, short: str, at: int) -> str | None:
        """'the Courier' -> 'Farnley Courier', the fullest organisation name ending in it."""
        found = [(pos, name) for pos, name, _ in self.orgs if name != short and name.split()[-1] == short]
        if not found:
            return None
        earlier = [item for item in found if item[0] < at]
        return (max(earlier) if earlier else min(found))[1]

    def remember(self, at: int, name: str, kind: SpeakerKind) -> None:
        self.speakers_so_far.append((at, name, kind))
        self.mentions.add(at, name, kind, True, plural=self.mentions.is_pair(name))

    def latest_person_entity(self, at: int) -> str | None:
        found = [(pos, name) for pos, name, _ in self.persons if pos < at]
        if found:
            return max(found)[1]
        return None

    def latest_org(self, at: int, containing: str | None = None) -> tuple[str, SpeakerKind] | None:
        found = [
            (pos, name, kind) for pos, name, kind in self.orgs
            if pos < at and (containing is None or containing in name.lower().split())
        ]
        if not found:
            return None
        _, name, kind = max(found)
        return name, kind

    def title_for(self, name: str) -> str:
        return self.titles.get(name, "")

    # -- resolution -------------------------------------------------------------

    def resolve(self, head: Token) -> Speaker:
        span = speaker_span(head)
        for ent in self._widened:  # "The Fisheries and Oceans Board" parsed with "Fisheries" as head
            if ent.start <= head.i < ent.end and (ent.start < span.start or ent.end > span.end):
                span = self.doc[min(span.start, ent.start) : max(span.end, ent.end)]
        # A relative pronoun ("officials who said") stands for the noun it modifies.
        at = span.start_char
        low = head.lower_
        if head.pos_ == "PRON" or head.tag_ in ("PRP", "WP"):
            return self._resolve_pronoun(span, low, at)
        lemma = head.lemma_.lower()
        if lemma in DOCUMENT_NOUNS or lemma in EVIDENCE_NOUNS or lemma in _SPOKEN_NOUNS:
            # "a report by the city's audit office", "a statement from the ministry": the
            # document's author speaks; the document is only the medium.
            author = self._document_source(head)
            if author is not None:
                return author
        if span[0].lower_ in ("the", "this") and (head.lower_ in DEMONYMS or (
            "year-old" in span.text and head.pos_ != "PROPN"
        )):
            # "the Spaniard", "the 45-year-old": the person the text described so.
            person = self.mentions.person_described(at, span, head)
            if person is None:
                person = self.mentions.person_nearby(at, span, head)
                if person is not None:
                    self.mentions.learn_description(person, span, head)
            if person is not None:
                return Speaker(span.start_char, span.end_char, span.text, person, self.title_for(person),
                               SpeakerKind.PERSON, "alias")

        # Only a name that contains the head names the speaker: in "Orrin Vale resident"
        # or "a Kremlin spokesman" the name is a modifier, not the one speaking.
        person = entity_in(span, self.ents, ("PERSON",), head)
        if person is not None:
            return self._person(span, person)
        if head.pos_ == "NOUN":
            # "Orrin Vale resident Karin Holm" parsed with the role as head: the name is in
            # apposition, to the head or to the end of its phrase ("A seismologist at Saravan
            # University, Dr Reza Mohammadi,").
            for child in [c for t in span if t.i >= head.i for c in t.rights]:
                if child.dep_ == "appos" and child.i >= span.end:
                    appos = head.doc[child.left_edge.i : child.right_edge.i + 1]
                    named = entity_in(appos, self.ents, ("PERSON",))
                    if named is not None:
                        speaker = self._person(appos, named)
                        title_tokens = [t for t in span if t.dep_ != "det" and not t.is_punct]
                        title = text_of(title_tokens)
                        return Speaker(span.start_char, appos.end_char, head.doc[span.start : appos.end].text,
                                       speaker.name, title or speaker.title, SpeakerKind.PERSON, speaker.how)
        other = entity_in(span, self.ents, ("ORG", "GPE", "NORP", "FAC", "LOC"), head)
        if other is not None and other[0].lemma_.lower() in TITLE_WORDS and head.pos_ == "PROPN":
            other = None  # "Mayor Elena Varga" tagged as an organisation: a titled person
        if other is not None:
            name = org_name(other)
            if len(name.split()) == 1 and other.label_ == "ORG":
                name = self.full_org_name(name, at) or name
            elif name[:1].islower():  # "the chamber of commerce" after "the Ellsworth Chamber of Commerce"
                name = org_ending_in(self.orgs, name, at) or name
            kind = metonym_kind(name) or (
                SpeakerKind.GOVERNMENT if other.label_ in ("GPE", "LOC") else SpeakerKind.ORGANIZATION
            )
            # A single-word "organisation" that is really a surname we know ("Miller").
            full = self.full_person_name(name, at) if len(name.split()) == 1 else None
            if full:
                return Speaker(span.start_char, span.end_char, span.text, full, self.title_for(full),
                               SpeakerKind.PERSON, "alias")
            return Speaker(span.start_char, span.end_char, span.text, name, "", kind, "named")
        if lemma in BODY_NOUNS and any(t.i != head.i and t.dep_ not in ("det", "punct") for t in span):
            # "the chamber of commerce", "the city's audit office": a body named in common nouns.
            name = clean_name(span.text)
            self.unnamed.append((at, lemma, name))
            return Speaker(span.start_char, span.end_char, span.text, org_ending_in(self.orgs, name, at) or name, "",
                           SpeakerKind.ORGANIZATION, "named")
        if head.pos_ == "PROPN" and not head.is_lower:
            # A name the entity tagger missed or mislabelled: the run of proper nouns
            # around the head, grown over a first name parsed apart, titles split off.
            doc = head.doc
            first = head.i
            while first > span.start and doc[first - 1].pos_ == "PROPN":
                first -= 1
            while first > 0 and doc[first - 1].pos_ == "PROPN" and doc[first - 1].whitespace_ == " " and (
                doc[first - 1].is_title
            ):
                first -= 1
            first = after_titles(doc, first, head.i + 1)
            name_tokens = list(doc[first : head.i + 1])
            name = clean_name(text_of(name_tokens))
            title_tokens = [t for t in doc[min(span.start, first) : first] if t.dep_ != "det" and not t.is_punct]
            title = text_of(title_tokens) if title_tokens and is_titleish(title_tokens) else ""
            full = self.full_person_name(name, at)
            if full:
                return Speaker(span.start_char, span.end_char, span.text, full, title or self.title_for(full),
                               SpeakerKind.PERSON, "alias")
            kind = metonym_kind(name) or SpeakerKind.PERSON
            return Speaker(span.start_char, span.end_char, span.text, name, title if kind == SpeakerKind.PERSON else "",
                           kind, "named")
        # An appositive may carry the name: "The regional utility, Norvale Water, confirmed".
        for child in head.rights:
            if child.dep_ == "appos":
                appos = head.doc[child.left_edge.i : child.right_edge.i + 1]
                ent = entity_in(appos, self.ents, ("PERSON", "ORG", "GPE"))
                if ent is not None:
                    name = clean_name(ent.text)
                    kind = SpeakerKind.PERSON if ent.label_ == "PERSON" else (
                        metonym_kind(name) or SpeakerKind.ORGANIZATION
                    )
                    return Speaker(span.start_char, span.end_char, span.text, name,
                                   clean_name(span.text) if kind == SpeakerKind.PERSON else "", kind, "named")
        if lemma in DOCUMENT_NOUNS and span[0].lower_ in ("the", "this", "that", "his", "her", "its", "their"):
            author = self._document_author(head)
            if author is not None:
                name, title, kind = author
                return Speaker(span.start_char, span.end_char, span.text, name, title, kind, "document")
        if lemma in BODY_DESCRIPTORS and span[0].lower_ in ("the", "this") and head.tag_ == "NN":
            # "the utility" is the organisation called one; "the company" the latest company
            # (not a platform or outlet); "the union" only a union named as such.
            found = self.mentions.org_for_noun(at, lemma, lemma in _GENERIC_ORG_NOUNS or lemma in COMPANY_NOUNS)
            earlier = self._earlier_unnamed_at(at, lemma)
            if earlier is not None and (found is None or earlier[0] > found.at):
                # "the national weather office" ... "the office": the body last described with
                # that noun, unless an organisation fitting it was named since.
                return Speaker(span.start_char, span.end_char, span.text, earlier[1], "", SpeakerKind.ORGANIZATION,
                               "group")
            if found is not None:
                return Speaker(span.start_char, span.end_char, span.text, found.name, "", found.kind, "group")
            org = self.latest_org(at, None if lemma in _GENERIC_ORG_NOUNS else lemma)
            if org is not None:
                return Speaker(span.start_char, span.end_char, span.text, org[0], "", org[1], "group")
        if lemma in TITLE_WORDS and span[0].lower_ == "the" and head.tag_ in ("NN", "NNP") and head.is_lower:
            named = self._named_after(span)
            if named is not None:  # "the district collector, Anjali Menon,"
                return Speaker(span.start_char, span.end_char, span.text, named, self.title_for(named),
                               SpeakerKind.PERSON, "named")
            person = self.mentions.person_described(at, span, head) or self._person_by_description(span, head, at)
            if person is not None:
                return Speaker(span.start_char, span.end_char, span.text, person, self.title_for(person),
                               SpeakerKind.PERSON, "alias")
            earlier = self._earlier_unnamed(at, lemma) if len(span) == 2 else None
            if earlier is not None:  # "a spokesperson for the bank" ... "the spokesperson"
                return Speaker(span.start_char, span.end_char, span.text, earlier, "", SpeakerKind.UNNAMED, "unnamed")
            person = self.mentions.person_nearby(at, span, head)
            if person is not None:
                self.mentions.learn_description(person, span, head)
                return Speaker(span.start_char, span.end_char, span.text, person, self.title_for(person),
                               SpeakerKind.PERSON, "alias")
        name = clean_name(span.text)
        if name and head.pos_ in ("NOUN", "PROPN"):
            self.unnamed.append((at, lemma, name))
        return Speaker(span.start_char, span.end_char, span.text, name or None, "", SpeakerKind.UNNAMED, "unnamed")

    def _named_after(self, span: Span) -> str | None:
        """The person named right after a role, between commas, however it was parsed."""
        doc = self.doc
        if span.end + 1 >= len(doc) or doc[span.end].text != ",":
            return None
        for ent in self.ents:
            if ent.start == span.end + 1 and (
                ent.label_ == "PERSON" or (ent.label_ in MISTAKEN_LABELS and all(t.pos_ == "PROPN" for t in ent))
            ):
                name = clean_name(text_of(person_name_tokens(ent, ent)))
                return (self.full_person_name(name, ent.start_char) if len(name.split()) == 1 else None) or name
        return None

    def _earlier_unnamed(self, at: int, lemma: str) -> str | None:
        """The fuller phrase an unnamed source was first given with the same head noun."""
        earlier = self._earlier_unnamed_at(at, lemma)
        return earlier[1] if earlier is not None else None

    def _earlier_unnamed_at(self, at: int, lemma: str) -> tuple[int, str] | None:
        """(offset, phrase) of the latest fuller unnamed source before at with that head noun."""
        found = [(pos, name) for pos, head, name in self.unnamed if pos < at and head == lemma and len(name.split()) > 1]
        return max(found) if found else None

    def _person_by_description(self, span: Span, head: Token, at: int) -> str | None:
        """'the North Korean dictator' -> the latest person titled 'North Korean leader';
        'the spokesman' -> the latest person whose title ends in 'spokesman'."""
        modifiers = {t.lower_ for t in span if t.i < head.i and t.dep_ != "det" and not t.is_punct}
        best, after = None, None
        for pos, name, _ in self.persons:
            title_words = {w.lower() for w in self.titles.get(name, "").split()}
            if pos > at and name in self.mentions.about:  # titles inside the name too ("Chief Constable X")
                title_words |= self.mentions.about[name].words
            if not title_words or pos == at:
                continue
            if pos > at:
                if head.lower_ in title_words and (after is None or pos < after[0]):
                    after = (pos, name)
            elif (modifiers and modifiers <= title_words) or (not modifiers and head.lower_ in title_words):
                if best is None or pos > best[0]:
                    best = (pos, name)
        if best is None and after is not None and self.mentions.sentence_of(after[0]) - self.mentions.sentence_of(at) <= 2:
            # "The chief constable said ... Chief Constable Andrew Pike said": the title
            # comes before the name it belongs to.
            best = after
        return best[1] if best else None

    def _person(self, span: Span, ent: Span) -> Speaker:
        name_tokens = person_name_tokens(span, ent)
        name = clean_name(text_of(name_tokens))
        how = "named"
        if len(name.split()) == 1 or not any(full == name for _, full, _ in self.persons):
            full = self.full_person_name(name, span.start_char)
            if full:
                name, how = full, "alias"
        first = name_tokens[0].i
        title_tokens = [t for t in span if t.i < first and t.dep_ != "det" and not t.is_punct]
        title = text_of(title_tokens) if title_tokens and is_titleish(title_tokens) else ""
        return Speaker(span.start_char, span.end_char, span.text, name, title or self.title_for(name),
                       SpeakerKind.PERSON, how)

    def _resolve_pronoun(self, span: Span, low: str, at: int) -> Speaker:
        if low in PERSON_PRONOUNS:
            name = self.mentions.person_for_pronoun(at, PERSON_PRONOUNS[low]) or self.latest_person_entity(at)
            return Speaker(span.start_char, span.end_char, span.text, name,
                           self.title_for(name) if name else "", SpeakerKind.PERSON, "pronoun")
        if low in ORG_PRONOUNS or low in PLURAL_PRONOUNS:
            found = self.mentions.body_for_pronoun(at, plural=low in PLURAL_PRONOUNS)
            if found is not None:
                # A group ("the unions") names someone as an organisation does.
                kind = SpeakerKind.GOVERNMENT if found.kind == SpeakerKind.GOVERNMENT else SpeakerKind.ORGANIZATION
                return Speaker(span.start_char, span.end_char, span.text, found.name, "", kind, "pronoun")
            return Speaker(span.start_char, span.end_char, span.text, None, "", SpeakerKind.UNNAMED, "pronoun")
        return Speaker(span.start_char, span.end_char, span.text, None, "", SpeakerKind.UNNAMED, "pronoun")

    def _document_source(self, head: Token) -> Speaker | None:
        """'a report by the audit office', 'a statement from the ministry', 'a speech Ida
        Lund gave': the author."""
        for child in head.rights:
            if child.dep_ == "relcl":
                subjects = [g for g in child.children if g.dep_ == "nsubj" and g.pos_ == "PROPN"]
                if subjects:
                    author = self.resolve(subjects[0])
                    return author if author.name and author.kind != SpeakerKind.UNNAMED else None
            if child.dep_ != "prep" or child.lower_ not in ("by", "from"):
                continue
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if not objects or objects[0].lemma_.lower() in DOCUMENT_NOUNS:
                return None
            author = self.resolve(objects[0])
            if author.name and not self.mentions.is_medium(author.name):
                return author
            return None
        return None

    def _document_author(self, head: Token) -> tuple[str, str, SpeakerKind] | None:
        """'the letter' -> the subject of the latest earlier 'X sent/wrote a letter', 'in a
        letter, X said' or 'X's letter'."""
        lemma = head.lemma_.lower()
        for token in reversed(self.tokens[: head.i]):
            if token.lemma_.lower() != lemma:
                continue
            source = self._document_source(token)  # "a report by the audit office ... The report said"
            if source is not None:
                return source.name, source.title, source.kind
            owners = [c for c in token.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN")]
            if owners:
                author = self.resolve(owners[0])
                if author.name:
                    return author.name, author.title, author.kind
            verb = None
            if token.dep_ in ("dobj", "nsubjpass") and token.head.lemma_.lower() in DOCUMENT_AUTHORING_VERBS:
                verb = token.head
            elif token.dep_ == "pobj" and token.head.lower_ == "in" and token.head.head.pos_ in ("VERB", "AUX"):
                verb = token.head.head
            if verb is not None:
                subjects = [c for c in verb.children if c.dep_ in ("nsubj",)]
                if not subjects:
                    agents = [c for c in verb.children if c.dep_ == "agent"]
                    subjects = [g for a in agents for g in a.children if g.dep_ == "pobj"]
                if subjects:
                    author = self.resolve(subjects[0])
                    if author.name:
                        return author.name, author.title, author.kind
        return None
