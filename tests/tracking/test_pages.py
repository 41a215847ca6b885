"""Claim tracking on the public pages: where else a quote appeared, the fact-checks it had,
a speaker's repeated statements; nothing readers may not see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from claims.models import ClaimMatch, FactCheck
from claims.tracking.index import fact_checks_index
from claims.tracking.services import claims_match, match_confirm
from tests.pages.test_pages import assert_valid_html
from tests.tracking.conftest import said

BRIDGE = "The harbour bridge will reopen to traffic in May next year."


@pytest.fixture
def tracked(varga, editor) -> dict:
    """One statement in three outlets (the middle report unverified), an imported fact-check
    confirmed on the first and another only suggested."""
    claims = [
        said(BRIDGE, speaker=varga, on=dt.date(2025, 3, 1), outlet="Harbor Ledger", status="verified"),
        said(BRIDGE.lower(), speaker=varga, on=dt.date(2025, 3, 2), outlet="Coast Times"),
        said(BRIDGE, speaker=varga, on=dt.date(2025, 3, 3), outlet="Valley Post", status="verified"),
    ]
    claims_match(claim_ids=[c.pk for c in claims])
    confirmed = FactCheck.objects.create(
        publisher="Coast Check", url="https://coastcheck.example/bridge", claim_reviewed=BRIDGE,
        rating_text="Mostly false", rating_value=-0.5, reviewed_on=dt.date(2025, 2, 20),
    )
    suggested = FactCheck.objects.create(
        publisher="Shore Facts", url="https://shorefacts.example/bridge", claim_reviewed=BRIDGE + " Really.",
        rating_text="True", rating_value=1,
    )
    fact_checks_index(fact_checks=[confirmed, suggested])
    claims_match(claim_ids=[claims[0].pk], force=True)
    match_confirm(match_id=ClaimMatch.objects.get(claim=claims[0], fact_check=confirmed).pk, user=editor)
    assert ClaimMatch.objects.filter(fact_check=suggested, state="suggested").exists()
    return {"claims": claims}


@pytest.mark.django_db
def test_the_claim_page_lists_other_reports_and_earlier_fact_checks(client, tracked, django_assert_max_num_queries):
    first, middle, last = tracked["claims"]
    with django_assert_max_num_queries(12):
        page = client.get(reverse("web:claim-detail", args=[last.pk]))
    text = page.content.decode()
    assert_valid_html(text)
    also = text.split('id="appearances-heading"', 1)[1].split("</section>", 1)[0]
    assert "Harbor Ledger" in also and "2025-03-01" in also
    assert reverse("web:claim-detail", args=[first.pk]) in also
    assert "Coast Times" not in text  # an unverified report is no reader's business
    checked = text.split('id="checked-heading"', 1)[1].split("</section>", 1)[0]
    assert "Coast Check" in checked and "Mostly false" in checked
    assert 'href="https://coastcheck.example/bridge"' in checked
    assert "Shore Facts" not in text  # only suggested


@pytest.mark.django_db
def test_a_quote_alone_shows_no_tracking_sections(client, varga):
    alone = said("Our schools will get forty new teachers in September.", speaker=varga, status="verified")
    text = client.get(reverse("web:claim-detail", args=[alone.pk])).content.decode()
    assert "appearances-heading" not in text and "checked-heading" not in text


@pytest.mark.django_db
def test_the_unverified_report_stays_hidden_from_readers(client, tracked):
    assert client.get(reverse("web:claim-detail", args=[tracked["claims"][1].pk])).status_code == 404


@pytest.mark.django_db
def test_the_speaker_page_groups_repeated_statements(client, tracked, varga, django_assert_max_num_queries):
    said("Our schools will get forty new teachers in September.", speaker=varga, status="verified")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("web:speaker-detail", args=[varga.slug]))
    text = page.content.decode()
    assert_valid_html(text)
    group = text.split('id="statements-heading"', 1)[1].split("</section>", 1)[0]
    assert "(2 reports)" in group
    assert group.index("Harbor Ledger") < group.index("Valley Post") and "Coast Times" not in group
    assert "forty new teachers" not in group  # said once


@pytest.mark.django_db
def test_a_statement_readers_saw_once_is_not_grouped(client, tracked, varga):
    ClaimMatch.objects.filter(claim=tracked["claims"][2], statement__isnull=False).update(state="rejected")
    text = client.get(reverse("web:speaker-detail", args=[varga.slug])).content.decode()
    assert "statements-heading" not in text
