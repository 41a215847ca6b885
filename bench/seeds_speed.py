"""Extraction speed on the seed articles, in one process, next to the bare spaCy pipeline.

    .venv/bin/python bench/seeds_speed.py [--rounds N]

Both runs parse the same texts with the same loaded model in the same process, so their
ratio is what the rules add on top of spaCy.
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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    bodies = [parse_text(p.read_text(encoding="utf-8"), p.name).body for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts = bodies * args.rounds
    extractor = get_extractor()
    list(extractor.extract_many(bodies))  # warm up

    started = time.perf_counter()
    for _ in extractor.parse_only(texts):
        pass
    bare = time.perf_counter() - started

    started = time.perf_counter()
    claims = sum(len(found) for found in extractor.extract_many(texts))
    full = time.perf_counter() - started

    started = time.perf_counter()
    for text in texts:
        extractor.extract(text)
    one_by_one = time.perf_counter() - started

    n = len(texts)
    print(f"{n} articles ({len(bodies)} seeds x {args.rounds}), {claims} claims")
    print(f"spaCy pipeline alone : {n / bare:7.1f} articles/s")
    print(f"extraction (batched) : {n / full:7.1f} articles/s  ratio to spaCy alone {full / bare:.2f}")
    print(f"extraction (one call per article, as the worker does): {n / one_by_one:7.1f} articles/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
