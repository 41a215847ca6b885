"""Names in the parse: the noun phrase that names a speaker, a name cleaned into a key,
the words that are titles and not names, and the other helpers speakers.py resolves with.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .lexicon import (
    BODY_NOUNS,
    COMPANY_NOUNS,
    GOVERNMENT_METONYMS,
    HONORIFICS,
    NON_CUE_ADVERBS,
    ORGANIZATION_METONYMS,
)
from .types import SpeakerKind

# Dependants that belong to a name's noun phrase when we cut out the mention.
_MENTION_LEFT_DEPS = frozenset({"compound", "amod", "det", "poss", "nmod", "nummod", "flat", "case"})
_MENTION_RIGHT_DEPS = frozenset({"compound", "flat", "case"})
# Prepositions whose phrase belongs to a speaker's noun phrase: "the chamber of commerce",
# "a senior official at the state disaster agency", "the Institute for Fiscal Studies".
_MENTION_PREPOSITIONS = frozenset({"of", "at", "for", "from"})
# Capitalised words that open a sentence but never a name ("Later Marsh said").
NOT_NAMES = NON_CUE_ADVERBS | frozenset("later earlier then now yesterday today also but and still afterwards".split())
_ORG_HEAD_NOUNS = frozenset(
    """
    company firm utility group ministry department agency authority council government
    administration campaign committee office union organisation organization corporation
    board bank party team club university commission court police army military
    """.split()
)
TITLE_WORDS = frozenset(
    """
    president minister spokesman spokeswoman spokesperson leader chairman chairwoman chair
    secretary director chief executive officer senator governor mayor ambassador general
    head manager official adviser advisor councillor councilor representative judge
    prime deputy vice king queen prince commissioner engineer analyst economist professor
    dictator premier chancellor envoy aide master founder owner captain resident
    prosecutor attorney lawyer justice magistrate sergeant constable inspector detective
    superintendent commander colonel lieutenant major admiral marshal elder librarian farmer
    striker defender goalkeeper midfielder coach winger forward collector diplomat chef
    novelist author writer scientist researcher seismologist neurologist doctor nurse
    surgeon teacher headteacher principal activist campaigner organiser organizer
    spokesperson treasurer controller auditor ombudsman registrar warden curator
    """.split()
)
# Entity labels the tagger gives a titled person's name ("Transport Minister Ilse Cordova").
MISTAKEN_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})
# Bodies a text goes on calling by a common noun: "the federation", "the club", "the trust".
BODY_DESCRIPTORS = _ORG_HEAD_NOUNS | COMPANY_NOUNS | BODY_NOUNS | frozenset("federation club team trust".split())


def clean_name(text: str) -> str:
    """A name as a key: spacing collapsed, no leading "the", no possessive, no edge punctuation."""
    text = " ".join(text.split())
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    if text.lower().startswith("the "):
        text = text[4:]
    return text.strip(" ,.;:")


def is_titleish(tokens: list[Token]) -> bool:
    return any(t.lemma_.lower() in TITLE_WORDS or t.pos_ == "NOUN" for t in tokens)


def mention_span(head: Token) -> Span:
    """The noun phrase that names a speaker: the head with its name-like dependants."""
    doc = head.doc
    left = head.i
    for child in head.lefts:
        if child.dep_ in _MENTION_LEFT_DEPS:
            left = min(left, child.left_edge.i)
    right = head.i
    for child in head.rights:
        if child.dep_ in _MENTION_RIGHT_DEPS and child.i == right + 1:
            right = child.right_edge.i
    # Possessive "'s" closing the phrase is not part of the name.
    while right > left and doc[right].tag_ == "POS":
        right -= 1
    # Skip punctuation at the edges.
    while left < right and doc[left].is_punct:
        left += 1
    return doc[left : right + 1]


def speaker_span(head: Token) -> Span:
    """mention_span grown over a prepositional part that belongs to the name ("the chamber
    of commerce"), up to a comma or a relative clause."""
    span = mention_span(head)
    doc = head.doc
    while span.start < head.i and doc[span.start].lower_ in NOT_NAMES:
        span = doc[span.start + 1 : span.end]
    if head.pos_ not in ("NOUN", "PROPN") or span.end <= head.i:
        return span
    right = span.end - 1
    for child in head.rights:
        if child.i != right + 1:
            continue
        if child.dep_ != "prep" or child.lower_ not in _MENTION_PREPOSITIONS:
            break
        objects = [g for g in child.children if g.dep_ == "pobj"]
        if not objects:
            break
        for token in doc[child.i + 1 : objects[0].right_edge.i + 1]:
            if token.is_punct or token.dep_ in ("relcl", "acl", "cc", "conj") or token.lower_ in ("who", "which", "that"):
                break
            right = token.i
        break
    return doc[span.start : right + 1]


def entity_in(
    span: Span, ents: list[Span], labels: tuple[str, ...], head: Token | None = None
) -> Span | None:
    """The longest entity of those labels in span; with head, only one that contains it."""
    best = None
    for ent in entities_within(span, ents):
        if head is not None and not (ent.start <= head.i < ent.end):
            continue
        if ent.label_ in labels and (best is None or len(ent) > len(best)):
            best = ent
    return best


def metonym_kind(name: str) -> SpeakerKind | None:
    key = name.lower().strip()
    if key.startswith("the "):
        key = key[4:]
    if key in ORGANIZATION_METONYMS:
        return SpeakerKind.ORGANIZATION
    if key in GOVERNMENT_METONYMS:
        return SpeakerKind.GOVERNMENT
    return None


def entities_within(span: Span, ents: list[Span]) -> list[Span]:
    """span.ents, from the document's entities read once (spaCy builds every entity of the
    whole document each time Span.ents is read)."""
    return [ent for ent in ents if ent.start >= span.start and ent.end <= span.end]


def person_name_tokens(span: Span, ent: Span) -> list[Token]:
    """The name proper: the entity grown over adjacent proper nouns the tagger missed
    ("Rita" in "Rita Holm"), without leading titles the tagger took in ("Mayor")."""
    doc = span.doc
    start, end = ent.start, ent.end
    while start > span.start and doc[start - 1].pos_ == "PROPN" and doc[start - 1].ent_type_ in ("", "PERSON"):
        start -= 1
    return list(doc[after_titles(doc, start, end) : end])


def after_titles(doc: Doc, start: int, end: int) -> int:
    """Where the name starts in doc[start:end]: titles and honorifics are not the name,
    wherever they stand before it ("Transport Minister Ilse Cordova", "Mr Pryce")."""
    for i in range(end - 2, start - 1, -1):
        if is_title_word(doc[i]) or doc[i].lower_ in HONORIFICS or doc[i].lower_ in NOT_NAMES:
            return i + 1
    return start


def is_title_word(token: Token) -> bool:
    return token.lemma_.lower() in TITLE_WORDS or token.lower_ in TITLE_WORDS


def in_apposition_to_a_role(ent: Span) -> bool:
    """'The district collector, Vera Lind,' or 'Vera Lind, the collector,': a person."""
    root = ent.root
    if root.pos_ != "PROPN" or ent[-1].lemma_.lower() in BODY_DESCRIPTORS:
        return False
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and is_title_word(root.head):
        return True
    return any(c.dep_ == "appos" and c.pos_ == "NOUN" and is_title_word(c) for c in root.rights)


def role_words(ent: Span) -> list[str]:
    """Words of a role the text gives a person's name: titles inside the entity, and the
    noun phrase it stands in apposition to ("the district collector, Anjali Menon")."""
    doc = ent.doc
    start = after_titles(doc, ent.start, ent.end)
    words = [t.lower_ for t in doc[ent.start : start] if t.is_alpha]
    root = ent.root
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        inside = {t.i for t in root.subtree}
        words += [
            t.lower_ for t in root.head.subtree
            if t.i not in inside and t.is_alpha and t.dep_ not in ("det", "case") and t.ent_type_ not in ("PERSON",)
        ]
    return words


def widened_org(ent: Span) -> Span:
    """'The Competition and Consumer Authority' tagged from 'Consumer': the capitalised
    word and 'and' before it belong to the name when nothing but 'the' or the sentence's
    start comes before them (two named bodies, 'Hallam Savings and Northgate Bank', are
    two entities and stay apart)."""
    doc = ent.doc
    start = ent.start
    if ent.label_ != "ORG" or start < 2 or doc[start - 1].lower_ != "and":
        return ent
    word = doc[start - 2]
    if word.pos_ != "PROPN" or not word.is_title or word.ent_type_ or word.lower_ in NOT_NAMES:
        return ent
    if not (word.is_sent_start or (word.i > 0 and doc[word.i - 1].lower_ == "the")):
        return ent
    return Span(doc, word.i, ent.end, label=ent.label_)


def org_ending_in(orgs: list[tuple[int, str, SpeakerKind]], phrase: str, at: int) -> str | None:
    """'the city's audit office' -> 'Brennick City Audit Office': the organisation whose
    name ends in the same words, whatever their case (the nearest earlier one first)."""
    words = [w for w in phrase.lower().replace("\u2019", "'").replace("'s ", " ").split() if w != "the"]
    if not words:
        return None
    found = [
        (pos, name) for pos, name, _ in orgs
        if len(name.split()) > len(words) and name.lower().split()[-len(words):] == words
    ]
    if not found:
        return None
    earlier = [item for item in found if item[0] < at]
    return (max(earlier) if earlier else min(found))[1]


def org_name(ent: Span) -> str:
    """An organisation's name without a description before it ("online retailer Vantor")."""
    start = ent.start
    for token in ent[:-1]:
        if token.lemma_.lower() in BODY_DESCRIPTORS and (token.is_lower or token.i == ent.start) and all(
            t.pos_ == "PROPN" for t in ent.doc[token.i + 1 : ent.end]
        ):
            start = token.i + 1
    return clean_name(ent.doc[start : ent.end].text)


def text_of(tokens: list[Token]) -> str:
    """The text from the first to the last token as written (keeps "Drivers' Guild" whole)."""
    if not tokens:
        return ""
    first, last = tokens[0], tokens[-1]
    # A span's text, not Doc.text: the latter rebuilds the whole document string per call.
    return " ".join(first.doc[first.i : last.i + 1].text.split()).strip(" ,")


def contains_words(full: list[str], short: list[str]) -> bool:
    n = len(short)
    return any(full[i : i + n] == short for i in range(len(full) - n + 1))


def np_head(tok: Token) -> Token:
    while tok.dep_ in ("compound", "amod", "flat", "det", "poss", "nmod") and tok.head.i != tok.i and tok.head.i > tok.i:
        tok = tok.head
    return tok
