"""spaCy's attribute ruler and rule lemmatizer, with the same results at a fraction of the cost.

The stock attribute ruler runs a Matcher with some 180 patterns over every token; the
patterns with REGEX and IN predicates are evaluated in Python for every token, which made it
cost as much as the tagger, parser and tok2vec together on news text. Nearly all of its
patterns look at one token only, and then only at its tag, lower-case form and dependency
label, so what they do to a token is a function of those three values. This component works
that out once per distinct triple (by running the ruler's own matcher on a one-token Doc),
keeps it, and runs a Matcher only for the few patterns that span two tokens.

The rule lemmatizer's result is a function of (orth, POS, morphology), which spaCy itself
caches on; here the loop around it is kept in one place too.

Every cache is keyed by word forms (string hashes) and bounded: it keeps a limited number of
entries for words first seen inside a spaCy memory zone, which spaCy lets go when the zone
closes (see _Bounded), and it is cleared when it reaches MAX_CACHED entries, so a worker's
memory stays flat however many articles it reads. Equality with the stock components is
checked over whole articles in tests/extraction/test_speed_parts.py.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from operator import itemgetter

from spacy.language import Language
from spacy.lookups import Lookups
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

# The token attributes a single-token pattern may look at for the shortcut to be exact:
# each is determined by the (tag, lower, dep) key.
_KEYED_ATTRS = {"TAG", "LOWER", "DEP", "IS_SPACE"}
MAX_CACHED = 50_000
# A cache drops its entries for departed words (see _Bounded) once it has more than this many.
# Names recur from one article to the next, so dropping them at every memory zone would cost
# time; keeping them all would cost memory with every article read.
DEPARTED_KEPT = 2_000


class _Bounded(dict):
    """A dict keyed by word forms that empties itself when it reaches MAX_CACHED entries and
    that keeps at most DEPARTED_KEPT entries for words the vocabulary has let go.

    A word first met inside a memory zone (a name, a number, a typo) is a transient string
    that spaCy frees when the zone closes: it has departed. News brings such words with every
    article, so entries kept for them all would grow with the number of articles read, up to
    MAX_CACHED. The model's own words stay, and they are a bounded set.
    """

    def __init__(self, word_of: Callable) -> None:
        super().__init__()
        self._word_of = word_of  # the string hash in a key that may be transient
        self._added: list = []  # keys added since the last forget_departed
        self._departed: list = []  # keys whose word had departed at a forget_departed

    def __setitem__(self, key, value) -> None:
        if len(self) >= MAX_CACHED:
            self.clear()
        super().__setitem__(key, value)
        self._added.append(key)

    def clear(self) -> None:
        super().clear()
        self._added.clear()
        self._departed.clear()

    def forget_departed(self, strings) -> None:
        """Note the entries added since the last call whose word `strings` no longer holds,
        and drop all such entries once there are more than DEPARTED_KEPT."""
        self._departed.extend(key for key in self._added if self._word_of(key) not in strings)
        self._added.clear()
        if len(self._departed) > DEPARTED_KEPT:
            for key in self._departed:
                self.pop(key, None)
            self._departed.clear()


def _whole_key(key: int) -> int:
    """The word of a cache keyed by the word alone."""
    return key


class _FormTest:
    """Whether a token's lower-case form is one of `forms` or matches one of `regexes`,
    remembered per form."""

    def __init__(self, forms, regexes) -> None:
        self.forms, self.regexes = frozenset(forms), tuple(regexes)
        self._answers: _Bounded = _Bounded(_whole_key)

    def __call__(self, token: Token) -> bool:
        answer = self._answers.get(token.lower)
        if answer is None:
            form = token.lower_
            answer = self._answers[token.lower] = form in self.forms or any(r.search(form) for r in self.regexes)
        return answer


def _pattern_keys(token_spec: dict) -> set[str]:
    return {key.upper() for key in token_spec}


class FastAttributes:
    """Apply an AttributeRuler and a rule Lemmatizer to a Doc, as the pair would."""

    def __init__(self, ruler, lemmatizer) -> None:
        self.vocab = ruler.vocab
        self.ruler = ruler
        self.lemmatizer = lemmatizer
        self.multi = Matcher(self.vocab, validate=ruler.validate)
        self.single: set[str] = set()  # match ids (rule numbers as strings) of one-token rules
        # Forms the one-token rules name, by equality, IN / NOT_IN or a REGEX they match.
        # Any other word matches exactly what a stand-in word matches, which keeps the
        # cache to a few hundred keys. None (every form is its own key) if a rule tests
        # the form some other way.
        forms: set[str] | None = set()
        regexes: list[re.Pattern] = []
        for number, rule in enumerate(ruler.patterns):  # the ruler files rule n under "n"
            rule_id = str(number)
            one_token = all(len(p) == 1 for p in rule["patterns"])
            keyed = all(_pattern_keys(p[0]) <= _KEYED_ATTRS for p in rule["patterns"] if len(p) == 1)
            if not (one_token and keyed):
                self.multi.add(rule_id, rule["patterns"])
                continue
            self.single.add(rule_id)
            for (spec,) in rule["patterns"]:
                value = next((v for k, v in spec.items() if k.upper() == "LOWER"), None)
                if value is None or forms is None:
                    continue
                if isinstance(value, str):
                    forms.add(value)
                elif (
                    isinstance(value, dict)
                    and set(value) <= {"IN", "NOT_IN", "REGEX"}
                    and isinstance(value.get("REGEX", ""), str)
                ):
                    forms.update(word for op, words in value.items() if op != "REGEX" for word in words)
                    if "REGEX" in value:
                        regexes.append(re.compile(value["REGEX"]))
                else:
                    forms = None
        self._stand_in = "factcheck-any-word"
        if forms is not None and (self._stand_in in forms or any(r.search(self._stand_in) for r in regexes)):
            forms = None
        self._named = None if forms is None else _FormTest(forms, regexes)
        self._multi_start = _multi_start_filter(
            [p for number, rule in enumerate(ruler.patterns) if str(number) not in self.single for p in rule["patterns"]],
            self.vocab,
        )
        # Keyed by (tag, lower, dep), lemmas by (orth, pos, morphology): the word comes second, first.
        self._effects: dict[tuple[int, int, int], tuple[int, ...]] = _Bounded(itemgetter(1))
        private = _private_lemmatizer(lemmatizer)
        self._lemmatize = getattr(private, f"{private.mode}_lemmatize")  # its .lemmatize is bound to the original
        self._overwrite = lemmatizer.overwrite
        self._lemmas: dict[tuple[int, int, int], str] = _Bounded(itemgetter(0))
        self._seen: dict[tuple[int, int, int], tuple[int, ...]] = _Bounded(itemgetter(1))  # by the token's own form

    def _caches(self) -> list[_Bounded]:
        caches = [self._effects, self._lemmas, self._seen]
        if self._named is not None:
            caches.append(self._named._answers)
        if self._multi_start is not None:
            caches.append(self._multi_start[0]._answers)
        return caches

    @contextmanager
    def memory_zone(self, mem=None) -> Iterator:
        """Language.memory_zone enters this for each component that has it, after the
        vocabulary's own zone. The previous zone's transient strings are gone by then, so
        this is where the caches tell which of their words have departed."""
        for cache in self._caches():
            cache.forget_departed(self.vocab.strings)
        yield mem

    def _single_rules(self, token: Token) -> tuple[int, ...]:
        """Rule numbers of the one-token rules that match a token with this tag, form and label."""
        seen = (token.tag, token.lower, token.dep)
        found = self._seen.get(seen)
        if found is None:
            found = self._seen[seen] = self._rules_for(token)
        return found

    def _rules_for(self, token: Token) -> tuple[int, ...]:
        lower = token.lower
        if self._named is not None and not (token.is_space or self._named(token)):
            lower, word = 0, self._stand_in
        else:
            word = token.lower_
        key = (token.tag, lower, token.dep)
        found = self._effects.get(key)
        if found is None:
            probe = Doc(self.vocab, words=[word], spaces=[False])
            probe[0].tag = token.tag
            probe[0].dep = token.dep
            found = tuple(
                attr_id
                for attr_id, match_id, _start, _end in self.ruler.match(probe)
                if self.vocab.strings[match_id] in self.single
            )
            self._effects[key] = found
        return found

    def _multi_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """The multi-token rules' matches. Their Matcher evaluates its REGEX and IN tests
        in Python on every token, so where the rules' first tokens can be told by form or
        label it runs only on the few stretches that start with such a token."""
        if self._multi_start is None:
            return self.multi(doc, allow_missing=True)
        starts, deps, longest = self._multi_start
        found = []
        for token in doc:
            if token.dep in deps or starts(token):
                i = token.i
                # A match that begins later in the stretch is found from its own first token.
                found.extend(
                    (match_id, i, i + end)
                    for match_id, begin, end in self.multi(doc[i : i + longest], allow_missing=True)
                    if begin == 0
                )
        return found

    def __call__(self, doc: Doc) -> Doc:
        attrs = self.ruler.attrs
        indices = self.ruler.indices
        extra: dict[int, list[int]] = {}
        for match_id, start, end in self._multi_matches(doc):
            attr_id = int(self.vocab.strings[match_id])
            index = indices[attr_id]
            position = (start if index >= 0 else end) + index
            if not start <= position < end:
                raise ValueError(f"attribute rule {attr_id} points outside its match")
            extra.setdefault(position, []).append(attr_id)
        # The ruler matches every rule before it sets anything. A token's one-token rules
        # read only its own tag, form and label, and the two-token matches are in hand, so
        # one pass that finishes each token (attributes, then lemma) before the next is
        # the same. The lemmatizer reads only the token's own form, POS and morphology.
        lemmas = self._lemmas
        lemmatize = self._lemmatize
        overwrite = self._overwrite
        for token in doc:
            rules = self._single_rules(token)
            if extra and token.i in extra:
                rules = tuple(sorted(rules + tuple(extra[token.i])))
            for attr_id in rules:
                set_token_attrs(token, attrs[attr_id])
            if token.lemma != 0 and not overwrite:
                continue
            key = (token.orth, token.pos, token.morph.key)
            lemma = lemmas.get(key)
            if lemma is None:
                lemma = lemmas[key] = lemmatize(token)[0]
            token.lemma_ = lemma
        return doc


def _multi_start_filter(patterns: list[list[dict]], vocab) -> tuple | None:
    """(form test, dependency labels, longest pattern) that the first token of some
    pattern must show, or None when a first token can't be told that way (then the Matcher
    runs over the whole Doc)."""
    forms: set[str] = set()
    regexes = []
    deps: set[int] = set()
    longest = 0
    for pattern in patterns:
        if any("OP" in spec for spec in pattern):
            return None  # a pattern of varying length
        longest = max(longest, len(pattern))
        first = {key.upper(): value for key, value in pattern[0].items()}
        lower, dep = first.get("LOWER"), first.get("DEP")
        if isinstance(lower, str):
            forms.add(lower)
        elif isinstance(lower, dict) and set(lower) == {"IN"}:
            forms.update(lower["IN"])
        elif isinstance(lower, dict) and set(lower) == {"REGEX"} and isinstance(lower["REGEX"], str):
            regexes.append(re.compile(lower["REGEX"]))
        elif lower is None and isinstance(dep, str):
            deps.add(vocab.strings.add(dep))
        elif lower is None and isinstance(dep, dict) and set(dep) == {"IN"}:
            deps.update(vocab.strings.add(label) for label in dep["IN"])
        else:
            return None
    return _FormTest(forms, regexes), frozenset(deps), longest


class _NoCache(dict):
    """A cache that keeps nothing: ours is bounded; spaCy's own never shrinks."""

    def __setitem__(self, key, value) -> None:
        pass


def _private_lemmatizer(lemmatizer):
    """A copy of the rule lemmatizer for this component's use, the model's own left as it is.

    The rule lemmatizer tests candidate forms with `in` against lists of up to 57,000 words
    per part of speech; the copy has sets, which answer the same in constant time. It also
    keeps no cache of its own (ours is bounded).
    """
    private = copy.copy(lemmatizer)
    lookups = Lookups()
    for name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(name)
        if name == "lemma_index":
            data = {key: frozenset(words) if isinstance(words, list) else words for key, words in table.items()}
        else:
            data = dict(table.items())
        lookups.add_table(name, data)
    private.lookups = lookups
    private.cache = _NoCache()
    return private


FAST_ATTRIBUTES = "factcheck_attributes"


@Language.factory(FAST_ATTRIBUTES)
def make_fast_attributes(nlp: Language, name: str) -> FastAttributes:
    return FastAttributes(nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer"))
