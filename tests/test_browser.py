"""Real browser tests: Playwright drives Debian's Chromium against a live test server.

A reporter signs in, submits an article, watches its status reach extracted and finds the
highlighted claims; an anonymous reader searches the verified quotes and opens one. Each
page visited is saved as a screenshot under var/screenshots/ (or FACTCHECK_SCREENSHOT_DIR);
the test run prints the folder at the end.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from claims.models import Claim
from claims.review.services import claim_verify, evidence_parse, verdict_save
from claims.pipeline.services import claims_extract
from claims.pipeline.tasks import extract_article
from sources.models import Article, Outlet
from tests.conftest import needs_service
from tests.factories import make_article

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = Path(os.environ.get("FACTCHECK_SCREENSHOT_DIR", ROOT / "var" / "screenshots"))
# Chromium as root in a container, with nothing reaching out to the network on its own.
LAUNCH_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-gpu", "--no-first-run"]
PHONE = {"width": 375, "height": 740}

ARTICLE = (
    "Ferry fares to stay flat as new boats arrive\n\n"
    '"Fares will not rise this year," ferry operator Lena Holm said on Monday.\n\n'
    "Harbour master Ines Duarte said the two new boats would start service in June."
)


@pytest.fixture(scope="module")
def browser():
    needs_service(CHROMIUM.exists(), f"Chromium at {CHROMIUM} (apt-get install chromium)")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make
    # between browser steps are ordinary blocking calls all the same.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# Refusals under the policy that a test may expect (none: ReDoc's sidebar logo, once fetched
# from Redocly's CDN and refused here, is now swapped for the site's own icon before it loads).
CSP_REFUSALS_WANTED: tuple[str, ...] = ()


@pytest.fixture
def page(browser):
    """A page whose test also fails if the browser refused anything under the CSP header."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text
            and not any(wanted in message.text for wanted in CSP_REFUSALS_WANTED) else None)
    yield page
    context.close()
    assert refused == [], refused


def shot(page: Page, name: str) -> Path:
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def no_sideways_scroll(page: Page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth")


def wait_for(condition, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


@pytest.mark.django_db(transaction=True)
def test_reporter_submits_an_article_and_watches_it_get_extracted(page, live_server, reporter, monkeypatch):
    # The queue is the edge of the system: the task is recorded instead of sent, and the test
    # plays the worker once the page shows the article waiting.
    queued: list[int] = []
    monkeypatch.setattr(extract_article, "apply_async", lambda args, **options: queued.append(args[0]))

    page.goto(f"{live_server.url}/articles/new/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/articles/new/"))
    shot(page, "01-sign-in")
    page.get_by_label("Username").fill("rita")
    page.get_by_label("Password").fill("pw-rita")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Submit an article")).to_be_visible()
    page.get_by_role("button", name="Submit").click()  # empty: the errors show beside the fields
    expect(page.locator("#id_body_errors")).to_contain_text("Paste the article text or upload a file.")
    shot(page, "02-submit-errors")
    page.get_by_label("Title").fill("Ferry fares to stay flat")
    page.get_by_label("Or add an outlet").fill("Coast Courier")
    page.get_by_label("URL").fill("https://example.org/ferry")
    page.get_by_label("Publication date").fill("2025-05-02")
    page.get_by_label("Text").fill(ARTICLE)
    shot(page, "03-submit-filled")
    page.get_by_role("button", name="Submit").click()

    status = page.locator("[data-field=status]").first
    expect(status).to_have_text("Queued")
    shot(page, "04-article-queued")
    article = Article.objects.get(title="Ferry fares to stay flat")
    assert wait_for(lambda: queued) == [article.pk]

    claims_extract(article_id=article.pk)  # what the worker does
    expect(page.locator("mark.fc-claim").first).to_be_visible()  # the page saw the change and reloaded
    expect(page.locator("[data-field=status]").first).to_have_text("Extracted")
    expect(page.locator(".legend")).to_contain_text("Lena Holm")
    expect(page.locator(".legend")).to_contain_text("Ines Duarte")
    holm = Claim.objects.get(article=article, text="Fares will not rise this year")
    link = page.locator(f'a[href="#claim-{holm.pk}"]')
    expect(link).to_contain_text("Lena Holm")
    link.click()
    expect(page).to_have_url(re.compile(rf"#claim-{holm.pk}$"))
    current = page.locator("mark.fc-claim.current")
    expect(current).to_have_text("Fares will not rise this year")
    assert current.evaluate("el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
    shot(page, "05-article-extracted")

    page.get_by_role("link", name="My articles").click()
    row = page.locator(f'tr[data-article-id="{article.pk}"]')
    expect(row.locator("[data-field=status]")).to_have_text("Extracted")
    expect(row.locator("[data-field=claims]")).to_have_text(str(Claim.objects.filter(article=article).count()))
    shot(page, "06-my-articles")

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    assert no_sideways_scroll(page)
    shot(page, "07-article-phone")


@pytest.mark.django_db(transaction=True)
def test_my_articles_updates_status_without_a_reload(page, live_server, reporter, monkeypatch):
    article = make_article(body=ARTICLE, title="Waiting article", submitted_by=reporter, status=Article.Status.QUEUED)
    page.goto(f"{live_server.url}/accounts/login/?next=/articles/")
    page.get_by_label("Username").fill("rita")
    page.get_by_label("Password").fill("pw-rita")
    page.get_by_role("button", name="Sign in").click()
    row = page.locator(f'tr[data-article-id="{article.pk}"]')
    expect(row.locator("[data-field=status]")).to_have_text("Queued")
    page.evaluate("window.__sameDocument = true")
    claims_extract(article_id=article.pk)
    expect(row.locator("[data-field=status]")).to_have_text("Extracted")
    assert row.locator("[data-field=claims]").inner_text() != "0"
    assert page.evaluate("window.__sameDocument === true")  # updated in place, not reloaded


@pytest.fixture
def verified_quotes(db, editor):
    outlet = Outlet.objects.create(name="Harbor Ledger", slug="harbor-ledger")
    article = make_article(
        body='Mayor Elena Varga said the budget was balanced. "We kept every school open," Varga said.\n\n'
             "Councillor Priya Natarajan said the library would close on Sundays.",
        title="Budget passes", url="https://example.org/budget", outlet=outlet, published_on=dt.date(2025, 6, 13),
    )
    claims_extract(article_id=article.pk)
    schools = Claim.objects.get(text="We kept every school open")
    claim_verify(claim=schools, user=editor)
    claim_verify(claim=Claim.objects.get(text="the library would close on Sundays"), user=editor)
    verdict_save(claim=Claim.objects.get(pk=schools.pk), user=editor, rating="mostly-false",
                 summary="Two schools closed in May.",
                 evidence=evidence_parse("School list | https://example.org/schools"), publish=True)
    return schools


@pytest.mark.django_db(transaction=True)
def test_anonymous_reader_searches_quotes_and_opens_a_claim(page, live_server, verified_quotes):
    page.goto(f"{live_server.url}/")
    shot(page, "10-home")
    page.get_by_role("link", name="Verified quotes").first.click()
    expect(page.locator("ol.quotes > li")).to_have_count(2)
    shot(page, "11-quotes")

    page.get_by_label("Words").fill("school")
    page.get_by_label("Words").press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q=school"))
    expect(page.locator("ol.quotes > li")).to_have_count(1)
    shot(page, "12-quotes-search")
    page.get_by_role("link", name="“We kept every school open”").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("“We kept every school open”")
    expect(page.locator(".verdict")).to_contain_text("Mostly false")
    expect(page.locator(".verdict")).to_contain_text("Two schools closed in May.")
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["@type"] == "ClaimReview" and data["url"] == page.url
    assert data["reviewRating"]["alternateName"] == "Mostly false"
    shot(page, "13-claim")

    page.get_by_role("link", name="Elena Varga").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Elena Varga")
    expect(page.locator("svg.rating-chart")).to_be_visible()
    shot(page, "14-speaker")

    page.set_viewport_size(PHONE)
    for path in ("/quotes/", f"/claims/{verified_quotes.pk}/", "/speakers/elena-varga/", "/"):
        page.goto(live_server.url + path)
        assert no_sideways_scroll(page), path
    shot(page, "15-home-phone")


@pytest.mark.django_db(transaction=True)
def test_keyboard_alone_reaches_the_search_and_a_claim(page, live_server, verified_quotes):
    page.goto(f"{live_server.url}/quotes/")
    page.keyboard.press("Tab")
    expect(page.locator("a.skip")).to_be_focused()
    page.keyboard.press("Enter")  # skips the navigation
    page.keyboard.press("Tab")
    expect(page.locator("#f-q")).to_be_focused()
    page.keyboard.type("library")
    page.keyboard.press("Enter")
    expect(page.locator("ol.quotes > li")).to_have_count(1)
    for _ in range(40):  # Tab on to the first quote's link
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('ol.quotes') !== null"):
            break
    focused = page.evaluate("[document.activeElement.textContent, getComputedStyle(document.activeElement).outlineStyle]")
    assert focused == ["Priya Natarajan said the library would close on Sundays", "solid"]  # with a visible focus ring
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Priya Natarajan said the library would close on Sundays")


def test_api_docs_render_under_their_content_security_policy(page, live_server, db):
    page.goto(live_server.url + "/api/docs/")
    page.wait_for_selector(".swagger-ui .info")
    assert "factcheck" in page.inner_text(".swagger-ui .info").lower()
    page.goto(live_server.url + "/api/docs/redoc/")
    page.wait_for_selector("[role=navigation], .menu-content")
    assert page.locator("h1").first.inner_text().strip() != ""
