"""The team's sample articles in seeds/, imported through the command as a newsroom would:
each person the samples' gold file names is one speaker, holding every claim the gold file
gives them, whether the article names them in full, by surname or by pronoun."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from claims.models import Claim
from sources.importers import parse_text
from sources.models import Article, Speaker, body_sha256

ROOT = Path(__file__).resolve().parents[2]
GOLD = json.loads((ROOT / "tests" / "data" / "samples_gold.json").read_text(encoding="utf-8"))
FILES = sorted(name for name in GOLD if not name.startswith("_"))


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> float:
    shared = max(0, min(a_end, b_end) - max(a_start, b_start))
    return shared / max(a_end - a_start, b_end - b_start)


@pytest.fixture
def imported(db, django_capture_on_commit_callbacks) -> dict[str, Article]:
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_articles", str(ROOT / "seeds"), "--no-progress", stdout=StringIO(), stderr=StringIO())
    articles = {}
    for name in FILES:
        parsed = parse_text((ROOT / "seeds" / name).read_text(encoding="utf-8"), name)
        articles[name] = Article.objects.get(content_sha256=body_sha256(parsed.body))
        assert articles[name].status == Article.Status.EXTRACTED
    return articles


def test_each_sample_person_is_one_speaker_with_every_claim_the_gold_file_gives_them(imported):
    for name, article in imported.items():
        claims = list(Claim.objects.filter(article=article).select_related("speaker"))
        for gold in GOLD[name]:
            accepted = {gold["speaker"], *gold.get("speaker_also_accepted", [])}
            claim = max(claims, key=lambda c: overlap(c.start, c.end, gold["quote_start"], gold["quote_end"]))
            score = overlap(claim.start, claim.end, gold["quote_start"], gold["quote_end"])
            assert score >= 0.8, (name, gold["quote"])
            assert claim.speaker.name in accepted, (name, gold["quote"])
        named = {c.speaker.name for c in claims if c.speaker and c.speaker.kind != Speaker.Kind.UNNAMED}
        assert named == {g["speaker"] for g in GOLD[name]}, name
    people = {g["speaker"] for name in FILES for g in GOLD[name]}
    assert Speaker.objects.filter(name__in=people).count() == len(people)


def test_no_speaker_is_left_for_a_samples_bare_surname(imported):
    people = {g["speaker"] for name in FILES for g in GOLD[name]}
    surnames = {p.split()[-1] for p in people if len(p.split()) > 1}
    assert not Speaker.objects.filter(name__in=surnames).exists()
    # The surname is the speaker's alias from its article, not a speaker of its own.
    okafor = Speaker.objects.get(name="Daniel Okafor")
    assert list(okafor.aliases.values_list("name", "from_extraction")) == [("Okafor", True)]


def test_the_seed_articles_people_are_one_speaker_each_with_their_short_names_as_aliases(imported):
    seed = json.loads((ROOT / "tests" / "data" / "seed-gold.json").read_text(encoding="utf-8"))
    for name, about in seed["speakers"].items():
        speaker = Speaker.objects.get(name=name)
        assert speaker.kind == about["kind"]
        short = [m for m in about["mentions"] if m[:1].isupper() and len(m.split()) == 1 and m != name]
        for mention in short:  # "Miller", "Kim": the article's short forms of the full name
            assert not Speaker.objects.filter(name=mention).exists()
            assert speaker.aliases.filter(name=mention, from_extraction=True).exists()
