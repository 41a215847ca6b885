"""The matching engine's CandidateSource over the database: claims (their index rows) and
fact-checks, found by the database's own full-text search.

PostgreSQL ranks with ts_rank over the generated `search` column; SQLite with FTS5's
bm25() over the FTS5 table migration 0013 keeps in step. Either way every worker reads the
same rows, so nothing held in one process goes stale when another writes. A source is made
over a queryset: its filters (same speaker, other articles, not rejected) apply inside the
search, before the best rows are cut, not after.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection, models
from django.db.models import F
from django.db.models.expressions import RawSQL

from claims.matching import Candidate, Prepared, Stored, query_terms
from claims.matching.dense import VECTOR_FORMAT
from claims.models import ClaimIndex, FactCheck


def key_digest(key: str) -> str:
    """What the database keeps of an exact key: its SHA-256 (a claim's key can be longer than
    an index entry may be). No words, no key: "" stays "", as the engine expects."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest() if key else ""


def digested(prepared: Prepared) -> Prepared:
    """A prepared text with its key as the database keeps keys, ready to match against a
    DatabaseSource (whose stored rows carry digests, compared with the query's)."""
    return replace(prepared, key=key_digest(prepared.key))


@dataclass(frozen=True)
class Searched:
    """A table the lexical step searches: its FTS5 table on SQLite, its rows' order."""

    fts5_table: str
    oldest_first: tuple[str, ...]


CLAIMS = Searched("claims_claimindex_fts", ("claim_id",))
FACT_CHECKS = Searched("claims_factcheck_fts", ("id",))


class DatabaseSource:
    """Rows of a queryset (ClaimIndex or FactCheck) as the engine's CandidateSource.

    Only rows whose vector is in today's format take part: a row indexed by another model
    (or not yet) is matched again from its own side once indexed."""

    def __init__(self, rows: models.QuerySet, searched: Searched) -> None:
        self._rows = rows.filter(vector_format=VECTOR_FORMAT)
        self._searched = searched

    def retrieve(self, text: str, *, limit: int) -> list[Candidate]:
        words = query_terms(text)
        if not words or limit <= 0:
            return []
        if connection.vendor == "postgresql":
            return self._retrieve_postgresql(words, limit)
        if connection.vendor == "sqlite":
            return self._retrieve_sqlite(words, limit)
        raise NotImplementedError(f"claim matching has no full-text search for {connection.vendor}")

    def _retrieve_postgresql(self, words: list[str], limit: int) -> list[Candidate]:
        # Any of the words (ranked by how many and how often), not all of them: a claim
        # reworded elsewhere shares some of its words, rarely every one.
        query = SearchQuery(" | ".join(words), search_type="raw", config="english")
        table = self._rows.model._meta.db_table
        document = RawSQL(f'"{table}"."search"', [], output_field=SearchVectorField())
        found = (
            self._rows.alias(document=document)
            .filter(document=query)
            .annotate(rank=SearchRank(document, query))
            .order_by("-rank", "pk")
            .values_list("pk", "rank")[:limit]
        )
        return [Candidate(pk, float(rank)) for pk, rank in found]

    def _retrieve_sqlite(self, words: list[str], limit: int) -> list[Candidate]:
        fts = self._searched.fts5_table
        # Each word a quoted string: FTS5 reads bare words such as AND, OR, NEAR as operators.
        match = " OR ".join(f'"{word}"' for word in words)
        allowed, params = self._rows.annotate(match_pk=F("pk")).values("match_pk").query.sql_with_params()
        # The full-text hits first, then the queryset's filters on each hit by its key (a
        # correlated EXISTS that SQLite flattens into a primary-key lookup). Asking FTS5 for
        # "rowid IN (the queryset)" instead runs the search once per allowed row: seconds.
        # bm25() is lower for better rows; the engine wants higher, so it is negated.
        sql = (
            f"WITH hits AS MATERIALIZED (SELECT rowid AS id, bm25({fts}) AS score FROM {fts} WHERE {fts} MATCH %s) "
            f"SELECT id, -score FROM hits WHERE EXISTS (SELECT 1 FROM ({allowed}) AS allowed "
            "WHERE allowed.match_pk = hits.id) ORDER BY score, id LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [match, *params, limit])
            return [Candidate(pk, max(0.0, float(score))) for pk, score in cursor.fetchall()]

    def with_key(self, key: str) -> list[Hashable]:
        """The rows with this key, given as a digest (see `digested`)."""
        if not key:
            return []
        return list(self._rows.filter(key=key).values_list("pk", flat=True))

    def stored(self, ids: Sequence[Hashable]) -> list[Stored]:
        if not ids:
            return []
        rows = self._rows.filter(pk__in=list(ids)).order_by(*self._searched.oldest_first)
        return [Stored(pk, key, bytes(vector)) for pk, key, vector in rows.values_list("pk", "key", "vector")]


def claim_source(rows: models.QuerySet[ClaimIndex]) -> DatabaseSource:
    """Claims to match against, as their index rows (filter them through `claim__...`)."""
    return DatabaseSource(rows, CLAIMS)


def fact_check_source(rows: models.QuerySet[FactCheck]) -> DatabaseSource:
    return DatabaseSource(rows, FACT_CHECKS)
