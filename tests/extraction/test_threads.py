"""Threads sharing one extractor take turns.

spaCy's memory zone is a state of the whole vocabulary: the zone that closes first frees
every transient string, another thread's too, whose tokens then fail with E018. In the
embedded set-up a long article is extracted in a thread of its own beside the inline ones.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from spacy.language import Language

from claims.extraction import Extractor

PAUSE = "factcheck_test_pause"
# The pause component calls the hook left here for the thread it runs in, once.
_hooks: dict[int, Callable[[], None]] = {}


@Language.component(PAUSE)
def _pause(doc):
    hook = _hooks.pop(threading.get_ident(), None)
    if hook is not None:
        hook()
    return doc


# Made-up names and paragraph breaks: strings that only a zone adds (the model's own
# vocabulary has neither), so they are transient and freed when a zone closes.
FIRST = (
    "Bridge plan goes ahead\n\n"
    '"We will rebuild the Quellbrook bridge by spring," said Mayor Teodor Zarnowski.\n\n'
    "Councillor Ilse Vantrakis said the Quellbrook budget was too small.\n\n"
    '"It is a start," Zarnowski added.'
)
SECOND = (
    "Taxes\n\n"
    '"Taxes stay as they are this year," said treasurer Oskar Brimblethwaite.\n\n'
    "Brimblethwaite said the reserve would cover the Oxnard shortfall."
)


@pytest.fixture(scope="module")
def extractor():
    """An extractor of its own: the pause component is for these tests only."""
    extractor = Extractor()
    extractor.nlp.add_pipe(PAUSE, after="parser")
    return extractor


@pytest.mark.parametrize("path", ["extract", "extract_many"])
def test_a_text_finishing_in_another_thread_leaves_this_ones_strings_alone(extractor, path):
    alone = {"first": extractor.extract(FIRST), "second": extractor.extract(SECOND)}
    assert alone["first"] and alone["second"]  # the comparison below means something

    results: dict[str, object] = {}
    entered = threading.Event()

    def second() -> None:
        entered.wait(timeout=60)
        try:
            if path == "extract":
                # A limit shorter than the pause: waiting for the other text is not this one's work.
                results["second"] = extractor.extract(SECOND, time_limit=1)
            else:
                results["second"] = next(extractor.extract_many([SECOND]))
        except Exception as exc:  # shown by the comparison below
            results["second"] = exc

    other = threading.Thread(target=second)

    def let_the_other_run() -> None:
        """Halfway through the first text, inside its zone: the second thread runs its whole
        text now if it can (and closes its zone); if it has to wait, this goes on after a while."""
        entered.set()
        other.join(timeout=3)

    _hooks[threading.get_ident()] = let_the_other_run
    other.start()
    try:
        results["first"] = extractor.extract(FIRST)
    except Exception as exc:
        results["first"] = exc
    finally:
        _hooks.clear()
        entered.set()
        other.join(timeout=60)
    assert not other.is_alive()
    assert results == alone
