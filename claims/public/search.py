"""Word search over quotes on SQLite that finds what PostgreSQL's English full-text search
finds: both stem words with the Snowball English stemmer ("striking" and "strike" are both
"strike"), so a search means the same on the embedded database as in production.

SQLite gets a function, fc_stems(text), registered on each new connection (claims/apps.py):
the text's words stemmed, each between spaces, which a query's stems are looked up in."""

from __future__ import annotations

import functools
import re

import Stemmer
from django.db.models import CharField, F, Func, QuerySet

WORD = re.compile(r"\w+")
MAX_QUERY_WORDS = 10


@functools.lru_cache(maxsize=1)
def _stemmer():
    return Stemmer.Stemmer("english")


def stems(text: str) -> list[str]:
    """The text's words, lower-cased and stemmed (apostrophes split words, as PostgreSQL does)."""
    return _stemmer().stemWords(WORD.findall((text or "").lower()))


def stems_joined(text: str | None) -> str:
    return " " + " ".join(stems(text or "")) + " "


def sqlite_functions_register(dbapi_connection) -> None:
    dbapi_connection.create_function("fc_stems", 1, stems_joined, deterministic=True)


class Stems(Func):
    function = "fc_stems"
    output_field = CharField()


def sqlite_word_search(queryset: QuerySet, field: str, query: str) -> QuerySet:
    """Rows whose `field` has every word of the query, each matched by its stem."""
    wanted = list(dict.fromkeys(stems(query)))[:MAX_QUERY_WORDS]
    if not wanted:
        return queryset
    queryset = queryset.annotate(_stems=Stems(F(field)))
    for stem in wanted:
        queryset = queryset.filter(_stems__contains=f" {stem} ")
    return queryset
