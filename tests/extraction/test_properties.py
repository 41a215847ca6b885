"""Whatever the text, the extractor returns only valid spans and never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.extraction import extract
from claims.extraction.quotes import find_quotations

QUOTE_HEAVY = st.lists(
    st.sampled_from(['"', "“", "”", "'", "‘", "’", " said ", " Miller", ",", ".", "\n\n", "according to ", "He", " the ",
                     "was quoted as saying", " adding that ", "Kim Jong Un", "x"]),
    max_size=60,
).map("".join)


def assert_valid(text: str) -> None:
    for a in extract(text):
        assert 0 <= a.start < a.end <= len(text)
        assert text[a.start : a.end] == a.text
        assert text[a.cue_start : a.cue_end] == a.cue
        if a.speaker is not None:
            assert text[a.speaker_start : a.speaker_end] == a.speaker
        assert 0.0 <= a.confidence <= 1.0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_arbitrary_unicode_gives_valid_spans(text):
    assert_valid(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(QUOTE_HEAVY)
def test_unbalanced_quotes_and_cue_soup_give_valid_spans(text):
    assert_valid(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from('ab "“”‘’\'\n.,'), max_size=200))
def test_quotations_lie_inside_the_text(text):
    for q in find_quotations(text):
        assert 0 <= q.open_mark < q.start < q.end <= len(text)
        assert q.close_mark is None or q.end <= q.close_mark < len(text)


SENTENCE = st.sampled_from([
    'Mayor Elena Varga said the budget was balanced', '"We kept every school open," Varga said',
    "according to the report, costs rose", "He added that “nothing changes", "the plan, she said, works",
    "Officials believe the bridge is safe", "”", "“", '"',
])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(SENTENCE, min_size=200, max_size=600))
def test_very_long_paragraphs_without_a_break_give_valid_spans(parts):
    assert_valid(". ".join(parts))  # one paragraph of thousands of words


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from('"“”‘’\'« » \n'), min_size=1, max_size=2000))
def test_texts_of_nothing_but_quotation_marks_give_valid_spans(text):
    assert_valid(text)


def test_quote_only_and_unterminated_texts_finish_quickly():
    import time

    texts = ['"' * 20_000, "“" * 20_000, "“a " * 5_000, '"' + "word " * 20_000, ("said " * 4_000).strip()]
    for text in texts:
        started = time.perf_counter()
        assert_valid(text)
        assert time.perf_counter() - started < 30, text[:20]
