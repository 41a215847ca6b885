"""Attribution rules over a parsed document.

Each cue (a reporting verb, "was quoted as saying", "according to") is read in three
steps: who speaks (subject, passive subject, inverted subject, or the speaker of the verb
it continues, as in "..., adding that ..."), what was said (an adjacent quotation, found
by character offsets so it may span sentences and paragraphs, else the verb's clausal
complement), and through whom ("by news agency AFP").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from spacy.tokens import Doc, Token

from .confidence import MIN_CONFIDENCE, DocumentContext, Evidence, confidence_of, features
from .cues import Cue, CuesMixin
from .deadline import Deadline
from .lexicon import (
    AS_VERBS,
    CONTENT_PREPOSITIONS,
    NP_CONTENT_VERBS,
    PREPOSITION_VERBS,
    RELATIVE_PRONOUNS,
    SPEECH_VERBS,
)
from .patterns import PatternsMixin
from .quotes import QuoteIndex, paragraph_spans
from .ranking import confidence, drop_nested_unnamed
from .speakers import (
    ArticleSpeakers,
    Speaker,
    np_head,
)
from .types import Attribution, Kind, Quotation, SpeakerKind
from .via import ViaMixin

_CLAUSE_DEPS = frozenset(
    {"nsubj", "nsubjpass", "aux", "auxpass", "neg", "advmod", "npadvmod", "dative", "dobj", "prep", "agent", "prt", "attr"}
)
_COMPLEMENT_DEPS = ("ccomp", "xcomp")
_GAP_BEFORE_RE = re.compile(r"^[\s,;:—–-]*$")
_GAP_AFTER_RE = re.compile(r"^[\s,;:—–-]*(?:that\s*)?$", re.IGNORECASE)
_GAP_RESUME_RE = re.compile(r"^[\s,;:.—–-]*$")
_TRIM_END = set(" \t\n,.;:—–-")
_CLEAN_START_END = ".!?:;—–-\"”’'"
_WORD_RE = re.compile(r"\w+")
_ASIDE_RE = re.compile(r",\s+(?:which|who|whom|whose|an?|the)\b")
_ASIDE_DEPS = frozenset({"relcl", "appos"})
_EVENT_NOUNS = frozenset({
    "rally", "speech", "interview", "statement", "debate", "tweet", "post", "appearance", "conference", "hearing",
    "meeting", "event", "address", "broadcast", "show", "program", "op-ed", "editorial", "letter", "email",
    "briefing", "campaign", "stop", "visit", "remarks", "town", "session", "call", "video", "ad", "message",
})
_QUESTION_WORDS = frozenset({"if", "whether", "why", "how", "what", "when", "who", "where", "which", "that"})
_SENTENCE_THEN_MORE_RE = re.compile(r"[.!?]\s+\S")
_DANGLING_WORDS = frozenset({"and", "but", "or", "nor", "while", "as", "because"})
_CLAUSE_BREAK_RE = re.compile(r"[,;:—–(]|\s-\s")


class AttributionFinder(CuesMixin, PatternsMixin, ViaMixin):
    """All attributions in one parsed document: cues (cues.py), then speaker, content and
    intermediary for each (via.py), then the patterns without a reporting verb (patterns.py)."""

    def __init__(self, doc: Doc, quotations: list[Quotation], text: str | None = None) -> None:
        self.doc = doc
        self.tokens = list(doc)  # spaCy makes a new Token object on every pass over a Doc
        self.text = doc.text if text is None else text
        self.quotes = QuoteIndex(quotations)
        self.speakers = ArticleSpeakers(doc, self.tokens)
        self._speaker_of: dict[int, Speaker | None] = {}
        self._cue_tokens: set[int] = set()
        # What the rules knew about each attribution they made, by id(attribution): the
        # features of the learned confidence (confidence.py).
        self._evidence: dict[int, Evidence] = {}
        self._paragraph_ends: list[int] | None = None

    # -- cues -------------------------------------------------------------------

    # -- speakers ---------------------------------------------------------------

    def _speaker_token(self, cue: Cue) -> tuple[Token | None, Token | None]:
        """(speaker head token, cue it inherits from) for one cue."""
        t = cue.token
        if cue.according:
            to = self.doc[t.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in t.children if c.dep_ == "pobj"]
            if objs:
                return objs[0], None
            for tok in self.doc[t.i + 2 : min(len(self.doc), t.i + 8)]:
                if tok.pos_ in ("PROPN", "NOUN", "PRON"):
                    return np_head(tok), None
            return None, None
        if cue.passive_agent:
            agents = [g for a in t.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]
            return (agents[0], None) if agents else (None, None)
        subj_deps = ("nsubjpass",) if cue.passive_quote else ("nsubj",)
        subjects = [c for c in t.children if c.dep_ in subj_deps and not self.quotes.inside(c.idx)]
        if subjects:
            s = min(subjects, key=lambda c: abs(c.i - t.i))
            if s.lower_ in RELATIVE_PRONOUNS and t.dep_ == "relcl":
                return t.head, None
            if s.lower_ in ("there",):
                return None, None
            return s, None
        if t.dep_ == "acl" and t.head.pos_ in ("NOUN", "PROPN") and t.tag_ == "VBG":
            return t.head, None
        if self._follows_quotation(t):
            for tok in self.doc[t.i + 1 : min(len(self.doc), t.i + 8)]:
                if tok.is_punct or tok.is_space:
                    break
                if tok.pos_ in ("PROPN", "NOUN", "PRON"):
                    return np_head(tok), None
        if t.dep_ in ("advcl", "conj", "xcomp", "pcomp", "ccomp") and t.head.i != t.i:
            # "..., adding that", "..., calling him a liar": the clause shares its subject.
            # An infinitive of a stance verb ("ignored a call to condemn X") may not.
            if t.lemma_.lower() in SPEECH_VERBS or t.tag_ in ("VBG", "VBD", "VBZ", "VBP") or t.dep_ == "conj":
                return None, t.head
            return None, None
        return None, None

    def _follows_quotation(self, t: Token) -> bool:
        before = self.text[: t.idx].rstrip(" \t,—–-")
        return bool(before) and before[-1] in "\"”’'" and self.quotes.inside(len(before) - 1)

    def _speaker(self, cue: Cue, cues_by_token: dict[int, Cue]) -> Speaker | None:
        key = cue.token.i
        if key in self._speaker_of:
            return self._speaker_of[key]
        self._speaker_of[key] = None  # guards against cycles in odd parses
        head, parent = self._speaker_token(cue)
        speaker: Speaker | None = None
        if head is not None and not self.quotes.inside(head.idx):
            speaker = self.speakers.resolve(head)
            relative = next(
                (c for c in cue.token.children if c.dep_ == "nsubj" and c.lower_ in RELATIVE_PRONOUNS), None
            )
            if relative is not None and cue.token.dep_ == "relcl" and head.i == cue.token.head.i:
                # "Mr. Obama, who said ...": the mention is "who", the speaker Mr. Obama. After
                # "that" and "which" the mention runs from the noun phrase to the pronoun
                # ("a raft of rules that promise"): annotators mark either, mostly the noun.
                start = relative.idx if relative.lower_ == "who" else min(speaker.mention_start, relative.idx)
                end = relative.idx + len(relative)
                speaker = replace(speaker, mention_start=start, mention_end=end, mention=self.text[start:end])
        elif parent is not None:
            # A continuation ("..., adding that") speaks with the voice of the reporting
            # verb it hangs from; failing that, with the subject of the nearest clause.
            # The outermost reporting verb: in "X said the union would ask for talks, adding
            # that ...", "adding" continues "said", not the reported "ask".
            governing = None
            for a in cue.token.ancestors:
                if a.i in cues_by_token and not cues_by_token[a.i].quote_only:
                    governing = a
            if governing is not None:
                speaker = self._speaker(cues_by_token[governing.i], cues_by_token)
            else:
                for node in cue.token.ancestors:
                    subjects = [c for c in node.children if c.dep_ == "nsubj" and not self.quotes.inside(c.idx)]
                    if subjects:
                        speaker = self.speakers.resolve(subjects[0])
                        break
            if speaker is not None:
                speaker = Speaker(speaker.mention_start, speaker.mention_end, speaker.mention, speaker.name,
                                  speaker.title, speaker.kind, "inherited:" + speaker.how)
        self._speaker_of[key] = speaker
        return speaker

    # -- content ----------------------------------------------------------------

    def _clause_extent(self, cue: Cue, speaker: Speaker | None) -> tuple[int, int]:
        t = cue.token
        start, end = cue.start, cue.end
        if cue.according:
            return t.idx, t.right_edge.idx + len(t.right_edge)
        objects_are_content = t.lemma_.lower() not in SPEECH_VERBS
        for c in t.children:
            if c.dep_ not in _CLAUSE_DEPS:
                continue
            if objects_are_content and c.i > t.i and (
                c.dep_ in ("dobj", "dative", "attr") or (c.dep_ == "prep" and c.lower_ in CONTENT_PREPOSITIONS)
            ):
                continue  # "criticized the plan": the object is what is attributed, not the frame
            left, right = c.left_edge, c.right_edge
            s, e = left.idx, right.idx + len(right)
            if self.quotes.overlaps(s, e):
                continue
            start, end = min(start, s), max(end, e)
        if speaker is not None and not speaker.how.startswith("inherited"):
            if abs(speaker.mention_start - end) < 40 or abs(start - speaker.mention_end) < 40:
                start, end = min(start, speaker.mention_start), max(end, speaker.mention_end)
        return start, end

    def _direct_before(self, a0: int) -> Quotation | None:
        """The quotation that ends just before the attribution clause ("Q," she said)."""
        best = None
        for q in self.quotes.quotations:
            if q.close_mark is not None and q.close_mark < a0 and (best is None or q.close_mark > best.close_mark):
                best = q
        if best is None:
            return None
        gap = self.text[best.after_close : a0]
        if not _GAP_BEFORE_RE.match(gap) or "\n" in gap:
            return None  # the quotation belongs to an earlier paragraph
        if self.text[best.start : best.end].rstrip().endswith("."):
            return None  # it ended its sentence: a new sentence starts the attribution
        if not self._starts_clean(best):
            return None
        return best

    def _direct_after(self, a1: int, interrupted: bool, cue: Cue) -> Quotation | None:
        """The quotation that starts just after the clause (she said: "Q"), or that resumes
        an interrupted one in the same paragraph ("Q1," she said. "Q2.")."""
        best = None
        for q in self.quotes.quotations:
            if q.open_mark >= a1 and (best is None or q.open_mark < best.open_mark):
                best = q
        if best is None:
            return None
        gap = self.text[a1 : best.open_mark]
        if not (
            _GAP_AFTER_RE.match(gap)
            or (interrupted and "\n" not in gap and (_GAP_RESUME_RE.match(gap) or self._gap_in_clause(a1, best.open_mark, cue)))
        ):
            return None
        if best.close_mark is not None:
            after = self.text[best.after_close : best.after_close + 40].lstrip()
            if after[:1].isalnum() and after[:1].islower():
                return None  # the quotation is only part of a longer sentence
        return best

    def _gap_in_clause(self, start: int, end: int, cue: Cue) -> bool:
        """True when every word between start and end hangs from the cue ("said Caddell,
        speaking of her health. "...""): the attribution, not new narration."""
        if not self.text[start:end].rstrip().endswith((",", ":", ".", "—", "–")):
            return False  # the quotation is a phrase inside the clause: "the plan was “fully funded”"
        subtree = {t.i for t in cue.token.subtree}
        words = [t for t in self.doc.char_span(start, end, alignment_mode="expand") or [] if not (t.is_punct or t.is_space)]
        return bool(words) and all(t.i in subtree for t in words)

    def _quote_paragraph_after(self, q: Quotation) -> Quotation | None:
        """The next paragraph when it is one quotation and nothing else ("Q1," she said.
        / "Q2."): the same speaker goes on, unless a cue of its own names another."""
        if q.close_mark is None:
            return None
        if self._paragraph_ends is None:
            self._paragraph_ends = [e for _, e in paragraph_spans(self.text)]
        ends = self._paragraph_ends
        i = bisect.bisect_left(ends, q.close_mark + 1)
        if i + 1 >= len(ends):
            return None
        p_end, next_end = ends[i], ends[i + 1]
        if _SENTENCE_THEN_MORE_RE.search(self.text, q.after_close, p_end):
            return None  # the paragraph went on to other things ("... she said. He then left.")
        nxt = next((r for r in self.quotes.quotations if p_end < r.open_mark < next_end and r.double), None)
        if nxt is None or nxt.close_mark is None or nxt.close_mark > next_end or self.text[p_end : nxt.open_mark].strip():
            return None
        if sum(q.after_close < self.tokens[i].idx < p_end for i in self._cue_tokens) > 1:
            return None  # "..., she said, adding that ...": the paragraph ends with another claim
        if self.text[nxt.after_close : next_end].strip(" \t\n.,;:!?"):
            return None  # the paragraph goes on after the quotation: an attribution of its own
        return nxt

    def _starts_clean(self, q: Quotation) -> bool:
        before = self.text[: q.open_mark].rstrip()
        # A quotation opening a paragraph starts clean, whatever ended the line before it
        # (a headline has no full stop).
        return not before or before[-1] in _CLEAN_START_END or "\n" in self.text[len(before) : q.open_mark]

    def _complement(self, cue: Cue, a0: int, a1: int) -> list[tuple[int, int]]:
        """The reported content as one piece, or two around a parenthetical attribution."""
        t = cue.token
        sent = t.sent
        before, after = self.text[sent.start_char : a0], self.text[a1 : sent.end_char]
        if cue.according and before.strip() and after.strip(" \t\n,.;:\"”'’)"):
            # "..., according to X, ..." inside a sentence: what comes after a colon, or the
            # sentence around the phrase.
            if before.rstrip().endswith(":"):
                piece = self._trim(a1, sent.end_char)
                return [piece] if piece else []
            pieces = [self._trim(sent.start_char, a0), self._trim(a1, sent.end_char)]
            return [p for p in pieces if p is not None]
        if (
            before.rstrip().endswith(",") and after.lstrip().startswith(",")
            and len(_WORD_RE.findall(before)) >= 2 and len(_WORD_RE.findall(after)) >= 2
        ):
            # "Acts of protest, Mr. Obama said, are acts of patriotism."
            pieces = [self._trim(sent.start_char, a0), self._trim(a1, sent.end_char)]
            return [p for p in pieces if p is not None]
        single = self._complement_one(cue, a0, a1)
        return [single] if single is not None else []

    def _complement_one(self, cue: Cue, a0: int, a1: int) -> tuple[int, int] | None:
        t = cue.token
        if cue.according:
            sent = t.sent
            s_start, s_end = sent.start_char, sent.end_char
            if not self.text[s_start:a0].strip(" \t\n,\"“”'‘’"):
                return self._trim(a1, s_end)
            if not self.text[a1:s_end].strip(" \t\n,.;:\"“”'‘’)"):
                return self._trim(s_start, a0)
            return self._trim(s_start, s_end)
        if cue.adjective is not None:
            content = self._adjective_content(t, cue.adjective)
            if content is None:
                return None
            end = self._clause_end(t, content.right_edge.idx + len(content.right_edge)) if content.dep_ == "ccomp" else (
                content.right_edge.idx + len(content.right_edge))
            return self._trim(content.left_edge.idx, end, min_words=1)
        lemma = t.lemma_.lower()
        if lemma in PREPOSITION_VERBS:
            prep = self._verb_preposition(t)
            objects = [g for g in prep.children if g.dep_ in ("pobj", "pcomp")] if prep is not None else []
            if not objects:
                return None
            last = objects[0].right_edge
            return self._trim(objects[0].left_edge.idx, last.idx + len(last), min_words=1)
        complements = [c for c in t.children if c.dep_ in _COMPLEMENT_DEPS]
        after = [c for c in complements if c.i > t.i]
        before = [c for c in complements if c.i < t.i]
        if not after and lemma in SPEECH_VERBS:
            # "Trump said after the convention he would not accept it": a clause with its
            # own subject, parsed as an adverbial, is still what was said.
            after = [
                c for c in t.rights
                if c.dep_ == "advcl" and any(g.dep_ == "nsubj" for g in c.children)
                and not any(g.dep_ == "mark" for g in c.children) and c.i not in self._cue_tokens
            ][:1]
        if after and lemma in NP_CONTENT_VERBS:
            # "found 31 incidents of fraud out of a billion ballots cast": an object right
            # after the verb is the content; a clause far behind it belongs to the object.
            objects = [
                c for c in t.rights
                if (c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ in CONTENT_PREPOSITIONS))
                and c.i < after[0].left_edge.i
            ]
            if objects:
                after = []
        if after:
            c = after[0]
            last = c.right_edge
            # "claimed to have found X, and in return providing Y": coordinated parts
            # hanging off the cue still belong to what was claimed; but a second verb in
            # the cue's own form with no subject ("said the bridge would open and thanked
            # the engineers") is the speaker's next act, and what was said ends before it.
            limit = None
            for sib in t.rights:
                if sib.i <= last.i:
                    continue
                if sib.dep_ == "conj" and sib.tag_ == t.tag_ and not any(
                    g.dep_ in ("nsubj", "nsubjpass", "expl") for g in sib.children
                ):
                    limit = sib.left_edge.idx
                    break
                if sib.dep_ in ("conj", "advcl", "cc", "punct") and sib.i not in self._cue_tokens:
                    if sib.dep_ in ("conj", "advcl"):
                        last = sib.right_edge
                else:
                    break
            return self._trim(c.left_edge.idx, self._clause_end(t, last.idx + len(last), limit))
        if before:
            c = before[-1]
            return self._trim(c.left_edge.idx, min(a0, c.right_edge.idx + len(c.right_edge)))
        if t.dep_ == "parataxis" and t.head.i < t.i:
            h = t.head
            return self._trim(h.left_edge.idx, a0)
        if cue.passive_agent:
            subjects = [c for c in t.children if c.dep_ == "nsubjpass"]
            if subjects:
                c = subjects[0]
                return self._trim(c.left_edge.idx, c.right_edge.idx + len(c.right_edge), min_words=1)
            return None
        if lemma in NP_CONTENT_VERBS or (lemma in AS_VERBS and self._casts_as(t)):
            return self._object_content(cue)
        return None

    def _cue_with_preposition(self, cue: Cue, content_start: int) -> Cue:
        """'talked about', 'called for': a preposition between the verb and the content
        belongs to the cue."""
        between = self.text[cue.end : content_start]
        words = between.split()
        if len(words) == 1 and words[0].lower() in CONTENT_PREPOSITIONS:
            end = cue.end + between.index(words[0]) + len(words[0])
            return replace(cue, text=self.text[cue.start : end], end=end)
        return cue

    def _object_content(self, cue: Cue) -> tuple[int, int] | None:
        """What a stance verb attributes: its objects ("criticized the plan", "called Trump
        a liar") or the object of a content preposition ("talked about taxes")."""
        t = cue.token
        parts = []
        for c in t.rights:
            if c.dep_ in ("punct", "cc", "advcl", "conj", "npadvmod", "advmod", "mark", "parataxis"):
                if parts:
                    break
                continue
            if c.dep_ in ("dobj", "oprd", "xcomp", "ccomp", "dative", "attr", "acomp", "prep"):
                parts.append(c)
        # Prepositional phrases at the end are circumstances ("in a speech on Friday"),
        # unless they carry the content ("talked about taxes", "described it as a scam").
        while len(parts) > 1 and self._circumstance(parts[-1]):
            parts.pop()  # "criticized the plan on Monday"
        while parts and parts[-1].dep_ == "prep" and parts[-1].lower_ not in CONTENT_PREPOSITIONS and not (
            parts[-1].lower_ == "as" and len(parts) > 1
        ):
            parts.pop()
        while parts and parts[0].dep_ == "prep" and parts[0].lower_ not in CONTENT_PREPOSITIONS:
            parts.pop(0)
        if not parts:
            return None
        if t.lemma_.lower() == "call" and not (
            any(p.dep_ in ("oprd", "xcomp", "ccomp") for p in parts) or (parts[0].dep_ == "prep" and parts[0].lower_ in ("for", "on"))
        ):
            return None  # "called the helpline" reports nothing; "called it a scam", "called for" do
        if len(parts) > 1 and parts[0].dep_ in ("dobj", "dative") and parts[1].dep_ == "ccomp" and (
            parts[1].left_edge.lower_ in _QUESTION_WORDS
        ):
            parts = parts[1:]  # "asked the mayor whether ...": the one addressed is not what was asked
        first = parts[0]
        if first.dep_ == "prep":
            objects = [g for g in first.children if g.dep_ in ("pobj", "pcomp")]
            if not objects:
                return None
            start = objects[0].left_edge.idx
            if len(parts) == 1:
                last = objects[0].right_edge
                return self._trim(start, last.idx + len(last), min_words=1)
        else:
            start = first.left_edge.idx
        last = parts[-1].right_edge
        return self._trim(start, self._clause_end(t, last.idx + len(last)), min_words=1)

    def _clause_end(self, t: Token, end: int, limit: int | None = None) -> int:
        """Annotators run a stance's object to the end of its clause ("complained about his
        mic the morning after the debate"); the small parser often cuts it short. Extend to
        the sentence's end or the next comma, semicolon or dash, whichever comes first."""
        sent_end = t.sent.end_char if limit is None else min(limit, t.sent.end_char)
        match = _CLAUSE_BREAK_RE.search(self.text, end, sent_end)
        stop = match.start() if match else sent_end
        # Not past a verb coordinated with the cue ("criticized the plan and called for a
        # vote"), nor into the circumstances of the speaking that close the clause
        # ("criticized the plan during a rally on Monday").
        region = self.doc.char_span(end, stop, alignment_mode="expand") or ()
        cut = None
        for tok in region:
            if tok.idx < end or tok.is_punct or tok.dep_ == "cc":
                continue
            top = tok
            while top.head.i != t.i and top.head.i != top.i:
                top = top.head
            if top.head.i != t.i:
                cut = None
            elif top.dep_ == "conj" and top.pos_ in ("VERB", "AUX"):
                return max(end, (cut if cut is not None else top.left_edge.idx))
            elif self._circumstance(top):
                cut = top.left_edge.idx if cut is None else cut
            else:
                cut = None
        return max(end, cut) if cut is not None else stop

    @staticmethod
    def _circumstance(tok: Token) -> bool:
        """When or where the speaker spoke, hanging from the cue: "on Monday", "during a
        rally", "last week"."""
        if tok.dep_ == "npadvmod" or (tok.dep_ == "advmod" and tok.ent_type_ in ("DATE", "TIME")):
            return tok.ent_type_ in ("DATE", "TIME")
        if tok.dep_ != "prep":
            return False
        objects = [c for c in tok.children if c.dep_ == "pobj"]
        return bool(objects) and (objects[0].ent_type_ in ("DATE", "TIME") or objects[0].lemma_.lower() in _EVENT_NOUNS)

    def _cut_at_continuation(self, cue: Cue, span: tuple[int, int]) -> tuple[int, int] | None:
        """End reported speech before a nested ', adding that ...': that is a claim of its own."""
        start, end = span
        for i in sorted(self._cue_tokens):
            tok = self.doc[i]
            if i == cue.token.i or not (start < tok.idx < end):
                continue
            if (
                tok.dep_ in ("advcl", "conj")
                and tok.lemma_.lower() in SPEECH_VERBS
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
            ):
                return self._trim(start, tok.left_edge.idx)
        return span if cue.according else self._cut_trailing_aside(span)

    def _cut_trailing_aside(self, span: tuple[int, int]) -> tuple[int, int] | None:
        """Annotators end what was said before the writer's own aside at its end: a
        relative clause (", who is 70") or an apposition (", the former governor")."""
        start, end = span
        aside = None
        for m in _ASIDE_RE.finditer(self.text, start, end):
            aside = m
        if aside is None or self.quotes.inside(aside.start()):
            return span
        words = self.doc.char_span(aside.end() - 1, aside.end(), alignment_mode="expand")
        if words is None:
            return span
        first = words[0]
        phrase = next((a for a in (first, *first.ancestors) if a.dep_ in _ASIDE_DEPS), None)
        if phrase is None or phrase.left_edge.i != first.i or phrase.right_edge.idx + len(phrase.right_edge) < end:
            return span  # "Walker, who charges fees, has lost money": the aside ends before the content does
        if phrase.dep_ == "appos" and any(c.dep_ == "conj" for c in phrase.children):
            return span  # "taxes, the deficit and jobs": a list, not an apposition
        return self._trim(start, aside.start()) or span

    def _trim(self, start: int, end: int, min_words: int = 2) -> tuple[int, int] | None:
        text = self.text
        while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
            start += 1
        while True:
            while end > start and (
                text[end - 1].isspace() or text[end - 1] in _TRIM_END
                or (text[end - 1] == ")" and "(" not in text[start:end])  # "(..., he said.)"
            ):
                end -= 1
            # A clause cut before the next one leaves its conjunction behind: "... and".
            word_start = max(text.rfind(" ", start, end), text.rfind(",", start, end), text.rfind("\n", start, end)) + 1
            if word_start <= start or text[word_start:end].lower() not in _DANGLING_WORDS:
                break
            end = word_start
        # Keep a quotation whole when the parse left one of its marks outside the span.
        for q in self.quotes.quotations:
            if q.close_mark is not None and start <= q.open_mark < end <= q.close_mark:
                if not text[end : q.close_mark].strip(" ,.;:!?"):
                    end = q.after_close
            if q.open_mark < start <= q.start and not text[q.start : start].strip():
                start = q.open_mark
        if end - start < 2 or len(_WORD_RE.findall(text[start:end])) < min_words:
            return None
        return start, end

    def _kind(self, start: int, end: int) -> Kind:
        """Reported speech is mixed when it carries a quotation, else indirect."""
        for q in self.quotes.quotations:
            close = q.close_mark if q.close_mark is not None else q.end
            if start <= q.open_mark and close < end + 1 and q.start >= start and q.end <= end:
                return Kind.MIXED
        return Kind.INDIRECT

    # -- main -------------------------------------------------------------------

    deadline: Deadline | None = None

    def find(self) -> list[Attribution]:
        """The attributions confident enough to report (MIN_CONFIDENCE)."""
        return [a for a, _ in self.find_with_features() if a.confidence >= MIN_CONFIDENCE]

    def find_with_features(self) -> list[tuple[Attribution, list[str]]]:
        """Every attribution, the least confident too, with the feature names its confidence
        was computed from (what bench/train_confidence.py learns from)."""
        found = self._find_all()
        context = DocumentContext(self.text, found)
        scored = []
        for a in found:
            # A pattern that forgot to note its evidence (patterns.py _noted) still gets scored.
            evidence = self._evidence.get(id(a)) or Evidence("other", "pattern", prior=a.confidence)
            names = features(a, evidence, context)
            scored.append((replace(a, confidence=confidence_of(a, names)), names))
        return scored

    def _find_all(self) -> list[Attribution]:
        """The attributions, scored by the rules' own prior (ranking.confidence), which only
        chooses between two readings of the same span; find() puts the learned one in its place."""
        cues = self._cues()
        by_token = {c.token.i: c for c in cues}
        self._cue_tokens = set(by_token)
        found: dict[tuple[int, int], Attribution] = {}
        for cue in cues:
            if self.deadline is not None:
                self.deadline.check()
            speaker = self._speaker(cue, by_token)
            if speaker is None:
                continue
            a0, a1 = self._clause_extent(cue, speaker)
            spans: list[tuple[int, int, Kind, tuple[tuple[int, int], ...]]] = []
            direct_ok = cue.passive_quote or cue.according or cue.quote_only or (
                cue.token.lemma_.lower() in SPEECH_VERBS
            )
            q_before = self._direct_before(a0)
            q_after = self._direct_after(a1, interrupted=q_before is not None, cue=cue)
            if cue.adjective is not None:
                q_before = q_after = None  # "was sure" never introduces a quotation
            elif not direct_ok:
                # A stance verb beside a short quoted phrase ("called them “deplorables”") is
                # reported speech with quoted words; only a quoted clause stands alone.
                q_before, q_after = (
                    q if q is not None and len(_WORD_RE.findall(self.text[q.start : q.end])) >= 4 else None
                    for q in (q_before, q_after)
                )
            quoted = [q for q in (q_before, q_after) if q is not None]
            own = tuple(p for p in (self._trim_quote(q) for q in quoted) if p)
            origin = "quote_both" if len(own) > 1 else ("quote_before" if q_before is not None else "quote_after")
            if quoted:
                follow = self._quote_paragraph_after(quoted[-1])
                if follow is not None:
                    quoted.append(follow)
            pieces = tuple(p for p in (self._trim_quote(q) for q in quoted) if p)
            if pieces:
                spans.append((pieces[0][0], pieces[-1][1], Kind.DIRECT, pieces))
            if not spans and cue.quote_only:
                continue
            if not spans:
                # "was quoted as saying that ...": the clause hangs from "saying", not "quoted".
                content = self._complement(replace(cue, token=cue.says) if cue.says is not None else cue, a0, a1)
                origin = "complement_split" if len(content) > 1 else "complement"
                if content:
                    last = self._cut_at_continuation(cue, content[-1])
                    content = content[:-1] + ([last] if last is not None else [])
                # The content may sit inside the clause's bounding box ("X had denounced the
                # annexation in an editorial"), but never over the cue or the speaker.
                frame = [(cue.start, cue.end)]
                if not speaker.how.startswith("inherited"):
                    frame.append((speaker.mention_start, speaker.mention_end))
                if content and len(content) == 1 and cue.token.dep_ == "relcl":
                    content = self._after_relative_frame(content[0], frame)
                if content and not any(s < fe and fs < e for s, e in content for fs, fe in frame):
                    if content[-1][1] <= a0 and direct_ok:
                        # "The plan may fail, Schiff said. "The other factor is ..."": the
                        # quotation after the attribution goes on with what was said before it.
                        resumed = self._direct_after(a1, interrupted=True, cue=cue)
                        piece = self._trim_quote(resumed) if resumed is not None else None
                        if piece is not None:
                            content = content + [piece]
                            origin = "complement_resumed"
                    start, end = content[0][0], content[-1][1]
                    spans.append((start, end, self._kind(start, end), tuple(content)))
            if not spans:
                continue
            cue = self._cue_with_preposition(cue, spans[0][0])
            if speaker.name and speaker.kind != SpeakerKind.UNNAMED:
                self.speakers.remember(speaker.mention_start, speaker.name, speaker.kind)
            via = self._via(cue)
            source = (
                "according" if cue.according else "passive_quote" if cue.passive_quote else
                "adjective" if cue.adjective is not None else "quote_only" if cue.quote_only else
                "passive_agent" if cue.passive_agent else "verb"
            )
            for start, end, kind, content_pieces in spans:
                prior = confidence(speaker, kind, cue)
                attribution = Attribution(
                    start=start,
                    end=end,
                    text=self.text[start:end],
                    kind=kind,
                    cue=cue.text,
                    cue_start=cue.start,
                    cue_end=cue.end,
                    speaker=speaker.mention,
                    speaker_start=speaker.mention_start,
                    speaker_end=speaker.mention_end,
                    speaker_name=speaker.name,
                    speaker_kind=speaker.kind,
                    speaker_title=speaker.title,
                    via=via,
                    confidence=prior,
                    pieces=content_pieces,
                )
                self._evidence[id(attribution)] = Evidence(
                    source, origin, cue.token.lemma_.lower(), cue.token.tag_, cue.token.dep_, speaker.how, prior)
                key = (start, end)
                if key not in found or found[key].confidence < attribution.confidence:
                    found[key] = attribution
        for colon_line in self._headline_colons():
            # "Rush Limbaugh: Hillary Asking Moderator ..." - a parse that runs a subject across
            # the colon into a verb of the headline is wrong; the colon form wins.
            colon = colon_line.cue_start
            for key, a in list(found.items()):
                if a.speaker_start is not None and a.speaker_start < colon < a.cue_start and a.end <= colon_line.end + 2:
                    del found[key]
            if not any(s < colon_line.end and colon_line.start < e for s, e in found):
                found[(colon_line.start, colon_line.end)] = colon_line
        for attribution in (
            self._dash_signed(found) + self._headline_verb() + self._evidence_phrases() + self._words_of() + self._put_it()
            + self._sourceless()
            + self._owned_nouns() + self._questions_asked()
        ):
            if not any(s < attribution.end and attribution.start < e for s, e in found):
                found[(attribution.start, attribution.end)] = attribution
        return drop_nested_unnamed(sorted(found.values(), key=lambda a: (a.start, a.end)))

    def _after_relative_frame(self, piece: tuple[int, int], frame: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """"a wall, which he said the county should pay for": the parse starts the reported
        clause at the relative pronoun, before the speaker and cue; what was said follows them."""
        start, end = piece
        first = _WORD_RE.match(self.text, start)
        frame_end = max(fe for _, fe in frame)
        if first is None or first.group().lower() not in RELATIVE_PRONOUNS or not start < frame[0][0] < end:
            return [piece]
        rest = self._trim(frame_end, end)
        return [rest] if rest is not None else []

    def _trim_quote(self, q: Quotation) -> tuple[int, int] | None:
        start, end = q.start, q.end
        while end > start and self.text[end - 1] in " \t\n,.;:":
            end -= 1
        while start < end and self.text[start].isspace():
            start += 1
        return (start, end) if end > start else None
