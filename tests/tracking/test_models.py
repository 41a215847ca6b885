"""The tracking rows' own rules: one match per pair, one statement per claim, one fact-check
per URL, ours or with a URL, ratings on the -1..1 scale."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from claims.models import ClaimMatch, FactCheck, Statement
from tests.tracking.conftest import said


def refused(**fields) -> bool:
    try:
        with transaction.atomic():
            ClaimMatch.objects.create(**fields)
    except IntegrityError:
        return True
    return False


@pytest.mark.django_db
def test_a_match_points_at_one_statement_or_one_fact_check(varga):
    claim = said("The ferry will run every hour from June onwards.", speaker=varga)
    statement = Statement.objects.create(speaker=varga, text=claim.text, first_claim=claim)
    fact_check = FactCheck.objects.create(publisher="Checkers", url="https://checkers.example/1", claim_reviewed="x")
    assert refused(claim=claim, score=1.0)
    assert refused(claim=claim, statement=statement, fact_check=fact_check, score=1.0)
    ClaimMatch.objects.create(claim=claim, statement=statement, score=1.0)
    ClaimMatch.objects.create(claim=claim, fact_check=fact_check, score=0.8)
    assert refused(claim=claim, statement=statement, score=0.5)
    assert refused(claim=claim, fact_check=fact_check, score=0.5)


@pytest.mark.django_db
def test_a_claim_belongs_to_one_statement_at_most(varga):
    claim = said("The ferry will run every hour from June onwards.", speaker=varga)
    first, second = (Statement.objects.create(speaker=varga, text=claim.text) for _ in range(2))
    ClaimMatch.objects.create(claim=claim, statement=first, score=1.0, state=ClaimMatch.State.CONFIRMED)
    ClaimMatch.objects.create(claim=claim, statement=second, score=0.9)  # suggested: allowed
    assert refused(claim=claim, statement=Statement.objects.create(text="x"), score=1.0,
                   state=ClaimMatch.State.CONFIRMED)


@pytest.mark.django_db
def test_fact_checks_are_one_per_url_and_ours_need_none():
    FactCheck.objects.create(publisher="Checkers", url="https://checkers.example/1", claim_reviewed="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        FactCheck.objects.create(publisher="Others", url="https://checkers.example/1", claim_reviewed="b")
    with pytest.raises(IntegrityError), transaction.atomic():
        FactCheck.objects.create(publisher="Checkers", url="", claim_reviewed="no url and not ours")
    with pytest.raises(IntegrityError), transaction.atomic():
        FactCheck.objects.create(publisher="C", url="https://checkers.example/2", claim_reviewed="c", rating_value=1.5)


@pytest.mark.django_db
def test_a_statement_lists_its_claims_by_first_appearance(varga):
    import datetime as dt

    later = said("The ferry will run every hour from June onwards.", speaker=varga, on=dt.date(2025, 5, 2))
    undated = said("The ferry will run every hour from June onwards.", speaker=varga, on=None)
    earlier = said("The ferry will run every hour from June onwards.", speaker=varga, on=dt.date(2025, 4, 30))
    statement = Statement.objects.create(speaker=varga, text=later.text)
    for claim in (later, undated, earlier):
        ClaimMatch.objects.create(claim=claim, statement=statement, score=2.0, state=ClaimMatch.State.CONFIRMED)
    said("The ferry will run every hour from June onwards.", speaker=varga)  # not in it
    assert list(statement.claims()) == [earlier, later, undated]
