"""Attribution patterns beyond a verb and its arguments: headlines, signatures, polls,
hearsay, questions asked and stance nouns. Mixed into AttributionFinder."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from .confidence import Evidence
from .cues import Cue
from .lexicon import (
    BELIEF_VERBS,
    CONTENT_PREPOSITIONS,
    EVIDENCE_NOUNS,
    HEARSAY_ADVERBS,
    NOUN_CUES,
    NP_CONTENT_VERBS,
    SOURCELESS_PASSIVES,
    SPEECH_VERBS,
)
from .names import np_head
from .quotes import QuoteIndex, paragraph_spans
from .ranking import CONFIDENCE_BY_HOW, confidence
from .speakers import ArticleSpeakers, Speaker
from .types import Attribution, Kind, SpeakerKind

_DASH_SIGNATURE_RE = re.compile(r"[^\S\n.]*\.?[^\S\n]*([―—–]|--)[^\S\n]*(?=[A-Z])")
# The signature on a line of its own under the quotation, a hyphen there too: "- Ann Lee."
_DASH_LINE_RE = re.compile(r"[^\S\n.]*\.?\s*\n\s*([―—–-]|--)[^\S\n]*(?=[A-Z])")
# Pronouns that stand for a speaker: "She went on: “...”"; not "it", "this", "what".
_PERSONAL_PRONOUNS = frozenset("i we you he she they".split())
_COMMA_THEN_MARK_RE = re.compile(r"[ \t]*[,:][ \t]*[\"“]")
# A verb of saying that opens a sentence before its subject ("Said Ellis: ...").
_INVERTED_SAYS = frozenset("said says added adds wrote writes continued continues stated states".split())
_HEADLINE_WORD_RE = re.compile(r"[A-Za-z][\w'’-]*")
# Third-person forms of cue verbs, as a headline spells them: "Says", "Vows", "Slams".
_HEADLINE_CUES = {
    (lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else "s")): lemma
    for lemma in SPEECH_VERBS | NP_CONTENT_VERBS | BELIEF_VERBS
    if not lemma.endswith("y")
} | {lemma[:-1] + "ies": lemma for lemma in SPEECH_VERBS | NP_CONTENT_VERBS if lemma.endswith("y") and lemma[-2] not in "aeiou"} | {
    "says": "say", "rips": "rip", "slams": "slam", "blasts": "blast", "hits": "hit", "knocks": "knock",
    "pans": "pan", "bashes": "bash", "sees": "see", "speaks": "speak", "goes": "go",
}


class PatternsMixin:
    doc: Doc
    tokens: list[Token]
    text: str
    quotes: QuoteIndex
    speakers: ArticleSpeakers
    _evidence: dict[int, Evidence]

    def _noted(self, a: Attribution, source: str, lemma: str = "", how: str = "") -> Attribution:
        """a, with what the pattern knew recorded for the learned confidence."""
        self._evidence[id(a)] = Evidence(source, "pattern", lemma, how=how, prior=a.confidence)
        return a

    def _plain(self, speaker: Speaker, cue_text: str, cue_start: int, start: int, end: int, penalty: float,
               source: str, lemma: str = "", pieces: tuple[tuple[int, int], ...] | None = None) -> Attribution:
        whole = self._whole_quotation(start, end) if pieces is None or len(pieces) == 1 else None
        if whole is not None:
            (start, end), pieces = whole, (whole,)
        kind = Kind.DIRECT if whole is not None else self._kind(start, end)
        return self._noted(Attribution(
            start=start, end=end, text=self.text[start:end], kind=kind, cue=cue_text,
            cue_start=cue_start, cue_end=cue_start + len(cue_text), speaker=speaker.mention,
            speaker_start=speaker.mention_start, speaker_end=speaker.mention_end, speaker_name=speaker.name,
            speaker_kind=speaker.kind, speaker_title=speaker.title, via="",
            confidence=round(max(0.05, CONFIDENCE_BY_HOW.get(speaker.how, 0.6) - penalty), 2),
            pieces=pieces or ((start, end),),
        ), source, lemma, speaker.how)

    def _beside_phrase(self, sent: Span, phrase_start: int, phrase_end: int) -> tuple[int, int] | None:
        """What an attributing phrase that opens or closes its sentence ("In the words of X,
        ...", "..., as X put it") attributes: the rest of the sentence; None when the phrase
        sits inside it."""
        if not self.text[sent.start_char : phrase_start].strip(" \t\n\"“'‘"):
            return self._trim(phrase_end, sent.end_char)
        if not self.text[phrase_end : sent.end_char].strip(" \t\n,.;:\"”'’)"):
            return self._trim(sent.start_char, phrase_start)
        return None

    def _questions_asked(self) -> list[Attribution]:
        """'Asked about his speeches, ...', 'he was asked whether ...': the question is
        attributed, with no asker named."""
        results = []
        for t in self.tokens:
            if t.lemma_.lower() != "ask" or t.pos_ != "VERB" or self.quotes.inside(t.idx):
                continue
            if any(c.dep_ in ("nsubj", "agent") for c in t.children):
                continue
            if not (t.tag_ == "VBN" or any(c.dep_ == "auxpass" for c in t.children)):
                continue
            if t.dep_ in ("advcl", "ccomp", "csubj") and not any(c.dep_ == "auxpass" for c in t.children):
                continue  # "Asked whether ..., she said ...": the reporter's question; her answer is the claim
            content, cue_end = None, t.idx + len(t)
            for c in t.rights:
                if c.dep_ == "prep" and c.lower_ in ("about", "on", "for", "whether", "if"):
                    objects = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
                    if objects:
                        content = self._trim(objects[0].left_edge.idx, objects[0].right_edge.idx + len(objects[0].right_edge),
                                             min_words=1)
                        cue_end = c.idx + len(c)
                    break
                if c.dep_ in ("ccomp", "xcomp") and c.left_edge.lower_ in ("if", "whether", "what", "why", "how", "who", "when"):
                    content = self._trim(c.left_edge.idx, c.right_edge.idx + len(c.right_edge))
                    break
            if content is None:
                continue
            whole = self._whole_quotation(*content)
            content = whole or content
            cue_start = self._cue_bounds(t)[0]
            results.append(self._noted(Attribution(
                start=content[0], end=content[1], text=self.text[content[0]:content[1]],
                kind=Kind.DIRECT if whole is not None else self._kind(*content),
                cue=self.text[cue_start:cue_end], cue_start=cue_start, cue_end=cue_end, speaker=None,
                speaker_start=None, speaker_end=None, speaker_name=None, speaker_kind=SpeakerKind.UNNAMED,
                speaker_title="", via="", confidence=0.3, pieces=(content,),
            ), "question", "ask"))
        return results

    def _sourceless(self) -> list[Attribution]:
        """Claims the text says are somebody's without naming them: "Trump is said to be
        furious", "the firm reportedly paid". The whole clause is the content. The reporter's
        own forecast or impression ("is expected to win", "seems to fail") is no claim."""
        results = []
        for t in self.tokens:
            if self.quotes.inside(t.idx):
                continue
            lemma = t.lemma_.lower()
            verb = None
            if (
                t.pos_ == "VERB" and lemma in SOURCELESS_PASSIVES
                and any(c.dep_ == "auxpass" for c in t.children)
                and not any(c.dep_ == "agent" for c in t.children)
                and any(c.dep_ == "xcomp" for c in t.children)
            ):
                verb = t
            elif t.lower_ in HEARSAY_ADVERBS and t.dep_ == "advmod":
                verb = t.head
            if verb is None:
                continue
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not subjects:
                continue
            start = subjects[0].left_edge.idx
            end_tok = verb.right_edge
            content = self._trim(start, end_tok.idx + len(end_tok), min_words=3)
            if content is None:
                continue
            cue_start, cue_end = (t.idx, t.idx + len(t)) if t is not verb else self._cue_bounds(t)
            cue_text = self.text[cue_start:cue_end]
            kind = self._kind(*content)
            results.append(self._noted(Attribution(
                start=content[0], end=content[1], text=self.text[content[0]:content[1]], kind=kind, cue=cue_text,
                cue_start=cue_start, cue_end=cue_end, speaker=None, speaker_start=None, speaker_end=None,
                speaker_name=None, speaker_kind=SpeakerKind.UNNAMED, speaker_title="", via="", confidence=0.35,
                pieces=(content,),
            ), "sourceless", t.lemma_.lower()))
        return results

    def _headline_colons(self) -> list[Attribution]:
        """Headline style: 'Graham: Trump's rhetoric is destroying the party'."""
        results = []
        for p_start, p_end in paragraph_spans(self.text):
            line_end = self.text.find("\n", p_start, p_end)
            line_end = p_end if line_end == -1 else line_end
            colon = self.text.find(":", p_start, min(line_end, p_start + 60))
            if colon == -1:
                continue
            # Transcripts quote each turn: "WALLACE: Let's start with ..."
            name_start = p_start + 1 if self.text[p_start] in "\"“”'" else p_start
            head = self.doc.char_span(name_start, colon, alignment_mode="contract")
            if head is None or not (1 <= len(head) <= 6) or (name_start == p_start and self.quotes.inside(p_start)):
                continue
            if any(t.pos_ in ("VERB", "AUX") for t in head):
                continue
            if not any(t.pos_ == "PROPN" for t in head) and not (len(head) <= 2 and head.root.pos_ == "NOUN"):
                continue  # "Poll: ..." and "Trump: ..." speak; "Wait, it gets better:" does not
            content = self._trim(colon + 1, line_end, min_words=3)
            if content is None:
                continue
            speaker = self.speakers.resolve(head.root)
            results.append(self._plain(speaker, ":", colon, content[0], content[1], 0.15, "colon"))
        return results

    def _headline_verb(self) -> list[Attribution]:
        """A title-case headline whose verb the tagger misses: 'Sanders Vows To End Tax Breaks'."""
        spans = paragraph_spans(self.text)
        if not spans:
            return []
        start, end = spans[0]
        line_end = self.text.find("\n", start, end)
        end = end if line_end == -1 else line_end
        words = list(_HEADLINE_WORD_RE.finditer(self.text, start, end))
        capitalised = [w for w in words if w.group()[0].isupper()]
        if len(words) < 4 or len(capitalised) < 0.7 * len(words):
            return []
        for n, w in enumerate(words[1:5], start=1):
            lemma = _HEADLINE_CUES.get(w.group().lower())
            if lemma is None:
                continue
            head = self.doc.char_span(start, words[n - 1].end(), alignment_mode="expand")
            content = self._trim(w.end(), end, min_words=2)
            if head is None or content is None:
                return []
            speaker = self.speakers.resolve(head[-1])
            speaker = replace(speaker, mention_start=head.start_char, mention_end=head.end_char, mention=head.text)
            penalty = 0.15 if lemma in SPEECH_VERBS else 0.4
            return [self._plain(speaker, w.group(), w.start(), content[0], content[1], penalty, "headline_verb", lemma)]
        return []

    def _owned_nouns(self) -> list[Attribution]:
        """'Trump's criticism of the deal', 'the claim by officials that ...': a stance noun
        with an owner and an object."""
        results = []
        for t in self.tokens:
            if t.pos_ != "NOUN" or t.lemma_.lower() not in NOUN_CUES or self.quotes.inside(t.idx):
                continue
            owner = next((c for c in t.children if c.dep_ == "poss" and c.i < t.i), None)
            if owner is None:
                by = next((c for c in t.rights if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
                owner = next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None
            if owner is None:
                continue
            content = None
            cue_end = t.idx + len(t)
            for c in t.rights:
                if c.dep_ == "prep" and c.lower_ in CONTENT_PREPOSITIONS:
                    objects = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
                    if objects and c.i == t.i + 1:
                        content = self._trim(objects[0].left_edge.idx, objects[0].right_edge.idx + len(objects[0].right_edge),
                                             min_words=1)
                        cue_end = c.idx + len(c)
                        break
                if c.dep_ in ("acl", "ccomp") and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
                    content = self._trim(c.left_edge.idx, c.right_edge.idx + len(c.right_edge))
                    break
                if c.dep_ == "acl" and c.tag_ == "VB" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children):
                    # "his promise to repeal the tax", "her decision not to run"
                    content = self._trim(c.left_edge.idx, c.right_edge.idx + len(c.right_edge))
                    break
            if content is None:
                continue
            cue_start = self._noun_cue_start(t)
            actor = self._owner_acting(t, owner)
            if actor is not None:
                owner, cue_start = actor, self._cue_bounds_one(t.head)[0]
            speaker = self.speakers.resolve(owner)
            if speaker.mention_start < content[1] and content[0] < speaker.mention_end:
                continue
            cue_text = self.text[cue_start:cue_end]
            results.append(self._plain(speaker, cue_text, cue_start, content[0], content[1], 0.4, "owned_noun",
                                       t.lemma_.lower()))
        return results

    def _evidence_phrases(self) -> list[Attribution]:
        """'In a CNN poll, Clinton leads by 4 points': the poll is the source, 'in' the cue."""
        results = []
        for t in self.tokens:
            if t.lower_ != "in" or t.dep_ != "prep" or self.quotes.inside(t.idx):
                continue
            objects = [c for c in t.children if c.dep_ == "pobj" and c.lemma_.lower() in EVIDENCE_NOUNS]
            if not objects:
                continue
            sent = t.sent
            phrase_start, phrase_end = t.idx, t.right_edge.idx + len(t.right_edge)
            content = self._beside_phrase(sent, phrase_start, phrase_end)
            if content is None:
                continue
            speaker = self.speakers.resolve(objects[0])
            results.append(self._plain(speaker, t.text, t.idx, content[0], content[1], 0.2, "evidence",
                                       objects[0].lemma_.lower()))
        return results

    def _put_it(self) -> list[Attribution]:
        """'As the mayor put it, the bridge is a disgrace': the clause around the phrase is what
        the subject said."""
        results = []
        for t in self.tokens:
            if t.lemma_.lower() != "put" or t.pos_ != "VERB" or t.dep_ != "advcl" or self.quotes.inside(t.idx):
                continue
            it = next((c for c in t.children if c.dep_ == "dobj" and c.lower_ == "it" and c.i == t.i + 1), None)
            subject = next((c for c in t.children if c.dep_ == "nsubj"), None)
            if it is None or subject is None or not any(c.dep_ == "mark" and c.lower_ == "as" for c in t.children):
                continue
            sent = t.sent
            phrase_start, phrase_end = t.left_edge.idx, it.idx + len(it)
            # "..., as the prosecutor put it, “apart from ...”": the quotation right after
            # the phrase is what was put so, wherever the phrase stands in its sentence.
            after = _COMMA_THEN_MARK_RE.match(self.text, phrase_end)
            quoted = next((q for q in self.quotes.quotations if after is not None and q.open_mark == after.end() - 1
                           and self._closed_utterance(q)), None)
            content = self._trim_quote(quoted) if quoted is not None else self._beside_phrase(sent, phrase_start, phrase_end)
            if content is None:
                continue
            speaker = self.speakers.resolve(subject)
            results.append(self._plain(speaker, self.text[t.idx : phrase_end], t.idx, content[0], content[1], 0.1,
                                       "put_it", "put"))
        return results

    def _words_of(self) -> list[Attribution]:
        """'In the words of the mayor, the bridge is a disgrace': the owner of the words speaks."""
        results = []
        for t in self.tokens:
            if t.lower_ != "words" or t.dep_ != "pobj" or t.head.lower_ != "in" or self.quotes.inside(t.idx):
                continue
            of = next((c for c in t.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
            owner = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
            if owner is None:
                continue
            prep = t.head
            sent = prep.sent
            phrase_start, phrase_end = prep.idx, prep.right_edge.idx + len(prep.right_edge)
            comma = self.text.find(",", of.idx, phrase_end)
            if comma != -1:
                phrase_end = comma  # the parser may run the name into what follows as an apposition
            content = self._beside_phrase(sent, phrase_start, phrase_end)
            if content is None:
                continue
            quoted = next((q for q in self.quotes.quotations if self._trim_quote(q) == content), None)
            if quoted is None:
                # "In the words of X, "...".": the quotation alone is what X said.
                quoted = next((q for q in self.quotes.quotations
                               if q.open_mark >= content[0] and not self.text[content[0] : q.open_mark].strip()
                               and q.close_mark is not None and not self.text[q.after_close : content[1]].strip(" .,;:!?")), None)
                if quoted is not None:
                    content = self._trim_quote(quoted) or content
            speaker = self.speakers.resolve(owner)
            cue_text = self.text[prep.idx : of.idx + len(of)]
            attribution = self._plain(speaker, cue_text, prep.idx, content[0], content[1], 0.1, "words_of", "words")
            if quoted is not None:
                attribution = self._noted(replace(attribution, kind=Kind.DIRECT), "words_of", "words", speaker.how)
            results.append(attribution)
        return results

    def _colon_introduced(self) -> list[Attribution]:
        """A quotation after a clause that ends on a colon, whatever its verb: "Cruz called
        them on it: “...”", "She went on: “...”", "He returned to his old lines: “...”". The
        subject of the clause speaks, if it is a name or a pronoun for one; the verb phrase
        up to the colon is the cue. Not after a clause with a claim of its own, whose verb
        has a clausal complement before the colon."""
        results = []
        for q in self.quotes.quotations:
            if not q.double:
                continue
            colon = q.open_mark
            while colon > 0 and self.text[colon - 1].isspace():
                colon -= 1
            if colon == 0 or self.text[colon - 1] != ":" or self.quotes.inside(colon - 1):
                continue
            before = self.doc.char_span(colon - 1, colon, alignment_mode="expand")
            if before is None:
                continue
            sent = before[0].sent
            clause = self.doc[sent.start : before[0].i]
            verb = clause.root if len(clause) else None
            if verb is None or verb.pos_ not in ("VERB", "AUX") or self.quotes.overlaps(clause.start_char, colon - 1):
                continue
            if any(c.dep_ in ("ccomp", "xcomp") and c.i < before[0].i for c in verb.children):
                continue  # "suggested the judge was biased: “...”": the clause is the claim, the quotation its evidence
            subject = next((c for c in verb.children if c.dep_ == "nsubj" and not self.quotes.inside(c.idx)), None)
            if subject is None or not (
                subject.pos_ == "PROPN" or (subject.pos_ == "PRON" and subject.lower_ in _PERSONAL_PRONOUNS)
            ):
                continue
            span = self._trim_quote(q)
            if span is None:
                continue
            cue_start = self._cue_bounds(verb)[0]
            speaker = self.speakers.resolve(subject)
            attribution = self._plain(speaker, self.text[cue_start:colon], cue_start, span[0], span[1], 0.1, "colon_quote",
                                      verb.lemma_.lower())
            results.append(self._noted(replace(attribution, kind=Kind.DIRECT), "colon_quote", verb.lemma_.lower(),
                                       speaker.how))
        return results

    def _name_before_colon(self) -> list[Attribution]:
        """A quotation after a name and a colon, the name closing its clause: "From the
        polling firm, analyst Dana Holt: “...”", "... doesn't surprise pollster Dana Holt:
        “...”". The named person or body speaks; the colon is the cue, as in a transcript.
        Not a name after a preposition ("one message for Holt:"), to whom words are addressed."""
        results = []
        for q in self.quotes.quotations:
            if not q.double:
                continue
            colon = q.open_mark
            while colon > 0 and self.text[colon - 1].isspace():
                colon -= 1
            if colon < 2 or self.text[colon - 1] != ":" or self.quotes.inside(colon - 1):
                continue
            before = self.doc.char_span(colon - 1, colon, alignment_mode="expand")
            if before is None or before[0].i == 0:
                continue
            last = self.doc[before[0].i - 1]
            if last.pos_ != "PROPN" or last.ent_type_ not in ("PERSON", "ORG") or self.quotes.inside(last.idx):
                continue
            head = np_head(last)
            if head.i != last.i or head.dep_ == "pobj" or head.head.pos_ == "ADP":
                continue
            span = self._trim_quote(q)
            if span is None:
                continue
            speaker = self.speakers.resolve(head)
            first = self.doc.char_span(speaker.mention_start, speaker.mention_end, alignment_mode="expand")
            verb = first[0] if first is not None and len(first) > 1 else None
            if verb is not None and verb.is_sent_start and verb.lower_ in _INVERTED_SAYS:
                # "Said Ellis: “...”", the verb read as part of the name: it is the cue.
                rest = self.doc[verb.i + 1]
                speaker = replace(speaker, mention_start=rest.idx, mention=self.text[rest.idx : speaker.mention_end])
                attribution = self._plain(speaker, verb.text, verb.idx, span[0], span[1], 0.15, "colon", "say")
            else:
                attribution = self._plain(speaker, ":", colon - 1, span[0], span[1], 0.15, "colon")
            results.append(replace(attribution, kind=Kind.DIRECT, start=span[0], end=span[1],
                                   text=self.text[span[0] : span[1]], pieces=(span,)))
            self._evidence[id(results[-1])] = self._evidence[id(attribution)]
        return results

    def _dash_signed(self, found: dict) -> list[Attribution]:
        """Quotations signed with a dash and a name: “...” ― Pamela Padilla, or under them on
        a line of their own."""
        results = []
        taken = [(a.start, a.end) for a in found.values()]
        for q in self.quotes.quotations:
            if q.close_mark is None or not q.double:
                continue
            m = _DASH_SIGNATURE_RE.match(self.text, q.after_close) or _DASH_LINE_RE.match(self.text, q.after_close)
            if not m:
                continue
            span = self._trim_quote(q)
            if span is None or any(s < span[1] and span[0] < e for s, e in taken):
                continue
            name_start = m.end()
            tokens = self.doc.char_span(name_start, name_start + 1, alignment_mode="expand")
            if tokens is None or tokens[0].pos_ != "PROPN":
                continue
            head = np_head(tokens[0])
            speaker = self.speakers.resolve(head)
            dash = m.group(1)
            dash_at = self.text.index(dash, q.after_close)
            cue = Cue(tokens[0], dash, dash_at, dash_at + len(dash), False, False)
            results.append(self._noted(Attribution(
                start=span[0], end=span[1], text=self.text[span[0]:span[1]], kind=Kind.DIRECT, cue=dash,
                cue_start=dash_at, cue_end=dash_at + len(dash), speaker=speaker.mention,
                speaker_start=speaker.mention_start, speaker_end=speaker.mention_end, speaker_name=speaker.name,
                speaker_kind=speaker.kind, speaker_title=speaker.title, via="",
                confidence=confidence(speaker, Kind.DIRECT, cue) - 0.1, pieces=(span,),
            ), "dash", how=speaker.how))
        return results
