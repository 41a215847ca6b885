"""Memory over a long stream of articles: resident memory must stay flat.

    .venv/bin/python bench/memory_flat.py [--articles 10000] [--every 1000]

Texts are the seed articles, each copy given new names and numbers so that every article
brings strings the model's vocabulary has never seen (the case that makes spaCy grow).
Prints resident memory (RSS) every --every articles and the growth from the first
checkpoint to the last.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction import get_extractor  # noqa: E402
from sources.importers import parse_text  # noqa: E402


def rss_mib() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * 4096 / 2**20


def stream(bodies: list[str], count: int):
    for n in range(count):
        body = bodies[n % len(bodies)]
        # A fresh name and number per article: new strings for the vocabulary every time.
        yield f"Councillor Zephyr Quill{n}x said the levy of {n * 7919} crowns was unfair.\n\n{body}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--every", type=int, default=1_000)
    args = parser.parse_args()
    bodies = [parse_text(p.read_text(encoding="utf-8"), p.name).body for p in sorted((ROOT / "seeds").glob("*.txt"))]
    extractor = get_extractor()
    list(extractor.extract_many(bodies))  # warm up: model loaded, caches filled
    checkpoints = []
    started = time.perf_counter()
    for n, _ in enumerate(extractor.extract_many(stream(bodies, args.articles)), start=1):
        if n % args.every == 0:
            checkpoints.append((n, rss_mib(), len(extractor.nlp.vocab.strings)))
            print(f"{n:6d} articles  RSS {checkpoints[-1][1]:7.1f} MiB  strings {checkpoints[-1][2]:,}", flush=True)
    elapsed = time.perf_counter() - started
    first, last = checkpoints[0], checkpoints[-1]
    print(f"{args.articles} articles in {elapsed:.0f} s ({args.articles / elapsed:.1f}/s); RSS {first[1]:.1f} -> "
          f"{last[1]:.1f} MiB ({last[1] - first[1]:+.1f} MiB from article {first[0]} to {last[0]})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
