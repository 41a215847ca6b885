"""Lexical retrieval with BM25 over a held candidate set."""

from __future__ import annotations

from claims.matching import Bm25Retriever, Document, lexical_terms, query_terms


def test_terms_are_stemmed_content_words():
    assert lexical_terms("The councils are closing the libraries") == ["council", "close", "librari"]


def test_retrieval_returns_sharing_documents_best_first_and_no_others():
    documents = [
        Document("a", "The tram line will reach the airport."),
        Document("b", "Tram fares rise; the tram line to the airport opens in June, the airport says."),
        Document("c", "Library hours are cut."),
    ]
    found = Bm25Retriever(documents).retrieve("When does the airport tram open?", limit=5)
    assert [c.id for c in found] == ["b", "a"]
    assert found[0].score > found[1].score > 0


def test_equal_scores_keep_the_earlier_document_first_and_the_limit_holds():
    documents = [Document(n, "The lighthouse will be sold.") for n in range(6)]
    found = Bm25Retriever(documents).retrieve("lighthouse sold", limit=4)
    assert [c.id for c in found] == [0, 1, 2, 3]


def test_an_empty_set_or_a_query_of_unknown_words_finds_nothing():
    assert Bm25Retriever([]).retrieve("lighthouse", limit=3) == []
    assert Bm25Retriever([Document(1, "The lighthouse will be sold.")]).retrieve("zebra the of", limit=3) == []


def test_query_terms_are_the_distinct_content_words_unstemmed_first_ones_first():
    assert query_terms("The bridge, the BRIDGE and the ferries will reopen") == ["bridge", "ferries", "reopen"]
    assert query_terms("one two three four", limit=2) == ["one", "two"]
    assert query_terms("of the and") == []
