"""The review desk in a real browser (Playwright, Debian's Chromium, as tests/test_browser.py):
an editor works 20 claims from the keyboard alone (verify, reject, correct, rate), with at
most two page loads per claim; screenshots at 1280 and 1920 wide go to the same folder.

The keys, page loads and time per claim are printed (-s shows them); the time is reported,
never asserted (speed belongs in bench/).
"""

from __future__ import annotations

import re
import statistics
import time

import pytest
from playwright.sync_api import Page, expect

from claims.models import Claim, ReviewLease, Verdict
from tests.factories import make_article, make_claim
from tests.review.test_desk import BODY, span
from tests.test_browser import browser, page, shot  # noqa: F401  (fixtures)

CLAIM_WORDS = [
    "the harbour would cost 40 million euros",
    "We will finish by May",
    "the ferry fares had doubled since 2020",
    "the boats were ready",
]
# What the editor does with each claim, in turn.
PLAN = ("verify", "reject", "correct", "rate")


@pytest.fixture
def twenty_claims(db):
    made = []
    for n in range(5):
        body = f"{BODY}\n\nReport {n}."
        article = make_article(body=body, title=f"Harbour budget, report {n}")
        for j, words in enumerate(CLAIM_WORDS):
            a, b = span(body, words)
            made.append(make_claim(article, a, b, confidence=(n * 4 + j + 1) / 25, cue="said"))
    return made


def sign_in(page: Page, base: str, next_path: str) -> None:
    page.goto(f"{base}/admin/login/?next={next_path}")
    page.get_by_label("Username").fill("eddie")
    page.get_by_label("Password").fill("pw-eddie")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(next_path) + "$"))
    page.wait_for_load_state("domcontentloaded")


def claim_on_page(page: Page) -> int:
    page.wait_for_load_state("domcontentloaded")  # desk.js (deferred) listens from then on
    return int(page.locator(".desk[data-claim]").get_attribute("data-claim"))


def press(page: Page, keys: list[str], key: str) -> None:
    keys.append(key)
    page.keyboard.press(key)


def type_text(page: Page, keys: list[str], text: str) -> None:
    keys.extend(text)
    page.keyboard.type(text)


@pytest.mark.django_db(transaction=True)
def test_editor_works_twenty_claims_from_the_keyboard(page, live_server, editor, twenty_claims):
    loads: list[str] = []
    page.on("load", lambda: loads.append(page.url))
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, "/admin/review/")
    expect(page.get_by_role("heading", name="Your queue")).to_be_visible()
    page.wait_for_load_state("domcontentloaded")
    expect(page.locator('[data-field="left"]')).to_have_text("20")
    shot(page, "desk-1280-queue")

    keys: list[str] = []
    press(page, keys, "n")
    expect(page).to_have_url(re.compile(r"/admin/review/\d+/$"))
    done: list[tuple[int, str, int, int, float]] = []  # claim, action, keys, page loads, seconds
    for number in range(20):
        claim_id = claim_on_page(page)
        assert page.url.endswith(f"/admin/review/{claim_id}/")  # the address names the claim
        action = PLAN[number % len(PLAN)]
        keys_before, loads_before, started = len(keys), len(loads), time.perf_counter()
        if action == "reject":
            press(page, keys, "x")
            expect(page.locator("#panel-reject input[type=radio]").first).to_be_focused()
            press(page, keys, "4")  # cut in the wrong place
            press(page, keys, "Enter")
        elif action == "correct":
            press(page, keys, "e")
            wording = page.locator("#id_edit-wording")
            expect(wording).to_be_focused()
            press(page, keys, "Control+a")
            type_text(page, keys, f"corrected wording {number}")
            press(page, keys, "Control+Enter")
            expect(page.locator(".messagelist")).to_contain_text(f"Claim {claim_id}: corrected wording")
            page.wait_for_load_state("domcontentloaded")
            press(page, keys, "v")
        elif action == "rate":
            press(page, keys, "t")
            expect(page.locator("#panel-verdict input[type=radio]").first).to_be_focused()
            press(page, keys, "5")  # False
            press(page, keys, "Tab")
            expect(page.locator("#id_verdict-summary")).to_be_focused()
            type_text(page, keys, "Budget says otherwise.")
            if number == 3:
                shot(page, "desk-1280-verdict")
            press(page, keys, "Control+Enter")
            expect(page.locator(".messagelist")).to_contain_text(f"Claim {claim_id}: verdict saved")
            page.wait_for_load_state("domcontentloaded")
            press(page, keys, "v")
        else:
            press(page, keys, "v")
        if number < 19:
            expect(page).not_to_have_url(re.compile(rf"/admin/review/{claim_id}/$"))
            expect(page.locator(".desk[data-claim]")).to_be_visible()
        else:
            expect(page.get_by_role("heading", name="Your queue")).to_be_visible()
        done.append((claim_id, action, len(keys) - keys_before, len(loads) - loads_before,
                     time.perf_counter() - started))
        if number == 0:
            shot(page, "desk-1280-claim")

    ids = [row[0] for row in done]
    assert len(set(ids)) == 20  # never the same claim twice
    assert max(row[3] for row in done) <= 2, done  # page loads per claim
    statuses = dict(Claim.objects.filter(pk__in=ids).values_list("id", "status"))
    for claim_id, action, *_ in done:
        assert statuses[claim_id] == (Claim.Status.REJECTED if action == "reject" else Claim.Status.VERIFIED)
    corrected = {row[0] for row in done if row[1] == "correct"}
    assert set(Claim.objects.filter(corrected_at__isnull=False).values_list("id", flat=True)) == corrected
    rated = {row[0] for row in done if row[1] == "rate"}
    assert set(Verdict.objects.filter(rating="false").values_list("claim_id", flat=True)) == rated
    assert not ReviewLease.objects.exists()  # the last action gave the last claim back
    expect(page.locator('[data-field="left"]')).to_have_text("0")

    for action in PLAN:
        rows = [row for row in done if row[1] == action]
        print(f"\ndesk keyboard journey, {action}: {len(rows)} claims, keys per claim "
              f"{statistics.mean(r[2] for r in rows):.1f}, page loads per claim {max(r[3] for r in rows)}, "
              f"median {1000 * statistics.median(r[4] for r in rows):.0f} ms per claim")
    print(f"desk keyboard journey, all: {len(keys)} keys, {len(loads)} page loads for 20 claims "
          f"(sign-in and queue page included), median {1000 * statistics.median(r[4] for r in done):.0f} ms per claim")


@pytest.mark.django_db(transaction=True)
def test_desk_at_1920_and_the_keys_list(page, live_server, editor, twenty_claims):
    page.set_viewport_size({"width": 1920, "height": 1080})
    sign_in(page, live_server.url, "/admin/review/")
    page.keyboard.press("n")
    expect(page.locator(".desk[data-claim]")).to_be_visible()
    # The text and the facts side by side, with no sideways scrolling.
    text_box = page.locator(".desk-text").bounding_box()
    side_box = page.locator(".desk-side").bounding_box()
    assert side_box["x"] >= text_box["x"] + text_box["width"]
    assert page.evaluate("document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth")
    shot(page, "desk-1920-claim")
    page.keyboard.press("?")
    expect(page.locator("#desk-keys")).to_be_visible()
    shot(page, "desk-1920-keys")
    page.keyboard.press("Escape")
    expect(page.locator("#desk-keys")).not_to_be_visible()
    page.keyboard.press("e")
    expect(page.locator("#id_edit-wording")).to_be_focused()
    shot(page, "desk-1920-edit")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.evaluate("document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth")
    claim_id = claim_on_page(page)
    assert ReviewLease.objects.filter(claim_id=claim_id).exists()
    page.keyboard.press("Escape")
    page.keyboard.press("q")  # back to the queue: leaving gives the claim back
    expect(page.get_by_role("heading", name="Your queue")).to_be_visible()
    deadline = time.monotonic() + 10
    while ReviewLease.objects.filter(claim_id=claim_id).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not ReviewLease.objects.filter(claim_id=claim_id).exists()
