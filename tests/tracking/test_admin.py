"""Claim tracking in the admin, through real requests: the claim page's 'also appears in' and
'checked before', confirming and rejecting, the verdict started from a fact-check, the claim
list's filters, and the statement, fact-check and match pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Claim, ClaimMatch, FactCheck, Statement
from claims.tracking.index import fact_checks_index
from claims.tracking.services import claims_match
from tests.tracking.conftest import said

BRIDGE = "The harbour bridge will reopen to traffic in May next year."


@pytest.fixture
def tracked(varga) -> dict:
    """One statement in three outlets, and another organisation's fact-check suggested for it."""
    claims = [
        said(BRIDGE, speaker=varga, on=dt.date(2025, 3, 1), outlet="Harbor Ledger", status="verified"),
        said(BRIDGE.lower(), speaker=varga, on=dt.date(2025, 3, 2), outlet="Coast Times"),
        said(BRIDGE, speaker=varga, on=dt.date(2025, 3, 3), outlet="Valley Post", status="verified"),
    ]
    claims_match(claim_ids=[c.pk for c in claims])
    fact_check = FactCheck.objects.create(
        publisher="Coast Check", url="https://coastcheck.example/bridge", claim_reviewed=BRIDGE,
        title="Will the bridge reopen in May?", rating_text="Mostly false", rating_value=-0.5,
        reviewed_on=dt.date(2025, 2, 20),
    )
    fact_checks_index(fact_checks=[fact_check])
    claims_match(claim_ids=[claims[0].pk], force=True)
    match = ClaimMatch.objects.get(claim=claims[0], fact_check=fact_check)
    return {"claims": claims, "fact_check": fact_check, "match": match, "statement": Statement.objects.get()}


def change_url(claim: Claim) -> str:
    return reverse("admin:claims_claim_change", args=[claim.pk])


def decide_url(claim: Claim, match: ClaimMatch, what: str) -> str:
    return reverse(f"admin:claims_claim_match_{what}", args=[claim.pk, match.pk])


@pytest.mark.django_db
def test_the_claim_page_shows_where_else_it_appeared_and_what_checked_it(client, editor, tracked):
    first = tracked["claims"][0]
    client.force_login(editor)
    page = client.get(change_url(first))
    assert page.status_code == 200
    panel = page.content.decode().split('id="tracking"', 1)[1]
    also, checked = panel.split("Checked before", 1)
    # The statement's other claims, with outlet and date, linked, earliest first.
    assert also.index("Coast Times") < also.index("Valley Post") and "2025-03-02" in also
    assert change_url(tracked["claims"][2]) in also
    # The fact-check: publisher, rating, date, source link, and the buttons to decide.
    for text in ("Coast Check", "Mostly false", "2025-02-20", 'href="https://coastcheck.example/bridge"',
                 decide_url(first, tracked["match"], "confirm"), decide_url(first, tracked["match"], "reject")):
        assert text in checked, text
    assert "csrfmiddlewaretoken" in checked


@pytest.mark.django_db
def test_confirming_a_fact_check_is_audited_and_offers_its_rating_as_the_verdict(client, editor, tracked):
    first, match = tracked["claims"][0], tracked["match"]
    client.force_login(editor)
    response = client.post(decide_url(first, match, "confirm"), follow=True)
    match.refresh_from_db()
    assert (match.state, match.decided_by) == ("confirmed", editor)
    assert match.history.first().history_user == editor
    start = f"?from_fact_check={tracked['fact_check'].pk}"
    assert start in response.content.decode()  # the message's link, and the panel's
    form = client.get(change_url(first) + start).context["inline_admin_formsets"][0].formset.forms[0]
    assert form.initial["rating"] == "mostly-false"
    assert "Coast Check" in form.initial["summary"] and "Mostly false" in form.initial["summary"]
    assert form.initial["evidence_links"].endswith("| https://coastcheck.example/bridge")


@pytest.mark.django_db
def test_a_fact_check_not_confirmed_for_the_claim_starts_no_verdict(client, editor, tracked):
    other = FactCheck.objects.create(publisher="X", url="https://x.example/1", claim_reviewed="Other words.")
    client.force_login(editor)
    for fact_check in (other, tracked["fact_check"]):  # not matched; only suggested
        form = client.get(change_url(tracked["claims"][0]) + f"?from_fact_check={fact_check.pk}")
        assert form.context["inline_admin_formsets"][0].formset.forms[0].initial == {}
    assert client.get(change_url(tracked["claims"][0]) + "?from_fact_check=²").status_code == 200


@pytest.mark.django_db
def test_rejecting_takes_a_claim_out_of_its_statement_for_good(client, editor, tracked):
    last = tracked["claims"][2]
    link = ClaimMatch.objects.get(claim=last, statement__isnull=False)
    client.force_login(editor)
    assert client.post(decide_url(last, link, "reject")).status_code == 302
    link.refresh_from_db()
    assert (link.state, link.decided_by) == ("rejected", editor)
    claims_match(claim_ids=[last.pk], force=True)
    assert ClaimMatch.objects.get(pk=link.pk).state == "rejected"
    assert last not in tracked["statement"].claims()


@pytest.mark.django_db
def test_deciding_needs_an_editor_a_post_a_csrf_token_and_the_claims_own_match(client, reporter, editor, tracked):
    first, match = tracked["claims"][0], tracked["match"]
    client.force_login(reporter)
    assert client.post(decide_url(first, match, "confirm")).status_code == 403
    client.force_login(editor)
    assert client.get(decide_url(first, match, "confirm")).status_code == 405
    other_claim = tracked["claims"][2]
    assert client.post(decide_url(other_claim, match, "confirm")).status_code == 404
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(decide_url(first, match, "confirm")).status_code == 403
    assert ClaimMatch.objects.get(pk=match.pk).state == "suggested"


@pytest.mark.django_db
def test_an_editor_without_the_match_permission_cannot_decide(client, editor, tracked):
    from django.contrib.auth.models import Permission

    editor.user_permissions.clear()
    group = editor.groups.get()
    group.permissions.remove(Permission.objects.get(codename="change_claimmatch"))
    client.force_login(editor)
    first = tracked["claims"][0]
    assert client.post(decide_url(first, tracked["match"], "confirm")).status_code == 403
    assert decide_url(first, tracked["match"], "confirm") not in client.get(change_url(first)).content.decode()


@pytest.mark.django_db
def test_the_claim_list_filters_by_match_and_checked_before(client, editor, tracked, varga):
    first, middle, last = tracked["claims"]
    alone = said("Our schools will get forty new teachers in September.", speaker=varga)
    client.force_login(editor)

    def listed(query: str) -> set[int]:
        # Every status: the list opens on pending claims, and some of these are reviewed.
        page = client.get(reverse("admin:claims_claim_changelist") + query + "&status__exact=all")
        assert page.status_code == 200
        return {c.pk for c in page.context["cl"].result_list}

    assert listed("?checked=suggested") == {first.pk}
    assert listed("?checked=confirmed") == set()
    assert listed("?match=statement") == {first.pk, middle.pk, last.pk}
    assert listed("?match=none") == {alone.pk}
    assert alone.pk in listed("?checked=none") and first.pk not in listed("?checked=none")
    client.post(decide_url(first, tracked["match"], "confirm"))
    assert listed("?checked=confirmed") == {first.pk}
    assert listed("?match=suggested") == set()


@pytest.mark.django_db
def test_statement_fact_check_and_match_pages_are_for_reading_and_searching(client, editor, reporter, tracked):
    client.force_login(editor)
    statement = tracked["statement"]
    page = client.get(reverse("admin:claims_statement_change", args=[statement.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Harbor Ledger" in text and "Valley Post" in text and BRIDGE.lower() in text
    found = client.get(reverse("admin:claims_statement_changelist") + "?q=harbour")
    assert [s.appearance_count for s in found.context["cl"].result_list] == [3]
    found = client.get(reverse("admin:claims_factcheck_changelist") + "?q=coast")
    assert list(found.context["cl"].result_list) == [tracked["fact_check"]]
    assert client.get(reverse("admin:claims_factcheck_add")).status_code == 403
    fact_check_page = client.get(reverse("admin:claims_factcheck_change", args=[tracked["fact_check"].pk]))
    assert fact_check_page.status_code == 200 and 'name="publisher"' not in fact_check_page.content.decode()
    # Matches in bulk: the list's action goes through the service.
    client.post(reverse("admin:claims_claimmatch_changelist"),
                {"action": "reject_selected", "_selected_action": [tracked["match"].pk]})
    assert ClaimMatch.objects.get(pk=tracked["match"].pk).state == "rejected"
    client.force_login(reporter)
    assert client.get(reverse("admin:claims_statement_changelist")).status_code == 403


@pytest.mark.django_db
def test_a_reporter_sees_of_other_articles_only_what_readers_see(client, reporter, tracked, varga):
    from claims.pipeline.services import claims_extract
    from tests.factories import make_article

    own = make_article(body=f"Elena Varga said {BRIDGE}", title="Mine", submitted_by=reporter,
                       published_on=dt.date(2025, 3, 4))
    claims_extract(article_id=own.pk)
    mine = Claim.objects.get(article=own)
    claims_match(claim_ids=[mine.pk], force=True)
    assert ClaimMatch.objects.filter(claim=mine, statement=tracked["statement"], state="confirmed").exists()
    client.force_login(reporter)
    panel = client.get(change_url(mine)).content.decode().split('id="tracking"', 1)[1]
    assert "Harbor Ledger" in panel and "Valley Post" in panel
    assert "Coast Times" not in panel  # its claim is not verified
    assert "/confirm/" not in panel and "/reject/" not in panel


@pytest.mark.parametrize(("value", "rating"), [
    (1.0, "true"), (0.6, "mostly-true"), (0.1, "half-true"), (-0.5, "mostly-false"), (-0.9, "false"), (None, ""),
])
def test_a_verdict_starts_from_the_nearest_of_our_ratings(value, rating):
    from claims.tracking.selectors import verdict_draft

    check = FactCheck(publisher="Coast Check", url="https://coastcheck.example/a", claim_reviewed="A | B\nC",
                      rating_text="Pants on Fire" if value is not None else "Satire", rating_value=value)
    draft = verdict_draft(check)
    assert draft.rating == rating
    assert draft.evidence == "Coast Check: A / B C | https://coastcheck.example/a"  # one line, one separator
    assert draft.summary.startswith("Coast Check rated it")
