"""Score sentences for check-worthiness with the product's code (claims/checkworthiness).

    .venv/bin/python bench/checkworthiness.py IN.jsonl OUT.jsonl
        IN: {"id", "text"} a line; OUT: {"id", "score", "type"} a line, in the same order.
    .venv/bin/python bench/checkworthiness.py --ct2019 IN_DIR OUT_DIR
        IN_DIR: CheckThat! 2019 Task 1 files (`line speaker text label`, tab-separated);
        OUT_DIR: a file of the same name for each, `line score` a line.

Both are what ../shared/eval/score_checkworthy.py reads. A sentence is scored as a claim
would be with no extractor facts beside it (no cue, a known speaker), which is what a
debate transcript tells. Prints the time per sentence (wall clock and this process's CPU,
which a busy machine does not inflate), the model's load excluded.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claims.checkworthiness import model, score  # noqa: E402


def score_jsonl(source: Path, target: Path) -> int:
    with source.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    with target.open("w", encoding="utf-8") as out:
        for row in rows:
            w = score(row["text"])
            out.write(json.dumps({"id": row["id"], "score": w.score, "type": w.type.value}) + "\n")
    return len(rows)


def score_debates(source: Path, target: Path) -> int:
    target.mkdir(parents=True, exist_ok=True)
    count = 0
    for path in sorted(source.glob("*.tsv")):
        lines = []
        for raw in path.read_text(encoding="utf-8").splitlines():
            parts = raw.split("\t")
            if len(parts) >= 3:
                lines.append(f"{parts[0]}\t{score(parts[2]).score}\n")
        (target / path.name).write_text("".join(lines), encoding="utf-8")
        count += len(lines)
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="IN.jsonl, or IN_DIR with --ct2019")
    parser.add_argument("target", type=Path, help="OUT.jsonl, or OUT_DIR with --ct2019")
    parser.add_argument("--ct2019", action="store_true", help="score a folder of CheckThat! 2019 debates")
    args = parser.parse_args(argv)
    model()  # loaded before the clock starts
    started, cpu = time.perf_counter(), time.process_time()
    count = (score_debates if args.ct2019 else score_jsonl)(args.source, args.target)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    each = 1e6 / max(count, 1)
    print(f"{count} sentences scored in {elapsed:.2f} s ({elapsed * each:.0f} µs each, {cpu * each:.0f} µs of CPU), "
          "reading and writing included", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
