from claims.extraction.quotes import find_quotations, paragraph_spans


def inner(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotations(text)]


def test_curly_and_straight_double_quotes_pair_up():
    text = '“We will win,” she said. He replied: "Not this year."'
    assert inner(text) == ["We will win,", "Not this year."]


def test_apostrophes_inside_words_are_not_quotation_marks():
    text = "Russia’s army didn't move, and the students' union said 'never' twice."
    assert inner(text) == ["never"]


def test_quote_over_two_paragraphs_is_one_quotation():
    text = '“First part of it.\n\n“Second part,” Varga said.'
    quotes = find_quotations(text)
    assert len(quotes) == 1
    assert text[quotes[0].start : quotes[0].end] == "First part of it.\n\n“Second part,"
    assert quotes[0].close_mark == text.index("”")


def test_quote_left_open_closes_at_its_paragraph_end():
    text = '"An open quote that never ends\n\nNext paragraph.'
    quotes = find_quotations(text)
    assert [text[q.start : q.end] for q in quotes] == ["An open quote that never ends"]
    assert quotes[0].close_mark is None


def test_paragraph_spans_skip_blank_lines():
    text = "One.\n\nTwo.\n \nThree."
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["One.", "Two.", "Three."]


def test_curly_quotes_nest():
    text = "“I would rather live in what he calls “hell” than here,” she said."
    assert inner(text) == ["I would rather live in what he calls “hell” than here,", "hell"]


def test_a_straight_mark_after_a_non_breaking_space_opens_a_quotation():
    text = '"The toll is too high," she said.\xa0"And nobody asked the islanders."'
    assert inner(text) == ["The toll is too high,", "And nobody asked the islanders."]


def test_a_straight_mark_after_a_stray_space_closes_the_quotation():
    text = '"I think it is a disgrace that he is doing this, " Dahl said. "Nobody agrees."'
    assert inner(text) == ["I think it is a disgrace that he is doing this, ", "Nobody agrees."]


def test_a_straight_mark_with_spaces_on_both_sides_after_a_comma_opens_nothing():
    # Neither a mark that can open (a space after it) nor one that closes a quotation
    # (nothing was open): it is left alone.
    assert inner('He said , " we will go" and left.') == []
