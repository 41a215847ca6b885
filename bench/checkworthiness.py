"""Score sentences for check-worthiness with the product's code (claims/checkworthiness).

    .venv/bin/python bench/checkworthiness.py IN.jsonl OUT.jsonl
        IN: {"id", "text"} a line; OUT: {"id", "score", "type"} a line, in the same order.
        A line may carry what the extractor knows of the claim, "kind", "cue" and
        "speaker_known" (tests/data/worthiness_news/): the pipeline scores with them.
    .venv/bin/python bench/checkworthiness.py --labelled IN.jsonl OUT.jsonl
        the same, and prints the average precision and ROC AUC of the lines' "label", and the
        precision, recall and F1 of "worth checking" (score >= --threshold, default 0.3,
        the default of FACTCHECK_CHECKWORTHY_MIN, and a type other than nothing to check).
    .venv/bin/python bench/checkworthiness.py --ct2019 IN_DIR OUT_DIR
        IN_DIR: CheckThat! 2019 Task 1 files (`line speaker text label`, tab-separated);
        OUT_DIR: a file of the same name for each, `line score` a line.

Both are what ../shared/eval/score_checkworthy.py reads. A sentence without extractor
facts is scored as a claim with no cue and a known speaker, which is what a debate
transcript tells. Prints the time per sentence (wall clock and this process's CPU, which a
busy machine does not inflate), the model's load excluded.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.train_checkworthiness import average_precision, roc_auc  # noqa: E402
from claims.checkworthiness import ClaimType, Worthiness, model, score  # noqa: E402

# The default of FACTCHECK_CHECKWORTHY_MIN (factcheck/settings.py); this script has no Django.
THRESHOLD = 0.3


def read_jsonl(source: Path) -> list[dict]:
    with source.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def score_row(row: dict) -> Worthiness:
    """A line's score, with the extractor's facts when the line has them."""
    return score(
        row["text"], kind=row.get("kind", ""), cue_lemma=row.get("cue", ""),
        speaker_known=bool(row.get("speaker_known", True)),
    )


def score_jsonl(source: Path, target: Path) -> int:
    rows = read_jsonl(source)
    with target.open("w", encoding="utf-8") as out:
        for row in rows:
            w = score_row(row)
            out.write(json.dumps({"id": row["id"], "score": w.score, "type": w.type.value}) + "\n")
    return len(rows)


@dataclass(frozen=True)
class Measured:
    lines: int
    positives: int
    ap: float
    auc: float
    precision: float  # of "worth checking" at the threshold
    recall: float

    @property
    def f1(self) -> float:
        return 2 * self.precision * self.recall / (self.precision + self.recall) if self.precision + self.recall else 0.0


def measured(source: Path, threshold: float = THRESHOLD) -> Measured:
    """The product's scores on a labelled file, measured against its labels."""
    rows = read_jsonl(source)
    found = [score_row(r) for r in rows]
    values = [w.score for w in found]
    labels = [int(r["label"]) for r in rows]
    flagged = [y for w, y in zip(found, labels, strict=True) if w.score >= threshold and w.type is not ClaimType.NOTHING]
    return Measured(
        len(rows), sum(labels), average_precision(values, labels), roc_auc(values, labels),
        sum(flagged) / len(flagged) if flagged else 0.0, sum(flagged) / sum(labels) if any(labels) else 0.0,
    )


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
    parser.add_argument("--labelled", action="store_true", help="also print AP and ROC AUC of the lines' labels")
    parser.add_argument("--threshold", type=float, default=THRESHOLD, help="where worth checking begins, for --labelled")
    args = parser.parse_args(argv)
    model()  # loaded before the clock starts
    started, cpu = time.perf_counter(), time.process_time()
    count = (score_debates if args.ct2019 else score_jsonl)(args.source, args.target)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    each = 1e6 / max(count, 1)
    print(f"{count} sentences scored in {elapsed:.2f} s ({elapsed * each:.0f} µs each, {cpu * each:.0f} µs of CPU), "
          "reading and writing included", file=sys.stderr)
    if args.labelled and not args.ct2019:
        m = measured(args.source, args.threshold)
        print(f"{args.source}: {m.lines} lines, {m.positives} labelled 1: AP {m.ap:.3f} ROC AUC {m.auc:.3f}; "
              f"worth checking at {args.threshold:g}: precision {m.precision:.3f} recall {m.recall:.3f} F1 {m.f1:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
