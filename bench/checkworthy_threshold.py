"""Where worth checking begins: precision, recall and F1 of "score >= t and not nothing to
check" on the ClaimBuster dev sentences, for a range of thresholds t, scored by the product's
code. The default of FACTCHECK_CHECKWORTHY_MIN (factcheck/settings.py) is read off this table.

    .venv/bin/python bench/checkworthy_threshold.py [--data ../shared/eval/check-worthiness/claimbuster_dev.jsonl]

The sentences are read at run time from the shared evaluation data; nothing of them is kept.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.checkworthiness import ClaimType, score  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "check-worthiness" / "claimbuster_dev.jsonl"
THRESHOLDS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    scored = [(score(r["text"]), int(r["label"])) for r in rows]
    positives = sum(label for _, label in scored)
    print(f"{len(scored)} sentences, {positives} check-worthy")
    print("threshold  flagged  precision  recall     F1")
    for t in THRESHOLDS:
        flagged = [label for found, label in scored if found.score >= t and found.type is not ClaimType.NOTHING]
        hits = sum(flagged)
        precision = hits / len(flagged) if flagged else 0.0
        recall = hits / positives if positives else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"{t:9.2f}  {len(flagged):7d}  {precision:9.3f}  {recall:6.3f}  {f1:5.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
