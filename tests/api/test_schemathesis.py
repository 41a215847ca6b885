"""Property-based run of the API against its own OpenAPI schema: no 5xx, no response that
breaks the schema, whatever the parameters."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from claims.models import Claim
from claims.review.services import claim_verify, evidence_parse, verdict_save
from claims.pipeline.services import claims_extract
from factcheck.wsgi import application
from tests.factories import make_article

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def keep_connection():
    """Calling the WSGI app directly would close the test's database connection at the end of
    each request (Django's test client avoids that the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def data(db, editor, keep_connection):
    article = make_article(body='"We kept every school open," Mayor Elena Varga said. Varga said taxes would fall.')
    claims_extract(article_id=article.pk)
    for claim in Claim.objects.all():
        claim_verify(claim=claim, user=editor)
    first = Claim.objects.order_by("id").first()
    verdict_save(claim=first, user=editor, rating="true", summary="Checked.", publish=True,
                 evidence=evidence_parse("Record | https://example.org/r"))


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_answers_within_its_schema(case, data):
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
