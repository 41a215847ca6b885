"""What matching keeps per claim and per fact-check: the exact key (as a digest) and the
vector, computed once and read by every worker that reranks.

Kept beside the rows, never in a process: a claim's entry is (re)made when its words
change or the vector format does; a fact-check's when it is written.
"""

from __future__ import annotations

from collections.abc import Sequence

from claims.matching import Prepared, clean_text, prepare_many
from claims.matching.dense import VECTOR_FORMAT
from claims.models import Claim, ClaimIndex, FactCheck
from claims.tracking.candidates import key_digest


def _current(entry: ClaimIndex | None, claim: Claim) -> bool:
    return entry is not None and entry.text == claim.display_text and entry.vector_format == VECTOR_FORMAT


def claims_index_made(
    *, claims: Sequence[Claim], entries: dict[int, ClaimIndex] | None = None
) -> tuple[dict[int, ClaimIndex], set[int]]:
    """Each claim's index entry, and the ids of those made anew (not yet written) where the
    claim has none, its words changed (an editor's correction) or the vector format did. A
    remade entry is unmatched: its new words are matched again. `entries`: the claims'
    entries as the caller read them already (with the claims), else they are read here."""
    if entries is None:
        entries = {e.claim_id: e for e in ClaimIndex.objects.filter(claim__in=[c.pk for c in claims])}
    entries = dict(entries)
    stale = [c for c in claims if not _current(entries.get(c.pk), c)]
    made = [
        ClaimIndex(
            claim_id=claim.pk, text=claim.display_text, key=key_digest(prepared.key), vector=prepared.vector,
            vector_format=VECTOR_FORMAT, matched_at=None, matched_speaker_pk=None,
        )
        for claim, prepared in zip(stale, prepare_many([c.display_text for c in stale]))
    ]
    entries.update((entry.claim_id, entry) for entry in made)
    return entries, {entry.claim_id for entry in made}


def claims_index_write(entries: Sequence[ClaimIndex]) -> None:
    """Upsert these entries in one statement: a worker indexing the same claim at once
    writes the same row."""
    ClaimIndex.objects.bulk_create(
        entries, update_conflicts=True, unique_fields=["claim"],
        update_fields=["text", "key", "vector", "vector_format", "matched_at", "matched_speaker_pk", "updated_at"],
    )


def claims_index(*, claims: Sequence[Claim]) -> dict[int, ClaimIndex]:
    """Each claim's index entry, made or remade (and written) where it was not current."""
    entries, made = claims_index_made(claims=claims)
    claims_index_write([entries[pk] for pk in made])
    return entries


def claim_query(entry: ClaimIndex) -> Prepared:
    """The claim as the engine matches it, from its entry alone (its key a digest)."""
    return Prepared(entry.key, clean_text(entry.text), bytes(entry.vector))


def fact_check_words(fact_check: FactCheck) -> str:
    """What a fact-check is compared by: the claim it reviewed and its headline (which
    often names the claimant and the subject). Its exact key is the claim's alone."""
    return f"{fact_check.claim_reviewed}\n{fact_check.title}".strip()


def fact_checks_index(*, fact_checks: Sequence[FactCheck]) -> None:
    """Key and vector of the fact-checks that have none in today's format. Written in bulk,
    without history: they derive from the row's words."""
    stale = [f for f in fact_checks if f.vector_format != VECTOR_FORMAT]
    prepared = prepare_many([fact_check_words(f) for f in stale], key_texts=[f.claim_reviewed for f in stale])
    for fact_check, words in zip(stale, prepared):
        fact_check.key, fact_check.vector, fact_check.vector_format = key_digest(words.key), words.vector, VECTOR_FORMAT
    FactCheck.objects.bulk_update(stale, ["key", "vector", "vector_format"], batch_size=500)


def fact_check_query(fact_check: FactCheck) -> Prepared:
    """An indexed fact-check as the engine matches it against claims."""
    return Prepared(fact_check.key, clean_text(fact_check_words(fact_check)), bytes(fact_check.vector))
