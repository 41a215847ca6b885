"""What was said: the content span of each cue, as annotators mark it.

An adjacent quotation, found by character offsets so it may span sentences and paragraphs
("Q," she said / she said: "Q" / a next paragraph that is one quotation), else the verb's
clausal complement or a stance verb's object, cut where the reported speech ends (a nested
", adding that ...", the writer's own aside, the circumstances of the speaking). Mixed
into AttributionFinder (rules.py).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from spacy.tokens import Doc, Token

from .cues import Cue
from .lexicon import (
    AS_VERBS,
    BELIEF_PREPOSITIONS,
    BELIEF_VERBS,
    CONTENT_PREPOSITIONS,
    COORDINATORS,
    DISCOURSE_CONNECTIVES,
    DOCUMENT_NOUNS,
    NP_CONTENT_VERBS,
    PARTY_ENTITIES,
    PARTY_PRONOUNS,
    PREPOSITION_VERBS,
    RELATIVE_PRONOUNS,
    SPEECH_VERBS,
)
from .quotes import QuoteIndex, paragraph_spans
from .speakers import Speaker
from .types import Kind, Quotation

_CLAUSE_DEPS = frozenset(
    {"nsubj", "nsubjpass", "aux", "auxpass", "neg", "advmod", "npadvmod", "dative", "dobj", "prep", "agent", "prt", "attr"}
)
_COMPLEMENT_DEPS = ("ccomp", "xcomp")
_PROFORM_ANSWERS = frozenset(("yes", "no", "so"))
_QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019`"
_GAP_BEFORE_RE = re.compile(r"^[\s,;:—–-]*$")
_GAP_AFTER_RE = re.compile(r"^[\s,;:—–-]*(?:that\s*)?$", re.IGNORECASE)
_GAP_RESUME_RE = re.compile(r"^[\s,;:.—–-]*$")
_LEADING_THAT_RE = re.compile(r"\bthat\s*$", re.IGNORECASE)
_RELATIVE_BEFORE_RE = re.compile(r"\b(?:which|who|whom|that)\s*$", re.IGNORECASE)
_TRIM_END = set(" \t\n,.;:—–-")
_CLEAN_START_END = ".!?:;—–-\"”’'"
_WORD_RE = re.compile(r"\w+")
_ASIDE_RE = re.compile(r",\s+(?:which|who|whom|whose|an?|the)\b")
_ASIDE_DEPS = frozenset({"relcl", "appos"})
# Words of a noun phrase before the mention the parse chose ("another friend, Ann Lee").
_NOMINAL_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "PART", "SYM"})
# Characters a speaker's noun phrase reaches over at most, between a quotation and its verb;
# past it a name there is not the quotation's speaker (rules.py reads the same limit).
_NAMED_GAP_LIMIT = 150
_SENTENCE_END_RE = re.compile(r"[.!?](?:\s|$)")
_EVENT_NOUNS = frozenset({
    "rally", "speech", "interview", "statement", "debate", "tweet", "post", "appearance", "conference", "hearing",
    "meeting", "event", "address", "broadcast", "show", "program", "op-ed", "editorial", "letter", "email",
    "briefing", "campaign", "stop", "visit", "remarks", "town", "session", "call", "video", "ad", "message",
})
# Where words are put out: "on Twitter", "on television", "on the campaign trail", "on the floor".
_MEDIUM_NOUNS = frozenset({
    "twitter", "facebook", "instagram", "television", "tv", "radio", "air", "trail", "floor", "stage", "website",
    "blog", "podcast", "camera",
})
_QUESTION_WORDS = frozenset({"if", "whether", "why", "how", "what", "when", "who", "where", "which", "that"})
_SENTENCE_THEN_MORE_RE = re.compile(r"[.!?]\s+\S")
_LINE_BREAK_RE = re.compile(r"[ \t]*\n\s*")
# Whom words are put to, when no name says it: "asked the crowd, “...”".
_ADDRESSEE_NOUNS = frozenset("crowd audience reporter journalist supporter voter listener viewer room".split())
_BARE_END_RE = re.compile(r"[ \t]*\.(?:\s|$)")
_ASPECTUAL_VERBS = frozenset("begin start continue".split())
_OBJECT_THEN_QUOTE_RE = re.compile(r"[ \t]*[,:][ \t]*[\"“]")
_DANGLING_WORDS = frozenset({"and", "but", "or", "nor", "while", "as", "because"})
_CONCESSIVE_MARKS = frozenset({"although", "though", "while", "whereas", "as"})
_OCCASION_PREPOSITIONS = frozenset({"during", "after", "before", "amid", "following"})
_AFTER_WORDS = frozenset({"after", "following", "amid"})
# A dateline opening a story's first sentence: "TALLAHASSEE — ", "LOS ANGELES, Feb. 2 (UPI) - ".
_DATELINE_RE = re.compile(r"[A-Z][A-Z.' ]+(?:, [A-Z][a-z]+\.? \d+)?(?: \([A-Za-z]+\))? [—–―-]+ ")
_CONNECTIVE_RE = re.compile(
    r"(?:%s)\b,?\s+" % "|".join(sorted((re.escape(c) for c in DISCOURSE_CONNECTIVES), key=len, reverse=True)),
    re.IGNORECASE,
)
# A dash right after a content's end, and whether the words break off there ("get —.").
_DASH_AFTER_RE = re.compile(r"(\s*(?:—|–|--|\s-))(\s*(?:[.!?]?[\"”’](?!\w)|[.!?]?\n|[.!?]?$))?")
_ASIDE_DASH_RE = re.compile(r"—|–|--|\s-\s")
_CLAUSE_BREAK_RE = re.compile(r"[,;:—–(]|\s-\s")
# Clauses that describe a noun ("said Ann Lee, who thinks often about ..."): a cue verb in
# one is no claim that ends the paragraph.
_DESCRIBING_DEPS = frozenset({"relcl", "acl"})
# Punctuation that closes an utterance inside its marks: “We'll see,” / “Go!”
_UTTERANCE_END = frozenset(",.!?")
# What may stand around a quotation that is all of a content: she said, (“We will win.”)
_AROUND_QUOTATION = " \t\n,.;:!?()[]—–-"
# "The bridge will close, the mayor said." / "... close — the mayor said.": what closes the
# reported clause before an attribution at the sentence's end, and what may follow it.
_FRONTED_CONTENT_ENDS = (",", "—", "–")
_AFTER_ATTRIBUTION = " \t\n.,;:!?\"”’'"
_FRONTED_MIN_WORDS = 3
# How far after a reporting verb a "that" the parser hung from a noun may still open what
# was said ("told the audience at his fundraiser that ...").
_STRAY_THAT_REACH = 12
# How the parser may hang a fronted reported clause from the cue; any other child before
# the cue is the cue's own adverbial.
_FRONTED_CLAUSE_DEPS = frozenset({"ccomp", "parataxis", "dep", "punct", "nsubj", "aux", "neg"})
_SUBORDINATE_DEPS = frozenset({"relcl", "acl", "xcomp", "pcomp", "csubj", "amod"})
_SUBORDINATING_ADVERBS = frozenset({"as", "while", "though", "although", "because", "since", "once"})
_OBJECT_DEPS = frozenset({"dobj", "dative", "attr", "oprd", "xcomp", "ccomp", "acomp", "conj", "advcl"})


class ContentMixin:
    """Content spans for AttributionFinder."""

    doc: Doc
    tokens: list[Token]
    text: str
    quotes: QuoteIndex
    _cue_tokens: set[int]
    _paragraph_ends: list[int] | None

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
            ) and not (c.dep_ in ("dobj", "dative") and self._before_quotation(c.right_edge) and self._addressee_or_document(c)):
                # "criticized the plan": the object is what is attributed, not the frame; but
                # "asked the crowd, “Can she stay?”", "issued a statement, “...”": whom the
                # quotation was put to, or what carried it.
                continue
            left, right = c.left_edge, c.right_edge
            s, e = left.idx, right.idx + len(right)
            if self.quotes.overlaps(s, e):
                continue
            start, end = min(start, s), max(end, e)
        if speaker is not None and not speaker.how.startswith("inherited"):
            if abs(speaker.mention_start - end) < 40 or abs(start - speaker.mention_end) < 40:
                start, end = min(start, speaker.mention_start), max(end, speaker.mention_end)
        return start, end

    @staticmethod
    def _addressee_or_document(tok: Token) -> bool:
        """A person, a body or an audience spoken to, or a document that carries words."""
        return (
            tok.lower_ in PARTY_PRONOUNS or tok.ent_type_ in PARTY_ENTITIES
            or tok.lemma_.lower() in DOCUMENT_NOUNS or tok.lemma_.lower() in _ADDRESSEE_NOUNS
        )

    def _before_quotation(self, tok: Token) -> bool:
        """Whether a comma or colon and then a double quotation follow tok directly."""
        return _OBJECT_THEN_QUOTE_RE.match(self.text, tok.idx + len(tok)) is not None

    def _direct_before(
        self, a0: int, speaker: Speaker | None = None, a1: int = 0, cue: Cue | None = None
    ) -> Quotation | None:
        """The quotation that ends just before the attribution clause ("Q," she said), or
        before the speaker's noun phrase that opens it ("Q," a friend, Ann Lee, 58, who
        ..., said) when the parse left part of that phrase outside the clause."""
        best = None
        for q in self.quotes.quotations:
            if q.close_mark is not None and q.close_mark < a0 and (best is None or q.close_mark > best.close_mark):
                best = q
        if best is None:
            return None
        gap = self.text[best.after_close : a0]
        if "\n" in gap:
            return None  # the quotation belongs to an earlier paragraph
        if not _GAP_BEFORE_RE.match(gap) and not self._only_speaker_between(best.after_close, a0, speaker):
            return None
        if self.text[best.start : best.end].rstrip().endswith(".") and not (cue is not None and self._bare_attribution(cue, a1)):
            # It ended its sentence: a new sentence starts the attribution, unless that
            # sentence is the bare attribution and nothing else ("“... missing.” Trump said.").
            return None
        if not self._starts_clean(best):
            return None
        return best

    def _bare_attribution(self, cue: Cue, a1: int) -> bool:
        """A sentence that is the attribution and nothing else ("Trump said.", "she told
        reporters on Monday."): the verb has no words of its own to report."""
        if not _BARE_END_RE.match(self.text, a1):
            return False
        return not any(
            c.dep_ in ("ccomp", "xcomp", "attr", "oprd") or (c.dep_ == "dobj" and not self._addressee_or_document(c))
            for c in cue.token.children
        )

    def _only_speaker_between(self, start: int, end: int, speaker: Speaker | None) -> bool:
        """Whether the words from start to the clause at end are the speaker's noun phrase
        and nothing else: the mention, what hangs from its head (", 58, of Ohio, who was
        polled,"), and the nominal words before it that the parse cut off ("another friend,
        Ann Lee"). Nothing of the writer's narration: no verb outside the mention's phrase."""
        if speaker is None or speaker.how.startswith("inherited") or not start <= speaker.mention_start <= end:
            return False
        gap = self.text[start:end]
        if len(gap) > _NAMED_GAP_LIMIT or _SENTENCE_END_RE.search(gap) or any(ch in _QUOTE_MARKS for ch in gap):
            return False
        mention = self.doc.char_span(speaker.mention_start, speaker.mention_end, alignment_mode="expand")
        if mention is None:
            return False
        phrase = {t.i for t in mention.root.subtree}
        words = [t for t in self.doc.char_span(start, end, alignment_mode="contract") or []
                 if not (t.is_punct or t.is_space)]
        if not words:
            return False
        if words[0].idx < speaker.mention_start and mention.root.pos_ == "PRON":
            return False  # "“Q,” at the rally, he said": a pronoun takes no words before it
        return all(t.i in phrase or (t.idx < speaker.mention_start and t.pos_ in _NOMINAL_POS) for t in words)

    def _direct_after(self, a1: int, interrupted: bool, cue: Cue, speaker: Speaker | None = None) -> Quotation | None:
        """The quotation that starts just after the clause (she said: "Q"), or that resumes
        an interrupted one in the same paragraph ("Q1," she said. "Q2.")."""
        after = sorted((q for q in self.quotes.quotations if q.open_mark >= a1), key=lambda q: q.open_mark)[:2]
        if not after:
            return None
        best = after[0]
        if not self._adjacent(a1, best, interrupted, cue, speaker):
            # Past a title quoted in the attribution ("said Ann Lee, host of “Harbour Talk.”
            # “I mean ...”"): the next quotation, if it opens a sentence.
            best = after[-1]
            if not (interrupted and best is not after[0] and self._starts_clean(best) and self._adjacent(a1, best, True, cue, speaker)):
                return None
        own_line = "\n" in self.text[min(a1, cue.end) : best.open_mark]
        # A verb that only ever carries a quotation has it as its object, whatever the
        # sentence goes on with ("chanted “no contract, no peace” after the talks failed").
        # Not an aspectual verb ("has begun “to unmask ...”"), nor a single quoted word (a term).
        its_object = (
            cue.quote_only and a1 == cue.end and not self.text[a1 : best.open_mark].strip()
            and cue.token.lemma_.lower() not in _ASPECTUAL_VERBS and len(_WORD_RE.findall(self.text, best.start, best.end)) > 1
        )
        if best.close_mark is not None and not its_object and (interrupted or own_line or not self._closed_utterance(best)):
            after = self.text[best.after_close : best.after_close + 40].lstrip()
            if after[:1].isalnum() and after[:1].islower():
                return None  # the quotation is only part of a longer sentence
        return best

    def _adjacent(self, a1: int, q: Quotation, interrupted: bool, cue: Cue, speaker: Speaker | None = None) -> bool:
        """Whether only the attribution's punctuation, or words of its clause when it
        interrupts a quotation, stand between its end a1 and the quotation q."""
        gap = self.text[a1 : q.open_mark]
        return bool(
            _GAP_AFTER_RE.match(gap)
            # "Lee joked, again in a thick accent, “...”": an aside of the verb's own
            or self._verb_aside(a1, q.open_mark, cue)
            or (interrupted and "\n" not in gap and (
                _GAP_RESUME_RE.match(gap) or self._gap_in_clause(a1, q.open_mark, cue)
                or self._speaker_aside(a1, q.open_mark, speaker)
            ))
        )

    def _verb_aside(self, start: int, end: int, cue: Cue) -> bool:
        """True for an aside of the verb's own set off by commas between it and the quotation
        ("Lee joked, again in a thick accent, “...”", "..., and joked, “...”"): within the
        sentence, and no finite clause of its own ("Lee said, there is a reason: “...”")."""
        gap = self.text[start:end]
        if not gap.lstrip().startswith(",") or "\n" in gap or _SENTENCE_END_RE.search(gap):
            return False
        span = self.doc.char_span(start, end, alignment_mode="expand") or []
        if any(t.tag_ in ("VBZ", "VBP", "VBD", "MD") for t in span):
            return False
        return self._gap_in_clause(start, end, cue)

    def _speaker_aside(self, start: int, end: int, speaker: Speaker | None) -> bool:
        """True when the words from start to end describe the speaker and nothing else
        ("“Q1,” said Ann Lee, an economist who runs the county forecast, “q2”", or ". “Q2”"),
        however the parse hung the name: what interrupts is the attribution."""
        if speaker is None or speaker.how.startswith("inherited") or speaker.mention_end > start:
            return False
        gap = self.text[start:end]
        if not gap.rstrip().endswith((",", ".", "—", "–")) or any(ch in _QUOTE_MARKS for ch in gap):
            return False
        mention = self.doc.char_span(speaker.mention_start, speaker.mention_end, alignment_mode="expand")
        if mention is None or mention.root.pos_ == "PRON":
            return False
        phrase = {t.i for t in mention.root.subtree}
        words = [t for t in self.doc.char_span(start, end, alignment_mode="contract") or []
                 if not (t.is_punct or t.is_space)]
        return bool(words) and all(t.i in phrase for t in words)

    def _closed_utterance(self, q: Quotation) -> bool:
        """A quotation that opens on a capital and closes on punctuation inside its marks
        (“Nobody asked us,” / “Go home!”): a whole utterance, whatever the writer's sentence
        does after it ("joked, “...,” drawing jeers"). Only after the cue: a quotation that
        resumes an interrupted one and goes on in lower case has a speaker of its own
        ("“...,” he said. “...,” she added"), and so has one in a paragraph of its own."""
        inner = self.text[q.start : q.end].rstrip()
        first = _WORD_RE.search(inner)
        return first is not None and first.group()[0].isupper() and inner[-1:] in _UTTERANCE_END

    def _quotation_start(self, cue: Cue, a0: int, a1: int, q: Quotation) -> int:
        """Where the span of a quotation after the attribution opens, as annotators mark it:
        on the "that" before the quotation (she said that "Q"), or on the relative pronoun
        before the speaker ("a plan, which he called "a disaster""); else at the quotation."""
        that = _LEADING_THAT_RE.search(self.text, a1, q.open_mark)
        if that is not None:
            return that.start()
        if cue.token.dep_ == "relcl":
            sent_start = cue.token.sent.start_char
            pronoun = _RELATIVE_BEFORE_RE.search(self.text[sent_start:a0])
            if pronoun is not None:
                return sent_start + pronoun.start()
        return q.start

    def _sentence_before_aside(
        self, cue: Cue, speaker: Speaker, a0: int, a1: int, q: Quotation
    ) -> tuple[int, int] | None:
        """The writer's opening words when the attribution is an aside inside a sentence that
        the quotation after it completes in lower case ("If the bridge closes, she said,
        “the town is cut in two.”", "That, the panel said, “would help.”"): what was said is
        the whole sentence, quoted only in part. None when the quotation opens a sentence
        of its own, when only a connective stands before the aside ("Still, he added, “...”"),
        or when the words before it hold a quotation or another voice."""
        first = _WORD_RE.search(self.text, q.start, q.end)
        if first is None or not first.group()[0].islower():
            return None
        if speaker.how.startswith("inherited") or not a0 <= speaker.mention_start < a1:
            return None  # not an aside with its own speaker: "..., telling her, “you ...”"
        # The aside is the speaker and the verb; the clause's own adverbials before them
        # ("Sooner or later, the mayor said, ...") open the writer's sentence.
        # An aside set off by commas is the speaker and the verb alone; the clause's own
        # adverbials before them ("Sooner or later, the mayor said, “...”") belong to the
        # writer's sentence. Without the comma the quotation is the verb's object ("In her
        # speech, she said “...”") and the whole clause stands apart.
        aside = min(cue.start, speaker.mention_start) if self.text[a1 : q.open_mark].strip().startswith(",") else a0
        sent_start = cue.token.sent.start_char
        if sent_start >= aside or not self.text[sent_start:aside].rstrip().endswith(","):
            return None
        if self.quotes.overlaps(sent_start, aside) or any(sent_start <= self.tokens[i].idx < aside for i in self._cue_tokens):
            return None
        return self._trim(self._sentence_start(sent_start, aside), aside, min_words=1)

    def _gap_in_clause(self, start: int, end: int, cue: Cue) -> bool:
        """True when every word between start and end hangs from the cue ("said Caddell,
        speaking of her health. "...""): the attribution, not new narration."""
        if not self.text[start:end].rstrip().rstrip(_QUOTE_MARKS).endswith((",", ":", ".", "—", "–")):
            return False  # the quotation is a phrase inside the clause: "the plan was “fully funded”"
        subtree = {t.i for t in cue.token.subtree}
        words = [t for t in self.doc.char_span(start, end, alignment_mode="expand") or [] if not (t.is_punct or t.is_space)]
        if words and words[-1].i in self._cue_tokens and words[-1].i != cue.token.i:
            return False  # '"Q1," she said, adding, "Q2"': the second quotation is what she added
        return bool(words) and all(t.i in subtree for t in words)

    def _quote_paragraph_after(self, q: Quotation) -> Quotation | None:
        """The next paragraph when it is one quotation and nothing else ("Q1," she said.
        / "Q2."): the same speaker goes on, unless a cue of its own names another."""
        if q.close_mark is None:
            return None
        if self._paragraph_ends is None:
            # Lines, not only blank-line paragraphs: a text that breaks paragraphs with one
            # newline puts the next quotation on a line of its own all the same.
            self._paragraph_ends = [m.start() for m in _LINE_BREAK_RE.finditer(self.text)] + [len(self.text)]
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
        if sum(q.after_close < self.tokens[i].idx < p_end and self.tokens[i].dep_ not in _DESCRIBING_DEPS
               for i in self._cue_tokens) > 1:
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
            pieces = [self._trim(self._sentence_start(sent.start_char, a0), a0), self._trim(a1, sent.end_char)]
            return [p for p in pieces if p is not None]
        if (
            before.rstrip().endswith(",") and after.lstrip().startswith(",")
            and len(_WORD_RE.findall(before)) >= 1 and len(_WORD_RE.findall(after)) >= 2
        ):
            # "Acts of protest, Mr. Obama said, are acts of patriotism."
            pieces = [self._trim(sent.start_char, a0), self._trim(a1, sent.end_char)]
            return [p for p in pieces if p is not None]
        single = self._complement_one(cue, a0, a1)
        return [single] if single is not None else []

    def _sentence_start(self, start: int, limit: int, coordinator: bool = True) -> int:
        """Where a source's words begin in a sentence that starts at start: after a dateline
        ("TALLAHASSEE — ") and a connective of the writer's ("Meanwhile, ", "In fact, ").
        A coordinator ("But ...") is the writer's before "according to"; annotators keep
        it with the words a reporting verb attributes ("But, he said, ...")."""
        dateline = _DATELINE_RE.match(self.text, start, limit)
        if dateline is not None:
            start = dateline.end()
        match = _CONNECTIVE_RE.match(self.text, start, limit)
        if match is None or not (coordinator or (
            match.group().rstrip().endswith(",") and match.group().split()[0].lower() not in COORDINATORS
        )):
            return start
        return match.end()

    def _complement_one(self, cue: Cue, a0: int, a1: int) -> tuple[int, int] | None:
        t = cue.token
        if cue.according:
            sent = t.sent
            s_start, s_end = sent.start_char, sent.end_char
            if not self.text[s_start:a0].strip(" \t\n,\"“”'‘’"):
                return self._trim(a1, s_end)
            s_start = self._sentence_start(s_start, a0)
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
        if cue.named is not None:
            # "expressed concern that ...", "voiced support for ...": what follows the object.
            named = cue.named
            if named.dep_ == "prep":
                named = next(g for g in named.children if g.dep_ in ("pobj", "pcomp"))
            return self._trim(named.left_edge.idx, named.right_edge.idx + len(named.right_edge), min_words=1)
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
                and c.lower_ not in ("to", "with")  # "wrote to the board that ...": the addressee
                and not (c.dep_ == "prep" and after[0].dep_ == "ccomp" and (
                    c.lower_ == "on" or self._circumstance(c)
                ))  # "announced on Tuesday that ...", "declared on television that ..."
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
                if self._concession(sib):
                    break  # "said X, although Y": the writer's own clause
                if sib.dep_ in ("conj", "advcl", "cc", "punct") and sib.i not in self._cue_tokens:
                    if sib.dep_ in ("conj", "advcl"):
                        last = sib.right_edge
                else:
                    break
            return self._trim(c.left_edge.idx, self._clause_end(t, last.idx + len(last), limit))
        if before:
            c = before[-1]
            return self._trim(self._sentence_start(c.left_edge.idx, a0, coordinator=False), min(a0, c.right_edge.idx + len(c.right_edge)))
        stray = self._stray_that_clause(t) if lemma in SPEECH_VERBS else None
        if stray is not None:
            return stray
        fronted = self._fronted_content(t, a0, a1) if lemma in SPEECH_VERBS else None
        if fronted is not None:
            return fronted
        as_said = self._as_said(t, a1) if lemma in SPEECH_VERBS else None
        if as_said is not None:
            return as_said
        proform = self._proform_answer(t) if lemma in SPEECH_VERBS else None
        if proform is not None:
            # "said yes", "has said so": the one word stands for what was said.
            return self._trim(proform.idx, proform.idx + len(proform), min_words=1)
        if t.dep_ == "parataxis" and t.head.i < t.i:
            h = t.head
            return self._trim(self._sentence_start(h.left_edge.idx, a0, coordinator=False), a0)
        if cue.passive_agent:
            subjects = [c for c in t.children if c.dep_ == "nsubjpass"]
            if subjects:
                c = subjects[0]
                return self._trim(c.left_edge.idx, c.right_edge.idx + len(c.right_edge), min_words=1)
            return None
        if lemma in NP_CONTENT_VERBS or (lemma in AS_VERBS and self._casts_as(t)):
            return self._object_content(cue)
        if lemma in BELIEF_VERBS:
            held = self._belief_object(t)
            if held is not None:
                return held
        if lemma == "say" and any(c.dep_ == "dobj" and c.i > t.i and c.lower_ != "it" for c in t.children):
            # "said the same of Clinton", "said something about taxes": what was said, named
            # ("said it" points back to words given before).
            return self._object_content(cue)
        return None

    def _fronted_content(self, t: Token, a0: int, a1: int) -> tuple[int, int] | None:
        """"The bridge will close in May, the mayor said.": the clause before the comma is
        what was said, however the small parser hung it (often the cue becomes an adverbial
        of the reported verb, or a root beside it). Only for a cue with its own subject that
        closes the sentence with nothing after it but the circumstances ("said on Monday");
        not for a subordinate cue ("..., when the agency briefed him") nor after the cue's
        own adverbial ("As the vote neared, Kim warned ...")."""
        if t.tag_ == "VBG" or t.dep_ in _SUBORDINATE_DEPS:
            return None  # "..., adding that", "who accused": the clause before is the speaker's own
        if not any(c.dep_ == "nsubj" and c.lower_ not in RELATIVE_PRONOUNS for c in t.children):
            return None
        if any(c.dep_ == "mark" or (c.dep_ == "advmod" and c.lower_ in _QUESTION_WORDS | _SUBORDINATING_ADVERBS)
               for c in t.children) or self._has_object(t):
            return None
        sent = t.sent
        if not self.text[sent.start_char : a0].rstrip().endswith(_FRONTED_CONTENT_ENDS):
            return None
        if self.text[a1 : sent.end_char].strip(_AFTER_ATTRIBUTION):
            return None
        region = self.doc.char_span(sent.start_char, a0, alignment_mode="contract")
        if region is None or any(
            tok.head.i == t.i and tok.dep_ not in _FRONTED_CLAUSE_DEPS for tok in region
        ):
            return None  # the cue's own circumstances: "In the last debate, Kim warned"
        return self._trim(self._sentence_start(sent.start_char, a0, coordinator=False), a0, min_words=_FRONTED_MIN_WORDS)

    def _stray_that_clause(self, t: Token) -> tuple[int, int] | None:
        """"told the audience at his fundraiser that ...", "said in a statement that ...":
        the parser hangs the reported clause from the noun just before it; a "that" clause
        in the cue's own phrase, after the cue, is still what was said."""
        for tok in t.subtree:
            if tok.i <= t.i or tok.i - t.i > _STRAY_THAT_REACH:
                continue
            noun = tok.head.head
            if tok.dep_ == "mark" and tok.lower_ == "that" and tok.head.dep_ in ("acl", "relcl", "ccomp") and (
                noun.pos_ in ("NOUN", "PROPN") and noun.i < tok.i
                and not any(w.lower_ in ("so", "such") for w in noun.subtree if w.i < noun.i)  # "so many lies that"
            ):
                clause = tok.head
                return self._trim(tok.idx, self._clause_end(t, clause.right_edge.idx + len(clause.right_edge)))
        return None

    def _belief_object(self, t: Token) -> tuple[int, int] | None:
        """"believe in free trade", "think about the deficit": what a belief is about,
        through its preposition right after the verb ("in" only after "believe": "learned
        in the contests" says where)."""
        allowed = BELIEF_PREPOSITIONS | ({"in"} if t.lemma_.lower() == "believe" else set())
        prep = next((c for c in t.rights if c.dep_ == "prep" and c.lower_ in allowed and c.i == t.i + 1), None)
        objects = [g for g in prep.children if g.dep_ in ("pobj", "pcomp")] if prep is not None else []
        if not objects:
            return None
        last = objects[0].right_edge
        return self._trim(objects[0].left_edge.idx, last.idx + len(last), min_words=1)

    def _has_object(self, t: Token) -> bool:
        """Whether something after the cue is what it reports ("reiterated his belief",
        "agreed to a deal"), rather than the circumstances of the speaking ("on Monday")."""
        return any(
            c.i > t.i and (c.dep_ in _OBJECT_DEPS or (
                c.dep_ == "prep" and c.lower_ in CONTENT_PREPOSITIONS and not self._circumstance(c)
            ))
            for c in t.children
        )

    def _as_said(self, t: Token, a1: int) -> tuple[int, int] | None:
        """"As the mayor noted, the bridge is a disgrace" / "..., as the mayor noted.": the
        clause around the phrase; not "as lawmakers accused each other of ..." (a time, with
        the cue's own object)."""
        mark = next((c for c in t.children if c.dep_ == "mark" and c.lower_ == "as" and c.i < t.i), None)
        if mark is None or t.dep_ != "advcl" or self._has_object(t):
            return None
        return self._beside_phrase(t.sent, mark.idx, a1)

    def _proform_answer(self, t: Token) -> Token | None:
        """The "yes", "no" or "so" right after a reporting verb ("said yes", "said so
        repeatedly"), standing for what was said; not "so that", "so far", "no one"."""
        nxt = self.doc[t.i + 1] if t.i + 1 < len(self.doc) else None
        if nxt is None or nxt.lower_ not in _PROFORM_ANSWERS or nxt.dep_ not in ("intj", "advmod", "dobj"):
            return None
        if nxt.head.i != t.i and nxt.head.head.i != t.i:
            return None
        after = self.doc[nxt.i + 1] if nxt.i + 1 < len(self.doc) else None
        if after is not None and (after.is_alpha and after.head.i == nxt.i or after.lower_ in ("that", "far", "much", "many")):
            return None
        return nxt

    def _cue_with_preposition(self, cue: Cue, content_start: int) -> Cue:
        """'talked about', 'called for': a preposition between the verb and the content
        belongs to the cue; not one that says when ("announced on Tuesday that ..." parsed
        with the clause hanging from "Tuesday")."""
        between = self.text[cue.end : content_start]
        words = between.split()
        # "believe in the good sense of people": annotators keep "in" with "believe" (PolNeAR
        # train: 4 of 5), as the content does not (BELIEF_PREPOSITIONS).
        believe_in = words == ["in"] and cue.token.lemma_.lower() == "believe"
        if len(words) == 1 and (words[0].lower() in CONTENT_PREPOSITIONS or believe_in):
            end = cue.end + between.index(words[0]) + len(words[0])
            preposition = self.doc.char_span(end - len(words[0]), end)
            if preposition is not None and any(
                c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in preposition[0].children
            ):
                return cue
            return replace(cue, text=self.text[cue.start : end], end=end)
        return cue

    def _object_content(self, cue: Cue) -> tuple[int, int] | None:
        """What a stance verb attributes: its objects ("criticized the plan", "called Trump
        a liar") or the object of a content preposition ("talked about taxes")."""
        t = cue.token
        demanded = self._demanded_clause(t)
        if demanded is not None:
            return demanded
        parts = []
        rights = list(t.rights)
        for n, c in enumerate(rights):
            if parts and (c.dep_ == "punct" and not c.text.strip(_QUOTE_MARKS) or (
                c.dep_ == "npadvmod" and any(r.dep_ == "oprd" for r in rights[n + 1:])
            )):
                continue  # 'called her plan "reckless"', "called the report Friday a lie"
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
        if len(parts) == 1 and parts[0].dep_ == "prep" and parts[0].lower_ in ("to", "with"):
            # "talks to her players about discipline", the parser hanging "about" from the players
            subject = [g for o in parts[0].children if o.dep_ == "pobj" for g in o.rights
                       if g.dep_ == "prep" and g.lower_ == "about"]
            if subject:
                parts = [parts[0], subject[0]]
        addressee = len(parts) > 1 and parts[0].dep_ == "prep" and parts[0].lower_ in ("to", "with") and (
            parts[1].dep_ == "prep" and parts[1].lower_ in ("about", "on", "of", "over")
        )
        if addressee:
            # "talked to voters about taxes": who was spoken to is not what was said, and
            # annotators keep the preposition that opens the subject with it.
            last = parts[-1].right_edge
            return self._trim(parts[1].idx, self._clause_end(t, last.idx + len(last)), min_words=1)
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
        end = self._clause_end(t, last.idx + len(last))
        return self._trim(start, self._after_quoted_words(start, end), min_words=1)

    def _demanded_clause(self, t: Token) -> tuple[int, int] | None:
        """"called for the board to resign", "pushed for Congress to act": the parser makes
        "for" the mark of a clause of its own; what was demanded is that clause after "for"."""
        for c in t.rights:
            if c.dep_ == "advcl" and c.tag_ == "VB":
                mark = next((g for g in c.children if g.dep_ == "mark" and g.lower_ == "for" and g.i == c.left_edge.i), None)
                if mark is not None and mark.i == t.i + 1 + sum(1 for g in t.children if g.dep_ == "prt"):
                    return self._trim(mark.idx + len(mark), self._clause_end(t, c.right_edge.idx + len(c.right_edge)))
        return None

    def _after_quoted_words(self, start: int, end: int) -> int:
        """A stance's object that closes on quoted words ends there, before what the writer
        adds about the occasion or the words ("called the plan a “disaster” during a rally",
        "described him as “weak” — a charge he denies")."""
        for q in self.quotes.quotations:
            if q.close_mark is None or not (start < q.open_mark and q.after_close < end):
                continue
            rest = self.doc.char_span(q.after_close, end, alignment_mode="expand")
            words = [tok for tok in rest or () if not (tok.is_punct or tok.is_space)]
            if not words or words[0].idx < q.after_close:
                continue
            gap = self.text[q.after_close : words[0].idx]
            w = words[0]
            if "—" in gap or "–" in gap or w.dep_ in ("advcl", "npadvmod") or (
                w.dep_ == "prep" and w.lower_ in _OCCASION_PREPOSITIONS
            ):
                return q.after_close
        return end

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
            elif self._circumstance(top) or self._occasion(top):
                cut = top.left_edge.idx if cut is None else cut
            else:
                cut = None
        return max(end, cut) if cut is not None else stop

    @staticmethod
    def _occasion(tok: Token) -> bool:
        """A phrase on the cue saying after what the speaker acted ("after the vote",
        "after the judge ruled")."""
        if tok.dep_ == "prep":
            return tok.lower_ in _AFTER_WORDS
        return tok.dep_ == "advcl" and any(c.dep_ in ("mark", "prep") and c.lower_ in _AFTER_WORDS for c in tok.children)

    @staticmethod
    def _circumstance(tok: Token) -> bool:
        """When or where the speaker spoke, hanging from the cue: "on Monday", "during a
        rally", "last week"."""
        if tok.dep_ == "npadvmod" or (tok.dep_ == "advmod" and tok.ent_type_ in ("DATE", "TIME")):
            return tok.ent_type_ in ("DATE", "TIME")
        if tok.dep_ != "prep":
            return False
        objects = [c for c in tok.children if c.dep_ == "pobj"]
        return bool(objects) and (
            objects[0].ent_type_ in ("DATE", "TIME") or objects[0].lemma_.lower() in _EVENT_NOUNS
            or objects[0].lemma_.lower() in _MEDIUM_NOUNS
        )

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
        if cue.according or end <= cue.start:
            return span  # "X, which Y, he said": the whole sentence before the attribution is reported
        return self._cut_trailing_aside(span)

    @staticmethod
    def _concession(tok: Token) -> bool:
        """A clause on the cue that the writer sets against what was said ("said the plan
        works, although critics disagree"). Inside the reported clause annotators keep it."""
        return tok.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in _CONCESSIVE_MARKS for g in tok.children)

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
        end = self._closing_dash(start, end)
        # Keep a quotation whole when the parse left one of its marks outside the span.
        for q in self.quotes.quotations:
            if q.close_mark is not None and start <= q.open_mark < end <= q.close_mark:
                # Also when the quotation goes on past the sentence the parse ended on
                # (he said he would "need help. So we'll see."): annotators run to its close.
                if not text[end : q.close_mark].strip(" ,.;:!?") or (
                    q.double and q.close_len == 1 and "\n" not in text[end : q.close_mark]
                ):
                    end = q.after_close
            if q.open_mark < start <= q.start and not text[q.start : start].strip():
                start = q.open_mark
        if end - start < 2 or len(_WORD_RE.findall(text[start:end])) < min_words:
            return None
        return start, end

    def _whole_quotation(self, start: int, end: int, closed_tail: bool = False) -> tuple[int, int] | None:
        """The quoted words when a content found by the parse is one double quotation and
        nothing else but punctuation ("Said Ann Lee, “We were proud of him.”", "declared
        “What a night!” and left"): all quoted words, a direct quote like any other, its marks
        left out. Only an utterance of its own, which opens on a capital: a fragment ("called
        it “a disgrace”", "the plan “will fail”") is part of the writer's sentence, and the
        content the parse gave it is often short of that sentence; and not the object of a
        preposition ("talked about “Collapse”"), a title or a name. With closed_tail (the
        cue before the quotation), the writer's words may follow a quotation that closes
        its utterance on punctuation ("said, “We'll see,” when asked about it"): the parse
        ran what was said into the circumstances. None when the content holds other words of
        the writer's."""
        text = self.text
        for q in self.quotes.quotations:
            if q.open_mark >= end:
                break
            if not q.double or q.close_mark is None or q.end <= start:
                continue
            tail = (q.after_close, end)
            if closed_tail and (text[q.start : q.end].rstrip()[-1:] in _UTTERANCE_END or text[q.after_close : end].lstrip()[:1] == ","):
                tail = (end, end)
            if any(text[a:b].strip(_AROUND_QUOTATION) for a, b in ((start, q.open_mark), (q.start, start), tail)):
                continue  # words of the writer's around the quotation, or quoted words left out
            first = _WORD_RE.search(text, q.start, q.end)
            if first is None or not first.group()[0].isupper() or self._after_preposition(q.open_mark):
                return None
            return self._trim_quote(q)
        return None

    def _after_preposition(self, char: int) -> bool:
        """Whether the word before char, past punctuation, is a preposition."""
        at = self.doc.char_span(max(0, char - 1), char, alignment_mode="expand")
        i = at.start if at is not None else -1
        while i >= 0 and (self.tokens[i].is_punct or self.tokens[i].is_space or self.tokens[i].idx >= char):
            i -= 1
        return i >= 0 and self.tokens[i].pos_ == "ADP"

    def _closing_dash(self, start: int, end: int) -> int:
        """Annotators keep the dash that closes an aside opened inside what was said ("X —
        including Y —, according to Z") and the dash of words broken off ("I want to get —.")."""
        dash = _DASH_AFTER_RE.match(self.text, end)
        if dash is None:
            return end
        broken_off = dash.group(2) is not None
        if broken_off or len(_ASIDE_DASH_RE.findall(self.text, start, end)) % 2 == 1:
            return dash.end(1)
        return end

    def _kind(self, start: int, end: int) -> Kind:
        """Reported speech is mixed when it carries a quotation, else indirect."""
        for q in self.quotes.quotations:
            close = q.close_mark if q.close_mark is not None else q.end
            if start <= q.open_mark and close < end + 1 and q.start >= start and q.end <= end:
                return Kind.MIXED
        return Kind.INDIRECT

    def _after_relative_frame(
        self, piece: tuple[int, int], frame: list[tuple[int, int]]
    ) -> tuple[int | None, list[tuple[int, int]]]:
        """"a wall, which he said the county should pay for": the parse starts the reported
        clause at the relative pronoun, before the speaker and cue; what was said follows
        them. Annotators open the span on the pronoun all the same: (where the span opens
        when it is not at the first piece, the pieces)."""
        start, end = piece
        first = _WORD_RE.match(self.text, start)
        frame_end = max(fe for _, fe in frame)
        if first is None or first.group().lower() not in RELATIVE_PRONOUNS or not start < frame[0][0] < end:
            return None, [piece]
        rest = self._trim(frame_end, end)
        return (start, [rest]) if rest is not None else (None, [])

    def _trim_quote(self, q: Quotation) -> tuple[int, int] | None:
        start, end = q.start, q.end
        while end > start and self.text[end - 1] in " \t\n,.;:":
            end -= 1
        while start < end and self.text[start].isspace():
            start += 1
        return (start, end) if end > start else None
