"""The newsroom's claims carry their pieces too: an editor's client sees where each piece
is and the words without the attribution."""

from __future__ import annotations

from claims.api.services import token_create
from claims.models import Claim

# Written for this test.
ARTICLE = {"title": "Ferry", "body": 'Teodor Marsh opened the hearing. "The ferry runs all winter," Marsh said. '
           '"Nobody will be stranded."'}


def test_the_editors_claims_and_the_article_list_their_pieces(client, reporter, editor, django_capture_on_commit_callbacks):
    reporter_key = token_create(user=reporter, name="CMS", created_by=reporter)[1]
    editor_key = token_create(user=editor, name="Desk", created_by=editor)[1]
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post("/api/v1/articles/", ARTICLE, content_type="application/json",
                              HTTP_AUTHORIZATION=f"Token {reporter_key}")
    assert created.status_code == 202
    claim = Claim.objects.get(kind=Claim.Kind.DIRECT)
    (a1, b1), (a2, b2) = claim.pieces
    listed = client.get("/api/v1/claims/", HTTP_AUTHORIZATION=f"Token {editor_key}").json()["results"]
    (brief,) = [c for c in listed if c["id"] == claim.pk]
    assert brief["text"] == "The ferry runs all winter Nobody will be stranded"
    assert brief["pieces"] == [{"start": a1, "end": b1}, {"start": a2, "end": b2}]
    body = ARTICLE["body"]
    assert [body[p["start"] : p["end"]] for p in brief["pieces"]] == ["The ferry runs all winter",
                                                                      "Nobody will be stranded"]
