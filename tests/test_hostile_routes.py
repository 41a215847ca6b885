"""No input makes a 5xx: arbitrary query strings and JSON bodies, sent to every route in
the URL table (the admin's included) as anonymous, reporter and editor callers.

Each route is its own property test, so one failing route does not hide the others. Path
converters are filled with the ids of a small world of real objects, as test_url_matrix
does. The strategies lean on what has broken before: Unicode digits ("²" passes
str.isdigit, int() refuses it), NUL (PostgreSQL refuses it in text), forged pagination
cursors, and JSON nested deeper than Python's recursion limit.
"""

from __future__ import annotations

import base64
import json
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.models import Claim
from tests.factories import add_repeated_quote, make_published_quote

ROLES = ("anonymous", "reporter", "editor")
# Routes that read parameters get more examples; the others (admin forms, static pages) fewer.
EXAMPLES, EXAMPLES_WITHOUT_PARAMS = 50, 8

# Query parameter names the routes read (API filters, pagination, pages, admin lists).
KNOWN_NAMES = [
    "speaker", "outlet", "article", "kind", "rating", "published_after", "published_before",
    "verified_after", "verified_before", "q", "ordering", "page_size", "cursor", "since", "name",
    "status", "ids", "page", "reviewer", "status__exact", "kind__exact", "o", "p", "e", "term",
    "band", "has_verdict", "outlet__id__exact", "published_on__gte", "_changelist_filters", "next",
    "format", "_to_field", "_popup",
]
AUTOCOMPLETE = [("claims", "claim", "speaker"), ("claims", "verdict", "claim"), ("sources", "article", "outlet")]


def b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8", "surrogatepass")).decode()


# A cursor as DRF writes one (base64 of o=, r=, p=), with hostile parts.
cursors = st.builds(
    lambda o, r, p: b64(urlencode({k: v for k, v in (("o", o), ("r", r), ("p", p)) if v is not None})),
    st.one_of(st.none(), st.sampled_from(["1", "-1", "²", "99999999999999999999", "x"])),
    st.one_of(st.none(), st.just("1")),
    st.one_of(st.none(), st.sampled_from(["abc", "²", "\x00", "1.5", "2025-13-01", "", "9" * 40, "9999-12-31 23:59:59-14:00"]), st.text(max_size=12)),
)
HOSTILE = [
    "²", "٣", "²,1", "1,²", "².1", "1.²", "1.1", "\x00", "a\x00b", "1\x00", "-1", "0", "1" * 40, "9" * 400,
    "1e9", "2025-06-13", "2025-02-30", "99999-01-01", "x" * 3000, "%", "  ", "true", "null", "[]",
    b64("p=abc"), b64("o=1&p=abc"), b64("r=1&p=x"), "not-base64", b64("o=-5"),
]
# Ids and "a.b" cursors written with digits that are not ASCII.
unicode_numbers = st.builds(
    lambda parts, sep: sep.join(parts),
    st.lists(st.sampled_from(["1", "²", "٣", "𝟗"]), min_size=1, max_size=3), st.sampled_from([".", ","]),
)
# What broke before, drawn often: Unicode digits, NUL, cursors whose position is not an id.
CORE = ["²", "².1", "1.²", "1,²", "\x00", "a\x00", "1\x00", b64("p=abc"), b64("o=0&p=²"), "9" * 40]
values = st.one_of(
    st.sampled_from(CORE), st.sampled_from(CORE), unicode_numbers, st.sampled_from(HOSTILE), cursors,
    st.text(max_size=30), st.integers().map(str),
    st.lists(st.sampled_from(["1", "²", "x", ""]), max_size=4).map(",".join),
)
QUOTE_PARAMS = [
    "speaker", "outlet", "article", "kind", "rating", "published_after", "published_before",
    "verified_after", "verified_before", "q", "ordering", "page_size", "cursor",
]
# The parameters each route reads, tried most often there.
ROUTE_PARAMS = {
    "api:quote-list": QUOTE_PARAMS, "api:speaker-quotes": QUOTE_PARAMS, "web:quote-list": QUOTE_PARAMS + ["page"],
    "api:speaker-list": ["name", "cursor", "page_size"], "api:verdict-list": ["rating", "cursor", "page_size"],
    "api:changes": ["since"], "api:article-list": ["cursor", "page_size"],
    "api:claim-list": ["status", "cursor", "page_size"], "web:article-status": ["ids"], "web:article-list": ["page"],
    "admin:claims_claim_changelist": ["speaker", "reviewer", "status__exact", "kind__exact", "q", "o", "p"],
    "admin:sources_article_changelist": ["status__exact", "outlet__id__exact", "q", "o", "p"],
    "admin:autocomplete": ["term", "page"],
    "api:factcheck-search": ["q", "limit"], "api:statement-list": ["cursor", "page_size"],
    "admin:claims_claim_change": ["from_fact_check"],
}


def queries(name: str):
    """Each of the route's own parameters present half the time, plus a few others."""
    own = ROUTE_PARAMS.get(name, ["q", "o", "p"])
    mine = st.fixed_dictionaries({}, optional={param: values for param in own}).map(lambda d: list(d.items()))
    others = st.lists(st.tuples(st.one_of(st.sampled_from(KNOWN_NAMES), st.text(max_size=10)), values), max_size=2)
    return st.builds(lambda a, b: a + b, mine, others)


def nested(depth: int, kind: str) -> str:
    return "[" * depth + "]" * depth if kind == "list" else '{"a":' * depth + "1" + "}" * depth


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
bodies = st.one_of(
    st.builds(nested, st.sampled_from([3000, 20000]), st.sampled_from(["list", "dict"])),
    st.dictionaries(st.sampled_from(["title", "body", "url", "published_on", "outlet", "text"]), values).map(json.dumps),
    json_values.map(json.dumps),
    st.text(max_size=40),
)



def routes() -> list[tuple[str, URLPattern]]:
    """Every named route, the admin's included, with its full name."""

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, p.namespace or namespace)
            elif p.name:
                yield (f"{namespace}:{p.name}" if namespace else p.name), p

    return sorted(walk(get_resolver().url_patterns), key=lambda item: item[0])


ROUTES = [name for name, _ in routes()]
ARGS_BY_MODEL = {f"{m._meta.app_label}_{m._meta.model_name}": m for m in admin.site._registry}


def url_for(name: str, world: dict) -> str:
    """The route's path with its converters filled from the world."""
    pk_of = {
        "web:article-detail": world["article"].pk, "api:article-detail": world["article"].pk,
        "web:claim-detail": world["claim"].pk, "api:quote-detail": world["claim"].pk,
        "api:quote-claimreview": world["claim"].pk, "api:speaker-detail": world["speaker"].pk,
        "api:speaker-quotes": world["speaker"].pk, "api:statement-detail": world["statement"].pk,
        "api:webhook-detail": world["webhook"].pk, "api:webhook-deliveries": world["webhook"].pk,
    }
    if name in pk_of:
        return reverse(name, args=[pk_of[name]])
    if name == "web:speaker-detail":
        return reverse(name, args=[world["speaker"].slug])
    if name == "invitation-accept":
        return reverse(name, args=[world["token"]])
    if name == "admin:review-claim":
        return reverse(name, args=[world["claim"].pk])
    if name == "admin:review-action":
        return reverse(name, args=[world["claim"].pk, "verify"])
    if name == "admin:view_on_site":
        return reverse(name, args=[ContentType.objects.get_for_model(Claim).pk, world["claim"].pk])
    if name in ("admin:claims_claim_match_confirm", "admin:claims_claim_match_reject"):
        match = world["statement"].matches.order_by("pk").first()
        return reverse(name, args=[match.claim_id, match.pk])
    if name == "admin:app_list":
        return reverse(name, args=["claims"])
    if name == "admin:auth_user_password_change":
        return reverse(name, args=[world["editor"].pk])
    if name.startswith("admin:"):
        short = name.removeprefix("admin:")
        for key, model in ARGS_BY_MODEL.items():
            if short.startswith(key + "_"):
                action = short.removeprefix(key + "_")
                obj = model.objects.order_by("pk").first()
                if action == "simple_history":
                    return reverse(name, args=[obj.pk, obj.history.order_by("history_id").first().history_id])
                if action in ("change", "delete", "history"):
                    return reverse(name, args=[obj.pk])
    return reverse(name)


def is_admin(name: str) -> bool:
    return name.startswith("admin:") or name == "admin-dashboard"


@pytest.fixture
def world(db, editor, reporter):
    from claims.people.services import invitation_create

    world = add_repeated_quote(make_published_quote(editor, reporter))
    world["token"] = invitation_create(by=editor, username="newcomer", role="reporter").token
    return world


@pytest.mark.parametrize("name", ROUTES)
def test_no_query_string_or_body_makes_a_server_error(name, world, editor, reporter):
    users = {"anonymous": None, "reporter": reporter, "editor": editor}
    path = url_for(name, world)

    @settings(
        max_examples=EXAMPLES if name in ROUTE_PARAMS else EXAMPLES_WITHOUT_PARAMS, deadline=None, database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(role=st.sampled_from(ROLES), query=queries(name), body=bodies, triple=st.sampled_from(AUTOCOMPLETE))
    def check(role, query, body, triple):
        cache.clear()  # throttle counts: each example starts unthrottled
        client = Client(raise_request_exception=False)
        if users[role] is not None:
            client.force_login(users[role])
        pairs = list(query)
        if name == "admin:autocomplete":
            pairs = [("app_label", triple[0]), ("model_name", triple[1]), ("field_name", triple[2]), *pairs]
        url = f"{path}?{urlencode(pairs)}" if pairs else path
        response = client.get(url)
        assert response.status_code < 500, ("GET", role, url, response.status_code)
        if not is_admin(name):
            response = client.post(url, body, content_type="application/json")
            assert response.status_code < 500, ("POST", role, url, body[:80], response.status_code)

    check()
