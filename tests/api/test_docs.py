"""The OpenAPI schema and its documentation pages, served without any CDN."""

import re

import pytest
import yaml


@pytest.mark.django_db
def test_schema_lists_every_public_endpoint(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/quotes/", "/api/v1/quotes/{id}/", "/api/v1/quotes/{id}/claimreview",
        "/api/v1/speakers/", "/api/v1/speakers/{id}/", "/api/v1/speakers/{id}/quotes/", "/api/v1/verdicts/",
        "/api/v1/articles/", "/api/v1/articles/{id}/", "/api/v1/claims/", "/api/v1/changes/",
        "/api/v1/statements/", "/api/v1/statements/{id}/", "/api/v1/factchecks/search/",
        "/api/v1/webhooks/", "/api/v1/webhooks/{id}/", "/api/v1/webhooks/deliveries/",
        "/api/v1/webhooks/{id}/deliveries/",
    }
    assert schema["components"]["securitySchemes"]["tokenAuth"]["in"] == "header"
    names = {p["name"] for p in schema["paths"]["/api/v1/quotes/"]["get"]["parameters"]}
    assert {"speaker", "outlet", "kind", "rating", "q", "ordering", "cursor", "page_size"} <= names
    search = schema["paths"]["/api/v1/factchecks/search/"]["get"]
    assert {(p["name"], p.get("required", False)) for p in search["parameters"]} >= {("q", True), ("limit", False)}
    quote = schema["components"]["schemas"]["QuoteOut"]["properties"]
    assert {"appearances", "fact_checks", "statement"} <= set(quote)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/docs/", "/api/docs/redoc/"])
def test_docs_pages_load_their_scripts_from_this_site(client, url):
    page = client.get(url).content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(not s.startswith(("http://", "https://", "//")) for s in sources), sources
    assert "/static/drf_spectacular_sidecar/" in page


@pytest.mark.django_db
def test_every_operation_documents_an_example(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    missing = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            bodies = [*operation.get("responses", {}).values(), operation.get("requestBody", {})]
            if not any("examples" in media for body in bodies for media in body.get("content", {}).values()):
                missing.append(f"{method.upper()} {path}")
    assert missing == []
