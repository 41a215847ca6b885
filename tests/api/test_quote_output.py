"""The quote list's fast path (plain rows written by quote_rows, JSON by orjson) answers the
bytes that QuoteOutSerializer and DRF's JSONRenderer write for the same quotes, built from
model instances and the per-claim tracking selectors the pages use."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.reverse import reverse
from rest_framework.test import APIRequestFactory

from claims.api.serializers import QuoteOutSerializer
from claims.models import Claim, ClaimMatch, FactCheck, pieces_text
from claims.review.services import claim_correct, claim_verify, evidence_parse, verdict_save
from claims.tracking.index import fact_checks_index
from claims.tracking.selectors import claim_appearances, claim_fact_checks, claim_statement
from claims.tracking.services import claims_match, match_confirm
from sources.models import Outlet
from tests.factories import make_article, make_claim, make_speaker
from tests.tracking.conftest import said

BRIDGE = "The harbour bridge will reopen to traffic in May next year."


class Shown:
    """A claim as the serializer reads it: the claim's attributes, and what the view adds."""

    def __init__(self, claim, **added):
        self._claim = claim
        self.__dict__.update(added)

    def __getattr__(self, name):
        return getattr(self._claim, name)


@pytest.fixture
def varied(db, editor, django_capture_on_commit_callbacks) -> list[Claim]:
    zoe = make_speaker("Zoë Ñúñez-北京", title="Ministra de Economía")
    varga = make_speaker("Elena Varga")
    outlet = Outlet.objects.create(name="Le Monde — Économie", slug="le-monde")
    body = ('Zoë Ñúñez-北京 said: "Les impôts baisseront 😀 en 2026," before adding "sans exception\u2028vraiment." '
            "Officials said the port is closed.")
    article = make_article(body=body, title="Année fiscale — 北京 \"quoted\"", url="https://example.org/é",
                           outlet=outlet, published_on=dt.date(2025, 12, 31))
    first = body.index("Les")
    second = body.index("sans")
    pieces = make_claim(article, first, body.index(" before") - 2, speaker=zoe, kind=Claim.Kind.DIRECT,
                        cue="said", attribution="Zoë Ñúñez-北京", speaker_title="Ministra",
                        via="AFP", fingerprint="pieces")
    spans = [[first, body.index(" en 2026") + len(" en 2026")], [second, body.index("vraiment.") + len("vraiment")]]
    Claim.objects.filter(pk=pieces.pk).update(end=spans[1][1], pieces=spans, text=pieces_text(body, spans))
    nobody = make_claim(make_article(body="Officials said the port is closed.", title="No outlet"), 15, 34,
                        speaker=None, cue="", fingerprint="nobody")
    corrected = make_claim(article, body.index("the port"), len(body) - 1, speaker=zoe, fingerprint="corrected")
    tracked = [
        said(BRIDGE.lower(), speaker=varga, on=dt.date(2025, 3, 1), outlet="Coast Times"),
        said(BRIDGE, speaker=varga, on=dt.date(2025, 3, 2), outlet="Harbor Ledger", status="verified"),
        said(BRIDGE, speaker=varga, on=dt.date(2025, 3, 3), outlet="Valley Post", status="verified"),
    ]
    for claim in (pieces, nobody, corrected):
        claim_verify(claim=Claim.objects.get(pk=claim.pk), user=editor)
    claim_correct(claim=Claim.objects.get(pk=corrected.pk), user=editor, text="the port is « closed »")
    verdict_save(claim=Claim.objects.get(pk=pieces.pk), user=editor, rating="mostly-false",
                 summary="Les chiffres disent autre chose — 😀.",
                 evidence=evidence_parse("Budget 2026 | https://example.org/b\nÉtude | https://example.org/é"),
                 publish=True)
    verdict_save(claim=Claim.objects.get(pk=corrected.pk), user=editor, rating="true", summary="Draft.")
    claims_match(claim_ids=[c.pk for c in tracked])
    with django_capture_on_commit_callbacks(execute=True):  # our fact-check is matched on commit
        verdict_save(claim=Claim.objects.get(pk=tracked[1].pk), user=editor, rating="false", summary="No.",
                     publish=True)
    ours = FactCheck.objects.get(verdict__claim=tracked[1])
    match_confirm(match_id=ClaimMatch.objects.get(claim=tracked[2], fact_check=ours).pk, user=editor)
    imported = FactCheck.objects.create(
        publisher="Coast Check", url="https://coastcheck.example/bridge", claim_reviewed=BRIDGE,
        claimant="Elena Varga", rating_text="Mostly false", rating_value=-0.5, reviewed_on=dt.date(2025, 2, 20),
    )
    fact_checks_index(fact_checks=[imported])
    claims_match(claim_ids=[tracked[0].pk], force=True)
    match_confirm(match_id=ClaimMatch.objects.get(claim=tracked[0], fact_check=imported).pk, user=editor)
    return list(Claim.objects.filter(status=Claim.Status.VERIFIED).order_by("-id"))


def serializer_output(claims: list[Claim], request: Request) -> list:
    """The quotes through QuoteOutSerializer, from model instances and the page selectors."""
    shown = []
    for claim in claims:
        claim = Claim.objects.select_related("speaker", "article__outlet", "verdict").get(pk=claim.pk)
        verdict = getattr(claim, "verdict", None)
        if verdict is not None and verdict.published_at is None:
            verdict = None
        statement = claim_statement(claim)
        appearances = [
            Shown(other, permalink=reverse("api:quote-detail", args=[other.pk], request=request))
            for other in claim_appearances(claim, public=True)
        ]
        checks = []
        for checked in claim_fact_checks(claim, public=True):
            check = checked.fact_check
            ours = check.verdict.claim_id if check.verdict_id else None
            if ours == claim.pk:
                continue  # our verdict on this quote: its `verdict` already
            url = reverse("web:claim-detail", args=[ours], request=request) if ours else check.url
            checks.append(Shown(check, url=url, rating=check.rating_text, ours=ours is not None,
                                score=round(checked.match.score, 4)))
        shown.append(Shown(
            claim, verdict=verdict,
            permalink=reverse("api:quote-detail", args=[claim.pk], request=request),
            claimreview=reverse("api:quote-claimreview", args=[claim.pk], request=request) if verdict else None,
            statement=reverse("api:statement-detail", args=[statement.pk], request=request) if statement else None,
            appearances=appearances, fact_checks=checks,
        ))
    return QuoteOutSerializer(shown, many=True, context={"request": request}).data


@pytest.mark.parametrize("cache_seconds", [0, 60])
def test_the_quote_list_answers_the_serializers_bytes(client, varied, settings, cache_seconds):
    settings.FACTCHECK_API_CACHE_SECONDS = cache_seconds
    answered = client.get("/api/v1/quotes/")
    assert answered.status_code == 200
    request = Request(APIRequestFactory().get("/api/v1/quotes/"))
    expected = {"next": None, "previous": None, "results": serializer_output(varied, request)}
    assert answered.content == JSONRenderer().render(expected)
    # The set is varied: unicode, nulls, pieces, a corrected text, verdicts and tracking.
    quotes = {q["id"]: q for q in answered.json()["results"]}
    assert len(quotes) == 5
    assert any(len(q["pieces"]) == 2 for q in quotes.values())
    assert any(q["speaker"] is None and q["article"]["outlet"] is None for q in quotes.values())
    assert any(q["verdict"] and len(q["verdict"]["evidence"]) == 2 for q in quotes.values())
    assert any(q["appearances"] and q["statement"] for q in quotes.values())
    checks = [check for q in quotes.values() for check in q["fact_checks"]]
    assert {check["ours"] for check in checks} == {True, False}
    assert "\\u2028" in answered.content.decode() and "😀" in answered.content.decode()
    assert any(q["text"] == "the port is « closed »" for q in quotes.values())


def test_one_quote_answers_the_serializers_bytes(client, varied):
    request = Request(APIRequestFactory().get("/"))
    for claim in varied:
        answered = client.get(f"/api/v1/quotes/{claim.pk}/")
        assert answered.content == JSONRenderer().render(serializer_output([claim], request)[0])
