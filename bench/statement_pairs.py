"""Statement grouping measured on hand-labelled pairs of PolNeAR claims.

    .venv/bin/python bench/statement_pairs.py [--pairs bench/data/statement_pairs.jsonl]
        [--eval-dir ../shared/eval] [--cache DIR] [--suggest S] [--link L]
        [--min-words N] [--window-days D] [--grid]
    .venv/bin/python bench/statement_pairs.py --draw OUT.jsonl [--split train] [--floor 0.5]

The pairs file holds ids and offsets only: {"split", "doc_a", "start_a", "end_a", "doc_b",
"start_b", "end_b", "same"}, "same" being the hand label (the same words by the same
speaker: one quote reported by several outlets, or repeated). The articles are read from
the evaluation folder at run time and run through the product's extractor; each pair's
claims are found again by their offsets, with the text and the speaker the pipeline would
store (pieces joined as `claims_store` joins them; the speaker resolved by name as
`speaker_resolve` does, after `speaker_names_linked`).

Each pair is then decided as the tracking service decides it, with `statement_decision`:
the later claim (by the article's date in its id) is matched with the engine (bm25s here,
the database's full-text search in the product) against the claims in earlier articles of
its split by the same speaker or a speaker whose name is within its own ('Trump', 'Donald
J. Trump'); the earlier claim's blended score (None when not among the best 20), the
speakers' relation, the later claim's words and the days between them go through the rule.
Claims of other speakers are never matched. Printed per split: precision and recall of the
automatic links, and of the suggestions (everything shown to editors or linked), with the
counts. A pair counts on its own: the service's cap of 3 suggested statements per claim
is not applied.

The pairs were drawn by score strata (see bench/data/README.md), so the figures describe
the labelled pairs, not the rate over all pairs of the corpus.

--draw writes candidate pairs for labelling (not the repository: it holds corpus text):
every cross-article pair the engine scores above --floor over the split's claims (any
speaker, so that pairs the speaker test splits are seen too), plus random pairs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import random
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import django  # noqa: E402

django.setup()
logging.getLogger("bm25s").setLevel(logging.WARNING)  # one index per speaker: no line each

from django.conf import settings  # noqa: E402

from bench.extract_jsonl import cached_results, read_articles  # noqa: E402
from claims.extraction import DEFAULT_MODEL, get_extractor  # noqa: E402
from claims.matching import MemorySource, Prepared, Row, match, prepare_many  # noqa: E402
from claims.matching.statements import (  # noqa: E402
    Decision, Speakers, StatementRule, name_within, speakers_of, statement_decision, words_of,
)  # noqa: E402
from claims.models import piece_spans, pieces_text  # noqa: E402
from claims.pipeline.services import speaker_names_linked, stored_pieces  # noqa: E402
from sources.models import normalise_name  # noqa: E402

DEFAULT_PAIRS = ROOT / "bench" / "data" / "statement_pairs.jsonl"
DEFAULT_EVAL = ROOT.parent / "shared" / "eval"
SPLITS = ("train", "dev")
_DATE = re.compile(r"_(\d{4}-\d{2}-\d{2})_")


@dataclass(frozen=True)
class StoredClaim:
    """A claim as the pipeline would store it: where, its words, its speaker."""

    doc: str
    start: int
    end: int
    text: str
    speaker_key: str  # the resolved speaker's name key; "" when none (no statement matching)
    speaker: str  # the mention as written, for reading
    day: dt.date


@dataclass(frozen=True)
class Pair:
    split: str
    doc_a: str
    start_a: int
    end_a: int
    doc_b: str
    start_b: int
    end_b: int
    same: bool | None = None


@dataclass(frozen=True)
class Scored:
    pair: Pair
    decision: Decision
    score: float | None  # the blended score, None when never matched (speaker, words)


def article_day(doc: str) -> dt.date:
    """PolNeAR ids carry the article's date: 'polnear/train/<outlet>_<yyyy-mm-dd>_<slug>'."""
    found = _DATE.search(doc)
    if not found:
        raise ValueError(f"no date in article id {doc!r}")
    return dt.date.fromisoformat(found.group(1))


def split_claims(eval_dir: Path, split: str, cache: Path | None) -> dict[tuple[str, int, int], StoredClaim]:
    """Every claim the extractor finds in the split, by (article, start, end)."""
    path = eval_dir / f"polnear_{split}.jsonl"
    articles = list(read_articles(path))
    extractor = get_extractor(settings.FACTCHECK_SPACY_MODEL or DEFAULT_MODEL)
    texts = [text for _, text in articles]
    results = (
        cached_results(extractor, texts, cache, path, settings.FACTCHECK_SPACY_MODEL or DEFAULT_MODEL, 16)
        if cache is not None
        else extractor.extract_many(texts)
    )
    claims = {}
    for (doc, body), found in zip(articles, results, strict=True):
        linked = speaker_names_linked(found)
        day = article_day(doc)
        for item in found:
            name = linked.get(item.speaker_name, item.speaker_name) if item.speaker_name else ""
            text = pieces_text(body, piece_spans(stored_pieces(item), item.start, item.end))
            claims[(doc, item.start, item.end)] = StoredClaim(
                doc, item.start, item.end, text, normalise_name(name) if name else "", item.speaker or "", day
            )
    return claims


class Matcher:
    """The tracking service's matching of one claim against the same speaker's claims in
    earlier articles (those matched before it in a backfill), over claims held in memory."""

    def __init__(self, claims: Iterable[StoredClaim]) -> None:
        self.claims = sorted(claims, key=lambda c: (c.day, c.doc, c.start))
        self._order = {(c.doc, c.start, c.end): i for i, c in enumerate(self.claims)}
        self._prepared = dict(zip(self._order, prepare_many([c.text for c in self.claims])))
        self._by_speaker: dict[str, list[StoredClaim]] = defaultdict(list)
        for c in self.claims:
            if c.speaker_key:
                self._by_speaker[c.speaker_key].append(c)
        # Speakers by their last word: the ones whose names may be within each other.
        self._by_surname: dict[str, list[str]] = defaultdict(list)
        for key in self._by_speaker:
            self._by_surname[key.split()[-1]].append(key)
        self._sources: dict[tuple[str, str], MemorySource] = {}

    def prepared(self, claim: StoredClaim) -> Prepared:
        return self._prepared[(claim.doc, claim.start, claim.end)]

    def later_first(self, a: StoredClaim, b: StoredClaim) -> tuple[StoredClaim, StoredClaim]:
        """(the claim matched second, the one matched first): appearance order."""
        if self._order[(a.doc, a.start, a.end)] > self._order[(b.doc, b.start, b.end)]:
            return a, b
        return b, a

    def speakers_with(self, key: str) -> list[str]:
        """The speaker itself and those the service matches it against (a name within)."""
        return [key] + [k for k in self._by_surname[key.split()[-1]] if name_within(key, k)]

    def _source(self, query: StoredClaim) -> MemorySource:
        key = (query.speaker_key, query.doc)
        if key not in self._sources:
            earlier = [
                c for key in self.speakers_with(query.speaker_key) for c in self._by_speaker[key]
                if c.doc != query.doc and (c.day, c.doc) < (query.day, query.doc)
            ]
            earlier.sort(key=lambda c: (c.day, c.doc, c.start))
            self._sources[key] = MemorySource(Row((c.doc, c.start, c.end), self.prepared(c)) for c in earlier)
        return self._sources[key]

    def score(self, a: StoredClaim, b: StoredClaim) -> float | None:
        """The blended score the service gives the pair, None when it never compares them
        (other speakers, the same article, or not among the engine's results)."""
        if self.speakers(a, b) == Speakers.OTHER or a.doc == b.doc:
            return None
        query, other = self.later_first(a, b)
        found = match(self.prepared(query), self._source(query))
        return next((m.score for m in found if m.id == (other.doc, other.start, other.end)), None)

    @staticmethod
    def speakers(a: StoredClaim, b: StoredClaim) -> Speakers:
        """Speakers are resolved by name key within a split: the key is the speaker's id."""
        return speakers_of(a.speaker_key or None, a.speaker_key, b.speaker_key or None, b.speaker_key)

    def decide(self, a: StoredClaim, b: StoredClaim, rule: StatementRule) -> tuple[Decision, float | None]:
        score = self.score(a, b)
        if score is None:
            return Decision.NONE, None
        query, other = self.later_first(a, b)
        decision = statement_decision(
            score=score, speakers=self.speakers(a, b), words=words_of(query.text),
            days_apart=(query.day - other.day).days, rule=rule,
        )
        return decision, score


def read_pairs(path: Path) -> list[Pair]:
    pairs = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    pairs.append(Pair(**json.loads(line)))
                except (TypeError, json.JSONDecodeError) as exc:
                    raise SystemExit(f"{path}:{number}: not a pair ({exc})") from exc
    return pairs


def product_rule() -> StatementRule:
    return StatementRule(
        suggest=settings.FACTCHECK_MATCH_SUGGEST, link=settings.FACTCHECK_MATCH_LINK,
        link_min_words=settings.FACTCHECK_MATCH_LINK_MIN_WORDS, window_days=settings.FACTCHECK_MATCH_WINDOW_DAYS,
    )


def decide_all(
    pairs: Sequence[Pair], claims: dict[tuple[str, int, int], StoredClaim], matcher: Matcher, rule: StatementRule
) -> tuple[list[Scored], list[Pair]]:
    """Each pair's decision; the pairs whose claims the extractor no longer finds apart."""
    scored, lost = [], []
    for pair in pairs:
        a = claims.get((pair.doc_a, pair.start_a, pair.end_a))
        b = claims.get((pair.doc_b, pair.start_b, pair.end_b))
        if a is None or b is None:
            lost.append(pair)
            continue
        decision, score = matcher.decide(a, b, rule)
        scored.append(Scored(pair, decision, score))
    return scored, lost


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "n/a"


def report(split: str, scored: Sequence[Scored], lost: int) -> dict:
    same = sum(1 for s in scored if s.pair.same)
    linked = [s for s in scored if s.decision == Decision.LINK]
    shown = [s for s in scored if s.decision in (Decision.LINK, Decision.SUGGEST)]
    suggested_only = [s for s in scored if s.decision == Decision.SUGGEST]
    link_tp = sum(1 for s in linked if s.pair.same)
    shown_tp = sum(1 for s in shown if s.pair.same)
    figures = {
        "split": split, "pairs": len(scored), "same": same, "not_same": len(scored) - same, "lost": lost,
        "linked": len(linked), "linked_same": link_tp,
        "link_precision": ratio(link_tp, len(linked)), "link_recall": ratio(link_tp, same),
        "suggested_only": len(suggested_only), "suggested_only_same": sum(1 for s in suggested_only if s.pair.same),
        "shown": len(shown), "shown_same": shown_tp,
        "suggest_precision": ratio(shown_tp, len(shown)), "suggest_recall": ratio(shown_tp, same),
    }
    print(
        f"{split}: {figures['pairs']} pairs ({same} same, {figures['not_same']} not; {lost} not found again)\n"
        f"  automatic links: {len(linked)} ({link_tp} same)  precision {figures['link_precision']}  "
        f"recall {figures['link_recall']}\n"
        f"  suggestions (score >= suggest, linked included): {len(shown)} ({shown_tp} same)  "
        f"precision {figures['suggest_precision']}  recall {figures['suggest_recall']}\n"
        f"  suggested only (not linked): {len(suggested_only)} ({figures['suggested_only_same']} same)"
    )
    return figures


def grid(scored_by_split: dict[str, list[Scored]], claims, matchers, rule: StatementRule) -> None:
    """Link precision/recall and suggestion recall for a range of thresholds (tuning on train)."""
    for split, scored in scored_by_split.items():
        print(f"-- {split}: link threshold x min words (precision/recall/links), then suggest threshold")
        for min_words in (3, 4, 5, 6, 8):
            cells = []
            for link in (0.90, 0.93, 0.95, 0.97, 0.99, 1.0):
                r = replace(rule, link=link, link_min_words=min_words)
                decided = [
                    (s.pair.same, statement_decision(
                        score=s.score, speakers=Matcher.speakers(*_claims_of(s, claims[split])),
                        words=_words(s, claims[split], matchers[split]),
                        days_apart=_days(s, claims[split]), rule=r,
                    ))
                    for s in scored if s.score is not None
                ]
                links = [same for same, d in decided if d == Decision.LINK]
                same = sum(1 for s in scored if s.pair.same)
                cells.append(f"{link:.2f}:{ratio(sum(links), len(links))}/{ratio(sum(links), same)}/{len(links)}")
            print(f"  words>={min_words}  " + "  ".join(cells))
        same = sum(1 for s in scored if s.pair.same)
        for suggest in (0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8):
            shown = [s for s in scored if s.score is not None and s.score >= suggest]
            tp = sum(1 for s in shown if s.pair.same)
            print(f"  suggest>={suggest:.2f}: precision {ratio(tp, len(shown))} recall {ratio(tp, same)} ({len(shown)})")


def _claims_of(s: Scored, claims) -> tuple[StoredClaim, StoredClaim]:
    p = s.pair
    return claims[(p.doc_a, p.start_a, p.end_a)], claims[(p.doc_b, p.start_b, p.end_b)]


def _words(s: Scored, claims, matcher: Matcher) -> int:
    query, _ = matcher.later_first(*_claims_of(s, claims))
    return words_of(query.text)


def _days(s: Scored, claims) -> int:
    a, b = _claims_of(s, claims)
    return abs((a.day - b.day).days)


def draw(claims: dict[tuple[str, int, int], StoredClaim], split: str, floor: float, randoms: int, out: Path) -> None:
    """Candidate pairs for labelling, with their texts (a working file outside the repo)."""
    ordered = sorted(claims.values(), key=lambda c: (c.day, c.doc, c.start))
    ids = [(c.doc, c.start, c.end) for c in ordered]
    prepared = prepare_many([c.text for c in ordered])
    source = MemorySource(Row(i, p) for i, p in zip(ids, prepared))
    seen: dict[tuple, float] = {}
    for key, query in zip(ids, prepared):
        for m in match(query, source):
            if m.id[0] != key[0] and m.score >= floor:
                pair = tuple(sorted((key, m.id)))
                seen[pair] = max(seen.get(pair, 0.0), m.score)
    rng = random.Random(15)
    for _ in range(randoms):
        a, b = rng.sample(ids, 2)
        if a[0] != b[0]:
            seen.setdefault(tuple(sorted((a, b))), -1.0)
    matcher = Matcher(ordered)
    with out.open("w", encoding="utf-8") as handle:
        for (a, b), any_score in seen.items():
            ca, cb = claims[a], claims[b]
            decision, score = matcher.decide(ca, cb, product_rule())
            handle.write(json.dumps({
                "split": split, "doc_a": a[0], "start_a": a[1], "end_a": a[2], "doc_b": b[0], "start_b": b[1],
                "end_b": b[2], "any_speaker_score": any_score, "score": score, "decision": str(decision),
                "text_a": ca.text, "text_b": cb.text, "speaker_a": ca.speaker, "speaker_b": cb.speaker,
                "key_a": ca.speaker_key, "key_b": cb.speaker_key,
            }, ensure_ascii=False) + "\n")
    print(f"{len(seen)} candidate pairs written to {out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS)
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--cache", type=Path, metavar="DIR", help="parsed articles kept between runs (extract_jsonl)")
    parser.add_argument("--suggest", type=float, help="override FACTCHECK_MATCH_SUGGEST")
    parser.add_argument("--link", type=float, help="override FACTCHECK_MATCH_LINK")
    parser.add_argument("--min-words", type=int, help="override FACTCHECK_MATCH_LINK_MIN_WORDS")
    parser.add_argument("--window-days", type=int, help="override FACTCHECK_MATCH_WINDOW_DAYS")
    parser.add_argument("--grid", action="store_true", help="also print a grid of thresholds")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures as JSON")
    parser.add_argument("--draw", type=Path, metavar="OUT", help="write candidate pairs of --split for labelling")
    parser.add_argument("--split", choices=SPLITS, default="train")
    parser.add_argument("--floor", type=float, default=0.5)
    parser.add_argument("--randoms", type=int, default=400)
    args = parser.parse_args(argv)

    if args.draw is not None:
        draw(split_claims(args.eval_dir, args.split, args.cache), args.split, args.floor, args.randoms, args.draw)
        return 0

    rule = product_rule()
    overrides = {"suggest": args.suggest, "link": args.link, "link_min_words": args.min_words,
                 "window_days": args.window_days}
    rule = replace(rule, **{k: v for k, v in overrides.items() if v is not None})
    print(f"rule: {rule}")
    pairs = read_pairs(args.pairs)
    figures, scored_by_split, claims_by_split, matchers = [], {}, {}, {}
    for split in SPLITS:
        chosen = [p for p in pairs if p.split == split]
        if not chosen:
            continue
        claims = split_claims(args.eval_dir, split, args.cache)
        matcher = Matcher(claims.values())
        scored, lost = decide_all(chosen, claims, matcher, rule)
        figures.append(report(split, scored, len(lost)))
        scored_by_split[split], claims_by_split[split], matchers[split] = scored, claims, matcher
    if args.grid:
        grid(scored_by_split, claims_by_split, matchers, rule)
    if args.json is not None:
        args.json.write_text(json.dumps({"rule": rule.__dict__, "splits": figures}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
