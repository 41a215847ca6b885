"""The API's own services: access keys, created with a random secret, stored as a SHA-256
hash, checked in constant time (claims/api/auth.py)."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from claims.models import ApiToken


def key_hash(secret: str) -> str:
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
    token = ApiToken.objects.create(user=user, name=name.strip()[:100] or "API", prefix=prefix, key_hash=key_hash(secret))
    return token, f"{prefix}.{secret}"


def token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
