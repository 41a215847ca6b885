"""The batch command the evaluation runs: its output contract and its corpus-style kinds."""

from __future__ import annotations

import json

import pytest

from bench.extract_jsonl import corpus_kind, main
from claims.extraction import Kind, extract

CURLY = "“The levy is unfair,” Zara Quill said."
STRAIGHT = '"The levy is unfair," Zara Quill said.'
TYPEWRITER = "''The levy is unfair,'' Zara Quill said."
INTERRUPTED = "''The levy is unfair,'' Zara Quill said. ''It must go.''"
MIXED_CURLY = "Zara Quill said the levy was “plainly unfair” to farmers."
MIXED_TYPEWRITER = "Zara Quill said the levy was ``plainly unfair'' to farmers."
INDIRECT = "Zara Quill said the levy was unfair to farmers."


def _one(text: str):
    found = extract(text)
    assert len(found) == 1, [(a.text, a.kind) for a in found]
    return found[0]


def test_double_marks_stay_direct_and_typewriter_pairs_are_indirect_to_the_corpus():
    for text in (CURLY, STRAIGHT):
        a = _one(text)
        assert (a.kind, corpus_kind(text, a)) == (Kind.DIRECT, Kind.DIRECT)
    for text in (TYPEWRITER, INTERRUPTED):
        a = _one(text)
        # The product calls it a direct quote; the corpus only counts " “ ” „ as double marks.
        assert (a.kind, corpus_kind(text, a)) == (Kind.DIRECT, Kind.INDIRECT)


def test_mixed_needs_a_corpus_double_mark_inside():
    a = _one(MIXED_CURLY)
    assert (a.kind, corpus_kind(MIXED_CURLY, a)) == (Kind.MIXED, Kind.MIXED)
    a = _one(MIXED_TYPEWRITER)
    assert (a.kind, corpus_kind(MIXED_TYPEWRITER, a)) == (Kind.MIXED, Kind.INDIRECT)
    a = _one(INDIRECT)
    assert (a.kind, corpus_kind(INDIRECT, a)) == (Kind.INDIRECT, Kind.INDIRECT)


def test_batch_command_writes_both_files(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    lines = [{"id": "a", "text": CURLY, "other": 1}, {"id": "b", "text": TYPEWRITER}, {"id": "c", "text": ""}]
    source.write_text("\n".join(json.dumps(x) for x in lines) + "\n\nnot json\n", encoding="utf-8")
    out, product = tmp_path / "out.jsonl", tmp_path / "product.jsonl"
    assert main([str(source), str(out), "--product-output", str(product)]) == 0
    corpus_rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    product_rows = [json.loads(x) for x in product.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in corpus_rows] == [r["id"] for r in product_rows] == ["a", "b", "c"]
    assert [[q["kind"] for q in r["quotes"]] for r in corpus_rows] == [["direct"], ["indirect"], []]
    assert [[q["kind"] for q in r["quotes"]] for r in product_rows] == [["direct"], ["direct"], []]
    quote = corpus_rows[0]["quotes"][0]
    assert set(quote) >= {"quote_start", "quote_end", "quote", "kind", "cue", "cue_start", "cue_end", "speaker",
                          "speaker_start", "speaker_end", "speaker_name", "via", "confidence"}
    assert CURLY[quote["quote_start"] : quote["quote_end"]] == quote["quote"]
    assert (quote["speaker_name"], quote["cue"]) == ("Zara Quill", "said")
    err = capsys.readouterr().err
    assert ":5: skipped" in err and "3 articles in" in err


def test_a_quote_must_close_on_a_double_mark_too():
    text = "“The levy is unfair,'' Zara Quill said."
    a = _one(text)
    assert corpus_kind(text, a) != Kind.DIRECT


def test_a_double_mark_inside_reported_speech_makes_it_mixed():
    text = "Zara Quill said the levy, which critics call the “bread tax, was unfair to farmers."
    a = _one(text)
    assert a.kind == Kind.INDIRECT and "“" in text[a.start : a.end]
    assert corpus_kind(text, a) == Kind.MIXED


def test_both_outputs_must_differ(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": CURLY}) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        main([str(source), str(tmp_path / "o.jsonl"), "--product-output", str(tmp_path / "o.jsonl")])


def test_cache_gives_the_same_results_and_refuses_another_file(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    lines = [{"id": "a", "text": CURLY}, {"id": "b", "text": INTERRUPTED}, {"id": "c", "text": INDIRECT}]
    source.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    cache = tmp_path / "cache"
    plain, first, second = (tmp_path / f"{n}.jsonl" for n in ("plain", "first", "second"))
    assert main([str(source), str(plain)]) == 0
    assert main([str(source), str(first), "--cache", str(cache)]) == 0
    assert len(list(cache.iterdir())) == 1
    assert main([str(source), str(second), "--cache", str(cache)]) == 0  # read back from the cache
    assert plain.read_text(encoding="utf-8") == first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    # The same file name with other articles is refused rather than answered from the cache.
    source.write_text(json.dumps({"id": "a", "text": STRAIGHT}) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="empty"):
        main([str(source), str(second), "--cache", str(cache)])


def test_a_quotation_after_that_is_direct_to_the_product_and_mixed_to_the_corpus():
    text = "Zara Quill said that “the levy is unfair to every farmer in the valley.”"
    a = _one(text)
    assert (a.kind, corpus_kind(text, a)) == (Kind.DIRECT, Kind.MIXED)
    text = "Zara Quill said, “The levy is unfair to every farmer in the valley.”"
    a = _one(text)
    assert (a.kind, corpus_kind(text, a)) == (Kind.DIRECT, Kind.DIRECT)


def test_workers_write_what_one_process_writes(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    texts = [CURLY, TYPEWRITER, INTERRUPTED, MIXED_CURLY, "", INDIRECT, STRAIGHT]
    source.write_text("\n".join(json.dumps({"id": str(i), "text": t}) for i, t in enumerate(texts)) + "\n",
                      encoding="utf-8")
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main([str(source), str(one)]) == 0
    assert main([str(source), str(two), "--workers", "2", "--chunk", "2"]) == 0  # four chunks over two processes
    assert two.read_bytes() == one.read_bytes()
    assert [json.loads(x)["id"] for x in two.read_text(encoding="utf-8").splitlines()] == [str(i) for i in range(7)]
    printed = capsys.readouterr().err
    assert "with 2 process(es)" in printed and printed.count(" MB") == 3  # one process, then two


def test_workers_refuse_the_parse_cache(tmp_path):
    with pytest.raises(SystemExit):
        main([str(tmp_path / "in.jsonl"), str(tmp_path / "out.jsonl"), "--workers", "2", "--cache", str(tmp_path)])
