"""Train the learned confidence (claims/extraction/confidence.py) on PolNeAR train.

    .venv/bin/python bench/train_confidence.py [--eval-dir ../shared/eval] [--output PATH] [--cache DIR]

Runs the extractor over the train and dev articles, labels each prediction right when it
matches a gold attribution by the ggt@0.3 rule (bench/eval_errors.py match()), and fits an
L2-regularised logistic regression (Newton's method, numpy) on the train predictions'
feature names, as confidence.features() computes them at run time. Writes the weights
(claims/extraction/confidence_weights.json by default) and prints the ROC AUC on train and
dev. Deterministic: the same code and data give the same file. --cache keeps the parsed
documents (spaCy DocBin) in DIR so that a second run skips the parser (the weights come
out the same; empty DIR when the spaCy model or the corpus changes). About 3 minutes of CPU
without the cache, 30 s with it. The corpus stays where it is: nothing from it is written.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spacy.tokens import DocBin  # noqa: E402

from bench.confidence_eval import decile_precision, roc_auc  # noqa: E402
from bench.eval_errors import match  # noqa: E402
from claims.extraction import get_extractor  # noqa: E402
from claims.extraction.confidence import WEIGHTS_PATH, Model, confidence_of  # noqa: E402
from claims.extraction.pipeline import mask_long_runs  # noqa: E402
from claims.extraction.quotes import find_quotations  # noqa: E402
from claims.extraction.rules import AttributionFinder  # noqa: E402

MIN_COUNT = 8  # a feature seen on fewer train predictions gets no weight
L2 = 3.0  # penalty on the squared weights (the bias is not penalised)
ITERATIONS = 25


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def parsed(docs: list[dict], cache: Path | None, name: str):
    """The parsed documents, from the cache when it holds them."""
    extractor = get_extractor()
    nlp = extractor.nlp
    masked = [mask_long_runs(d["text"]) for d in docs]
    cached = cache / f"{name}.spacy" if cache is not None else None
    if cached is not None and cached.exists():
        return masked, list(DocBin().from_disk(cached).get_docs(nlp.vocab))
    parsed_docs = list(nlp.pipe(masked, batch_size=16))
    if cached is not None:
        cache.mkdir(parents=True, exist_ok=True)
        store = DocBin(store_user_data=False)
        for doc in parsed_docs:
            store.add(doc)
        store.to_disk(cached)
    return masked, parsed_docs


def examples(docs: list[dict], cache: Path | None, name: str) -> tuple[list[list[str]], list[int], list]:
    """(feature names, label, attribution) for every prediction on the articles."""
    masked, parsed_docs = parsed(docs, cache, name)
    names, labels, found = [], [], []
    for doc_record, text, doc in zip(docs, masked, parsed_docs, strict=True):
        if not text.strip():
            continue
        finder = AttributionFinder(doc, find_quotations(text), text)
        scored = finder.find_with_features()
        pred = [{"quote_start": a.start, "quote_end": a.end} for a, _ in scored]
        right = {pi for _, pi in match(doc_record["text"], doc_record["quotes"], pred)[0]}
        for pi, (a, feature_names) in enumerate(scored):
            names.append(feature_names)
            labels.append(int(pi in right))
            found.append(a)
    return names, labels, found


def design(names: list[list[str]], vocabulary: dict[str, int]) -> np.ndarray:
    x = np.zeros((len(names), len(vocabulary)))
    for row, feature_names in enumerate(names):
        for n in feature_names:
            column = vocabulary.get(n)
            if column is not None:
                x[row, column] = 1.0
    return x


def fit(x: np.ndarray, y: np.ndarray, bias_column: int) -> np.ndarray:
    """Newton's method for L2-regularised logistic regression, a fixed number of steps."""
    penalty = np.full(x.shape[1], L2)
    penalty[bias_column] = 1e-6
    w = np.zeros(x.shape[1])
    for _ in range(ITERATIONS):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.max(np.abs(step)) < 1e-7:
            break
    return w


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--output", type=Path, default=WEIGHTS_PATH)
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args(argv)
    started = time.perf_counter()

    train_docs = read(args.eval_dir / "polnear_train.jsonl")
    dev_docs = read(args.eval_dir / "polnear_dev.jsonl")
    train_names, train_y, train_found = examples(train_docs, args.cache, "train")
    dev_names, dev_y, dev_found = examples(dev_docs, args.cache, "dev")
    print(f"features extracted in {time.perf_counter() - started:.0f} s: train {len(train_y)} predictions "
          f"({sum(train_y)} right), dev {len(dev_y)} ({sum(dev_y)} right)")

    counts: dict[str, int] = {}
    for feature_names in train_names:
        for n in set(feature_names):
            counts[n] = counts.get(n, 0) + 1
    kept = sorted(n for n, c in counts.items() if c >= MIN_COUNT)
    vocabulary = {n: i for i, n in enumerate(kept)}
    w = fit(design(train_names, vocabulary), np.array(train_y, dtype=float), vocabulary["bias"])
    weights = {n: round(float(w[i]), 4) for n, i in vocabulary.items() if round(float(w[i]), 4) != 0.0}
    args.output.write_text(json.dumps({
        "about": "Learned confidence for claims/extraction/confidence.py; made by bench/train_confidence.py "
                 "on PolNeAR train (label: matches a gold attribution at ggt@0.3).",
        "min_count": MIN_COUNT, "l2": L2, "train_predictions": len(train_y),
        "weights": dict(sorted(weights.items())),
    }, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    model = Model(weights)
    for split, names, y, found in (("train", train_names, train_y, train_found), ("dev", dev_names, dev_y, dev_found)):
        raw = [model.probability(n) for n in names]
        product = [confidence_of(a, n, model) for a, n in zip(found, names, strict=True)]
        before = [a.confidence for a in found]  # by the weights the extractor loaded
        bottom, top = decile_precision(product, y)
        print(f"{split}: AUC {roc_auc(product, y):.3f} (model probability {roc_auc(raw, y):.3f}, "
              f"with the weights before this run {roc_auc(before, y):.3f}); "
              f"precision bottom decile {bottom:.3f}, top decile {top:.3f}")
    print(f"{len(weights)} weights written to {args.output} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
