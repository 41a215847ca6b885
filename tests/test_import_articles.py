from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.models import Claim
from sources.models import Article, Outlet

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_articles", *map(str, args), "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db(transaction=True)
def test_importing_the_seeds_twice_leaves_the_counts_unchanged():
    out, err = run(SEEDS)
    articles, claims = Article.objects.count(), Claim.objects.count()
    assert articles == len(list(SEEDS.glob("*.txt"))) >= 7
    assert claims > articles
    assert set(Article.objects.values_list("status", flat=True)) == {"extracted"}
    assert f"Imported {articles}, duplicates skipped 0, problems 0" in out
    out, err = run(SEEDS)
    assert (Article.objects.count(), Claim.objects.count()) == (articles, claims)
    assert f"Imported 0, duplicates skipped {articles}" in out
    assert out.count("duplicate: ") == articles


@pytest.mark.django_db(transaction=True)
def test_seed_file_keeps_its_date_and_drops_the_token():
    run(SEEDS / "000_634e59fd9937c216.txt")
    article = Article.objects.get()
    assert article.published_on.isoformat() == "2023-09-11"
    assert article.body.startswith("The US has provided")
    assert article.title.startswith("The US has provided a stinging commentary")


@pytest.mark.django_db(transaction=True)
def test_html_main_text_is_taken_without_scripts_and_boilerplate(tmp_path):
    page = tmp_path / "story.html"
    paragraphs = "".join(
        f"<p>Paragraph {n} of the story about the harbor, with enough words to count as article text.</p>"
        for n in range(1, 6)
    )
    page.write_text(
        "<html><head><title>Harbor pier closes</title><script>var tracker = 1;</script>"
        "<style>p {color: red}</style></head><body><nav><a href='/'>Home</a> | <a href='/news'>News</a></nav>"
        f"<article><h1>Harbor pier closes</h1>{paragraphs}"
        "<p>“The pier is unsafe,” harbor master Lena Brandt said.</p></article>"
        "<footer>Copyright 2026 Example Ledger. All rights reserved.</footer></body></html>",
        encoding="utf-8",
    )
    out, err = run(page)
    article = Article.objects.get()
    assert article.title == "Harbor pier closes"
    assert "tracker" not in article.body and "color: red" not in article.body
    assert "All rights reserved" not in article.body
    assert "Paragraph 3 of the story" in article.body
    claim = Claim.objects.get()
    assert claim.speaker.name == "Lena Brandt" and claim.text == "The pier is unsafe"


@pytest.mark.django_db(transaction=True)
def test_jsonl_broken_lines_are_reported_and_the_rest_imported(tmp_path):
    feed = tmp_path / "feed.jsonl"
    good = {"title": "Budget", "body": "Mayor Elena Varga said the budget was balanced.", "url": "https://example.org/b",
            "published_on": "2025-06-13", "outlet": "Harbor Ledger"}
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps({"title": "No body"}),
        json.dumps({"title": "Bad date", "body": "Some words here.", "published_on": "13/06/2025"}),
        json.dumps(["a", "list"]),
        "",
        json.dumps({**good, "title": "Same text again"}),
    ]
    feed.write_text("\n".join(lines), encoding="utf-8")
    out, err = run(feed)
    article = Article.objects.get()
    assert (article.title, article.url, article.published_on.isoformat()) == ("Budget", "https://example.org/b", "2025-06-13")
    assert article.outlet == Outlet.objects.get(name="Harbor Ledger")
    assert "feed.jsonl:2: not valid JSON" in err
    assert "feed.jsonl:3: missing or empty 'body'" in err
    assert "feed.jsonl:4: 'published_on' must be YYYY-MM-DD" in err
    assert "feed.jsonl:5: each line must be a JSON object" in err
    assert "Imported 1, duplicates skipped 1, problems 4" in out


@pytest.mark.django_db(transaction=True)
def test_bad_files_are_reported_and_good_ones_still_import(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (tmp_path / "latin1.txt").write_bytes("Mayor Elena Varga said the café would reopen.".encode("cp1252"))
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "good.txt").write_text("Councillor Priya Natarajan said the library would close.", encoding="utf-8")
    out, err = run(tmp_path / "empty.txt", tmp_path / "binary.txt", tmp_path / "latin1.txt",
                   tmp_path / "notes.pdf", tmp_path / "missing.txt", tmp_path / "good.txt")
    assert "empty.txt: empty article text" in err
    assert "binary.txt: looks like a binary file" in err
    assert "notes.pdf: unsupported file type .pdf" in err
    assert "missing.txt: no such file or folder" in err
    bodies = sorted(Article.objects.values_list("body", flat=True))
    assert bodies == [
        "Councillor Priya Natarajan said the library would close.",
        "Mayor Elena Varga said the café would reopen.",
    ]
    assert "Imported 2, duplicates skipped 0, problems 4" in out


@pytest.mark.django_db
def test_nothing_importable_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="nothing imported"):
        run(tmp_path / "missing.txt")
