"""People: editors with the people permission invite reporters and editors, change their
roles and deactivate them, never beyond what they hold; invitations expire and work once."""

from __future__ import annotations

import datetime as dt
import re

import html5lib
import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from claims.models import Invitation
from claims.people.services import invitation_accept, invitation_create, person_update, token_hash

pytestmark = pytest.mark.django_db
PEOPLE = "/admin/claims/person/"
INVITE = "/admin/claims/invitation/add/"
GOOD_PASSWORD = "tidal-ferry-harbour-42"


def invite(client, username="nina", role="reporter", email="nina@example.org"):
    """Post the invitation form as the signed-in user; the link from the message shown once."""
    response = client.post(INVITE, {"username": username, "email": email, "role": role}, follow=True)
    texts = [str(m) for m in response.context["messages"]] if response.context else []
    links = [re.search(r"(https?://\S+/accounts/invitation/[^/<\s]+/)", t) for t in texts]
    return response, next((m.group(1) for m in links if m), None)


def test_the_migration_grants_the_people_permission_to_editors_only(editor, reporter):
    assert editor.has_perm("claims.manage_people")
    assert not reporter.has_perm("claims.manage_people")
    assert Group.objects.get(name="Editors").permissions.filter(codename="manage_people").exists()
    assert not editor.is_superuser


def test_an_editor_invites_a_reporter_who_sets_a_password_and_lands_on_my_articles(client, editor):
    client.force_login(editor)
    response, link = invite(client)
    assert link, [str(m) for m in response.context["messages"]]
    token = link.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get(username="nina")
    # Only the hash is kept: the token itself is nowhere in the row.
    assert invitation.token_sha256 == token_hash(token) and token not in str(vars(invitation))
    assert invitation.created_by == editor and invitation.role == "reporter"
    assert not User.objects.filter(username="nina").exists()

    client.logout()
    page = client.get(link)
    assert page.status_code == 200 and "Welcome, nina" in page.content.decode()
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page.content)
    short = client.post(link, {"password1": "nina", "password2": "nina"})
    assert short.status_code == 400 and not User.objects.filter(username="nina").exists()
    done = client.post(link, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("web:article-list")
    nina = User.objects.get(username="nina")
    assert nina.check_password(GOOD_PASSWORD) and nina.is_staff and not nina.is_superuser
    assert list(nina.groups.values_list("name", flat=True)) == ["Reporters"]
    assert nina.email == "nina@example.org"
    assert client.get(reverse("web:article-list")).status_code == 200  # signed in

    # Single use: the link is spent, whatever is posted to it next.
    client.logout()
    again = client.get(link)
    assert again.status_code == 404 and "does not work" in again.content.decode()
    assert client.post(link, {"password1": "other-pass-9876x", "password2": "other-pass-9876x"}).status_code == 404
    assert User.objects.get(username="nina").check_password(GOOD_PASSWORD)
    with pytest.raises(ValidationError):
        invitation_accept(token=token, password="other-pass-9876x")


def test_an_invitation_expires_after_the_settings_days(client, editor, settings):
    settings.FACTCHECK_INVITATION_DAYS = 3
    made = invitation_create(by=editor, username="omar", role="reporter")
    lifetime = made.invitation.expires_at - made.invitation.created_at
    assert dt.timedelta(days=3) - dt.timedelta(seconds=5) < lifetime <= dt.timedelta(days=3)
    link = reverse("invitation-accept", args=[made.token])
    assert client.get(link).status_code == 200
    Invitation.objects.filter(pk=made.invitation.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(link).status_code == 404
    response = client.post(link, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert response.status_code == 404 and not User.objects.filter(username="omar").exists()


def test_a_wrong_or_huge_token_opens_nothing(client, editor):
    invitation_create(by=editor, username="pia", role="reporter")
    assert client.get(reverse("invitation-accept", args=["not-a-token"])).status_code == 404
    assert client.get(reverse("invitation-accept", args=["x" * 5000])).status_code == 404


def test_an_editor_invites_an_editor(client, editor):
    client.force_login(editor)
    _, link = invite(client, username="ed2", role="editor")
    client.logout()
    client.post(link, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    ed2 = User.objects.get(username="ed2")
    assert ed2.has_perm("claims.change_claim") and ed2.has_perm("claims.manage_people") and not ed2.is_superuser


def test_reporters_and_outsiders_cannot_invite_or_manage(client, reporter, outsider, editor):
    for user in (reporter, outsider):
        client.force_login(user)
        response = client.post(INVITE, {"username": "mallory", "role": "editor"})
        assert response.status_code in (302, 403)
        assert client.get(PEOPLE).status_code in (302, 403)
        assert client.post(reverse("admin:claims_person_change", args=[editor.pk]), {"role": "reporter"}).status_code \
            in (302, 403)
    assert not Invitation.objects.exists()
    with pytest.raises(PermissionDenied):
        invitation_create(by=reporter, username="mallory", role="reporter")
    assert editor.groups.filter(name="Editors").exists()


@pytest.fixture
def junior(django_user_model):
    """May manage people and submit, but holds none of the reviewing permissions."""
    group = Group.objects.create(name="Desk assistants")
    group.permissions.add(*Permission.objects.filter(codename__in=["manage_people", "add_article", "view_article",
                                                                   "view_claim", "view_outlet", "add_outlet"]))
    user = django_user_model.objects.create_user(username="june", password="pw-june", is_staff=True)
    user.groups.add(group)
    return user


def test_nobody_grants_a_role_whose_permissions_they_lack(client, junior, reporter, editor):
    client.force_login(junior)
    form = client.get(INVITE)
    options = [o.get("value") for o in html5lib.parse(form.content, namespaceHTMLElements=False).iter("option")
               if o.get("value")]
    assert options == ["reporter"]
    response, link = invite(client, username="sneaky", role="editor")
    assert link is None and not Invitation.objects.filter(username="sneaky").exists()
    with pytest.raises(ValidationError):
        invitation_create(by=junior, username="sneaky", role="editor")
    # Nor by changing a role, and an editor's account (more permissions) is theirs to read only.
    with pytest.raises(PermissionDenied):
        person_update(by=junior, person=reporter, role="editor", active=True)
    with pytest.raises(PermissionDenied):
        person_update(by=junior, person=editor, role="reporter", active=False)
    page = client.get(reverse("admin:claims_person_change", args=[editor.pk]))
    assert page.status_code == 200 and "has permissions you do not have" in page.content.decode()
    client.post(reverse("admin:claims_person_change", args=[editor.pk]), {"role": "reporter", "is_active": ""})
    editor.refresh_from_db()
    assert editor.is_active and editor.groups.filter(name="Editors").exists()


def test_an_invitation_made_by_someone_who_lost_the_right_no_longer_works(editor):
    made = invitation_create(by=editor, username="late", role="editor")
    editor.groups.clear()
    with pytest.raises(ValidationError):
        invitation_accept(token=made.token, password=GOOD_PASSWORD)
    assert not User.objects.filter(username="late").exists()


def test_an_editor_changes_a_role_and_deactivates_without_touching_superuser_or_permissions(client, editor, reporter):
    client.force_login(editor)
    url = reverse("admin:claims_person_change", args=[reporter.pk])
    page = client.get(url)
    assert page.status_code == 200
    tree = html5lib.parse(page.content, namespaceHTMLElements=False)
    names = {e.get("name") for e in tree.iter() if e.tag in ("input", "select", "textarea")}
    assert {"role", "is_active"} <= names
    assert not names & {"is_superuser", "user_permissions", "groups", "is_staff", "password"}
    response = client.post(url, {"role": "editor", "is_active": "on", "is_superuser": "on",
                                 "user_permissions": [Permission.objects.get(codename="delete_claim").pk]})
    assert response.status_code == 302
    reporter.refresh_from_db()
    assert list(reporter.groups.values_list("name", flat=True)) == ["Editors"]
    assert not reporter.is_superuser and not reporter.user_permissions.exists()
    client.post(url, {"role": "reporter"})  # the box unticked: deactivated
    reporter.refresh_from_db()
    assert not reporter.is_active and list(reporter.groups.values_list("name", flat=True)) == ["Reporters"]
    # A deactivated account cannot sign in.
    client.logout()
    assert not client.login(username="rita", password="pw-rita")


def test_the_bulk_deactivation_names_those_it_refused(client, editor, reporter, django_user_model):
    boss = django_user_model.objects.create_superuser(username="boss", password="pw-boss")
    client.force_login(editor)
    response = client.post(PEOPLE, {"action": "deactivate_selected", "_selected_action": [reporter.pk, editor.pk]},
                           follow=True)
    texts = [str(m) for m in response.context["messages"]]
    assert "Deactivated: rita." in texts
    assert any(t.startswith("Not deactivated: eddie: You cannot change your own role") for t in texts)
    reporter.refresh_from_db(), editor.refresh_from_db()
    assert not reporter.is_active and editor.is_active
    # Administrators are not listed, and their page is not reachable.
    listed = {p.username for p in client.get(PEOPLE + "?is_active__exact=1").context["cl"].result_list}
    assert "boss" not in listed and "eddie" in listed
    assert client.get(reverse("admin:claims_person_change", args=[boss.pk])).status_code == 302
    boss.refresh_from_db()
    assert boss.is_active


def test_an_editor_cannot_change_their_own_account(client, editor):
    client.force_login(editor)
    url = reverse("admin:claims_person_change", args=[editor.pk])
    assert "cannot change your own role" in client.get(url).content.decode()
    client.post(url, {"role": "reporter", "is_active": ""})
    editor.refresh_from_db()
    assert editor.is_active and editor.groups.filter(name="Editors").exists()


def test_a_taken_username_cannot_be_invited(client, editor, reporter):
    client.force_login(editor)
    response, link = invite(client, username="RITA")
    assert link is None and "already an account" in response.content.decode()
    invitation_create(by=editor, username="zoe", role="reporter")
    response, link = invite(client, username="zoe")
    assert link is None and "open invitation" in response.content.decode()


def test_people_pages_appear_in_the_admin_for_editors(client, editor, reporter):
    client.force_login(editor)
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:claims_person_changelist") in index and reverse("admin:claims_invitation_add") in index
    client.force_login(reporter)
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:claims_person_changelist") not in index


def test_the_people_list_links_to_the_invitation_form(client, editor, reporter):
    client.force_login(editor)
    page = client.get(PEOPLE).content.decode()
    assert f'href="{INVITE}"' in page and "Invite a reporter or an editor" in page
    rows = {p.username for p in client.get(PEOPLE).context["cl"].result_list}
    assert rows == {"eddie", "rita"}


def test_an_open_invitation_can_be_withdrawn_and_a_used_one_stays(client, editor):
    open_one = invitation_create(by=editor, username="sam", role="reporter").invitation
    used = invitation_create(by=editor, username="tess", role="reporter")
    invitation_accept(token=used.token, password=GOOD_PASSWORD)
    client.force_login(editor)
    assert client.get(reverse("admin:claims_invitation_delete", args=[used.invitation.pk])).status_code == 403
    assert client.post(reverse("admin:claims_invitation_delete", args=[open_one.pk]), {"post": "yes"}).status_code == 302
    assert list(Invitation.objects.values_list("username", flat=True)) == ["tess"]
    listing = client.get("/admin/claims/invitation/")
    assert "delete_selected" not in listing.content.decode()
