"""The engine's CandidateSource over the database: full-text search in SQLite (FTS5, the
default suite) and PostgreSQL (tsvector, when DATABASE_URL points at one), the same tests."""

from __future__ import annotations

import pytest
from django.db import connection

from claims.matching import match, prepare
from claims.models import Claim, ClaimIndex, FactCheck
from claims.tracking.candidates import claim_source, digested, fact_check_source, key_digest
from claims.tracking.index import claims_index, fact_checks_index
from tests.tracking.conftest import said

WORDS = [
    "The harbour bridge will reopen to traffic in May.",
    "Ferry tickets will cost less for pensioners this winter.",
    "Our schools will get forty new teachers in September.",
]


@pytest.fixture
def indexed(varga, okafor) -> list[Claim]:
    claims = [said(words, speaker=varga) for words in WORDS] + [said(WORDS[0], speaker=okafor)]
    claims_index(claims=claims)
    return claims


def ids(candidates) -> list:
    return [c.id for c in candidates]


@pytest.mark.django_db
def test_retrieval_finds_the_claims_that_share_words_best_first(indexed):
    found = claim_source(ClaimIndex.objects.all()).retrieve("When will the bridge reopen to traffic?", limit=10)
    assert set(ids(found)) == {indexed[0].pk, indexed[3].pk}
    assert all(c.score > 0 for c in found)
    assert ids(claim_source(ClaimIndex.objects.all()).retrieve("pensioners", limit=10)) == [indexed[1].pk]
    assert claim_source(ClaimIndex.objects.all()).retrieve("the of and", limit=10) == []  # no content words


@pytest.mark.django_db
def test_the_queryset_filters_apply_before_the_best_are_cut(indexed, varga):
    only_varga = claim_source(ClaimIndex.objects.filter(claim__speaker=varga))
    assert ids(only_varga.retrieve("bridge reopen traffic", limit=1)) == [indexed[0].pk]
    others = claim_source(ClaimIndex.objects.exclude(claim__article=indexed[0].article))
    assert ids(others.retrieve("bridge reopen traffic", limit=1)) == [indexed[3].pk]


@pytest.mark.django_db
def test_words_that_read_as_search_operators_are_plain_words(indexed):
    for text in ['bridge AND "reopen"', "NEAR(bridge traffic)", "bridge OR NOT traffic*", "bridge:* | & ! ( )"]:
        assert indexed[0].pk in ids(claim_source(ClaimIndex.objects.all()).retrieve(text, limit=10))


@pytest.mark.django_db
def test_the_index_follows_every_write_to_the_rows(indexed):
    source = claim_source(ClaimIndex.objects.all())
    entry = ClaimIndex.objects.get(pk=indexed[2].pk)
    entry.text = "Our hospitals will get forty new nurses in September."
    entry.save()
    assert ids(source.retrieve("teachers", limit=10)) == []
    assert ids(source.retrieve("nurses", limit=10)) == [indexed[2].pk]
    indexed[2].delete()  # the index row goes by cascade
    assert ids(source.retrieve("nurses", limit=10)) == []


@pytest.mark.django_db
def test_keys_and_stored_vectors_are_read_back_for_the_rerank(indexed):
    source = claim_source(ClaimIndex.objects.all())
    key = digested(prepare(WORDS[0])).key
    assert key == key_digest(prepare("the harbour bridge will reopen to traffic in may").key) != ""
    assert source.with_key(key) == [indexed[0].pk, indexed[3].pk]
    stored = source.stored([indexed[3].pk, indexed[0].pk, 999_999])
    assert [s.id for s in stored] == [indexed[0].pk, indexed[3].pk]  # oldest first, unknown left out
    assert all(len(s.vector) == 256 and s.key == key for s in stored)
    best = match(digested(prepare("The harbour bridge will reopen to traffic in May.")), source)
    assert best[0].exact and best[0].id == indexed[0].pk


@pytest.mark.django_db
def test_rows_without_a_vector_in_todays_format_take_no_part(indexed):
    ClaimIndex.objects.filter(pk=indexed[0].pk).update(vector_format="an-older-model")
    source = claim_source(ClaimIndex.objects.all())
    assert indexed[0].pk not in ids(source.retrieve("bridge reopen traffic", limit=10))
    assert source.stored([indexed[0].pk]) == []


@pytest.mark.django_db
def test_fact_checks_are_found_by_their_claim_and_headline():
    hourly = FactCheck.objects.create(publisher="Checkers", url="https://checkers.example/1",
                                      claim_reviewed="Ferries will run every hour.", title="Mayor's timetable promise")
    other = FactCheck.objects.create(publisher="Checkers", url="https://checkers.example/2",
                                     claim_reviewed="Bus fares doubled last year.", title="Fares")
    fact_checks_index(fact_checks=[hourly, other])
    source = fact_check_source(FactCheck.objects.all())
    assert ids(source.retrieve("timetable", limit=5)) == [hourly.pk]
    assert ids(source.retrieve("ferries hourly every hour", limit=5)) == [hourly.pk]
    assert ids(match(digested(prepare("Bus fares doubled last year")), source))[0] == other.pk


@pytest.mark.django_db
def test_sqlite_keeps_an_fts5_table_in_step_by_triggers(indexed):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite side of the full-text search")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'claims_%_fts_%'")
        assert len(cursor.fetchall()) == 6
        cursor.execute("INSERT INTO claims_claimindex_fts(claims_claimindex_fts) VALUES ('integrity-check')")


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_searches_a_generated_column_through_its_gin_index(postgres, indexed):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname IN ('claims_claimindex_search', "
                       "'claims_factcheck_search') ORDER BY indexname")
        # Entries go into the index at once (0016): a pending list is read by every search.
        assert [row[0].split(" USING ")[1] for row in cursor.fetchall()] == [
            "gin (search) WITH (fastupdate=off)", "gin (search) WITH (fastupdate=off)"]
        cursor.execute("SELECT search::text FROM claims_claimindex WHERE claim_id = %s", [indexed[1].pk])
        assert "'pension'" in cursor.fetchone()[0]


def test_a_search_asks_for_the_rarer_words_or_else_the_rarest():
    from claims.tracking.candidates import RAREST_KEPT, rare_words

    assert RAREST_KEPT == 4
    shares = {"harbour": 0.4, "bridg": 0.2, "said": 0.3, "otter": 0.001, "ferri": 0.5}  # stems, as listed
    words = ["otters", "kelvin", "river", "trout", "harbour", "bridge"]  # 'kelvin', 'river', 'trout' unlisted: rare
    assert rare_words(words, shares) == ["otters", "kelvin", "river", "trout"]
    assert rare_words(["said", "harbour", "bridge"], shares) == ["said", "harbour", "bridge"]
    assert rare_words(["harbour", "said", "bridge", "otters", "ferry"], shares) == [
        "harbour", "said", "bridge", "otters"]  # topped up to the four rarest, in the text's order


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_ranks_only_rows_with_a_rarer_word_by_its_own_statistics(postgres):
    from claims.tracking import candidates

    made = FactCheck.objects.bulk_create(
        FactCheck(publisher="Coast Checkers", url=f"https://checkers.example/{n}",
                  claim_reviewed=f"The harbour authority said ferry route {n} changes.")
        for n in range(150)
    )
    otters = FactCheck.objects.create(publisher="Coast Checkers", url="https://checkers.example/otters",
                                      claim_reviewed="Otters are back in the harbour near the Kelvin.")
    fact_checks_index(fact_checks=[*made, otters])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_factcheck")
    candidates._statistics.clear()
    shares = candidates.common_lexemes("claims_factcheck")
    assert shares["harbour"] > 0.9 and shares.get("otter", 0) <= candidates.COMMON_SHARE
    source = fact_check_source(FactCheck.objects.all())
    # Four rarer words: 'harbour' is left out of the search, so the 150 rows with it are not ranked.
    assert ids(source.retrieve("otters swim back near the Kelvin harbour", limit=5)) == [otters.pk]
    assert len(source.retrieve("the harbour authority said", limit=5)) == 5  # common words only: still searched
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"  # set for the search alone
