"""Who a pronoun or a description stands for, within one article.

Every person, organisation and plural group the text mentions is a candidate, not only
the earlier speakers. A candidate fits a pronoun by gender (learnt from honorifics, role
nouns, a first-name list and the text's own he/she right after the name) or by number;
among fitting candidates the nearest sentence wins, and in it the subject. Descriptions
("the Spaniard", "the 45-year-old", "the former minister", "the utility") fit a person or
organisation the text described so before.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .lexicon import (
    AUDIENCE_BODIES,
    BODY_NOUNS,
    COMPANY_NOUNS,
    DEMONYMS,
    FIRST_NAMES,
    GENDERED_NOUNS,
    GENDERED_PRONOUNS,
    HONORIFICS,
    KNOWN_AGENCIES,
    MEDIA_WORDS,
    PLATFORMS,
)
from .names import clean_name
from .types import SpeakerKind

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_AGE_BEFORE_RE = re.compile(r"(\d{1,3})-year-old\b")
_BODY_WORDS = COMPANY_NOUNS | AUDIENCE_BODIES | BODY_NOUNS | frozenset("federation club team trust".split())
_PUBLIC_BODIES = (AUDIENCE_BODIES | BODY_NOUNS) - COMPANY_NOUNS
_MEDIUM_TYPES = MEDIA_WORDS | {"platform", "site", "app", "network", "service", "outlet"}
# Strong evidence of gender (honorific, role noun, first name) outweighs a nearby pronoun.
_STRONG, _WEAK = 3, 1
_NOMINATIVE = frozenset({"he", "she"})


@dataclass(slots=True)
class Mention:
    at: int  # character offset where the mention starts
    sent: int  # index of its sentence
    name: str
    kind: SpeakerKind
    subject: bool
    plural: bool = False


@dataclass(slots=True)
class Described:
    """What the text says about one person or organisation, gathered over its mentions."""

    words: set[str] = field(default_factory=set)  # role and nationality words, lower case
    age: str = ""
    votes: list[int] = field(default_factory=lambda: [0, 0])  # [male, female]
    medium: bool = False
    org: bool = False  # named as an organisation somewhere in the text


class ArticleMentions:
    """The article's candidates for coreference, read once per document."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.sent_starts = [s.start_char for s in doc.sents]
        self.mentions: list[Mention] = []
        self.about: dict[str, Described] = {}
        self.pairs: set[str] = set()  # organisations named together ("A and B")

    def sentence_of(self, at: int) -> int:
        return bisect_right(self.sent_starts, at) - 1

    def described(self, name: str) -> Described:
        found = self.about.get(name)
        if found is None:
            found = self.about[name] = Described()
        return found

    def add(self, at: int, name: str, kind: SpeakerKind, subject: bool, plural: bool = False) -> None:
        self.mentions.append(Mention(at, self.sentence_of(at), name, kind, subject, plural))

    # -- learning from the text ---------------------------------------------------

    def learn_person(self, ent: Span, name: str, title: str) -> None:
        about = self.described(name)
        doc = self.doc
        before = doc[ent.start - 1] if ent.start > 0 else None
        for token in ([before] if before is not None else []) + [ent[0]]:
            gender = HONORIFICS.get(token.lower_)
            if gender:
                about.votes[0 if gender == "m" else 1] += _STRONG
        first = FIRST_NAMES.get(name.split()[0].lower()) if len(name.split()) >= 2 else None
        if first:
            about.votes[0 if first == "m" else 1] += _STRONG
        for word in title.lower().split():
            about.words.add(word)
            gender = GENDERED_NOUNS.get(word)
            if gender:
                about.votes[0 if gender == "m" else 1] += _STRONG
        # "Lena Stone, 45," and "45-year-old Lena Stone".
        end = ent.end
        if end + 2 < len(doc) and doc[end].text == "," and doc[end + 1].like_num and doc[end + 2].text in (",", "."):
            about.age = doc[end + 1].text
        window = doc[max(0, ent.start - 6) : ent.start].text
        match = _AGE_BEFORE_RE.search(window)
        if match:
            about.age = match.group(1)

    def learn_pronouns(self, people: list[tuple[Span, str]], tokens: list[Token]) -> None:
        """A he/she later in a sentence that names people refers to the subject among them
        ("Tal argued with Sen before she left"), else to the nearest one."""
        by_sentence: dict[int, list[tuple[Span, str]]] = {}
        for ent, name in people:
            by_sentence.setdefault(self.sentence_of(ent.start_char), []).append((ent, name))
        for group in by_sentence.values():
            first = min(ent.end for ent, _ in group)
            votes: list[tuple[str, str, bool]] = []  # (name, gender, nominative)
            for token in tokens[first : first + 40]:
                if token.is_sent_start:
                    break
                gender = GENDERED_PRONOUNS.get(token.lower_)
                if not gender or token.pos_ != "PRON":
                    continue
                before = [(ent, name) for ent, name in group if ent.end <= token.i]
                subjects = [item for item in before if item[0].root.dep_ in _SUBJECT_DEPS]
                _, name = max(subjects or before, key=lambda item: item[0].start)
                votes.append((name, gender, token.lower_ in _NOMINATIVE))
            # "Kirk said he was sorry but rejected her criticism": a "her" or "his" that
            # contradicts the sentence's own "he"/"she" for the same person is someone else.
            said = {(name, gender) for name, gender, nominative in votes if nominative}
            for name, gender, nominative in votes:
                if nominative or not any(n == name and g != gender for n, g in said):
                    self.described(name).votes[0 if gender == "m" else 1] += _WEAK

    def learn_org(self, ent: Span, name: str) -> None:
        about = self.described(name)
        about.org = True
        root = ent.root
        types = {t.lemma_.lower() for t in ent if t.is_alpha}
        # "Norvale Water, the regional utility," and "the regional utility, Norvale Water,".
        types.update(c.lemma_.lower() for c in root.rights if c.dep_ == "appos" and c.pos_ == "NOUN")
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            types.add(root.head.lemma_.lower())
        types.update(c.lemma_.lower() for c in root.lefts if c.i < ent.start and c.pos_ == "NOUN")
        about.words.update(types)
        low = name.lower()
        about.medium = about.medium or (
            low in PLATFORMS or low in KNOWN_AGENCIES or bool(types & _MEDIUM_TYPES)
            or any(w in MEDIA_WORDS for w in low.split())
        )

    def learn_pairs(self, ents: list[Span]) -> None:
        """Two named organisations joined by 'and' as one subject are one plural
        candidate ('they', 'the two banks'), named as the text joins them."""
        for ent in ents:
            root = ent.root
            if ent.label_ != "ORG" or root.dep_ != "conj" or root.head.dep_ not in _SUBJECT_DEPS:
                continue
            first = next((e for e in ents if e.label_ == "ORG" and e.start <= root.head.i < e.end), None)
            if first is not None and first.end < ent.start:
                name = clean_name(self.doc[first.start : ent.end].text)
                self.add_pair(first.start_char, name)

    def learn_nationality(self, ent: Span, name: str) -> None:
        """'Spanish striker Marco Diaz', "Spain's Javier Vidal": the nationality or country
        just before the name."""
        for token in self.doc[max(0, ent.start - 4) : ent.start]:
            if token.ent_type_ in ("NORP", "GPE"):
                self.described(name).words.add(token.lower_)

    def learn_role(self, name: str, words: list[str]) -> None:
        """Role words the text gives a person: titles inside the name ("Justice Anil
        Kothari"), the noun phrase a name stands in apposition to ("the district collector,
        Anjali Menon")."""
        about = self.described(name)
        for word in words:
            about.words.add(word)
            gender = GENDERED_NOUNS.get(word)
            if gender:
                about.votes[0 if gender == "m" else 1] += _STRONG
        if "justice" in about.words:
            about.words.add("judge")

    # -- questions ------------------------------------------------------------------

    def gender(self, name: str) -> str | None:
        about = self.about.get(name)
        if about is None or about.votes[0] == about.votes[1]:
            return None
        return "m" if about.votes[0] > about.votes[1] else "f"

    def is_medium(self, name: str) -> bool:
        about = self.about.get(name)
        return name.lower() in PLATFORMS or (about is not None and about.medium)

    def nearest(self, at: int, fits: Callable[[Mention], bool], penalty: Callable[[Mention], int] | None = None) -> Mention | None:
        """The fitting mention before `at`: nearest sentence first (plus any penalty), then
        the subject, then the latest."""
        here = self.sentence_of(at)
        best, best_key = None, None
        for m in self.mentions:
            if m.at >= at or not fits(m):
                continue
            key = (here - m.sent + (penalty(m) if penalty else 0), not m.subject, -m.at)
            if best_key is None or key < best_key:
                best, best_key = m, key
        return best

    def person_for_pronoun(self, at: int, gender: str | None) -> str | None:
        def fits(m: Mention) -> bool:
            return m.kind == SpeakerKind.PERSON and (gender is None or self.gender(m.name) in (None, gender))

        found = self.nearest(at, fits, lambda m: 0 if gender is None or self.gender(m.name) else 2)
        return found.name if found else None

    def body_for_pronoun(self, at: int, plural: bool) -> Mention | None:
        """'it' is the latest fitting organisation; 'they' that or a plural group."""

        def fits(m: Mention) -> bool:
            if m.plural:
                return plural
            return m.kind in (SpeakerKind.ORGANIZATION, SpeakerKind.GOVERNMENT) and not self.is_medium(m.name)

        # "They said the combined bank would ...": a plural candidate as near wins "they".
        return self.nearest(at, fits, (lambda m: 0 if m.plural else 1) if plural else None)

    def add_pair(self, at: int, name: str) -> None:
        self.pairs.add(name)
        self.add(at, name, SpeakerKind.ORGANIZATION, True, plural=True)

    def is_pair(self, name: str) -> bool:
        return name in self.pairs

    def pair_for_group(self, at: int) -> Mention | None:
        """'the two banks': organisations named together in this sentence or the last."""
        here = self.sentence_of(at)
        return self.nearest(at, lambda m: m.plural and m.kind == SpeakerKind.ORGANIZATION and here - m.sent <= 1)

    def org_for_noun(self, at: int, lemma: str, generic: bool) -> Mention | None:
        """'the utility' is the organisation called one; 'the company' the latest one
        that is neither a platform nor an outlet nor a public body."""

        def typed(m: Mention) -> bool:
            about = self.about.get(m.name)
            return m.kind == SpeakerKind.ORGANIZATION and about is not None and lemma in about.words

        found = self.nearest(at, typed)
        if found is not None:
            return found
        if not generic:
            # "the club" for a body never called one: one whose kind the text never said.
            def untyped(m: Mention) -> bool:
                about = self.about.get(m.name)
                return (
                    m.kind == SpeakerKind.ORGANIZATION and not m.plural and not self.is_medium(m.name)
                    and about is not None and about.org and not about.words & _BODY_WORDS
                )

            return self.nearest(at, untyped)

        def company(m: Mention) -> bool:
            if m.kind != SpeakerKind.ORGANIZATION or m.plural or self.is_medium(m.name):
                return False
            about = self.about.get(m.name)
            words = about.words if about is not None else set()
            return bool(words & COMPANY_NOUNS) or not (words & _PUBLIC_BODIES)

        # The company the article is about: the one named most often so far, then the nearest.
        counts: dict[str, int] = {}
        for m in self.mentions:
            if m.at < at and company(m):
                counts[m.name] = counts.get(m.name, 0) + 1
        if not counts:
            return None
        top = max(counts.values())
        return self.nearest(at, lambda m: company(m) and counts.get(m.name) == top)

    def person_described(self, at: int, span: Span, head: Token) -> str | None:
        """'the Spaniard', 'the 45-year-old', 'the former minister'."""
        age = _AGE_BEFORE_RE.search(span.text)
        wanted: Callable[[Described], bool]
        if age:
            number = age.group(1)
            wanted = lambda about: about.age == number  # noqa: E731
        elif head.lower_ in DEMONYMS:
            marks = set(DEMONYMS[head.lower_].split())
            wanted = lambda about: bool(about.words & marks)  # noqa: E731
        else:
            modifiers = {t.lower_ for t in span if t.i < head.i and t.dep_ != "det" and not t.is_punct}
            low = head.lower_

            def wanted(about: Described) -> bool:
                # "the North Korean dictator" fits a "North Korean leader"; "the spokesman" a spokesman.
                return bool(about.words) and (modifiers <= about.words if modifiers else low in about.words)

        def fits(m: Mention) -> bool:
            about = self.about.get(m.name)
            return m.kind == SpeakerKind.PERSON and about is not None and wanted(about)

        found = self.nearest(at, fits)
        return found.name if found else None

    def learn_description(self, name: str, span: Span, head: Token) -> None:
        """Once 'the 45-year-old' is known to be someone, a later one is the same person."""
        about = self.described(name)
        age = _AGE_BEFORE_RE.search(span.text)
        if age and not about.age:
            about.age = age.group(1)
        elif not age:
            about.words.update(t.lower_ for t in span if t.is_alpha and t.dep_ != "det")

    def person_nearby(self, at: int, span: Span, head: Token) -> str | None:
        """A description the text never gave anyone ("the former diplomat", "the
        26-year-old") is most often the person just named: the subject of this sentence or
        the last, unless the text gave that person another age or nationality."""
        here = self.sentence_of(at)
        age = _AGE_BEFORE_RE.search(span.text)
        marks = set(DEMONYMS[head.lower_].split()) if head.lower_ in DEMONYMS else set()
        nations = {w for value in DEMONYMS.values() for w in value.split()}

        def fits(m: Mention) -> bool:
            if m.kind != SpeakerKind.PERSON or here - m.sent > 3 or not m.name[:1].isupper():
                return False
            about = self.about.get(m.name)
            if about is None:
                return True
            if age and about.age and about.age != age.group(1):
                return False
            return not (marks and about.words & nations and not about.words & marks)

        found = self.nearest(at, fits)
        return found.name if found else None


def common_subjects(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """Heads of subjects that are not names, in one pass: plural ones ("the unions",
    "officials") and bodies ("the national weather office")."""
    plural, bodies = [], []
    for t in tokens:
        if t.dep_ not in _SUBJECT_DEPS or t.ent_type_ in ("PERSON", "ORG", "GPE"):
            continue
        tag = t.tag_
        if tag in ("NNS", "NNPS"):
            plural.append(t)
        elif tag == "NN" and t.lemma_ in BODY_NOUNS:
            bodies.append(t)
    return plural, bodies
