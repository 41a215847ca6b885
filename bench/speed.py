"""Extraction speed in one process, next to the bare spaCy pipeline on the same texts.

    .venv/bin/python bench/speed.py                      # the seed articles, 20 rounds
    .venv/bin/python bench/speed.py --jsonl IN.jsonl     # one {"text": ...} per line, 1 round

Both runs use the same loaded model in the same process, so their ratio is what the
rules add on top of spaCy. "spaCy alone" is the trained components the rules need (tok2vec,
tagger, parser, NER); the extractor's own stand-in for spaCy's attribute ruler and
lemmatizer (claims/extraction/attributes.py) counts as extraction. For reference, the
stock pipeline with those two components is timed as well (--no-stock skips it).
Runs alternate --repeat times; the best of each is reported, which keeps a noisy machine
from deciding the ratio. Check-worthiness is timed too: each attribution found scored as the
pipeline scores it when the claim is stored (its pieces' words, kind, cue, speaker), and its
share of the extraction time reported (the model loaded beforehand, once per process as in a
worker; its first pass, while its memo fills, reported apart). Every run gets the texts as the extractor gives them to spaCy
(long unbroken runs masked).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django  # noqa: E402

django.setup()  # for claims.models' pieces_text, the words the stored claim is scored on

from claims import checkworthiness  # noqa: E402
from claims.extraction import Attribution, get_extractor  # noqa: E402
from claims.extraction.pipeline import mask_long_runs  # noqa: E402
from claims.models import piece_spans, pieces_text  # noqa: E402
from sources.importers import parse_text  # noqa: E402


def score_all(texts: list[str], found: list[list[Attribution]]) -> int:
    """Score every attribution as Claim.score_worthiness does on the stored claim."""
    n = 0
    for body, items in zip(texts, found):
        for item in items:
            spans = piece_spans([list(p) for p in item.pieces], item.start, item.end)
            checkworthiness.score(
                pieces_text(body, spans), kind=str(item.kind), cue_lemma=item.cue,
                speaker_known=item.speaker_name is not None,
            )
            n += 1
    return n


def load_texts(args: argparse.Namespace) -> list[str]:
    if args.jsonl:
        with open(args.jsonl, encoding="utf-8") as handle:
            texts = [json.loads(line)["text"] for line in handle if line.strip()]
        return texts * args.rounds
    bodies = [parse_text(p.read_text(encoding="utf-8"), p.name).body for p in sorted((ROOT / "seeds").glob("*.txt"))]
    return bodies * args.rounds


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jsonl", type=Path)
    parser.add_argument("--rounds", type=int, default=None, help="copies of the texts (20 for seeds, 1 for JSONL)")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--no-stock", action="store_true", help="skip timing the stock spaCy pipeline")
    args = parser.parse_args()
    if args.rounds is None:
        args.rounds = 1 if args.jsonl else 20
    texts = load_texts(args)
    extractor = get_extractor()
    list(extractor.extract_many(texts[:8]))  # warm up

    stock = None
    if not args.no_stock:
        import spacy

        stock = spacy.load(extractor.model)
        stock.max_length = extractor.nlp.max_length
        list(stock.pipe(texts[:8]))

    masked = [mask_long_runs(text) for text in texts]
    bare_times, full_times, stock_times, score_times = [], [], [], []
    claims = 0
    started = time.perf_counter()
    checkworthiness.model()
    model_load = time.perf_counter() - started
    found = [list(items) for items in extractor.extract_many(texts)]
    started = time.perf_counter()
    score_all(texts, found)
    first_score = time.perf_counter() - started
    for _ in range(args.repeat):
        if stock is not None:
            started = time.perf_counter()
            for _doc in stock.pipe(masked, batch_size=16):
                pass
            stock_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        for _doc in extractor.parse_only(texts):
            pass
        bare_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        claims = sum(len(found) for found in extractor.extract_many(texts))
        full_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        score_all(texts, found)
        score_times.append(time.perf_counter() - started)
    bare, full, scoring = min(bare_times), min(full_times), min(score_times)
    n = len(texts)
    print(f"{n} articles, {sum(map(len, texts)) / n:,.0f} characters each on average, {claims} attributions")
    if stock_times:
        print(f"stock spaCy pipeline : {n / min(stock_times):7.2f} articles/s ({min(stock_times):.1f} s), "
              f"with {', '.join(stock.pipe_names)}")
    bare_names = [n for n in extractor.nlp.pipe_names if n != "factcheck_attributes"]
    print(f"spaCy pipeline alone : components {', '.join(bare_names)}")
    print(f"spaCy pipeline alone : {n / bare:7.2f} articles/s ({bare:.1f} s)")
    print(f"extraction           : {n / full:7.2f} articles/s ({full:.1f} s)")
    print(f"ratio extraction / spaCy alone: {full / bare:.3f} (best of {args.repeat} runs each)")
    print(f"check-worthiness     : {scoring:.3f} s for {claims} claims ({1e6 * scoring / max(claims, 1):.0f} µs each), "
          f"{100 * scoring / full:.2f}% of the extraction time (first pass, memo filling: "
          f"{100 * first_score / full:.2f}%; model load once per process: {model_load:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
