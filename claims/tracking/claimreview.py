"""Read fact-checks from ClaimReview JSON-LD as fact-checkers and aggregators publish it.

One object, a list, an `@graph`, or a schema.org DataFeed (its `dataFeedElement` items,
each a ClaimReview or a DataFeedItem whose `item` is one or a list); in a `.json` file, a
`.jsonl` file (a document per line), or an `.html` page that embeds it in
<script type="application/ld+json">. Parsing only, storing is the services' job. Every
problem names its place, `file:line` and, where one document holds several fact-checks,
`#N` (the Nth ClaimReview in it), so a bad record never stops the rest.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sources.importers import ImportProblem, decode_text, read_bytes_limited
from sources.importers import iter_paths as import_paths

SUPPORTED_SUFFIXES = (".json", ".jsonl", ".html", ".htm")
MAX_FILE_BYTES = 200 * 1024 * 1024  # an aggregator's whole feed
MAX_URL_CHARS = 1000  # FactCheck.url
# Longest kept, cut beyond: FactCheck's columns. The claim reviewed is never cut.
FIELD_LIMITS = {"publisher": 300, "title": 500, "claimant": 300, "rating_text": 200}

# Ratings as fact-checkers write them, on one scale from -1 (false) to 1 (true). Words that
# say nothing of truth ("satire", "unproven", "outdated") are left out: their value is None.
_RATING_WORDS = {
    "true": 1.0, "correct": 1.0, "accurate": 1.0, "geppetto checkmark": 1.0,
    "mostly true": 0.5, "mostly correct": 0.5, "mostly accurate": 0.5, "largely accurate": 0.5,
    "one pinocchio": 0.5,
    "half true": 0.0, "mixture": 0.0, "mixed": 0.0, "partly true": 0.0, "partly false": 0.0,
    "half right": 0.0, "two pinocchios": 0.0,
    "mostly false": -0.5, "misleading": -0.5, "exaggerated": -0.5, "distorts the facts": -0.5,
    "three pinocchios": -0.5,
    "false": -1.0, "incorrect": -1.0, "inaccurate": -1.0, "wrong": -1.0, "fake": -1.0, "pants on fire": -1.0,
    "four pinocchios": -1.0, "fabricated": -1.0,
}
_RATING_NOISE = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class ClaimReviewRecord:
    """One fact-check, read from its markup."""

    source: str  # file:line, with #N when the document holds several
    url: str
    claim_reviewed: str
    publisher: str
    title: str
    claimant: str
    rating_text: str
    rating_value: float | None
    reviewed_on: dt.date | None
    raw: dict


class Refused(ValueError):
    """A record that cannot be imported, with the reason an importer can act on."""


def iter_paths(paths: list[Path]) -> Iterator[Path | ImportProblem]:
    """Files named, and the ClaimReview files inside folders named, in a stable order."""
    return import_paths(paths, SUPPORTED_SUFFIXES)


def read_path(path: Path) -> Iterator[ClaimReviewRecord | ImportProblem]:
    """Every fact-check of one file, or the problems that kept some out."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield ImportProblem(str(path), f"unsupported file type {suffix or '(none)'}; use .json, .jsonl or .html")
        return
    raw = read_bytes_limited(path, MAX_FILE_BYTES)
    if isinstance(raw, ImportProblem):
        yield raw
        return
    text = decode_text(raw)
    if isinstance(text, ImportProblem):
        yield ImportProblem(str(path), text.message)
        return
    if suffix == ".jsonl":
        documents = _jsonl_documents(text)
    elif suffix == ".json":
        documents = _json_documents(text)
    else:
        documents = _html_documents(text)
    # A document with no ClaimReview (a page's WebSite, a feed's other items) is passed
    # over, unless the file holds none at all and nothing else was reported.
    found, reported, seen = False, False, []
    for line, document in documents:
        where = f"{path}:{line}"
        if isinstance(document, str):
            reported = True
            yield ImportProblem(where, document)
            continue
        reviews = list(claim_reviews(document))
        found = found or bool(reviews)
        if not reviews:
            seen.append(_types_seen(document))
        yield from records_from(reviews, where)
    if not found and not reported:
        yield ImportProblem(f"{path}:1", f"no ClaimReview in it (found {', '.join(dict.fromkeys(seen)) or 'nothing'})")


def _parsed(text: str, start: int = 0) -> tuple[Any, int] | str:
    """A JSON value from `text` at `start` and where it ends, or why it is not JSON."""
    try:
        return json.JSONDecoder().raw_decode(text, start)
    except json.JSONDecodeError as exc:
        return f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
    except RecursionError:
        return "the JSON is nested too deeply to read"
    except ValueError as exc:  # a number too long to convert, say
        return f"not valid JSON ({exc})"


def _json_documents(text: str) -> Iterator[tuple[int, Any]]:
    """(line, document) of a .json file: the one value it holds, or each item of a top-level
    list, numbered by the line it starts on (a bad item costs the items after it)."""
    start = _skip_space(text, 0)
    if not text.startswith("[", start):
        found = _parsed(text, start)
        if isinstance(found, str):
            yield 1, found
        elif _skip_space(text, found[1]) != len(text):
            yield _line_of(text, found[1]), "extra data after the JSON value"
        else:
            yield _line_of(text, start), found[0]
        return
    position = _skip_space(text, start + 1)
    while not text.startswith("]", position):
        found = _parsed(text, position)
        if isinstance(found, str):
            yield _line_of(text, position), found
            return
        yield _line_of(text, position), found[0]
        position = _skip_space(text, found[1])
        if position >= len(text):
            yield _line_of(text, position), "not valid JSON (the list is never closed with ']')"
            return
        if text.startswith(",", position):
            position = _skip_space(text, position + 1)
        elif not text.startswith("]", position):
            yield _line_of(text, position), "not valid JSON (expected ',' or ']' after a list item)"
            return
    if _skip_space(text, position + 1) != len(text):
        yield _line_of(text, position + 1), "extra data after the JSON value"


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n\ufeff":
        position += 1
    return position


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _jsonl_documents(text: str) -> Iterator[tuple[int, Any]]:
    # Lines end at \n only: JSON allows U+2028 and the like inside strings.
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if not line:
            continue
        found = _parsed(line)
        if isinstance(found, str):
            yield number, found
        elif _skip_space(line, found[1]) != len(line):
            yield number, "one JSON document per line: there is more after it"
        else:
            yield number, found[0]


class _JsonLdScripts(HTMLParser):
    """The <script type="application/ld+json"> blocks of a page, with the line each starts on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: list[tuple[int, str]] = []
        self._open: tuple[int, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = dict(attrs).get("type") or ""
        if tag == "script" and kind.split(";")[0].strip().lower() == "application/ld+json":
            self._open = (self.getpos()[0], [])

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.found.append((self._open[0], "".join(self._open[1])))
            self._open = None


def _html_documents(text: str) -> Iterator[tuple[int, Any]]:
    scripts = _JsonLdScripts()
    scripts.feed(text)
    scripts.close()
    if not scripts.found:
        yield 1, 'no <script type="application/ld+json"> in the page'
    for line, body in scripts.found:
        found = _parsed(body.strip())
        yield line, found if isinstance(found, str) else found[0]


def records_from(reviews: list[dict], where: str) -> Iterator[ClaimReviewRecord | ImportProblem]:
    """The fact-checks of one document's ClaimReviews, numbered `#N` when it holds several."""
    for number, review in enumerate(reviews, start=1):
        source = where if len(reviews) == 1 else f"{where} #{number}"
        try:
            yield record_from(review, source)
        except Refused as exc:
            yield ImportProblem(source, str(exc))


def claim_reviews(node: Any) -> Iterator[dict]:
    """The ClaimReview objects in a document: itself, the items of a list, an @graph, a
    DataFeed's elements and their `item`s. Other objects (a WebPage, an Organization) are passed over."""
    if isinstance(node, list):
        for item in node:
            yield from claim_reviews(item)
    elif isinstance(node, dict):
        if "ClaimReview" in _types(node):
            yield node
            return
        for key in ("@graph", "dataFeedElement", "item", "mainEntity"):
            if key in node:
                yield from claim_reviews(node[key])


def _types(node: dict) -> set[str]:
    """The @type names, without a schema.org prefix ('schema:ClaimReview', 'https://schema.org/ClaimReview')."""
    raw = node.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    return {re.split(r"[/:#]", name)[-1] for name in names if isinstance(name, str)}


def _types_seen(document: Any) -> str:
    if isinstance(document, dict):
        return ", ".join(sorted(_types(document))) or "an object without @type"
    if isinstance(document, list):
        return f"a list of {len(document)} item(s) without one"
    return f"a JSON {type(document).__name__}"


def record_from(review: dict, source: str) -> ClaimReviewRecord:
    """One ClaimReview as a record; Refused when it lacks what a fact-check needs."""
    _storable(review)
    url = _string(review.get("url"), "url")
    parts = urlsplit(url)
    if not url or parts.scheme not in ("http", "https") or not parts.netloc:
        raise Refused(f"'url' must be the fact-check's http(s) address (it identifies it), got {url[:100]!r}")
    if len(url) > MAX_URL_CHARS:
        raise Refused(f"'url' has {len(url):,} characters; the limit is {MAX_URL_CHARS:,}")
    claim_reviewed = " ".join(_string(review.get("claimReviewed"), "claimReviewed").split())
    if not claim_reviewed:
        raise Refused("no 'claimReviewed': the claim the fact-check is about")
    rating = _first(review.get("reviewRating"))
    rating = rating if isinstance(rating, dict) else {}
    rating_text = " ".join(_string(rating.get("alternateName") or rating.get("name"), "reviewRating.alternateName").split())
    item = _first(review.get("itemReviewed"))
    item = item if isinstance(item, dict) else {}
    fields = {
        "publisher": _name(review.get("author"), "author") or _name(review.get("publisher"), "publisher")
        or parts.netloc.removeprefix("www."),
        "title": _string(review.get("headline") or review.get("name"), "headline"),
        "claimant": _name(item.get("author"), "itemReviewed.author"),
        "rating_text": rating_text,
    }
    fields = {name: _cut(" ".join(value.split()), FIELD_LIMITS[name]) for name, value in fields.items()}
    return ClaimReviewRecord(
        source=source, url=url, claim_reviewed=claim_reviewed, **fields,
        rating_value=rating_value(rating_text, rating), reviewed_on=_date(review.get("datePublished")), raw=review,
    )


def rating_value(text: str, rating: dict) -> float | None:
    """A rating on the scale -1 (false) to 1 (true): a known word first (what the fact-checker
    wrote), else ratingValue between an explicit worstRating and bestRating; else None."""
    word = _RATING_NOISE.sub(" ", text.casefold()).strip()
    if word in _RATING_WORDS:
        return _RATING_WORDS[word]
    try:
        value, best, worst = (float(rating[k]) for k in ("ratingValue", "bestRating", "worstRating"))
    except (KeyError, TypeError, ValueError):
        return None
    if best == worst or not all(abs(x) < float("inf") for x in (value, best, worst)):
        return None
    return max(-1.0, min(1.0, 2 * (value - worst) / (best - worst) - 1))


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _string(value: Any, field: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise Refused(f"'{field}' must be text, got a JSON {type(value).__name__}")
    return value.strip()


def _name(value: Any, field: str) -> str:
    """An author or publisher: a name, an object with a name, or a list of them (the first)."""
    value = _first(value)
    if isinstance(value, dict):
        return _string(value.get("name"), f"{field}.name")
    return _string(value, field)


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    text = _string(value, "datePublished")
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise Refused(f"'datePublished' must be an ISO 8601 date (YYYY-MM-DD...), got {text[:40]!r}") from None


def _cut(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _storable(node: Any) -> None:
    """Refuse text the database cannot keep (NUL, a lone surrogate), anywhere in the record:
    it is kept whole as raw JSON."""
    if isinstance(node, str):
        found = _UNSTORABLE.search(node)
        if found:
            what = "a NUL character" if found.group() == "\x00" else f"a lone surrogate (U+{ord(found.group()):04X})"
            raise Refused(f"it contains {what}: not valid text")
    elif isinstance(node, dict):
        for key, value in node.items():
            _storable(key)
            _storable(value)
    elif isinstance(node, list):
        for value in node:
            _storable(value)
