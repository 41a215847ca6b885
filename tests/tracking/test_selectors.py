"""What pages and the API will show: 'also appears in', 'checked before', a statement's
outlets and wordings, a speaker's repeated statements; in a bounded number of queries."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.models import Claim, ClaimMatch, FactCheck
from claims.tracking.index import fact_checks_index
from claims.tracking.selectors import (
    claim_appearances,
    claim_fact_checks,
    claim_statement,
    speaker_statements,
    statement_outlets,
    statement_wordings,
)
from claims.tracking.services import claims_match, match_confirm
from tests.tracking.conftest import said

BRIDGE = "The harbour bridge will reopen to traffic in May next year."


@pytest.fixture
def reports(varga) -> list[Claim]:
    """One statement reported by three outlets, the middle one not yet verified."""
    claims = [
        said(BRIDGE, speaker=varga, on=dt.date(2025, 3, 1), outlet="Harbor Ledger", status="verified"),
        said(BRIDGE.lower(), speaker=varga, on=dt.date(2025, 3, 2), outlet="Coast Times"),
        said(BRIDGE, speaker=varga, on=dt.date(2025, 3, 3), outlet="Valley Post", status="verified"),
    ]
    claims_match(claim_ids=[c.pk for c in claims])
    return claims


@pytest.mark.django_db
def test_also_appears_in_lists_the_statements_other_claims_earliest_first(reports, django_assert_max_num_queries):
    first, middle, last = reports
    with django_assert_max_num_queries(1):
        shown = claim_appearances(last, public=False)
        assert [(c.article.outlet.name, c.speaker.name) for c in shown] == [
            ("Harbor Ledger", "Elena Varga"), ("Coast Times", "Elena Varga")]
    assert claim_appearances(last, public=True) == [first]  # readers: verified quotes only
    assert claim_statement(last) == claim_statement(first) is not None


@pytest.mark.django_db
def test_a_statement_knows_its_outlets_and_wordings(reports):
    statement = claim_statement(reports[0])
    assert [o.name for o in statement_outlets(statement, public=False)] == ["Harbor Ledger", "Coast Times", "Valley Post"]
    assert statement_wordings(statement, public=False) == [BRIDGE, BRIDGE.lower()]
    assert statement_wordings(statement, public=True) == [BRIDGE]


@pytest.mark.django_db
def test_checked_before_shows_editors_suggestions_and_readers_confirmed_fact_checks(
    reports, editor, django_assert_max_num_queries
):
    first, middle, last = reports
    fact_check = FactCheck.objects.create(
        publisher="Coast Check", url="https://coastcheck.example/bridge", claim_reviewed=BRIDGE, rating_text="False",
    )
    fact_checks_index(fact_checks=[fact_check])
    claims_match(claim_ids=[first.pk], force=True)
    with django_assert_max_num_queries(1):
        [shown] = claim_fact_checks(first, public=False)
    assert (shown.fact_check, shown.match.state, shown.via_statement) == (fact_check, "suggested", False)
    assert claim_fact_checks(first, public=True) == []
    match_confirm(match_id=shown.match.pk, user=editor)
    # Confirmed on the first report: checked before for every claim of the statement.
    [via] = claim_fact_checks(last, public=True)
    assert (via.fact_check, via.via_statement) == (fact_check, True)


@pytest.mark.django_db
def test_a_speaker_groups_the_statements_made_more_than_once(reports, varga):
    said("Our schools will get forty new teachers in September.", speaker=varga, status="verified")
    [statement] = speaker_statements(varga, public=False)
    assert statement.appearances == 3 and statement.first_claim == reports[0]
    assert speaker_statements(varga, public=True)[0].appearances == 2
    assert list(speaker_statements(varga, public=True, repeated=3)) == []
    ClaimMatch.objects.filter(claim=reports[2]).update(state="rejected")
    assert list(speaker_statements(varga, public=True)) == []
