"""The faster stand-ins inside the extractor give what spaCy's own components give."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.strings import hash_string

from claims.extraction import DEFAULT_MODEL, get_extractor
from claims.extraction import attributes as attributes_module
from claims.extraction.attributes import FAST_ATTRIBUTES, FastAttributes, _Bounded
from claims.extraction.names import entities_within
from sources.importers import parse_text

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# Forms the model's attribute rules single out, one- and two-token, in running text.
AWKWARD = (
    "Y'all ain't gonna believe it, she said. \"We gotta go, c'mon, let's move,\" he said. "
    "There is nothin' here and there were no votes, officials said. Nuthin' changed. "
    "He gets what he got. AIN'T it so? It's been done, hasn't it? Don't. Won't. "
    "The 1990s were the U.S. era; e.g. $5.3bn, 10%, #tags, @names, and :-) too.\n\n"
    "  Indented text\twith tabs.\n"
)


def _texts() -> list[str]:
    bodies = [parse_text(p.read_text(encoding="utf-8"), p.name).body for p in sorted(SEEDS.glob("*.txt"))]
    return [*bodies, AWKWARD, AWKWARD.upper(), AWKWARD.lower(), ""]


def _token_view(doc):
    return [(t.text, t.tag_, t.pos_, t.dep_, t.head.i, str(t.morph), t.lemma_) for t in doc]


@pytest.fixture(scope="module")
def stock():
    """spaCy's own pipeline with the stock attribute ruler and lemmatizer, minus NER."""
    return spacy.load(DEFAULT_MODEL, disable=["ner"])


def test_fast_attributes_equal_the_stock_ruler_and_lemmatizer(stock):
    fast = spacy.load(DEFAULT_MODEL, disable=["ner", "attribute_ruler", "lemmatizer"])
    fast.add_pipe(FAST_ATTRIBUTES, after="parser")
    texts = _texts() * 2  # the second round reads from the caches
    compared = 0
    for ours, theirs in zip(fast.pipe(texts), stock.pipe(texts), strict=True):
        assert _token_view(ours) == _token_view(theirs)
        compared += len(ours)
    assert compared > 4_000


def test_special_forms_are_seen_by_both_kinds_of_rule(stock):
    fast = spacy.load(DEFAULT_MODEL, disable=["ner", "attribute_ruler", "lemmatizer"])
    fast.add_pipe(FAST_ATTRIBUTES, after="parser")
    doc = fast("Y'all ain't gonna believe it. Nuthin' changed. There is a gap.")
    lemmas = {t.text: t.lemma_ for t in doc}
    # "ai n't" and "gon na" are two-token rules; "Nuthin'" is a one-token REGEX rule.
    assert lemmas["ai"] == "be" and lemmas["gon"] == "go" and lemmas["Nuthin'"] == "nothing"
    assert _token_view(doc) == _token_view(stock(doc.text))


def test_caches_stay_bounded(stock, monkeypatch):
    monkeypatch.setattr(attributes_module, "MAX_CACHED", 50)
    fast = spacy.load(DEFAULT_MODEL, disable=["ner", "attribute_ruler", "lemmatizer"])
    fast.add_pipe(FAST_ATTRIBUTES, after="parser")
    component: FastAttributes = fast.get_pipe(FAST_ATTRIBUTES)
    texts = _texts()
    for ours, theirs in zip(fast.pipe(texts), stock.pipe(texts), strict=True):
        assert _token_view(ours) == _token_view(theirs)
        assert all(len(cache) <= 50 for cache in (component._lemmas, component._effects, component._named._answers,
                                                 component._seen, component._multi_start[0]._answers))
    assert len(component.lemmatizer.cache) == 0  # the model's own lemmatizer is not used


def test_caches_let_go_of_the_words_a_memory_zone_brought(stock, monkeypatch):
    monkeypatch.setattr(attributes_module, "DEPARTED_KEPT", 0)
    fast = spacy.load(DEFAULT_MODEL, disable=["ner", "attribute_ruler", "lemmatizer"])
    fast.add_pipe(FAST_ATTRIBUTES, after="parser")
    component: FastAttributes = fast.get_pipe(FAST_ATTRIBUTES)
    strings = fast.vocab.strings
    sentence = "Councillor Brimwald Tessop said the Quorvex levy was unfair."
    made_up = {hash_string(word) for word in ("Brimwald", "brimwald", "Tessop", "tessop", "Quorvex", "quorvex")}
    assert not any(word in strings for word in made_up)

    def cached_words() -> set[int]:
        return {cache._word_of(key) for cache in component._caches() for key in cache}

    with fast.memory_zone():
        fast(sentence)
    assert made_up & cached_words()  # kept until the vocabulary has let the words go
    with fast.memory_zone():
        doc = fast(sentence)  # the words come back: worked out again, the same
        assert _token_view(doc) == _token_view(stock(sentence))
    with fast.memory_zone():
        fast("Officials said it was fine.")
    assert not made_up & cached_words()
    assert hash_string("said") in cached_words()  # the model's own words stay


def test_a_cache_keeps_entries_for_departed_words_up_to_its_limit(monkeypatch):
    monkeypatch.setattr(attributes_module, "DEPARTED_KEPT", 2)
    cache = _Bounded(lambda key: key)
    held = {1, 2}  # the words the vocabulary still holds
    for key in (1, 10, 11):
        cache[key] = key
    cache.forget_departed(held)
    assert set(cache) == {1, 10, 11}  # two departed: kept, they may come back
    cache[12] = 12
    cache[2] = 2
    cache.forget_departed(held)
    assert set(cache) == {1, 2}  # three departed: all dropped


def test_the_models_own_components_are_left_as_loaded():
    nlp = get_extractor().nlp
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert isinstance(table["noun"], list)  # the sets live in the component's private copy
    assert nlp.to_bytes()  # still serialisable


def test_extractor_runs_the_fast_component_and_not_the_stock_ones():
    nlp = get_extractor().nlp
    assert FAST_ATTRIBUTES in nlp.pipe_names
    assert "attribute_ruler" not in nlp.pipe_names and "lemmatizer" not in nlp.pipe_names
    # The bare pipeline used as the speed yardstick is spaCy's trained components only.
    doc = next(get_extractor().parse_only(["Officials said it was fine."]))
    assert all(t.lemma == 0 for t in doc)


def test_entities_within_matches_span_ents():
    doc = next(get_extractor().parse_only([_texts()[0]]))
    ents = list(doc.ents)
    assert ents
    for start in range(0, len(doc), 7):
        for end in range(start, min(len(doc), start + 60) + 1, 5):
            span = doc[start:end]
            assert [(e.start, e.end, e.label_) for e in entities_within(span, ents)] == [
                (e.start, e.end, e.label_) for e in span.ents
            ]


def test_one_blas_thread_unless_the_site_sets_it(monkeypatch):
    from threadpoolctl import threadpool_info, threadpool_limits

    from claims.extraction import pipeline

    def blas_threads():
        return {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"}

    get_extractor()  # numpy and its BLAS are loaded
    assert blas_threads()
    with threadpool_limits(limits=2, user_api="blas"):
        monkeypatch.setenv("OPENBLAS_NUM_THREADS", "2")
        pipeline._one_blas_thread()
        assert blas_threads() == {2}  # the site's choice stands
        for name in pipeline._BLAS_THREAD_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        pipeline._one_blas_thread()
        assert blas_threads() == {1}
