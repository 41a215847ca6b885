"""Memory over a long stream of articles: resident memory must stay flat.

    .venv/bin/python bench/memory_flat.py [--articles 10000] [--every 1000] [--per-article]

Texts are the seed articles, each copy given new names and numbers so that every article
brings strings the model's vocabulary has never seen (the case that makes spaCy grow).
By default they go through Extractor.extract_many, as the benches and batch jobs do (a memory
zone per 256 articles); --per-article calls Extractor.extract once per article, as the Celery
task does (a zone per article).

Every --every articles it prints two readings of resident memory:
  RSS   as the operating system sees it;
  held  after malloc_trim(0) has handed back the free heap pages glibc keeps for reuse.
spaCy's work arrays for a batch of long documents take tens of MiB; once glibc has raised
its mmap threshold (which it does when such an array is freed, at a moment that depends on
the allocation history) it keeps their space in its heap when they are freed, so RSS steps
up once and stays there. That is a plateau, not growth per article; "held" leaves those free
pages out, so what grows there is memory something still holds, and the verdict is on it.

Verdict: FLAT when "held" grows by at most MAX_GROWTH_MIB from the checkpoint at --baseline
articles (caches and allocator have settled by then) to the last one, and by at most
MAX_SLOPE_MIB per 1,000 articles over the second half of the run (least-squares slope).
The exit status is 1 when it is not flat.
"""

from __future__ import annotations

import argparse
import ctypes
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction import get_extractor  # noqa: E402
from claims.extraction.types import Attribution  # noqa: E402
from sources.importers import parse_text  # noqa: E402

MAX_GROWTH_MIB = 4.0  # "held" from the baseline checkpoint to the last
MAX_SLOPE_MIB = 0.25  # "held" per 1,000 articles over the second half


def rss_mib() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * 4096 / 2**20


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None under another C library."""
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def stream(bodies: list[str], count: int) -> Iterator[str]:
    for n in range(count):
        body = bodies[n % len(bodies)]
        # A fresh name and number per article: new strings for the vocabulary every time.
        yield f"Councillor Zephyr Quill{n}x said the levy of {n * 7919} crowns was unfair.\n\n{body}"


def results(extractor, texts: Iterable[str], per_article: bool) -> Iterator[list[Attribution]]:
    if per_article:
        return (extractor.extract(text) for text in texts)
    return extractor.extract_many(texts)


def slope_per_thousand(points: list[tuple[int, float]]) -> float:
    """Least-squares growth in MiB per 1,000 articles."""
    if len(points) < 2:
        return 0.0
    articles, mib = zip(*points, strict=True)
    return statistics.linear_regression(articles, mib).slope * 1000


def verdict(checkpoints: list[tuple[int, float, float]], baseline: int) -> tuple[bool, str]:
    """(flat, report) for checkpoints of (articles, RSS, held)."""
    start = next(c for c in checkpoints if c[0] >= baseline)
    last = checkpoints[-1]
    half = last[0] / 2
    second_half = [(n, held) for n, _, held in checkpoints if n >= half]
    growth, raw_growth = last[2] - start[2], last[1] - start[1]
    slope = slope_per_thousand(second_half)
    flat = growth <= MAX_GROWTH_MIB and slope <= MAX_SLOPE_MIB
    report = (
        f"held {start[2]:.1f} -> {last[2]:.1f} MiB: {growth:+.1f} MiB from article {start[0]} to {last[0]}, "
        f"{slope:+.2f} MiB per 1,000 articles over the second half ({second_half[0][0]}-{last[0]})\n"
        f"RSS  {start[1]:.1f} -> {last[1]:.1f} MiB: {raw_growth:+.1f} MiB from article {start[0]} to {last[0]}\n"
        f"verdict: {'FLAT' if flat else 'NOT FLAT'} (limits: held at most {MAX_GROWTH_MIB:+.1f} MiB from article "
        f"{start[0]} and {MAX_SLOPE_MIB:+.2f} MiB per 1,000 articles over the second half)"
    )
    return flat, report


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--every", type=int, default=1_000)
    parser.add_argument("--baseline", type=int, default=1_000, help="growth is measured from this checkpoint on")
    parser.add_argument("--per-article", action="store_true", help="extract() per article, as the Celery task does")
    args = parser.parse_args()
    if not args.every <= args.baseline < args.articles:
        parser.error("need --every <= --baseline < --articles")
    trim = _malloc_trim()
    if trim is None:
        print("no glibc malloc_trim here: 'held' is RSS")
    bodies = [parse_text(p.read_text(encoding="utf-8"), p.name).body for p in sorted((ROOT / "seeds").glob("*.txt"))]
    extractor = get_extractor()
    list(results(extractor, bodies, args.per_article))  # warm up: model loaded, caches filled
    checkpoints = []
    started = time.perf_counter()
    for n, _ in enumerate(results(extractor, stream(bodies, args.articles), args.per_article), start=1):
        if n % args.every == 0:
            rss = rss_mib()
            if trim is not None:
                trim(0)
            checkpoints.append((n, rss, rss_mib()))
            print(f"{n:6d} articles  RSS {rss:7.1f} MiB  held {checkpoints[-1][2]:7.1f} MiB  "
                  f"strings {len(extractor.nlp.vocab.strings):,}", flush=True)
    elapsed = time.perf_counter() - started
    path = "extract() per article" if args.per_article else "extract_many"
    print(f"{args.articles} articles in {elapsed:.0f} s ({args.articles / elapsed:.1f}/s) through {path}")
    flat, report = verdict(checkpoints, args.baseline)
    print(report)
    return 0 if flat else 1


if __name__ == "__main__":
    raise SystemExit(main())
