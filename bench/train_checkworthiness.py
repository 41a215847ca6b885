"""Train the check-worthiness model (claims/checkworthiness/weights.json).

    .venv/bin/python bench/train_checkworthiness.py [--data DIR] [--output PATH]
    .venv/bin/python bench/train_checkworthiness.py --cv            # tune: 5 folds of ClaimBuster train
    .venv/bin/python bench/train_checkworthiness.py --lodo OUT_DIR  # CheckThat! 2019, leave one debate out
    .venv/bin/python bench/train_checkworthiness.py --news-cv       # tune: 5 folds of the news train half
    .venv/bin/python bench/train_checkworthiness.py --dev           # confirm on ClaimBuster dev and news held-out, once

Reads ../shared/eval/check-worthiness/ at run time (nothing from it is written to the
repository): ClaimBuster train (Arslan et al. 2020, CC BY 4.0, Zenodo 3836810; label 1 = a
check-worthy factual sentence) and the CheckThat! 2019 Task 1 training debates (label 1 =
chosen by fact-checkers), and the train half of the team's news claims
(tests/data/worthiness_news/train.jsonl; the held-out half is only scored). Fits an
L2-regularised logistic regression over the product's own features
(claims/checkworthiness/features.py) with L-BFGS in numpy: no scikit-learn, so neither
training nor the product needs anything beyond numpy, and the model is one dot product at
scoring time. Deterministic: the same code and data give the same file.

Three ClaimBuster debates (the 2016 presidential ones) are also CheckThat! debates. So
ClaimBuster dev sentences are never trained on, not even as CheckThat! lines, and leaving
a debate out leaves out its ClaimBuster sentences too; otherwise the scores would flatter.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.checkworthiness import features, prepared, score  # noqa: E402
from claims.checkworthiness.classify import classify, words_of  # noqa: E402
from claims.checkworthiness.model import WEIGHTS_PATH, Model, encode  # noqa: E402

DATA_DIR = ROOT.parent / "shared" / "eval" / "check-worthiness"
NEWS_DIR = ROOT / "tests" / "data" / "worthiness_news"
# Penalty on the squared weights (the bias is not penalised): 0.5 and 2 cross-validate a
# little worse (AP 0.857 and 0.856 against 0.858, before the last feature changes).
L2 = 1.0
# A CheckThat! line weighs this much against a ClaimBuster sentence. CheckThat! marks the
# few lines fact-checkers chose (2.7%), ClaimBuster every sentence annotators found
# checkable (28%): many a line CheckThat! leaves unmarked is one ClaimBuster would mark, so
# its unmarked lines weigh a tenth and its chosen ones as much as a ClaimBuster sentence.
# ClaimBuster train 5-fold AP and leave-one-debate-out MAP by weight (unmarked, chosen):
# (1, 1) 0.826 and 0.241; (0, 0) 0.862 and 0.239; (0.1, 0.1) 0.858 and 0.250; (0.1, 1)
# 0.860 and 0.247; (0.05, 1) 0.862 and 0.243; (0.2, 1) 0.854 and 0.250. Once the unmarked
# lines weigh less, the differences are within the folds' noise; (0.1, 1) serves both.
CHECKTHAT_WEIGHT = 0.1
CHECKTHAT_POSITIVE_WEIGHT = 10.0  # times CHECKTHAT_WEIGHT, for a chosen line
# A news claim (tests/data/worthiness_news/train.jsonl) weighs this much against a
# ClaimBuster sentence. By --news-cv (the train half only; AP, and F1 at 0.25), before the
# news copies of the cues (features.py): 0, no news claims at all, 0.950 and 0.832; 3,
# 0.959 and 0.894; 10, 0.962 and 0.889. With them, at 3: 0.963 and 0.894 (0.917 at 0.3).
# The smallest weight that does it moves ClaimBuster least (5 folds: AP 0.861 either way).
NEWS_WEIGHT = 3.0
# Where the product's "worth checking" begins (factcheck/settings.py), for the F1 printed.
THRESHOLD = 0.3
# Weights smaller than this are not shipped: 48,000 of 111,000 are left, and the
# cross-validated AP is the same (0.860 with all, with this cut and with 0.01; 0.859 at
# 0.05, 0.858 at 0.1).
MIN_WEIGHT = 0.03
ITERATIONS = 300
TOLERANCE = 1e-7  # stop once a step gains less than this share of the loss
HISTORY = 10  # L-BFGS memory
FOLDS = 5
CREDIT = ("ClaimBuster: Arslan, Hassan, Li and Tremayne, 'A Benchmark Dataset of Check-worthy Factual "
          "Claims', ICWSM 2020; data CC BY 4.0, https://doi.org/10.5281/zenodo.3836810. CheckThat! 2019 "
          "Task 1 (Atanasova et al., CLEF 2019), free for general research use.")


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    label: int
    weight: float
    key: str  # the text normalised, to find the same sentence in two corpora
    group: str  # "claimbuster", "news" or the debate's file name
    line: str = ""  # the line number in a debate
    # What the extractor knows of a news claim; a debate sentence has no cue.
    kind: str = ""
    cue: str = ""
    speaker_known: bool = True

    def scored(self, model: Model) -> float:
        return score(self.text, kind=self.kind, cue_lemma=self.cue, speaker_known=self.speaker_known, using=model).score


def normalised(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def read_claimbuster(path: Path) -> list[Example]:
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [Example(r["text"], int(r["label"]), 1.0, normalised(r["text"]), "claimbuster") for r in rows]


def read_news(path: Path, weight: float) -> list[Example]:
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [
        Example(r["text"], int(r["label"]), weight, normalised(r["text"]), "news", r["id"], r["kind"], r["cue"],
                bool(r["speaker_known"]))
        for r in rows
    ]


def read_debates(folder: Path) -> dict[str, list[Example]]:
    debates = {}
    for path in sorted(folder.glob("*.tsv")):
        lines = []
        for raw in path.read_text(encoding="utf-8").splitlines():
            parts = raw.split("\t")
            if len(parts) < 4:
                continue
            label = int(parts[-1])
            weight = CHECKTHAT_WEIGHT * (CHECKTHAT_POSITIVE_WEIGHT if label else 1.0)
            lines.append(Example(parts[2], label, weight, normalised(parts[2]), path.name, parts[0]))
        debates[path.name] = lines
    return debates


class Design:
    """The examples' feature vectors as a sparse matrix (CSR arrays), computed once."""

    def __init__(self, examples: list[Example]) -> None:
        self.examples = examples
        lengths, columns, values, offsets = [], [], [], []
        for e in examples:
            typed, _, offset = prepared(e.text, kind=e.kind, cue_lemma=e.cue, speaker_known=e.speaker_known)
            vector = sorted(features.vector(e.text, typed, kind=e.kind).items())
            offsets.append(offset)
            lengths.append(len(vector))
            columns += (c for c, _ in vector)
            values += (v for _, v in vector)
        self.indptr = np.concatenate([[0], np.cumsum(lengths)])
        self.columns = np.array(columns, dtype=np.int64)
        self.values = np.array(values)
        # The extractor's facts as fixed log-odds (facts.py), fitted around, not learned.
        self.offsets = np.array(offsets)

    def rows(self, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row of each entry, column, value) for the chosen rows, rows renumbered 0..n-1."""
        starts, ends = self.indptr[chosen], self.indptr[chosen + 1]
        lengths = ends - starts
        offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
        entries = np.arange(lengths.sum()) + offsets
        return np.repeat(np.arange(len(chosen)), lengths), self.columns[entries], self.values[entries]


def fit(design: Design, chosen: np.ndarray, l2: float | None = None) -> Model:
    """L2-regularised logistic regression on the chosen rows, by L-BFGS from zero."""
    l2 = L2 if l2 is None else l2
    row, column, value = design.rows(chosen)
    used, local = np.unique(column, return_inverse=True)
    n, d = len(chosen), len(used)
    y = np.array([design.examples[i].label for i in chosen], dtype=float)
    s = np.array([design.examples[i].weight for i in chosen])
    offset = design.offsets[chosen]

    def loss_and_gradient(theta: np.ndarray) -> tuple[float, np.ndarray]:
        b, w = theta[0], theta[1:]
        z = b + offset + np.bincount(row, weights=w[local] * value, minlength=n)
        loss = float(np.sum(s * (np.logaddexp(0.0, z) - y * z)) + 0.5 * l2 * w @ w)
        r = s * (0.5 + 0.5 * np.tanh(0.5 * z) - y)  # the logistic function, without overflow
        gradient = np.concatenate([[r.sum()], np.bincount(local, weights=r[row] * value, minlength=d) + l2 * w])
        return loss, gradient

    theta = lbfgs(loss_and_gradient, np.zeros(d + 1))
    return Model(float(theta[0]), dict(zip(used.tolist(), theta[1:].tolist(), strict=True)))


def lbfgs(f, x: np.ndarray, iterations: int = ITERATIONS, history: int = HISTORY) -> np.ndarray:
    """Minimise a smooth convex f (returning value and gradient): L-BFGS with a
    backtracking (Armijo) line search; a fixed sequence of steps, hence deterministic."""
    value, gradient = f(x)
    steps: list[tuple[np.ndarray, np.ndarray, float]] = []
    for _ in range(iterations):
        direction = -_two_loop(gradient, steps)
        slope = gradient @ direction
        if slope >= 0:  # not a descent direction: start the memory afresh
            steps.clear()
            direction, slope = -gradient, -(gradient @ gradient)
        t = 1.0
        while True:
            candidate = x + t * direction
            new_value, new_gradient = f(candidate)
            if new_value <= value + 1e-4 * t * slope or t < 1e-10:
                break
            t *= 0.5
        sk, yk = candidate - x, new_gradient - gradient
        if sk @ yk > 1e-10:
            steps.append((sk, yk, 1.0 / (sk @ yk)))
            del steps[:-history]
        converged = value - new_value < TOLERANCE * max(1.0, abs(value))
        x, value, gradient = candidate, new_value, new_gradient
        if converged:
            break
    return x


def _two_loop(gradient: np.ndarray, steps: list[tuple[np.ndarray, np.ndarray, float]]) -> np.ndarray:
    q = gradient.copy()
    alphas = []
    for s, y, rho in reversed(steps):
        a = rho * (s @ q)
        alphas.append(a)
        q -= a * y
    if steps:
        s, y, _ = steps[-1]
        q *= (s @ y) / (y @ y)
    for (s, y, rho), a in zip(steps, reversed(alphas), strict=True):
        q += (a - rho * (y @ q)) * s
    return q


def scores(model: Model, examples: list[Example]) -> list[float]:
    """The product's score of each text, as bench/checkworthiness.py gives it."""
    return [e.scored(model) for e in examples]


def hedge_shift(model: Model, examples: list[Example]) -> float:
    """How much a speaker's own "I think" moves the log-odds, on average over the sentences
    given: what facts.BELIEF_SHIFT stands for when a reporter writes "believes" instead."""
    shifts = []
    for e in examples:
        hedged = f"I think {e.text[:1].lower()}{e.text[1:]}"
        shifts.append(_log_odds(model, hedged) - _log_odds(model, e.text))
    return float(np.mean(shifts))


def _log_odds(model: Model, text: str) -> float:
    return model.log_odds(features.groups(text, classify(text)))


def average_precision(values: list[float], labels: list[int]) -> float:
    order = sorted(range(len(labels)), key=lambda i: (-values[i], i))
    hits, total = 0, 0.0
    for rank, i in enumerate(order, 1):
        if labels[i]:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


def roc_auc(values: list[float], labels: list[int]) -> float:
    pairs = sorted(zip(values, labels, strict=True))
    positives = sum(labels)
    negatives = len(labels) - positives
    rank_sum, i = 0.0, 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        rank_sum += (i + j + 1) / 2 * sum(label for _, label in pairs[i:j])
        i = j
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


class Corpus:
    """ClaimBuster train, the CheckThat! debates and the news train half in one design
    matrix, and ClaimBuster dev and the news held-out half to confirm on."""

    def __init__(self, data: Path, news: Path = NEWS_DIR, news_weight: float = NEWS_WEIGHT) -> None:
        self.train = read_claimbuster(data / "claimbuster_train.jsonl")
        self.dev = read_claimbuster(data / "claimbuster_dev.jsonl")
        self.debates = read_debates(data / "ct2019_train")
        self.news = read_news(news / "train.jsonl", news_weight)
        self.heldout = read_news(news / "heldout.jsonl", news_weight)
        dev_keys = {e.key for e in self.dev}
        lines = [e for debate in self.debates.values() for e in debate]
        self.all = self.train + lines + self.news
        self.design = Design(self.all)
        index = np.arange(len(self.all))
        self.train_rows = index[: len(self.train)]
        # CheckThat! lines that are ClaimBuster dev sentences are never trained on.
        self.line_rows = index[len(self.train) : len(self.train) + len(lines)][[e.key not in dev_keys for e in lines]]
        self.news_rows = index[len(self.train) + len(lines) :] if news_weight > 0 else index[:0]

    def shipped_rows(self) -> np.ndarray:
        return np.concatenate([self.train_rows, self.line_rows, self.news_rows])


def cross_validate(corpus: Corpus) -> tuple[float, float]:
    """Mean AP and ROC AUC over FOLDS folds of ClaimBuster train; each fold trains on the
    other folds and on the debates, less the sentences the held-out fold shares with them."""
    aps, aucs = [], []
    for fold in range(FOLDS):
        held = corpus.train_rows[corpus.train_rows % FOLDS == fold]
        keys = {corpus.all[i].key for i in held}
        rest = corpus.train_rows[corpus.train_rows % FOLDS != fold]
        lines = np.array([i for i in corpus.line_rows if corpus.all[i].key not in keys], dtype=np.int64)
        model = fit(corpus.design, np.concatenate([rest, lines, corpus.news_rows]))
        examples = [corpus.all[i] for i in held]
        predicted = scores(model, examples)
        labels = [e.label for e in examples]
        aps.append(average_precision(predicted, labels))
        aucs.append(roc_auc(predicted, labels))
    return float(np.mean(aps)), float(np.mean(aucs))


def news_cross_validate(corpus: Corpus) -> list[float]:
    """AP, ROC AUC and F1 at THRESHOLD of the news train half, each of FOLDS folds scored
    by a model trained on everything else (ClaimBuster train, the debates, the other
    folds; with no news weight, on no news at all), the folds' scores pooled."""
    news = np.arange(len(corpus.news))
    start = len(corpus.all) - len(corpus.news)
    predicted: list[float] = [0.0] * len(news)
    for fold in range(FOLDS):
        rest = corpus.news_rows[(corpus.news_rows - start) % FOLDS != fold]
        model = fit(corpus.design, np.concatenate([corpus.train_rows, corpus.line_rows, rest]))
        for i in news[news % FOLDS == fold]:
            predicted[i] = corpus.news[i].scored(model)
    return predicted


def measures(predicted: list[float], examples: list[Example], threshold: float = THRESHOLD) -> dict[str, float]:
    """AP, ROC AUC, and precision, recall and F1 of "score >= threshold" (a claim with
    nothing to check scores below a tenth, so the threshold leaves it out)."""
    labels = [e.label for e in examples]
    flagged = [label for p, label in zip(predicted, labels, strict=True) if p >= threshold]
    precision = sum(flagged) / len(flagged) if flagged else 0.0
    recall = sum(flagged) / sum(labels)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"ap": average_precision(predicted, labels), "auc": roc_auc(predicted, labels),
            "precision": precision, "recall": recall, "f1": f1}


def shown(m: dict[str, float]) -> str:
    return (f"AP {m['ap']:.3f} ROC AUC {m['auc']:.3f}; at {THRESHOLD:g}: precision {m['precision']:.3f} "
            f"recall {m['recall']:.3f} F1 {m['f1']:.3f}")


def leave_one_debate_out(corpus: Corpus, out_dir: Path | None) -> float:
    """MAP over the debates, each scored by a model trained on the others and on
    ClaimBuster train less the sentences it shares with the debate left out. With out_dir,
    writes each debate's scores (`line score`) for ../shared/eval/score_checkworthy.py."""
    aps = []
    for name, debate in corpus.debates.items():
        keys = {e.key for e in debate}
        cb = np.array([i for i in corpus.train_rows if corpus.all[i].key not in keys], dtype=np.int64)
        others = np.array([i for i in corpus.line_rows if corpus.all[i].group != name], dtype=np.int64)
        model = fit(corpus.design, np.concatenate([cb, others, corpus.news_rows]))
        predicted = scores(model, debate)
        aps.append(average_precision(predicted, [e.label for e in debate]))
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            lines = [f"{e.line}\t{p}\n" for e, p in zip(debate, predicted, strict=True)]
            (out_dir / name).write_text("".join(lines), encoding="utf-8")
    return float(np.mean(aps))


def write(model: Model, corpus: Corpus, rows: np.ndarray, output: Path) -> int:
    """Write the weights file; returns how many weights it keeps."""
    kept = {c: w for c, w in model.weights.items() if abs(w) >= MIN_WEIGHT}
    columns = np.array(sorted(kept), dtype=np.int64)
    values = np.array([kept[c] for c in columns.tolist()])
    packed_columns, packed_values = encode(columns, values)
    positives = sum(corpus.all[i].label for i in rows)
    output.write_text(json.dumps({
        "about": "Check-worthiness model for claims/checkworthiness (model.py); made by "
                 "bench/train_checkworthiness.py: logistic regression over hashed word and character "
                 "n-grams, the rule-based claim type and cues, and the extractor's kind.",
        "credit": CREDIT,
        "trained_on": {"sentences": len(rows), "check_worthy": positives},
        "hash_bits": features.HASH_BITS, "l2": L2, "min_weight": MIN_WEIGHT,
        "checkthat_weight": CHECKTHAT_WEIGHT, "checkthat_positive_weight": CHECKTHAT_POSITIVE_WEIGHT,
        "news_weight": corpus.news[0].weight if len(corpus.news_rows) else 0.0,
        "bias": round(model.bias, 6),
        "weights": len(columns),
        "columns": packed_columns, "values": packed_values,
    }, indent=1) + "\n", encoding="utf-8")
    return len(columns)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--output", type=Path, default=WEIGHTS_PATH)
    parser.add_argument("--cv", action="store_true", help="cross-validate on ClaimBuster train, write nothing")
    parser.add_argument("--lodo", type=Path, metavar="OUT_DIR", help="leave one debate out, write each debate's scores")
    parser.add_argument("--news-cv", action="store_true", help="cross-validate on the news train half, write nothing")
    parser.add_argument("--news-weight", type=float, default=NEWS_WEIGHT, help="tuning: a news claim's weight (0: none)")
    parser.add_argument("--dev", action="store_true",
                        help="also score ClaimBuster dev and the news held-out half with the trained model")
    args = parser.parse_args(argv)
    # BLAS threads fighting over a few cores make the many small vector products of
    # L-BFGS ten times slower than one thread.
    threadpool_limits(limits=1, user_api="blas")
    started = time.perf_counter()
    corpus = Corpus(args.data, news_weight=args.news_weight)
    print(f"features of {len(corpus.all)} sentences in {time.perf_counter() - started:.1f} s")
    if args.cv or args.lodo or args.news_cv:
        if args.news_cv:
            predicted = news_cross_validate(corpus)
            found = shown(measures(predicted, corpus.news))
            print(f"news train half, {FOLDS}-fold (news weight {args.news_weight:g}): {found}")
            for t in (0.2, 0.25, 0.35, 0.4, 0.45, 0.5):
                m = measures(predicted, corpus.news, t)
                print(f"  at {t:g}: precision {m['precision']:.3f} recall {m['recall']:.3f} F1 {m['f1']:.3f}")
        if args.cv:
            ap, auc = cross_validate(corpus)
            print(f"ClaimBuster train, {FOLDS}-fold: AP {ap:.3f} ROC AUC {auc:.3f}")
        if args.lodo:
            print(f"CheckThat! 2019, leave one debate out: MAP {leave_one_debate_out(corpus, args.lodo):.3f}")
        print(f"done in {time.perf_counter() - started:.0f} s")
        return 0
    rows = corpus.shipped_rows()
    model = fit(corpus.design, rows)
    kept = write(model, corpus, rows, args.output)
    print(f"{args.output}: {kept} of {len(model.weights)} weights kept, bias {model.bias:.3f}")
    plain = [e for e in corpus.train if "i" not in words_of(e.text)]
    print(f"'I think' before a ClaimBuster train sentence moves its log-odds by {hedge_shift(model, plain):+.2f} on average")
    if args.dev:
        shipped = Model.load(args.output)
        predicted = scores(shipped, corpus.dev)
        labels = [e.label for e in corpus.dev]
        print(f"ClaimBuster dev: AP {average_precision(predicted, labels):.3f} ROC AUC {roc_auc(predicted, labels):.3f}")
        print(f"news held-out half: {shown(measures(scores(shipped, corpus.heldout), corpus.heldout))}")
    print(f"done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
