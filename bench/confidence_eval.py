"""How well confidence ranks predictions: ROC AUC, decile precision, minimum-confidence cuts.

    .venv/bin/python bench/confidence_eval.py GOLD.jsonl PRED.jsonl [--cuts 0.2,0.3,0.4]

A prediction counts as right when it matches a gold attribution by the ggt@0.3 rule
(bench/eval_errors.py match(): greedy, overlap over the gold length above 0.3). Prints the
ROC AUC of "confidence" for right against wrong, the precision of the least and most
confident tenth, and the ggt@0.3 P/R/F1 when predictions below each cut are dropped.
PRED comes from bench/extract_jsonl.py, which writes "confidence" on every quote.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.eval_errors import match  # noqa: E402


def roc_auc(scores: list[float], labels: list[int]) -> float:
    """Probability that a right prediction outscores a wrong one (ties count a half)."""
    pairs = sorted(zip(scores, labels, strict=True))
    positives = sum(labels)
    negatives = len(labels) - positives
    if not positives or not negatives:
        return float("nan")
    rank_sum = 0.0
    i = 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        mid_rank = (i + 1 + j) / 2  # ranks i+1..j share their mean
        rank_sum += mid_rank * sum(label for _, label in pairs[i:j])
        i = j
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def decile_precision(scores: list[float], labels: list[int]) -> tuple[float, float]:
    """(precision of the least confident tenth, of the most confident tenth); ties are
    broken by input order, so the result is stable for a given file."""
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    n = max(1, len(order) // 10)
    bottom, top = order[:n], order[-n:]
    return sum(labels[i] for i in bottom) / n, sum(labels[i] for i in top) / n


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load(gold_path: Path, pred_path: Path) -> list[tuple[str, list[dict], list[dict]]]:
    preds = {}
    with pred_path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            preds[str(record["id"])] = record["quotes"]
    docs = []
    with gold_path.open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            docs.append((doc["text"], doc["quotes"], preds.get(str(doc["id"]), [])))
    return docs


def labelled(docs) -> tuple[list[float], list[int]]:
    scores, labels = [], []
    for text, gold, pred in docs:
        pairs = match(text, gold, pred)[0]
        right = {pi for _, pi in pairs}
        for pi, q in enumerate(pred):
            scores.append(float(q["confidence"]))
            labels.append(int(pi in right))
    return scores, labels


def cut_scores(docs, cut: float) -> tuple[float, float, float]:
    """ggt@0.3 P/R/F1 with the predictions below cut dropped (matched again after the drop)."""
    tp = n_pred = n_gold = 0
    for text, gold, pred in docs:
        kept = [q for q in pred if float(q["confidence"]) >= cut]
        tp += len(match(text, gold, kept)[0])
        n_pred += len(kept)
        n_gold += len(gold)
    return prf(tp, n_pred, n_gold)


def report(docs, cuts: list[float]) -> None:
    scores, labels = labelled(docs)
    bottom, top = decile_precision(scores, labels)
    print(f"predictions {len(labels)}, right {sum(labels)} ({sum(labels) / max(1, len(labels)):.3f})")
    print(f"ROC AUC of confidence {roc_auc(scores, labels):.3f}; precision of bottom decile {bottom:.3f}, "
          f"top decile {top:.3f}")
    for cut in cuts:
        p, r, f = cut_scores(docs, cut)
        print(f"  drop below {cut:.2f}: ggt@0.3 P {p:.3f} R {r:.3f} F1 {f:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("pred", type=Path)
    parser.add_argument("--cuts", default="0,0.1,0.15,0.2,0.25,0.3,0.4,0.5")
    args = parser.parse_args(argv)
    report(load(args.gold, args.pred), [float(c) for c in args.cuts.split(",") if c.strip()])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
