from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from claims.api.services import token_create


class Command(BaseCommand):
    help = "Create an API token for a user. The key is printed once and stored only as a hash."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="Username the token acts as.")
        parser.add_argument("--name", default="API", help="What will use the token, e.g. 'CMS export'.")

    def handle(self, *args, user, name, **options):
        owner = get_user_model().objects.filter(username=user).first()
        if owner is None:
            raise CommandError(f"No user {user!r}.")
        # Whoever runs manage.py has the server's shell and database, so more than any account:
        # the command acts as the account itself, and the key carries that account's rights.
        token, key = token_create(user=owner, name=name, created_by=owner)
        self.stdout.write(f"Token {token.prefix} for {owner.get_username()} ({token.name}). Key, shown once:")
        self.stdout.write(key)
