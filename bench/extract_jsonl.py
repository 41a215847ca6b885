"""Batch extraction: one article per input line, one result line per article.

    .venv/bin/python bench/extract_jsonl.py IN.jsonl OUT.jsonl [--batch-size N] [--model NAME] [--cache DIR]
        [--workers N]

Input lines are {"id", "text"} (other keys ignored). Output lines are
{"id", "quotes": [{"quote_start", "quote_end", "quote", "kind", "cue", "cue_start", "cue_end",
"speaker", "speaker_start", "speaker_end", "speaker_name", "via", "confidence"}]}.
Uses the same claims.extraction code as the workers; prints articles per second at the end.

"kind" follows the evaluation corpus's definition unless --kinds product is given: direct
when every content piece is enclosed in double quotation marks (" “ ” „), mixed when a piece
contains one, else indirect. The product calls content inside the typewriter pairs `` ''
(two apostrophes, as some newspaper archives print “ ”) direct too; the corpus does not.
And a quotation the complementizer "that" introduces (said that “…”) is direct to the
product, but the corpus's annotators take "that" into the content, which makes it mixed.
Nothing else differs between the two.

--cache DIR keeps the parsed articles (a spaCy DocBin named after the input file and the
model) in DIR, so that a second run over the same file skips the parser and runs only the
rules: for tuning the rules, several times faster. Empty DIR when the spaCy model, the
pipeline's components or the input file change. Timings printed with a cache are the rules'
alone.

--workers N parses in N processes (default 1, this process), each loading the model once
and taking chunks of --chunk articles in turn; the output keeps the input's order and is the
same whatever N. At the end it prints articles per second and the peak memory (RSS) of
each process that parsed. The extractor is one spaCy pipeline per process: what one more
process costs is one more model in memory.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import resource
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tqdm import tqdm  # noqa: E402

from claims.extraction import DEFAULT_MODEL, Attribution, Kind, get_extractor  # noqa: E402

# The corpus's double quotation marks; '' and `` are pairs of single characters to it.
CORPUS_DOUBLE_MARKS = frozenset('"\u201c\u201d\u201e')
_CLOSING_PUNCTUATION = frozenset(",.;:!?")
# The word before a quotation that makes it the object of a reported clause: said that “…”.
_COMPLEMENTIZER_RE = re.compile(r"\bthat\s*$", re.IGNORECASE)


def corpus_kind(text: str, a: Attribution) -> Kind:
    """The attribution's kind under the corpus's definition (see the module docstring)."""
    pieces = a.pieces or ((a.start, a.end),)

    def enclosed(start: int, end: int) -> bool:
        """A double mark before the piece and one after it (past the punctuation a quote
        closes on: "…unfair,” she said)."""
        i = start - 1
        while i >= 0 and text[i].isspace():
            i -= 1
        j = end
        while j < len(text) and (text[j].isspace() or text[j] in _CLOSING_PUNCTUATION):
            j += 1
        return i >= 0 and text[i] in CORPUS_DOUBLE_MARKS and j < len(text) and text[j] in CORPUS_DOUBLE_MARKS

    def introduced_by_that(start: int) -> bool:
        """“that” right before the opening mark, after the cue: she said that “…”."""
        i = start - 1
        while i >= 0 and text[i].isspace():
            i -= 1
        return a.cue_end <= i and _COMPLEMENTIZER_RE.search(text, a.cue_end, i) is not None

    if a.kind == Kind.DIRECT and all(enclosed(s, e) for s, e in pieces):
        return Kind.MIXED if introduced_by_that(pieces[0][0]) else Kind.DIRECT
    if any(ch in CORPUS_DOUBLE_MARKS for s, e in pieces for ch in text[s:e]):
        return Kind.MIXED
    return Kind.INDIRECT


def quote_record(a: Attribution) -> dict:
    return {
        "quote_start": a.start, "quote_end": a.end, "quote": a.text, "kind": str(a.kind),
        "cue": a.cue, "cue_start": a.cue_start, "cue_end": a.cue_end,
        "speaker": a.speaker, "speaker_start": a.speaker_start, "speaker_end": a.speaker_end,
        "speaker_name": a.speaker_name, "via": a.via, "confidence": a.confidence,
        "quote_spans": [list(piece) for piece in a.pieces],
    }


def read_articles(path: Path):
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                yield str(record["id"]), str(record["text"])
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                print(f"{path}:{number}: skipped ({exc})", file=sys.stderr)


def cached_results(extractor, texts: list[str], cache: Path, source: Path, model: str, batch_size: int):
    """The same results as extract_many, from parsed documents kept in cache (parsed and
    stored on the first run)."""
    from spacy.tokens import DocBin

    from claims.extraction.pipeline import mask_long_runs, restore_texts

    masked = [mask_long_runs(text) for text in texts]
    stored = cache / f"{source.stem}.{model}.spacy"
    if stored.exists():
        docs = list(DocBin().from_disk(stored).get_docs(extractor.nlp.vocab))
        if len(docs) != len(texts) or any(d.text != m for d, m in zip(docs, masked)):
            raise SystemExit(f"{stored} does not hold {source}'s articles: empty {cache}")
    else:
        docs = list(extractor.nlp.pipe(masked, batch_size=batch_size))
        cache.mkdir(parents=True, exist_ok=True)
        bin_ = DocBin(store_user_data=False)
        for doc in docs:
            bin_.add(doc)
        bin_.to_disk(stored)
    for doc, text, m in zip(docs, texts, masked, strict=True):
        yield restore_texts(extractor._attributions(doc, None, m), text, m)


_worker_extractor = None


def _load_worker(model: str, ready) -> None:
    global _worker_extractor
    _worker_extractor = get_extractor(model)
    ready.put(os.getpid())


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


def _extract_chunk(job: tuple[list[str], int]) -> tuple[list[list[Attribution]], int, float]:
    texts, batch_size = job
    found = list(_worker_extractor.extract_many(texts, batch_size=batch_size))
    return found, os.getpid(), peak_rss_mb()


def start_workers(workers: int, model: str):
    """A pool of `workers` processes, returned once each has loaded the model (so the
    timing, as with one process, leaves the loading out)."""
    context = multiprocessing.get_context("fork")  # before any model is loaded here
    ready = context.Queue()
    pool = context.Pool(workers, initializer=_load_worker, initargs=(model, ready))
    for _ in range(workers):
        ready.get(timeout=600)
    return pool


def extract_in_processes(
    pool, texts: list[str], *, batch_size: int, chunk: int, peaks: dict[int, float]
) -> Iterator[list[Attribution]]:
    """extract_many's results in input order, parsed by the pool's processes in chunks;
    `peaks` receives each process's peak RSS in MB."""
    jobs = [(texts[i : i + chunk], batch_size) for i in range(0, len(texts), chunk)]
    for found, pid, peak in pool.imap(_extract_chunk, jobs):
        peaks[pid] = max(peak, peaks.get(pid, 0.0))
        yield from found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument(
        "--kinds", choices=("corpus", "product"), default="corpus",
        help="label direct/mixed/indirect as the evaluation corpus does (default) or as the product does",
    )
    parser.add_argument(
        "--product-output", type=Path, metavar="PATH",
        help="also write the same results with the product's kinds to PATH (one run, two files)",
    )
    parser.add_argument(
        "--cache", type=Path, metavar="DIR",
        help="keep the parsed articles in DIR and reuse them on the next run (for tuning the rules)",
    )
    parser.add_argument("--workers", type=int, default=1, help="processes that parse (default 1: this one)")
    parser.add_argument("--chunk", type=int, default=16, help="articles a worker takes at a time (with --workers)")
    args = parser.parse_args(argv)
    if args.product_output is not None and args.product_output.resolve() == args.output.resolve():
        parser.error("--product-output must name a different file from OUT")
    if args.workers < 1 or args.chunk < 1:
        parser.error("--workers and --chunk must be at least 1")
    if args.workers > 1 and args.cache is not None:
        parser.error("--cache works in one process: leave out --workers")

    extractor = get_extractor(args.model) if args.workers == 1 else None
    articles = list(read_articles(args.input))
    peaks: dict[int, float] = {}
    pool = start_workers(args.workers, args.model) if args.workers > 1 else None
    started = time.perf_counter()
    ids = [a[0] for a in articles]
    with ExitStack() as stack:
        out = stack.enter_context(args.output.open("w", encoding="utf-8"))
        product_out = stack.enter_context(args.product_output.open("w", encoding="utf-8")) if args.product_output else None
        bar = stack.enter_context(
            tqdm(total=len(articles), unit="art", disable=not sys.stderr.isatty(), file=sys.stderr)
        )
        texts = [a[1] for a in articles]
        if pool is not None:
            stack.enter_context(pool)
            results = extract_in_processes(pool, texts, batch_size=args.batch_size, chunk=args.chunk, peaks=peaks)
        elif args.cache is not None:
            results = cached_results(extractor, texts, args.cache, args.input, args.model, args.batch_size)
        else:
            results = extractor.extract_many(texts, batch_size=args.batch_size)
        for article_id, text, found in zip(ids, texts, results):
            quotes = [quote_record(a) for a in found]
            if product_out is not None:
                product_out.write(json.dumps({"id": article_id, "quotes": quotes}, ensure_ascii=False) + "\n")
            if args.kinds == "corpus":
                quotes = [{**q, "kind": str(corpus_kind(text, a))} for q, a in zip(quotes, found, strict=True)]
            out.write(json.dumps({"id": article_id, "quotes": quotes}, ensure_ascii=False) + "\n")
            bar.update(1)
    elapsed = time.perf_counter() - started
    rate = len(articles) / elapsed if elapsed else 0.0
    print(f"{len(articles)} articles in {elapsed:.2f} s: {rate:.2f} articles/s with {args.workers} process(es)",
          file=sys.stderr)
    if not peaks:
        peaks = {os.getpid(): peak_rss_mb()}
    print("peak memory (RSS) per parsing process: " + ", ".join(f"{mb:.0f} MB" for mb in peaks.values())
          + f"; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
