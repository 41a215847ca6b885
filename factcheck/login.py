"""Sign-in with a limit on password guessing, for the site's and the admin's sign-in pages.

Failures are counted in the cache in fixed windows, per account and address and per
address alone: after FACTCHECK_LOGIN_ATTEMPTS failures for one account from one address
(or ten times that from one address over any accounts) further attempts are refused,
right password or not, until the window ends.
"""

from __future__ import annotations

import hashlib
import time

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache

PER_ADDRESS_FACTOR = 10


def _keys(username: str, address: str) -> tuple[str, str, int]:
    window_seconds = settings.FACTCHECK_LOGIN_WINDOW
    window = int(time.time() // window_seconds)
    account = hashlib.sha256(f"{username.strip().casefold()}|{address}".encode()).hexdigest()[:32]
    return f"login-fail:{account}:{window}", f"login-fail-ip:{address}:{window}", window_seconds


def login_blocked(username: str, address: str) -> bool:
    account_key, address_key, _ = _keys(username, address)
    limit = settings.FACTCHECK_LOGIN_ATTEMPTS
    counts = cache.get_many([account_key, address_key])
    return counts.get(account_key, 0) >= limit or counts.get(address_key, 0) >= limit * PER_ADDRESS_FACTOR


def login_failed(username: str, address: str) -> None:
    for key in _keys(username, address)[:2]:
        if not cache.add(key, 1, timeout=settings.FACTCHECK_LOGIN_WINDOW + 1):
            try:
                cache.incr(key)
            except ValueError:
                cache.add(key, 1, timeout=settings.FACTCHECK_LOGIN_WINDOW + 1)


def login_succeeded(username: str, address: str) -> None:
    cache.delete(_keys(username, address)[0])


class ThrottledLoginMixin:
    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        if login_blocked(username, address):
            minutes = max(1, settings.FACTCHECK_LOGIN_WINDOW // 60)
            raise forms.ValidationError(
                f"Too many failed sign-in attempts. Try again in up to {minutes} minutes.", code="throttled"
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            login_failed(username, address)
            raise
        login_succeeded(username, address)
        return cleaned


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass
