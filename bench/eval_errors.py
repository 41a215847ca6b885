"""Error analysis against annotated attributions: misses and false hits by category.

    .venv/bin/python bench/eval_errors.py GOLD.jsonl PRED.jsonl [--show CATEGORY] [--examples N]

Matches predictions to gold the way the reference scorer's ggt@0.3 does (greedy, overlap
over the gold length above 0.3), then counts:
  * misses by gold kind, by cue (first word, lower case) and by speaker form;
  * false hits by our cue and kind;
  * matched pairs whose speaker span or cue disagree.
--show prints examples of one category, e.g. "miss:cue=says", "fp:cue=said",
"speaker", "cue", "boundary" (matched, but not exact after trimming).
The gold data stays where it is (../shared/eval); nothing from it is written anywhere.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

TRIM = " \t\n\"'\u201c\u201d\u2018\u2019,.;:"
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "who", "him", "her", "them"}


def trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in TRIM:
        s += 1
    while e > s and text[e - 1] in TRIM:
        e -= 1
    return s, e


def overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def speaker_form(q: dict) -> str:
    speaker = (q.get("speaker") or "").strip()
    if not speaker:
        return "none"
    if speaker.lower() in PRONOUNS:
        return "pronoun"
    return "named" if any(w[:1].isupper() for w in speaker.split()) else "common-noun"


def match(text: str, gold: list[dict], pred: list[dict], threshold: float = 0.3):
    G = [trim(text, q["quote_start"], q["quote_end"]) for q in gold]
    P = [trim(text, q["quote_start"], q["quote_end"]) for q in pred]
    remaining = list(range(len(pred)))
    pairs, misses = [], []
    for gi, (g0, g1) in enumerate(G):
        best, best_score = None, 0.0
        for pi in remaining:
            score = overlap(g0, g1, *P[pi]) / max(1, g1 - g0)
            if score > threshold and score > best_score:
                best, best_score = pi, score
        if best is None:
            misses.append(gi)
        else:
            remaining.remove(best)
            pairs.append((gi, best))
    return pairs, misses, remaining, G, P


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("pred", type=Path)
    parser.add_argument("--show", default="")
    parser.add_argument("--examples", type=int, default=15)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)

    preds = {}
    for line in args.pred.open(encoding="utf-8"):
        record = json.loads(line)
        preds[record["id"]] = record["quotes"]

    counts: dict[str, Counter] = {k: Counter() for k in ("miss_kind", "miss_cue", "miss_speaker", "fp_cue", "fp_kind",
                                                         "bad_speaker", "bad_cue", "all_kind")}
    shown = 0
    totals = Counter()
    for line in args.gold.open(encoding="utf-8"):
        doc = json.loads(line)
        text, gold = doc["text"], doc["quotes"]
        pred = preds.get(doc["id"], [])
        pairs, misses, fps, G, P = match(text, gold, pred)
        totals["gold"] += len(gold)
        totals["pred"] += len(pred)
        totals["matched"] += len(pairs)

        def show(category: str, message: str) -> None:
            nonlocal shown
            if args.show and category == args.show and shown < args.examples:
                shown += 1
                print(f"--- {doc['id']}\n{message}\n")

        for q in gold:
            counts["all_kind"][q["kind"]] += 1
        for p in pred:
            if p.get("kind") == "direct" and text[max(0, p["quote_start"] - 2) : p["quote_start"]] == "''":
                totals["typewriter_direct"] += 1
        for gi in misses:
            q = gold[gi]
            cue = (q.get("cue") or "").strip().lower()
            counts["miss_kind"][q["kind"]] += 1
            counts["miss_cue"][cue] += 1
            counts["miss_speaker"][speaker_form(q)] += 1
            context = text[max(0, q["quote_start"] - 150) : q["quote_end"] + 60].replace("\n", " / ")
            for cat in (f"miss:cue={cue}", f"miss:kind={q['kind']}", "miss"):
                show(cat, f"MISS {q['kind']} cue={cue!r} speaker={q.get('speaker')!r}\n  content: "
                     f"{text[q['quote_start']:q['quote_end']][:200]!r}\n  context: ...{context}...")
        for pi in fps:
            p = pred[pi]
            cue = (p.get("cue") or "").strip().lower()
            counts["fp_cue"][cue] += 1
            counts["fp_kind"][p.get("kind")] += 1
            context = text[max(0, p["quote_start"] - 150) : p["quote_end"] + 60].replace("\n", " / ")
            for cat in (f"fp:cue={cue}", "fp"):
                show(cat, f"FALSE {p.get('kind')} cue={cue!r} speaker={p.get('speaker')!r}\n  content: "
                     f"{text[p['quote_start']:p['quote_end']][:200]!r}\n  context: ...{context}...")
        for gi, pi in pairs:
            g, p = gold[gi], pred[pi]
            g_none = not (g.get("speaker") or "").strip()
            p_none = not (p.get("speaker") or "").strip()
            speaker_ok = (g_none and p_none) or (
                g.get("speaker_start") is not None and p.get("speaker_start") is not None
                and overlap(g["speaker_start"], g["speaker_end"], p["speaker_start"], p["speaker_end"]) > 0
            )
            if not speaker_ok:
                counts["bad_speaker"][f"{speaker_form(g)} -> {'none' if p_none else 'other'}"] += 1
                show("speaker", f"SPEAKER gold={g.get('speaker')!r} pred={p.get('speaker')!r} cue={p.get('cue')!r}\n"
                     f"  content: {text[p['quote_start']:p['quote_end']][:160]!r}")
            gcue, pcue = (g.get("cue") or "").strip().lower(), (p.get("cue") or "").strip().lower()
            if gcue != pcue:
                counts["bad_cue"][f"{gcue} | {pcue}"] += 1
                show("cue", f"CUE gold={gcue!r} pred={pcue!r}\n  content: {text[p['quote_start']:p['quote_end']][:120]!r}")
            if G[gi] != P[pi]:
                show("boundary", f"BOUNDARY {g['kind']} cue={gcue!r}\n  gold: {text[slice(*G[gi])][:220]!r}\n"
                     f"  pred: {text[slice(*P[pi])][:220]!r}")

    print(f"gold {totals['gold']}, predicted {totals['pred']}, matched at 0.3 {totals['matched']}")
    print(f"predicted direct quotes in typewriter marks ('' ... ''): {totals['typewriter_direct']} "
          "(the corpus labels quotes in these marks indirect)")
    for name, counter in counts.items():
        total = sum(counter.values())
        print(f"\n{name} ({total}):")
        for key, value in counter.most_common(args.top):
            print(f"  {value:5d}  {key}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
