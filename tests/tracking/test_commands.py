"""manage.py import_factchecks and match_claims."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.models import ClaimIndex, ClaimMatch, FactCheck, Statement
from claims.tracking.services import claims_match
from tests.tracking.conftest import said

DATA = Path(__file__).resolve().parents[1] / "data" / "claimreview"


def run(name: str, *args, refused: bool = False) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    if refused:
        with pytest.raises(CommandError, match="refused|nothing imported"):
            call_command(name, *map(str, args), "--no-progress", stdout=out, stderr=err)
    else:
        call_command(name, *map(str, args), "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_import_reads_every_shape_reports_bad_records_by_place_and_imports_the_rest(varga):
    claim = said("Ferry tickets will cost less for pensioners this winter.", speaker=varga)
    claims_match(claim_ids=[claim.pk])  # as the workers do once a claim is stored
    out, err = run("import_factchecks", DATA, refused=True)
    assert "Imported 6, updated 0, unchanged 0, duplicates skipped 1, refused 6." in out
    assert f"duplicate: {DATA}/list.json:7 has the URL of {DATA}/list.json:2; skipped" in out
    assert [line.split(": ")[1].removeprefix(f"{DATA}/") for line in err.splitlines()] == [
        "feed.json:1 #3", "lines.jsonl:3", "lines.jsonl:4", "lines.jsonl:5", "list.json:4", "page.html:17"]
    assert FactCheck.objects.count() == 6
    # Matched against the claims already stored.
    suggestion = ClaimMatch.objects.get(claim=claim)
    assert suggestion.fact_check.url == "https://coastcheck.example/2025/ferry-fares"
    assert "Matched 6 fact-checks against the claims: 1 new suggestions." in out


@pytest.mark.django_db
def test_importing_again_changes_nothing_and_an_edited_file_updates_its_fact_check(tmp_path):
    run("import_factchecks", DATA / "single.json")
    out, _ = run("import_factchecks", DATA / "single.json")
    assert "Imported 0, updated 0, unchanged 1" in out and "Matched" not in out
    edited = tmp_path / "single.json"
    edited.write_text((DATA / "single.json").read_text().replace("Mostly False", "False"))
    out, _ = run("import_factchecks", edited)
    assert "Imported 0, updated 1, unchanged 0" in out
    assert (FactCheck.objects.get().rating_text, FactCheck.objects.get().rating_value) == ("False", -1.0)


@pytest.mark.django_db
def test_import_of_nothing_usable_fails(tmp_path):
    out, err = run("import_factchecks", tmp_path / "missing.json", DATA / "lines.jsonl", refused=True)
    assert "no such file or folder" in err
    out, err = run("import_factchecks", tmp_path / "missing.json", refused=True)
    assert "refused 1." in out


@pytest.mark.django_db
def test_match_claims_backfills_every_claim_then_skips_the_matched(varga):
    first = said("The harbour bridge will reopen to traffic in May next year.", speaker=varga)
    second = said("The harbour bridge will reopen to traffic in May next year.", speaker=varga)
    out, _ = run("match_claims", "--all")
    assert out.strip() == "Matched 2 claims (0 already matched, skipped): 1 joined a statement, 0 new suggestions."
    assert list(Statement.objects.get().claims()) == [first, second]
    out, _ = run("match_claims", "--all")
    assert out.startswith("Matched 0 claims (2 already matched, skipped)")
    out, _ = run("match_claims", "--article", second.article_id, "--force")
    assert out.startswith("Matched 1 claims (0 already matched, skipped): 0 joined")
    assert ClaimIndex.objects.filter(matched_at__isnull=False).count() == 2


@pytest.mark.django_db
def test_match_claims_names_articles_without_claims():
    out, err = run("match_claims", "--article", "4242")
    assert "article 4242 has no claims" in err and out.startswith("Matched 0 claims")
    with pytest.raises(CommandError):
        call_command("match_claims", stdout=StringIO(), stderr=StringIO())
