"""Batch extraction: one article per input line, one result line per article.

    .venv/bin/python bench/extract_jsonl.py IN.jsonl OUT.jsonl [--batch-size N] [--model NAME]

Input lines are {"id", "text"} (other keys ignored). Output lines are
{"id", "quotes": [{"quote_start", "quote_end", "quote", "kind", "cue", "cue_start", "cue_end",
"speaker", "speaker_start", "speaker_end", "speaker_name", "via", "confidence"}]}.
Uses the same claims.extraction code as the workers; prints articles per second at the end.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tqdm import tqdm  # noqa: E402

from claims.extraction import DEFAULT_MODEL, Attribution, get_extractor  # noqa: E402


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args(argv)

    extractor = get_extractor(args.model)
    articles = list(read_articles(args.input))
    started = time.perf_counter()
    ids = [a[0] for a in articles]
    with args.output.open("w", encoding="utf-8") as out, tqdm(
        total=len(articles), unit="art", disable=not sys.stderr.isatty(), file=sys.stderr
    ) as bar:
        for article_id, found in zip(ids, extractor.extract_many((a[1] for a in articles), batch_size=args.batch_size)):
            out.write(json.dumps({"id": article_id, "quotes": [quote_record(a) for a in found]}, ensure_ascii=False) + "\n")
            bar.update(1)
    elapsed = time.perf_counter() - started
    rate = len(articles) / elapsed if elapsed else 0.0
    print(f"{len(articles)} articles in {elapsed:.2f} s: {rate:.2f} articles/s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
