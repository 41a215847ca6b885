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
import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection, models, transaction
from django.db.models import F
from django.db.models.expressions import RawSQL

from claims.matching import Candidate, Prepared, Stored, query_terms
from claims.matching.lexical import stems
from claims.matching.dense import VECTOR_FORMAT
from claims.models import ClaimIndex, FactCheck


# PostgreSQL: words found in more than this share of a table's rows are left out of its
# full-text query. ts_rank has no inverse document frequency, so such words add rows to
# rank (a claim's two dozen words OR-ed found 63% of 10,000 fact-checks) without telling the
# right ones apart; the dense rerank weighs every word anyway. A text of common words only
# still asks for its RAREST_KEPT rarest. Rows are still ranked by all the words. Chosen on the
# CheckThat! 2020 train tweets (bench/match_claims.py --database): MAP@5 0.860 with every
# word, 0.865 at 1%, 0.862 at 2%; R@20 0.959, 0.964, 0.961.
COMMON_SHARE = 0.01
RAREST_KEPT = 4
# The shares are the planner's statistics (pg_stats, refreshed by ANALYZE), read again after
# this many seconds: a hint for which words to ask for, never a copy of the rows, so a
# process holding older figures still finds every row that shares a rarer word.
STATISTICS_SECONDS = 300
_statistics: dict[tuple[str, str], tuple[float, dict[str, float]]] = {}


def common_lexemes(table: str) -> dict[str, float]:
    """The lexemes ANALYZE found most often in the table's `search` column, with the share
    of rows holding each (empty before the table was analysed)."""
    key = (str(connection.settings_dict["NAME"]), table)
    cached = _statistics.get(key)
    if cached is not None and time.monotonic() - cached[0] < STATISTICS_SECONDS:
        return cached[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = %s AND attname = 'search'",
            [table],
        )
        row = cursor.fetchone()
    shares = dict(zip(row[0], row[1])) if row and row[0] else {}
    _statistics[key] = (time.monotonic(), shares)
    return shares


def rare_words(words: list[str], shares: dict[str, float]) -> list[str]:
    """The words to search for: those in at most COMMON_SHARE of the rows, topped up to the
    RAREST_KEPT rarest when fewer (a word the statistics do not list is rare)."""
    share = [shares.get(stem, 0.0) for stem in stems(words)]
    kept = [word for word, s in zip(words, share) if s <= COMMON_SHARE]
    if len(kept) >= min(RAREST_KEPT, len(words)):
        return kept
    rarest = sorted(range(len(words)), key=lambda i: (share[i], i))[:RAREST_KEPT]
    return [words[i] for i in sorted(rarest)]


# The planner prices a tsquery match at one operator call, so for a table of some thousand
# rows it reads every row and matches each (24 ms at 10,000 fact-checks) rather than ask the
# GIN index (2 ms). A search is planned with this set, and the setting undone right after:
# set for a whole matching transaction, it made a speaker-name lookup (LIKE '% name', which
# no index serves) take 30 ms instead of 0.3.
PLAN_FOR_SEARCH = "set_config('enable_seqscan', 'off', true)"


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
    """A table the lexical step searches: its FTS5 table on SQLite. Its rows are oldest
    first by their key (a claim's id, a fact-check's id), which is the order stored() gives."""

    fts5_table: str


CLAIMS = Searched("claims_claimindex_fts")
FACT_CHECKS = Searched("claims_factcheck_fts")


class DatabaseSource:
    """Rows of a queryset (ClaimIndex or FactCheck) as the engine's CandidateSource, made for
    one match (it keeps the keys and vectors it read until then).

    Only rows whose vector is in today's format take part: a row indexed by another model
    (or not yet) is matched again from its own side once indexed."""

    def __init__(self, rows: models.QuerySet, searched: Searched) -> None:
        self._rows = rows.filter(vector_format=VECTOR_FORMAT)
        self._searched = searched
        # The key and vector of the rows retrieve() and with_key() returned, read in the
        # same queries: the rerank's stored() then needs no query of its own for them.
        self._seen: dict[Hashable, Stored] = {}

    def _remember(self, rows: Sequence[tuple[Hashable, str, bytes]]) -> None:
        self._seen.update((pk, Stored(pk, key, bytes(vector))) for pk, key, vector in rows)

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
        table = self._rows.model._meta.db_table
        # Rows with any of the words (ranked by how many and how often), not all of them: a
        # claim reworded elsewhere shares some of its words, rarely every one. Only rows with
        # one of its rarer words are ranked: the GIN index finds them, and rows that share
        # only common words with it would be many and rarely the one.
        rare = rare_words(words, common_lexemes(table))
        found_by = SearchQuery(" | ".join(rare), search_type="raw", config="english")
        ranked_by = SearchQuery(" | ".join(words), search_type="raw", config="english")
        document = RawSQL(f'"{table}"."search"', [], output_field=SearchVectorField())
        found = (
            self._rows.alias(document=document)
            .filter(document=found_by)
            .annotate(rank=SearchRank(document, ranked_by))
            .order_by("-rank", "pk")
            .values_list("pk", "rank", "key", "vector")[:limit]
        )
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            cursor.execute(f"SELECT {PLAN_FOR_SEARCH}")
            try:
                rows = list(found)
            finally:
                cursor.execute("SELECT set_config('enable_seqscan', 'on', true)")
        self._remember([(pk, key, vector) for pk, _, key, vector in rows])
        return [Candidate(pk, float(rank)) for pk, rank, _, _ in rows]

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
        """The rows with this key, given as a digest (see `digested`), oldest first."""
        if not key:
            return []
        rows = list(self._rows.filter(key=key).order_by("pk").values_list("pk", "key", "vector"))
        self._remember(rows)
        return [pk for pk, _, _ in rows]

    def stored(self, ids: Sequence[Hashable]) -> list[Stored]:
        if not ids:
            return []
        unseen = [pk for pk in ids if pk not in self._seen]
        if unseen:
            self._remember(list(self._rows.filter(pk__in=unseen).values_list("pk", "key", "vector")))
        # Oldest first: rows are numbered as they come (see Searched).
        return sorted((self._seen[pk] for pk in set(ids) if pk in self._seen), key=lambda row: row.id)


def claim_source(rows: models.QuerySet[ClaimIndex]) -> DatabaseSource:
    """Claims to match against, as their index rows (filter them through `claim__...`)."""
    return DatabaseSource(rows, CLAIMS)


def fact_check_source(rows: models.QuerySet[FactCheck]) -> DatabaseSource:
    return DatabaseSource(rows, FACT_CHECKS)
