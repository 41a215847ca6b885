"""The team's own sample articles in seeds/: every claim listed in samples_gold.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claims.checkworthiness import ClaimType
from claims.checkworthiness import score as worthiness
from claims.checkworthiness.facts import CueClass, cue_class
from claims.extraction import Kind, extract
from sources.importers import parse_text

ROOT = Path(__file__).resolve().parents[2]
GOLD = json.loads((Path(__file__).resolve().parents[1] / "data" / "samples_gold.json").read_text(encoding="utf-8"))
FILES = sorted(name for name in GOLD if not name.startswith("_"))


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> float:
    shared = max(0, min(a_end, b_end) - max(a_start, b_start))
    return shared / max(a_end - a_start, b_end - b_start)


@pytest.fixture(scope="module")
def extracted():
    results = {}
    for name in FILES:
        parsed = parse_text((ROOT / "seeds" / name).read_text(encoding="utf-8"), name)
        results[name] = (parsed.body, extract(parsed.body))
    return results


def test_there_are_at_least_six_samples_beside_the_seed():
    assert len(FILES) >= 6
    assert all((ROOT / "seeds" / name).is_file() for name in FILES)


@pytest.mark.parametrize("name", FILES)
def test_sample_claims_found_with_speaker_kind_and_cue(extracted, name):
    body, found = extracted[name]
    for gold in GOLD[name]:
        scored = [(overlap(a.start, a.end, gold["quote_start"], gold["quote_end"]), a) for a in found]
        score, match = max(scored, key=lambda pair: pair[0])
        assert score >= 0.8, f"missed {gold['quote'][:60]!r}"
        assert match.speaker_name == gold["speaker"], gold["quote"][:60]
        assert match.kind == Kind(gold["kind"]), gold["quote"][:60]
        assert match.cue == gold["cue"], gold["quote"][:60]
        assert match.via == gold["via"], gold["quote"][:60]


@pytest.mark.parametrize("name", FILES)
def test_sample_yields_no_confident_claim_outside_the_gold_list(extracted, name):
    # The extractor also reports weaker attributions (a stance: "Varga defended the plan";
    # a finding), as the annotated corpora do. Confidence says how likely an attribution is
    # right, so a stance may be confident; but nothing said (a speech cue, a quotation) is
    # reported with confidence outside the gold list.
    body, found = extracted[name]
    for item in found:
        listed = any(overlap(item.start, item.end, g["quote_start"], g["quote_end"]) >= 0.8 for g in GOLD[name])
        spoken = cue_class(item.cue) is CueClass.SPEECH
        assert listed or not spoken or item.confidence < 0.6, (
            f"unexpected claim {item.text[:60]!r} by {item.speaker_name!r}"
        )


def test_the_unlisted_attributions_are_stances_and_findings_and_no_listed_claim_has_nothing_to_check(extracted):
    # What keeps the unlisted stances below the listed claims in the review queue is
    # check-worthiness (the queue opens on what is worth checking), not a lowered confidence:
    # no listed claim is typed "nothing to check".
    listed, unlisted = [], []
    for name in FILES:
        body, found = extracted[name]
        for item in found:
            hit = any(overlap(item.start, item.end, g["quote_start"], g["quote_end"]) >= 0.8 for g in GOLD[name])
            typed = worthiness(item.text, kind=item.kind.value, cue_lemma=item.cue, speaker_known=bool(item.speaker_name))
            (listed if hit else unlisted).append((typed.type, cue_class(item.cue), item.text))
    assert unlisted, "the samples contain stance attributions the gold list leaves out"
    assert all(cue is not CueClass.SPEECH for _, cue, _ in unlisted), unlisted
    assert any(t is ClaimType.NOTHING for t, _, _ in unlisted)
    assert not [text for t, _, text in listed if t is ClaimType.NOTHING]


def test_quoted_words_nobody_said_are_not_claims(extracted):
    for name, phrases in GOLD["_not_claims"].items():
        body, found = extracted[name]
        for phrase in phrases:
            start = body.index(phrase)
            assert not any(a.start <= start < a.end for a in found), phrase
