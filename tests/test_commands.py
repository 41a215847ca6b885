from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from claims.pipeline.services import claims_extract
from tests.factories import make_article


def call(name: str, *args, **kwargs) -> str:
    out = StringIO()
    call_command(name, *args, stdout=out, **kwargs)
    return out.getvalue()


@pytest.mark.django_db
def test_list_claims_prints_speaker_cue_kind_and_first_words():
    article = make_article(body='"We kept every school open this year and the next," Mayor Elena Varga said.')
    claims_extract(article_id=article.pk)
    out = call("list_claims", "--width", "20")
    lines = out.splitlines()
    assert lines[0].split() == ["art", "speaker", "cue", "kind", "status", "claim"]
    assert "Elena Varga, Mayor" in lines[2] and "said" in lines[2] and "direct" in lines[2]
    assert "We kept every sch..." in lines[2]
    assert lines[-1] == "1 claims"


@pytest.mark.django_db
def test_list_claims_says_so_when_there_are_none():
    assert call("list_claims") == "No claims found.\n"


@pytest.mark.django_db
def test_create_editor_prints_a_generated_password_once(monkeypatch):
    monkeypatch.delenv("FACTCHECK_EDITOR_PASSWORD", raising=False)
    out = call("create_editor")
    password = out.rsplit(": ", 1)[1].strip()
    user = get_user_model().objects.get(username="editor")
    assert user.is_staff and not user.is_superuser
    assert user.groups.filter(name="Editors").exists()
    assert user.check_password(password) and len(password) >= 12
    again = call("create_editor")
    assert "exists already" in again and password not in again


@pytest.mark.django_db
def test_create_editor_takes_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("FACTCHECK_EDITOR_PASSWORD", "a-long-demo-password")
    out = call("create_editor", "--username", "ed2")
    assert "a-long-demo-password" not in out
    assert get_user_model().objects.get(username="ed2").check_password("a-long-demo-password")


@pytest.mark.django_db
def test_roles_exist_with_review_rights_only_for_editors():
    from django.contrib.auth.models import Group

    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    reporters = set(Group.objects.get(name="Reporters").permissions.values_list("codename", flat=True))
    assert {"change_claim", "add_verdict", "change_verdict"} <= editors
    assert "add_article" in reporters and not reporters & {"change_claim", "add_verdict", "change_verdict"}


@pytest.mark.django_db
def test_demo_review_verifies_confident_claims_and_rates_only_fictional_samples(tmp_path, django_capture_on_commit_callbacks):
    from claims.models import Claim, Verdict

    (tmp_path / "000_real.txt").write_text('"Talks will resume," spokesman Matthew Miller said.')
    (tmp_path / "001_fiction.txt").write_text('"The pier reopens in May," harbour master Ines Duarte said.')
    with django_capture_on_commit_callbacks(execute=True):
        call("import_articles", str(tmp_path))
    out = call("demo_review", "--seeds", str(tmp_path))
    assert "verified 2 claims and published 1 made-up verdicts" in out
    assert set(Claim.objects.values_list("status", flat=True)) == {"verified"}
    verdict = Verdict.objects.get()
    assert verdict.is_published and "not a real fact-check" in verdict.summary
    assert verdict.claim.speaker.name == "Ines Duarte"
    assert "verified 0 claims and published 0" in call("demo_review", "--seeds", str(tmp_path))


@pytest.mark.django_db
def test_demo_review_refuses_to_run_in_production(settings, tmp_path):
    from django.core.management.base import CommandError

    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="does not run in production"):
        call("demo_review", "--seeds", str(tmp_path))
