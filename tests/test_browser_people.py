"""Real-browser checks of the claim list's widths, the pages' own requests and the favicon
(Playwright with Debian's Chromium, as tests/test_browser.py). Screenshots go to the same folder."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from claims.models import Claim
from tests.factories import make_article, make_claim, make_speaker
from tests.test_browser import CHROMIUM, LAUNCH_ARGS, SCREENSHOTS, browser, shot  # noqa: F401  (fixture)

LONG = (
    "The regional transport authority said on Tuesday that ferry fares between the islands would stay "
    "flat for the rest of the year while two new boats are brought into service, and that timetables "
    "would be published in May after a consultation with the harbour towns and the unions."
)


@pytest.fixture
def wide(browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"pw-{username}")
    page.click("input[type=submit]")


@pytest.mark.django_db(transaction=True)
def test_claim_list_is_readable_at_1280(wide, live_server, editor):
    article = make_article(title="Transport authority keeps ferry fares flat while new boats arrive", body=LONG)
    speaker = make_speaker("Ines Duarte-Whitcombe")
    for i in range(8):
        make_claim(article, 0, len(LONG) - i, speaker=speaker, cue="said", fingerprint=f"w{i}")
    sign_in(wide, live_server, editor.username)
    wide.goto(f"{live_server.url}/admin/claims/claim/")
    wide.wait_for_selector("#result_list")
    shot(wide, "people-claim-list-1280")
    widths = wide.evaluate("""() => {
        const cell = (name) => document.querySelector('#result_list .field-' + name);
        const row = document.querySelector('#result_list tbody tr');
        const table = document.querySelector('#result_list');
        return {
          claim: cell('short_text').getBoundingClientRect().width,
          article: cell('article_column').getBoundingClientRect().width,
          rowHeight: row.getBoundingClientRect().height,
          lineHeight: parseFloat(getComputedStyle(cell('short_text')).lineHeight) || 16,
          tableRight: table.getBoundingClientRect().right,
          viewport: document.documentElement.clientWidth,
          scroll: document.querySelector('.results').scrollWidth - document.querySelector('.results').clientWidth,
        };
    }""")
    # The claim's words get a readable column, rows stay a few lines high, and the last
    # column is not cut off (no sideways scrolling of the results).
    assert widths["claim"] >= 240, widths  # the issue measured about 90 px
    assert widths["article"] >= 140, widths
    assert widths["rowHeight"] <= 5 * widths["lineHeight"] + 16, widths
    assert widths["scroll"] <= 1, widths
    assert widths["tableRight"] <= widths["viewport"], widths
    assert wide.title().startswith("Claims to review")
    assert Claim.objects.count() == 8


@pytest.mark.django_db(transaction=True)
def test_no_page_sends_a_request_to_another_site(wide, live_server, editor):
    """Every request the browser makes, images included, goes to this site: ReDoc's sidebar
    logo is swapped for the site's own icon before it is fetched."""
    own = urlsplit(live_server.url).netloc
    requests: list[str] = []
    refused: list[str] = []
    wide.on("request", lambda request: requests.append(request.url))
    wide.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    wide.goto(f"{live_server.url}/api/docs/redoc/")
    wide.wait_for_selector(".menu-content")
    wide.wait_for_timeout(500)  # the logo is drawn after the first render
    logo = wide.evaluate("Array.from(document.images).map(i => i.getAttribute('src'))")
    shot(wide, "people-redoc")
    wide.goto(f"{live_server.url}/api/docs/")
    wide.wait_for_selector(".swagger-ui .info")
    wide.goto(f"{live_server.url}/")
    sign_in(wide, live_server, editor.username)
    wide.goto(f"{live_server.url}/admin/claims/claim/")
    elsewhere = [url for url in requests if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != own]
    assert elsewhere == [], elsewhere
    assert refused == [], refused
    assert "/static/factcheck/favicon.svg" in logo, logo
    assert any(url.endswith("/static/factcheck/favicon.svg") for url in requests)


@pytest.mark.django_db(transaction=True)
def test_an_editor_invites_a_reporter_who_signs_up_and_lands_on_my_articles(browser, live_server, editor, reporter):  # noqa: F811,E501
    import re

    editor_context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = editor_context.new_page()
    sign_in(page, live_server, editor.username)
    page.goto(f"{live_server.url}/admin/claims/person/")
    shot(page, "people-list")
    page.click("text=Invite a reporter or an editor")
    page.fill("#id_username", "nadia")
    page.select_option("#id_role", "reporter")
    page.click("input[name=_save]")
    message = page.locator("code.fc-invitation-link").inner_text()
    shot(page, "people-invitation-made")
    link = re.search(r"https?://\S+/accounts/invitation/\S+/", message).group(0)
    editor_context.close()

    newcomer = browser.new_context(viewport={"width": 1280, "height": 900})
    page = newcomer.new_page()
    page.goto(link)
    page.fill("#id_password1", "harbour-tide-4471")
    page.fill("#id_password2", "harbour-tide-4471")
    shot(page, "people-invitation-accept")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/articles/")
    assert page.locator("h1").inner_text() == "My articles"
    page.goto(link)
    assert "does not work" in page.locator("h1").inner_text()
    newcomer.close()
