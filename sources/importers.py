"""Read article files into plain records: the seed format, .txt, .html and .jsonl.

Parsing only; storing is the services' job. Every problem becomes an ImportProblem that
names the file (and line), so one bad input never stops the rest of an import.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
# A seed article starts with " date YYYY-MM-DD ": metadata, not article text.
_SEED_DATE_RE = re.compile(r"^\s*date (\d{4}-\d{2}-\d{2})\s")
_TITLE_END_RE = re.compile(r"(?<=[.!?])\s|\n")
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_URL_CHARS = 1000  # Article.url's length


@dataclass(frozen=True)
class ParsedArticle:
    source: str  # file name, with ":line" for JSONL
    title: str
    body: str
    url: str = ""
    published_on: dt.date | None = None
    outlet: str = ""
    body_offset: int = 0  # where the body starts in the file text (seed format: after the date token)


@dataclass(frozen=True)
class ImportProblem:
    source: str
    message: str


def iter_paths(paths: list[Path], suffixes: tuple[str, ...] = SUPPORTED_SUFFIXES) -> Iterator[Path | ImportProblem]:
    """Files named, and the files with one of suffixes inside folders named, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)
        elif path.is_file():
            yield path
        else:
            yield ImportProblem(str(path), "no such file or folder")


def read_path(path: Path) -> Iterator[ParsedArticle | ImportProblem]:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield ImportProblem(str(path), f"unsupported file type {suffix or '(none)'}; use .txt, .html or .jsonl")
        return
    raw = read_bytes_limited(path, MAX_FILE_BYTES)
    if isinstance(raw, ImportProblem):
        yield raw
        return
    if suffix == ".jsonl":
        yield from parse_jsonl(raw, str(path))
        return
    text = decode_text(raw)
    if isinstance(text, ImportProblem):
        yield ImportProblem(str(path), text.message)
        return
    if suffix in (".html", ".htm"):
        yield parse_html(text, str(path), fallback_title=path.stem)
    else:
        yield parse_text(text, str(path), fallback_title=path.stem)


def read_bytes_limited(path: Path, limit: int) -> bytes | ImportProblem:
    """The file's bytes, or why they cannot be read (too large, unreadable)."""
    try:
        size = path.stat().st_size
        if size > limit:
            return ImportProblem(str(path), f"file is {size:,} bytes; the limit is {limit:,}")
        return path.read_bytes()
    except OSError as exc:
        return ImportProblem(str(path), f"cannot read: {exc.strerror or exc}")


def decode_text(raw: bytes) -> str | ImportProblem:
    """UTF-8 (with or without BOM), else UTF-16 with BOM, else Windows-1252; binary is refused."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            return ImportProblem("", "not valid UTF-16 text")
    if b"\x00" in raw[:8192]:
        return ImportProblem("", "looks like a binary file (NUL bytes), not text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return ImportProblem("", "not UTF-8 text, and not Windows-1252 either; convert it to UTF-8")
    return text


def _title_from(body: str, fallback: str) -> str:
    first = body.strip().split("\n", 1)[0].strip()
    match = _TITLE_END_RE.search(first)
    title = first[: match.start()].strip() if match else first
    if len(title) > 200:
        title = title[:197].rsplit(" ", 1)[0] + "..."
    return title or fallback


def parse_text(text: str, source: str, fallback_title: str = "") -> ParsedArticle | ImportProblem:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    published_on = None
    offset = 0
    match = _SEED_DATE_RE.match(text)
    if match:
        try:
            published_on = dt.date.fromisoformat(match.group(1))
        except ValueError:
            return ImportProblem(source, f"bad date in the seed header: {match.group(1)!r}")
        offset = match.end()
    body = text[offset:]
    stripped_tail = body.rstrip()
    body = stripped_tail
    if not body.strip():
        return ImportProblem(source, "empty article text")
    return ParsedArticle(
        source=source,
        title=_title_from(body, fallback_title),
        body=body,
        published_on=published_on,
        body_offset=offset,
    )


def parse_html(html: str, source: str, fallback_title: str = "", *, deduplicate: bool = False) -> ParsedArticle | ImportProblem:
    """Main text by trafilatura: scripts, styles, navigation and boilerplate are dropped.

    trafilatura's deduplicate drops paragraphs it has seen several times before in this
    process (a cache shared by every call), so it is off by default: with it, the same page
    read differently as the process aged (the fourth upload of one file found no text)."""
    import trafilatura  # imported here: loading it costs a moment and only HTML needs it

    # trafilatura trips over some inputs (an SVG image saved as .html fails an assertion in
    # its metadata reader): whatever it raises, this file is unreadable, not the import.
    try:
        body = trafilatura.extract(
            html, include_comments=False, include_tables=False, favor_precision=True, deduplicate=deduplicate
        )
        meta = trafilatura.extract_metadata(html) if body and body.strip() else None
    except Exception as exc:
        return ImportProblem(source, f"cannot read the HTML ({type(exc).__name__} in trafilatura)")
    if not body or not body.strip():
        return ImportProblem(source, "no article text found in the HTML")
    # trafilatura separates paragraphs with single newlines; our offsets expect blank lines.
    body = "\n\n".join(line.strip() for line in body.splitlines() if line.strip())
    title = (meta.title if meta and meta.title else "") or _title_from(body, fallback_title)
    published_on = None
    if meta and meta.date:
        try:
            published_on = dt.date.fromisoformat(meta.date[:10])
        except ValueError:
            published_on = None
    # The URL a page claims for itself is optional metadata: one we could not store is dropped.
    url = meta.url if meta and meta.url and meta.url.startswith(("http://", "https://")) else ""
    if len(url) > MAX_URL_CHARS:
        url = ""
    outlet = meta.sitename if meta and meta.sitename else ""
    return ParsedArticle(source=source, title=title[:500], body=body, url=url, published_on=published_on, outlet=outlet)


def parse_jsonl(raw: bytes, source: str) -> Iterator[ParsedArticle | ImportProblem]:
    """One article per line: {"title", "body", "url", "published_on", "outlet"}."""
    text = decode_text(raw)
    if isinstance(text, ImportProblem):
        yield ImportProblem(source, text.message)
        return
    # Lines end at \n only: str.splitlines() also breaks at U+2028, U+0085 and others, which
    # JSON allows inside strings, and would number the lines unlike any editor.
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        where = f"{source}:{number}"
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ImportProblem(where, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        except RecursionError:
            yield ImportProblem(where, "not an article: the JSON is nested too deeply to read")
            continue
        except ValueError as exc:  # a number too long to convert, say
            yield ImportProblem(where, f"not valid JSON ({exc})")
            continue
        if not isinstance(record, dict):
            yield ImportProblem(where, "each line must be a JSON object")
            continue
        body = record.get("body")
        if not isinstance(body, str) or not body.strip():
            yield ImportProblem(where, "missing or empty 'body'")
            continue
        published_on = None
        raw_date = record.get("published_on")
        if raw_date not in (None, ""):
            try:
                published_on = dt.date.fromisoformat(str(raw_date)[:10])
            except ValueError:
                yield ImportProblem(where, f"'published_on' must be YYYY-MM-DD, got {raw_date!r}")
                continue
        fields = {}
        for key in ("title", "url", "outlet"):
            value = record.get(key) or ""
            if not isinstance(value, str):
                yield ImportProblem(where, f"'{key}' must be a string")
                break
            fields[key] = value.strip()
        else:
            body = body.replace("\r\n", "\n")
            yield ParsedArticle(
                source=where,
                title=fields["title"] or _title_from(body, f"{Path(source).stem} line {number}"),
                body=body,
                url=fields["url"],
                published_on=published_on,
                outlet=fields["outlet"],
            )
