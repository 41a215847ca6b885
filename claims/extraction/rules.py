"""Attribution rules over a parsed document.

Each cue (a reporting verb, "was quoted as saying", "according to") is read in three
steps: who speaks (subject, passive subject, inverted subject, or the speaker of the verb
it continues, as in "..., adding that ..."), what was said (content.py: an adjacent
quotation, found by character offsets so it may span sentences and paragraphs, else the
verb's clausal complement), and through whom ("by news agency AFP", via.py).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from spacy.tokens import Doc, Token

from .confidence import MIN_CONFIDENCE, DocumentContext, Evidence, features, scores_of
from .content import _NAMED_GAP_LIMIT, ContentMixin
from .cues import Cue, CuesMixin
from .deadline import Deadline
from .lexicon import NP_CONTENT_VERBS, OBLIGATION_VERBS, RELATIVE_PRONOUNS, SPEECH_VERBS
from .names import np_head
from .patterns import PatternsMixin
from .quotes import QuoteIndex
from .ranking import confidence, drop_nested_unnamed, drop_quoted_twice
from .speakers import ArticleSpeakers, Speaker
from .types import Attribution, Kind, Quotation, SpeakerKind
from .via import ViaMixin

_WORD_RE = re.compile(r"\w+")
# Verbs whose quoted object may be the title of a work rather than words from it.
_WRITING_VERBS = frozenset("write publish author pen".split())
# Words a title leaves in lower case: "Gone with the Wind", "Profiles in Courage".
_TITLE_SMALL_WORDS = frozenset("a an the of in on for and or to at by with from as".split())
# Parts of speech a speaker's noun phrase opens with.
_NAME_OPENING_POS = frozenset({"PROPN", "NOUN", "DET", "PRON", "ADJ", "NUM"})


class AttributionFinder(CuesMixin, PatternsMixin, ViaMixin, ContentMixin):
    """All attributions in one parsed document: cues (cues.py), then speaker, content
    (content.py) and intermediary (via.py) for each, then the patterns without a reporting
    verb (patterns.py)."""

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
        if t.pos_ == "NOUN" and self._verb_taken_for_noun(t):
            # "“...,” the two write.": the noun phrase before the verb, which the tagger
            # took for the phrase's last noun, is the speaker.
            start = max((q.after_close for q in self.quotes.quotations if q.close_mark is not None and q.after_close <= t.idx),
                        default=t.idx)
            phrase = self.doc.char_span(start, t.idx, alignment_mode="contract")
            words = [w for w in phrase or () if not (w.is_punct or w.is_space)]
            if not words:
                return None, None
            # The phrase's head noun: the last before any preposition ("a voice-over in the ad").
            before_prep = words[: next((i for i, w in enumerate(words) if w.pos_ == "ADP"), len(words))]
            nouns = [w for w in before_prep if w.pos_ in ("PROPN", "NOUN", "NUM", "PRON")]
            return (nouns[-1], None) if nouns else (None, None)
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
        absorbed = self._subject_read_as_apposition(t)
        if absorbed is not None:
            return absorbed, None
        if self._follows_quotation(t) and not (t.tag_ == "VBG" and t.dep_ in ("advcl", "conj", "xcomp")):
            # (not '..., “New York values,” saying the city ...': the participle continues
            # its clause, and the words after it are what was said)
            for tok in self.doc[t.i + 1 : min(len(self.doc), t.i + 8)]:
                if tok.is_punct or tok.is_space:
                    break
                if tok.pos_ in ("PROPN", "NOUN", "PRON") or (tok.pos_ == "ADV" and tok.text[:1].isupper()):
                    # (a capitalised "adverb" after the verb is a name the tagger misread: "said Skelly")
                    return np_head(tok), None
        named = self._named_after_quotation(t)
        if named is not None:
            return named, None
        if t.dep_ in ("advcl", "conj", "xcomp", "pcomp", "ccomp") and t.head.i != t.i:
            # "..., adding that", "..., calling him a liar": the clause shares its subject.
            # An infinitive of a stance verb ("ignored a call to condemn X") may not.
            if t.lemma_.lower() in SPEECH_VERBS or t.tag_ in ("VBG", "VBD", "VBZ", "VBP") or t.dep_ == "conj":
                return None, t.head
            if self._purpose_infinitive(t):
                # "took to the steps to assail X": the subject's purpose; "sent his brother
                # to vouch for him": the one sent speaks. After any other object the
                # infinitive may hang from it ("ignored a call to condemn X").
                obj = next((c for c in t.head.children if c.dep_ == "dobj" and c.i < t.i), None)
                if obj is None:
                    return None, t.head
                return (obj, None) if self._names_a_party(obj) else (None, None)
            return None, None
        return None, None

    def _subject_read_as_apposition(self, t: Token) -> Token | None:
        """The subject the parse hung as an apposition on the last noun of an opening phrase:
        "In a statement to the Observer, her adviser, Jake Sullivan, said: ...", where the
        phrase runs up to the verb with only a comma between."""
        for c in t.children:
            if c.dep_ != "prep" or c.i > t.i:
                continue
            edge = c.right_edge
            if self.text[edge.idx + len(edge) : t.idx].strip(" ,\xa0") or (edge.is_punct and edge.text != ","):
                continue
            appositions = [w for w in c.subtree if w.dep_ == "appos" and w.head.dep_ == "pobj" and w.pos_ in ("NOUN", "PROPN")]
            if appositions:
                return appositions[0]
        return None

    def _named_after_quotation(self, t: Token) -> Token | None:
        """The speaker named between a quotation and its verb when the parse hung the name
        on the quotation ("“...,” Ana Lee, 58, told reporters"; "“...,” Jon Roe, a former
        mayor, said"): a noun phrase right after the closing mark, with nothing between it
        and the verb but an aside set off by commas."""
        earlier = self.quotes.quotations[: bisect.bisect_left(self.quotes.starts, t.idx)]
        closes = [q.after_close for q in earlier if q.double and q.close_mark is not None and q.after_close <= t.idx]
        if not closes:
            return None
        gap_start = max(closes)
        gap = self.text[gap_start : t.idx]
        if "\n" in gap or len(gap) > _NAMED_GAP_LIMIT or any(gap_start <= self.tokens[i].idx < t.idx for i in self._cue_tokens):
            return None
        np_start = t.idx - len(gap.lstrip(" ,\xa0"))
        comma = self.text.find(",", np_start, t.idx)
        if comma != -1 and not gap.rstrip().endswith(","):
            return None  # "“...,” Jon Roe, back home, then said": no aside closed before the verb
        span = self.doc.char_span(np_start, comma if comma != -1 else t.idx, alignment_mode="contract")
        words = [w for w in span or () if not (w.is_punct or w.is_space)]
        if not words or words[0].pos_ not in _NAME_OPENING_POS or any(w.pos_ in ("VERB", "AUX") for w in words):
            return None
        return np_head(words[0])

    def _names_a_work(self, q: Quotation) -> bool:
        """A short verbless quotation in title case ("Peter Pan", "Tough Choices"): a work's
        name, not a sentence written in capitals ("We Will Win.")."""
        inner = self.text[q.start : q.end].strip().rstrip(".,")
        words = _WORD_RE.findall(inner)
        if not (0 < len(words) <= 8) or any(ch in inner for ch in ".!?;:") or not all(
            w[0].isupper() or w[0].isdigit() or (i > 0 and w.lower() in _TITLE_SMALL_WORDS) for i, w in enumerate(words)
        ):
            return False
        span = self.doc.char_span(q.start, q.end, alignment_mode="expand")
        return span is not None and not any(t.pos_ in ("VERB", "AUX") for t in span)

    def _purpose_infinitive(self, t: Token) -> bool:
        """'to assail X' hanging from the verb of its clause as its purpose or complement
        ("went on to attack", "appeared on TV to defend her"), not from a noun."""
        head = t.head
        if t.tag_ != "VB" or t.dep_ not in ("advcl", "xcomp") or head.pos_ not in ("VERB", "AUX"):
            return False
        if not any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
            return False
        if head.i in self._cue_tokens:
            return False  # "pledged to oppose X": the infinitive is what was pledged
        # "will have to convince", "needs to show", "were flipped to decide": what someone
        # must or might do, or what was done to them, is nothing they said.
        return head.lemma_.lower() not in OBLIGATION_VERBS and not any(
            c.dep_ == "auxpass" or (c.dep_ == "aux" and c.tag_ == "MD") for c in head.children
        )

    def _mention_outside_quotation(self, speaker: Speaker) -> Speaker:
        """The mention without the quoted words the parse ran into it ("“... hunky-dory,”
        Gene Sperling"): it starts after the last closing mark inside it."""
        if not self.quotes.inside(speaker.mention_start):
            return speaker  # a nickname quoted inside a name stays: Marcia “Cia” Price
        closes = [q.after_close for q in self.quotes.quotations
                  if q.close_mark is not None and speaker.mention_start <= q.close_mark < speaker.mention_end]
        if not closes:
            return speaker
        start = max(closes)
        while start < speaker.mention_end and (self.text[start].isspace() or self.text[start] in ",;:"):
            start += 1
        if start >= speaker.mention_end:
            return speaker
        return replace(speaker, mention_start=start, mention=self.text[start : speaker.mention_end])

    def _follows_quotation(self, t: Token) -> bool:
        before = self.text[: t.idx].rstrip(" \t,—–-\xa0")
        return bool(before) and before[-1] in "\"”’'" and self.quotes.inside(len(before) - 1)

    def _speaker(self, cue: Cue, cues_by_token: dict[int, Cue]) -> Speaker | None:
        key = cue.token.i
        if key in self._speaker_of:
            return self._speaker_of[key]
        self._speaker_of[key] = None  # guards against cycles in odd parses
        head, parent = self._speaker_token(cue)
        speaker: Speaker | None = None
        if head is not None and not self.quotes.inside(head.idx):
            speaker = self._mention_outside_quotation(self.speakers.resolve(head))
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
                    # "Lee was joined on stage by X and joked, ...": a passive verb's subject too,
                    # for the verb conjoined with it.
                    deps = ("nsubj", "nsubjpass") if cue.token.dep_ == "conj" and node.i == cue.token.head.i else ("nsubj",)
                    subjects = [c for c in node.children if c.dep_ in deps and not self.quotes.inside(c.idx)]
                    if subjects:
                        speaker = self.speakers.resolve(subjects[0])
                        break
            if speaker is not None:
                speaker = Speaker(speaker.mention_start, speaker.mention_end, speaker.mention, speaker.name,
                                  speaker.title, speaker.kind, "inherited:" + speaker.how)
        self._speaker_of[key] = speaker
        return speaker

    # -- main -------------------------------------------------------------------

    deadline: Deadline | None = None

    def find(self) -> list[Attribution]:
        """The attributions confident enough to report (MIN_CONFIDENCE)."""
        return [a for a, _, report in self._scored() if report >= MIN_CONFIDENCE]

    def find_with_features(self) -> list[tuple[Attribution, list[str]]]:
        """Every attribution, the least confident too, with the feature names its confidence
        was computed from (what bench/train_confidence.py learns from)."""
        return [(a, names) for a, names, _ in self._scored()]

    def _scored(self) -> list[tuple[Attribution, list[str], float]]:
        """Every attribution with its learned confidence, its feature names and its report score."""
        found = self._find_all()
        context = DocumentContext(self.text, found)
        scored = []
        for a in found:
            # A pattern that forgot to note its evidence (patterns.py _noted) still gets scored.
            evidence = self._evidence.get(id(a)) or Evidence("other", "pattern", prior=a.confidence)
            names = features(a, evidence, context)
            confidence, report = scores_of(a, names)
            scored.append((replace(a, confidence=confidence), names, report))
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
            q_before = self._direct_before(a0, speaker, a1, cue)
            q_after = self._direct_after(a1, interrupted=q_before is not None, cue=cue, speaker=speaker)
            if cue.adjective is not None:
                q_before = q_after = None  # "was sure" never introduces a quotation
            elif q_after is not None and cue.token.lemma_.lower() in _WRITING_VERBS and self._names_a_work(q_after):
                q_after = None  # "the playwright who wrote “Peter Pan”": the title of what was written
            elif not direct_ok:
                # A stance verb beside a short quoted phrase ("called them “deplorables”") is
                # reported speech with quoted words; only a quoted clause stands alone.
                # A whole utterance before the verb ("“Quiet!” he demanded") stands alone too.
                q_before, q_after = (
                    q if q is not None and (
                        len(_WORD_RE.findall(self.text[q.start : q.end])) >= 4 or (q is q_before and self._closed_utterance(q))
                    ) else None
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
            opening = (
                self._sentence_before_aside(cue, speaker, a0, a1, q_after)
                if pieces and q_before is None and q_after is not None else None
            )
            if opening is not None:
                # "If it fails, she said, “we lose a year.”": the writer's words before the
                # attribution and the quotation are one sentence, reported with quoted words.
                quoted_words = tuple((q.open_mark, q.after_close) for q in quoted)
                spans.append((opening[0], quoted_words[-1][1], Kind.MIXED, (opening, *quoted_words)))
                origin = "complement_split"  # the sentence around the aside, as "X, she said, Y"
            elif pieces:
                # The span may open before the quotation (on "that", on a relative pronoun);
                # the pieces, what a reader sees, stay the quoted words.
                start = pieces[0][0]
                if q_before is None and q_after is not None:
                    start = min(start, self._quotation_start(cue, a0, a1, q_after))
                spans.append((start, pieces[-1][1], Kind.DIRECT, pieces))
            if not spans and cue.quote_only:
                continue
            if not spans:
                # "was quoted as saying that ...": the clause hangs from "saying", not "quoted".
                content = self._complement(replace(cue, token=cue.says) if cue.says is not None else cue, a0, a1)
                if not content and cue.says is not None and cue.says.lemma_.lower() not in SPEECH_VERBS | NP_CONTENT_VERBS:
                    # "released an ad targeting X": the participle carries no reported words, so
                    # the document itself is what was made public, after the verb's own cue.
                    start, end = self._cue_bounds(cue.token)
                    cue = replace(cue, says=None, start=start, end=end, text=self.text[start:end])
                    content = self._complement(cue, a0, a1)
                origin = "complement_split" if len(content) > 1 else "complement"
                if content:
                    last = self._cut_at_continuation(cue, content[-1])
                    content = content[:-1] + ([last] if last is not None else [])
                # The content may sit inside the clause's bounding box ("X had denounced the
                # annexation in an editorial"), but never over the cue or the speaker.
                frame = [(cue.start, cue.end)]
                if not speaker.how.startswith("inherited"):
                    frame.append((speaker.mention_start, speaker.mention_end))
                lead = None
                if content and len(content) == 1 and cue.token.dep_ == "relcl":
                    lead, content = self._after_relative_frame(content[0], frame)
                if content and not any(s < fe and fs < e for s, e in content for fs, fe in frame):
                    if content[-1][1] <= a0 and direct_ok:
                        # "The plan may fail, Schiff said. "The other factor is ..."": the
                        # quotation after the attribution goes on with what was said before it.
                        resumed = self._direct_after(a1, interrupted=True, cue=cue, speaker=speaker)
                        piece = self._trim_quote(resumed) if resumed is not None else None
                        if piece is not None:
                            content = content + [piece]
                            origin = "complement_resumed"
                    start, end = content[0][0], content[-1][1]
                    whole = self._whole_quotation(start, end, closed_tail=cue.end <= start) if len(content) == 1 else None
                    if whole is not None and cue.token.lemma_.lower() in _WRITING_VERBS and any(
                        q.start <= whole[0] and whole[1] <= q.end and self._names_a_work(q) for q in self.quotes.quotations
                    ):
                        continue  # "the playwright who wrote “Peter Pan”": a title, not words written
                    if whole is not None:
                        spans.append((whole[0], whole[1], Kind.DIRECT, (whole,)))
                    else:
                        start = start if lead is None else lead
                        spans.append((start, end, self._kind(start, end), tuple(content)))
            if not spans:
                continue
            cue = self._cue_through_time(self._cue_with_preposition(cue, spans[0][0]), spans[0][0])
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
            + self._sourceless() + self._colon_introduced() + self._name_before_colon()
            + self._owned_nouns() + self._questions_asked()
        ):
            if not any(s < attribution.end and attribution.start < e for s, e in found):
                found[(attribution.start, attribution.end)] = attribution
        return drop_quoted_twice(drop_nested_unnamed(sorted(found.values(), key=lambda a: (a.start, a.end))))
