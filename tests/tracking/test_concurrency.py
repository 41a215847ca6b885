"""Workers matching reports of one quote at the same moment make one statement (PostgreSQL)."""

from __future__ import annotations

import pytest

from claims.models import ClaimMatch, Statement
from claims.tracking.services import claims_match
from tests.pipeline.test_concurrency import _together
from tests.tracking.conftest import said


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_claims_of_one_quote_matched_at_once_end_in_one_statement(postgres, varga):
    claims = [said("The harbour bridge will reopen to traffic in May next year.", speaker=varga) for _ in range(4)]
    pending = [c.pk for c in claims]
    _together(lambda: claims_match(claim_ids=[pending.pop()]), count=len(claims))
    statement = Statement.objects.get()
    assert sorted(c.pk for c in statement.claims()) == sorted(c.pk for c in claims)
    assert ClaimMatch.objects.count() == 4
