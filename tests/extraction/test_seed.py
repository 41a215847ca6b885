"""Seed acceptance: the seed article yields every required claim of seed-gold.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claims.extraction import Attribution, Kind, extract
from sources.importers import parse_text

ROOT = Path(__file__).resolve().parents[2]
GOLD = json.loads((Path(__file__).resolve().parents[1] / "data" / "seed-gold.json").read_text(encoding="utf-8"))
SEED_FILE = ROOT / "seeds" / GOLD["article"]


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> float:
    """Shared characters over the longer of the two spans: 1.0 only for the same span."""
    shared = max(0, min(a_end, b_end) - max(a_start, b_start))
    return shared / max(a_end - a_start, b_end - b_start)


def accepted_names(gold_claim: dict) -> set[str]:
    return {gold_claim["speaker"], *gold_claim.get("speaker_also_accepted", [])}


@pytest.fixture(scope="module")
def seed():
    parsed = parse_text(SEED_FILE.read_text(encoding="utf-8"), str(SEED_FILE))
    found = extract(parsed.body)
    # Shift to offsets in the file as stored, which is what the gold file uses.
    return parsed, found


def shifted(item: Attribution, offset: int) -> tuple[int, int]:
    return item.start + offset, item.end + offset


def best_match(found: list[Attribution], offset: int, gold_claim: dict) -> tuple[float, Attribution | None]:
    scored = [(overlap(*shifted(a, offset), gold_claim["quote_start"], gold_claim["quote_end"]), a) for a in found]
    return max(scored, key=lambda pair: pair[0], default=(0.0, None))


def test_seed_date_token_is_metadata_not_text(seed):
    parsed, _ = seed
    assert parsed.published_on.isoformat() == GOLD["published_on"]
    assert parsed.body.startswith("The US has provided")
    assert parsed.body_offset == len(" date 2023-09-11 ")


@pytest.mark.parametrize("gold_claim", [c for c in GOLD["claims"] if c["required"]], ids=lambda c: c["id"])
def test_required_seed_claim_is_found_with_speaker_and_kind(seed, gold_claim):
    parsed, found = seed
    score, match = best_match(found, parsed.body_offset, gold_claim)
    assert match is not None and score >= 0.8, f"no claim overlaps {gold_claim['quote'][:50]!r} by 80% (best {score:.2f})"
    assert match.speaker_name in accepted_names(gold_claim)
    assert match.kind == Kind(gold_claim["kind"])


def test_no_seed_claim_carries_a_wrong_speaker(seed):
    parsed, found = seed
    known = {name for name in GOLD["speakers"]} | {"reports"}
    for claims in GOLD["claims"]:
        known |= accepted_names(claims)
    not_speakers = {s.lower() for s in GOLD["not_speakers"]}
    for item in found:
        if item.speaker_name is None:
            # Hearsay with no source ("was purportedly aimed at"): no speaker is not a wrong one,
            # but it must not stand in for a claim the gold gives a speaker.
            assert all(
                overlap(*shifted(item, parsed.body_offset), g["quote_start"], g["quote_end"]) < 0.5 for g in GOLD["claims"]
            )
            continue
        assert item.speaker_name in known, f"unexpected speaker {item.speaker_name!r} for {item.text[:50]!r}"
        assert (item.speaker or "").lower() not in not_speakers
        for gold_claim in GOLD["claims"]:
            if overlap(*shifted(item, parsed.body_offset), gold_claim["quote_start"], gold_claim["quote_end"]) > 0.5:
                assert item.speaker_name in accepted_names(gold_claim)


def test_seed_speakers_resolve_to_full_names_titles_and_intermediary(seed):
    parsed, found = seed
    by_cue = {(a.cue, a.text[:20]): a for a in found}
    travel = next(a for a in found if a.text.startswith("Having to travel"))
    assert travel.cue == "was quoted as saying"
    assert travel.via == "AFP"
    assert travel.speaker == "State Department spokesman Matthew Miller"
    assert travel.speaker_title == "State Department spokesman"
    war = next(a for a in found if a.text.startswith("President Putin launched"))
    assert war.speaker == "Miller" and war.speaker_name == "Matthew Miller"
    assert war.speaker_title == "State Department spokesman"
    # Its span opens on the "that" before the quotation; its one piece is the quoted words.
    arms = next(a for a in found if parsed.body[a.pieces[0][0] :].startswith("any transfer of arms"))
    assert arms.cue == "adding" and arms.speaker_name == "Matthew Miller"
    letter = next(a for a in found if a.text.startswith("We send warm wishes"))
    assert (letter.cue, letter.speaker, letter.speaker_name) == ("read", "the letter", "Kim Jong Un")
    assert letter.speaker_title == "North Korean leader"
    assert by_cue  # every finding has a cue
    assert all(a.cue for a in found)


def test_seed_offsets_point_at_the_reported_text(seed):
    parsed, found = seed
    for item in found:
        assert parsed.body[item.start : item.end] == item.text
        assert parsed.body[item.cue_start : item.cue_end] == item.cue
        if item.speaker is not None:
            assert parsed.body[item.speaker_start : item.speaker_end] == item.speaker
