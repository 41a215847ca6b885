"""API tokens: created with a random secret, stored as a SHA-256 hash, checked in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from rest_framework import authentication, exceptions

from claims.models import ApiToken


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_check_creator(*, user: AbstractBaseUser, created_by: AbstractBaseUser) -> None:
    """A key is made for oneself; only an active superuser makes one for another account.

    A token acts as its user, with the user's permissions as they are at each request (a user
    who loses a role loses it on their keys at once; an inactive user's keys stop working).
    So a key made for oneself never carries more than its creator has, and one made by a
    superuser carries at most what the superuser had. A superuser who is later demoted leaves
    the keys they made for others working: those keys carry their owners' rights, not the
    former superuser's; revoke them in the admin if that is not wanted.
    """
    if not created_by.is_active:
        raise PermissionDenied("An inactive account cannot create API tokens.")
    if created_by.pk == user.pk or created_by.is_superuser:
        return
    raise PermissionDenied("You can create API tokens only for yourself.")


def token_create(*, user: AbstractBaseUser, name: str, created_by: AbstractBaseUser) -> tuple[ApiToken, str]:
    """A new token and its key, which is never stored and cannot be shown again."""
    token_check_creator(user=user, created_by=created_by)
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name.strip()[:100] or "API", prefix=prefix, key_hash=_hash(secret))
    return token, f"{prefix}.{secret}"


def token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <prefix>.<secret>`."""

    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2 or "." not in header[1]:
            raise exceptions.AuthenticationFailed("Send 'Authorization: Token <key>' with the key you were given.")
        prefix, secret = header[1].split(".", 1)
        token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
        if token is None or not hmac.compare_digest(token.key_hash, _hash(secret)):
            raise exceptions.AuthenticationFailed("Unknown API token.")
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed("This API token was revoked.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("The token's user is inactive.")
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword
