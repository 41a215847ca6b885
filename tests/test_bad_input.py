"""Hostile and broken input through the three ways in (import command, submit page, API):
each refused with a clear message, or read correctly, and the rest of the work unharmed.
(The import command's files are also covered in test_import_articles, the page's fields in
test_web_pages.)"""

from __future__ import annotations

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sources.models import Article, Outlet
from sources.services import article_validate, outlet_get_or_create
from tests.sources import test_import_articles
from tests.sources.test_import_articles import run

GOOD = "Councillor Priya Natarajan said the library would close on Sundays."
FUTURE = "2999-01-01"


# Import command ---------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_import_refuses_each_bad_jsonl_record_and_keeps_the_good_ones(tmp_path, settings):
    settings.FACTCHECK_MAX_ARTICLE_CHARS = 1_000
    feed = tmp_path / "feed.jsonl"
    records = [
        {"title": "Good", "body": GOOD, "url": "https://example.org/good"},
        {"title": "Script URL", "body": "Words one.", "url": "javascript:alert(1)"},
        {"title": "Data URL", "body": "Words two.", "url": "data:text/html,<b>x</b>"},
        {"title": "Future", "body": "Words three.", "published_on": FUTURE},
        {"title": "Malformed date", "body": "Words four.", "published_on": "2025-02-30"},
        {"title": "Too long", "body": "word " * 300},
        {"title": "NUL", "body": "Words\x00five."},
        {"title": "Empty", "body": "   "},
    ]
    feed.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    out, err = run(feed, refused=True)
    assert list(Article.objects.values_list("title", flat=True)) == ["Good"]
    assert "feed.jsonl:2: url: Not an http(s) URL: 'javascript:alert(1)'" in err
    assert "feed.jsonl:3: url: Not an http(s) URL" in err
    assert f"feed.jsonl:4: published_on: The publication date {FUTURE} lies in the future." in err
    assert "feed.jsonl:5: 'published_on' must be YYYY-MM-DD, got '2025-02-30'" in err
    assert "feed.jsonl:6: body: The article text has 1,500 characters; the limit is 1,000." in err
    assert "feed.jsonl:7: body: The article text contains NUL bytes" in err
    assert "feed.jsonl:8: missing or empty 'body'" in err
    assert "Imported 1, duplicates skipped 0, refused 7" in out


@pytest.mark.django_db(transaction=True)
def test_import_reads_utf16_and_windows_1252_files_and_refuses_undecodable_ones(tmp_path):
    (tmp_path / "utf16.txt").write_bytes("\ufeffMayor Ana Ruiz said the café opens.".encode("utf-16-le"))
    (tmp_path / "cp1252.txt").write_bytes("Mayor Ana Ruiz said the crèche closes.".encode("cp1252"))
    (tmp_path / "broken16.txt").write_bytes(b"\xff\xfe" + b"\x00\xd8")  # a lone surrogate half
    out, err = run(tmp_path, refused=True)
    bodies = sorted(Article.objects.values_list("body", flat=True))
    assert bodies == ["Mayor Ana Ruiz said the café opens.", "Mayor Ana Ruiz said the crèche closes."]
    assert "broken16.txt: not valid UTF-16 text" in err


@pytest.mark.django_db(transaction=True)
def test_import_drops_scripts_and_styles_from_html(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Ferry</title><style>body{color:red}</style><script>track()</script></head><body>"
        "<article><p>Harbour master Ines Duarte said the new ferry would start in June, after a long delay "
        "caused by the shipyard's late delivery of its engines.</p><script>document.write('ad')</script>"
        "<p>The council said the fares would stay as they are for the rest of the year.</p></article>"
        "<noscript>Enable JavaScript</noscript></body></html>", encoding="utf-8")
    run(page)
    body = Article.objects.get().body
    assert "track()" not in body and "color:red" not in body and "document.write" not in body
    assert "Ines Duarte said the new ferry" in body


# API ----------------------------------------------------------------------------------

@pytest.fixture
def api(client, reporter):
    client.force_login(reporter)
    return client


def post(api, payload=None, *, raw: bytes | None = None):
    data = raw if raw is not None else json.dumps(payload)
    return api.post("/api/v1/articles/", data=data, content_type="application/json")


@pytest.mark.django_db
@pytest.mark.parametrize("payload,status,field,message", [
    ({"title": "T", "body": ""}, 400, "body", "This field may not be blank."),
    ({"title": "T", "body": "   "}, 400, "body", "The article text is empty."),
    ({"title": "T", "body": "Words\u0000here."}, 400, "body", "Null characters are not allowed."),
    ({"title": "T", "body": GOOD, "published_on": FUTURE}, 400, "published_on", "lies in the future"),
    ({"title": "T", "body": GOOD, "published_on": "13/06/2025"}, 400, "published_on", "Date has wrong format"),
    ({"title": "T", "body": GOOD, "url": "javascript:alert(1)"}, 400, "url", "Enter a valid URL."),
    ({"title": "T", "body": GOOD, "url": "ftp://example.org/a"}, 400, "url", "Not an http(s) URL"),
    ({"body": GOOD}, 400, "title", "This field is required."),
])
def test_api_refuses_bad_fields_with_json_errors(api, payload, status, field, message):
    response = post(api, payload)
    assert response.status_code == status
    assert message in " ".join(response.json()[field]), response.json()
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_api_refuses_a_body_that_is_not_utf8_json(api):
    response = post(api, raw='{"title": "T", "body": "caf\u00e9"}'.encode("cp1252"))
    assert response.status_code == 400 and "JSON parse error" in response.json()["detail"]
    response = post(api, raw=b"\x00\x01binary")
    assert response.status_code == 400 and "JSON parse error" in response.json()["detail"]
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_api_refuses_oversized_text_with_413(api, settings):
    settings.FACTCHECK_MAX_ARTICLE_CHARS = 1_000
    response = post(api, {"title": "Long", "body": "word " * 300})
    assert response.status_code == 413 and "the limit is 1,000" in response.json()["detail"]


@pytest.mark.django_db
def test_api_refuses_a_request_body_past_the_upload_limit(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = post(api, {"title": "Huge", "body": "x" * 20_000})
    assert response.status_code in (400, 413)
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_api_keeps_markup_as_text(api, django_capture_on_commit_callbacks):
    body = '<script>alert(1)</script> "Fares stay," ferry operator Lena Holm said.'
    with django_capture_on_commit_callbacks(execute=True):
        response = post(api, {"title": "<b>Markup</b>", "body": body})
    assert response.status_code == 202
    article = Article.objects.get()
    assert article.body == body and article.title == "<b>Markup</b>"  # stored as written, escaped when shown
    page = api.get(f"/articles/{article.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# Submit page ------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("name,content,message", [
    ("empty.txt", b"", "The submitted file is empty."),
    ("blank.txt", b"  \n\n ", "The article text is empty."),
    ("utf16bad.txt", b"\xff\xfe\x00\xd8", "not valid UTF-16 text"),
    ("scripts.html", b"<html><body><script>x()</script><style>p{}</style></body></html>",
     "no article text found in the HTML"),
])
def test_submit_page_refuses_unreadable_uploads_clearly(client, reporter, name, content, message):
    client.force_login(reporter)
    response = client.post("/articles/new/", {"title": "T", "upload": SimpleUploadedFile(name, content)})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_submit_page_refuses_javascript_urls(client, reporter):
    client.force_login(reporter)
    response = client.post("/articles/new/", {"title": "T", "body": GOOD, "url": "javascript:alert(1)"})
    assert response.status_code == 400 and "Enter a valid URL." in response.content.decode()


# The same unstorable input through every door --------------------------------------------

LONG_URL = "https://example.org/" + "a" * 1000


@pytest.mark.django_db
@pytest.mark.parametrize("name,content,message", [
    ("chart.html", test_import_articles.SVG_WITH_TEXT.encode(), "cannot read the HTML"),
    ("shapes.html", b"<html><body><div><span></span></div></body></html>", "no article text found in the HTML"),
])
def test_submit_page_refuses_svg_and_markup_only_html_as_a_form_error(client, reporter, name, content, message):
    client.force_login(reporter)
    response = client.post("/articles/new/", {"title": "T", "upload": SimpleUploadedFile(name, content)})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_submit_page_upload_drops_a_canonical_url_too_long_to_store(client, reporter):
    client.force_login(reporter)
    page = test_import_articles.long_canonical_page().encode()
    response = client.post("/articles/new/", {"upload": SimpleUploadedFile("page.html", page)})
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.url == "" and article.title == "Ferry fares stay"


@pytest.mark.django_db
@pytest.mark.parametrize("payload,field,message", [
    ({"title": "T", "body": GOOD, "url": LONG_URL}, "url", "no more than 1000 characters"),
    ({"title": "T", "body": GOOD, "outlet": "O" * 201}, "outlet", "no more than 200 characters"),
    ({"title": "T\u0000", "body": GOOD}, "title", "Null characters are not allowed."),
    ({"title": "T", "body": GOOD, "outlet": "Harbor\u0000Ledger"}, "outlet", "Null characters are not allowed."),
    ({"title": "T", "body": GOOD + "\ud800"}, "body", "Surrogate characters are not allowed"),
    ({"title": "T", "body": GOOD, "outlet": "Harbor \udfff Ledger"}, "outlet", "Surrogate characters are not allowed"),
])
def test_api_refuses_what_the_database_cannot_store_as_field_errors(api, payload, field, message):
    response = post(api, raw=json.dumps(payload).encode())  # json.dumps escapes the surrogates
    assert response.status_code == 400
    assert message in " ".join(response.json()[field]), response.json()
    assert not Article.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("fields,field,message", [
    ({"title": "T\x00", "body": GOOD}, "title", "The title contains NUL bytes"),
    ({"title": "T", "body": GOOD, "url": LONG_URL}, "url", "The URL has 1,020 characters; the limit is 1,000."),
    ({"title": "T\udc80", "body": GOOD}, "title", "The title contains a lone surrogate (U+DC80)"),
    ({"title": "T", "body": GOOD, "url": "https://example.org/\ud800"}, "url", "lone surrogate"),
])
def test_article_rules_refuse_what_the_database_cannot_store(fields, field, message):
    with pytest.raises(ValidationError) as caught:
        article_validate(**fields)
    assert message in " ".join(caught.value.message_dict[field])


@pytest.mark.django_db
@pytest.mark.parametrize("name,message", [
    ("O" * 201, "The outlet name has 201 characters; the limit is 200."),
    ("Harbor\x00Ledger", "The outlet name contains NUL bytes"),
    ("Harbor \ud800", "lone surrogate (U+D800)"),
    ("  ", "An outlet needs a name."),
])
def test_outlet_rules_refuse_what_the_database_cannot_store(name, message):
    with pytest.raises(ValidationError) as caught:
        outlet_get_or_create(name=name)
    assert message in " ".join(caught.value.message_dict["outlet"])
    assert not Outlet.objects.exists()


@pytest.mark.django_db
def test_outlet_name_within_the_limit_after_collapsing_spaces_is_taken():
    assert outlet_get_or_create(name="  Harbor   Ledger " + " " * 300).name == "Harbor Ledger"


# One set of rules: every door shows article_validate's message on its own field ----------

LONG_TITLE = "T" * 501
TITLE_TOO_LONG = "The title is longer than 500 characters."


@pytest.mark.django_db
def test_api_shows_the_rules_message_for_a_long_title_and_the_rules_413_for_a_long_text(api, settings):
    response = post(api, {"title": LONG_TITLE, "body": GOOD})
    assert response.status_code == 400 and response.json()["title"] == [TITLE_TOO_LONG]
    settings.FACTCHECK_MAX_ARTICLE_CHARS = 1_000
    response = post(api, {"title": "Long", "body": "word " * 300})
    assert response.status_code == 413
    assert response.json()["detail"] == "The article text has 1,500 characters; the limit is 1,000."
    assert not Article.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("fields,field,message", [
    ({"title": LONG_TITLE, "body": GOOD}, "title", TITLE_TOO_LONG),
    ({"title": "T", "body": GOOD, "url": LONG_URL}, "url", "The URL has 1,020 characters; the limit is 1,000."),
])
def test_submit_page_shows_the_rules_message_beside_the_field(client, reporter, fields, field, message):
    client.force_login(reporter)
    response = client.post("/articles/new/", fields)
    assert response.status_code == 400 and not Article.objects.exists()
    errors = re.search(rf'<div id="id_{field}_errors" role="alert">(.*?)</div>', response.content.decode(), re.S)
    assert errors and message in errors.group(1)


@pytest.mark.django_db
def test_a_page_submission_the_rules_refuse_uses_up_no_submission(client, reporter, settings):
    settings.FACTCHECK_SUBMIT_RATE = "1/minute"
    client.force_login(reporter)
    assert client.post("/articles/new/", {"title": LONG_TITLE, "body": GOOD}).status_code == 400
    assert client.post("/articles/new/", {"title": "T", "body": GOOD}).status_code == 302


@pytest.mark.django_db
def test_admin_shows_the_rules_message_for_a_long_title(client, reporter):
    from django.urls import reverse

    client.force_login(reporter)
    response = client.post(reverse("admin:sources_article_add"), {
        "title": LONG_TITLE, "body": GOOD, "url": "", "published_on": "", "outlet": ""})
    assert response.status_code == 200 and TITLE_TOO_LONG in response.content.decode()
    assert not Article.objects.exists()
