"""Text normalisation for claim matching: the exact key, tweet clean-up and lexical terms.

The standard library plus `regex` (for Unicode classes such as \\p{P}, which `re` lacks),
so the same key and terms can be computed by the pipeline, the bench and (for the key) a
database migration, and always agree.
"""

from __future__ import annotations

import re
import unicodedata

import regex

# Quotation marks and apostrophes of every script vanish from the key: outlets differ in
# the marks they print around the same words, and "don't" is "dont" to some of them.
_QUOTE_MARKS = regex.compile("[\"'`\u00ab\u00bb\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2039\u203a\u300c\u300d]+")
# Other punctuation and pictographic symbols separate words in the key. Percent, currency
# and mathematical signs are kept: "5%" and "$5" are not "5".
_KEY_SEPARATORS = regex.compile(r"[[\p{P}\p{So}\p{Sk}]--[%]]+", regex.V1)
# A claim reported as "that ..." ("he said that taxes will rise") carries the same words.
_LEADING_THAT = re.compile(r"^(?:that\s+)+")
_SPACES = re.compile(r"\s+")

# Tweets: links, the signature an embedded tweet ends with, handles, hashtags.
# The signature: a dash, the poster's name, "(@handle)" and a date, at the very end.
_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S*", re.IGNORECASE)
_SIGNATURE = re.compile(r"\s[\u2014\u2013-]+\s[^\u2014\u2013]*\(@\w+\)[^\u2014\u2013]*$")
_HANDLE = re.compile(r"@(\w+)")
_HASHTAG = re.compile(r"#(\w+)")
# Split points inside a hashtag or handle written in camel case: "DefundTheCBC2020" ->
# "Defund The CBC 2020". All-lower tags ("#climatestrike") stay whole: splitting them would
# need a dictionary, and BM25 still matches them against the same tag.
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")
# Typographic quotation marks and apostrophes fold to the plain ones, so that two copies of
# a text that differ only in their marks get the same tokens and vector.
_PLAIN_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
})  # fmt: skip
# Emoji and other pictographs, with the joiners, selectors and skin tones that glue them.
_PICTOGRAPHS = regex.compile(r"[\p{Extended_Pictographic}\p{So}\p{Sk}\p{Cf}\p{Co}\p{Cs}]+")

_TERM = re.compile(r"\w+")


def exact_key(text: str) -> str:
    """The key under which two wordings count as the very same claim.

    Case, punctuation, quotation marks, spacing, Unicode compatibility forms and a leading
    "that" differ between outlets that report the same words; nothing else may.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = _KEY_SEPARATORS.sub(" ", _QUOTE_MARKS.sub("", folded))
    return _LEADING_THAT.sub("", _SPACES.sub(" ", words).strip())


def split_camel(word: str) -> str:
    """'AustralianFires' -> 'Australian Fires', so a hashtag meets the words it joins."""
    return _CAMEL.sub(" ", word).replace("_", " ")


def split_byline(text: str) -> tuple[str, str]:
    """(body, byline) of a text that may end with an embedded tweet's signature.

    The signature ("— Ann Lee (@annlee) January 6, 2020") names the poster: a fact-check
    often names them too ("Ann Lee tweeted that ..."), so lexical retrieval keeps it, but it
    is not what the tweet says, and averaged into the dense vector it dilutes the claim.
    """
    found = _SIGNATURE.search(text)
    if not found:
        return text, ""
    return text[: found.start()], text[found.start() :]


def clean_text(text: str) -> str:
    """Text as prose: no links, handles and hashtags as words, no emoji, plain quote marks.

    Links and emoji carry no words; "#DefundTheCBC" carries three. Plain prose (a quote
    from an article) comes out as it went in, up to Unicode compatibility forms and marks.
    """
    text = _URL.sub(" ", unicodedata.normalize("NFKC", text).translate(_PLAIN_QUOTES))
    text = _HANDLE.sub(lambda m: " " + split_camel(m.group(1)) + " ", text)
    text = _HASHTAG.sub(lambda m: " " + split_camel(m.group(1)) + " ", text)
    text = _PICTOGRAPHS.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def terms(text: str) -> list[str]:
    """Lower-case word tokens, the unit the lexical index counts."""
    return _TERM.findall(unicodedata.normalize("NFKC", text).casefold())
