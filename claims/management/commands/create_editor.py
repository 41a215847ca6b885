import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create an editor account (staff, in the Editors group). The password comes from "
        "FACTCHECK_EDITOR_PASSWORD or is generated and printed once; an existing account is left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--email", default="editor@example.org")

    def handle(self, *args, username, email, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Editor account {username!r} exists already; its password is unchanged.")
            return
        given = os.environ.get("FACTCHECK_EDITOR_PASSWORD", "")
        password = given or secrets.token_urlsafe(12)
        user = User.objects.create_user(username=username, email=email, password=password, is_staff=True)
        user.groups.add(Group.objects.get(name="Editors"))
        if given:
            self.stdout.write(f"Created editor {username!r} with the password from FACTCHECK_EDITOR_PASSWORD.")
        else:
            self.stdout.write(f"Created editor {username!r}; password (shown once): {password}")
