"""Vectors: loaded from the wheel with no network, stored as bytes, compared one to many."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from claims.matching import VECTOR_DIM, cosines, embed, vector_to_bytes, vectors_from_bytes
from claims.matching.dense import embedding_model


def test_the_weights_load_from_the_installed_wheel_without_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the embedding model tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    embedding_model.cache_clear()
    try:
        vectors = embed(["The ferry fare will rise in May."])
    finally:
        embedding_model.cache_clear()
    assert vectors.shape == (1, VECTOR_DIM)


def test_vectors_are_unit_length_and_an_empty_text_gives_zeros():
    vectors = embed(["Farmers will get a drought grant.", ""])
    assert np.linalg.norm(vectors[0]) == pytest.approx(1.0, abs=1e-5)
    assert not vectors[1].any()


def test_vector_bytes_round_trip_keeps_the_cosine():
    a, b = embed(["The dam will be finished by 2030.", "Work on the dam ends in 2030, the minister said."])
    blob_a, blob_b = vector_to_bytes(a), vector_to_bytes(b)
    assert isinstance(blob_a, bytes) and len(blob_a) == VECTOR_DIM
    back = vectors_from_bytes([blob_a, blob_b])
    assert back.shape == (2, VECTOR_DIM) and back.dtype == np.float32
    assert float(back[0] @ a) > 0.999
    assert cosines(back[0], back[1:])[0] == pytest.approx(float(a @ b), abs=0.01)


def test_a_zero_vector_survives_the_bytes():
    blob = vector_to_bytes(np.zeros(VECTOR_DIM, dtype=np.float32))
    assert not vectors_from_bytes([blob]).any()


def test_bytes_of_the_wrong_length_are_refused():
    with pytest.raises(ValueError, match="expected 256"):
        vectors_from_bytes([b"\x01" * 10])
