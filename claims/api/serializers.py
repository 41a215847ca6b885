"""What API consumers see: verified quotes and published verdicts, fields named explicitly."""

from __future__ import annotations

from functools import lru_cache

from django.urls import get_script_prefix
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import ISO_8601, serializers
from rest_framework.reverse import reverse
from rest_framework.settings import api_settings

from claims.models import Claim, Verdict, piece_spans
from claims.public.selectors import verdict_evidence_rows, verified_claims
from claims.tracking.selectors import UNTRACKED, has_confirmed_match, quotes_tracking
from sources.models import Speaker


def api_url(context: dict, name: str, pk: int) -> str:
    """An absolute API link. The base is reversed once per request and kept in the context:
    reversing for every link of every item was a measurable share of a page's time."""
    bases = context.setdefault("_api_bases", {})
    if name not in bases:
        request = context.get("request")
        if request is None:
            bases[name] = reverse(name, args=[0]).replace("/0/", "/{}/", 1)
        else:
            bases[name] = _api_base(name, request.scheme, request.get_host(), get_script_prefix())
    return bases[name].format(pk)


@lru_cache(maxsize=256)
def _api_base(name: str, scheme: str, host: str, prefix: str) -> str:
    """The link of `name` with {} for the id, for one site address (scheme, host, script
    prefix): the same for every request to that address, so reversed once per process.
    The host is one get_host() accepted (ALLOWED_HOSTS), so the cache stays small."""
    return f"{scheme}://{host}{reverse(name, args=[0])}".replace("/0/", "/{}/", 1)


class SpeakerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, speaker: Speaker) -> str:
        return api_url(self.context, "api:speaker-detail", speaker.pk)


class ArticleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    outlet = serializers.CharField(source="outlet.name", allow_null=True, default=None)


class EvidenceOutSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField()


class VerdictOutSerializer(serializers.Serializer):
    rating = serializers.CharField()
    rating_label = serializers.CharField(source="get_rating_display")
    summary = serializers.CharField()
    evidence = EvidenceOutSerializer(many=True)
    published_at = serializers.DateTimeField()


class AppearanceSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The quote's id: this appearance as a verified quote.")
    permalink = serializers.URLField()
    article = ArticleRefSerializer()


class FactCheckOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    publisher = serializers.CharField()
    url = serializers.URLField(help_text="The fact-check's page; for ours, the public page of the quote it rates.")
    claim_reviewed = serializers.CharField()
    claimant = serializers.CharField()
    rating = serializers.CharField(help_text="The rating as the publisher wrote it.")
    rating_value = serializers.FloatField(
        allow_null=True, help_text="The rating from -1 (false) to 1 (true); null when it says nothing of truth.")
    reviewed_on = serializers.DateField(allow_null=True)
    ours = serializers.BooleanField()
    score = serializers.FloatField(help_text="The matching engine's score (1 and above: the same words).")


class QuotePieceSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="Character offset of the piece's first character in the article body.")
    end = serializers.IntegerField(help_text="Character offset just past the piece's last character.")


# The one shape of a quote, in every answer that holds quotes: the lists, one quote, the
# change feed. This class documents it (the schema is built from it); `quote_rows` writes
# it, from plain rows, and the schema tests hold every answer to it. (A comment, not a
# docstring: a docstring would become the schema's description.)
class QuoteOutSerializer(serializers.ModelSerializer):

    text = serializers.CharField(source="display_text", help_text="The words, as corrected by an editor if they were.")
    speaker = SpeakerRefSerializer(allow_null=True)
    article = ArticleRefSerializer()
    verified_at = serializers.DateTimeField(source="reviewed_at")
    verdict = VerdictOutSerializer(allow_null=True, read_only=True)
    permalink = serializers.URLField(read_only=True)
    claimreview = serializers.URLField(allow_null=True, read_only=True)
    appearances = AppearanceSerializer(
        many=True, read_only=True,
        help_text="Where else the same statement appeared: the other verified quotes of its statement, earliest first.",
    )
    fact_checks = FactCheckOutSerializer(
        many=True, read_only=True,
        help_text="Fact-checks confirmed for this quote or its statement (ours and other organisations'), best first.",
    )
    statement = serializers.URLField(allow_null=True, read_only=True, help_text="The statement the quote belongs to.")
    pieces = serializers.SerializerMethodField(
        help_text="Where the words are in the article: one piece, or several when the attribution interrupts "
        "the quote ('\"A,\" she said. \"B.\"'). `text` is the pieces' words joined, the attribution left out."
    )

    @extend_schema_field(QuotePieceSerializer(many=True))
    def get_pieces(self, claim: Claim) -> list[dict]:
        return [{"start": a, "end": b} for a, b in claim.piece_spans]

    class Meta:
        model = Claim
        fields = [
            "id", "text", "kind", "cue", "speaker", "speaker_title", "attribution", "via", "start", "end", "pieces",
            "article", "verified_at", "verdict", "permalink", "claimreview", "statement", "appearances", "fact_checks",
        ]
        read_only_fields = fields


class SpeakerOutSerializer(SpeakerRefSerializer):
    slug = serializers.CharField()
    affiliation = serializers.CharField()
    quote_count = serializers.IntegerField()
    quotes = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_quotes(self, speaker: Speaker) -> str:
        return api_url(self.context, "api:speaker-quotes", speaker.pk)


class QuoteRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    speaker = serializers.CharField(allow_null=True)
    permalink = serializers.URLField()


class VerdictListSerializer(VerdictOutSerializer):
    id = serializers.IntegerField()
    quote = serializers.SerializerMethodField()

    @extend_schema_field(QuoteRefSerializer)
    def get_quote(self, verdict: Verdict) -> dict:
        claim = verdict.claim
        return {
            "id": claim.pk,
            "text": claim.display_text,
            "speaker": claim.speaker.name if claim.speaker else None,
            "permalink": api_url(self.context, "api:quote-detail", claim.pk),
        }


# Quotes are written from plain rows: one query for the page's columns (on PostgreSQL with
# its evidence; elsewhere one more for the evidence), the tracking queries only for quotes
# that have a confirmed match, then dicts. Nested serializers over model instances cost ten
# times the SQL on a 50-quote page. QuoteOutSerializer documents the shape; nothing else
# writes it (tests/api/test_quote_output.py holds the two to the same bytes).
QUOTE_COLUMNS = (
    "id", "text", "corrected_text", "kind", "cue", "speaker_title", "attribution", "via", "start", "end", "pieces",
    "reviewed_at", "updated_at",
    "speaker_id", "speaker__name", "speaker__kind", "speaker__title",
    "article_id", "article__title", "article__url", "article__published_on", "article__outlet__name",
    "verdict__id", "verdict__rating", "verdict__summary", "verdict__published_at", "verdict__updated_at",
)
_DATETIME = serializers.DateTimeField()
_RATING_LABELS = dict(Verdict.Rating.choices)


def quote_values(queryset):
    """The rows `quote_rows` takes: QUOTE_COLUMNS, whether the quote has any confirmed
    match (most have none, and a page without one skips the tracking queries) and, on
    PostgreSQL, its verdict's evidence (one query less a page)."""
    added = {"tracked": has_confirmed_match()}
    evidence = verdict_evidence_rows()
    if evidence is not None:
        added["evidence_rows"] = evidence
    return queryset.values(*QUOTE_COLUMNS, **added)


def _compiled_time_loader():
    import psycopg
    from psycopg.pq import Format

    return psycopg.adapters.get_loader(psycopg.adapters.types["timestamptz"].oid, Format.TEXT)


_TIME_LOADER = _compiled_time_loader()


class _PreparedPage:
    """The page query of `quote_values_by_id` on PostgreSQL, compiled by the ORM once per
    process and run as a prepared statement: compiling that query (its joins, the tracking
    and evidence subqueries) and planning it cost several times its execution, on every
    page. One parameter changes from page to page, the array of ids; the rest are the
    query's constants."""

    sql: str | None = None
    params: tuple = ()
    slot = -1
    columns: tuple = ()

    @classmethod
    def compile(cls) -> None:
        from django.db.models.expressions import RawSQL

        marker = [0]
        queryset = quote_values(
            verified_claims().filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", (marker,))).order_by()
        )
        sql, params = queryset.query.sql_with_params()
        slots = [i for i, p in enumerate(params) if p is marker]
        if len(slots) != 1:
            raise RuntimeError("the quote page query lost its id array")
        cls.sql, cls.params, cls.slot = sql, tuple(params), slots[0]
        cls.columns = (*QUOTE_COLUMNS, *queryset.query.annotation_select)

    @classmethod
    def rows(cls, ids: list[int]) -> list[dict]:
        import orjson
        from django.db import connection
        from django.db.backends.postgresql.base import ServerBindingCursor

        if cls.sql is None:
            cls.compile()
        from psycopg.types.numeric import Int8

        params = list(cls.params)
        params[cls.slot] = [Int8(pk) for pk in ids]  # one array type, so one prepared statement
        connection.ensure_connection()
        # Server-side binding, so psycopg prepares the statement (after a few runs on a
        # connection, prepare_threshold): Django's own cursors bind on the client and never
        # do. Wrapped as connection.cursor() wraps its own (errors, query logging).
        raw = ServerBindingCursor(connection.connection)
        # psycopg's own (compiled) loader for times: Django's wraps the pure-Python one to
        # force its time zone, which the session's already is (UTC), and reading the page's
        # times through it was a tenth of the page's time.
        raw.adapters.register_loader("timestamptz", _TIME_LOADER)
        with connection.wrap_database_errors:
            cursor = connection._prepare_cursor(raw)
        with cursor:
            cursor.execute(cls.sql, params)
            found = cursor.fetchall()
        if connection.queries_logged and connection.queries_log and connection.queries_log[-1]["sql"] is None:
            # Django reads a prepared statement's text back as None: log it as it ran.
            connection.queries_log[-1]["sql"] = connection.ops.compose_sql(cls.sql, params)
        columns = cls.columns
        rows = [dict(zip(columns, row)) for row in found]
        # jsonb comes as text (Django's loader); JSONField would parse it in from_db_value.
        for row in rows:
            if row["pieces"] is not None:
                row["pieces"] = orjson.loads(row["pieces"])
            if row.get("evidence_rows") is not None:
                row["evidence_rows"] = orjson.loads(row["evidence_rows"])
        return rows


def quote_values_by_id(ids: list[int]) -> list[dict]:
    """`quote_values` rows of the verified claims among `ids`, in the order of `ids`. The
    list pages find their ids first (a light query the paginator runs), then read the rows
    here: on PostgreSQL through one prepared statement, elsewhere through the ORM."""
    if not ids:
        return []
    from django.db import connection

    if connection.vendor == "postgresql":
        found = _PreparedPage.rows(list(ids))
    else:
        found = list(quote_values(verified_claims().filter(pk__in=ids)))
    by_id = {row["id"]: row for row in found}
    return [by_id[pk] for pk in ids if pk in by_id]


def _time_writer():
    """`_DATETIME.to_representation`, with the time zone looked up once: DRF looks it up
    for every value (a context-local read), twice a quote. The same text: ISO 8601 in the
    current time zone, UTC written Z; anything but an aware time goes through DRF."""
    zone = _DATETIME.default_timezone()
    if zone is None or getattr(_DATETIME, "format", api_settings.DATETIME_FORMAT) != ISO_8601:
        return _DATETIME.to_representation

    def write(value) -> str:
        if value.tzinfo is None:
            return _DATETIME.to_representation(value)
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return write


def quote_rows(rows: list[dict], context: dict, *, stamps: list | None = None) -> list[dict]:
    """Quotes in QuoteOutSerializer's shape, for rows of `quote_values(...)` (rows of
    `values(*QUOTE_COLUMNS)` alone are taken as tracked, and looked up).
    `stamps`, when given, receives the times of the tracking rows shown (Last-Modified)."""
    from claims.models import Evidence  # beside Verdict; imported here to keep the header short

    published = [r["verdict__id"] for r in rows if r["verdict__id"] is not None and r["verdict__published_at"]]
    evidence: dict[int, list[dict]] = {}
    if published and rows and "evidence_rows" in rows[0]:
        for r in rows:
            if r["evidence_rows"]:
                evidence[r["verdict__id"]] = [{"title": e["title"], "url": e["url"]} for e in r["evidence_rows"]]
    elif published:
        for verdict_id, title, url in (
            Evidence.objects.filter(verdict_id__in=published).order_by("verdict_id", "position", "id")
            .values_list("verdict_id", "title", "url")
        ):
            evidence.setdefault(verdict_id, []).append({"title": title, "url": url})
    speaker_base = api_url(context, "api:speaker-detail", 0)[: -len("0/")]
    quote_base = api_url(context, "api:quote-detail", 0)[: -len("0/")]
    review_base = api_url(context, "api:quote-claimreview", 0)[: -len("0/claimreview")]
    statement_base = api_url(context, "api:statement-detail", 0)[: -len("0/")]
    tracking = quotes_tracking([r["id"] for r in rows if r.get("tracked", True)])
    if stamps is not None:
        stamps += [t.updated_at for t in tracking.values() if t.updated_at is not None]
    time_text = _time_writer()
    out = []
    for r in rows:
        pk = r["id"]
        tracked = tracking.get(pk, UNTRACKED)
        speaker = None
        if r["speaker_id"] is not None:
            speaker = {"id": r["speaker_id"], "name": r["speaker__name"], "kind": r["speaker__kind"],
                       "title": r["speaker__title"], "url": f"{speaker_base}{r['speaker_id']}/"}
        verdict = None
        if r["verdict__id"] is not None and r["verdict__published_at"] is not None:
            verdict = {"rating": r["verdict__rating"], "rating_label": _RATING_LABELS.get(r["verdict__rating"],
                                                                                          r["verdict__rating"]),
                       "summary": r["verdict__summary"], "evidence": evidence.get(r["verdict__id"], []),
                       "published_at": time_text(r["verdict__published_at"])}
        published_on = r["article__published_on"]
        out.append({
            "id": pk, "text": r["corrected_text"] or r["text"], "kind": r["kind"], "cue": r["cue"],
            "speaker": speaker, "speaker_title": r["speaker_title"], "attribution": r["attribution"],
            "via": r["via"], "start": r["start"], "end": r["end"],
            "pieces": [{"start": a, "end": b} for a, b in piece_spans(r["pieces"], r["start"], r["end"])],
            "article": {"id": r["article_id"], "title": r["article__title"], "url": r["article__url"],
                        "published_on": published_on.isoformat() if published_on else None,
                        "outlet": r["article__outlet__name"]},
            "verified_at": time_text(r["reviewed_at"]) if r["reviewed_at"] else None,
            "verdict": verdict,
            "permalink": f"{quote_base}{pk}/",
            "claimreview": f"{review_base}{pk}/claimreview" if verdict is not None else None,
            "statement": f"{statement_base}{tracked.statement_id}/" if tracked.statement_id else None,
            "appearances": [
                {"id": a["claim_id"], "permalink": f"{quote_base}{a['claim_id']}/", "article": {
                    "id": a["claim__article_id"], "title": a["claim__article__title"], "url": a["claim__article__url"],
                    "published_on": _iso(a["claim__article__published_on"]), "outlet": a["claim__article__outlet__name"],
                }}
                for a in tracked.appearances
            ],
            "fact_checks": [fact_check_row(f, context) for f in tracked.fact_checks],
        })
    return out


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def fact_check_row(row: dict, context: dict) -> dict:
    """A fact-check in FactCheckOutSerializer's shape, from a match row of `quotes_tracking`."""
    ours = row["fact_check__verdict__claim_id"]
    return {
        "id": row["fact_check_id"], "publisher": row["fact_check__publisher"],
        "url": api_url(context, "web:claim-detail", ours) if ours else row["fact_check__url"],
        "claim_reviewed": row["fact_check__claim_reviewed"], "claimant": row["fact_check__claimant"],
        "rating": row["fact_check__rating_text"], "rating_value": row["fact_check__rating_value"],
        "reviewed_on": _iso(row["fact_check__reviewed_on"]), "ours": ours is not None, "score": round(row["score"], 4),
    }
