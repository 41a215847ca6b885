"""Speaker resolution on the team's own articles (tests/data/speaker_set/).

    .venv/bin/python bench/speaker_set.py [DIR] [--json]

Each NN_slug.txt is read as the text importer reads it (sources.importers.parse_text), so
the offsets are the ones an imported article gets. expected.json lists, per file, items
{"quote": a distinctive substring of the attributed words, "speaker": canonical name}.
For each item the extracted attribution whose content pieces cover most of the quote is
taken (at least half of it, else the item is not found), and its resolved speaker_name is
compared with the expected name after normalising both (case, spacing, a leading
the/a/an, possessive 's, titles such as Mr, Mrs, Ms, Dr).

Prints the number of items, how many were found (coverage), how many of those have the
right speaker (accuracy among found), right over all items, the errors counted by a rough
form (not found, pronoun, role kept in the name, partial name, descriptor or document),
and every error.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction import Attribution, extract  # noqa: E402
from sources.importers import parse_text  # noqa: E402

DEFAULT_DIR = ROOT / "tests" / "data" / "speaker_set"
MIN_COVER = 0.5  # share of the quote the matched attribution's content must cover

_TITLES = (
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "rev", "justice", "advocate", "shri", "smt",
)  # fmt: skip
_LEADING = re.compile(r"^(?:(?:the|a|an)\s+|(?:" + "|".join(_TITLES) + r")\.?\s+)+")


def normalise(name: str | None) -> str:
    """Lower case, one space, no leading article or title, no possessive 's."""
    if not name:
        return ""
    text = name.replace("\u2019", "'").replace("\u2018", "'").lower()
    text = re.sub(r"\s+", " ", text).strip(" .,;:\"'")
    text = re.sub(r"'s\b|(?<=s)'(?=\s|$)", "", text)
    return _LEADING.sub("", text).strip()


PRONOUNS = {"he", "she", "they", "it", "we", "i", "him", "her", "them", "his", "its", "their", "who"}


def error_form(expected: str, got: str | None, mention: str | None, found: bool) -> str:
    """A rough phenomenon for one error, from the forms of the names (for the summary)."""
    if not found:
        return "not found"
    if (mention or "").strip().lower() in PRONOUNS:
        return "pronoun"
    want, have = normalise(expected), normalise(got)
    if have and want and have.endswith(" " + want):
        return "role kept in the name"
    if have and set(have.split()) <= set(want.split()):
        return "partial name"
    if re.match(r"(?i)(the|a|an)\s", mention or ""):
        return "descriptor or document"
    return "other"


@dataclass(frozen=True)
class Outcome:
    file: str
    quote: str
    expected: str
    got: str | None  # resolved speaker name; None when nothing was resolved
    mention: str | None  # the speaker mention as written
    found: bool
    correct: bool


def pieces(item: Attribution) -> tuple[tuple[int, int], ...]:
    return item.pieces or ((item.start, item.end),)


def covered(item: Attribution, start: int, end: int) -> int:
    return sum(max(0, min(end, e) - max(start, s)) for s, e in pieces(item))


def best_match(found: list[Attribution], start: int, end: int) -> Attribution | None:
    """The attribution covering most of start..end (ties: the more confident one)."""
    if not found:
        return None
    best = max(found, key=lambda a: (covered(a, start, end), a.confidence))
    return best if covered(best, start, end) >= MIN_COVER * (end - start) else None


def read_body(path: Path) -> str:
    parsed = parse_text(path.read_text(encoding="utf-8"), path.name)
    body = getattr(parsed, "body", None)
    if body is None:
        raise SystemExit(f"{path}: {parsed}")
    return body


def load(directory: Path) -> dict[str, list[dict]]:
    return json.loads((directory / "expected.json").read_text(encoding="utf-8"))


def score_file(directory: Path, name: str, items: list[dict]) -> list[Outcome]:
    body = read_body(directory / name)
    found = list(extract(body))
    outcomes = []
    for item in items:
        start = body.index(item["quote"])
        match = best_match(found, start, start + len(item["quote"]))
        got = match.speaker_name if match else None
        outcomes.append(
            Outcome(
                file=name,
                quote=item["quote"],
                expected=item["speaker"],
                got=got,
                mention=match.speaker if match else None,
                found=match is not None,
                correct=match is not None and normalise(got) == normalise(item["speaker"]),
            )
        )
    return outcomes


def score(directory: Path = DEFAULT_DIR) -> dict:
    expected = load(directory)
    outcomes = [o for name in sorted(expected) for o in score_file(directory, name, expected[name])]
    items = len(outcomes)
    found = sum(o.found for o in outcomes)
    correct = sum(o.correct for o in outcomes)
    return {
        "articles": len(expected),
        "items": items,
        "found": found,
        "correct": correct,
        "coverage": found / items if items else 0.0,
        "accuracy_found": correct / found if found else 0.0,
        "accuracy_all": correct / items if items else 0.0,
        "errors": [
            {"file": o.file, "quote": o.quote, "expected": o.expected, "got": o.got, "mention": o.mention,
             "found": o.found, "form": error_form(o.expected, o.got, o.mention, o.found)}
            for o in outcomes
            if not o.correct
        ],
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    result = score(args.directory)
    if args.json:
        print(json.dumps(result, indent=1, ensure_ascii=False))
        return 0
    print(f"== speaker resolution on the team's set ({args.directory.name}, {result['articles']} articles)")
    print(f"items {result['items']}  found {result['found']} (coverage {result['coverage']:.3f})")
    print(f"correct among found {result['correct']}/{result['found']} (accuracy {result['accuracy_found']:.3f})")
    print(f"correct over all items {result['accuracy_all']:.3f}")
    forms = Counter(e["form"] for e in result["errors"])
    print("errors by form: " + ", ".join(f"{form} {n}" for form, n in forms.most_common()))
    for e in result["errors"]:
        got = repr(e["got"]) if e["found"] else "(not found)"
        mention = f"  mention {e['mention']!r}" if e["found"] else ""
        print(f"  {e['file']}: {e['quote'][:40]!r}  expected {e['expected']!r}  got {got}{mention}  [{e['form']}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
